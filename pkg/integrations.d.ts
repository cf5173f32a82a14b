import type { Guard, Receipt } from './index.js';
type GuardLike = Guard | Promise<Guard>;
type Config = Record<string, unknown>;
type OnReceipt = (receipt: Receipt, request: { vendor: string; url?: string; transport: string }) => void;

/** posthog-js `before_send`. Pass `{ posthog }` to re-capture events withheld before the engine was ready. */
export declare function posthogBeforeSend(guard: GuardLike, options?: { posthog?: { capture: (...args: any[]) => unknown }; queueLimit?: number }): (event: any) => any;
/** The page's posthog.init config with every channel guarded (before_send, logs/metrics hooks, /flags off, memory persistence until storage is allowed). */
export declare function posthogConfig<C extends Config>(guard: GuardLike, config?: C, options?: { posthog?: { capture: (...args: any[]) => unknown; set_config: (c: Config) => void }; intercepted?: boolean; queueLimit?: number }): C & Config;

/** An analytics-next `before` plugin; drops cancel with `retry: false`. */
export declare function segmentPlugin(guard: GuardLike): { name: string; type: 'before'; version: string; isLoaded(): boolean; load(): Promise<void> } & Record<string, unknown>;
/** AnalyticsBrowser.load's options with client persistence off until storage is allowed. */
export declare function segmentLoadOptions<C extends Config>(guard: GuardLike, options?: C): C & Config;

/** Sentry.init options with Sentry's own transport guarded: every envelope is redacted whole. */
export declare function sentryConfig<C extends Config>(guard: GuardLike, config: C, options: { sentry: { makeFetchTransport: (...args: any[]) => unknown }; onReceipt?: OnReceipt }): C & { transport: (options: unknown) => unknown };
/** A Sentry `transport` option around any transport factory: each envelope is redacted before the inner transport sees it. */
export declare function sentryTransport(guard: GuardLike, makeTransport: (options: any) => any, options?: { onReceipt?: OnReceipt }): (options: any) => any;
/** replayIntegration options: each rrweb event redacted before it is recorded. */
export declare function sentryReplayOptions<C extends Config>(guard: GuardLike, options?: C): C & { beforeAddRecordingEvent: (event: any) => any };
/** Per-event hooks for pages that keep their own transport (they do not see feedback, sessions, replay). */
export declare function sentryHooks(guard: GuardLike, options?: { sentry?: { addBreadcrumb: (b: any) => void }; queueLimit?: number }): {
  beforeSend(event: any): Promise<any>;
  beforeSendTransaction(event: any): Promise<any>;
  beforeBreadcrumb(breadcrumb: any): any;
  beforeSendSpan(span: any): any;
  beforeSendLog(log: any): any;
  beforeSendMetric(metric: any): any;
};

/** An Amplitude enrichment plugin; add it after `init().promise`. */
export declare function amplitudePlugin(guard: GuardLike): { name: string; type: 'enrichment'; setup(): Promise<void>; execute(event: any): Promise<any> };
/** amplitude.init options that store nothing on the device until storage is allowed; diagnostics off. */
export declare function amplitudeConfig<C extends Config>(guard: GuardLike, options?: C): C & Config;
/** sessionReplayPlugin options whose uploads (handleSendEvents) are guarded. */
export declare function amplitudeReplayOptions<C extends Config>(guard: GuardLike, options?: C, extra?: { onReceipt?: OnReceipt }): C & { handleSendEvents: (request: any) => Promise<Response> };
/** `amplitude.init(apiKey, amplitudeConfig(guard, options))`, then the plugin once init has finished. */
export declare function addAmplitudePlugin(amplitude: any, apiKey: string, options: Config, guard: GuardLike): Promise<unknown>;

/** `hooks` for mixpanel.init: before_send_events, before_send_people, before_send_groups. */
export declare function mixpanelHooks(guard: GuardLike, options?: { mixpanel?: { track: (...args: any[]) => unknown }; queueLimit?: number }): {
  before_send_events(event: any): any;
  before_send_people(event: any): any;
  before_send_groups(event: any): any;
};
/** The page's mixpanel.init config with every channel guarded. Throws for the loader snippet's stub unless `intercepted`. */
export declare function mixpanelConfig<C extends Config>(guard: GuardLike, config?: C, options?: { mixpanel?: any; intercepted?: boolean; queueLimit?: number }): C & Config;

/** A SpanProcessor that redacts ended spans (with their resource, scope and links) before the exporting processor sees them. */
export declare class ConsentSpanProcessor {
  constructor(inner: any, guard: GuardLike);
  onStart(span: any, context: any): void;
  onEnd(span: any): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
/** A LogRecordProcessor that redacts each record before the exporting processor sees it. */
export declare class ConsentLogRecordProcessor {
  constructor(inner: any, guard: GuardLike);
  onEmit(record: any, context?: any): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
/** A PushMetricExporter that redacts resource, scopes, descriptors and data point attributes before export. */
export declare class ConsentMetricExporter {
  constructor(inner: any, guard: GuardLike);
  export(metrics: any, resultCallback: (result: { code: number; error?: Error }) => void): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
