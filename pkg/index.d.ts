// consent-guard: TypeScript types for the public API and for policy v1.

/** Built-in purposes; a policy may declare more in `purposes`. `necessary` is always granted. */
export type BuiltinPurpose =
  | 'necessary'
  | 'functional'
  | 'analytics'
  | 'marketing'
  | 'personalization'
  | 'ai_training'
  | 'sale_sharing';

export type Purpose = BuiltinPurpose | (string & {});

export type PresetName = 'posthog' | 'segment' | 'sentry' | 'amplitude' | 'mixpanel' | 'otel' | 'scan-all';

/** A consent decision. Anything the state does not mention counts as denied. */
export type Decision = boolean | 'granted' | 'denied' | 'unknown' | null;
export type Consent = Partial<Record<Purpose, Decision>>;
export type ConsentState = Record<string, 'granted' | 'denied' | 'unknown'>;

export type DetectorName =
  | 'email' | 'phone' | 'card' | 'iban' | 'ssn' | 'ipv4' | 'ipv6' | 'jwt' | 'mac' | 'imei'
  | 'url_credentials' | 'private_key' | 'bearer_token' | 'aws_key' | 'github_token'
  | 'stripe_key' | 'slack_token' | 'google_api_key' | 'basic_auth';
/** Detector names, groups (`all`, `secrets`, `ip`) or ids of the policy's `patterns`. */
export type DetectorRef = DetectorName | 'all' | 'secrets' | 'ip' | (string & {});

/** What a rule does to a value. */
export type Action =
  | { type: 'keep' }
  | { type: 'drop' }
  | { type: 'replace'; with?: string }
  | { type: 'mask'; keep_last?: number; char?: string; preserve_length?: boolean }
  | {
      type: 'hash';
      normalize?: 'none' | 'trim' | 'lower' | 'email' | 'digits';
      /** Hex characters kept, 8 to 64 (default 16). */
      length?: number;
      /** Default `h:`. */
      prefix?: string;
      rotate?: 'none' | 'day' | 'week' | 'month';
    }
  | { type: 'truncate'; max: number }
  | {
      type: 'url';
      /** Query parameter names (globs) to keep; all others are removed. */
      query?: string[];
      keep_fragment?: boolean;
      template_ids?: boolean;
      scan?: boolean;
      origin_only?: boolean;
    }
  | { type: 'ip'; v4_prefix?: number; v6_prefix?: number }
  | { type: 'time'; unit: 'minute' | 'hour' | 'day' }
  | { type: 'user_agent' }
  | { type: 'bucket'; size?: number; bounds?: number[] };

/** Actions allowed on a detected span. */
export type ScanAction = Extract<Action, { type: 'replace' | 'mask' | 'hash' | 'drop' }>;

export interface Scan {
  detectors?: DetectorRef[];
  action?: ScanAction;
}

export interface FieldRule {
  id: string;
  /** Selector(s): dotted paths, "quoted keys", [index], `*`, `**`. */
  select: string | string[];
  /** All must be granted for `granted` to apply; empty means always. */
  purposes?: Purpose[];
  /** Default `{ type: 'keep' }`. */
  granted?: Action;
  /** Default `{ type: 'drop' }`. */
  denied?: Action;
  scan?: Scan;
}

export interface EventRule {
  id: string;
  /** Event names or `*` globs. */
  match: string | string[];
  purposes: Purpose[];
}

