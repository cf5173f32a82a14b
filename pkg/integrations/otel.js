// OpenTelemetry web: spans pass a SpanProcessor, log records a LogRecordProcessor, metrics only
// their exporter. Each wrapper redacts what it is handed and passes a redacted view on to the
// exporting processor or exporter; what may not be sent never reaches it. Before the engine is
// ready, spans and logs wait and metric exports wait; if it never loads, nothing is exported.

import { guardRef, redactWith } from './guard-ref.js';

/** Calls `pass(x)` now if the engine is ready, later when it is, never if it fails. */
function whenReady(ref, waiting, pass) {
  return (x) => {
    if (ref.guard) pass(x);
    else if (!ref.failed) waiting.push(x);
  };
}

function drainOnReady(ref, waiting, pass) {
  ref.ready.then(() => waiting.splice(0).forEach(pass), () => waiting.splice(0));
}

// A view whose listed fields replace the record's own (the SDK reads them through getters).
function viewOf(record, fields) {
  const props = {};
  for (const [k, value] of Object.entries(fields)) props[k] = { value, enumerable: true };
  return Object.create(record, props);
}

// Everything of a record's resource and instrumentation scope that the exporter writes out:
// redacted with the record, so nothing of them leaves unread.
function scopeView(scope = {}) {
  const view = { name: scope.name ?? '', version: scope.version, schemaUrl: scope.schemaUrl };
  // Scope attributes (the logs SDK's `getLogger(name, version, { attributes })`) are serialized
  // into every scope entry.
  if (scope.attributes && typeof scope.attributes === 'object') view.attributes = scope.attributes;
  return view;
}

// The scope as the exporter will read it: only the fields it writes, each from the redacted view
// (never a raw copy of the original's other fields).
function scopeFrom(out = {}) {
  const scope = { name: out.name ?? 'redacted', version: out.version, schemaUrl: out.schemaUrl };
  if (out.attributes && typeof out.attributes === 'object') {
    scope.attributes = out.attributes;
    scope.droppedAttributesCount = 0;
  }
  return scope;
}

function resourceView(resource) {
  const view = { attributes: resource?.attributes ?? {} };
  if (typeof resource?.schemaUrl === 'string') view.schemaUrl = resource.schemaUrl;
  return view;
}

// The resource as the exporter reads it: attributes and schemaUrl from the redacted view.
function resourceFrom(resource, out = {}) {
  return viewOf(resource, { attributes: out.attributes ?? {}, schemaUrl: typeof out.schemaUrl === 'string' ? out.schemaUrl : undefined });
}

function contextView(record) {
  return {
    resource: resourceView(record.resource),
    scope: scopeView(record.instrumentationScope),
  };
}

function contextFields(record, out) {
  const fields = { instrumentationScope: scopeFrom(out.scope) };
  if (record.resource) fields.resource = resourceFrom(record.resource, out.resource);
  return fields;
}

// A W3C tracestate (vendor=value list) comes from the propagated context, and the exporter
// writes it for the span and each link: redacted as text; gone if the redaction dropped it.
function traceStateText(context) {
  try {
    const text = context?.traceState?.serialize?.();
    return typeof text === 'string' && text !== '' ? text : undefined;
  } catch {
    return undefined;
  }
}

function withTraceState(context, text) {
  const traceState = typeof text === 'string' && text !== '' ? { serialize: () => text } : undefined;
  return { ...context, traceState };
}

/**
 * A SpanProcessor that redacts each ended span before handing it to `inner` (the exporting
 * processor): `new ConsentSpanProcessor(new BatchSpanProcessor(exporter), guard)`.
 */
export class ConsentSpanProcessor {
  #inner;
  #ref;
  #waiting = [];
  #onEnd;

  constructor(inner, guard) {
    if (!inner || typeof inner.onEnd !== 'function') throw new TypeError('ConsentSpanProcessor: pass the exporting SpanProcessor');
    this.#inner = inner;
    this.#ref = guardRef(guard, 'ConsentSpanProcessor');
    const pass = (span) => this.#pass(span);
    this.#onEnd = whenReady(this.#ref, this.#waiting, pass);
    drainOnReady(this.#ref, this.#waiting, pass);
  }

  onStart(span, context) {
    this.#inner.onStart?.(span, context);
  }

  onEnd(span) {
    this.#onEnd(span);
  }

  #pass(span) {
    const view = {
      name: span.name,
      kind: span.kind,
      attributes: span.attributes,
      events: (span.events ?? []).map((e) => ({ name: e.name, attributes: e.attributes ?? {} })),
      links: (span.links ?? []).map((l) => ({ attributes: l.attributes ?? {}, trace_state: traceStateText(l.context) })),
      status: span.status,
      trace_state: traceStateText(span.spanContext?.()),
      ...contextView(span),
    };
    const out = redactWith(this.#ref, 'otel', view, span.name);
    if (out === null) return;
    const events = (span.events ?? []).map((e, i) => ({ ...e, name: out.events?.[i]?.name ?? 'redacted', attributes: out.events?.[i]?.attributes ?? {} }));
    const links = (span.links ?? []).map((l, i) => ({
      ...l,
      context: withTraceState(l.context, out.links?.[i]?.trace_state),
      attributes: out.links?.[i]?.attributes ?? {},
    }));
    const context = withTraceState(span.spanContext(), out.trace_state);
    this.#inner.onEnd(viewOf(span, {
      name: out.name ?? 'redacted',
      attributes: out.attributes ?? {},
      events,
      links,
      // The code is the SDK's enum; the message only as redacted (a dropped one is not put back).
      status: { code: span.status?.code ?? 0, message: typeof out.status?.message === 'string' ? out.status.message : undefined },
      spanContext: () => context,
      ...contextFields(span, out),
    }));
  }

  async forceFlush() {
    await this.#ref.ready.catch(() => {});
    return this.#inner.forceFlush();
  }

  async shutdown() {
    await this.#ref.ready.catch(() => {});
    return this.#inner.shutdown();
  }
}

