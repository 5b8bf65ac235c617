// A stand-in for a MyChart page that embeds the verification widget, with the small backend a
// real host needs: it creates the capture session server-side (the client secret never reaches
// the browser) and reads the authoritative outcome from the gateway.
//
// It also shows the two checks a real host must make before it believes a result:
// - the result token in the widget's `complete` message, verified with a standard JOSE library
//   against the gateway's published keys, bound to this session by its nonce, used once;
// - the Epic webhook (Standard Webhooks), verified in one call of the maintained `standardwebhooks`
//   library: signature over id, timestamp and body, timestamp within 5 minutes.
//
// Environment: HOST_ADDR (127.0.0.1), HOST_PORT (8090), GATEWAY_URL (http://localhost:8080),
// GATEWAY_CLIENT_ID, GATEWAY_CLIENT_SECRET, EPIC_WEBHOOK_SECRET.

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { Webhook } from 'standardwebhooks';

const here = path.dirname(fileURLToPath(import.meta.url));
const HOST_ADDR = process.env.HOST_ADDR ?? '127.0.0.1';
const HOST_PORT = Number(process.env.HOST_PORT ?? 8090);
const GATEWAY_URL = (process.env.GATEWAY_URL ?? 'http://localhost:8080').replace(/\/$/, '');
const CLIENT_ID = process.env.GATEWAY_CLIENT_ID ?? 'mychart-demo';
const CLIENT_SECRET = process.env.GATEWAY_CLIENT_SECRET ?? 'demo-secret-change-me';
const SELF_ORIGIN = `http://${HOST_ADDR}:${HOST_PORT}`;
const WEBHOOK_SECRET = process.env.EPIC_WEBHOOK_SECRET ?? 'whsec_ZGVtby13ZWJob29rLXNlY3JldC1jaGFuZ2UtbWUtMDA=';
const auth = 'Basic ' + Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
const jwks = createRemoteJWKSet(new URL(`${GATEWAY_URL}/.well-known/jwks.json`));

// What a real host keeps in its own database; in memory for the demo.
const sessions = new Map(); // session_id -> { nonce }
const usedTokenIds = new Set();
const webhookEvents = new Map(); // event_id -> event
// Every delivery as received (headers and raw body), for the tests to check with other libraries.
const webhookDeliveries = [];

const TRIGGERS = new Set(['signup', 'password_reset', 'proxy_request', 'onboarding']);

async function readBody(req, limit = 64 * 1024) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req) {
  return JSON.parse((await readBody(req)) || '{}');
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
    // Fresh per session: the result token must carry it back.
    nonce: randomBytes(18).toString('base64url'),
  };
  // The session's retry policy, when the page asks for one (whole numbers only).
  for (const key of ['max_attempts', 'max_retakes']) {
    if (/^\d{1,2}$/.test(String(input[key] ?? ''))) body[key] = Number(input[key]);
  }
  if (input.allow_document_upload === '1') body.allow_document_upload = true;
  // A password reset for a patient proofed before: a selfie alone, against that PASS.
  if (input.mode === 'reverify') {
    body.mode = 'reverify';
    body.reverify_of = String(input.reverify_of ?? '');
    body.trigger = 'password_reset';
  }
  const r = await fetch(`${GATEWAY_URL}/v1/sessions`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await r.json().catch(() => ({ error: 'unexpected_response' }));
  if (!r.ok) return send(res, 502, { error: answer.error ?? 'gateway_error', message: answer.message });
  // A full verification must reach IAL2; a re-verification authenticates against one (IAL1).
  sessions.set(answer.session_id, { nonce: body.nonce, minIal: body.mode === 'reverify' ? 1 : 2, usedVerifications: new Set(), passed: false });
  send(res, 200, {
    session_id: answer.session_id,
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

/**
 * Verifies a result token: signature and algorithm against the gateway's key set, issuer,
 * audience (our client id), expiry, then our own checks: the nonce of *this* session, the
 * verification id the widget named, and single use per verification: the gateway signs one token
 * per verification, so its `jti` (and `vid`) is consumed once. A session can hold several
 * verifications (a FAIL, "Try again", then a PASS), so consuming the session on its first token
 * would refuse the PASS that follows; once a PASS was accepted the session is done and takes no
 * further token. `pass` is true only for status PASS at the assurance level this session needs
 * (never trust a FAIL token as a PASS).
 */
export async function verifyResultToken(token, { sessionId, verificationId }) {
  const session = sessions.get(sessionId);
  if (!session) return { ok: false, error: 'unknown_session' };
  let payload;
  try {
    ({ payload } = await jwtVerify(token, jwks, {
      issuer: GATEWAY_URL,
      audience: CLIENT_ID,
      algorithms: ['EdDSA'],
    }));
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) return { ok: false, error: 'expired' };
    if (e instanceof joseErrors.JWTClaimValidationFailed) return { ok: false, error: `wrong_${e.claim}` };
    return { ok: false, error: 'invalid_signature' };
  }
  if (payload.nonce !== session.nonce) return { ok: false, error: 'wrong_nonce' };
  if (payload.sid !== sessionId) return { ok: false, error: 'wrong_session' };
  if (payload.vid !== verificationId) return { ok: false, error: 'wrong_verification' };
  if (session.passed || usedTokenIds.has(payload.jti) || session.usedVerifications.has(payload.vid)) {
    return { ok: false, error: 'replayed' };
  }
  usedTokenIds.add(payload.jti);
  session.usedVerifications.add(payload.vid);
  if (payload.status === 'PASS') session.passed = true;
  const pass = payload.status === 'PASS' && Number(payload.ial) >= session.minIal;
  return { ok: true, status: payload.status, reason_code: payload.reason_code ?? null, ial: payload.ial, pass };
}

async function complete(req, res) {
  let input;
  try {
    input = await readJson(req);
  } catch {
    return send(res, 400, { error: 'invalid_json' });
  }
  if (typeof input.token !== 'string') return send(res, 400, { error: 'missing_token' });
  const result = await verifyResultToken(input.token, {
    sessionId: String(input.session_id ?? ''),
    verificationId: String(input.verification_id ?? ''),
  });
  if (!result.ok) return send(res, 400, { verified: false, error: result.error });
  send(res, 200, { verified: true, status: result.status, reason_code: result.reason_code, ial: result.ial, pass: result.pass });
}

/** The Epic webhook: Standard Webhooks, verified by the library in one call. */
async function webhook(req, res) {
  const body = await readBody(req);
  const headers = {
    'webhook-id': String(req.headers['webhook-id'] ?? ''),
    'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
    'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
  };
  let event;
  try {
    event = new Webhook(WEBHOOK_SECRET).verify(body, headers);
  } catch (e) {
    // A wrong signature, a missing header, or a timestamp more than 5 minutes away.
    return send(res, 401, { error: 'bad_signature', detail: e.message });
  }
  webhookDeliveries.push({ headers, body });
  // At-least-once delivery: the event id makes a repeat harmless.
  if (!webhookEvents.has(event.event_id)) webhookEvents.set(event.event_id, { ...event, received_at: new Date().toISOString() });
  res.writeHead(204).end();
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
    if (req.method === 'POST' && url.pathname === '/api/complete') return await complete(req, res);
    if (req.method === 'POST' && url.pathname === '/epic/webhook') return await webhook(req, res);
    if (req.method === 'GET' && url.pathname === '/api/webhook-events') return send(res, 200, [...webhookEvents.values()]);
    if (req.method === 'GET' && url.pathname === '/api/webhook-deliveries') return send(res, 200, webhookDeliveries);
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