export interface Policy {
  version: 1;
  id?: string;
  description?: string;
  extends?: PresetName;
  purposes?: string[];
  event_name?: string[];
  timestamp?: string[];
  batch?: string[];
  unlisted?: 'keep' | 'drop';
  /** `hold`: events needing only undecided purposes drop as `consent_pending` (see guard.hold). */
  unknown_consent?: 'deny' | 'hold';
  /** Overrides of the default signals-to-purposes mapping; each part replaces the default's. */
  consent_signals?: {
    tcf?: Record<string, number[]>;
    tcf_requires_purpose_one?: boolean;
    gpc?: Purpose[];
    dnt?: Purpose[];
    opt_out?: Purpose[];
    consent_mode?: Record<string, string[]>;
    precedence?: ('app' | 'tcf' | 'gpp' | 'usp' | 'gpc' | 'dnt' | 'consent_mode')[];
  };
  /** Stamps each kept event at `at` (a key path) with `{ purpose: granted }`. */
  labels?: { at: string; purposes: Purpose[] };
  subtrees?: { id: string; select: string; unlisted: 'keep' | 'drop' }[];
  scan?: Scan;
  patterns?: { id: string; regex: string }[];
  limits?: { max_depth?: number; max_scan_bytes?: number; max_event_bytes?: number };
  events?: EventRule[];
  rules?: FieldRule[];
}

export interface Change {
  rule: string;
  path: string;
  action: string;
  detector?: string;
  note?: string;
}

export interface Dropped {
  path: string;
  /** `unreadable_body`: a request body in no format the codecs read (blocked). */
  reason: 'consent' | 'consent_pending' | 'limit' | 'invalid_event' | 'internal_error' | 'unreadable_body';
  rule?: string;
  missing?: string[];
  detail?: string;
}

/** What was done to one input. Never contains a value. */
export interface Receipt {
  kept: boolean;
  events: number;
  dropped: Dropped[];
  changes: Change[];
  /** For request bodies (`redactBody`, the interceptor): what was read, e.g. `gzip+json`, `form-base64`, `envelope`, `otlp-json`, `opaque`. */
  format?: string;
}

export interface Counters {
  calls: number;
  events_seen: number;
  events_kept: number;
  events_dropped: number;
  dropped_by_reason: Record<string, number>;
  changes_by_action: Record<string, number>;
  hits_by_detector: Record<string, number>;
}

export interface Diagnostic {
  code:
    | 'POLICY_SYNTAX' | 'POLICY_VERSION' | 'POLICY_SHAPE' | 'UNKNOWN_PURPOSE' | 'BAD_PURPOSE'
    | 'BAD_SELECTOR' | 'HASH_WITHOUT_KEY' | 'BAD_PATTERN' | 'UNKNOWN_DETECTOR' | 'UNKNOWN_PRESET'
    | 'DUPLICATE_ID' | 'BAD_VALUE';
  message: string;
  rule: string | null;
  path: string;
}

export type ErrorCode =
  | 'OPTIONS_INVALID' | 'POLICY_INVALID' | 'CONSENT_INVALID' | 'KEY_INVALID'
  | 'MODULE_LOAD_FAILED' | 'MODULE_NOT_LOADED' | 'INTERNAL_ERROR' | 'SIGNALS_INVALID';

export declare class ConsentGuardError extends Error {
  readonly code: ErrorCode;
  readonly rule: string | null;
  readonly path: string | null;
  readonly diagnostics: Diagnostic[];
}

export interface GuardOptions {
  policy?: Policy | string;
  preset?: PresetName;
  consent?: Consent;
  /** HMAC key for `hash` actions, at least 16 bytes. */
  key?: string | Uint8Array | ArrayBuffer;
  onReceipt?: (receipt: Receipt) => void;
  /** Most events held while consent is pending (default 500); the oldest goes first. */
  queueLimit?: number;
}

export interface RedactOptions {
  /** The event's name for the policy's event rules (`events[].match`), instead of the one read from the event. */
  name?: string;
}

/**
 * What `redact` may return for an input of type `T`: every property, at every depth, may have
 * been dropped (by consent, an unlisted field, a limit), so each is optional; array items may be
 * gone too. Leaves may be rewritten: a string stays a string, while a number or boolean may come
 * back as text (`replace`, `mask`, `hash` or a detector's token), so those read as `T | string`.
 * The event crosses as JSON, so a Date comes back as its text. Not shown: a `replace` rule that
 * selects a whole object or array turns it into its token text.
 */
