// What "strip" sends: each vendor's preset in allowlist mode (`unlisted: "drop"`), keeping only
// what a site needs to count its traffic: the event's name and time, the vendor's project key,
// the SDK's name and version, a coarse device (browser, OS, device type) and the page's origin.
// Everything else goes: identifiers, page paths and queries, referrers, titles, element text,
// custom properties, profiles. What is kept is still scanned by every detector (the preset's
// `scan`), so an email typed into an event name is replaced too.
//
// Rules that reuse a preset rule's id replace it (the preset would keep its fields); rules
// named `minimal-*` are new. An identifier a vendor refuses an event without (PostHog's and
// Mixpanel's distinct_id, Segment's anonymousId, Amplitude's device_id) is replaced by the same
// fixed value for everyone: events still count, a person cannot be told apart or followed.
// Profile updates (identify, alias, group, $set) are events about a person, not counts: they
// need personalization, which strip denies.
//
// These are the defaults under strip; a person's own policy for a vendor (options page) wins.

/** The value every replaced identifier gets (at least 5 characters: Amplitude's minimum). */
export const ANONYMOUS_ID = 'anonymous-visitor';

const anonymous = { type: 'replace', with: ANONYMOUS_ID };
const originOnly = { type: 'url', origin_only: true };
const coarseAgent = { type: 'user_agent' };
const drop = { type: 'drop' };
const keep = (id, select) => ({ id, select });
/** Events about a person rather than counts: they need personalization, so strip drops them. */
const profileEvents = (match) => ({ id: 'minimal-profile-events', match, purposes: ['personalization'] });

// The presets name personal keys at any depth (`**.street`). In allowlist mode a selector that
// may match deeper keeps every object on the way alive (as an empty skeleton whose keys still
// show), so each preset rule with `**` is narrowed here to the places its fields are sent.
const PERSONAL_KEYS = ['street', 'street_address', 'address', 'address1', 'address2', 'address_line1', 'address_line2', 'postal_code',
  'postcode', 'zip', 'zip_code', 'zipcode', 'first_name', 'last_name', 'full_name', 'firstname', 'lastname', 'fullname', 'given_name',
  'family_name', 'phone', 'phone_number', 'mobile', 'telephone', 'birthday', 'birthdate', 'date_of_birth', 'dob', 'ssn', 'national_id',
  'passport', 'tax_id', 'note', 'notes', 'comment', 'comments', 'traits'];
const personalKeys = (vendor, parents) => ({
  id: `${vendor}-personal-keys`,
  select: parents.flatMap((p) => PERSONAL_KEYS.map((k) => `${p}.${k}`)),
  purposes: ['personalization'],
});

const posthog = {
  version: 1,
  id: 'posthog-minimal',
  extends: 'posthog',
  unlisted: 'drop',
  events: [
    profileEvents(['$identify', '$create_alias', '$groupidentify', '$set', '$merge_dangerously']),
    // posthog-js's own logs and metrics (/i/v1/logs, /i/v1/metrics, OTLP): console output and
    // custom measurements, not counts of visits.
    { id: 'minimal-logs-and-metrics', has: ['severityText', 'severityNumber', 'body', 'sum', 'gauge', 'histogram', 'exponentialHistogram', 'summary'], purposes: ['functional'] },
  ],
  rules: [
    personalKeys('posthog', ['properties']),
    { id: 'posthog-urls', select: 'properties.$current_url', granted: originOnly },
    { id: 'posthog-referrers', select: ['properties.$referrer', 'properties.$referring_domain', 'properties.$session_entry_referrer',
      'properties.$session_entry_referring_domain'], granted: drop },
    { id: 'posthog-flags-identity', select: ['$anon_distinct_id', '$device_id', 'groups', 'properties.$anon_distinct_id', 'properties.$device_id',
      'properties.$user_id'], granted: drop },
    { id: 'posthog-user-agent', select: 'properties.$raw_user_agent', granted: coarseAgent },
    { id: 'posthog-ip', select: ['properties.$ip', 'ip'], granted: drop },
    keep('minimal-request', ['api_key', 'sent_at']),
    keep('minimal-event', ['event', 'timestamp', 'uuid', 'properties.$time', 'properties.token']),
    keep('minimal-sdk', ['properties.$lib', 'properties.$lib_version']),
    keep('minimal-device', ['properties.$os', 'properties.$browser', 'properties.$browser_version', 'properties.$device_type']),
    { id: 'minimal-identity', select: ['distinct_id', 'properties.distinct_id'], granted: anonymous },
  ],
};

