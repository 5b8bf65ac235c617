// The digital ID in the patient's phone wallet (issue 21), end to end in headless Chromium
// against the real gateway and local 1Kosmos tenant. Chromium has no wallet, so the browser API
// itself is stubbed in every frame: `navigator.credentials.get({digital})` hands the request and
// the page's origin to the independent Python test wallet (tools/test-wallet, which knows nothing
// of our Rust) and returns its sealed answer as `{protocol, data: {response}}`, or throws what a
// browser throws. Everything after the browser API (the request, the answer's check, the selfie,
// the submission, the decision, the host's messages) is the widget's and the gateway's own code.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import {
  consent, hostMessages, launchBrowser, screenState, startJourney, startStack, takePhoto, uploads,
  waitForWebhook,
} from './harness.mjs';

const run = promisify(execFile);

let stack;
let browser;
let pki;
let python;
let walletPy;

before(async () => {
  pki = mkdtempSync(path.join(tmpdir(), 'idv-mdl-'));
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
  python = path.join(root, 'e2e/.venv/bin/python');
  walletPy = path.join(root, 'tools/test-wallet/wallet.py');
  // The test wallet's issuing authority (IACA) and document signer; the gateway trusts the root.
  await run(python, [walletPy, 'anchors', '--dir', pki]);
  stack = await startStack({ gatewayEnv: { GATEWAY_MDL_TRUST_ANCHORS: path.join(pki, 'iaca.pem') } });
  browser = await launchBrowser('fake');
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  if (pki) rmSync(pki, { recursive: true, force: true });
});

/**
 * The browser side of a wallet, installed in every frame before any script: `DigitalCredential`
 * (allowing `org-iso-mdoc`) and `navigator.credentials.get` for `digital` requests. Like a real
 * browser it refuses a frame whose permissions policy does not allow `digital-credentials-get`.
 */
function walletApi() {
  Object.defineProperty(window, 'DigitalCredential', {
    configurable: true,
    writable: true,
    value: class DigitalCredential {
      static userAgentAllowsProtocol(protocol) { return protocol === 'org-iso-mdoc'; }
    },
  });
  const credentials = navigator.credentials;
  if (!credentials) return;
  const original = credentials.get.bind(credentials);
  credentials.get = async (options) => {
    if (!options?.digital) return original(options);
    const policy = document.permissionsPolicy ?? document.featurePolicy;
    if (policy && !policy.allowsFeature('digital-credentials-get')) {
      throw new DOMException("The 'digital-credentials-get' feature is not enabled in this document's permissions policy.", 'NotAllowedError');
    }
    const [request] = options.digital.requests;
    const answer = await window.__idvWallet({
      protocol: request.protocol,
      deviceRequest: request.data.deviceRequest,
      encryptionInfo: request.data.encryptionInfo,
      origin: location.origin,
      framed: window.top !== window,
    });
    if (answer.error) throw new DOMException(answer.message, answer.error);
    return { id: 'mdl', type: 'digital', protocol: request.protocol, data: { response: answer.response } };
  };
}

/**
 * A browser context with the scene camera and the stubbed wallet API; `wallet.mode` says what
 * the phone does next ('share', 'cancel', 'hold'), `wallet.holder` whose licence it holds, and
 * `wallet.asked` records every request it saw (origin, framed).
 */
async function walletContext(context, wallet) {
  await context.exposeBinding('__idvWallet', async (_source, request) => {
    wallet.asked.push({ origin: request.origin, framed: request.framed, protocol: request.protocol });
    // 'hold': the wallet's prompt stays open until the test calls `wallet.release()`.
    if (wallet.mode === 'hold') await new Promise((resolve) => { wallet.release = resolve; });
    if (wallet.mode === 'cancel') return { error: 'AbortError', message: 'The user cancelled the request.' };
    const args = [
      walletPy, 'respond', '--dir', pki, '--device-request', request.deviceRequest,
      '--encryption-info', request.encryptionInfo, '--origin', request.origin,
    ];
    if (wallet.holder) args.push('--holder', JSON.stringify(wallet.holder));
    const { stdout } = await run(python, args, { maxBuffer: 16 * 1024 * 1024 });
    return { response: JSON.parse(stdout).response };
  });
  await context.addInitScript(walletApi);
}

async function walletJourney(options = {}) {
  const wallet = { mode: 'share', holder: null, asked: [] };
  const journey = await startJourney(browser, stack, {
    ...options,
    prepare: (context) => walletContext(context, wallet),
  });
  return { ...journey, wallet };
}

