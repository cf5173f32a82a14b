// @sentry/browser demo: sentryConfig (Sentry's own transport, guarded: every envelope) on the
// hook route, the interceptor on the other.
import { route, guard, mountPanel, captured, CANARY } from './page.js';
import * as Sentry from '@sentry/browser';
import { sentryConfig } from 'consent-guard/integrations';

const config = {
  dsn: `${location.protocol}//PUBLICKEY123@${location.host}/sentry/1`,
  release: 'demo@1.0.0',
  environment: 'test',
  sendDefaultPii: true,
  tracesSampleRate: 1,
  integrations: (defaults) => [...defaults, Sentry.browserTracingIntegration()],
};
Sentry.init(route === 'hook' ? sentryConfig(guard, config, { sentry: Sentry }) : config);

const actions = {
  'Identify': () => {
    Sentry.setUser({ id: 'user-123', email: CANARY.email, username: CANARY.name });
    captured('setUser', CANARY.traits);
  },
  'Throw error': () => {
    Sentry.captureException(new Error(CANARY.error));
    captured('error', CANARY.error);
  },
  [`Email ${CANARY.email}`]: () => {
    Sentry.addBreadcrumb({ category: 'ui.click', message: `Email ${CANARY.email}` });
    Sentry.captureMessage(`clicked: checkout for ${CANARY.email}, card ${CANARY.card}`);
    captured('click', `Email ${CANARY.email}`);
  },
};
// For bench/hooks.mjs: one capture() call of this SDK.
window.__capture = () => Sentry.captureMessage('checkout');
mountPanel('sentry', actions);
window.__flush = () => Sentry.flush(2000);
actions.Identify();
actions['Throw error']();
