// The message protocol from the host's side: commands the widget obeys, messages it ignores,
// and the result token the host's backend accepts or rejects.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { SignJWT, importPKCS8 } from 'jose';
import { Webhook } from 'standardwebhooks';
import {
  consent, hostMessages, launchBrowser, liveTracks, startJourney, startStack, takePhoto, usePhoto, waitForWebhook,
} from './harness.mjs';

let stack;
let browser;

before(async () => {
  stack = await startStack();
  // A genuine licence back: a PASS needs a document the gateway can bind to the patient.
  browser = await launchBrowser('fake', 'licence-back');
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

async function hostComplete(body) {
  const r = await fetch(`${stack.hostOrigin}/api/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, ...(await r.json()) };
}

async function newHostSession() {
  const r = await fetch(`${stack.hostOrigin}/api/start`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
  });
  return r.json();
}

describe('host → widget', () => {
  test('configure switches the language; junk is ignored and counted; cancel stops the camera', async () => {
    const { context, page, frame } = await startJourney(browser, stack);
    try {
      const lang = () => frame.evaluate(() => document.documentElement.lang);
      assert.equal(await lang(), 'en');
      await frame.waitForSelector('.bar button[lang=es]:text-is("Español")');
      await page.click('#to-spanish');
      await frame.waitForSelector('text=Verifique su identidad');
      // The document's language follows, and the button now offers English, in English.
      await frame.waitForFunction(() => document.documentElement.lang === 'es', null, { timeout: 2000 }).catch(() => {});
      assert.equal(await lang(), 'es', 'the document language follows the host');
      await frame.waitForSelector('.bar button[lang=en]:text-is("English")');
      // Messages the widget must ignore without crashing.
      await page.evaluate((origin) => {
        const w = document.getElementById('idv-widget').contentWindow;
        w.postMessage('not json at all', origin);
        w.postMessage({ source: 'idv-host', version: 99, type: 'cancel', payload: {} }, origin);
        w.postMessage({ source: 'someone', version: 1, type: 'cancel', payload: {} }, origin);
        w.postMessage({ source: 'idv-host', version: 1, type: 'format_disk', payload: {} }, origin);
        w.postMessage({ source: 'idv-host', version: 1, type: 'configure', payload: { locale: 'x'.repeat(5000) } }, origin);
      }, stack.widgetOrigin);
      await frame.waitForSelector('.widget[data-ignored-messages="5"]');
      assert.equal(await frame.textContent('h1'), 'Verifique su identidad', 'still working');

      await consent(frame);
      await frame.click('[data-document=passport]');
      await frame.waitForSelector('.capture-front .shutter:not([disabled])');
      await page.click('#cancel-widget');
      await frame.waitForSelector('text=Verificación detenida');
      await page.waitForFunction(() => [...document.querySelectorAll('#log li')].some((li) => li.dataset.type === 'cancel'));
      const cancel = (await hostMessages(page)).find((m) => m.type === 'cancel');
      assert.deepEqual(cancel.payload, { reason: 'host_cancelled', resumable: true });
      const tracks = await liveTracks(frame);
      assert.equal(tracks.streams, 1);
      assert.equal(tracks.live, 0, 'cancelling turns the camera off');
    } finally {
      await context.close();
    }
  });
});

describe('result token at the host backend', () => {
  let token;
  let verificationId;
  let sessionId;
  let widgetUrl;

  before(async () => {
    // A PASS needs a document that binds to the patient: the browser shows Ana Rivera's licence
    // back (the scene camera shows a licence, not a passport page).
    const { context, page, frame } = await startJourney(browser, stack);
    try {
      await consent(frame);
      await frame.click('[data-document=drivers_license]');
      for (const side of ['front', 'back', 'selfie']) {
        await takePhoto(frame, side);
        await usePhoto(frame);
      }
      await page.waitForSelector('#outcome[data-status=PASS]', { timeout: 30000 });
      const complete = (await hostMessages(page)).find((m) => m.type === 'complete');
      token = complete.payload.result_token;
      verificationId = complete.payload.verification_id;
      widgetUrl = await page.getAttribute('#idv-widget', 'src');
      sessionId = new URLSearchParams(widgetUrl.split('#')[1]).get('session');
    } finally {
      await context.close();
    }
  });

  test('one token per verification, consumed once: asking again gets the same token, a replay', async () => {
    // The page already presented this token: it was accepted then, so now it is a replay.
    assert.deepEqual(await hostComplete({ session_id: sessionId, verification_id: verificationId, token }),
      { status: 400, verified: false, error: 'replayed' });
    // Asking the gateway again gives the very same token (same jti), so it is a replay too.
    const capture = new URLSearchParams(widgetUrl.split('#')[1]).get('token');
    const progress = await (await fetch(
      `${stack.widgetOrigin}/v1/capture/sessions/${sessionId}/verifications/${verificationId}`,
      { headers: { authorization: `Bearer ${capture}` } },
    )).json();
    assert.equal(progress.result_token, token);
    assert.equal((await hostComplete({ session_id: sessionId, verification_id: verificationId, token: progress.result_token })).error,
      'replayed');
  });

  test('the integration guide examples verify a real token in Node and in Python', async () => {
    const capture = new URLSearchParams(widgetUrl.split('#')[1]).get('token');
    const progress = await (await fetch(
      `${stack.widgetOrigin}/v1/capture/sessions/${sessionId}/verifications/${verificationId}`,
      { headers: { authorization: `Bearer ${capture}` } },
    )).json();
    const fresh = progress.result_token;
    const nonce = JSON.parse(Buffer.from(token.split('.')[1], 'base64url')).nonce;
    const jwksUrl = `${stack.widgetOrigin}/.well-known/jwks.json`;
    const run = (cmd, script, expectedNonce) => spawnSync(cmd, [
      path.join(stack.root, 'e2e/examples', script), jwksUrl, stack.widgetOrigin, 'mychart-demo', expectedNonce, fresh,
    ], { cwd: path.join(stack.root, 'e2e'), encoding: 'utf8' });
    const python = path.join(stack.root, 'e2e/.venv/bin/python3');
    for (const [cmd, script] of [[process.execPath, 'verify-token.mjs'], [python, 'verify_token.py']]) {
      const ok = run(cmd, script, nonce);
      assert.equal(ok.status, 0, `${script}: ${ok.stderr}`);
      assert.equal(JSON.parse(ok.stdout).vid, verificationId);
      const wrong = run(cmd, script, 'some-other-nonce');
      assert.equal(wrong.status, 1, `${script} must reject a wrong nonce`);
    }
    // A genuine, correctly signed FAIL token (or a PASS below the required level) is refused.
    const pem = readFileSync(path.join(stack.root, 'config/signing-demo-2026-11.pem'), 'utf8');
    const key = await importPKCS8(pem, 'EdDSA');
    const claims = JSON.parse(Buffer.from(fresh.split('.')[1], 'base64url'));
    const signed = (overrides) => new SignJWT({ ...claims, ...overrides })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'demo-2026-11' }).sign(key);
    const failToken = await signed({ status: 'FAIL', reason_code: 'IDV0010', ial: 0 });
    const reverifyToken = await signed({ mode: 'reverify', ial: 1 });
    for (const [cmd, script] of [[process.execPath, 'verify-token.mjs'], [python, 'verify_token.py']]) {
      const check = (t, ...extra) => spawnSync(cmd, [
        path.join(stack.root, 'e2e/examples', script), jwksUrl, stack.widgetOrigin, 'mychart-demo', nonce, t, ...extra,
      ], { cwd: path.join(stack.root, 'e2e'), encoding: 'utf8' });
      const fail = check(failToken);
      assert.equal(fail.status, 1, `${script} must refuse a FAIL token`);
      assert.match(fail.stderr, /not a PASS/);
      assert.equal(check(reverifyToken).status, 1, `${script}: a re-verification is not IAL2`);
      assert.equal(check(reverifyToken, '1').status, 0, `${script}: it is enough where IAL1 is asked`);
    }

  });

  test('a tampered token is rejected', async () => {
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url'));
    claims.jti = 'forged';
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    const r = await hostComplete({ session_id: sessionId, verification_id: verificationId, token: forged });
    assert.equal(r.error, 'invalid_signature');
  });

  test('a token replayed into another session fails the nonce check', async () => {
    const other = await newHostSession();
    const r = await hostComplete({ session_id: other.session_id, verification_id: verificationId, token });
    assert.equal(r.error, 'wrong_nonce');
  });

  test('expired and wrong-audience tokens are rejected even with a valid signature', async () => {
    // Signed with the demo key the gateway publishes, so only the claims are wrong.
    const pem = readFileSync(path.join(stack.root, 'config/signing-demo-2026-11.pem'), 'utf8');
    const key = await importPKCS8(pem, 'EdDSA');
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url'));
    const sign = (overrides) => new SignJWT({ ...claims, ...overrides, jti: crypto.randomUUID() })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'demo-2026-11' })
      .sign(key);
    const now = Math.floor(Date.now() / 1000);
    const expired = await sign({ iat: now - 900, exp: now - 600 });
    assert.equal((await hostComplete({ session_id: sessionId, verification_id: verificationId, token: expired })).error, 'expired');
    const otherSession = await sign({ sid: 'another-session' });
    assert.equal((await hostComplete({ session_id: sessionId, verification_id: verificationId, token: otherSession })).error, 'wrong_session');
    const elsewhere = await sign({ aud: 'another-client' });
    assert.equal((await hostComplete({ session_id: sessionId, verification_id: verificationId, token: elsewhere })).error, 'wrong_aud');
    const control = await sign({});
    assert.equal((await hostComplete({ session_id: sessionId, verification_id: verificationId, token: control })).error, 'replayed',
      'the same claims, correctly signed and in date, pass every check but single use (this session already passed)');
  });

  test('every webhook of the journey verifies in one call of the npm and the PyPI standardwebhooks libraries; a tampered body, a wrong secret and a stale timestamp are refused by both', async () => {
    // The secret the demo stack's gateway and host share (config/gateway.toml).
    const secret = 'whsec_ZGVtby13ZWJob29rLXNlY3JldC1jaGFuZ2UtbWUtMDA=';
    const wrongSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    await waitForWebhook(stack, verificationId);
    const deliveries = await (await fetch(`${stack.hostOrigin}/api/webhook-deliveries`)).json();
    const ours = deliveries.filter((d) => JSON.parse(d.body).verification_id === verificationId);
    assert.ok(ours.length >= 1, 'the PASS reached the demo host, which verified it with the npm library');
    const python = path.join(stack.root, 'e2e/.venv/bin/python3');
    const py = (key, headers, body) => spawnSync(python, [
      path.join(stack.root, 'e2e/examples/verify_webhook.py'), key,
      headers['webhook-id'], headers['webhook-timestamp'], headers['webhook-signature'],
    ], { input: body, encoding: 'utf8' });
    const npm = (key, headers, body) => {
      try {
        return new Webhook(key).verify(body, headers);
      } catch (e) {
        return e;
      }
    };
    for (const { headers, body } of deliveries) {
      assert.equal(headers['webhook-id'], JSON.parse(body).event_id, 'webhook-id is the event id');
      assert.match(headers['webhook-signature'], /^v1,[A-Za-z0-9+/]+=*$/);
      assert.equal(npm(secret, headers, body).event_id, JSON.parse(body).event_id);
      const ok = py(secret, headers, body);
      assert.equal(ok.status, 0, `PyPI standardwebhooks: ${ok.stdout}${ok.stderr}`);

      const tampered = body.replace(/"status":"[A-Z]+"/, '"status":"FAIL"').replace('"PASS"', '"FAIL"');
      assert.notEqual(tampered, body);
      assert.match(String(npm(secret, headers, tampered).message), /No matching signature/);
      assert.match(py(secret, headers, tampered).stdout, /rejected: No matching signature/);

      assert.match(String(npm(wrongSecret, headers, body).message), /No matching signature/);
      assert.equal(py(wrongSecret, headers, body).status, 1);

      // The same delivery signed six minutes ago (by the library itself, with the right secret):
      // a captured request replayed later.
      const sixMinutesAgo = new Date(Date.now() - 6 * 60 * 1000);
      const stale = {
        ...headers,
        'webhook-timestamp': String(Math.floor(sixMinutesAgo / 1000)),
        'webhook-signature': new Webhook(secret).sign(headers['webhook-id'], sixMinutesAgo, body),
      };
      assert.match(String(npm(secret, stale, body).message), /too old/);
      assert.match(py(secret, stale, body).stdout, /rejected: Message timestamp too old/);
    }

    // The demo host's receiver: the genuine delivery again is accepted (and deduplicated on its
    // id); tampered, it is refused.
    const post = (headers, body) => fetch(`${stack.hostOrigin}/epic/webhook`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body,
    });
    const fresh = new Date();
    const { headers, body } = ours[0];
    const resigned = {
      ...headers,
      'webhook-timestamp': String(Math.floor(fresh / 1000)),
      'webhook-signature': new Webhook(secret).sign(headers['webhook-id'], fresh, body),
    };
    assert.equal((await post(resigned, body)).status, 204);
    assert.equal((await post(resigned, body.replace('"PASS"', '"FAIL"'))).status, 401);
    assert.equal((await post({ ...resigned, 'webhook-signature': new Webhook(wrongSecret).sign(headers['webhook-id'], fresh, body) }, body)).status, 401);
  });
});
