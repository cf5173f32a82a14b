// mixpanel-browser on the hook route (mixpanelConfig) as an app wires it. ?consent=<json> is the
// consent at load; the test drives the rest through window.__mp and window.__guard.
import { createGuard, createGuardSync, purge } from 'consent-guard/sync';
import mixpanel from 'mixpanel-browser';
import { mixpanelConfig } from 'consent-guard/integrations';

const params = new URLSearchParams(location.search);
const consent = JSON.parse(params.get('consent') ?? '{}');
const extra = JSON.parse(params.get('config') ?? '{}');
// ?sync=1: a Guard made synchronously (createGuardSync), so the storage decision is known at init.
const guardPromise = params.get('sync') === '1' ? createGuardSync({ preset: 'mixpanel', consent }) : createGuard({ preset: 'mixpanel', consent });
window.__guardReady = Promise.resolve(guardPromise).then((g) => (window.__guard = g));
window.__purge = purge;
const config = {
  api_host: `${location.origin}/mixpanel`,
  persistence: 'localStorage',
  batch_flush_interval_ms: 2000,
  ...extra,
};
mixpanel.init('MIXPANELATTACK12', mixpanelConfig(guardPromise, config, { mixpanel }));
window.__mp = mixpanel;
