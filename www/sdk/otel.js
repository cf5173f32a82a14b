// OpenTelemetry web demo: a ConsentSpanProcessor around the exporting processor on the hook
// route, the interceptor (OTLP/JSON codec) on the other.
import { route, guard, mountPanel, captured, CANARY } from './page.js';
import { WebTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-web';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ConsentSpanProcessor } from 'consent-guard/integrations';

const exporting = new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${location.origin}/otel/v1/traces`, headers: { 'x-demo': '1' } }));
const provider = new WebTracerProvider({
  spanProcessors: [route === 'hook' ? new ConsentSpanProcessor(exporting, guard) : exporting],
});
const tracer = provider.getTracer('consent-guard-demo');

function span(name, attributes) {
  tracer.startSpan(name, { attributes }).end();
  captured(name, attributes);
}

const actions = {
  'Identify': () => span('identify', { 'user.email': CANARY.email, 'user.name': CANARY.name, 'enduser.id': 'user-123' }),
  'Track checkout': () => span('checkout', { 'url.full': location.href, plan: 'pro', 'app.note': `call ${CANARY.phone}`, 'app.card': CANARY.card }),
  [`Email ${CANARY.email}`]: () => span('click', { 'app.text': `Email ${CANARY.email}` }),
};
// For bench/hooks.mjs: one capture() call of this SDK.
window.__capture = () => tracer.startSpan('checkout', { attributes: { plan: 'pro', 'url.full': location.href } }).end();
mountPanel('otel', actions);
window.__flush = () => provider.forceFlush();
actions.Identify();
actions['Track checkout']();
