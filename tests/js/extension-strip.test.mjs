// The extension's "strip" level is minimization: each vendor's strip policy
// (extension/src/minimal-policies.js) keeps only what a site needs to count its traffic. Every
// request of the rich captures (tests/fixtures/captures: the six SDKs with autocapture, errors,
// identify, groups, logs, replay and values planted everywhere) is guarded with it under the
// extension's strip consent, and what would be sent is read back field by field: only the
// fields README's extension section lists arrive, no planted value at all arrives, events still
// arrive for each vendor, and every identifier is the one shared anonymous value.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { createGuardSync, validatePolicy } from 'consent-guard';
import { captures, guardCapture, CANARIES } from './support/captures.mjs';
import { MINIMAL_POLICIES, ANONYMOUS_ID, policiesFor } from '../../extension/src/minimal-policies.js';
import { DEFAULTS, forSite, normalize } from '../../extension/src/settings.js';

const VENDORS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel'];

// What a site still receives under strip, per vendor: leaf paths with array indices folded to
// `[]` and a batch's or envelope's position left out. This is the contract README states; the
// policies are written separately, so a policy that keeps one field more fails here.
const RECEIVED = {
  posthog: ['api_key', 'sent_at', 'event', 'timestamp', 'uuid', 'distinct_id', 'properties.token', 'properties.$time',
    'properties.$lib', 'properties.$lib_version', 'properties.$os', 'properties.$browser', 'properties.$browser_version',
    'properties.$device_type', 'properties.$raw_user_agent', 'properties.$current_url', 'properties.distinct_id'],
  segment: ['writeKey', 'sentAt', 'type', 'event', 'name', 'messageId', 'timestamp', 'anonymousId', 'context.library.name',
    'context.library.version', 'context.userAgent', 'context.page.url', 'properties.url',
    'series[].metric', 'series[].type', 'series[].value', 'series[].tags.library', 'series[].tags.library_version'],
  amplitude: ['api_key', 'client_upload_time', 'options.min_id_length', 'event_type', 'time', 'insert_id', 'device_id', 'library',
    'platform', 'os_name', 'os_version', 'device_family', 'device_type', 'user_agent', 'event_properties.[Amplitude] Page Location'],
  mixpanel: ['event', 'properties.time', 'properties.token', 'properties.$insert_id', 'properties.distinct_id', 'properties.mp_lib',
    'properties.$lib_version', 'properties.$os', 'properties.$browser', 'properties.$browser_version', 'properties.$device',
    'properties.$current_url'],
  sentry: ['event_id', 'sent_at', 'dsn', 'type', 'length', 'content_type', 'item_count', 'version', 'timestamp', 'start_timestamp',
    'platform', 'level', 'release', 'environment', 'sdk.name', 'sdk.version', 'request.url',
    'trace.trace_id', 'trace.public_key', 'trace.release', 'trace.environment', 'trace.sample_rate', 'trace.sampled',
    'contexts.trace.trace_id', 'contexts.trace.span_id', 'contexts.trace.parent_span_id', 'contexts.trace.op', 'contexts.trace.status',
    'exception.values[].type', 'exception.values[].mechanism.type', 'exception.values[].mechanism.handled',
    'sid', 'status', 'errors', 'started', 'init', 'duration', 'attrs.release', 'attrs.environment', 'attrs.user_agent',
    'discarded_events[].reason', 'discarded_events[].category', 'discarded_events[].quantity',
    ...['trace_id', 'span_id', 'parent_span_id', 'start_timestamp', 'end_timestamp', 'status', 'is_segment'].map((f) => `items[].${f}`)],
  otel: [...['resourceSpans[].scopeSpans[].spans', 'resourceLogs[].scopeLogs[].logRecords', 'resourceMetrics[].scopeMetrics[].metrics'].flatMap((r) => [
    'name', 'kind', 'traceId', 'spanId', 'parentSpanId', 'startTimeUnixNano', 'endTimeUnixNano', 'status.code',
    'timeUnixNano', 'observedTimeUnixNano', 'severityNumber', 'severityText', 'unit'].map((f) => `${r}[].${f}`)),
  ...['resourceSpans[].scopeSpans', 'resourceLogs[].scopeLogs', 'resourceMetrics[].scopeMetrics'].flatMap((s) => [`${s}[].scope.name`, `${s}[].scope.version`]),
  ...['resourceSpans', 'resourceLogs', 'resourceMetrics'].flatMap((r) => [`${r}[].resource.attributes[].key`, `${r}[].resource.attributes[].value.stringValue`])],
};
// OTLP metrics: the numbers of each data point.
const METRIC_DATA = /^resourceMetrics\[\]\.scopeMetrics\[\]\.metrics\[\]\.(sum|gauge|histogram|exponentialHistogram|summary)\.(aggregationTemporality|isMonotonic|dataPoints\[\]\.(startTimeUnixNano|timeUnixNano|asDouble|asInt|count|sum|min|max|bucketCounts\[\]|explicitBounds\[\]))$/;
// What an empty container may be called: the SDK's own structure, never a key a page chose.
const EMPTY_OK = new Set(['properties', 'event_properties', 'extra', 'tags', 'contexts', 'options', 'body', 'attributes', 'events', 'links', 'dataPoints[].attributes']);
// Where a batch or envelope puts its events: left out of the paths above.
const EVENT_ROOTS = /^(batch\[\]\.|events\[\]\.|\[\]\.)/;

