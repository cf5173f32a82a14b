// The README's channel table, from tests/fixtures/captures/inventory.json: per SDK and channel,
// what the SDK sends, which hook sees it, what the integration does and what intercept(guard)
// does. `node scripts/inventory-table.mjs` prints it; tests/js/inventory.test.mjs checks that the
// README holds exactly this table.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NAMES = { posthog: 'PostHog', segment: 'Segment', sentry: 'Sentry', amplitude: 'Amplitude', mixpanel: 'Mixpanel', otel: 'OpenTelemetry' };
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function inventoryTable(inventory) {
  const lines = ['| SDK | channel | request | hook the SDK offers | integration (hook route) | intercept(guard) |', '|---|---|---|---|---|---|'];
  for (const [sdk, entry] of Object.entries(inventory.sdks)) {
    for (const c of entry.channels) {
      lines.push(`| ${NAMES[sdk] ?? sdk} | \`${cell(c.id)}\` | ${c.method} \`${cell(c.endpoint)}\` | ${cell(c.hook ? c.hook.name : 'none')} | ${cell(c.integration)} | ${cell(c.interceptor)} |`);
    }
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const inventory = JSON.parse(readFileSync(new URL('../tests/fixtures/captures/inventory.json', import.meta.url), 'utf8'));
  console.log(inventoryTable(inventory));
}
