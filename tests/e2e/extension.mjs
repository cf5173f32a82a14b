// Helpers for the extension tests and benchmark: Debian's Chromium with the built extension
// loaded (headless), its service worker, and settings written the way the options page does.
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from './browser.mjs';

export const EXTENSION = fileURLToPath(new URL('../../extension/build/consent-guard', import.meta.url));
export const SDKS = ['posthog', 'segment', 'sentry', 'amplitude', 'mixpanel', 'otel'];

/** A persistent context with the extension (or none, or the one built at `path`), and its service worker. */
export async function launchWithExtension({ extension = true, path = EXTENSION } = {}) {
  const args = extension ? [...CHROMIUM_ARGS, `--disable-extensions-except=${path}`, `--load-extension=${path}`] : CHROMIUM_ARGS;
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'cg-ext-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args,
  });
  if (!extension) return { context };
  const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
  return { context, worker, id: new URL(worker.url()).host };
}

/** The collector's per-vendor paths as extra endpoints: the demo SDKs send to 127.0.0.1. */
export function collectorEndpoints(port) {
  return SDKS.map((vendor) => ({ vendor, hosts: [`127.0.0.1:${port}`], prefix: `/${vendor}` }));
}

/** Stores settings and waits until the worker has applied them (rules included). */
export async function setSettings(worker, settings) {
  await worker.evaluate((s) => chrome.storage.local.set({ settings: s }), settings);
  await settingsApplied(worker);
}

/** Waits until the worker has applied the stored settings, however they were stored (the popup, the options page). */
export async function settingsApplied(worker) {
  await worker.evaluate(async () => {
    const wanted = JSON.stringify((await chrome.storage.local.get('settings')).settings ?? null);
    for (let i = 0; i < 400 && self.applied !== wanted; i++) await new Promise((r) => setTimeout(r, 25));
    if (self.applied !== wanted) throw new Error('the worker did not apply the settings');
  });
}

/** Polls `check` (sync or async) until it returns a truthy value, which it returns; fails after `timeout` ms with `message`. */
export async function waitUntil(check, { timeout = 10000, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${message}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until every relay the worker took is delivered and every count is written. */
export function settled(worker) {
  return worker.evaluate(() => self.settled());
}

/** Forgets all counts and receipts, through the worker (so no pending count lands after). */
export function resetCounts(worker) {
  return worker.evaluate(() => self.resetCounts());
}

/** A site's counts as the worker wrote them (what the popup reads). */
export function countsFor(worker, host) {
  return worker.evaluate(async (h) => (await chrome.storage.session.get('counts')).counts?.[h] ?? null, host);
}
