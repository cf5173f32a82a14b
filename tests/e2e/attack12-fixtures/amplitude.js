// Amplitude on the hook route as an app wires it, with real SDK options the rich page does not use.
// ?consent=<json> (default {}), ?scenario=idb (replay events kept in IndexedDB: storeType 'idb')
// | replay-first (an unguarded replay plugin added before addAmplitudePlugin) | noreplay (no session replay plugin) | later-plugin (no replay; pageUrlEnrichmentPlugin added after addAmplitudePlugin)
// | later-custom (an app's own enrichment plugin, added through the module's read-only `add` after
// addAmplitudePlugin, writes an email and the page URL into every event)
import { createGuard, createGuardSync, purge } from 'consent-guard/sync';
import * as amplitude from '@amplitude/analytics-browser';
import { sessionReplayPlugin } from '@amplitude/plugin-session-replay-browser';
import { pageUrlEnrichmentPlugin } from '@amplitude/plugin-page-url-enrichment-browser';
import { addAmplitudePlugin, amplitudeReplayOptions } from 'consent-guard/integrations';

const params = new URLSearchParams(location.search);
const consent = JSON.parse(params.get('consent') ?? '{}');
const scenario = params.get('scenario') ?? 'idb';
// ?sync=1: a Guard made synchronously, so the storage decision is known at init.
const guard = params.get('sync') === '1' ? createGuardSync({ preset: 'amplitude', consent }) : createGuard({ preset: 'amplitude', consent });
window.__guardReady = Promise.resolve(guard).then((g) => (window.__guard = g));
window.__purge = purge;
const KEY = 'AMPLITUDEATTACK12';
const options = {
  serverUrl: `${location.origin}/amplitude/2/httpapi`,
  remoteConfig: { fetchRemoteConfig: true, serverUrl: `${location.origin}/amplitude/config` },
  flushIntervalMillis: 300,
  autocapture: { elementInteractions: true, formInteractions: true },
};
const replayOptions = {
  sampleRate: 1,
  configServerUrl: `${location.origin}/amplitude/config`,
  trackServerUrl: `${location.origin}/amplitude/sessions/v2/track`,
  privacyConfig: { defaultMaskLevel: 'light' },
  storeType: scenario === 'idb' ? 'idb' : 'memory',
};
if (scenario === 'idb') amplitude.add(sessionReplayPlugin(amplitudeReplayOptions(guard, replayOptions)));
// ?scenario=replay-first: the replay plugin added first (as README's example orders it), but made
// without amplitudeReplayOptions.
if (scenario === 'replay-first') amplitude.add(sessionReplayPlugin(replayOptions));
window.__ready = addAmplitudePlugin(amplitude, KEY, options, guard).then(async () => {
  // ?scenario=later-plugin: an official enrichment plugin the app adds once Amplitude runs.
  if (scenario === 'later-plugin') await amplitude.add(pageUrlEnrichmentPlugin()).promise;
  if (scenario === 'later-custom') {
    await amplitude.add({
      name: 'app-enrichment',
      type: 'enrichment',
      execute: async (event) => ({ ...event, event_properties: { ...event.event_properties, contact: 'alc.jane@example.com', page: location.href } }),
    }).promise;
  }
});
window.__amplitude = amplitude;
