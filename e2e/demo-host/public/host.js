// The host page's side of the widget protocol: embed, then trust messages only from the
// widget's exact origin and from our own iframe; confirm the outcome with our backend.

const form = document.getElementById('start');
const slot = document.getElementById('frame-slot');
const log = document.getElementById('log');
const outcome = document.getElementById('outcome');
const webhookLine = document.getElementById('webhook');

// Shows when the Epic webhook (server to server) has delivered the same decision.
async function watchWebhook(verificationId) {
  webhookLine.textContent = 'Waiting for the Epic webhook…';
  for (let i = 0; i < 60; i++) {
    const events = await (await fetch('/api/webhook-events')).json();
    const event = events.find((e) => e.verification_id === verificationId);
    if (event) {
      webhookLine.textContent = `Epic webhook received: ${event.status}` + (event.reason_code ? ` (${event.reason_code})` : '');
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  webhookLine.textContent = 'No webhook yet (the gateway keeps retrying).';
}

let widgetOrigin = null;
let sessionId = null;
let lastPass = null;
const reverifyButton = document.getElementById('reverify');
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
    // Never trust the browser event: our backend verifies the signed result token.
    const { status, verification_id: verificationId, result_token: token } = message.payload;
    if (verificationId) watchWebhook(verificationId);
    if (!token) {
      outcome.dataset.status = status;
      outcome.textContent = `No decision (${status}): ${message.payload.reason_code ?? ''}`;
      return;
    }
    const r = await fetch('/api/complete', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_id: sessionId, verification_id: verificationId, token }),
    });
    const checked = await r.json();
    if (checked.verified) {
      if (checked.pass) {
        lastPass = verificationId;
        reverifyButton.hidden = false;
      }
      outcome.dataset.status = checked.status;
      outcome.textContent = `Verified by the host's backend: ${checked.status}` +
        (checked.reason_code ? ` (${checked.reason_code})` : '');
    } else {
      outcome.dataset.status = 'rejected';
      outcome.textContent = `Result rejected: ${checked.error}`;
    }
  }
  if (message.type === 'close') {
    frame.remove();
    frame = null;
  }
});

// Test switches of this demo page only: the session's retry policy
// (`?max_attempts=1&max_retakes=0&allow_document_upload=1`).
const POLICY = ['max_attempts', 'max_retakes', 'allow_document_upload'];

async function start(data) {
  const query = new URLSearchParams(location.search);
  const policy = Object.fromEntries(POLICY.filter((k) => query.has(k)).map((k) => [k, query.get(k)]));
  const r = await fetch('/api/start', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...data, ...policy }),
  });
  const session = await r.json();
  if (!r.ok) {
    outcome.textContent = `Could not start: ${session.error}`;
    return;
  }
  widgetOrigin = session.widget_origin;
  sessionId = session.session_id;
  log.replaceChildren();
  outcome.textContent = '';
  webhookLine.textContent = '';
  delete outcome.dataset.status;
  frame = document.createElement('iframe');
  frame.src = session.widget_url;
  // Test switches of this demo page only: `?noallow=1`, a host that forgot the `allow`
  // attribute (no camera, no wallet); `?nowallet=1`, one that allows the camera but not the
  // patient's wallet (`digital-credentials-get`).
  const switches = new URLSearchParams(location.search);
  if (!switches.has('noallow')) {
    frame.allow = switches.has('nowallet') ? 'camera' : 'camera; digital-credentials-get';
  }
  frame.title = 'Identity verification';
  frame.id = 'idv-widget';
  frame.height = '640';
  slot.replaceChildren(frame);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  await start(Object.fromEntries(new FormData(form)));
});

reverifyButton.addEventListener('click', async () => {
  await start({ ...Object.fromEntries(new FormData(form)), mode: 'reverify', reverify_of: lastPass });
});

// Host → widget commands, sent only to the widget's exact origin.
function command(type, payload = {}) {
  if (!frame || !widgetOrigin) return;
  frame.contentWindow.postMessage({ source: 'idv-host', version: 1, type, payload }, widgetOrigin);
}
document.getElementById('to-spanish').addEventListener('click', () => command('configure', { locale: 'es' }));
document.getElementById('cancel-widget').addEventListener('click', () => command('cancel'));
