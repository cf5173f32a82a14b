// consent-guard's GPP decoder agrees with the IAB's reference library (@iabgpp/cmpapi) on the
// header and the supported sections (tcfeuv2, usnat, usca) of 1 000 seeded random strings.
import test from 'node:test';
import assert from 'node:assert/strict';
import { GppModel } from '@iabgpp/cmpapi';
import { consentFromSignals } from 'consent-guard';
import { rng } from './support/tcf-models.mjs';

const US = {
  usnat: {
    scalars: ['SharingNotice', 'SaleOptOutNotice', 'SharingOptOutNotice', 'TargetedAdvertisingOptOutNotice',
      'SensitiveDataProcessingOptOutNotice', 'SensitiveDataLimitUseNotice', 'SaleOptOut', 'SharingOptOut',
      'TargetedAdvertisingOptOut', 'PersonalDataConsents', 'MspaCoveredTransaction', 'MspaOptOutOptionMode',
      'MspaServiceProviderMode'],
    lists: { SensitiveDataProcessing: 16, KnownChildSensitiveDataConsents: 3 },
  },
  usca: {
    scalars: ['SaleOptOutNotice', 'SharingOptOutNotice', 'SensitiveDataLimitUseNotice', 'SaleOptOut', 'SharingOptOut',
      'PersonalDataConsents', 'MspaCoveredTransaction', 'MspaOptOutOptionMode', 'MspaServiceProviderMode'],
    lists: { SensitiveDataProcessing: 9, KnownChildSensitiveDataConsents: 2 },
  },
};

/** A random GPP string the reference encoder accepts (it validates field combinations). */
function randomGpp(r) {
  for (;;) {
    const g = new GppModel();
    const pick = () => Math.floor(r() * 3);
    for (const name of ['usnat', 'usca']) {
      if (r() < 0.5) continue;
      for (const f of US[name].scalars) g.setFieldValue(name, f, f === 'MspaCoveredTransaction' ? 1 + Math.floor(r() * 2) : pick());
      for (const [f, n] of Object.entries(US[name].lists)) g.setFieldValue(name, f, Array.from({ length: n }, pick));
      g.setFieldValue(name, 'Gpc', r() < 0.5);
      g.setFieldValue(name, 'GpcSegmentIncluded', r() < 0.7);
    }
    if (r() < 0.5) {
      g.setFieldValue('tcfeuv2', 'CmpId', 2 + Math.floor(r() * 1000));
      g.setFieldValue('tcfeuv2', 'PurposeConsents', Array.from({ length: 24 }, () => r() < 0.5));
      g.setFieldValue('tcfeuv2', 'VendorConsents', Array.from({ length: 300 }, (_, i) => i + 1).filter(() => r() < 0.1));
    }
    try {
      const s = g.encode();
      if (s.includes('~')) return s;
    } catch {
      // an invalid combination: draw again
    }
  }
}

test('agrees with @iabgpp/cmpapi on 1 000 random GPP strings', () => {
  const r = rng(20261123);
  const seen = { usnat: 0, usca: 0, tcfeuv2: 0 };
  for (let i = 0; i < 1000; i++) {
    const s = randomGpp(r);
    const ref = new GppModel(s);
    const { sources } = consentFromSignals({ gpp: s });
    assert.equal(sources.gpp.error, undefined, `#${i} ${s}: ${JSON.stringify(sources.gpp.error)}`);
    const ours = sources.gpp.detail;
    assert.deepEqual(ours.sectionIds, ref.getSectionIds(), `#${i} ${s}`);
    for (const name of ['usnat', 'usca']) {
      if (!ref.hasSection(name)) continue;
      seen[name]++;
      const got = ours.sections[name];
      for (const f of [...US[name].scalars, ...Object.keys(US[name].lists), 'Gpc', 'GpcSegmentIncluded', 'Version']) {
        assert.deepEqual(got[f], ref.getFieldValue(name, f), `#${i} ${name}.${f} in ${s}`);
      }
    }
    if (ref.hasSection('tcfeuv2')) {
      seen.tcfeuv2++;
      const tc = ours.sections.tcfeuv2;
      const want = ref.getFieldValue('tcfeuv2', 'PurposeConsents').flatMap((on, k) => (on ? [k + 1] : []));
      assert.deepEqual(tc.purposeConsents, want, `#${i} ${s}`);
      assert.deepEqual(tc.vendorConsents, ref.getFieldValue('tcfeuv2', 'VendorConsents'), `#${i} ${s}`);
      assert.equal(tc.cmpId, ref.getFieldValue('tcfeuv2', 'CmpId'));
    }
  }
  assert.ok(seen.usnat > 200 && seen.usca > 200 && seen.tcfeuv2 > 200, JSON.stringify(seen));
});

test('GPP opt-outs deny sale_sharing and marketing; broken strings grant nothing', () => {
  const g = new GppModel();
  g.setFieldValue('usnat', 'SaleOptOutNotice', 1);
  g.setFieldValue('usnat', 'SaleOptOut', 1);
  g.setFieldValue('usnat', 'MspaCoveredTransaction', 2);
  const { consent } = consentFromSignals({ gpp: g.encode(), app: { marketing: true } });
  assert.equal(consent.marketing, 'denied');
  assert.equal(consent.sale_sharing, 'denied');
  for (const bad of ['DBABrw', 'DBABrw~CUAQ', 'not gpp', 'DBABRg~x']) {
    const out = consentFromSignals({ gpp: bad });
    if (bad === 'DBABRg~x') {
      assert.deepEqual(out.sources.gpp.detail.unsupported, [9], 'usva: reported as present, not decoded');
    } else {
      assert.ok(out.sources.gpp.error, bad);
    }
    assert.ok(!Object.values(out.sources.gpp.decisions).includes('granted'), bad);
  }
});