export type Redacted<T> =
  T extends string ? string
  : T extends number | boolean ? T | string
  : T extends null | undefined ? T
  // What JSON.stringify makes of it: a Date is its ISO text, functions and symbols are left out,
  // and a Map, Set or BigInt anywhere makes the whole event unreadable (null).
  : T extends bigint | symbol | ((...args: never[]) => unknown) | ReadonlyMap<unknown, unknown> | ReadonlySet<unknown> ? never
  : T extends { toJSON(...args: never[]): infer J } ? Redacted<J>
  : T extends readonly (infer U)[] ? Redacted<U>[]
  : T extends object ? { -readonly [K in keyof T]?: Redacted<T[K]> }
  : T;

/** A bounded in-memory queue for events that arrive before a guard exists (see Guard.adopt). */
export declare class PendingQueue {
  constructor(options?: { max?: number });
  push(event: object, send: (redacted: object) => void): void;
  readonly size: number;
  readonly overflowed: number;
  clear(): number;
}

export declare class Guard {
  private constructor();
  /**
   * Synchronous. A new, redacted event, or null when nothing may be sent. Any field may be gone
   * (see `Redacted`): read the result as optional all the way down. `options.name` names the
   * event for the policy's event rules when the caller knows it better than the event's fields.
   */
  redact<T extends object>(event: T, options?: RedactOptions): Redacted<T> | null;
  /** Raw JSON text in, redacted text or null out. */
  redactJson(text: string, options?: RedactOptions): string | null;
  /** Redacts and says what was done. A string is read as raw JSON text, as `redactJson` does. */
  explain(event: string, options?: RedactOptions): { event: string | null; receipt: Receipt };
  explain<T extends object>(event: T, options?: RedactOptions): { event: Redacted<T> | null; receipt: Receipt };
  /** Merges into the current consent; applies to the next event. */
  setConsent(partial: Consent): void;
  readonly consent: ConsentState;
  /** Whether every purpose the policy's `storage` names (default analytics) is granted. */
  readonly storageAllowed: boolean;
  /** Called after every consent change; returns unsubscribe. */
  onConsentChange(listener: (state: { consent: ConsentState; storageAllowed: boolean }) => void): () => void;
  readonly purposes: string[];
  readonly counters: Counters;
  /** consentFromSignals with this policy's mapping (`consent_signals`) and purposes. */
  consentFromSignals(signals: Signals): ReturnType<typeof consentFromSignals>;
  /** Sends the redacted event with `send`, or holds it while its purposes are undecided. */
  hold(event: object, send: (redacted: object) => void): 'sent' | 'held' | 'dropped';
  /** Re-evaluates a queue filled before this guard existed. */
  adopt(queue: PendingQueue): void;
  /** Events held now. */
  readonly pending: number;
  /**
   * Redacts a request body as it goes on the wire (JSON, gzip, `data=` forms, Sentry envelopes,
   * OTLP/JSON), recognized by its bytes and written back in the same format. `body` is null when
   * nothing may be sent; unreadable bodies are blocked unless `allowOpaque`.
   */
  redactBody(body: string | ArrayBuffer | ArrayBufferView, options?: { allowOpaque?: boolean }): { body: Uint8Array | null; receipt: Receipt };
  /** This guard if its policy is (or extends) the preset, else a companion sharing key and consent. */
  forPreset(name: PresetName): Guard;
  free(): void;
}

/** Loads the Wasm module (once per realm) and makes a guard. Rejects with MODULE_LOAD_FAILED if it cannot load. */
export declare function createGuard(options: GuardOptions): Promise<Guard>;
/**
 * Makes a guard at once. Needs the module loaded: after `loadModule()` or `createGuard`, in Node,
 * or from 'consent-guard/sync'. Otherwise throws MODULE_NOT_LOADED.
 */
