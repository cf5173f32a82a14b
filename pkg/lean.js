// consent-guard/lean: the hook route's entry. The same guard as the default entry, with a Wasm
// module ~40 KiB gzip smaller: it reads no request bodies (redactBody and redactRequest send
// nothing and say why) and decodes no consent signals (consentFromSignals answers every purpose
// but `necessary` unknown, with an error), so intercept() and followSignals() are not offered
// here. SDK hooks (consent-guard/integrations) need neither, except Sentry's transport and
// Amplitude's replay uploads. The module loads once per page and the first load decides: with
// the lean module loaded, the default entry's intercept() blocks every telemetry request and
// followSignals() leaves every purpose but `necessary` unknown (both warn once). Use this entry
// only where nothing in the page needs the whole module.
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
