// The OpenID Connect door (issue 19), from the client's side, with `openid-client` 6 (a
// certified relying-party library nobody here wrote): it discovers the gateway, pushes the
// authorization request (PAR, PKCE S256), the patient's browser runs the same widget journey
// full page with the fake camera, comes back to the relying party's redirect URI, and the
// library exchanges the code, validating the ID token (EdDSA, our JWKS), the `iss` response
// parameter, state and nonce. A PASS carries verified_claims; a FAIL comes back as
// access_denied, never a code.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import * as client from 'openid-client';
import { cameraContext, consent, freePort, launchBrowser, startStack, takePhoto, usePhoto } from './harness.mjs';

const CLIENT_ID = 'mychart-demo';
const CLIENT_SECRET = 'demo-secret-change-me';

let stack;
let browser;
let rp;
let redirectUri;

before(async () => {
  // The relying party's callback: a page that says where the browser landed.
  const port = await freePort();
  redirectUri = `http://127.0.0.1:${port}/callback`;
  rp = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Back at the relying party</title><h1 id="rp">Back at the relying party</h1>');
  });
  await new Promise((resolve) => rp.listen(port, '127.0.0.1', resolve));
  stack = await startStack({
    gatewayEnv: {
      GATEWAY_CLIENT_ID: CLIENT_ID,
      GATEWAY_CLIENT_SECRET: CLIENT_SECRET,
      GATEWAY_CLIENT_REDIRECT_URIS: redirectUri,
    },
  });
  browser = await launchBrowser('fake', 'licence-back');
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  await new Promise((resolve) => (rp ? rp.close(resolve) : resolve()));
});

async function configuration() {
  const config = await client.discovery(
    new URL(stack.widgetOrigin),
    CLIENT_ID,
    { client_secret: CLIENT_SECRET, id_token_signed_response_alg: 'EdDSA' },
    client.ClientSecretBasic(CLIENT_SECRET),
    // Loopback http in the test stack; production is https.
    { execute: [client.allowInsecureRequests] },
  );
  return config;
}

/** Pushes the request, runs the journey full page, and returns the callback URL reached. */
async function signIn(config, lastName) {
  const verifier = client.randomPKCECodeVerifier();
  const checks = { pkceCodeVerifier: verifier, expectedState: client.randomState(), expectedNonce: client.randomNonce() };
  const url = await client.buildAuthorizationUrlWithPAR(config, {
    redirect_uri: redirectUri,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: checks.expectedState,
    nonce: checks.expectedNonce,
    patient_ref: 'MRN-000123',
    given_name: 'Ana',
    family_name: lastName,
    birthdate: '1958-04-12',
    trigger: 'password_reset',
    document_types: 'drivers_license',
    ui_locales: 'en',
  });
  // No patient data in the address the browser opens: only the client and the request_uri.
  assert.deepEqual([...url.searchParams.keys()].sort(), ['client_id', 'request_uri']);
  const context = await cameraContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(url.href);
    const frame = page.mainFrame();
    await frame.waitForSelector('main section');
    await consent(frame);
    await frame.click('[data-document=drivers_license]');
    for (const side of ['front', 'back', 'selfie']) {
      await takePhoto(frame, side);
      await usePhoto(frame);
    }
    await page.waitForSelector('section.result[data-status]', { timeout: 30000 });
    const status = await page.getAttribute('section.result', 'data-status');
    await page.click('section.result button.close');
    await page.waitForURL(`${redirectUri}?**`);
    await page.waitForSelector('#rp');
    return { status, callback: new URL(page.url()), checks };
  } finally {
    await context.close();
  }
}

describe('OpenID Connect with openid-client', () => {
  test('a PASS signs the patient in: the library validates the ID token and reads verified_claims', async () => {
    const config = await configuration();
    assert.equal(config.serverMetadata().require_pushed_authorization_requests, true);
    const { status, callback, checks } = await signIn(config, 'Rivera');
    assert.equal(status, 'PASS');
    assert.equal(callback.searchParams.get('iss'), stack.widgetOrigin, 'RFC 9207');
    const tokens = await client.authorizationCodeGrant(config, callback, { ...checks, idTokenExpected: true });
    const claims = tokens.claims();
    assert.equal(claims.iss, stack.widgetOrigin);
    assert.equal(claims.aud, CLIENT_ID);
    assert.equal(claims.sub, 'MRN-000123');
    const vc = claims.verified_claims;
    assert.equal(vc.verification.trust_framework, 'nist_800_63A');
    assert.equal(vc.verification.assurance_level, 'ial2');
    assert.equal(vc.verification.evidence[0].document_details.type, 'driving_permit');
    assert.deepEqual(vc.verification.evidence[0].check_details.map((c) => c.check_method), ['vri', 'bvr']);
    assert.deepEqual(vc.claims, { given_name: 'Ana', family_name: 'Rivera', birthdate: '1958-04-12' });
    // The code is single use: the library's second exchange is refused with invalid_grant.
    await assert.rejects(
      client.authorizationCodeGrant(config, callback, { ...checks, idTokenExpected: true }),
      (e) => e.error === 'invalid_grant',
    );
  });

  test('a FAIL comes back as access_denied naming the reason, never a code', async () => {
    const config = await configuration();
    const { status, callback, checks } = await signIn(config, 'Someone');
    assert.equal(status, 'FAIL');
    assert.equal(callback.searchParams.get('code'), null);
    assert.equal(callback.searchParams.get('error'), 'access_denied');
    assert.equal(callback.searchParams.get('error_description'), 'IDV0010');
    await assert.rejects(
      client.authorizationCodeGrant(config, callback, { ...checks, idTokenExpected: true }),
      (e) => e.error === 'access_denied',
    );
  });
});
