// A stand-in for a MyChart page that embeds the verification widget, with the small backend a
// real host needs: it creates the capture session server-side (the client secret never reaches
// the browser) and reads the authoritative outcome from the gateway.
//
// Environment: HOST_ADDR (127.0.0.1), HOST_PORT (8090), GATEWAY_URL (http://localhost:8080),
// GATEWAY_CLIENT_ID, GATEWAY_CLIENT_SECRET.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const HOST_ADDR = process.env.HOST_ADDR ?? '127.0.0.1';
const HOST_PORT = Number(process.env.HOST_PORT ?? 8090);
const GATEWAY_URL = (process.env.GATEWAY_URL ?? 'http://localhost:8080').replace(/\/$/, '');
const CLIENT_ID = process.env.GATEWAY_CLIENT_ID ?? 'mychart-demo';
const CLIENT_SECRET = process.env.GATEWAY_CLIENT_SECRET ?? 'demo-secret-change-me';
const SELF_ORIGIN = `http://${HOST_ADDR}:${HOST_PORT}`;
const auth = 'Basic ' + Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');

const TRIGGERS = new Set(['signup', 'password_reset', 'proxy_request', 'onboarding']);

async function readJson(req, limit = 16 * 1024) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    // The host page loads only its own script: no inline code.
    'content-security-policy': `default-src 'self'; frame-src ${new URL(GATEWAY_URL).origin}; object-src 'none'`,
  });
  res.end(type === 'application/json' ? JSON.stringify(body) : body);
}

async function startSession(req, res) {
  let input;
  try {
    input = await readJson(req);
  } catch {
    return send(res, 400, { error: 'invalid_json' });
  }
  const trigger = TRIGGERS.has(input.trigger) ? input.trigger : 'signup';
  const body = {
    patient_ref: String(input.patient_ref || 'DEMO-MRN-0001'),
    first_name: String(input.first_name || 'Ana'),
    last_name: String(input.last_name || 'Rivera'),
    date_of_birth: String(input.date_of_birth || '1958-04-12'),
    trigger,
    document_types: ['drivers_license', 'passport', 'id_card'],
    host_origin: SELF_ORIGIN,
    locale: input.locale === 'es' ? 'es' : 'en',
  };
  const r = await fetch(`${GATEWAY_URL}/v1/sessions`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await r.json().catch(() => ({ error: 'unexpected_response' }));
  if (!r.ok) return send(res, 502, { error: answer.error ?? 'gateway_error', message: answer.message });
  send(res, 200, {
    widget_url: answer.widget_url,
    widget_origin: new URL(answer.widget_url).origin,
    expires_at: answer.expires_at,
  });
}

async function readVerification(res, id) {
  if (!/^[0-9a-f-]{36}$/.test(id)) return send(res, 400, { error: 'invalid_id' });
  const r = await fetch(`${GATEWAY_URL}/v1/verifications/${id}`, { headers: { authorization: auth } });
  const answer = await r.json().catch(() => ({ error: 'unexpected_response' }));
  send(res, r.ok ? 200 : 502, answer);
}

const STATIC = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/host.js': ['host.js', 'text/javascript; charset=utf-8'],
  '/host.css': ['host.css', 'text/css; charset=utf-8'],
};

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, SELF_ORIGIN);
    if (req.method === 'POST' && url.pathname === '/api/start') return await startSession(req, res);
    const m = url.pathname.match(/^\/api\/verifications\/([^/]+)$/);
    if (req.method === 'GET' && m) return await readVerification(res, m[1]);
    const file = STATIC[url.pathname];
    if (req.method === 'GET' && file) {
      return send(res, 200, await readFile(path.join(here, 'public', file[0]), 'utf8'), file[1]);
    }
    send(res, 404, { error: 'not_found' });
  } catch (e) {
    console.error('demo host error:', e.message);
    send(res, 502, { error: 'gateway_unreachable' });
  }
});

server.listen(HOST_PORT, HOST_ADDR, () => {
  console.log(`demo host (MyChart stand-in) on ${SELF_ORIGIN}`);
});
