// Red team 16: the engine changes of 05a62ec as the built Wasm (pkg/) runs them.
// The user-agent reader and the `**.key` table are checked against the algorithms they replaced
// (d23725b), ported here byte for byte, through a guard built from a policy.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createGuardSync } from '../../pkg/index.js';

const enc = new TextEncoder();

// ---- the old user-agent reader (d23725b src/action/user_agent.rs) -----------------------------
const BROWSERS = [['Edg/', 'Edge'], ['EdgA/', 'Edge'], ['EdgiOS/', 'Edge'], ['Edge/', 'Edge'], ['OPR/', 'Opera'],
  ['Opera/', 'Opera'], ['SamsungBrowser/', 'SamsungInternet'], ['SamsungInternet/', 'SamsungInternet'],
  ['Firefox/', 'Firefox'], ['FxiOS/', 'Firefox'], ['CriOS/', 'Chrome'], ['HeadlessChrome/', 'HeadlessChrome'],
  ['Chromium/', 'Chromium'], ['Chrome/', 'Chrome'], ['Version/', 'Safari'], ['Safari/', 'Safari']];
const SYSTEMS = [['Windows', 'Windows'], ['iPhone', 'iOS'], ['iPad', 'iOS'], ['iOS', 'iOS'], ['Mac OS X', 'macOS'],
  ['Macintosh', 'macOS'], ['macOS', 'macOS'], ['Android', 'Android'], ['CrOS', 'ChromeOS'], ['ChromeOS', 'ChromeOS'], ['Linux', 'Linux']];

function oldReduce(ua) {
  const b = Buffer.from(ua, 'utf8');
  const find = (needle) => {
    const at = b.indexOf(Buffer.from(needle));
    return at < 0 ? null : at;
  };
  const lower = Buffer.from(b.map((x) => (x >= 65 && x <= 90 ? x + 32 : x)));
  const bot = ['bot', 'crawler', 'spider'].some((w) => lower.includes(Buffer.from(w)));
  let browser = null;
  if (!bot) {
    for (const [token, family] of BROWSERS) {
      const at = find(token);
      if (at === null) continue;
      if (token === 'Safari/' && find('Version/') === null && find('AppleWebKit') !== null) {
        browser = [family, ''];
        break;
      }
      let major = '';
      for (let i = at + token.length; i < b.length && major.length < 5 && b[i] >= 48 && b[i] <= 57; i++) major += String.fromCharCode(b[i]);
      browser = [family, major];
      break;
    }
  }
  const os = SYSTEMS.find(([t]) => find(t) !== null)?.[1] ?? 'Other';
  if (browser && browser[1]) return `${browser[0]}/${browser[1]} (${os})`;
  if (browser) return `${browser[0]} (${os})`;
  return bot ? `Bot (${os})` : `Other (${os})`;
}

function rng(seed) {
  let s = BigInt(seed);
  return (n) => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return Number((s >> 33n) % BigInt(n));
  };
}

const REAL_UAS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) EdgiOS/120.0.2210.150 Version/17.0 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 AppleWebKit/605.1.15 Safari/605.1.15', 'Opera/9.80 (Windows NT 6.1; U; en) Presto/2.10.229 Version/11.62',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'curl/8.4.0', '', 'Edg/', 'Chrome/１２３',
  'éChrome/5é', '\u{1F600}Edg/77\u{1F600} iPhone', 'Safari/600 AppleWebKit', 'Version/Safari/', 'Firefox/123456789',
  `${'a'.repeat(5000)}Linux Chrome/9`, 'HeadlessChromium/5 Chrome/6',
];

function generatedUas(n) {
  const next = rng(16);
  const pieces = [...BROWSERS.map((x) => x[0]), ...SYSTEMS.map((x) => x[0]), 'AppleWebKit', 'bot', ' ', '/', '1', '23',
    '(', ')', ';', 'é', '\u{1F600}', 'E', 'C', 'S', 'Edg', 'Chrome', 'Safari', 'Version', 'Mac OS', '456', 'Robot'];
  return Array.from({ length: n }, () => Array.from({ length: next(10) }, () => pieces[next(pieces.length)]).join(''));
}

