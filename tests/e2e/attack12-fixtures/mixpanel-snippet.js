// mixpanel-browser installed as Mixpanel documents for websites: its loader snippet (run just
// before this code, in the same script: window.mixpanel is the stub that queues calls) and the CDN build, with
// consent-guard's integration on the hook route. The app calls identify and alias right after
// init, as apps do at login, before the CDN build has loaded.
import { createGuardSync } from 'consent-guard/sync';
import { mixpanelConfig } from 'consent-guard/integrations';

const params = new URLSearchParams(location.search);
const consent = JSON.parse(params.get('consent') ?? '{}');
const guard = createGuardSync({ preset: 'mixpanel', consent });
window.__guard = guard;
const { mixpanel } = window; // the snippet's stub
// mixpanelConfig refuses the snippet's stub (its queued identify/alias replay past every hook):
// the app learns it at once, and nothing is initialized.
try {
  mixpanel.init('MIXPANELSNIPPET12', mixpanelConfig(guard, { api_host: `${location.origin}/mixpanel`, persistence: 'localStorage' }, { mixpanel }));
} catch (e) {
  window.__initError = String(e?.message ?? e);
}
mixpanel.identify(params.get('uid'));
mixpanel.alias(params.get('alias'));
