// OpenTelemetry web rich mode: traces (fetch and XHR instrumentation of the app's requests, whose
// URLs carry a query; a manual span with attributes, an event and a recorded exception), logs
// (@opentelemetry/sdk-logs + OTLP/HTTP: /otel/v1/logs) and metrics (@opentelemetry/sdk-metrics +
// OTLP/HTTP: /otel/v1/metrics). OpenTelemetry web has no error or click autocapture of its own
// (those are contrib instrumentations, not installed).
//   ?variant=default | simple (SimpleSpanProcessor: one request per span)
import { route, guard } from '../sdk/page.js';
import { WebTracerProvider, SimpleSpanProcessor, BatchSpanProcessor } from '@opentelemetry/sdk-trace-web';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { LoggerProvider, BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { XMLHttpRequestInstrumentation } from '@opentelemetry/instrumentation-xml-http-request';
import { ConsentSpanProcessor, ConsentLogRecordProcessor, ConsentMetricExporter } from 'consent-guard/integrations';
import { CANARIES, NESTED, variant, mountFixture, appTraffic, throwUncaught, rejectUnhandled, throwInline, spaNavigate, consoleNoise, step } from './rich.js';

mountFixture();
const base = `${location.origin}/otel`;
const traceExporter = new OTLPTraceExporter({ url: `${base}/v1/traces`, headers: { 'x-demo': '1' } });
const exporting = variant === 'simple' ? new SimpleSpanProcessor(traceExporter) : new BatchSpanProcessor(traceExporter, { scheduledDelayMillis: 500 });
const provider = new WebTracerProvider({
  spanProcessors: [route === 'hook' ? new ConsentSpanProcessor(exporting, guard) : exporting],
});
provider.register();
registerInstrumentations({
  tracerProvider: provider,
  instrumentations: [
    new FetchInstrumentation({ ignoreUrls: [/\/otel\//, /\/__collector/], propagateTraceHeaderCorsUrls: [/.*/] }),
    new XMLHttpRequestInstrumentation({ ignoreUrls: [/\/otel\//, /\/__collector/] }),
  ],
});
// The hook route wraps each exporting processor or exporter in its consent-guard counterpart.
function hooked(inner, Wrapper) {
  return route === 'hook' ? new Wrapper(inner, guard) : inner;
}
const loggerProvider = new LoggerProvider({
  // no headers: the browser exporter may send these with sendBeacon
  processors: [hooked(new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${base}/v1/logs` }), scheduledDelayMillis: 500 }), ConsentLogRecordProcessor)],
});
const meterProvider = new MeterProvider({
  readers: [new PeriodicExportingMetricReader({ exporter: hooked(new OTLPMetricExporter({ url: `${base}/v1/metrics` }), ConsentMetricExporter), exportIntervalMillis: 1000 })],
});
const tracer = provider.getTracer('consent-guard-rich');
const logger = loggerProvider.getLogger('consent-guard-rich');
const meter = meterProvider.getMeter('consent-guard-rich');

window.__rich = {
  sdk: 'otel',
  async api() {
    const span = tracer.startSpan('checkout', {
      attributes: { 'url.full': location.href, 'user.email': CANARIES.span_attr, 'enduser.id': CANARIES.user_id, 'app.order': JSON.stringify(NESTED.order) },
    });
    span.addEvent('cart.updated', { 'customer.email': CANARIES.prop_email });
    span.recordException(new Error(CANARIES.error_captured));
    span.end();
    logger.emit({ severityText: 'INFO', body: CANARIES.log_message, attributes: { 'customer.email': CANARIES.log_attr, 'url.full': location.href } });
    meter.createCounter('checkout.count').add(1, { 'customer.email': CANARIES.metric_attr });
    meter.createHistogram('checkout.value').record(42.5, { 'customer.email': CANARIES.metric_attr });
    consoleNoise();
    await appTraffic();
    throwUncaught();
    rejectUnhandled();
    throwInline();
    step('api');
  },
  spa: spaNavigate,
  async flush() {
    await new Promise((r) => setTimeout(r, 1500));
    await Promise.all([provider.forceFlush(), loggerProvider.forceFlush(), meterProvider.forceFlush()]);
  },
};
window.__flush = () => window.__rich.flush();