/**
 * A LogRecordProcessor that redacts each record's body and attributes before `inner` (the
 * exporting processor) sees it: `new ConsentLogRecordProcessor(new BatchLogRecordProcessor(exporter), guard)`.
 */
export class ConsentLogRecordProcessor {
  #inner;
  #ref;
  #waiting = [];
  #onEmit;

  constructor(inner, guard) {
    if (!inner || typeof inner.onEmit !== 'function') throw new TypeError('ConsentLogRecordProcessor: pass the exporting LogRecordProcessor');
    this.#inner = inner;
    this.#ref = guardRef(guard, 'ConsentLogRecordProcessor');
    const pass = ([record, context]) => this.#pass(record, context);
    const onEmit = whenReady(this.#ref, this.#waiting, pass);
    this.#onEmit = (record, context) => onEmit([record, context]);
    drainOnReady(this.#ref, this.#waiting, pass);
  }

  onEmit(record, context) {
    this.#onEmit(record, context);
  }

  #pass(record, context) {
    const view = {
      name: 'log', body: record.body, attributes: record.attributes ?? {}, severityText: record.severityText, eventName: record.eventName,
      ...contextView(record),
    };
    const out = redactWith(this.#ref, 'otel', view, 'log');
    if (out === null) return;
    this.#inner.onEmit(viewOf(record, {
      body: out.body ?? '',
      attributes: out.attributes ?? {},
      severityText: out.severityText,
      eventName: out.eventName,
      ...contextFields(record, out),
    }), context);
  }

  async forceFlush() {
    await this.#ref.ready.catch(() => {});
    return this.#inner.forceFlush();
  }

  async shutdown() {
    await this.#ref.ready.catch(() => {});
    return this.#inner.shutdown();
  }
}

/**
 * A PushMetricExporter that redacts the attributes of every data point before `inner` exports
 * them: `new PeriodicExportingMetricReader({ exporter: new ConsentMetricExporter(exporter, guard) })`.
 * A point that may not be sent is left out; a metric left with none is left out.
 */
export class ConsentMetricExporter {
  #inner;
  #ref;

  constructor(inner, guard) {
    if (!inner || typeof inner.export !== 'function') throw new TypeError('ConsentMetricExporter: pass the exporting PushMetricExporter');
    this.#inner = inner;
    this.#ref = guardRef(guard, 'ConsentMetricExporter');
    if (typeof inner.selectAggregationTemporality === 'function') this.selectAggregationTemporality = (k) => inner.selectAggregationTemporality(k);
    if (typeof inner.selectAggregation === 'function') this.selectAggregation = (k) => inner.selectAggregation(k);
  }

  export(metrics, resultCallback) {
    this.#ref.ready.then(
      () => {
        const out = this.#redact(metrics);
        if (out.scopeMetrics.length === 0) return resultCallback({ code: 0 });
        this.#inner.export(out, resultCallback);
      },
      (error) => resultCallback({ code: 1, error: error instanceof Error ? error : new Error('consent-guard did not load') }),
    );
  }

  #redact(metrics) {
    // The resource and each scope, once per export; then each metric's descriptor and points.
    const context = redactWith(this.#ref, 'otel', { name: 'metric', resource: resourceView(metrics.resource) }, 'metric');
    if (context === null) return { ...metrics, scopeMetrics: [] };
    const resource = metrics.resource ? resourceFrom(metrics.resource, context.resource) : metrics.resource;
    const scopeMetrics = [];
    for (const scoped of metrics.scopeMetrics ?? []) {
      const s = scoped.scope ?? {};
      const scopeOut = redactWith(this.#ref, 'otel', { name: 'metric', scope: scopeView(s) }, 'metric');
      if (scopeOut === null) continue;
      const kept = [];
      for (const metric of scoped.metrics ?? []) {
        const d = metric.descriptor ?? {};
        const described = redactWith(this.#ref, 'otel', { name: d.name ?? 'metric', descriptor: { name: d.name, description: d.description, unit: d.unit } }, 'metric');
        if (described === null) continue;
        const dataPoints = [];
        for (const point of metric.dataPoints ?? []) {
          const out = redactWith(this.#ref, 'otel', { name: d.name ?? 'metric', attributes: point.attributes ?? {} }, 'metric');
          if (out !== null) dataPoints.push({ ...point, attributes: out.attributes ?? {} });
        }
        // Name, description and unit from the redacted view only (one it dropped stays empty).
        const desc = described.descriptor ?? {};
        const descriptor = { ...d, name: desc.name ?? 'redacted', description: typeof desc.description === 'string' ? desc.description : '', unit: typeof desc.unit === 'string' ? desc.unit : '' };
        if (dataPoints.length > 0) kept.push({ ...metric, descriptor, dataPoints });
      }
      if (kept.length > 0) scopeMetrics.push({ ...scoped, scope: scopeFrom(scopeOut.scope), metrics: kept });
    }
    return { ...metrics, resource, scopeMetrics };
  }

  forceFlush() {
    return this.#inner.forceFlush?.() ?? Promise.resolve();
  }

  shutdown() {
    return this.#inner.shutdown?.() ?? Promise.resolve();
  }
}
