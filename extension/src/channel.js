// The names of the DOM events the MAIN-world script and the isolated-world relay talk over.
// Both worlds share the page's DOM, and dispatchEvent runs listeners synchronously, so a body
// handed over at unload is with the relay before the page goes away.
export const SETTINGS = 'consent-guard-extension:settings';
export const RELAY = 'consent-guard-extension:relay';
export const RECEIPT = 'consent-guard-extension:receipt';
