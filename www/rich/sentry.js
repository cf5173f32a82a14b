// @sentry/browser rich mode: errors (captured, uncaught, unhandled rejection, thrown from an
// inline script, console.error), breadcrumbs (fetch/XHR/console/clicks/navigation), tracing
// (pageload/navigation transactions, fetch/XHR spans, a manual span), session replay with network
// details, logs (Sentry.logger and console), metrics, user feedback, sessions, client reports.
//   ?variant=default (spans streamed as `span` items, Sentry 11's default traceLifecycle)
//          | static (traceLifecycle: 'static': spans inside `transaction` items)
//          | nocompress (replay useCompression: false: replay_recording is plain JSON)
import { route, guard } from '../sdk/page.js';
import * as Sentry from '@sentry/browser';
import { sentryConfig, sentryReplayOptions } from 'consent-guard/integrations';
import { CANARIES, NESTED, TRAITS, variant, mountFixture, appTraffic, throwUncaught, rejectUnhandled, throwInline, spaNavigate, consoleNoise, step } from './rich.js';

mountFixture();
const replayOptions = {
  // Unmasked on purpose: the fixtures show where text and typed values sit in the recording.
  maskAllText: false,
  maskAllInputs: false,
  blockAllMedia: false,
  useCompression: variant !== 'nocompress',
  flushMinDelay: 1000,
  flushMaxDelay: 1500,
  networkDetailAllowUrls: [/\/app-api\//],
  networkCaptureBodies: true,
  networkRequestHeaders: ['x-app-user'],
  networkResponseHeaders: ['content-type'],
};
const config = {
  dsn: `${location.protocol}//PUBLICKEY123@${location.host}/sentry/1`,
  release: 'rich@1.0.0',
  environment: 'capture',
  sendDefaultPii: true,
  attachStacktrace: true,
  tracesSampleRate: 1,
  enableLogs: true,
  ...(variant === 'static' ? { traceLifecycle: 'static' } : {}),
  replaysSessionSampleRate: 1,
  replaysOnErrorSampleRate: 1,
  integrations: (defaults) => [
    ...defaults,
    Sentry.browserTracingIntegration(),
    Sentry.replayIntegration(route === 'hook' ? sentryReplayOptions(guard, replayOptions) : replayOptions),
    Sentry.consoleLoggingIntegration({ levels: ['log', 'info', 'warn', 'error'] }),
    Sentry.httpClientIntegration(),
    Sentry.contextLinesIntegration(),
    Sentry.captureConsoleIntegration?.({ levels: ['error'] }),
  ].filter(Boolean),
};
Sentry.init(route === 'hook' ? sentryConfig(guard, config, { sentry: Sentry }) : config);

window.__rich = {
  sdk: 'sentry',
  async api() {
    Sentry.setUser({ id: CANARIES.user_id, email: CANARIES.trait_email, username: CANARIES.trait_name, phone: CANARIES.trait_phone });
    Sentry.setTag('customer_email', CANARIES.prop_email);
    Sentry.setContext('order', NESTED.order);
    Sentry.setExtra('traits', TRAITS);
    Sentry.addBreadcrumb({ category: 'app', message: `checkout for ${CANARIES.prop_email}`, data: NESTED.order });
    Sentry.startSpan({ name: 'checkout', op: 'app.checkout', attributes: { 'customer.email': CANARIES.span_attr } }, () => {});
    Sentry.captureException(new Error(CANARIES.error_captured), { extra: { order: NESTED.order } });
    Sentry.captureMessage(`message for ${CANARIES.prop_email}`);
    Sentry.logger.info(CANARIES.log_message, { customer: CANARIES.log_attr });
    Sentry.logger.error(Sentry.logger.fmt`payment failed for ${CANARIES.log_attr}`);
    Sentry.metrics?.count?.('checkout', 1, { attributes: { customer: CANARIES.metric_attr } });
    Sentry.metrics?.distribution?.('cart_value', 42.5, { unit: 'none', attributes: { customer: CANARIES.metric_attr } });
    Sentry.captureFeedback({ message: CANARIES.feedback, name: CANARIES.trait_name, email: CANARIES.trait_email });
    consoleNoise();
    await appTraffic();
    throwUncaught();
    rejectUnhandled();
    throwInline();
    step('api');
  },
  spa: spaNavigate,
  async flush() {
    await new Promise((r) => setTimeout(r, 2500));
    await Sentry.flush(3000);
  },
};
window.__flush = () => window.__rich.flush();
