// The playground in headless Chromium, under the demo's CSP: live policy validation ("policy
// valid", or each diagnostic with its rule and path), the redaction as a table of paths
// (before | after | what happened, from the receipt) with the receipt, and on an invalid policy
// or event the last good result kept on screen, marked stale.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../www/serve.mjs';
import { launch } from './browser.mjs';

/** The diff table's rows: path, kind and the text of each cell. */
function diffRows(page) {
  return page.$$eval('#diff tbody tr', (trs) => trs.map((tr) => {
    const [path, before, after, what] = [...tr.children].map((td) => td.textContent);
    return { path: tr.dataset.path, kind: tr.dataset.kind, cells: { path, before, after, what }, afterGone: tr.children[2]?.classList.contains('gone') };
  }));
}

test('the playground says when the policy is valid, shows each path before and after, and keeps the last result when the input breaks', async () => {
  const server = await startServer({ port: 0 });
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // CSP violations (an inline style or script) are reported as console errors.
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const response = await page.goto(`http://127.0.0.1:${server.address().port}/playground.html`);
    assert.match(response.headers()['content-security-policy'], /style-src 'self'/);
    await page.waitForFunction(() => document.getElementById('receipt').textContent.includes('"changes"'));

    // Valid: said so, and no diagnostics.
    assert.equal(await page.textContent('#policy-status'), 'policy valid');
    assert.equal(await page.$$eval('#diagnostics li', (li) => li.length), 0);
    assert.equal(await page.getAttribute('#result', 'data-stale'), 'false');
    assert.ok(await page.isHidden('#stale'));

    // The table: one row per changed path, before beside after, with the receipt's action.
    let rows = await diffRows(page);
    const title = rows.find((r) => r.path === 'properties.title');
    assert.ok(title, `a row for the removed title: ${JSON.stringify(rows)}`);
    assert.equal(title.kind, 'removed');
    assert.match(title.cells.before, /Checkout - Jane Doe \(jane\.doe@example\.com\)/, 'the before cell holds the value');
    assert.equal(title.cells.after, '(removed)', 'the after cell shows it gone');
    assert.ok(title.afterGone);
    assert.equal(title.cells.what, 'removed by posthog-title');
    const url = rows.find((r) => r.path === 'properties.$current_url');
    assert.equal(url.kind, 'rewritten');
    assert.match(url.cells.before, /PAGETOKEN456/);
    assert.match(url.cells.after, /utm_source=newsletter/);
    assert.ok(!url.cells.after.includes('PAGETOKEN456'), 'the token is not in the output');
    assert.equal(url.cells.what, 'URL rewritten by posthog-urls');
    const text = rows.find((r) => r.path === 'properties.$el_text');
    assert.equal(text.cells.after, '"Email [email]"');
    assert.equal(text.cells.what, 'replaced (email) by @scan');
    assert.equal(rows.find((r) => r.path === 'properties.$set').kind, 'removed');
    assert.ok(!rows.some((r) => r.path === 'properties.distinct_id'), 'unchanged fields are left out by default');
    const receipt = JSON.parse(await page.textContent('#receipt'));
    assert.deepEqual(rows.map((r) => r.path).sort(), [...new Set(receipt.changes.map((c) => c.path))].sort(), 'one row per path the receipt names, no more');
    assert.match(await page.textContent('#outcome'), /^Sent, with 6 changes/);

    // Unchanged fields on demand.
    await page.check('#show-unchanged');
    const all = await diffRows(page);
    assert.equal(all.find((r) => r.path === 'properties.distinct_id')?.kind, 'unchanged');
    await page.uncheck('#show-unchanged');

    // An invalid policy: its diagnostic with rule and path; the last result stays, marked stale.
    await page.fill('#policy', '{"version": 1, "rules": [{"id": "r", "select": "a..b"}]}');
    await page.waitForFunction(() => document.getElementById('diagnostics').textContent.includes('BAD_SELECTOR'));
    assert.equal(await page.textContent('#policy-status'), 'policy invalid: 1 problem');
    assert.match(await page.textContent('#diagnostics'), /BAD_SELECTOR at rules\[0\]\.select in rule r/);
    assert.equal(await page.getAttribute('#result', 'data-stale'), 'true');
    assert.ok(await page.isVisible('#stale'));
    assert.match(await page.textContent('#stale'), /^Stale: the policy is invalid\. Showing the last valid result/);
    assert.deepEqual(await diffRows(page), rows, 'the last good table is still shown, unchanged');
    assert.match(await page.textContent('#receipt'), /"rule": "posthog-urls"/, 'and its receipt');

    // A valid policy again: fresh result, stale mark gone.
    await page.fill('#policy', '{"version": 1, "rules": [{"id": "no-title", "select": "properties.title", "granted": {"type": "drop"}}]}');
    await page.waitForFunction(() => document.getElementById('result').dataset.stale === 'false');
    assert.equal(await page.textContent('#policy-status'), 'policy valid');
    assert.ok(await page.isHidden('#stale'));
    rows = await diffRows(page);
    const noTitle = rows.find((r) => r.path === 'properties.title');
    assert.deepEqual([noTitle?.kind, noTitle?.cells.what], ['removed', 'removed by no-title']);
    assert.ok(!rows.some((r) => r.cells.what.includes('posthog-')), 'the table is of the new policy');
    assert.ok(rows.some((r) => r.path === 'properties.$referrer' && r.cells.what === 'replaced (card) by @scan'), 'the default scan still runs');

    // An event that is not JSON: the same, the policy still valid.
    await page.fill('#event', '{"event": ');
    await page.waitForFunction(() => document.getElementById('result').dataset.stale === 'true');
    assert.match(await page.textContent('#event-error'), /^Event is not JSON/);
    assert.match(await page.textContent('#stale'), /^Stale: the event is not JSON/);
    assert.equal(await page.textContent('#policy-status'), 'policy valid');
    assert.deepEqual(await diffRows(page), rows);

    // Dropped for consent: every path of the event is "not sent".
    await page.selectOption('#preset', 'posthog');
    await page.waitForFunction(() => document.getElementById('result').dataset.stale === 'false');
    await page.uncheck('input[name=analytics]');
    await page.waitForFunction(() => document.querySelector('#diff tbody tr')?.dataset.kind === 'dropped');
    const dropped = (await diffRows(page))[0];
    assert.equal(dropped.cells.path, '(whole event)');
    assert.equal(dropped.cells.after, '(not sent)');
    assert.match(dropped.cells.what, /not sent \(consent: missing analytics\)/);
    assert.match(await page.textContent('#outcome'), /^Nothing is sent: consent \(missing analytics\)/);

    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});
