// The engine for each vendor, under the person's policies and consent, built on first use
// (compiling the module costs ~13 ms, so pages without telemetry never pay it). Shared by the
// MAIN-world script and the service worker.
import { createGuardSync } from '../../pkg/index.js';

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

  /** The guard for a vendor's preset (or the person's policy for it). Throws MODULE_LOAD_FAILED where Wasm cannot compile. */
  get(preset) {
    let guard = this.#guards.get(preset);
    if (!guard) {
      const policy = this.#policies[preset];
      const consent = this.#consent;
      try {
        guard = createGuardSync(policy ? { policy, consent } : { preset, consent });
      } catch (e) {
        if (e?.code !== 'POLICY_INVALID') throw e;
        guard = createGuardSync({ preset, consent }); // the options page validates; belt and braces
      }
      this.#guards.set(preset, guard);
    }
    return guard;
  }

  clear() {
    for (const g of this.#guards.values()) g.free();
    this.#guards.clear();
  }
}
