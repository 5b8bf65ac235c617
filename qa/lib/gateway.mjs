// The kit's calls to a gateway, with the host client's credentials (HTTP Basic), and the result
// token's verification against the gateway's published key set, as a host's backend must do it
// (docs/integration.md §4).

import { createRemoteJWKSet, errors as joseErrors, jwtVerify, decodeJwt } from 'jose';

export class Gateway {
  constructor({ url, clientId, clientSecret, issuer = null }) {
    this.url = url.replace(/\/$/, '');
    this.clientId = clientId;
    this.issuer = issuer ?? this.url;
    this.auth = 'Basic ' + Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    this.jwks = createRemoteJWKSet(new URL(`${this.url}/.well-known/jwks.json`));
  }

  async #json(method, path, body) {
    const r = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: this.auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* reported below */ }
    if (!r.ok) {
      const e = new Error(`${method} ${path}: ${r.status} ${json?.error ?? text.slice(0, 120)}`);
      e.status = r.status;
      e.code = json?.error;
      throw e;
    }
    return json;
  }

  createSession(body) { return this.#json('POST', '/v1/sessions', body); }
  verification(id) { return this.#json('GET', `/v1/verifications/${id}`); }
  audit(id) { return this.#json('GET', `/v1/verifications/${id}/audit`); }
}

/**
 * Single use, as a host keeps it: a token (by `jti`) is accepted once; `consume` is false for a
 * replay. (By `jti`, not by nonce: a FAIL that leaves attempts is not the session's result, and
 * the retry's token carries the same nonce; the nonce binds each token to its session.)
 */
export class TokenLedger {
  constructor() {
    this.jtis = new Map();
  }

  consume(claims) {
    if (this.jtis.has(claims.jti)) return false;
    this.jtis.set(claims.jti, claims.vid);
    return true;
  }
}

/**
 * Verifies a result token: signature with a key of the set and alg EdDSA, then each claim in
 * its own check (so a report says which one failed): iss, aud, exp, nonce (when the kit knows
 * the session's nonce), vid, single use. Returns `{ checks, claims }`.
 */
export async function checkToken(token, { gateway, nonce, verificationId, ledger, nowSecs = Date.now() / 1000 }) {
  const checks = [];
  const check = (name, ok, detail, expected) => checks.push({ name, ok, detail, expected });
  let claims = null;
  try {
    ({ payload: claims } = await jwtVerify(token, gateway.jwks, { algorithms: ['EdDSA'] }));
    check('signature (EdDSA, key from the JWKS)', true, 'valid');
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) {
      check('signature (EdDSA, key from the JWKS)', true, 'valid');
      check('not expired (exp)', false, `expired at ${e.payload?.exp}`, 'exp in the future');
      return { checks, claims: e.payload ?? null };
    }
    check('signature (EdDSA, key from the JWKS)', false, `${e.code ?? e.name}: ${e.message}`, 'valid');
    try { claims = decodeJwt(token); } catch { /* not even a JWT */ }
    return { checks, claims };
  }
  check('issuer (iss)', claims.iss === gateway.issuer, claims.iss, gateway.issuer);
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  check('audience (aud) = client id', aud.includes(gateway.clientId), String(claims.aud), gateway.clientId);
  check('not expired (exp)', typeof claims.exp === 'number' && claims.exp > nowSecs, `exp ${claims.exp}, now ${Math.floor(nowSecs)}`, 'exp in the future');
  if (nonce) check('nonce = the session\'s', claims.nonce === nonce, claims.nonce ?? 'none', nonce);
  else check('nonce present (the host page\'s backend holds the session\'s)', typeof claims.nonce === 'string' && claims.nonce.length >= 8, claims.nonce ?? 'none', 'a nonce');
  check('verification id (vid) = complete', claims.vid === verificationId, claims.vid, verificationId);
  const first = ledger.consume(claims);
  check('single use: first use accepted', first, first ? 'accepted' : 'this token (jti) was already used', 'accepted');
  const replay = ledger.consume(claims);
  check('single use: replay refused', !replay, replay ? 'accepted twice' : 'refused', 'refused');
  return { checks, claims };
}
