// consent-guard/integrations: each SDK's hooks, typed by the shape of what the SDK hands them
// (structural: this package depends on no SDK). Hook functions are generic, so each one takes
// and returns the SDK's own event type: a redacted event is the same object shape with fields
// removed or rewritten, which the SDKs accept. Each `…Config` function returns the page's config
// type with the options it sets replaced, so the SDK's init still checks the page's own options.
// A hook the page writes inline in that config has no contextual type here: annotate its
// parameter with the SDK's type (`(event: CaptureResult) => ...`).
import type { Guard, Receipt } from './index.js';

/** A Guard, or the Promise from createGuard: events that arrive before it resolves are held or withheld. */
export type GuardLike = Guard | PromiseLike<Guard>;

/** Sees each request's receipt (never values). */
export type OnReceipt = (receipt: Receipt, request: { vendor: string; url?: string; transport: string }) => void;

/** `C[K]`, or `Else` when C has no such key. */
type Field<C, K extends PropertyKey, Else = never> = K extends keyof C ? C[K] : Else;
/** The object part of `C[K]` (a `true | {...}` option), or `{}`. */
type ObjectField<C, K extends PropertyKey> =
  [Extract<NonNullable<Field<C, K, undefined>>, object>] extends [never] ? {} : Extract<NonNullable<Field<C, K, undefined>>, object>;

// ---------------------------------------------------------------------------------------------
// posthog-js

/** What the integration reads of a posthog-js event (`CaptureResult`). */
export interface PostHogEventLike {
  event: string;
  uuid?: string;
  properties?: { [key: string]: unknown } | null;
  $set?: object;
  $set_once?: object;
  timestamp?: Date | string | number;
}
/** posthog-js `before_send`: the event redacted, or null (dropped, or withheld until the engine is ready). */
export type PostHogBeforeSend = <E extends PostHogEventLike>(event: E | null | undefined) => E | null;
/** The instance (`posthog`): held events are captured again once the engine is ready. */
export interface PostHogCaptureLike {
  capture(event: string, properties?: object | null, options?: { $set?: object; $set_once?: object; timestamp?: Date }): unknown;
}
/** The instance, when consent changes must switch its persistence too. */
export interface PostHogLike extends PostHogCaptureLike {
  set_config(config: { persistence: PostHogPersistence }): void;
}
export type PostHogPersistence = 'localStorage' | 'cookie' | 'memory' | 'localStorage+cookie' | 'sessionStorage';
/** A hook that takes one record and returns it redacted, or null to drop it. */
export type RecordHook = <R extends object>(record: R) => R | null;

/** posthog.init's config as posthogConfig returns it: the page's own, with each channel guarded. */
export type PostHogGuardedConfig<C> = Omit<C, 'before_send' | 'persistence' | 'logs' | 'metrics' | 'advanced_disable_flags'> & {
  before_send: PostHogBeforeSend;
  /** `memory` until storage is allowed, then the page's own (default `localStorage+cookie`). */
  persistence: PostHogPersistence;
  logs: Omit<ObjectField<C, 'logs'>, 'beforeSend'> & { beforeSend: RecordHook };
  metrics: Omit<ObjectField<C, 'metrics'>, 'beforeSend'> & { beforeSend: RecordHook };
  /** `true` unless `intercepted`: /flags passes no hook. */
  advanced_disable_flags?: Field<C, 'advanced_disable_flags'> | true;
};

/** posthog-js `before_send`. Pass `{ posthog }` to re-capture events withheld before the engine was ready. */
export declare function posthogBeforeSend(guard: GuardLike, options?: { posthog?: PostHogCaptureLike; queueLimit?: number }): PostHogBeforeSend;
/** The page's posthog.init config with every channel guarded (before_send, logs/metrics hooks, /flags off, memory persistence until storage is allowed). */
export declare function posthogConfig<C extends object = {}>(
  guard: GuardLike,
  config?: C,
  options?: { posthog?: PostHogLike; intercepted?: boolean; queueLimit?: number },
): PostHogGuardedConfig<C>;

// ---------------------------------------------------------------------------------------------
// Segment analytics-next

