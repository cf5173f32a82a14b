import type { Endpoint } from './index.js';
/** The built-in table: each vendor's default hosts, request paths and success body. */
export declare const VENDORS: Readonly<Record<'posthog' | 'segment' | 'sentry' | 'amplitude' | 'mixpanel' | 'otel', { hosts: string[]; paths: string[]; okBody: string }>>;
export interface CompiledEndpoint { vendor: string; preset: string; okBody: string; hosts: RegExp[]; paths: RegExp[] }
export declare function compileEndpoints(extra?: Endpoint[], options?: { builtin?: boolean }): CompiledEndpoint[];
/** As compileEndpoints, but only the app's entries are checked now (a bad one throws here); the table is compiled on the first call of the function returned. */
export declare function lazyEndpoints(extra?: Endpoint[], options?: { builtin?: boolean }): () => CompiledEndpoint[];
export declare function matchEndpoint(table: CompiledEndpoint[], url: URL): CompiledEndpoint | null;
/**
 * What a URL is to the interceptor: null (not a telemetry host, or outside an entry's prefix), or
 * the endpoint with kind `telemetry` (redact), `config` (no body allowed, query redacted) or
 * `unknown` (a telemetry host's path no list names: block).
 */
export declare function classify(table: CompiledEndpoint[], url: URL): { endpoint: CompiledEndpoint; kind: 'telemetry' | 'config' | 'unknown'; name?: string } | null;
/** A path as a server reads it: unreserved escapes decoded, slashes collapsed, no trailing slash. */
export declare function normalizePath(pathname: string): string;
/** A hostname as DNS reads it: lower case, no trailing dot. */
export declare function normalizeHost(host: string): string;
