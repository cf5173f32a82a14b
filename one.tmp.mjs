import { createGuardSync } from 'consent-guard';
import { readFileSync } from 'node:fs';
const ev = JSON.parse(readFileSync('/work/shared/fixtures/sdk-payloads/posthog-hook0-7-i_v0_e.json')).body.batch[0];
const text = JSON.stringify(ev);
for (const preset of ['posthog', 'scan-all']) {
  const g = createGuardSync({ preset, consent: { analytics: true, functional: true } });
  const noscan = createGuardSync({ policy: { version: 1, extends: preset, scan: { detectors: [] } }, consent: { analytics: true, functional: true } });
  for (const [name, f] of [['redactJson', () => g.redactJson(text)], ['redactJson noscan', () => noscan.redactJson(text)], ['redact', () => g.redact(ev)]]) {
    for (let i = 0; i < 2000; i++) f();
    const t = performance.now(); const n = 20000; for (let i = 0; i < n; i++) f();
    console.log(preset.padEnd(9), name.padEnd(18), ((performance.now() - t) / n * 1000).toFixed(1), 'us');
  }
}
