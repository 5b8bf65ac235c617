// Accessibility, proven in real Chromium: axe-core (WCAG 2.2 AA rules) on every screen and state
// in English and Spanish, a keyboard-only journey, reflow at 320 CSS px and at 200 % zoom, and
// reduced motion.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import {
  DEFAULT_SCENES, consent, launchBrowser, sceneCamera, startJourney, startStack, takePhoto, usePhoto, waitForScreen,
} from './harness.mjs';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let stack;
let camera; // shows the back of Ana Rivera's licence: auto-capture finds a good frame
let denied;
let nodevice;

before(async () => {
  stack = await startStack();
  camera = await launchBrowser('fake', 'licence-back');
  denied = await launchBrowser('denied');
  nodevice = await launchBrowser('none');
});

after(async () => {
  await Promise.all([camera, denied, nodevice].map((b) => b?.close()));
  await stack?.stop();
});

/** One line per violation and node, for a readable failure. */
function describeViolations(violations) {
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`));
}

/**
 * Runs axe inside the widget (the iframe on the host page, or the page itself when the widget is
 * opened directly) and records what it finds under `label`.
 */
async function audit(page, label, found, { inFrame = true } = {}) {
  let builder = new AxeBuilder({ page }).withTags(WCAG_22_AA);
  if (inFrame) builder = builder.include('#idv-widget');
  const results = await builder.analyze();
  found.screens.push(label);
  for (const line of describeViolations(results.violations)) found.violations.push(`${label}: ${line}`);
}

/** Takes the photo, unless auto-capture already did while the screen was being examined. */
async function shoot(frame, side) {
  // This side's review only: a bare `section.review` could be the previous side's.
  const review = `section.review[data-side=${side}]`;
  if (await frame.$(review)) return;
  await takePhoto(frame, side).catch(async (e) => {
    if (!(await frame.$(review))) throw e;
  });
  await waitForScreen(frame, review);
}

/**
 * Walks front, back and selfie, auditing each capture and review screen. Auto-capture may leave
 * the capture screen while it is audited: then the shutter is not pressed.
 */
async function captureAll(page, frame, found, prefix) {
  for (const side of ['front', 'back', 'selfie']) {
    await waitForScreen(frame, `.capture-${side}`);
    if (prefix) await audit(page, `${prefix} capture_${side}`, found);
    await shoot(frame, side);
    if (prefix) await audit(page, `${prefix} review_${side}`, found);
    await usePhoto(frame, side);
  }
}

async function failThenRetry(frame) {
  await frame.waitForSelector('section.result[data-status=FAIL]', { timeout: 30000 });
  await frame.click('section.result .btn.primary');
  await frame.waitForSelector('.choices');
  await frame.click('[data-document=drivers_license]');
}

async function walk(locale, found) {
  const L = locale;
  // PASS, seeing every screen on the way: consent, choice, each capture and review, sending.
  {
    const { context, page, frame } = await startJourney(camera, stack, { lastName: 'Rivera', locale });
    // The submission waits until the sending screen has been audited.
    let release;
    const audited = new Promise((resolve) => { release = resolve; });
    await context.route('**/v1/capture/sessions/*/submit', async (route) => { await audited; await route.continue(); });
    try {
      await audit(page, `${L} consent`, found);
      assert.equal(await frame.evaluate(() => document.documentElement.lang), L, 'the page is in the session language');
      // The consent error (both boxes needed) is an alert.
      await frame.click('.consent .btn.primary');
      await frame.waitForSelector('.consent .error-text');
      await audit(page, `${L} consent (error)`, found);
      await consent(frame);
      await audit(page, `${L} choose_document`, found);
      await frame.click('[data-document=drivers_license]');
      await captureAll(page, frame, found, L);
      await frame.waitForSelector('section.sending');
      await audit(page, `${L} sending`, found);
      release();
      await frame.waitForSelector('section.result[data-status=PASS]', { timeout: 30000 });
      await audit(page, `${L} result PASS`, found);
    } finally {
      await context.close();
    }
  }
  // The checks at work: an outlined blurry card and its instruction, "Use anyway?", a review
  // that names the failed check, a selfie refused for want of a face.
  {
    const { context, page, frame } = await startJourney(camera, stack, {
      locale, scenes: { front: 'camera-card-front-blurred.png', selfie: 'camera-selfie-empty-room.jpg' },
    });
    try {
      await consent(frame);
      await frame.click('[data-document=drivers_license]');
      await frame.waitForSelector('section.capture-front[data-verdict=blurry] svg.outline', { timeout: 20000 });
      await audit(page, `${L} capture_front (blurry, outlined)`, found);
      await frame.click('.shutter');
      await frame.waitForSelector('.use-anyway');
      await audit(page, `${L} capture_front (use anyway?)`, found);
      await frame.click('.use-anyway-button');
      await frame.waitForSelector('section.review .checks li.concern');
      await audit(page, `${L} review_front (used anyway)`, found);
      await usePhoto(frame);
      await frame.waitForSelector('section.capture-back');
      await frame.waitForSelector('section.review', { timeout: 20000 });
      await usePhoto(frame);
      await frame.waitForSelector('section.capture-selfie[data-verdict=no_face]', { timeout: 20000 });
      await frame.click('.shutter');
      await frame.waitForSelector('.refused');
      await audit(page, `${L} capture_selfie (refused)`, found);
    } finally {
      await context.close();
    }
  }
  // FAIL with a retry, then the attempts run out: FAIL without retries.
  {
    const { context, page, frame } = await startJourney(camera, stack, { lastName: 'RiveraIDV0011', locale });
    try {
      await consent(frame);
      await frame.click('[data-document=drivers_license]');
      await captureAll(page, frame, found, null);
      await frame.waitForSelector('section.result[data-status=FAIL]', { timeout: 30000 });
      await audit(page, `${L} result FAIL (retry allowed)`, found);
      await failThenRetry(frame);
      await captureAll(page, frame, found, null);
      await failThenRetry(frame);
      await captureAll(page, frame, found, null);
      await frame.waitForSelector('section.result[data-status=FAIL]', { timeout: 30000 });
      assert.equal(await frame.$('section.result .btn.primary >> text=/Try again|Intentar de nuevo/'), null,
        'no retry after the last attempt');
      await audit(page, `${L} result FAIL (no retries)`, found);
    } finally {
      await context.close();
    }
  }
  // ERROR: the verification service fails.
  {
    const { context, page, frame } = await startJourney(camera, stack, { lastName: 'Tenanterror', locale });
    try {
      await consent(frame);
      await frame.click('[data-document=drivers_license]');
      await captureAll(page, frame, found, null);
      await frame.waitForSelector('section.result[data-status=ERROR]', { timeout: 30000 });
      await audit(page, `${L} result ERROR`, found);
    } finally {
      await context.close();
    }
  }
  // Declined.
  {
    const { context, page, frame } = await startJourney(camera, stack, { locale });
    try {
      await frame.click('.consent .btn.secondary');
      await frame.waitForSelector('text=/You chose not to verify|Usted eligió no verificar/');
      await audit(page, `${L} declined`, found);
    } finally {
      await context.close();
    }
  }
  // Camera problems: the patient's denial, no camera at all, a host without allow="camera".
  for (const [browser, problem, hostQuery] of [
    [denied, 'camera_denied', ''], [nodevice, 'no_camera', ''], [camera, 'camera_blocked_by_host', '?noallow=1'],
  ]) {
    const { context, page, frame } = await startJourney(browser, stack, { locale, hostQuery });
    try {
      await consent(frame);
      await frame.click('[data-document=passport]');
      await frame.waitForSelector(`[data-problem=${problem}]`);
      await audit(page, `${L} camera problem ${problem}`, found);
    } finally {
      await context.close();
    }
  }
  // Where the session allows files: the file chooser on a camera problem, and the review of a
  // picture from a file whose retakes are used up (max_retakes=0).
  {
    const { context, page, frame } = await startJourney(denied, stack, {
      locale, hostQuery: '?allow_document_upload=1&max_retakes=0',
    });
    try {
      await consent(frame);
      await frame.click('[data-document=passport]');
      await frame.waitForSelector('[data-problem=camera_denied] .file-pick');
      await audit(page, `${L} camera problem with a file chooser`, found);
      const file = new URL('../fixtures/camera-passport-sharp.png', import.meta.url).pathname;
      await frame.setInputFiles('.file-pick input[type=file]', file);
      await frame.waitForSelector('section.review .from-file');
      await frame.waitForSelector('.retakes-left.none');
      await audit(page, `${L} review_front (from a file, no retakes left)`, found);
    } finally {
      await context.close();
    }
  }
  // Continue on your phone: the desktop's handoff screen (waiting, then the phone connected),
  // the phone's first screen and consent, its journey to "Done — return to your computer", a
  // used link, and code entry; then a phone that stops, and the computer hearing it.
  {
    const { context, page, frame } = await startJourney(camera, stack, { locale });
    const phoneContext = await camera.newContext({
      viewport: { width: 390, height: 1400 }, hasTouch: true, isMobile: true,
      locale: locale === 'es' ? 'es-US' : 'en-US',
    });
    await phoneContext.addInitScript(sceneCamera(DEFAULT_SCENES));
    try {
      await consent(frame);
      await frame.click('.continue-on-phone');
      await frame.waitForSelector('section.handoff .qr[data-handoff-url]');
      await audit(page, `${L} handoff (waiting)`, found);
      const url = await frame.getAttribute('.qr', 'data-handoff-url');
      const phone = await phoneContext.newPage();
      await phone.goto(url);
      // The phone's first screen (who asks, why, since when, the warning), then its own consent.
      await phone.waitForSelector('section.phone-intro');
      await audit(phone, `${L} phone intro`, found, { inFrame: false });
      await phone.click('section.phone-intro .btn.primary');
      await phone.waitForSelector('section.consent');
      await audit(phone, `${L} phone consent`, found, { inFrame: false });
      await consent(phone);
      await frame.waitForSelector('section.handoff[data-phone=phone_connected]');
      await audit(page, `${L} handoff (phone connected)`, found);
      await phone.click('[data-document=drivers_license]');
      await captureAll(phone, phone, found, null);
      await phone.waitForSelector('section.result[data-status=PASS]', { timeout: 30000 });
      await audit(phone, `${L} phone done`, found, { inFrame: false });
      const used = await phoneContext.newPage();
      await used.goto(url);
      await used.waitForSelector('section.message.error');
      await audit(used, `${L} handoff link used`, found, { inFrame: false });
      const typed = await phoneContext.newPage();
      await typed.goto(`${stack.widgetOrigin}/`);
      await typed.waitForSelector('section.enter-code');
      await audit(typed, `${L} enter code`, found, { inFrame: false });
      await typed.click('section.enter-code button[type=submit]');
      await typed.waitForSelector('.code-error');
      await audit(typed, `${L} enter code (error)`, found, { inFrame: false });
      await frame.waitForSelector('section.result[data-status=PASS]', { timeout: 15000 });
    } finally {
      await phoneContext.close();
      await context.close();
    }
  }
  {
    const { context, page, frame } = await startJourney(camera, stack, { locale });
    const phoneContext = await camera.newContext({
      viewport: { width: 390, height: 1400 }, hasTouch: true, isMobile: true,
      locale: locale === 'es' ? 'es-US' : 'en-US',
    });
    try {
      await consent(frame);
      await frame.click('.continue-on-phone');
      await frame.waitForSelector('section.handoff .qr[data-handoff-url]');
      const phone = await phoneContext.newPage();
      await phone.goto(await frame.getAttribute('.qr', 'data-handoff-url'));
      await phone.waitForSelector('section.phone-intro');
      await phone.click('section.phone-intro .btn.secondary');
      await phone.waitForSelector('section.ended');
      await audit(phone, `${L} phone stopped`, found, { inFrame: false });
      await frame.waitForSelector('section.handoff[data-phone=declined]');
      await audit(page, `${L} handoff (phone stopped)`, found);
    } finally {
      await phoneContext.close();
      await context.close();
    }
  }
  // Launch error: a broken link, opened directly (the widget is the page). Its language is the
  // browser's, as there is no session to say otherwise.
  {
    const context = await camera.newContext({ locale: locale === 'es' ? 'es-US' : 'en-US' });
    try {
      const page = await context.newPage();
      await page.goto(`${stack.widgetOrigin}/#session=nope&token=forged`);
      await page.waitForSelector('section.message.error');
      assert.equal(await page.evaluate(() => document.documentElement.lang), L, "the page is in the browser's language");
      await audit(page, `${L} launch_error`, found, { inFrame: false });
    } finally {
      await context.close();
    }
  }
}