/** What the plugin uses of a Segment `Context`. */
export interface SegmentContextLike {
  event: object;
  /** Throws the SDK's ContextCancelation, whose class the plugin reuses. */
  cancel(): unknown;
}
/** Redacts `ctx.event` in place; a drop rejects with a ContextCancelation (`retry: false`). */
export type SegmentPluginHook = <Ctx extends SegmentContextLike>(ctx: Ctx) => Promise<Ctx>;
export interface SegmentPlugin {
  name: string;
  type: 'before';
  version: string;
  isLoaded(): boolean;
  load(): Promise<void>;
  track: SegmentPluginHook;
  page: SegmentPluginHook;
  identify: SegmentPluginHook;
  group: SegmentPluginHook;
  alias: SegmentPluginHook;
  screen: SegmentPluginHook;
}
/** AnalyticsBrowser.load's options as segmentLoadOptions returns them. */
export type SegmentGuardedLoadOptions<C> = Omit<C, 'disableClientPersistence' | 'user' | 'group'> & {
  disableClientPersistence?: Field<C, 'disableClientPersistence'> | true;
  user?: ObjectField<C, 'user'> & { persist?: boolean };
  group?: ObjectField<C, 'group'> & { persist?: boolean };
};

/** An analytics-next `before` plugin; drops cancel with `retry: false`. */
export declare function segmentPlugin(guard: GuardLike): SegmentPlugin;
/** AnalyticsBrowser.load's options with client persistence off until storage is allowed. */
export declare function segmentLoadOptions<C extends object = {}>(guard: GuardLike, options?: C): SegmentGuardedLoadOptions<C>;

// ---------------------------------------------------------------------------------------------
// @sentry/browser

/** A Sentry envelope as a transport's `send` gets it: `[headers, [[itemHeader, payload], ...]]`. */
export type SentryEnvelopeLike = readonly [headers: object, items: readonly (readonly [itemHeader: object, payload: unknown])[]];
/** A Sentry transport (`Transport`). */
export interface SentryTransportLike {
  send(envelope: SentryEnvelopeLike): PromiseLike<unknown>;
  flush(timeout?: number): PromiseLike<boolean>;
}
/** A transport factory such as `Sentry.makeFetchTransport`. */
export type SentryTransportFactory<O, T extends SentryTransportLike> = (options: O) => T;
/** A hook that takes an event and a hint and resolves to it redacted, or null. */
export type SentryEventHook = <E extends object>(event: E, hint?: unknown) => Promise<E | null>;

/** Sentry.init options with Sentry's own transport guarded: every envelope is redacted whole. A config that already has a transport is refused (use sentryTransport). */
export declare function sentryConfig<C extends object, O, T extends SentryTransportLike>(
  guard: GuardLike,
  config: C & { transport?: undefined },
  options: { sentry: { makeFetchTransport: SentryTransportFactory<O, T> }; onReceipt?: OnReceipt },
): Omit<C, 'transport'> & { transport: SentryTransportFactory<O, T> };
/**
 * A Sentry `transport` option around any transport factory: each envelope is redacted before the
 * inner transport sees it. The transport made is the inner one with `send` and `flush` guarded
 * (an envelope that may not be sent resolves to `{}` without being handed on).
 */
export declare function sentryTransport<O, T extends SentryTransportLike>(
  guard: GuardLike,
  makeTransport: SentryTransportFactory<O, T>,
  options?: { onReceipt?: OnReceipt },
): SentryTransportFactory<O, T>;
/** replayIntegration options: each rrweb event redacted before it is recorded. */
export declare function sentryReplayOptions<C extends object = {}>(
  guard: GuardLike,
  options?: C,
): Omit<C, 'beforeAddRecordingEvent'> & { beforeAddRecordingEvent: RecordHook };
/** Per-event hooks for pages that keep their own transport (they do not see feedback, sessions, replay). */
export declare function sentryHooks(guard: GuardLike, options?: { sentry?: { addBreadcrumb(breadcrumb: object): void }; queueLimit?: number }): {
  beforeSend: SentryEventHook;
  beforeSendTransaction: SentryEventHook;
  beforeBreadcrumb<B extends object>(breadcrumb: B, hint?: unknown): B | null;
  /** Sentry cannot drop a span here: one that may not be sent comes back as a skeleton (ids, times, status; name `redacted`). */
  beforeSendSpan<S extends object>(span: S): S;
  beforeSendLog: RecordHook;
  beforeSendMetric: RecordHook;
};

// ---------------------------------------------------------------------------------------------
// @amplitude/analytics-browser

