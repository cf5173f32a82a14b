// Detector quality on the labelled corpus (tests/corpus/detectors.tsv), in one run: the
// package's scan-all preset next to redact-pii and a hand-written JS regex, each on every line.
// Recall: positives where the right detector fired (consent-guard) or anything was redacted
// (peers). False alarms: look-alikes (user agents, timestamps, ids, versions...) where anything fired.
//   node bench/detectors.mjs
import { readFileSync } from 'node:fs';
import { createGuardSync } from 'consent-guard';
import { SyncRedactor } from 'redact-pii';

const lines = readFileSync(new URL('../tests/corpus/detectors.tsv', import.meta.url), 'utf8')
  .trim().split('\n').map((l) => { const [label, text] = l.split('\t'); return { label, text: JSON.parse(text) }; });

const guard = createGuardSync({ preset: 'scan-all' });
const cg = (t) => guard.explain({ t }).receipt.changes.map((c) => c.detector);
const redactPii = new SyncRedactor();
const HAND = /[\w.+-]+@[\w-]+\.[\w.-]+|\+?\d[\d ().-]{7,}\d|\b(?:\d[ -]?){13,19}\b|\b\d{1,3}(?:\.\d{1,3}){3}\b/g;

export function run() {
  const tools = {
    'consent-guard (scan-all)': (l) => (l.label === 'none' ? cg(l.text).length > 0 : cg(l.text).includes(l.label)),
    'redact-pii': (l) => redactPii.redact(l.text) !== l.text,
    'hand-written JS regex': (l) => l.text.replace(HAND, 'X') !== l.text,
  };
  const pos = lines.filter((l) => l.label !== 'none');
  const neg = lines.filter((l) => l.label === 'none');
  const out = {};
  for (const [name, fired] of Object.entries(tools)) {
    const t = performance.now();
    const recall = pos.filter(fired).length / pos.length;
    const fa = neg.filter(fired).length / neg.length;
    out[name] = { recall, fa, ms: performance.now() - t };
  }
  return { positives: pos.length, negatives: neg.length, out };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { positives, negatives, out } = run();
  console.log(`${positives} positives over 18 detectors, ${negatives} telemetry look-alikes\n`);
  console.log('| tool | recall | false alarms | time ms |\n|---|---|---|---|');
  for (const [k, v] of Object.entries(out)) console.log(`| ${k} | ${v.recall.toFixed(3)} | ${(v.fa * 100).toFixed(1)} % | ${v.ms.toFixed(0)} |`);
}
