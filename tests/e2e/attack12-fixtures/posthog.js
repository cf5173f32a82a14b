// posthog-js on the hook route (posthogConfig) as an app wires it. ?consent=<json> is the consent
// at load, ?sync=1 makes the Guard with createGuardSync, ?config=<json> adds posthog.init options.
import { createGuard, createGuardSync } from 'consent-guard';
import posthog from 'posthog-js';
import { posthogConfig } from 'consent-guard/integrations';

const params = new URLSearchParams(location.search);
const consent = JSON.parse(params.get('consent') ?? '{}');
const extra = JSON.parse(params.get('config') ?? '{}');
const guard = params.get('sync') === '1' ? createGuardSync({ preset: 'posthog', consent }) : createGuard({ preset: 'posthog', consent });
window.__guardReady = Promise.resolve(guard).then((g) => (window.__guard = g));
const config = {
  api_host: `${location.origin}/posthog`,
  persistence: 'localStorage+cookie',
  person_profiles: 'always',
  autocapture: false,
  capture_pageview: false,
  disable_surveys: true,
  disable_session_recording: true,
  disable_external_dependency_loading: true,
  opt_out_useragent_filter: true,
  request_batching: false,
  ...extra,
};
posthog.init('phc_ATTACK12', posthogConfig(guard, config, { posthog }));
window.__ph = posthog;
