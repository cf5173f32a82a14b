// consent-guard/lean: the hook route's entry. The same guard as the default entry, with a Wasm
// module ~40 KiB gzip smaller: it reads no request bodies (redactBody and redactRequest send
// nothing and say why) and decodes no consent signals (consentFromSignals throws
// FEATURE_UNAVAILABLE), so intercept() and followSignals() are not offered here. SDK hooks
// (consent-guard/integrations) need neither, except sentryTransport (envelopes). A page that
// also imports 'consent-guard' gets the whole module: the first load per realm decides.
import { addModuleSource, wasmFile } from './module-source.js';

addModuleSource({ ...wasmFile(() => new URL('./wasm/consent_guard_lean_bg.wasm', import.meta.url)), lean: true });

export {
  ConsentGuardError,
  Guard,
  PendingQueue,
  createGuard,
  createGuardSync,
  loadModule,
  validatePolicy,
  presetNames,
  presetPolicy,
  purge,
  blockTelemetry,
  BUILTIN_PURPOSES,
} from './api.js';
