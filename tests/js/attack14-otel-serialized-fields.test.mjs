// attack14: what @opentelemetry/otlp-transformer's JSON serializers (the bytes OTLPTraceExporter,
// OTLPLogExporter and OTLPMetricExporter send) write that ConsentSpanProcessor,
// ConsentLogRecordProcessor and ConsentMetricExporter forward without redaction. The wrappers
// hand the exporting side a view over the SDK's own object (`Object.create(record, {...})`) with
// the redacted fields set; every field they do not set is read through the prototype, raw.
//
// 1. Fallback to the raw value when the policy drops a field. `status: out.status ?? span.status`
//    and `descriptor: { ...d, ...described.descriptor }`: a policy rule that drops a span's
//    `status`, or a metric's `description`/`unit`, or allowlist mode (`unlisted: "drop"`, which the
//    README recommends "where you can"), gets the original value back, unscanned. Dropping a
//    field is the one thing a drop rule promises; here it sends more than keeping it would.
//    Leak: an email in a span's status message and in a metric description / unit; consent
//    { analytics }; hook route.
// 2. Fields the serializer writes that no view covers: a span's and each link's `traceState`
//    (`spanContext().traceState.serialize()`, propagated from the parent context, e.g. a server's
//    tracestate or a vendor's member), and the Resource's `schemaUrl` (the scope's schemaUrl *is*
//    redacted: the preset's `**.schemaUrl` URL rule; the interceptor route redacts both).
//    Leak: an email in a tracestate member; a URL token and an email in the Resource's schemaUrl;
//    consent { analytics }; hook route.
//
// Class: allowlist-by-view over a prototype chain, and `??`/spread fallbacks to the original.
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
import { context, trace, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';

const consent = { analytics: true };


async function exportSpan(guard, { resource, parentTraceState, linkTraceState, status }) {
  const sent = [];
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new ConsentSpanProcessor(new SimpleSpanProcessor(exporter(JsonTraceSerializer, sent)), guard)],
  });
  let parent = context.active();
  if (parentTraceState) {
    parent = trace.setSpanContext(parent, {
      traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED, isRemote: true,
      traceState: new TraceState(parentTraceState),
    });
  }
  const links = linkTraceState
    ? [{ context: { traceId: '1af7651916cd43dd8448eb211c80319c', spanId: 'c7ad6b7169203331', traceFlags: TraceFlags.SAMPLED, traceState: new TraceState(linkTraceState) }, attributes: { kind: 'retry' } }]
    : [];
  const span = provider.getTracer('checkout-app', '1.0.0').startSpan('checkout', { attributes: { plan: 'pro' }, links }, parent);
  if (status) span.setStatus(status);
  span.end();
  await provider.forceFlush();
  await provider.shutdown();
  return sent.join('\n');
}

async function exportMetric(guard, { resource, description, unit }) {
  const sent = [];
  const reader = new PeriodicExportingMetricReader({ exporter: new ConsentMetricExporter(exporter(JsonMetricsSerializer, sent), guard), exportIntervalMillis: 60000 });
  const provider = new MeterProvider({ resource, readers: [reader] });
  provider.getMeter('checkout-app').createCounter('checkout.count', { description, unit }).add(1, { plan: 'pro' });
  await provider.forceFlush();
  await provider.shutdown();
  return sent.join('\n');
}

test('ConsentSpanProcessor: a policy that drops `status` does not send the original status message', async () => {
  // The page's policy never sends span status (error messages); a drop for a purpose not granted
  // (`purposes: ['marketing']`) behaves the same.
  const guard = createGuardSync({
    policy: { version: 1, extends: 'otel', rules: [{ id: 'no-status', select: 'status', granted: { type: 'drop' } }] },
    consent,
  });
  const text = await exportSpan(guard, { status: { code: SpanStatusCode.ERROR, message: 'payment failed for otstatus14.jane@example.com' } });
  assert.ok(text.includes('"checkout"'), 'the span is exported');
  assert.deepEqual(found(text, ['otstatus14.jane@example.com', 'payment failed for']), [], 'the dropped status went out raw');
  guard.free();
});

test('ConsentMetricExporter: allowlist mode (unlisted: "drop") does not send the original description and unit', async () => {
  const guard = createGuardSync({ policy: { version: 1, extends: 'otel', unlisted: 'drop' }, consent });
  const text = await exportMetric(guard, { description: 'checkouts by otdesc14.jane@example.com', unit: '{otunit14.jane@example.com}' });
  assert.ok(text.includes('"sum"'), 'the metric is exported');
  assert.deepEqual(found(text, ['otdesc14.jane@example.com', 'otunit14.jane@example.com']), [], 'dropped descriptor fields went out raw');
  guard.free();
});

test('ConsentMetricExporter: a rule that drops the description does not send it raw', async () => {
  const guard = createGuardSync({
    policy: { version: 1, extends: 'otel', rules: [{ id: 'no-desc', select: 'descriptor.description', granted: { type: 'drop' } }] },
    consent,
  });
  const text = await exportMetric(guard, { description: 'checkouts by otdescrule14.jane@example.com' });
  assert.ok(text.includes('checkout.count'), 'the metric is exported');
  assert.deepEqual(found(text, ['otdescrule14.jane@example.com']), [], 'the dropped description went out raw');
  guard.free();
});

test('ConsentSpanProcessor: tracestate members (the span\'s and its links\') are not exported unredacted', async () => {
  const guard = createGuardSync({ preset: 'otel', consent });
  const text = await exportSpan(guard, { parentTraceState: 'app=otts14.jane@example.com,vnd=ok', linkTraceState: 'lnk=otlinkts14.jane@example.com' });
  assert.ok(text.includes('"checkout"'), 'the span is exported');
  assert.deepEqual(found(text, ['otts14.jane@example.com', 'otlinkts14.jane@example.com']), [], 'tracestate exported raw');
  guard.free();
});

test('all three wrappers: the Resource\'s schemaUrl is redacted like the scope\'s', async () => {
  const guard = createGuardSync({ preset: 'otel', consent });
  const resource = () => resourceFromAttributes({ 'service.name': 'shop-web' }, { schemaUrl: 'https://schemas.example/1.0?token=OTRSCHEMA14TOK&email=otrschema14.jane%40example.com' });
  const planted = ['OTRSCHEMA14TOK', 'otrschema14.jane'];
  const spans = await exportSpan(guard, { resource: resource() });
  const metrics = await exportMetric(guard, { resource: resource(), description: 'checkouts' });
  const logs = [];
  const provider = new LoggerProvider({
    resource: resource(),
    processors: [new ConsentLogRecordProcessor(new SimpleLogRecordProcessor({ exporter: exporter(JsonLogsSerializer, logs) }), guard)],
  });
  provider.getLogger('checkout-app').emit({ body: 'checkout done', attributes: { plan: 'pro' } });
  await new Promise((r) => setTimeout(r, 50));
  await provider.forceFlush();
  await provider.shutdown();
  assert.ok(spans.includes('"checkout"') && metrics.includes('checkout.count') && logs.join('').includes('checkout done'), 'all three are exported');
  const leaked = { spans: found(spans, planted), logs: found(logs.join('\n'), planted), metrics: found(metrics, planted) };
  assert.deepEqual(leaked, { spans: [], logs: [], metrics: [] }, 'resource schemaUrl exported raw');
  guard.free();
});
