// The kit's own HTTP server: a minimal host page (a MyChart stand-in the kit drives when no
// --host-page is given: the kit's backend creates the session, so it knows the nonce) and the
// Epic webhook receiver, which checks every delivery's Standard Webhooks signature and timestamp.

import { createServer } from 'node:http';
import { verifyWebhookSignature } from './checks.mjs';

const HOST_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>idv-qa host page</title></head>
<body>
<h1>idv-qa host page</h1>
<p>A MyChart stand-in driven by the QA kit: it embeds the widget and closes it when asked.</p>
<div id="frame-slot"></div>
<script src="/host.js"></script>
</body>
</html>`;

// Embeds the widget as the integration guide says (allow="camera" unless a scenario tests its
// absence), sizes it from `resize`, removes it on `close`, and can send host commands.
const HOST_JS = `
let frame = null;
let widgetOrigin = null;
window.qaEmbed = (url, allowCamera) => {
  widgetOrigin = new URL(url).origin;
  frame = document.createElement('iframe');
  frame.src = url;
  if (allowCamera) frame.allow = 'camera';
  frame.title = 'Identity verification';
  frame.id = 'idv-widget';
  frame.width = '820';
  frame.height = '700';
  document.getElementById('frame-slot').replaceChildren(frame);
};
window.qaCommand = (type, payload = {}) => {
  frame?.contentWindow.postMessage({ source: 'idv-host', version: 1, type, payload }, widgetOrigin);
};
window.addEventListener('message', (event) => {
  if (!frame || event.origin !== widgetOrigin || event.source !== frame.contentWindow) return;
  const m = event.data;
  if (!m || m.source !== 'idv-widget' || m.version !== 1) return;
  if (m.type === 'resize' && Number.isFinite(m.payload?.height)) {
    frame.height = String(Math.min(Math.max(m.payload.height + 16, 400), 2000));
  }
  if (m.type === 'close') { frame.remove(); frame = null; }
});
`;

async function readBody(req, limit = 256 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts the server on `host:port` (port 0: a free one). `webhookSecret`: the shared secret the
 * receiver checks signatures with. `onWebhook(record)` is called for every delivery.
 */
export async function startKitServer({ host = '127.0.0.1', port = 0, webhookSecret, onWebhook }) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://kit');
      if (req.method === 'GET' && url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        return res.end(HOST_PAGE);
      }
      if (req.method === 'GET' && url.pathname === '/host.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        return res.end(HOST_JS);
      }
      if (req.method === 'POST' && url.pathname === '/webhook') {
        const body = await readBody(req);
        const check = verifyWebhookSignature({
          secret: webhookSecret,
          id: req.headers['webhook-id'],
          timestamp: req.headers['webhook-timestamp'],
          signature: req.headers['webhook-signature'],
          body,
          nowSecs: Date.now() / 1000,
        });
        let event = null;
        try { event = JSON.parse(body); } catch { /* recorded as unreadable */ }
        onWebhook?.({
          received_at: Date.now(),
          event_id_header: req.headers['webhook-id'] ?? null,
          signature: check,
          event,
        });
        // A receiver refuses what it cannot trust (the gateway retries and the kit reports it).
        res.writeHead(check === 'valid' && event ? 204 : 401).end();
        return undefined;
      }
      res.writeHead(404).end();
    } catch (e) {
      res.writeHead(500).end(String(e.message));
    }
    return undefined;
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: bound } = server.address();
  return {
    origin: `http://${host}:${bound}`,
    webhookUrl: `http://${host}:${bound}/webhook`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
