// @segment/analytics-next on the hook route (segmentPlugin + segmentLoadOptions) as an app wires
// it. ?consent=<json> is the consent at load; ?sync=1 makes the Guard with createGuardSync (the
// storage decision is then known when the SDK loads). The test drives window.__seg / __guard.
import { createGuard, createGuardSync, purge } from 'consent-guard/sync';
import { AnalyticsBrowser } from '@segment/analytics-next';
import { segmentPlugin, segmentLoadOptions } from 'consent-guard/integrations';

const params = new URLSearchParams(location.search);
const consent = JSON.parse(params.get('consent') ?? '{}');
const extra = JSON.parse(params.get('options') ?? '{}'); // ?options=<json>: more load options
const guard = params.get('sync') === '1' ? createGuardSync({ preset: 'segment', consent }) : createGuard({ preset: 'segment', consent });
window.__guardReady = Promise.resolve(guard).then((g) => (window.__guard = g));
window.__purge = purge;
const apiHost = `${location.host}/segment/v1`;
const protocol = location.protocol.slice(0, -1);
const analytics = AnalyticsBrowser.load(
  {
    writeKey: 'SEGMENTATTACK12',
    cdnSettings: { integrations: { 'Segment.io': { apiKey: 'SEGMENTATTACK12', apiHost, protocol } } },
    plugins: [segmentPlugin(guard)],
  },
  segmentLoadOptions(guard, { integrations: { 'Segment.io': { apiHost, protocol } }, ...extra }),
);
window.__seg = analytics;
