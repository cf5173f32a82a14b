// Seeded random TC models encoded by the IAB's reference library, for tests and benchmarks.
import { TCModel, TCString, GVL, Segment, PurposeRestriction } from '@iabtechlabtcf/core';

/** mulberry32: a small seeded generator, so every run sees the same models. */
export function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A synthetic Global Vendor List: `n` vendors that declare every purpose and feature. */
export function syntheticGvl(n = 500) {
  const item = (id) => ({ id, name: `x${id}`, description: '', illustrations: [] });
  const purposes = Object.fromEntries([...Array(11)].map((_, i) => [i + 1, item(i + 1)]));
  const vendors = {};
  for (let id = 1; id <= n; id++) {
    vendors[id] = {
      id, name: `vendor ${id}`, purposes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], legIntPurposes: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      flexiblePurposes: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11], specialPurposes: [], features: [], specialFeatures: [1, 2],
      usesCookies: false, cookieRefresh: false, usesNonCookieAccess: false, urls: [], dataRetention: {}, dataDeclaration: [],
    };
  }
  return new GVL({
    gvlSpecificationVersion: 3, vendorListVersion: 150, tcfPolicyVersion: 5, lastUpdated: '2026-11-01T00:00:00Z',
    purposes, specialPurposes: {}, features: {}, specialFeatures: { 1: item(1), 2: item(2) }, vendors, stacks: {}, dataCategories: {},
  });
}

const pick = (r, ids, p) => ids.filter(() => r() < p);
const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** Model `i` of the seeded sequence, encoded: `{ model, string }`. */
export function randomTcString(r, gvl, maxVendor = 500) {
  const tc = new TCModel(gvl);
  const letter = () => String.fromCharCode(65 + Math.floor(r() * 26));
  tc.cmpId = 2 + Math.floor(r() * 4000);
  tc.cmpVersion = Math.floor(r() * 4000);
  tc.consentScreen = Math.floor(r() * 60);
  tc.isServiceSpecific = r() < 0.5;
  tc.useNonStandardTexts = r() < 0.3;
  tc.purposeOneTreatment = r() < 0.3;
  tc.publisherCountryCode = letter() + letter();
  tc.purposeConsents.set(pick(r, range(1, 11), r()));
  tc.purposeLegitimateInterests.set(pick(r, range(2, 11), r()));
  tc.specialFeatureOptins.set(pick(r, [1, 2], 0.5));
  // Dense sets exercise bitfields; sparse runs exercise range encoding.
  const top = 1 + Math.floor(r() * maxVendor);
  const density = r() < 0.5 ? r() : r() * 0.02;
  tc.vendorConsents.set(r() < 0.3 ? range(1, top) : pick(r, range(1, top), density));
  tc.vendorLegitimateInterests.set(pick(r, range(1, top), density));
  for (let k = Math.floor(r() * 4); k > 0; k--) {
    const restriction = new PurposeRestriction(2 + Math.floor(r() * 9), Math.floor(r() * 3));
    for (const v of pick(r, range(1, top), 0.05)) tc.publisherRestrictions.add(v, restriction);
  }
  const segments = [Segment.CORE];
  if (r() < 0.5) {
    tc.vendorsDisclosed.set(pick(r, range(1, top), 0.3));
    segments.push(Segment.VENDORS_DISCLOSED);
  }
  if (r() < 0.5) {
    tc.publisherConsents.set(pick(r, range(1, 11), 0.5));
    tc.publisherLegitimateInterests.set(pick(r, range(2, 11), 0.5));
    tc.numCustomPurposes = Math.floor(r() * 5);
    tc.publisherCustomConsents.set(pick(r, range(1, tc.numCustomPurposes), 0.5));
    tc.publisherCustomLegitimateInterests.set(pick(r, range(1, tc.numCustomPurposes), 0.5));
    segments.push(Segment.PUBLISHER_TC);
  }
  return TCString.encode(tc, { segments });
}

/** The reference decoder's view, in the shape consent-guard's TCF detail uses. */
export function referenceDecode(string) {
  const d = TCString.decode(string);
  const ids = (v) => [...v].filter(([, on]) => on).map(([id]) => id);
  const out = {
    version: d.version, created: d.created.getTime(), lastUpdated: d.lastUpdated.getTime(),
    cmpId: d.cmpId, cmpVersion: d.cmpVersion, consentScreen: d.consentScreen, consentLanguage: d.consentLanguage,
    vendorListVersion: d.vendorListVersion, policyVersion: d.policyVersion, isServiceSpecific: d.isServiceSpecific,
    useNonStandardTexts: d.useNonStandardTexts, purposeOneTreatment: d.purposeOneTreatment,
    publisherCountryCode: d.publisherCountryCode, specialFeatureOptins: ids(d.specialFeatureOptins),
    purposeConsents: ids(d.purposeConsents), purposeLegitimateInterests: ids(d.purposeLegitimateInterests),
    vendorConsents: ids(d.vendorConsents), vendorLegitimateInterests: ids(d.vendorLegitimateInterests),
    publisherRestrictions: d.publisherRestrictions.getRestrictions().map((r) => ({
      purpose: r.purposeId, restrictionType: r.restrictionType, vendors: d.publisherRestrictions.getVendors(r),
    })),
  };
  const segs = string.split('.');
  // A segment's type is its first 3 bits: the top half of its first base64url character.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const types = segs.slice(1).map((s) => alphabet.indexOf(s[0]) >> 3);
  if (types.includes(1)) out.vendorsDisclosed = ids(d.vendorsDisclosed);
  if (types.includes(3)) {
    out.publisherTC = {
      numCustomPurposes: d.numCustomPurposes, purposeConsents: ids(d.publisherConsents),
      purposeLegitimateInterests: ids(d.publisherLegitimateInterests),
      customPurposeConsents: ids(d.publisherCustomConsents), customPurposeLegitimateInterests: ids(d.publisherCustomLegitimateInterests),
    };
  }
  return out;
}
