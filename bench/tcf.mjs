// Decoding a TC string with 500 vendors: consent-guard's consentFromSignals({ tcf }) (decode,
// map to purposes, JSON detail) next to @iabtechlabtcf/core's TCString.decode, same run.
//   node bench/tcf.mjs
import { TCModel, TCString } from '@iabtechlabtcf/core';
import { consentFromSignals } from 'consent-guard';
import { syntheticGvl } from '../tests/js/support/tcf-models.mjs';

function median(fn, n = 20000) {
  for (let i = 0; i < 2000; i++) fn();
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    fn();
    t[i] = Number(process.hrtime.bigint() - s) / 1000;
  }
  return t.sort()[n >> 1];
}

const tc = new TCModel(syntheticGvl(500));
tc.cmpId = 10;
tc.purposeConsents.set([1, 2, 3, 4, 7, 8, 9, 10]);
tc.purposeLegitimateInterests.set([2, 7, 8, 9]);
tc.vendorConsents.set([...Array(500)].map((_, i) => i + 1).filter((i) => i % 3 !== 0));
tc.vendorLegitimateInterests.set([...Array(500)].map((_, i) => i + 1).filter((i) => i % 5 === 0));
const string = TCString.encode(tc);

const ours = median(() => consentFromSignals({ tcf: string }));
const reference = median(() => TCString.decode(string));
console.log(`TC string with 500 vendors (${string.length} characters), median of 20 000 calls, node ${process.version}\n`);
console.log('| decoder | median µs |\n|---|---|');
console.log(`| consent-guard consentFromSignals({ tcf }) | ${ours.toFixed(1)} |`);
console.log(`| @iabtechlabtcf/core TCString.decode | ${reference.toFixed(1)} |`);