export declare function createGuardSync(options: GuardOptions): Guard;
/** Loads the Wasm module once per realm; afterwards every synchronous function works. */
export declare function loadModule(): Promise<void>;
/**
 * Checks a policy with the same code path as `createGuard`; empty when it loads. `key`: whether a
 * key will be given (`hash` actions need one): `true`, or the key itself.
 */
export declare function validatePolicy(policy: Policy | string, options?: { key?: boolean | string | Uint8Array | ArrayBuffer | null }): Diagnostic[];
export interface Signals {
  /** `navigator.globalPrivacyControl`, or the `Sec-GPC` header value. */
  gpc?: boolean | string | null;
  /** `navigator.doNotTrack` (`'1'`), or a boolean. */
  dnt?: boolean | string | null;
  /** An IAB TCF v2.2 TC string. */
  tcf?: string | null;
  /** An IAB GPP string: reported in `sources.gpp` as present but not decoded yet. */
  gpp?: string | null;
  /** An IAB US Privacy string, e.g. `1YNN`. */
  usp?: string | null;
  /** The page's `dataLayer` (Consent Mode `consent` default/update commands are read). */
  consentMode?: unknown[] | null;
  /** The app's own decisions. */
  app?: Consent | null;
  /** Sources in order of precedence; default: any denial wins. */
  precedence?: ('app' | 'tcf' | 'gpp' | 'usp' | 'gpc' | 'dnt' | 'consent_mode')[];
}

/** One source's part in the decision. `detail` is what was decoded (for sources that have any); `error` why it could not be read. */
export interface SourceReport<Detail = never> {
  decisions: Record<string, 'granted' | 'denied'>;
  detail?: Detail;
  error?: { segment: number; bit: number; message: string };
}

/** `Y`, `N`, or `-` (not applicable), as the US Privacy string has it. */
export type UspFlag = 'Y' | 'N' | '-';
export interface UspDetail {
  notice: UspFlag;
  optedOutOfSale: UspFlag;
  lspaCovered: UspFlag;
}

/** A decoded TCF v2.2 TC string (ids are purpose, feature or vendor numbers). */
export interface TcfDetail {
  version: number;
  /** Milliseconds since the epoch. */
  created: number;
  lastUpdated: number;
  cmpId: number;
  cmpVersion: number;
  consentScreen: number;
  consentLanguage: string;
  vendorListVersion: number;
  policyVersion: number;
  isServiceSpecific: boolean;
  useNonStandardTexts: boolean;
  purposeOneTreatment: boolean;
  publisherCountryCode: string;
  specialFeatureOptins: number[];
  purposeConsents: number[];
  purposeLegitimateInterests: number[];
  vendorConsents: number[];
  vendorLegitimateInterests: number[];
  publisherRestrictions: { purpose: number; restrictionType: number; vendors: number[] }[];
  vendorsDisclosed?: number[];
  publisherTC?: {
    numCustomPurposes: number;
    purposeConsents: number[];
    purposeLegitimateInterests: number[];
    customPurposeConsents: number[];
    customPurposeLegitimateInterests: number[];
  };
}

/** A decoded US national or state GPP section: its fields by their GPP names. */
export interface GppUsSectionDetail {
  Version: number;
  SensitiveDataProcessing: number[];
  KnownChildSensitiveDataConsents: number[];
  GpcSegmentIncluded: boolean;
  Gpc: boolean;
  [field: string]: number | boolean | number[];
}

export interface GppDetail {
  sectionIds: number[];
  sections: { tcfeuv2?: TcfDetail; usnat?: GppUsSectionDetail; usca?: GppUsSectionDetail };
  /** Section ids present but not decoded. */
  unsupported: number[];
}

export type ConsentModeType =
  | 'ad_storage' | 'analytics_storage' | 'ad_user_data' | 'ad_personalization'
  | 'functionality_storage' | 'personalization_storage' | 'security_storage';
