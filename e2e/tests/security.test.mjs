// The widget's browser-side defences, in real headless Chromium: a whole journey under its strict
// Content-Security-Policy raises no violation, and a page on an origin the gateway does not allow
// cannot frame it.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import {
  DEFAULT_SCENES, sceneCamera, TRACK_PROBE, consent, hostMessages, launchBrowser, liveTracks, startStack, takePhoto, usePhoto,
} from './harness.mjs';

let stack;
let genuine;

before(async () => {
  stack = await startStack();
  // A camera showing the back of Ana Rivera's genuine licence.
  genuine = await launchBrowser('fake', 'licence-back');
});

after(async () => {
  await genuine?.close();
  await stack?.stop();
});

/**
 * Runs in every frame before its own scripts (Playwright init script): records each
 * `securitypolicyviolation` the frame's document sees.
 */
const VIOLATION_PROBE = () => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({
      directive: e.effectiveDirective,
      blocked: e.blockedURI,
      source: `${e.sourceFile}:${e.lineNumber}`,
      sample: e.sample,
    });
  });
};

const POLICY_MESSAGE = /content security policy|refused to|permissions.policy/i;

/** The console lines of `page` and all its frames that are about a browser policy. */
function policyConsole(page) {
  const lines = [];
  page.on('console', (m) => {
    if (POLICY_MESSAGE.test(m.text())) lines.push(`${m.type()}: ${m.text()}`);
  });
  return lines;
}