const segment = {
  version: 1,
  id: 'segment-minimal',
  extends: 'segment',
  unlisted: 'drop',
  // A call's name is its `event`, else its `type`: identify, alias and group calls carry a person.
  events: [profileEvents(['identify', 'alias', 'group'])],
  rules: [
    personalKeys('segment', ['properties', 'traits', 'context.traits']),
    { id: 'segment-urls', select: ['context.page.url', 'properties.url'], granted: originOnly },
    { id: 'segment-referrers', select: ['context.page.referrer', 'properties.referrer'], granted: drop },
    { id: 'segment-ip', select: 'context.ip', granted: drop },
    keep('minimal-request', ['writeKey', 'sentAt']),
    keep('minimal-event', ['type', 'event', 'name', 'messageId', 'timestamp']),
    keep('minimal-sdk', ['context.library.name', 'context.library.version']),
    // Segment's own delivery metrics (/v1/m): counters about the library, nothing of the person.
    keep('minimal-sdk-metrics', ['series[*].metric', 'series[*].type', 'series[*].value', 'series[*].tags.library', 'series[*].tags.library_version']),
    { id: 'minimal-identity', select: 'anonymousId', granted: anonymous },
  ],
};

const amplitude = {
  version: 1,
  id: 'amplitude-minimal',
  extends: 'amplitude',
  unlisted: 'drop',
  events: [profileEvents(['$identify', '$groupidentify'])],
  rules: [
    personalKeys('amplitude', ['event_properties', 'user_properties']),
    { id: 'amplitude-urls', select: 'event_properties."[Amplitude] Page Location"', granted: originOnly },
    { id: 'amplitude-referrers', select: ['event_properties.referrer', 'event_properties.referring_domain',
      'event_properties."[Amplitude] Previous Page Location"'], granted: drop },
    { id: 'amplitude-ip', select: 'ip', granted: drop },
    keep('minimal-request', ['api_key', 'client_upload_time', 'options.min_id_length']),
    keep('minimal-event', ['event_type', 'time', 'insert_id']),
    keep('minimal-sdk', ['library']),
    keep('minimal-device', ['platform', 'os_name', 'os_version', 'device_family', 'device_type']),
    { id: 'minimal-identity', select: 'device_id', granted: anonymous },
  ],
};

const mixpanel = {
  version: 1,
  id: 'mixpanel-minimal',
  extends: 'mixpanel',
  unlisted: 'drop',
  events: [
    profileEvents(['$identify', '$create_alias', '$merge']),
    // Profile and group updates (/engage, /groups) are named by their token: known by what they hold.
    { id: 'minimal-profile-updates', has: ['$set', '$set_once', '$union', '$append', '$add', '$remove', '$unset', '$delete'], purposes: ['personalization'] },
  ],
  rules: [
    personalKeys('mixpanel', ['properties']),
    { id: 'mixpanel-urls', select: 'properties.$current_url', granted: originOnly },
    { id: 'mixpanel-referrers', select: ['properties.$referrer', 'properties.$referring_domain', 'properties.$initial_referrer',
      'properties.$initial_referring_domain'], granted: drop },
    { id: 'mixpanel-ip', select: ['properties.ip', '$ip'], granted: drop },
    keep('minimal-event', ['event', 'properties.time', 'properties.token', 'properties.$insert_id']),
    keep('minimal-sdk', ['properties.mp_lib', 'properties.$lib_version']),
    keep('minimal-device', ['properties.$os', 'properties.$browser', 'properties.$browser_version', 'properties.$device']),
    { id: 'minimal-identity', select: 'properties.distinct_id', granted: anonymous },
  ],
};