/** The Consent Mode state read from the dataLayer. */
export type ConsentModeDetail = { [T in ConsentModeType]?: 'granted' | 'denied' } & {
  /** Types whose region-scoped grants were not applied. */
  regionGrantsIgnored?: ConsentModeType[];
  unknownTypes?: string[];
};

/** Each source that was given, with what it decided. */
export interface SignalSources {
  app?: SourceReport;
  tcf?: SourceReport<TcfDetail>;
  gpp?: SourceReport<GppDetail>;
  usp?: SourceReport<UspDetail>;
  gpc?: SourceReport;
  dnt?: SourceReport;
  consent_mode?: SourceReport<ConsentModeDetail>;
}

export declare function consentFromSignals(signals: Signals): {
  consent: ConsentState;
  sources: SignalSources;
  /** Set when the signals could not be decoded at all (the lean module): every purpose but `necessary` is then `unknown`. */
  error?: { code: string; message: string };
};
/** The signals present in the page now (navigator, __tcfapi, __gpp, __uspapi, dataLayer). */
export declare function readSignals(options?: { timeoutMs?: number }): Promise<Signals>;
export declare function presetNames(): PresetName[];
export declare function presetPolicy(name: PresetName): Policy;
export declare const BUILTIN_PURPOSES: readonly BuiltinPurpose[];

/** A telemetry endpoint for the interceptor. `paths` default to the vendor's built-in paths. */
export interface Endpoint {
  vendor: 'posthog' | 'segment' | 'sentry' | 'amplitude' | 'mixpanel' | 'otel' | (string & {});
  /** Host globs (`*.posthog.com`, `collector.internal:4318`). */
  hosts: string[];
  /** Path globs; required for a vendor not in the built-in table. */
  paths?: string[];
  /** Prepended to every path (a reverse proxy under `/ingest`). */
  prefix?: string;
  /** The preset its bodies are redacted with (default: the vendor's). */
  preset?: PresetName | (string & {});
  /** What the SDK is answered with when every event was dropped. */
  okBody?: string;
}

export interface InterceptOptions {
  /** Extra endpoints (self-hosted hosts, proxies), checked before the built-in table. */
  endpoints?: Endpoint[];
  /** Use the built-in table of the six vendors' endpoints (default true). */
  builtin?: boolean;
  /** Let bodies it cannot read (OTLP/protobuf, unknown) through unchanged instead of blocking. */
  allowOpaque?: boolean;
  /** Called for each intercepted request with its receipt (never values). */
  onReceipt?: (receipt: Receipt, request: { vendor: string; url: string; transport: 'fetch' | 'xhr' | 'beacon' }) => void;
  /** Cover same-origin iframes (default true). */
  frames?: boolean;
  /** The window to wrap (default globalThis): a frame's window, or a worker's global. */
  window?: Window | typeof globalThis;
}

/**
 * Wraps fetch, XMLHttpRequest, sendBeacon and Blob so that requests to telemetry endpoints are
 * redacted by `guard`; install before any SDK loads. Returns uninstall.
 */
export declare function intercept(guard: Guard, options?: InterceptOptions): (() => void) & { setEndpoints(endpoints: Endpoint[]): void };
/** Follows the page's consent signals live into `guard`; a change applies to the next event. Returns unsubscribe. */
export declare function followSignals(guard: Guard, options?: {
  app?: Consent;
  precedence?: Signals['precedence'];
  onChange?: (result: ReturnType<typeof consentFromSignals>) => void;
}): (() => void) & { poll(): void };
/** Drops the events `guard` holds and clears SDK storage keys; reports names, never values. */
export declare function purge(guard: Guard, options?: { storage?: boolean }): {
  dropped: number;
  cleared: { sdk: 'posthog' | 'segment' | 'mixpanel' | 'amplitude'; store: 'localStorage' | 'sessionStorage' | 'cookie'; key: string }[];
};

/** Fail-closed fallback when the engine cannot load: blocks every request to a telemetry endpoint. Returns uninstall. */
export declare function blockTelemetry(options?: InterceptOptions): () => void;
