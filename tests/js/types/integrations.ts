// Each integration wired to the real SDK's types from node_modules, as a page would: compiled
// under --strict by tests/js/types.test.mjs. Each `@ts-expect-error` line is a wrong use that must
// fail (tsc also fails if one of them compiles).
import { posthog, type BeforeSendFn, type CaptureResult, type MetricSample, type PostHogConfig } from 'posthog-js';
import { AnalyticsBrowser, type Context, type Plugin } from '@segment/analytics-next';
import * as Sentry from '@sentry/browser';
import { createInstance, type Types as AmplitudeTypes } from '@amplitude/analytics-browser';
import { sessionReplayPlugin } from '@amplitude/plugin-session-replay-browser';
import mixpanel, { type Config as MixpanelConfig, type Mixpanel, type BeforeSendHookPayload } from 'mixpanel-browser';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { WebTracerProvider } from '@opentelemetry/sdk-trace-web';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { createGuard, createGuardSync, type Guard } from 'consent-guard';
import * as cg from 'consent-guard/integrations';

const guard: Guard = createGuardSync({ preset: 'posthog', consent: { analytics: true } });
const pending: Promise<Guard> = createGuard({ preset: 'posthog' });

// --- posthog-js ------------------------------------------------------------------------------
const beforeSend: BeforeSendFn = cg.posthogBeforeSend(guard, { posthog });
const captured: CaptureResult | null = beforeSend({ uuid: 'u', event: '$pageview', properties: { $current_url: 'https://a.example/' } });
posthog.init('phc_key', { api_host: 'https://eu.i.posthog.com', before_send: cg.posthogBeforeSend(pending) });
posthog.init('phc_key', cg.posthogConfig(guard, {
  api_host: 'https://eu.i.posthog.com',
  persistence: 'localStorage',
  before_send: [(event: CaptureResult) => event],
  logs: { captureConsoleLogs: true },
  metrics: { beforeSend: (sample: MetricSample) => (sample.name.startsWith('debug_') ? null : sample) },
}, { posthog }));
const phConfig: Partial<PostHogConfig> = cg.posthogConfig(pending, {}, { posthog, intercepted: true });
// @ts-expect-error the page's own options are still checked against posthog.init's
posthog.init('phc_key', cg.posthogConfig(guard, { autocapture: 'yes' }));
// @ts-expect-error a Guard or the Promise of one, not options
cg.posthogBeforeSend({ preset: 'posthog' });
// @ts-expect-error the instance is needed to capture withheld events again
cg.posthogBeforeSend(guard, { posthog: {} });
// @ts-expect-error before_send takes an event object
beforeSend('$pageview');

// --- Segment analytics-next ------------------------------------------------------------------
const segment: Plugin = cg.segmentPlugin(pending);
const analytics = AnalyticsBrowser.load(
  { writeKey: 'wk', plugins: [cg.segmentPlugin(guard)] },
  cg.segmentLoadOptions(guard, { user: { cookie: { key: 'uid' } }, integrations: { 'Segment.io': { apiHost: 'api.example/v1' } } }),
);
void analytics.register(segment);
const trackHook: (ctx: Context) => Promise<Context> | Context = cg.segmentPlugin(guard).track;
// @ts-expect-error the page's own load options are still checked
AnalyticsBrowser.load({ writeKey: 'wk' }, cg.segmentLoadOptions(guard, { disableClientPersistence: 'yes' }));
// @ts-expect-error a plugin hook takes a Segment context, not an event
void cg.segmentPlugin(guard).track({ event: 'x' });

// --- @sentry/browser ---------------------------------------------------------------------------
Sentry.init(cg.sentryConfig(guard, {
  dsn: 'https://key@o0.ingest.sentry.io/0',
  integrations: [Sentry.replayIntegration(cg.sentryReplayOptions(guard, { maskAllText: true, beforeAddRecordingEvent: (e: { type: number }) => e }))],
}, { sentry: Sentry, onReceipt: (receipt, { vendor }) => void [receipt.kept, vendor] }));
const transport: Sentry.BrowserOptions['transport'] = cg.sentryTransport(pending, Sentry.makeFetchTransport);
Sentry.init({ dsn: 'https://key@o0.ingest.sentry.io/0', transport: cg.sentryTransport(guard, Sentry.makeBrowserOfflineTransport(Sentry.makeFetchTransport)) });
Sentry.init({ dsn: 'https://key@o0.ingest.sentry.io/0', transport, ...cg.sentryHooks(guard, { sentry: Sentry }) });
// @ts-expect-error a config that already has a transport is refused (wrap it with sentryTransport)
cg.sentryConfig(guard, { transport: Sentry.makeFetchTransport }, { sentry: Sentry });
// @ts-expect-error sentryConfig needs the Sentry namespace: its makeFetchTransport sends the envelopes
cg.sentryConfig(guard, { dsn: 'x' }, {});
// @ts-expect-error a transport factory, not a transport
cg.sentryTransport(guard, Sentry.makeFetchTransport({ url: 'https://o0.ingest.sentry.io/api/0/envelope/', recordDroppedEvent: () => undefined }));
// @ts-expect-error the page's own Sentry options are still checked
Sentry.init(cg.sentryConfig(guard, { dsn: 42 }, { sentry: Sentry }));

