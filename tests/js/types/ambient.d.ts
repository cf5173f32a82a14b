// What the README examples leave to the page: keys, hosts and exporters it configures itself,
// its own helpers, and the global it sets. Typed as the SDKs type them; the SDKs themselves are
// imported by the examples from the packages in node_modules.
declare const KEY: string;
declare const TOKEN: string;
declare const api_host: string;
declare const writeKey: string;
declare const dsn: string;
/** amplitude.init's options. */
declare const options: import('@amplitude/analytics-browser').Types.BrowserOptions;
declare const traceExporter: import('@opentelemetry/sdk-trace-base').SpanExporter;
declare const exporter: import('@opentelemetry/sdk-logs').LogRecordExporter;
declare const metricExporter: import('@opentelemetry/sdk-metrics').PushMetricExporter;
/** The page's stored consent decisions. */
declare function savedConsent(): import('consent-guard').Consent;
declare function log(receipt: import('consent-guard').Receipt): void;

interface Window {
  consentGuard?: import('consent-guard').Guard;
}
