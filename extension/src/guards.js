// The engine for each vendor, under the policies and consent it is given, built on first use
// (compiling the module costs ~13 ms, so pages without telemetry never pay it). Shared by the
// MAIN-world script and the service worker.
import { createGuardSync } from '../../pkg/sync.js';

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
   * Throws MODULE_LOAD_FAILED where Wasm cannot compile, and POLICY_INVALID for a policy that
   * does not load: the caller blocks the request (never a laxer policy in its place).
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
