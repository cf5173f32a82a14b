import type { Endpoint } from './index.js';
/** The built-in table: each vendor's default hosts, request paths and success body. */
export declare const VENDORS: Readonly<Record<'posthog' | 'segment' | 'sentry' | 'amplitude' | 'mixpanel' | 'otel', { hosts: string[]; paths: string[]; okBody: string }>>;
export interface CompiledEndpoint { vendor: string; preset: string; okBody: string; hosts: RegExp[]; paths: RegExp[] }
export declare function compileEndpoints(extra?: Endpoint[], options?: { builtin?: boolean }): CompiledEndpoint[];
export declare function matchEndpoint(table: CompiledEndpoint[], url: URL): CompiledEndpoint | null;
