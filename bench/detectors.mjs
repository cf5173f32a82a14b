// Detector quality on the labelled corpora, the package's scan-all preset next to redact-pii
// and a hand-written JS regex, each on every line: tests/corpus/detectors.tsv (the set the
// detectors are tuned on) and tests/corpus/heldout.tsv (other seed and templates, never tuned
// on). Recall: positives where the right detector fired (consent-guard) or anything was
// redacted (peers). False alarms: look-alikes (user agents, timestamps, ids, versions...)
// where anything fired.
//   node bench/detectors.mjs      (after scripts/build.sh)
import { readFileSync } from 'node:fs';
import { createGuardSync } from 'consent-guard';
import { SyncRedactor } from 'redact-pii';

const CORPORA = { tuning: 'detectors.tsv', 'held-out': 'heldout.tsv' };

function load(file) {
  return readFileSync(new URL(`../tests/corpus/${file}`, import.meta.url), 'utf8')
    .trim().split('\n').map((l) => { const [label, text] = l.split('\t'); return { label, text: JSON.parse(text) }; });
}

const guard = createGuardSync({ preset: 'scan-all' });
const cg = (t) => guard.explain({ t }).receipt.changes.map((c) => c.detector);
const redactPii = new SyncRedactor();
const HAND = /[\w.+-]+@[\w-]+\.[\w.-]+|\+?\d[\d ().-]{7,}\d|\b(?:\d[ -]?){13,19}\b|\b\d{1,3}(?:\.\d{1,3}){3}\b/g;

const TOOLS = {
  'consent-guard (scan-all)': (l) => (l.label === 'none' ? cg(l.text).length > 0 : cg(l.text).includes(l.label)),
  'redact-pii': (l) => redactPii.redact(l.text) !== l.text,
  'hand-written JS regex': (l) => l.text.replace(HAND, 'X') !== l.text,
};

export function run() {
  const out = {};
  for (const [corpus, file] of Object.entries(CORPORA)) {
    const lines = load(file);
    const pos = lines.filter((l) => l.label !== 'none');
    const neg = lines.filter((l) => l.label === 'none');
    out[corpus] = { positives: pos.length, negatives: neg.length, tools: {} };
    for (const [name, fired] of Object.entries(TOOLS)) {
      const t = performance.now();
      const recall = pos.filter(fired).length / pos.length;
      const fa = neg.filter(fired).length / neg.length;
      out[corpus].tools[name] = { recall, fa, ms: performance.now() - t };
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [corpus, { positives, negatives, tools }] of Object.entries(run())) {
    console.log(`\n${corpus}: ${positives} positives over 19 detectors, ${negatives} telemetry look-alikes\n`);
    console.log('| tool | recall | false alarms | time ms |\n|---|---|---|---|');
    for (const [k, v] of Object.entries(tools)) console.log(`| ${k} | ${v.recall.toFixed(3)} | ${(v.fa * 100).toFixed(1)} % | ${v.ms.toFixed(0)} |`);
  }
}