// --- @amplitude/analytics-browser --------------------------------------------------------------
const amplitude = createInstance();
const ampOptions: AmplitudeTypes.BrowserOptions = { serverUrl: 'https://api2.amplitude.com/2/httpapi', autocapture: { attribution: true } };
amplitude.init('AMPLITUDE_KEY', cg.amplitudeConfig(guard, ampOptions));
amplitude.init('AMPLITUDE_KEY', cg.amplitudeConfig(pending, { flushIntervalMillis: 200, autocapture: false }));
amplitude.add(cg.amplitudePlugin(guard));
amplitude.add(sessionReplayPlugin(cg.amplitudeReplayOptions(guard, { sampleRate: 1 }, { onReceipt: (receipt) => void receipt.events })));
const ampPlugin: cg.AmplitudePlugin = await cg.addAmplitudePlugin(amplitude, 'AMPLITUDE_KEY', ampOptions, pending);
// @ts-expect-error the page's own init options are still checked
amplitude.init('AMPLITUDE_KEY', cg.amplitudeConfig(guard, { flushIntervalMillis: 'soon' }));
// @ts-expect-error addAmplitudePlugin needs a client (add, remove, init), not its options
void cg.addAmplitudePlugin(ampOptions, 'AMPLITUDE_KEY', ampOptions, guard);

// --- mixpanel-browser --------------------------------------------------------------------------
mixpanel.init('MIXPANEL_TOKEN', cg.mixpanelConfig(guard, {
  api_host: 'https://api-eu.mixpanel.com',
  hooks: { before_send_events: (event: BeforeSendHookPayload) => event },
  loaded: (mp: Mixpanel) => mp.register({ plan: 'pro' }),
}, { mixpanel }), 'guarded');
mixpanel.init('MIXPANEL_TOKEN', { hooks: cg.mixpanelHooks(pending, { mixpanel }) });
const mpConfig: Partial<MixpanelConfig> = cg.mixpanelConfig(guard);
// @ts-expect-error the page's own config is still checked
mixpanel.init('MIXPANEL_TOKEN', cg.mixpanelConfig(guard, { batch_size: 'big' }));
// @ts-expect-error the instance is needed to track withheld events again
cg.mixpanelHooks(guard, { mixpanel: { init: mixpanel.init } });

// --- OpenTelemetry -----------------------------------------------------------------------------
const spanProcessor: SpanProcessor = new cg.ConsentSpanProcessor(new BatchSpanProcessor(new OTLPTraceExporter()), guard);
new WebTracerProvider({ spanProcessors: [spanProcessor, new cg.ConsentSpanProcessor(new BatchSpanProcessor(new OTLPTraceExporter()), pending)] });
const logProcessor: LogRecordProcessor = new cg.ConsentLogRecordProcessor(new BatchLogRecordProcessor({ exporter: new OTLPLogExporter() }), guard);
new LoggerProvider({ processors: [logProcessor] });
const metricExporter: PushMetricExporter = new cg.ConsentMetricExporter(new OTLPMetricExporter(), guard);
new PeriodicExportingMetricReader({ exporter: metricExporter });
new PeriodicExportingMetricReader({ exporter: new cg.ConsentMetricExporter(new OTLPMetricExporter(), pending) });
// @ts-expect-error an exporter is not the exporting span processor
new cg.ConsentSpanProcessor(new OTLPTraceExporter(), guard);
// @ts-expect-error a log processor takes the exporting log processor, not a span processor
new cg.ConsentLogRecordProcessor(new BatchSpanProcessor(new OTLPTraceExporter()), guard);
// @ts-expect-error a span processor is not a metric exporter
new cg.ConsentMetricExporter(new BatchSpanProcessor(new OTLPTraceExporter()), guard);

export { captured, phConfig, trackHook, ampPlugin, mpConfig };
