// consent-guard/lean: the default entry's guard with the lean module (no request-body codecs,
// no consent-signal decoders). Types are the default entry's.
export type * from './index.js';
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
} from './index.js';