const STRIP = normalize({}).consent;

/** Each leaf of a sent body (and each empty container) by folded path. */
function leaves(value, path = '', out = []) {
  if (Array.isArray(value)) {
    if (value.length === 0) out.push({ path, empty: true });
    value.forEach((v) => leaves(v, `${path}[]`, out));
  } else if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0 && path) out.push({ path, empty: true });
    for (const [k, v] of entries) leaves(v, path ? `${path}.${k}` : k, out);
  } else {
    out.push({ path, value });
  }
  return out;
}

/** The JSON parts of a sent body (its lines, a decoded data= form), each parsed; the query and headers lines left out. */
function sentParts(sent) {
  const parts = [];
  for (const line of sent.split('\n').slice(0, -2)) {
    try {
      const v = JSON.parse(line);
      if (v && typeof v === 'object') parts.push(v);
    } catch { /* the query line, headers, or the raw form */ }
  }
  return parts;
}

const guards = Object.fromEntries(VENDORS.map((v) => [v, createGuardSync({ policy: MINIMAL_POLICIES[v], consent: STRIP })]));
const results = captures().map((c) => ({ c, ...guardCapture(guards[c.sdk], c) }));

test('the strip consent is what the extension grants under strip', () => {
  assert.deepEqual(STRIP, DEFAULTS.consent);
  assert.equal(STRIP.analytics, true);
  assert.equal(STRIP.personalization, false);
  assert.equal(STRIP.functional, false);
});

test('each strip policy extends its preset in allowlist mode, validates, and matches the schema', () => {
  const schema = JSON.parse(readFileSync(new URL('../../schema/policy.v1.schema.json', import.meta.url)));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  assert.deepEqual(Object.keys(MINIMAL_POLICIES).sort(), [...VENDORS].sort());
  for (const [vendor, policy] of Object.entries(MINIMAL_POLICIES)) {
    assert.equal(policy.extends, vendor);
    assert.equal(policy.unlisted, 'drop');
    assert.ok(validate(policy), `${vendor}: ${JSON.stringify(validate.errors)}`);
    assert.deepEqual(validatePolicy(policy), [], vendor);
  }
});

