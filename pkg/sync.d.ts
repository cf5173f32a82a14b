// consent-guard/sync: the same API as the default entry; createGuardSync works at once.
export * from './index.js';
