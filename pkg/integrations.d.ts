import type { Guard } from './index.js';
type GuardLike = Guard | Promise<Guard>;
/** posthog-js `before_send`. Pass `{ posthog }` to re-capture events withheld before the engine was ready. */
export declare function posthogBeforeSend(guard: GuardLike, options?: { posthog?: { capture: (...args: any[]) => unknown }; queueLimit?: number }): (event: any) => any;
/** An analytics-next `before` plugin; drops cancel with `retry: false`. */
export declare function segmentPlugin(guard: GuardLike): any;
/** `beforeSend`, `beforeBreadcrumb`, `beforeSendSpan` for Sentry.init. */
export declare function sentryHooks(guard: GuardLike, options?: { sentry?: { addBreadcrumb: (b: any) => void }; queueLimit?: number }): {
  beforeSend(event: any): Promise<any>;
  beforeBreadcrumb(breadcrumb: any): any;
  beforeSendSpan(span: any): any;
};
/** An Amplitude enrichment plugin; add it after `init().promise`. */
export declare function amplitudePlugin(guard: GuardLike): { name: string; type: 'enrichment'; setup(): Promise<void>; execute(event: any): Promise<any> };
/** `amplitude.init(apiKey, options)` then `amplitude.add(amplitudePlugin(guard))`. */
export declare function addAmplitudePlugin(amplitude: any, apiKey: string, options: any, guard: GuardLike): Promise<unknown>;
/** `hooks` for mixpanel.init: before_send_events and before_send_people. */
export declare function mixpanelHooks(guard: GuardLike, options?: { mixpanel?: { track: (...args: any[]) => unknown }; queueLimit?: number }): {
  before_send_events(event: any): any;
  before_send_people(event: any): any;
};
/** A SpanProcessor that redacts ended spans before the exporting processor sees them. */
export declare class ConsentSpanProcessor {
  constructor(inner: any, guard: GuardLike);
  onStart(span: any, context: any): void;
  onEnd(span: any): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
