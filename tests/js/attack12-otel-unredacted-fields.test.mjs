// attack12: ConsentSpanProcessor, ConsentLogRecordProcessor and ConsentMetricExporter redact a
// hand-picked view of what OpenTelemetry hands them (a span's name, attributes, events and status;
// a log's body and attributes; a data point's attributes) and pass the SDK's own object on with
// those fields replaced. Everything else the OTLP exporter serializes goes out as the app set it:
// the Resource's attributes (where browser apps put `enduser.id`, `user.email`, the page URL),
// span links' attributes, the instrumentation scope and its schemaUrl, a log's `eventName` and
// `severityText`, a metric's description and its Resource. On the interceptor route the same OTLP
// body is redacted whole ("resources, scopes, schemaUrl and unknown fields are redacted as the
// part around them"); on the hook route none of it is.
//
// Class: the hook-route wrappers redact an allowlist of record fields and forward the rest of the
// record untouched (a view over the original, not a redacted copy of what gets serialized). Leak:
// detected emails and phones, `enduser.id`/`user.email` (which need functional), URL query tokens,
// under consent { analytics }, hook route. Checked with the SDK's own OTLP/JSON serializer, i.e.
// exactly the bytes OTLPTraceExporter / OTLPLogExporter / OTLPMetricExporter would send.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createGuardSync } from 'consent-guard';
import { exporter, found } from './support/otel-wire.mjs';
import { ConsentSpanProcessor, ConsentLogRecordProcessor, ConsentMetricExporter } from 'consent-guard/integrations';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { JsonTraceSerializer, JsonLogsSerializer, JsonMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';

const consent = { analytics: true };
const resource = () => resourceFromAttributes({
  'service.name': 'shop-web',
  'user.email': 'otres.jane@example.com',
  'enduser.id': 'OTRES-ENDUSER-31',
  'url.full': 'https://shop.example/checkout?token=OTRESTOK-5',
});
const RESOURCE_PLANTED = ['otres.jane@example.com', 'OTRES-ENDUSER-31', 'OTRESTOK-5'];


test('ConsentSpanProcessor: nothing planted in the resource, links or scope is exported', async () => {
  const guard = createGuardSync({ preset: 'otel', consent });
  const sent = [];
  const provider = new BasicTracerProvider({
    resource: resource(),
    spanProcessors: [new ConsentSpanProcessor(new SimpleSpanProcessor(exporter(JsonTraceSerializer, sent)), guard)],
  });
  const tracer = provider.getTracer('checkout otscope.jane@example.com', '1.0.0', { schemaUrl: 'https://schemas.example/1.0?token=OTSCHEMATOK-6' });
  const previous = tracer.startSpan('previous');
  previous.end();
  const span = tracer.startSpan('checkout', {
    attributes: { plan: 'pro', 'user.email': 'otattr.jane@example.com' },
    links: [{ context: previous.spanContext(), attributes: { 'user.email': 'otlink.jane@example.com', 'enduser.id': 'OTLINK-ENDUSER-8', 'customer.phone': '+1 415 555 0177' } }],
  });
  span.end();
  await provider.forceFlush();
  const text = sent.join('\n');
  assert.ok(text.includes('"checkout"') && text.includes('"pro"'), 'the span is exported');
  assert.ok(!text.includes('otattr.jane@example.com'), 'span attributes are redacted (the view the processor does redact)');
  const leaked = found(text, [...RESOURCE_PLANTED, 'otlink.jane@example.com', 'OTLINK-ENDUSER-8', '415 555 0177', 'otscope.jane@example.com', 'OTSCHEMATOK-6']);
  assert.deepEqual(leaked, [], `exported unredacted: ${leaked.join(', ')}`);
  await provider.shutdown();
  guard.free();
});

test('ConsentLogRecordProcessor: nothing planted in the resource, eventName or severityText is exported', async () => {
  const guard = createGuardSync({ preset: 'otel', consent });
  const sent = [];
  const provider = new LoggerProvider({
    resource: resource(),
    processors: [new ConsentLogRecordProcessor(new SimpleLogRecordProcessor({ exporter: exporter(JsonLogsSerializer, sent) }), guard)],
  });
  provider.getLogger('app').emit({
    eventName: 'checkout.failed otevent.jane@example.com',
    severityText: 'ERROR otsev.jane@example.com',
    body: 'payment declined for otbody.jane@example.com',
    attributes: { plan: 'pro' },
  });
  await new Promise((r) => setTimeout(r, 50));
  await provider.forceFlush();
  const text = sent.join('\n');
  assert.ok(text.includes('payment declined'), 'the log record is exported');
  assert.ok(!text.includes('otbody.jane@example.com'), 'the body is redacted');
  const leaked = found(text, [...RESOURCE_PLANTED, 'otevent.jane@example.com', 'otsev.jane@example.com']);
  assert.deepEqual(leaked, [], `exported unredacted: ${leaked.join(', ')}`);
  await provider.shutdown();
  guard.free();
});

test('ConsentMetricExporter: nothing planted in the resource or a metric description is exported', async () => {
  const guard = createGuardSync({ preset: 'otel', consent });
  const sent = [];
  const reader = new PeriodicExportingMetricReader({ exporter: new ConsentMetricExporter(exporter(JsonMetricsSerializer, sent), guard), exportIntervalMillis: 60000 });
  const provider = new MeterProvider({ resource: resource(), readers: [reader] });
  provider.getMeter('app').createCounter('checkout.count', { description: 'checkouts by otdesc.jane@example.com' }).add(1, { plan: 'pro', customer: 'otpoint.jane@example.com' });
  await provider.forceFlush();
  const text = sent.join('\n');
  assert.ok(text.includes('checkout.count'), 'the metric is exported');
  assert.ok(!text.includes('otpoint.jane@example.com'), 'data point attributes are redacted');
  const leaked = found(text, [...RESOURCE_PLANTED, 'otdesc.jane@example.com']);
  assert.deepEqual(leaked, [], `exported unredacted: ${leaked.join(', ')}`);
  await provider.shutdown();
  guard.free();
});

// The logs SDK takes scope attributes (`getLogger(name, version, { attributes })`), and the
// OTLP serializer writes them into every scopeLogs entry.
test('ConsentLogRecordProcessor: scope attributes are redacted with the record', async () => {
  const guard = createGuardSync({ preset: 'otel', consent });
  const sent = [];
  const provider = new LoggerProvider({
    processors: [new ConsentLogRecordProcessor(new SimpleLogRecordProcessor({ exporter: exporter(JsonLogsSerializer, sent) }), guard)],
  });
  provider.getLogger('app', '1.0.0', { attributes: { owner: 'otscopeattr.jane@example.com', team: 'checkout' } }).emit({ body: 'checkout done', attributes: { plan: 'pro' } });
  await new Promise((r) => setTimeout(r, 50));
  await provider.forceFlush();
  const text = sent.join('\n');
  assert.ok(text.includes('checkout done'), 'the log record is exported');
  assert.ok(text.includes('"team"'), 'the scope attributes are exported, redacted');
  assert.deepEqual(found(text, ['otscopeattr.jane@example.com']), [], text);
  await provider.shutdown();
  guard.free();
});
