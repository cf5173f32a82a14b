// The hook route's entry: the lean module, without the request-body codecs and signal decoders.
import { createGuard } from 'consent-guard/lean';

const out = document.getElementById('out');
createGuard({ preset: 'posthog', consent: { analytics: true } }).then(
  (guard) => {
    const event = {
      event: 'signup',
      distinct_id: 'user-1',
      properties: { $current_url: 'https://shop.example.com/signup', plan: 'pro', contact: 'jane.doe@example.com' },
    };
    out.textContent = JSON.stringify(guard.redact(event));
    out.dataset.status = 'ok';
  },
  (error) => {
    out.textContent = `${error.code}: ${error.message}`;
    out.dataset.status = 'error';
  },
);
