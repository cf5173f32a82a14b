// One-line drop-ins for each SDK's own hooks, one module per SDK (pkg/integrations/). Each takes
// a Guard, or the Promise createGuard returns: events that arrive before the engine is ready are
// held (or, where a hook must answer synchronously, withheld and re-submitted once it is), never
// sent raw; if the engine never loads, every channel is withheld. Each uses its vendor's preset
// (or the guard itself when its policy extends that preset). The channel table in the README says
// what each covers and what needs intercept(guard).

export { posthogBeforeSend, posthogConfig } from './integrations/posthog.js';
export { segmentPlugin, segmentLoadOptions } from './integrations/segment.js';
export { sentryConfig, sentryTransport, sentryReplayOptions, sentryHooks } from './integrations/sentry.js';
export { amplitudePlugin, amplitudeConfig, amplitudeReplayOptions, addAmplitudePlugin } from './integrations/amplitude.js';
export { mixpanelHooks, mixpanelConfig } from './integrations/mixpanel.js';
export { ConsentSpanProcessor, ConsentLogRecordProcessor, ConsentMetricExporter } from './integrations/otel.js';