/** An Amplitude enrichment plugin. */
export interface AmplitudePlugin {
  name: string;
  type: 'enrichment';
  setup(): Promise<void>;
  execute<E extends object>(event: E): Promise<E | null>;
}
/** Amplitude's `Storage`, in memory: what amplitudeConfig sets as `storageProvider`. */
export interface AmplitudeMemoryStorage {
  isEnabled(): Promise<boolean>;
  get<V>(key: string): Promise<V | undefined>;
  getRaw(key: string): Promise<string | undefined>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
  reset(): Promise<void>;
}
/** amplitude.init's options as amplitudeConfig returns them. */
export type AmplitudeGuardedConfig<C> = Omit<C, 'enableDiagnostics' | 'identityStorage' | 'storageProvider' | 'fetchRemoteConfig' | 'remoteConfig' | 'autocapture'> & {
  enableDiagnostics: false;
  /** Unless storage is allowed at init: `none`, an in-memory queue, no remote config, no page URL enrichment. */
  identityStorage?: Field<C, 'identityStorage'> | 'none';
  storageProvider?: Field<C, 'storageProvider'> | AmplitudeMemoryStorage;
  fetchRemoteConfig?: Field<C, 'fetchRemoteConfig'> | false;
  remoteConfig?: ObjectField<C, 'remoteConfig'> & { fetchRemoteConfig?: boolean };
  autocapture?: Field<C, 'autocapture'> | (ObjectField<C, 'autocapture'> & { pageUrlEnrichment: false });
};
/** The upload a session replay plugin hands its `handleSendEvents` transport. */
export interface AmplitudeReplayRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
  keepalive: boolean;
}
/**
 * The client addAmplitudePlugin installs on: the module (`import * as amplitude`) or an instance
 * from `createInstance()`. Nothing on it is replaced; the guard's plugin watches the client's
 * plugin list from its `setup`.
 */
export interface AmplitudeClientLike {
  add(plugin: AmplitudePlugin): { promise: PromiseLike<unknown> };
  remove(pluginName: string): { promise: PromiseLike<unknown> };
  init(apiKey: string, options?: object): { promise: PromiseLike<unknown> };
}

/** An Amplitude enrichment plugin; add it after `init().promise`. */
export declare function amplitudePlugin(guard: GuardLike): AmplitudePlugin;
/** amplitude.init options that store nothing on the device until storage is allowed; diagnostics off. */
export declare function amplitudeConfig<C extends object = {}>(guard: GuardLike, options?: C): AmplitudeGuardedConfig<C>;
/** sessionReplayPlugin options whose uploads (handleSendEvents) are guarded; in-memory recording store until storage is allowed. */
export declare function amplitudeReplayOptions<C extends object = {}>(
  guard: GuardLike,
  options?: C,
  extra?: { onReceipt?: OnReceipt },
): Omit<C, 'handleSendEvents' | 'storeType'> & {
  storeType?: Field<C, 'storeType'> | 'memory';
  handleSendEvents: (request: AmplitudeReplayRequest) => Promise<Response>;
};
/** `amplitude.init(apiKey, amplitudeConfig(guard, options))`, then the plugin once init has finished. */
export declare function addAmplitudePlugin(amplitude: AmplitudeClientLike, apiKey: string, options: object, guard: GuardLike): Promise<AmplitudePlugin>;

// ---------------------------------------------------------------------------------------------
// mixpanel-browser

/** `hooks` for mixpanel.init. Each returns its payload redacted, or null (dropped, or withheld until the engine is ready). */
export interface MixpanelHooks {
  before_send_events<E extends object>(event: E | null | undefined): E | null;
  before_send_people<E extends object>(update: E | null | undefined): E | null;
  before_send_groups<E extends object>(update: E | null | undefined): E | null;
}
/** The instance (`mixpanel`): held events are tracked again once the engine is ready. */
export interface MixpanelTrackLike {
  track(event_name: string, properties?: object): unknown;
}
/** The instance, when consent changes must switch its persistence too. */
export interface MixpanelLike extends MixpanelTrackLike {
  set_config(config: { disable_persistence: boolean }): void;
}
/** mixpanel.init's config as mixpanelConfig returns it. */
export type MixpanelGuardedConfig<C> = Omit<C, 'hooks' | 'loaded' | 'disable_persistence' | 'batch_requests' | 'record_sessions_percent' | 'flags' | 'remote_settings_mode'> & {
  hooks: Omit<ObjectField<C, 'hooks'>, keyof MixpanelHooks> & MixpanelHooks;
  /** Runs the page's own `loaded` after making identify/alias pass the hooks. */
  loaded: (instance: object) => void;
  /** Until storage is allowed: no persistence, no batching. Unless `intercepted`: no recording, no flags. */
  disable_persistence?: Field<C, 'disable_persistence'> | true;
  batch_requests?: Field<C, 'batch_requests'> | false;
  record_sessions_percent?: Field<C, 'record_sessions_percent'> | 0;
  flags?: Field<C, 'flags'> | false;
  remote_settings_mode: 'disabled';
};