describe('browser-side defences', () => {
  test('a genuine-licence journey to PASS raises no CSP violation in the widget or the console', async () => {
    const context = await genuine.newContext({ viewport: { width: 820, height: 3000 } });
    // Front, back and a face for the selfie; the analysis worker runs under the same policy.
    await context.addInitScript(sceneCamera(DEFAULT_SCENES));
    await context.addInitScript(TRACK_PROBE);
    await context.addInitScript(VIOLATION_PROBE);
    const page = await context.newPage();
    const consoleLines = policyConsole(page);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const widgetDocuments = [];
    page.on('response', (r) => {
      if (r.request().isNavigationRequest() && r.url().startsWith(stack.widgetOrigin)) widgetDocuments.push(r);
    });
    try {
      await page.goto(`${stack.hostOrigin}/`);
      await page.fill('input[name=last_name]', 'Rivera');
      await page.click('button[type=submit]');
      const frame = await (await page.waitForSelector('#idv-widget')).contentFrame();
      await frame.waitForSelector('main section');

      // The widget document really is under the strict policy (so zero violations means
      // something), and its page has no inline script left to allow.
      assert.equal(widgetDocuments.length, 1);
      const headers = await widgetDocuments[0].allHeaders();
      const csp = headers['content-security-policy'];
      assert.match(csp, /(^|; )default-src 'none'(;|$)/);
      assert.match(csp, /(^|; )script-src 'self' 'wasm-unsafe-eval'(;|$)/);
      assert.match(csp, new RegExp(`(^|; )frame-ancestors ${stack.hostOrigin}(;|$)`));
      assert.doesNotMatch(csp, /unsafe-inline/);
      assert.match(headers['permissions-policy'], /(^|, )camera=\(self\)(,|$)/);
      const html = await widgetDocuments[0].text();
      assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/i, 'no inline script in the widget page');

      // The capture token came in the frame's URL fragment; once read it leaves the address
      // (history, screenshots), and the session still loads.
      assert.match(await page.getAttribute('#idv-widget', 'src'), /#session=[\w-]+&token=[\w-]{43}$/);
      await frame.waitForSelector('.consent');
      const href = await frame.evaluate(() => location.href);
      assert.equal(href, `${stack.widgetOrigin}/`, 'no fragment left in the address');
      assert.doesNotMatch(href, /token/);

      await consent(frame);
      await frame.click('[data-document=drivers_license]');
      for (const side of ['front', 'back', 'selfie']) {
        await takePhoto(frame, side);
        await usePhoto(frame);
      }
      await frame.waitForSelector('section.result[data-status=PASS]', { timeout: 30000 });
      await page.waitForSelector('#outcome[data-status=PASS]');
      const complete = (await hostMessages(page)).find((m) => m.type === 'complete');
      assert.equal(complete.payload.status, 'PASS');
      assert.equal((await liveTracks(frame)).live, 0);

      assert.deepEqual(await frame.evaluate(() => window.__cspViolations), [], 'no violation in the widget frame');
      assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'no violation in the host page');
      assert.deepEqual(consoleLines, [], 'no policy message in the console');
      assert.deepEqual(errors, []);

      // The probe was listening in the widget frame: an image from another origin is refused
      // and recorded, and the console says so.
      await frame.evaluate(() => { new Image().src = 'http://127.0.0.1:9/probe.png'; });
      await frame.waitForFunction(() => window.__cspViolations.length > 0);
      assert.deepEqual((await frame.evaluate(() => window.__cspViolations)).map((v) => v.directive), ['img-src']);
    } finally {
      await context.close();
    }
  });

  test('a page on an origin the gateway does not allow cannot frame the widget', async () => {
    // A real session for the demo host's origin, then an outsider page that frames its URL.
    const session = await (await fetch(`${stack.hostOrigin}/api/start`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
    })).json();
    assert.match(session.widget_url, /#session=/);
    const outsider = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!DOCTYPE html><title>outsider</title>
<iframe id="idv-widget" allow="camera" src="${session.widget_url.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></iframe>`);
    });
    await new Promise((resolve) => outsider.listen(0, '127.0.0.1', resolve));
    const outsiderOrigin = `http://127.0.0.1:${outsider.address().port}`;
    assert.notEqual(outsiderOrigin, stack.hostOrigin);

    const context = await genuine.newContext();
    await context.addInitScript(TRACK_PROBE);
    const page = await context.newPage();
    const consoleLines = policyConsole(page);
    const widgetDocuments = [];
    const widgetCalls = [];
    page.on('response', (r) => {
      if (r.request().isNavigationRequest() && r.url().startsWith(stack.widgetOrigin)) widgetDocuments.push(r);
    });
    page.on('request', (r) => {
      if (r.url().startsWith(`${stack.widgetOrigin}/v1/`)) widgetCalls.push(r.url());
    });
    try {
      await page.goto(`${outsiderOrigin}/`);
      // The gateway answered (so what follows is the browser enforcing frame-ancestors, not a
      // network failure)...
      for (let i = 0; i < 50 && widgetDocuments.length === 0; i++) await page.waitForTimeout(100);
      assert.equal(widgetDocuments.length, 1, 'the widget document was fetched');
      assert.equal(widgetDocuments[0].status(), 200);
      await page.waitForTimeout(1500);
      // ...and Chromium refused to render it: the frame holds an error page, not the widget.
      const frame = await (await page.$('#idv-widget')).contentFrame();
      assert.ok(frame, 'the iframe exists');
      assert.doesNotMatch(frame.url(), new RegExp(`^${stack.widgetOrigin}`), `frame at ${frame.url()}`);
      const widgetDom = await frame.evaluate(() => document.querySelector('main, section, .widget') !== null).catch(() => false);
      assert.equal(widgetDom, false, 'no widget DOM in the frame');
      assert.deepEqual(widgetCalls, [], 'the widget never ran: no API call');
      assert.ok(
        consoleLines.some((l) => /frame-ancestors/.test(l)),
        `Chromium reports the frame-ancestors refusal: ${JSON.stringify(consoleLines)}`,
      );

      // The same page on the allowed origin would frame it: the refusal is about the origin.
      const allowed = await (await page.context().newPage());
      try {
        await allowed.goto(`${stack.hostOrigin}/`);
        await allowed.click('button[type=submit]');
        const ok = await (await allowed.waitForSelector('#idv-widget')).contentFrame();
        await ok.waitForSelector('main section');
      } finally {
        await allowed.close();
      }
    } finally {
      await context.close();
      outsider.close();
    }
  });
});