const sentry = {
  version: 1,
  id: 'sentry-minimal',
  extends: 'sentry',
  unlisted: 'drop',
  events: [
    // Item types not named below (logs, feedback, profiles, check-ins, attachments) carry content,
    // not counts: they need functional, which strip denies.
    { id: 'sentry-items', match: '*', purposes: ['analytics', 'functional'] },
    { id: 'minimal-sessions', match: ['session', 'sessions'], purposes: ['analytics'] },
  ],
  rules: [
    personalKeys('sentry', ['extra', 'contexts', 'tags']),
    { id: 'sentry-user', select: ['user', 'did'], purposes: ['functional'] },
    { id: 'sentry-user-ip', select: ['attrs.ip_address'], granted: drop },
    { id: 'sentry-urls', select: 'request.url', granted: originOnly },
    { id: 'sentry-referrer', select: ['request.headers.Referer', 'request.headers.referer'], granted: drop },
    { id: 'sentry-user-agent', select: 'attrs.user_agent', granted: coarseAgent },
    // The preset keeps the type of URL, IP and agent attributes it rewrites; strip sends no
    // attributes at all, so nothing deep is listed.
    { id: 'sentry-attribute-types', select: 'attributes', granted: drop },
    // The envelope header and item headers.
    keep('minimal-envelope', ['event_id', 'sent_at', 'dsn', 'type', 'length', 'content_type', 'item_count', 'version']),
    keep('minimal-trace', ['trace.trace_id', 'trace.public_key', 'trace.release', 'trace.environment', 'trace.sample_rate', 'trace.sampled',
      'contexts.trace.trace_id', 'contexts.trace.span_id', 'contexts.trace.parent_span_id', 'contexts.trace.op', 'contexts.trace.status']),
    keep('minimal-event', ['timestamp', 'start_timestamp', 'platform', 'level', 'release', 'environment']),
    keep('minimal-sdk', ['sdk.name', 'sdk.version']),
    // An error counts by its kind (`TypeError`), not its message or stack.
    keep('minimal-errors', ['exception.values[*].type', 'exception.values[*].mechanism.type', 'exception.values[*].mechanism.handled']),
    keep('minimal-sessions', ['sid', 'status', 'errors', 'started', 'init', 'duration', 'attrs.release', 'attrs.environment',
      'aggregates[*].started', 'aggregates[*].exited', 'aggregates[*].errored', 'aggregates[*].abnormal', 'aggregates[*].crashed']),
    // Streamed spans (span v2 items): timing and nesting; their names and attributes may hold addresses.
    keep('minimal-spans', ['trace_id', 'span_id', 'parent_span_id', 'start_timestamp', 'end_timestamp', 'status', 'is_segment']
      .map((f) => `items[*].${f}`)),
    keep('minimal-client-reports', ['discarded_events[*].reason', 'discarded_events[*].category', 'discarded_events[*].quantity']),
  ],
};

// OTLP: each span, log record and metric is an event; resources and scopes surround them.
const otel = {
  version: 1,
  id: 'otel-minimal',
  extends: 'otel',
  unlisted: 'drop',
  rules: [
    personalKeys('otel', ['attributes']),
    { id: 'otel-user', select: ['attributes."user.email"', 'attributes."user.name"', 'attributes."user.full_name"', 'attributes."enduser.id"'], purposes: ['functional'] },
    { id: 'otel-urls', select: ['attributes."url.full"', 'attributes."http.url"', 'attributes."url.query"', 'attributes."http.target"'], granted: drop },
    { id: 'otel-referrer', select: 'attributes."http.request.header.referer"', granted: drop },
    { id: 'otel-user-agent', select: ['attributes."user_agent.original"', 'attributes."http.user_agent"'], granted: coarseAgent },
    { id: 'otel-ip', select: ['attributes."client.address"', 'attributes."net.peer.ip"', 'attributes."http.client_ip"'], granted: drop },
    keep('minimal-span', ['name', 'kind', 'traceId', 'spanId', 'parentSpanId', 'startTimeUnixNano', 'endTimeUnixNano', 'status.code']),
    keep('minimal-log', ['timeUnixNano', 'observedTimeUnixNano', 'severityNumber', 'severityText']),
    keep('minimal-metric', ['unit', '*.aggregationTemporality', '*.isMonotonic', '*.dataPoints[*].startTimeUnixNano', '*.dataPoints[*].timeUnixNano',
      '*.dataPoints[*].asDouble', '*.dataPoints[*].asInt', '*.dataPoints[*].count', '*.dataPoints[*].sum', '*.dataPoints[*].min', '*.dataPoints[*].max',
      '*.dataPoints[*].bucketCounts', '*.dataPoints[*].explicitBounds']),
    // Around the records: the resource's service and SDK, the scope's name and version. (Named
    // in full: a leading `*` would also keep a record's attribute keys alive.)
    keep('minimal-sdk', [['resourceSpans', 'scopeSpans'], ['resourceLogs', 'scopeLogs'], ['resourceMetrics', 'scopeMetrics']].flatMap(([resource, scope]) => [
      ...['service.name', 'service.version', 'telemetry.sdk.name', 'telemetry.sdk.language', 'telemetry.sdk.version'].map((a) => `${resource}[*].resource.attributes."${a}"`),
      `${resource}[*].${scope}[*].scope.name`, `${resource}[*].${scope}[*].scope.version`,
    ])),
  ],
};

/** The strip policy for each vendor, by preset name. */
export const MINIMAL_POLICIES = Object.freeze({ posthog, segment, sentry, amplitude, mixpanel, otel });

/** The policy each vendor's guard uses under strip: the person's own where they saved one, else the strip policy. */
export function policiesFor(settings) {
  return { ...MINIMAL_POLICIES, ...settings.policies };
}
