// The host page's side of the widget protocol: embed, then trust messages only from the
// widget's exact origin and from our own iframe; confirm the outcome with our backend.

const form = document.getElementById('start');
const slot = document.getElementById('frame-slot');
const log = document.getElementById('log');
const outcome = document.getElementById('outcome');

let widgetOrigin = null;
let frame = null;

function record(message, origin) {
  const li = document.createElement('li');
  li.textContent = JSON.stringify(message);
  li.dataset.type = String(message.type);
  li.dataset.origin = origin;
  log.append(li);
}

window.addEventListener('message', async (event) => {
  if (event.origin !== widgetOrigin || !frame || event.source !== frame.contentWindow) return;
  const message = event.data;
  if (!message || message.source !== 'idv-widget' || message.version !== 1) return;
  record(message, event.origin);
  if (message.type === 'resize' && Number.isFinite(message.payload?.height)) {
    frame.height = String(Math.min(Math.max(message.payload.height + 16, 400), 2000));
  }
  if (message.type === 'complete') {
    // Never trust the browser event: ask our backend, which asks the gateway.
    const r = await fetch(`/api/verifications/${encodeURIComponent(message.payload.verification_id)}`);
    const confirmed = await r.json();
    outcome.dataset.status = confirmed.status ?? 'unknown';
    outcome.textContent = `Confirmed by the server: ${confirmed.status}` +
      (confirmed.reason_code ? ` (${confirmed.reason_code})` : '');
  }
  if (message.type === 'close') {
    frame.remove();
    frame = null;
  }
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = Object.fromEntries(new FormData(form));
  const r = await fetch('/api/start', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(data),
  });
  const session = await r.json();
  if (!r.ok) {
    outcome.textContent = `Could not start: ${session.error}`;
    return;
  }
  widgetOrigin = session.widget_origin;
  log.replaceChildren();
  outcome.textContent = '';
  delete outcome.dataset.status;
  frame = document.createElement('iframe');
  frame.src = session.widget_url;
  frame.allow = 'camera';
  frame.title = 'Identity verification';
  frame.id = 'idv-widget';
  frame.height = '640';
  slot.replaceChildren(frame);
});