/** `hooks` for mixpanel.init: before_send_events, before_send_people, before_send_groups. */
export declare function mixpanelHooks(guard: GuardLike, options?: { mixpanel?: MixpanelTrackLike; queueLimit?: number }): MixpanelHooks;
/** The page's mixpanel.init config with every channel guarded. Throws for the loader snippet's stub unless `intercepted`. */
export declare function mixpanelConfig<C extends object = {}>(
  guard: GuardLike,
  config?: C,
  options?: { mixpanel?: MixpanelLike; intercepted?: boolean; queueLimit?: number },
): MixpanelGuardedConfig<C>;

// ---------------------------------------------------------------------------------------------
// OpenTelemetry (sdk-trace-base, sdk-logs, sdk-metrics)

export interface OTelAttributesLike {
  readonly [key: string]: unknown;
}
export interface OTelScopeLike {
  readonly name: string;
  readonly version?: string;
  readonly schemaUrl?: string;
}
export interface OTelResourceLike {
  readonly attributes: OTelAttributesLike;
}
/** What the span processor reads of an ended span (`ReadableSpan`). */
export interface OTelSpanLike {
  readonly name: string;
  readonly attributes: OTelAttributesLike;
  readonly events?: readonly { readonly name: string; readonly attributes?: OTelAttributesLike }[];
  readonly links?: readonly { readonly attributes?: OTelAttributesLike }[];
  readonly status?: object;
  readonly resource?: OTelResourceLike;
  readonly instrumentationScope?: OTelScopeLike;
}
/** The exporting SpanProcessor (e.g. BatchSpanProcessor). */
export interface OTelSpanProcessorLike<S extends OTelSpanLike> {
  onStart?(span: never, context: never): void;
  onEnd(span: S): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
/** What the log processor reads of a record (`SdkLogRecord`). */
export interface OTelLogRecordLike {
  readonly body?: unknown;
  readonly attributes?: OTelAttributesLike;
  readonly severityText?: string;
  readonly eventName?: string;
  readonly resource?: OTelResourceLike;
  readonly instrumentationScope?: OTelScopeLike;
}
/** The exporting LogRecordProcessor (e.g. BatchLogRecordProcessor). */
export interface OTelLogRecordProcessorLike<R extends OTelLogRecordLike, X> {
  onEmit(record: R, context?: X): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
/** What the metric exporter reads of an export (`ResourceMetrics`). */
export interface OTelResourceMetricsLike {
  readonly resource?: OTelResourceLike;
  readonly scopeMetrics?: readonly {
    readonly scope?: OTelScopeLike;
    readonly metrics?: readonly {
      readonly descriptor?: { readonly name?: string; readonly description?: string; readonly unit?: string };
      readonly dataPoints?: readonly { readonly attributes?: OTelAttributesLike }[];
    }[];
  }[];
}
/** `ExportResult`: code 0 succeeded, 1 failed. */
export interface OTelExportResultLike {
  code: number;
  error?: Error;
}
/** The exporting PushMetricExporter (e.g. OTLPMetricExporter). */
export interface OTelMetricExporterLike {
  export(metrics: OTelResourceMetricsLike, resultCallback: (result: OTelExportResultLike) => void): void;
  forceFlush?(): Promise<void>;
  shutdown?(): Promise<void>;
  selectAggregationTemporality?(instrumentType: never): unknown;
  selectAggregation?(instrumentType: never): unknown;
}
type ExportArgs<E> = E extends { export(metrics: infer M, resultCallback: infer C): void } ? [metrics: M, resultCallback: C] : never;

/** A SpanProcessor that redacts ended spans (with their resource, scope and links) before the exporting processor sees them. */
export declare class ConsentSpanProcessor<S extends OTelSpanLike = OTelSpanLike> {
  constructor(inner: OTelSpanProcessorLike<S>, guard: GuardLike);
  onStart(span: unknown, context: unknown): void;
  onEnd(span: S): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
/** A LogRecordProcessor that redacts each record before the exporting processor sees it. */
export declare class ConsentLogRecordProcessor<R extends OTelLogRecordLike = OTelLogRecordLike, X = unknown> {
  constructor(inner: OTelLogRecordProcessorLike<R, X>, guard: GuardLike);
  onEmit(record: R, context?: X): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
/** A PushMetricExporter that redacts resource, scopes, descriptors and data point attributes before export. */
export declare class ConsentMetricExporter<E extends OTelMetricExporterLike = OTelMetricExporterLike> {
  constructor(inner: E, guard: GuardLike);
  export(...args: ExportArgs<E>): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
  /** Present when the inner exporter has it. */
  selectAggregationTemporality?: E['selectAggregationTemporality'];
  selectAggregation?: E['selectAggregation'];
}