test('only the listed fields arrive, for every vendor and every captured request', () => {
  let checked = 0;
  for (const { c, kind, sent } of results) {
    if (kind !== 'sent') continue;
    const allowed = new Set(RECEIVED[c.sdk]);
    for (const part of sentParts(sent)) {
      for (const leaf of leaves(part)) {
        const path = leaf.path.replace(EVENT_ROOTS, '');
        checked++;
        if (leaf.empty) {
          assert.ok(EMPTY_OK.has(path.replace(/^.*\./, '')) || EMPTY_OK.has(path.split('.').slice(-2).join('.')) || path === '',
            `${c.file}: an empty ${path} arrives`);
          continue;
        }
        assert.ok(allowed.has(path) || (c.sdk === 'otel' && METRIC_DATA.test(path)), `${c.file}: ${path} arrives`);
      }
    }
  }
  assert.ok(checked > 500, `checked ${checked} fields`);
});

test('no planted value arrives at all, whatever it was planted in', () => {
  const planted = Object.values(CANARIES).flatMap((v) => [v, ...String(v).split(' ').filter((w) => w.length >= 8)]);
  for (const { c, kind, sent } of results) {
    if (kind !== 'sent') continue;
    for (const canary of planted) assert.ok(!sent.includes(canary), `${c.file}: ${canary} arrives`);
  }
});

test('events still arrive from every vendor, with their names, and identifiers are all the same anonymous value', () => {
  for (const vendor of VENDORS) {
    const sent = results.filter((r) => r.c.sdk === vendor && r.kind === 'sent');
    const kept = sent.reduce((n, r) => n + r.receipt.events - r.receipt.dropped.length, 0);
    assert.ok(kept > 0, `${vendor}: no event arrives`);
  }
  const names = results.filter((r) => r.kind === 'sent').flatMap((r) => sentParts(r.sent).flatMap((p) => leaves(p)))
    .filter((l) => /(^|\.)(event|event_type)$/.test(l.path)).map((l) => l.value);
  for (const name of ['$pageview', 'checkout', 'session_start', '$mp_web_page_view']) assert.ok(names.includes(name), `${name} is counted`);
  const ids = results.filter((r) => r.kind === 'sent').flatMap((r) => sentParts(r.sent).flatMap((p) => leaves(p)))
    .filter((l) => /(^|\.)(distinct_id|anonymousId|device_id)$/.test(l.path));
  assert.ok(ids.length > 20, `${ids.length} identifiers`);
  for (const id of ids) assert.equal(id.value, ANONYMOUS_ID, id.path);
});

test('profile updates, session replay, feedback and logs do not go under strip', () => {
  const outcome = (file) => results.filter((r) => r.c.file.includes(file)).map((r) => r.kind);
  for (const file of ['segment/03-v1_i', 'segment/04-v1_g', 'segment/06-v1_a']) assert.deepEqual(outcome(file), ['dropped'], file);
  assert.ok(outcome('mixpanel/').length > 0);
  for (const r of results.filter((x) => /engage|groups|record/.test(x.c.channel ?? ''))) assert.notEqual(r.kind, 'sent', r.c.file);
  for (const r of results.filter((x) => x.c.sdk === 'sentry' && /feedback|replay|log/.test(x.c.channel ?? ''))) assert.notEqual(r.kind, 'sent', r.c.file);
  for (const r of results.filter((x) => x.c.sdk === 'posthog' && /^(s|i_v1_logs|i_v1_metrics)$/.test(x.c.channel ?? ''))) assert.notEqual(r.kind, 'sent', r.c.file);
});

test("a person's own policy for a vendor replaces its strip policy; the others stay", () => {
  const own = { version: 1, extends: 'posthog' };
  const policies = policiesFor(normalize({ policies: { posthog: own } }));
  assert.deepEqual(policies.posthog, own);
  assert.deepEqual(policies.segment, MINIMAL_POLICIES.segment);
  // The policies stay with the service worker (the only place that redacts): a frame is told
  // its level, its endpoints and GPC, nothing more.
  assert.deepEqual(policiesFor(normalize({})), MINIMAL_POLICIES);
  assert.deepEqual(Object.keys(forSite(normalize({}), 'a.example')).sort(), ['endpoints', 'gpc', 'level']);
});