describe('accessibility', () => {
  test('axe finds no WCAG 2.2 AA violation on any screen, in English and in Spanish', async () => {
    const found = { screens: [], violations: [] };
    for (const locale of ['en', 'es']) await walk(locale, found);
    console.log(`axe (${WCAG_22_AA.join(', ')}) ran on ${found.screens.length} screens: ${found.screens.join('; ')}`);
    assert.deepEqual(found.violations, [], `axe violations:\n${found.violations.join('\n')}`);
    assert.ok(found.screens.length >= 62, `every screen in both languages (${found.screens.length})`);
  });

  test('the whole journey, to the result, by keyboard alone: focus always visible, never trapped', { timeout: 180000 }, async () => {
    const { context, page, frame } = await startJourney(camera, stack);
    try {
      const focusIn = () => frame.evaluate(() => {
        if (!document.hasFocus()) return null;
        const el = document.activeElement;
        if (!el || el === document.body) return { tag: 'body' };
        const s = getComputedStyle(el);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        const shadow = s.boxShadow !== 'none';
        return {
          tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent.trim().slice(0, 40),
          cls: el.className, document: el.dataset.document ?? null, visible: outline || shadow,
          section: document.querySelector('main section')?.className ?? '',
        };
      });
      /** Tabs (forward or back) until `want(focus)`; every focused control must show its focus. */
      const tabTo = async (want, { back = false, stop = null, max = 25 } = {}) => {
        for (let i = 0; i < max; i++) {
          await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
          const f = await focusIn();
          if (f && f.tag !== 'body' && f.tag !== 'h1') assert.ok(f.visible, `focus is visible on ${JSON.stringify(f)}`);
          if (want(f)) return { focus: f };
          if (stop && (await frame.$(stop))) return null;
        }
        throw new Error(`focus never reached the target (last: ${JSON.stringify(await focusIn())})`);
      };
      // From the host page's form into the widget.
      await tabTo((f) => f?.id === 'consent-document');
      await page.keyboard.press('Space');
      await tabTo((f) => f?.id === 'consent-biometric');
      await page.keyboard.press('Space');
      // Not trapped: Tab leaves the widget for the host page, and Shift+Tab comes back.
      await tabTo((f) => f === null, { max: 10 });
      await tabTo((f) => f?.tag === 'button' && f.cls.includes('primary'), { back: true, max: 10 });
      await page.keyboard.press('Enter');
      await frame.waitForSelector('.choices');
      await tabTo((f) => f?.document === 'drivers_license');
      await page.keyboard.press('Enter');
      for (const side of ['front', 'back', 'selfie']) {
        // This side's screens only (the previous review may still be on its way out).
        const review = `section.review[data-side=${side}]`;
        await frame.waitForSelector(`.capture-${side} .shutter:not([disabled]), ${review}`, { timeout: 15000 });
        // Auto-capture may beat the keyboard; otherwise the shutter is pressed with Enter.
        const shutter = await tabTo((f) => f?.cls.includes('shutter'), { stop: review });
        if (shutter && !(await frame.$(review))) await page.keyboard.press('Enter');
        // A press on a frame the checks refused (the scene still loading, on a loaded machine)
        // asks "Use anyway?": answered by keyboard too.
        await frame.waitForSelector(`${review}, .use-anyway`, { timeout: 20000 });
        if (!(await frame.$(review))) {
          await tabTo((f) => f?.cls.includes('use-anyway-button'));
          await page.keyboard.press('Enter');
        }
        await frame.waitForSelector(review, { timeout: 20000 });
        await tabTo((f) => f?.section === 'review' && f.cls.includes('primary'));
        await page.keyboard.press('Enter');
      }
      await frame.waitForSelector('section.result[data-status=PASS]', { timeout: 30000 });
      await tabTo((f) => f?.section.includes('result') && f.cls.includes('primary'));
      // Not awaited: Enter closes the widget, and the host removes the iframe while the key is
      // still being delivered to it; Chromium then never acknowledges the key up and the press
      // would hang (it did, about one run in four). The page's reaction is what is awaited.
      page.keyboard.press('Enter').catch(() => {});
      await page.waitForSelector('#idv-widget', { state: 'detached', timeout: 10000 });
    } finally {
      await context.close();
    }
  });

  for (const [name, options] of [
    ['320 CSS px wide', { viewport: { width: 320, height: 2400 } }],
    // A 640 px window at 200 % zoom lays out 320 CSS px at 2 device pixels each.
    ['200 % zoom', { viewport: { width: 320, height: 2400 }, deviceScaleFactor: 2 }],
  ]) {
    test(`no horizontal scrolling inside the widget at ${name}, on every screen`, async () => {
      const { context, page, frame } = await startJourney(camera, stack, { lastName: 'RiveraIDV0011', locale: 'es', contextOptions: options });
      try {
        const seen = [];
        const check = async (label) => {
          const m = await frame.evaluate(() => ({
            scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
            widest: Math.max(...[...document.querySelectorAll('main *')].map((e) => e.getBoundingClientRect().right)),
          }));
          assert.ok(m.client <= 320, `${label}: the widget is at most 320 px wide (${m.client})`);
          assert.ok(m.scroll <= m.client && m.widest <= m.client + 0.5, `${label}: scrolls sideways ${JSON.stringify(m)}`);
          seen.push(label);
        };
        await check('consent');
        await consent(frame);
        await check('choose_document');
        await frame.click('[data-document=drivers_license]');
        for (const side of ['front', 'back', 'selfie']) {
          await frame.waitForSelector(`.capture-${side}`);
          await check(`capture_${side}`);
          await shoot(frame, side);
          await check(`review_${side}`);
          await usePhoto(frame);
        }
        await frame.waitForSelector('section.result[data-status=FAIL]', { timeout: 30000 });
        await check('result FAIL');
        assert.equal(seen.length, 9);
      } finally {
        await context.close();
      }
    });
  }

  test('prefers-reduced-motion: reduce stops every animation and transition', async () => {
    const running = async (reducedMotion) => {
      // Slowpoke: the tenant answers late, so the spinner of the sending screen is there to see.
      const { context, frame } = await startJourney(camera, stack, { lastName: 'Slowpoke', contextOptions: { reducedMotion } });
      try {
        await consent(frame);
        await frame.click('[data-document=passport]');
        for (const side of ['front', 'selfie']) {
          await shoot(frame, side);
          await usePhoto(frame);
        }
        await frame.waitForSelector('section.sending .spinner');
        return await frame.evaluate(() => ({
          animations: document.getAnimations().filter((a) => a.playState === 'running').length,
          transitions: [...document.querySelectorAll('*')].filter((e) => {
            const s = getComputedStyle(e);
            return s.transitionDuration.split(',').some((d) => parseFloat(d) > 0.01)
              || s.animationName !== 'none' && s.animationDuration.split(',').some((d) => parseFloat(d) > 0.01);
          }).map((e) => e.className),
        }));
      } finally {
        await context.close();
      }
    };
    const moving = await running('no-preference');
    assert.ok(moving.animations > 0, 'the spinner turns for those who do not mind motion (the check can fail)');
    assert.deepEqual(await running('reduce'), { animations: 0, transitions: [] });
  });
});