/** Waits for `selector` in `frame`; on timeout, fails with the screen's state. */
async function reach(frame, selector, timeout = 30000) {
  try {
    return await frame.waitForSelector(selector, { timeout });
  } catch (e) {
    throw new Error(`never reached ${selector}: ${JSON.stringify(await screenState(frame))}`, { cause: e });
  }
}

/** axe (WCAG 2.2 AA) inside the widget's iframe: the violations, one line each. */
async function axe(page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).include('#idv-widget').analyze();
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** The JSON payload of a compact JWS (not verified: the host's backend does that). */
function claims(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

describe('the digital ID in the patient\'s wallet', () => {
  test('the wallet\'s licence and a live selfie reach PASS; the token and webhook say the evidence was an mDL', { timeout: 120000 }, async () => {
    const { context, page, frame, errors, wallet } = await walletJourney();
    try {
      await consent(frame);
      // Above the plastic cards, a real button, with its hint.
      const offer = await reach(frame, '.choice.wallet');
      assert.match(await offer.textContent(), /Use the digital ID in your phone's wallet/);
      assert.equal(await frame.$eval('section.choose', (s) => s.querySelector('.choice').classList.contains('wallet')), true, 'the wallet comes first');
      await frame.press('.choice.wallet', 'Enter');
      await reach(frame, 'section.capture-selfie');
      // Who issued it, said where the selfie is asked.
      assert.match(await frame.textContent('section.capture-selfie .wallet-accepted'), /^Digital ID accepted, issued by \S/);
      assert.equal(await frame.textContent('section.capture-selfie .step'), 'Photo 1 of 1');
      assert.deepEqual(wallet.asked, [{ origin: stack.widgetOrigin, framed: true, protocol: 'org-iso-mdoc' }]);
      await takePhoto(frame, 'selfie');
      await frame.press('section.review .btn.primary', 'Enter');
      await reach(frame, 'section.result[data-status=PASS]', 60000);
      // The selfie alone was uploaded: no picture of a card.
      assert.deepEqual((await uploads(frame)).map((u) => u.name), ['selfie']);

      const messages = await hostMessages(page);
      assert.deepEqual(messages.filter((m) => m.type === 'step').map((m) => m.payload.screen), [
        'consent', 'choose_document', 'wallet', 'capture_selfie', 'review_selfie', 'sending', 'result',
      ]);
      const complete = messages.find((m) => m.type === 'complete');
      assert.equal(complete.payload.status, 'PASS');
      const token = claims(complete.payload.result_token);
      assert.ok(token.amr.includes('mdl'), `amr ${JSON.stringify(token.amr)}`);
      assert.equal(token.evidence?.type, 'mdl');
      assert.ok(token.evidence.issuing_authority);
      // The host's backend verified the token; the webhook says the same.
      await page.waitForSelector('#outcome[data-status=PASS]');
      const event = await waitForWebhook(stack, complete.payload.verification_id);
      assert.equal(event.status, 'PASS');
      assert.equal(event.evidence?.type, 'mdl');
      // No personal data in any message (the token is opaque to the page).
      const all = JSON.stringify(messages.map((m) => ({ ...m, payload: { ...m.payload, result_token: undefined } })));
      for (const pii of ['Rivera', 'Ana', '1958']) assert.ok(!all.includes(pii), `message leaks ${pii}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the patient cancels in the wallet: back at the choice, told plainly, and the card still works', { timeout: 60000 }, async () => {
    const { context, page, frame, wallet } = await walletJourney({ locale: 'es' });
    try {
      wallet.mode = 'hold';
      await consent(frame);
      await reach(frame, '.choice.wallet');
      assert.deepEqual(await axe(page), [], 'the choice with the wallet');
      await frame.press('.choice.wallet', 'Enter');
      // While the wallet's prompt is open: its own screen, its title focused, the status live.
      await reach(frame, 'section.wallet');
      await frame.waitForFunction(() => document.activeElement?.id === 'screen-title');
      assert.equal(await frame.textContent('h1'), 'Revise la billetera de su teléfono');
      assert.equal(await frame.getAttribute('section.wallet [role=status]', 'aria-live'), 'polite');
      assert.deepEqual(await axe(page), [], 'the wallet screen');
      // The prompt is open (the wallet saw the request); the patient closes it.
      while (!wallet.release) await new Promise((r) => setTimeout(r, 50));
      wallet.mode = 'cancel';
      wallet.release();
      const notice = await reach(frame, 'section.choose .wallet-notice');
      assert.equal(await notice.getAttribute('role'), 'alert');
      assert.equal(await notice.textContent(), 'La billetera no compartió su identificación digital. Puede usar su tarjeta de plástico.');
      assert.equal(wallet.asked.length, 1);
      // The cards stay, and so does the wallet (the patient may try again).
      assert.equal((await frame.$$('.choices [data-document]')).length, 3);
      assert.ok(await frame.$('.choice.wallet'));
      assert.deepEqual(await axe(page), [], 'the choice with the notice');
      // In English too.
      await frame.press('.bar .btn.link', 'Enter');
      await frame.waitForFunction(() => document.querySelector('.wallet-notice')?.textContent.startsWith("The wallet didn't share"));
      await frame.press('[data-document=drivers_license]', 'Enter');
      await reach(frame, 'section.capture-front');
      assert.equal(await frame.$('.wallet-notice'), null, 'the notice belongs to the choice');
    } finally {
      await context.close();
    }
  });

  test('another person\'s licence is refused: the mismatch is said at the choice', { timeout: 60000 }, async () => {
    const { context, frame, wallet } = await walletJourney();
    try {
      wallet.holder = { family_name: 'Okafor', given_name: 'Chidi', birth_date: '1990-01-01' };
      await consent(frame);
      await reach(frame, '.choice.wallet');
      await frame.press('.choice.wallet', 'Enter');
      const notice = await reach(frame, 'section.choose .wallet-notice');
      assert.match(await notice.textContent(), /^This digital ID is in another person's name/);
      assert.equal((await frame.$$('.choices [data-document]')).length, 3);
      assert.equal(wallet.asked.length, 1);
      assert.deepEqual(await uploads(frame), [], 'nothing was submitted');
    } finally {
      await context.close();
    }
  });

  test('an iframe without allow="digital-credentials-get" opens the wallet in a top-level window of the widget\'s origin', { timeout: 120000 }, async () => {
    const { context, page, frame, wallet } = await walletJourney({ hostQuery: '?nowallet=1' });
    try {
      assert.equal(await page.getAttribute('#idv-widget', 'allow'), 'camera');
      await consent(frame);
      await reach(frame, '.choice.wallet');
      const opened = context.waitForEvent('page');
      await frame.press('.choice.wallet', 'Enter');
      await reach(frame, 'section.wallet-window');
      assert.equal(await frame.textContent('h1'), 'Continue in the new window');
      const popup = await opened;
      await popup.waitForLoadState();
      assert.equal(new URL(popup.url()).origin, stack.widgetOrigin, 'the widget\'s own origin');
      assert.equal(await popup.evaluate(() => window.top === window), true, 'not framed');
      // The new window is the handoff page: who asks and why, its own consent, then the choice,
      // where the wallet can be asked (the frame could not).
      await reach(popup, 'section.phone-intro');
      // Said as a window of this device, the warning kept (the intro is what stops a relay).
      assert.equal(
        await popup.textContent('section.phone-intro .warning'),
        'Only continue if you started this yourself just now. If someone sent you this link, stop and call us.',
      );
      await popup.press('section.phone-intro .btn.primary', 'Enter');
      await consent(popup);
      await reach(popup, '.choice.wallet');
      await reach(frame, 'section.wallet-window[data-phone=phone_connected]');
      assert.deepEqual(wallet.asked, [], 'the framed page never asked');
      await popup.press('.choice.wallet', 'Enter');
      await reach(popup, 'section.capture-selfie');
      assert.deepEqual(wallet.asked, [{ origin: stack.widgetOrigin, framed: false, protocol: 'org-iso-mdoc' }]);
      await takePhoto(popup, 'selfie');
      await popup.press('section.review .btn.primary', 'Enter');
      await reach(popup, 'section.result[data-status=PASS]', 60000);
      assert.equal(await popup.textContent('h1'), 'Done — you can close this window');
      // The framed widget hears the decision and tells the host.
      await reach(frame, 'section.result[data-status=PASS]', 30000);
      await page.waitForSelector('#outcome[data-status=PASS]');
      const complete = (await hostMessages(page)).find((m) => m.type === 'complete');
      assert.equal(claims(complete.payload.result_token).evidence?.type, 'mdl');
      // It went through the handoff link: the webhook says so.
      assert.equal((await waitForWebhook(stack, complete.payload.verification_id)).via, 'phone_handoff');
    } finally {
      await context.close();
    }
  });
});
