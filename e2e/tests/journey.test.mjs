// End-to-end journeys through the demo host page, in real headless Chromium with a fake camera,
// against the real gateway and the local 1Kosmos tenant on loopback.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  consent, hostMessages, launchBrowser, liveTracks, startJourney, startStack, takePhoto, usePhoto,
  waitForWebhook,
} from './harness.mjs';

let stack;
let browser;
let genuine;
let expired;

before(async () => {
  stack = await startStack();
  browser = await launchBrowser('fake');
  // Cameras showing the back of Ana Rivera's licence: a genuine one and an expired one.
  genuine = await launchBrowser('fake', 'licence-back');
  expired = await launchBrowser('fake', 'licence-back-expired');
});

after(async () => {
  await Promise.all([browser, genuine, expired].map((b) => b?.close()));
  await stack?.stop();
});

function types(messages) {
  return messages.filter((m) => m.type !== 'resize').map((m) => (m.type === 'step' ? `step:${m.payload.screen}` : m.type));
}

describe('journeys', () => {
  test('a driver licence journey reaches PASS on a genuine AAMVA barcode, and the host learns it', async () => {
    // The demo patient is Ana Rivera, born 1958-04-12, as on the barcode.
    const { context, page, frame, errors } = await startJourney(genuine, stack, { lastName: 'Rivera' });
    try {
      assert.equal(await frame.textContent('h1'), 'Verify your identity');
      await consent(frame);
      await frame.click('[data-document=drivers_license]');
      for (const side of ['front', 'back', 'selfie']) {
        await takePhoto(frame, side);
        await usePhoto(frame);
      }
      await frame.waitForSelector('section.result[data-status=PASS]', { timeout: 30000 });
      assert.equal(await frame.textContent('h1'), "You're verified");
      // The host's backend verified the signed result token before showing it.
      await page.waitForSelector('#outcome[data-status=PASS]');
      assert.equal(await page.textContent('#outcome'), "Verified by the host's backend: PASS");

      const messages = await hostMessages(page);
      assert.ok(messages.every((m) => m.origin === stack.widgetOrigin), 'every message came from the widget origin');
      assert.deepEqual(types(messages), [
        'ready', 'step:consent', 'step:choose_document',
        'step:capture_front', 'step:review_front', 'step:capture_back', 'step:review_back',
        'step:capture_selfie', 'step:review_selfie', 'step:sending', 'step:result', 'complete',
      ]);
      const complete = messages.find((m) => m.type === 'complete');
      assert.equal(complete.payload.status, 'PASS');
      assert.match(complete.payload.verification_id, /^[0-9a-f-]{36}$/);
      assert.match(complete.payload.result_token, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a compact JWS');

      // The authoritative result also reached the Epic webhook, signed, server to server.
      const event = await waitForWebhook(stack, complete.payload.verification_id);
      assert.equal(event.status, 'PASS');
      await page.waitForSelector('text=Epic webhook received: PASS');
      assert.equal(event.type, 'verification.decided');
      // 1Kosmos's four checks, and our own: the document is this patient's.
      assert.deepEqual(event.checks.map((c) => [c.name, c.verified]), [
        ['dl_authenticate', true], ['dl_verify', true], ['face_liveness', true], ['face_compare', true],
        ['identity_binding', true],
      ]);
      assert.equal(event.mode, 'full');
      assert.ok(messages.some((m) => m.type === 'resize' && m.payload.height > 0));
      // No personal data in any message (the signed token is opaque to the page).
      const all = JSON.stringify(messages.map((m) => ({ ...m, payload: { ...m.payload, result_token: undefined } })));
      for (const pii of ['Rivera', 'Ana', '1958']) assert.ok(!all.includes(pii), `message leaks ${pii}`);

      const tracks = await liveTracks(frame);
      assert.equal(tracks.streams, 3, 'one camera stream per capture screen');
      assert.equal(tracks.live, 0, 'no camera track is live after the result');

      // Continue asks the host to close the widget.
      await frame.click('section.result .btn.primary');
      await page.waitForSelector('#idv-widget', { state: 'detached' });

      // Later, at a password reset: the same patient re-verifies with a selfie alone.
      await page.click('#reverify');
      const again = await (await page.waitForSelector('#idv-widget')).contentFrame();
      await again.waitForSelector('.consent');
      assert.equal(await again.$('#consent-document'), null, 'no document consent: no document pictures');
      await again.check('#consent-biometric');
      await again.click('.consent .btn.primary');
      await takePhoto(again, 'selfie');
      await usePhoto(again);
      await again.waitForSelector('section.result[data-status=PASS]', { timeout: 30000 });
      await page.waitForSelector('#outcome[data-status=PASS]');
      const reverify = await hostMessages(page);
      assert.deepEqual(reverify.filter((m) => m.type === 'step').map((m) => m.payload.screen), [
        'consent', 'capture_selfie', 'review_selfie', 'sending', 'result',
      ]);
      const second = reverify.find((m) => m.type === 'complete');
      assert.notEqual(second.payload.verification_id, complete.payload.verification_id);
      assert.equal((await waitForWebhook(stack, second.payload.verification_id)).status, 'PASS');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('an expired licence fails with IDV0011 read from its barcode, explained in Spanish, with a retry', async () => {
    const { context, page, frame } = await startJourney(expired, stack, { lastName: 'Rivera', locale: 'es' });
    try {
      assert.equal(await frame.textContent('h1'), 'Verifique su identidad');
      await consent(frame);
      await frame.click('[data-document=drivers_license]');
      for (const side of ['front', 'back', 'selfie']) {
        await takePhoto(frame, side);
        await usePhoto(frame);
      }
      await frame.waitForSelector('section.result[data-status=FAIL]', { timeout: 30000 });
      assert.equal(await frame.textContent('h1'), 'No pudimos verificar su identidad');
      assert.match(await frame.textContent('section.result'), /vencida/);
      // The session's retry policy, shown: 3 attempts, one used.
      assert.equal(await frame.textContent('.attempts-left'), 'Le quedan 2 intentos.');
      // A person to call, from the gateway's [support] configuration.
      assert.equal(await frame.getAttribute('.support a[href^="tel:"]', 'href'), 'tel:+15550100199');
      assert.match(await frame.textContent('.support'), /MyChart help desk/);
      await page.waitForSelector('#outcome[data-status=FAIL]');
      assert.equal(await page.textContent('#outcome'), "Verified by the host's backend: FAIL (IDV0011)");
      const messages = await hostMessages(page);
      assert.deepEqual(messages.filter((m) => m.type !== 'resize').map((m) => m.payload?.screen ?? m.type), [
        'ready', 'consent', 'choose_document', 'capture_front', 'review_front',
        'capture_back', 'review_back', 'capture_selfie', 'review_selfie', 'sending', 'result', 'complete',
      ]);
      const complete = messages.find((m) => m.type === 'complete');
      assert.equal(complete.payload.status, 'FAIL');
      assert.equal(complete.payload.reason_code, 'IDV0011');
      const event = await waitForWebhook(stack, complete.payload.verification_id);
      assert.equal(event.status, 'FAIL');
      assert.equal(event.reason_code, 'IDV0011');
      assert.equal((await liveTracks(frame)).live, 0);
      // Try again starts over at the document choice; this time the patient's valid licence.
      await frame.click('section.result .btn.primary');
      await frame.waitForSelector('.choices');
      await frame.evaluate(() => window.__idvScene('back', 'licence-back.png'));
      await frame.click('[data-document=drivers_license]');
      for (const side of ['front', 'back', 'selfie']) {
        await takePhoto(frame, side);
        await usePhoto(frame);
      }
      await frame.waitForSelector('section.result[data-status=PASS]', { timeout: 30000 });
      // The host's backend consumes each verification once, not the session: the PASS that
      // follows a FAIL in the same session (same nonce) is accepted.
      await page.waitForSelector('#outcome[data-status=PASS]');
      assert.equal(await page.textContent('#outcome'), "Verified by the host's backend: PASS");
    } finally {
      await context.close();
    }
  });

  test('retakes and attempts run out as the session says: the patient learns why and whom to call, the host gets IDV0014', async () => {
    const { context, page, frame } = await startJourney(expired, stack, { hostQuery: '?max_attempts=1&max_retakes=1' });
    try {
      await consent(frame);
      await frame.click('[data-document=drivers_license]');
      await takePhoto(frame, 'front');
      assert.equal(await frame.textContent('.retakes-left'), 'You can retake this picture 1 more time.');
      await frame.click('section.review .btn.secondary');
      await frame.waitForSelector('.capture-front');
      await takePhoto(frame, 'front');
      // The one retake is used: no Retake button, the picture and a person to call instead.
      await frame.waitForSelector('.retakes-left.none');
      assert.equal(await frame.$$eval('section.review .btn', (b) => b.length), 1);
      assert.match(await frame.textContent('section.review .support'), /MyChart help desk/);
      await usePhoto(frame);
      for (const side of ['back', 'selfie']) {
        await takePhoto(frame, side);
        await usePhoto(frame);
      }
      await frame.waitForSelector('section.result[data-status=FAIL]', { timeout: 30000 });
      // The patient is told the cause (expired), that no attempt is left, and whom to call.
      const result = await frame.textContent('section.result');
      assert.match(result, /expired/);
      assert.match(result, /can't try again online/);
      assert.equal(await frame.$('.attempts-left'), null);
      assert.equal(await frame.getAttribute('.support a[href^="tel:"]', 'href'), 'tel:+15550100199');
      await page.waitForSelector('#outcome[data-status=FAIL]');
      assert.equal(await page.textContent('#outcome'), "Verified by the host's backend: FAIL (IDV0014)");
      const complete = (await hostMessages(page)).find((m) => m.type === 'complete');
      assert.equal(complete.payload.status, 'FAIL');
      assert.equal(complete.payload.reason_code, 'IDV0014');
      const event = await waitForWebhook(stack, complete.payload.verification_id);
      assert.equal(event.reason_code, 'IDV0014');
      assert.equal(event.cause_code, 'IDV0011');
      // Only Close is left.
      assert.equal(await frame.$$eval('section.result .btn', (b) => b.length), 1);
    } finally {
      await context.close();
    }
  });

  test('where the session allows it, a rear camera that cannot start gives way to document pictures from files; the selfie still needs the camera', async () => {
    // The rear camera is held by another app; the front one works.
    const rearBusy = (context) => context.addInitScript(() => {
      const md = navigator.mediaDevices;
      if (!md) return;
      const original = md.getUserMedia.bind(md);
      md.getUserMedia = async (constraints) => {
        if (JSON.stringify(constraints?.video ?? '').includes('environment')) {
          throw new DOMException('Could not start video source', 'NotReadableError');
        }
        return original(constraints);
      };
    });
    const fixture = (name) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
    const { context, page, frame, errors } = await startJourney(genuine, stack, {
      hostQuery: '?allow_document_upload=1', prepare: rearBusy,
    });
    try {
      await consent(frame);
      await frame.click('[data-document=drivers_license]');
      for (const [side, file] of [['front', 'licence-front.png'], ['back', 'licence-back.png']]) {
        await frame.waitForSelector('section.message.error[data-problem=camera_in_use]');
        assert.equal(await frame.textContent('.file-pick-button'), 'Choose a picture from your files');
        await frame.setInputFiles('.file-pick input[type=file]', fixture(file));
        await frame.waitForSelector(`section.review[data-side=${side}]`);
        // The same on-device checks ran on the file; the review says where it came from.
        assert.equal(await frame.textContent('.from-file'), 'Chosen from your files.');
        assert.ok((await frame.$$('.checks li.passed')).length > 0, `${side}: checks listed`);
        await usePhoto(frame);
      }
      // The selfie: the camera, and no file chooser.
      await frame.waitForSelector('.capture-selfie');
      assert.equal(await frame.$('.file-pick'), null);
      await takePhoto(frame, 'selfie');
      await usePhoto(frame);
      await frame.waitForSelector('section.result[data-status=PASS]', { timeout: 30000 });
      await page.waitForSelector('#outcome[data-status=PASS]');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('declining consent is a real outcome: recorded, and the host is told', async () => {
    const { context, page, frame } = await startJourney(browser, stack);
    try {
      await frame.click('.consent .btn.secondary');
      await frame.waitForSelector('text=You chose not to verify online');
      await page.waitForFunction(() => [...document.querySelectorAll('#log li')].some((li) => li.dataset.type === 'cancel'));
      const cancel = (await hostMessages(page)).find((m) => m.type === 'cancel');
      assert.deepEqual(cancel.payload, { reason: 'consent_declined', resumable: false });
      assert.equal((await liveTracks(frame)).streams, 0, 'no camera was ever opened');
      // Opening the widget's link again (the host embeds it anew) shows the recorded decline,
      // not a fresh consent screen. The link left the frame's address once read, and this
      // browser gives a framed page no storage, so the reload puts the link back first, as
      // the widget's own Reload button does.
      const src = await page.getAttribute('#idv-widget', 'src');
      assert.equal(await frame.evaluate(() => location.hash), '', 'the capture token left the address');
      await frame.evaluate((link) => { history.replaceState(null, '', link); location.reload(); }, src);
      await frame.waitForSelector('text=You chose not to verify online');
    } finally {
      await context.close();
    }
  });

  test('the whole consent step works from the keyboard', async () => {
    const { context, page, frame } = await startJourney(browser, stack);
    try {
      // Focus starts on the screen title, so a screen reader announces it.
      assert.equal(await frame.evaluate(() => document.activeElement?.id), 'screen-title');
      await frame.focus('#consent-document');
      await frame.press('#consent-document', 'Space');
      await frame.press('#consent-document', 'Tab');
      assert.equal(await frame.evaluate(() => document.activeElement?.id), 'consent-biometric');
      await frame.press('#consent-biometric', 'Space');
      await frame.press('#consent-biometric', 'Tab');
      assert.equal(await frame.evaluate(() => document.activeElement?.textContent), 'Agree and continue');
      await page.keyboard.press('Enter');
      await frame.waitForSelector('.choices');
      assert.equal(await frame.evaluate(() => document.activeElement?.id), 'screen-title');
    } finally {
      await context.close();
    }
  });

  test('a good frame is captured automatically, without pressing the shutter', async () => {
    const { context, frame } = await startJourney(browser, stack);
    try {
      await consent(frame);
      await frame.click('[data-document=id_card]');
      await frame.waitForSelector('.capture-front .shutter:not([disabled])');
      await frame.waitForSelector('section.review', { timeout: 15000 });
      assert.ok(await frame.$('img.preview'), 'the captured picture is shown for review');
      await frame.click('section.review .btn.secondary');
      await frame.waitForSelector('.capture-front');
    } finally {
      await context.close();
    }
  });

  test('a broken link explains itself instead of a blank frame', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${stack.widgetOrigin}/#session=nope&token=forged`);
      await page.waitForSelector('text=This verification link is not valid.');
      // Opened on its own without any link: a phone come to type the code from its computer
      // ("Continue on your phone"; a framed widget without a link still says it is broken).
      await page.goto(`${stack.widgetOrigin}/`);
      await page.waitForSelector('text=Enter the code from your computer');
    } finally {
      await context.close();
    }
  });
});

describe('camera refused', () => {
  let denied;
  let nodevice;
  before(async () => {
    denied = await launchBrowser('denied');
    nodevice = await launchBrowser('none');
  });
  after(async () => { await Promise.all([denied, nodevice].map((b) => b?.close())); });

  async function hostError(page) {
    await page.waitForFunction(() => [...document.querySelectorAll('#log li')].some((li) => li.dataset.type === 'error'));
    return (await hostMessages(page)).filter((m) => m.type === 'error').map((m) => m.payload.code);
  }

  test('a denied camera leads to a screen that says what to do, and the host gets camera_denied', async () => {
    const { context, page, frame } = await startJourney(denied, stack);
    try {
      await consent(frame);
      await frame.click('[data-document=passport]');
      await frame.waitForSelector('[data-problem=camera_denied]');
      assert.equal(await frame.textContent('h1'), 'Camera access is blocked');
      // Steps for this browser: Chromium keeps the permission behind the address bar's icon.
      assert.match(await frame.textContent('[role=alert]'), /^In Chrome or Edge: click the camera icon/);
      await page.waitForFunction(() => [...document.querySelectorAll('#log li')].some((li) => li.dataset.type === 'error'));
      const error = (await hostMessages(page)).find((m) => m.type === 'error');
      assert.equal(error.payload.code, 'camera_denied');
      // Try again asks again (and is refused again); Back returns to the document choice.
      await frame.click('text=Try again');
      await frame.waitForSelector('[data-problem=camera_denied]');
      await frame.click('text=Back');
      await frame.waitForSelector('.choices');
    } finally {
      await context.close();
    }
  });

  test('a refusal on an iPhone points to the iPhone\'s Settings, in Spanish too', async () => {
    const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
    const { context, frame } = await startJourney(denied, stack, {
      locale: 'es', contextOptions: { userAgent: iphone, hasTouch: true, isMobile: true, viewport: { width: 390, height: 1600 } },
    });
    try {
      await consent(frame);
      await frame.click('[data-document=passport]');
      await frame.waitForSelector('[data-problem=camera_denied]');
      assert.match(await frame.textContent('[role=alert]'), /^En un iPhone o iPad: abra Configuración/);
    } finally {
      await context.close();
    }
  });

  test('an iframe without allow="camera" blames the page, not the patient, and the host gets camera_blocked_by_host', async () => {
    // A camera that would work: only the host page's missing allow="camera" stands in the way.
    const { context, page, frame } = await startJourney(browser, stack, { hostQuery: '?noallow=1' });
    try {
      assert.equal(await page.getAttribute('#idv-widget', 'allow'), null);
      await consent(frame);
      await frame.click('[data-document=passport]');
      await frame.waitForSelector('[data-problem=camera_blocked_by_host]');
      assert.equal(await frame.textContent('h1'), "This page isn't allowed to use the camera");
      assert.match(await frame.textContent('main'), /browser settings are not the problem/);
      assert.deepEqual(await hostError(page), ['camera_blocked_by_host']);
      assert.equal((await liveTracks(frame)).streams, 0, 'the camera was never asked for');
      // Asking again cannot help, so it is not offered; Back leads out.
      assert.equal(await frame.$('text=Try again'), null);
      await frame.click('text=Back');
      await frame.waitForSelector('.choices');
    } finally {
      await context.close();
    }
  });

  test('a computer without a camera says so, in Spanish too, and the host gets no_camera', async () => {
    const { context, page, frame } = await startJourney(nodevice, stack, { locale: 'es' });
    try {
      await consent(frame);
      await frame.click('[data-document=passport]');
      await frame.waitForSelector('[data-problem=no_camera]');
      assert.equal(await frame.textContent('h1'), 'No encontramos una cámara');
      assert.match(await frame.textContent('main'), /Conecte una cámara/);
      assert.deepEqual(await hostError(page), ['no_camera']);
      await frame.click('text=Intentar de nuevo');
      await frame.waitForSelector('[data-problem=no_camera]');
    } finally {
      await context.close();
    }
  });
});
