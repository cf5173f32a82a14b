// The engine for each vendor, under the policies and consent it is given, built on first use.
// Used by the service worker only: no page loads it. The module comes from the package's .wasm
// file (the default entry fetches it, compiling as it streams), not from base64 in the worker's
// script: the worker starts often (it sleeps after 30 s idle) and parses its script each time.
import { createGuardSync, loadModule } from '../../pkg/index.js';

/** Starts loading the module (once); resolves when `get` can build guards. */
export function loadEngine() {
  return loadModule();
}

export class VendorGuards {
  #guards = new Map();
  #policies = {};
  #consent = {};

  /** New policies and consent: the guards built so far are dropped. */
  configure(policies, consent) {
    this.clear();
    this.#policies = policies ?? {};
    this.#consent = consent ?? {};
  }

  /**
   * The guard for a vendor's preset, under its policy (the strip policy or the person's own).
   * Throws MODULE_LOAD_FAILED before the module loaded (loadEngine) or where it cannot, and
   * POLICY_INVALID for a policy that does not load: the caller blocks the request (never a laxer policy in its place).
   */
  get(preset) {
    let guard = this.#guards.get(preset);
    if (!guard) {
      const policy = this.#policies[preset];
      const consent = this.#consent;
      guard = createGuardSync(policy ? { policy, consent } : { preset, consent });
      this.#guards.set(preset, guard);
    }
    return guard;
  }

  clear() {
    for (const g of this.#guards.values()) g.free();
    this.#guards.clear();
  }
}