test('the shipped user_agent action reduces as the old reader did', () => {
  const guard = createGuardSync({ policy: { version: 1, rules: [{ id: 'ua', select: ['**.ua', 'p.agent'], granted: { type: 'user_agent' } }] }, consent: { analytics: true } });
  const all = [...REAL_UAS, ...generatedUas(3000)];
  for (const ua of all) {
    const want = oldReduce(ua);
    const out = guard.redact({ event: 'x', ua, p: { agent: ua, deep: { U_A: ua } } });
    assert.ok(out, `kept: ${ua}`);
    assert.equal(out.ua, want, JSON.stringify(ua));
    assert.equal(out.p.agent, want, JSON.stringify(ua));
    assert.equal(out.p.deep.U_A, want, JSON.stringify(ua));
  }
});

// ---- the old **.key table (d23725b src/select.rs), by its meaning -------------------------------
const SEP = new Set([0x5f, 0x2d, 0x2e, 0x20]);
const fold = (key) => Buffer.from([...enc.encode(key)].filter((x) => !SEP.has(x)).map((x) => (x >= 65 && x <= 90 ? x + 32 : x)));

function ruleKeys() {
  const next = rng(0xc016);
  const letters = (n) => Array.from({ length: n }, () => String.fromCharCode(97 + next(26))).join('');
  const out = ['email', 'first_name', 'É', 'é', 'straße', 'ключ', '電話', '\u{1F600}', 'x', '-_. '.repeat(1) + 'z'];
  for (const n of [1, 31, 62, 63, 64, 65, 66, 128, 300]) out.push(letters(n), `${letters(n)}_`, `_${letters(n - 1 || 1)}-.`);
  for (let pad = 60; pad <= 66; pad++) out.push(`${'k'.repeat(pad)}é`, `${'K'.repeat(pad)}\u{1F600}`);
  for (let i = 0; i < 10; i++) out.push(letters(1 + next(70)));
  return out;
}

function spellings(next, key) {
  const seps = ['_', '-', '.', ' '];
  const flip = (c) => (/[a-z]/.test(c) ? c.toUpperCase() : /[A-Z]/.test(c) ? c.toLowerCase() : c);
  const spelled = [...key].map((c) => (next(3) === 0 ? seps[next(4)] : '') + (next(2) ? flip(c) : c)).join('');
  const f = fold(key).toString('utf8');
  const padded = (len) => { let k = f; while (Buffer.byteLength(k) < len) k = `_${k}`; return k; };
  return [key, key.toUpperCase(), key.toLowerCase(), spelled, padded(63), padded(64), padded(65), padded(66), `${f}s`, [...f].slice(0, -1).join("")];
}

test('the shipped **.key table drops every spelling the old lookup matched, and nothing else', () => {
  const rules = ruleKeys();
  const folded = new Set(rules.map((k) => fold(k).toString('hex')).filter((h) => h !== ''));
  const guard = createGuardSync({
    policy: { version: 1, rules: [{ id: 'deep', select: rules.map((k) => `**."${k.replace(/[\\"]/g, (c) => `\\${c}`)}"`), purposes: ['marketing'] }] },
    consent: { analytics: true, marketing: false },
  });
  const next = rng(7);
  const keys = ['', '_', ' '.repeat(64), '_'.repeat(65), ...rules.flatMap((k) => spellings(next, k))];
  let dropped = 0;
  for (let i = 0; i < keys.length; i += 30) {
    const chunk = keys.slice(i, i + 30).filter((k) => k !== '');
    const props = Object.fromEntries(chunk.map((k) => [k, 'plainvalue']));
    const out = guard.redact({ event: 'x', properties: props, list: [{ inner: props }] });
    for (const k of chunk) {
      const f = fold(k).toString('hex');
      const drop = f !== '' && folded.has(f);
      assert.equal(Object.hasOwn(out.properties, k), !drop, `properties[${JSON.stringify(k)}] (${Buffer.byteLength(k)} bytes)`);
      assert.equal(Object.hasOwn(out.list[0].inner, k), !drop, `inner[${JSON.stringify(k)}]`);
      dropped += drop;
    }
  }
  assert.ok(dropped > 200, `exercised (${dropped})`);
});
