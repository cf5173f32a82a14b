// Detector cost per byte in WebAssembly under Node, on the worst inputs we could construct
// (tests/support/adversarial.tsv, the table the native benchmark and the linearity test read)
// next to ordinary telemetry text (every string of the SDK captures in tests/wire, joined to
// the same sizes). Each input is one event `{"t": input}` through guard.redactJson with the
// scan-all preset, so JSON parsing and writing the redacted output are in the figures too.
// Budget (the core issue's detection budget): no input costs more than 10x ordinary text.
//   node bench/adversarial.mjs      (after scripts/build.sh)
import { readFileSync, readdirSync } from 'node:fs';
import { createGuardSync } from 'consent-guard';

const SIZES = [1 << 10, 16 << 10, 90 << 10];
const guard = createGuardSync({ preset: 'scan-all' });

/** `unit` repeated to `n` bytes (whole characters). */
function repeat(unit, n) {
  let s = unit.repeat(Math.ceil(n / Buffer.byteLength(unit)) + 1);
  while (Buffer.byteLength(s) > n) s = s.slice(0, Math.max(1, s.length - Math.max(1, (Buffer.byteLength(s) - n) >> 2)));
  return s;
}

function cases() {
  return readFileSync(new URL('../tests/support/adversarial.tsv', import.meta.url), 'utf8').trim().split('\n').map((l) => {
    const [detector, name, head, fill, tail] = l.split('\t');
    const [h, f, t] = [head, fill, tail].map((x) => JSON.parse(x));
    return { detector, name, build: (n) => h + repeat(f, n - Buffer.byteLength(h) - Buffer.byteLength(t)) + t };
  });
}

/** Every string (keys too) in the SDK captures, and in envelope lines that are JSON. */
function telemetry() {
  const out = [];
  const walk = (v) => {
    if (typeof v === 'string') {
      try {
        const inner = JSON.parse(v);
        if (inner && typeof inner === 'object') return walk(inner);
      } catch { /* plain text */ }
      out.push(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.push(k); walk(x); }
  };
  const dir = new URL('../tests/wire/', import.meta.url);
  for (const f of readdirSync(dir).sort()) walk(JSON.parse(readFileSync(new URL(f, dir), 'utf8')));
  return out;
}

/** Median ns per byte of redacting `{"t": text}`, over enough rounds for ~50 ms. */
function nsPerByte(text) {
  const body = JSON.stringify({ t: text });
  const bytes = Buffer.byteLength(text);
  const once = () => { const t = process.hrtime.bigint(); guard.redactJson(body); return Number(process.hrtime.bigint() - t); };
  const first = Math.max(once(), 1);
  const reps = Math.min(500, Math.max(5, Math.floor(50e6 / first)));
  const times = Array.from({ length: reps }, once).sort((a, b) => a - b);
  return times[reps >> 1] / bytes;
}

export function run() {
  const joined = telemetry().join(' ');
  const ordinary = SIZES.map((n) => nsPerByte(repeat(joined, n)));
  const rows = cases().map(({ detector, name, build }) => {
    const t = SIZES.map((n) => nsPerByte(build(n)));
    return { detector, name, t, ratio: Math.max(...t.map((x, i) => x / ordinary[i])) };
  });
  return { ordinary, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { ordinary, rows } = run();
  const f = (x) => x.toFixed(1);
  console.log('| input | detector | 1 KB | 16 KB | 90 KB | worst / ordinary |\n|---|---|---|---|---|---|');
  console.log(`| ordinary telemetry, joined | - | ${ordinary.map(f).join(' | ')} | 1.0 |`);
  for (const r of rows) console.log(`| ${r.name.replaceAll('|', '\\|')} | ${r.detector} | ${r.t.map(f).join(' | ')} | ${f(r.ratio)}${r.ratio > 10 ? ' **over budget**' : ''} |`);
  const worst = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  console.log(`\nWorst: ${f(worst.ratio)}x ordinary (${worst.name}); budget 10x.`);
}
