// Every SDK fixture event and body through every preset under three consents, as JSON texts:
// what one entry's module answers, for comparing two modules (tests/js/lean.test.mjs).
import { loadFixtures } from '../../../bench/fixtures.mjs';

const PRESETS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel', 'scan-all'];
const CONSENTS = [{}, { analytics: true }, { analytics: true, functional: true, personalization: true, marketing: true }];

export async function outcomes(entry) {
  const fixtures = loadFixtures();
  const out = [];
  for (const preset of PRESETS) {
    for (const consent of CONSENTS) {
      const guard = await entry.createGuard({ preset, consent, key: 'k'.repeat(32) });
      for (const fx of fixtures) {
        for (const event of fx.events.slice(0, 4)) out.push(JSON.stringify(guard.explain(event)));
        out.push(guard.redactJson(JSON.stringify(fx.body)));
      }
      guard.free();
    }
  }
  return out;
}
