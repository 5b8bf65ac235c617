// "Continue on your phone" end to end: a desktop (the demo host page with the widget iframe)
// and a phone (a second browser context, touch screen, scene camera) against the real gateway
// and local 1Kosmos tenant. The phone first says who asks, why and since when, warns, and asks
// its own consent; then it finishes, and the desktop iframe shows the result and posts
// `complete` to the host itself. Stopping on the phone ends the phone's part only; "Use this
// device instead" lets the phone go.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SCENES, consent, hostMessages, launchBrowser, sceneCamera, startJourney, startStack,
  takePhoto, usePhoto,
} from './harness.mjs';

// Short-lived links so rotation and expiry happen within a test (the widget asks for the next
// link 1 s before the shown one expires).
const TTL_SECS = 8;

let stack;
let browser;

before(async () => {
  stack = await startStack({ gatewayConfig: { handoff_ttl_secs: TTL_SECS } });
  browser = await launchBrowser('fake');
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The desktop journey, consented, on the handoff screen; the link it shows. */
async function desktopHandoff() {
  const desktop = await startJourney(browser, stack);
  await consent(desktop.frame);
  await desktop.frame.click('.continue-on-phone');
  await desktop.frame.waitForSelector('section.handoff .qr[data-handoff-url]');
  return desktop;
}

async function shownLink(frame) {
  return {
    url: await frame.getAttribute('.qr', 'data-handoff-url'),
    code: await frame.getAttribute('.handoff-code [data-code]', 'data-code'),
  };
}

/** A phone: touch screen, small viewport, the scene camera. */
async function phone() {
  const context = await browser.newContext({
    viewport: { width: 390, height: 1400 }, hasTouch: true, isMobile: true,
  });
  await context.addInitScript(sceneCamera(DEFAULT_SCENES));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/**
 * The phone's first screens after it opened a link or code: who asks, why, since when, the
 * warning, then its own consent.
 */
async function phoneIntroAndConsent(page) {
  await page.waitForSelector('section.phone-intro');
  await page.click('section.phone-intro .btn.primary');
  await consent(page);
}

/**
 * Takes a side's picture on the phone: auto-capture usually does; otherwise the shutter, and
 * "Use anyway?" when the on-device checks doubt a shutter picture (a loaded machine can leave
 * the worker behind the camera).
 */
async function photograph(page, side) {
  const review = `section.review[data-side=${side}]`;
  if (await page.waitForSelector(review, { timeout: 15000 }).catch(() => null)) return;
  await takePhoto(page, side);
}

/** The phone opens the link the computer shows: its first screen, the computer hears it. */
async function openLinkOnPhone(desktop, p) {
  const { url } = await shownLink(desktop.frame);
  await p.page.goto(url);
  await p.page.waitForSelector('section.phone-intro');
  await desktop.frame.waitForSelector('section.handoff[data-phone=phone_connected]');
}

describe('continue on your phone', () => {
  test('the phone finishes a PASS journey; the desktop iframe shows it and posts complete to the host', { timeout: 120000 }, async () => {
    const desktop = await desktopHandoff();
    const p = await phone();
    try {
      const { frame } = desktop;
      assert.equal(await frame.textContent('h1'), 'Continue on your phone');
      assert.equal(await frame.getAttribute('.qr svg', 'role'), 'img');
      assert.equal(await frame.getAttribute('.qr svg', 'aria-label'), 'QR code that opens this verification on your phone');
      assert.ok((await frame.getAttribute('.qr path', 'd')).startsWith('M0 0h7'), 'a finder pattern at the corner');
      const { url, code } = await shownLink(frame);
      assert.match(url, new RegExp(`^${stack.widgetOrigin}/#handoff=[\\w-]{43}$`));
      assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      assert.equal(await frame.textContent('.handoff-phone'), 'Waiting for your phone…');

      // The phone opens the link: first, what this is, with the warning and the support
      // contact; the title has the focus, as on every screen.
      await p.page.goto(url);
      await p.page.waitForSelector('section.phone-intro');
      assert.equal(p.page.url(), `${stack.widgetOrigin}/`, 'the one-time handoff token left the address bar');
      assert.equal(await p.page.textContent('h1'), 'Before you continue');
      await p.page.waitForFunction(() => document.activeElement?.id === 'screen-title');
      assert.equal(await p.page.textContent('.phone-organisation'), 'Example Health');
      assert.equal(await p.page.textContent('.phone-reason'), 'Signing up for MyChart');
      assert.match(await p.page.textContent('.phone-started'), /\d/, 'the start time, in local time');
      assert.equal(
        await p.page.textContent('.phone-intro .warning'),
        'Only continue if you started this yourself on your computer just now. If someone sent you this code, stop and call us.',
      );
      assert.match(await p.page.textContent('.phone-intro .support'), /MyChart help desk/);
      assert.equal(await p.page.$('.continue-on-phone'), null, 'a phone does not offer a phone');
      // Then the phone's own consent (document and biometric), then the document choice.
      await p.page.click('text=I started this: continue');
      await p.page.waitForSelector('section.consent');
      await p.page.waitForFunction(() => document.activeElement?.id === 'screen-title');
      await consent(p.page);
      assert.equal(await p.page.$('.continue-on-phone'), null, 'a phone does not offer a phone');
      await frame.waitForSelector('section.handoff[data-phone=phone_connected]');
      assert.equal(await frame.textContent('.handoff-phone'), 'Your phone is connected. Take the pictures on your phone.');

      await p.page.click('[data-document=drivers_license]');
      for (const side of ['front', 'back', 'selfie']) {
        await photograph(p.page, side);
        await usePhoto(p.page);
      }
      await p.page.waitForSelector('section.result[data-status=PASS]', { timeout: 30000 });
      assert.equal(await p.page.textContent('h1'), 'Done — return to your computer');
      assert.equal(await p.page.$('section.result button'), null, 'no host to close on the phone');

      // The desktop receives the result and tells the host itself.
      await frame.waitForSelector('section.result[data-status=PASS]', { timeout: 15000 });
      assert.equal(await frame.textContent('h1'), "You're verified");
      await desktop.page.waitForSelector('#outcome[data-status=PASS]');
      const messages = await hostMessages(desktop.page);
      assert.ok(messages.every((m) => m.origin === stack.widgetOrigin), 'every message from the widget origin');
      const steps = messages.filter((m) => m.type === 'step').map((m) => m.payload.screen);
      assert.deepEqual(steps, ['consent', 'choose_document', 'handoff', 'result']);
      const complete = messages.filter((m) => m.type === 'complete');
      assert.equal(complete.length, 1);
      assert.equal(complete[0].payload.status, 'PASS');
      assert.match(complete[0].payload.verification_id, /^[0-9a-f-]{36}$/);
      assert.match(complete[0].payload.result_token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
      assert.deepEqual([...desktop.errors, ...p.errors], []);

      // The same link again, on another phone: it says it was used.
      const again = await p.context.newPage();
      await again.goto(url);
      await again.waitForSelector('section.message.error');
      assert.equal(await again.textContent('[role=alert]'), 'This link was already used.');
      assert.match(await again.textContent('section.message.error'), /Each code works once/);
    } finally {
      await p.context.close();
      await desktop.context.close();
    }
  });

  test('the code rotates before it expires, and an expired link explains itself', { timeout: 60000 }, async () => {
    const desktop = await desktopHandoff();
    const p = await phone();
    try {
      const first = await shownLink(desktop.frame);
      // A new code before the first expires.
      await desktop.frame.waitForFunction(
        (code) => document.querySelector('.handoff-code [data-code]')?.dataset.code !== code,
        first.code, { timeout: (TTL_SECS + 2) * 1000 },
      );
      const second = await shownLink(desktop.frame);
      assert.notEqual(second.url, first.url);
      // The focus stayed where it was: the screen did not restart.
      const messages = await hostMessages(desktop.page);
      assert.equal(messages.filter((m) => m.type === 'step' && m.payload.screen === 'handoff').length, 1);
      // Past its time, the first link says so.
      await new Promise((r) => setTimeout(r, 1500));
      await p.page.goto(first.url);
      await p.page.waitForSelector('section.message.error');
      assert.equal(await p.page.textContent('[role=alert]'), 'This link has expired.');
      assert.match(await p.page.textContent('section.message.error'), /Scan the code your computer shows now/);
      // And the desktop can go back to this device.
      await desktop.frame.click('text=Use this device instead');
      await desktop.frame.waitForSelector('.choices');
    } finally {
      await p.context.close();
      await desktop.context.close();
    }
  });

  test('a phone without a link types the code; a wrong code is explained', { timeout: 60000 }, async () => {
    const desktop = await desktopHandoff();
    const p = await phone();
    try {
      const { code } = await shownLink(desktop.frame);
      await p.page.goto(`${stack.widgetOrigin}/`);
      await p.page.waitForSelector('section.enter-code');
      assert.equal(await p.page.textContent('h1'), 'Enter the code from your computer');
      await p.page.fill('#code-input', 'ABC');
      await p.page.click('section.enter-code button[type=submit]');
      await p.page.waitForSelector('.code-error');
      assert.equal(await p.page.textContent('.code-error'), 'A code has 8 letters and numbers, like ABCD-2345.');
      assert.equal(await p.page.getAttribute('#code-input', 'aria-invalid'), 'true');
      await p.page.fill('#code-input', 'ZZZZ-ZZZZ');
      await p.page.click('section.enter-code button[type=submit]');
      await p.page.waitForFunction(() => document.querySelector('.code-error')?.textContent.startsWith("We don't know"));
      // Typed loosely: lower case, no dash.
      await p.page.fill('#code-input', code.replace('-', '').toLowerCase());
      await p.page.click('section.enter-code button[type=submit]');
      await phoneIntroAndConsent(p.page);
      await desktop.frame.waitForSelector('section.handoff[data-phone=phone_connected]');
    } finally {
      await p.context.close();
      await desktop.context.close();
    }
  });

  test('stopping on the phone ends its part only; the computer offers to continue there', { timeout: 60000 }, async () => {
    const desktop = await desktopHandoff();
    const p = await phone();
    try {
      await openLinkOnPhone(desktop, p);
      await p.page.click('text=I started this: continue');
      await p.page.waitForSelector('section.consent');
      await p.page.click('.consent .btn.secondary');
      await p.page.waitForSelector('section.ended');
      assert.equal(await p.page.textContent('h1'), 'You stopped on this phone');
      await p.page.waitForFunction(() => document.activeElement?.id === 'screen-title');
      assert.match(await p.page.textContent('section.ended .support'), /MyChart help desk/);
      // The computer learns, says so, and continues here: the session is not over.
      await desktop.frame.waitForSelector('section.handoff[data-phone=declined]');
      assert.equal(
        await desktop.frame.textContent('.handoff-phone'),
        'On your phone, you chose to stop. You can continue on this computer.',
      );
      await desktop.frame.click('text=Use this device instead');
      await desktop.frame.waitForSelector('.choices');
      const messages = await hostMessages(desktop.page);
      assert.equal(messages.filter((m) => m.type === 'cancel').length, 0, 'not a decline of the session');
      assert.deepEqual([...desktop.errors, ...p.errors], []);
    } finally {
      await p.context.close();
      await desktop.context.close();
    }
  });

  test('"Use this device instead" lets the phone go: its next step says so plainly', { timeout: 60000 }, async () => {
    const desktop = await desktopHandoff();
    const p = await phone();
    try {
      await openLinkOnPhone(desktop, p);
      await desktop.frame.click('text=Use this device instead');
      await desktop.frame.waitForSelector('.choices');
      // The phone's next call (its consent) is refused: the phone says it is no longer part.
      await p.page.click('text=I started this: continue');
      await p.page.check('#consent-document');
      await p.page.check('#consent-biometric');
      await p.page.click('.consent .btn.primary');
      await p.page.waitForSelector('section.ended');
      assert.equal(await p.page.textContent('h1'), 'This phone is no longer connected');
      await p.page.waitForFunction(() => document.activeElement?.id === 'screen-title');
      // The computer goes on by itself.
      await desktop.frame.click('[data-document=drivers_license]');
      await desktop.frame.waitForSelector('section.capture');
    } finally {
      await p.context.close();
      await desktop.context.close();
    }
  });

  test('the host cancels: the computer and the phone both say so, and the host hears cancel', { timeout: 60000 }, async () => {
    const desktop = await desktopHandoff();
    const p = await phone();
    try {
      await openLinkOnPhone(desktop, p);
      // The host's backend cancels the session (the session id is in the iframe's src).
      const src = await desktop.page.getAttribute('iframe', 'src');
      const session = new URL(src).hash.match(/session=([\w-]+)/)[1];
      const r = await fetch(`${stack.widgetOrigin}/v1/sessions/${session}/cancel`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from('mychart-demo:demo-secret-change-me').toString('base64')}` },
      });
      assert.equal(r.status, 200);
      assert.equal((await r.json()).status, 'cancelled');
      // The computer, following the phone, learns at its next poll.
      await desktop.frame.waitForSelector('section.ended');
      assert.equal(await desktop.frame.textContent('h1'), 'This verification was cancelled');
      await desktop.frame.waitForFunction(() => document.activeElement?.id === 'screen-title');
      await desktop.page.waitForFunction(
        () => [...document.querySelectorAll('#log li')].some((li) => li.textContent.includes('"type":"cancel"')),
      );
      const messages = await hostMessages(desktop.page);
      const cancels = messages.filter((m) => m.type === 'cancel');
      assert.deepEqual(cancels.map((m) => m.payload), [{ reason: 'session_cancelled', resumable: false }]);
      // The phone, at its next call.
      await p.page.click('text=I started this: continue');
      await p.page.check('#consent-document');
      await p.page.check('#consent-biometric');
      await p.page.click('.consent .btn.primary');
      await p.page.waitForSelector('section.ended');
      assert.equal(await p.page.textContent('h1'), 'This verification was cancelled');
    } finally {
      await p.context.close();
      await desktop.context.close();
    }
  });
});
