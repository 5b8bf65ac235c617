// Runs a plan: one fresh browser context per scenario, the widget driven through a host page
// (the kit's own, or the deployment's with --host-page), every host message and screen recorded,
// then each channel checked (lib/checks.mjs decides).

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { sceneCameraScript } from './camera.mjs';
import { channelNotes, compare, deriveOutcome, expectedLine, outcomeLine, sessionIdOf, sidesOf } from './checks.mjs';
import { checkToken, TokenLedger } from './gateway.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const DOCUMENT_TYPES = ['drivers_license', 'passport', 'id_card'];

// Records, in the host page only, every message the widget posts (whatever the host page does
// with it), with its origin and whether it came from an iframe of the page.
const MESSAGE_RECORDER = () => {
  if (window.top !== window) return;
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!data || data.source !== 'idv-widget') return;
    const fromFrame = [...document.querySelectorAll('iframe')].some((f) => f.contentWindow === event.source);
    window.__qaOnMessage?.({ origin: event.origin, fromFrame, data });
  }, true);
};

/** Debian's Chromium binary itself (its /usr/bin/chromium wrapper adds nothing we need). */
export function findChromium(given) {
  return given ?? process.env.CHROMIUM ?? '/usr/lib/chromium/chromium';
}

class StepError extends Error {}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, fn, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new StepError(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * `target`:
 * - `gatewayFor(scenario)`: the Gateway (lib/gateway.mjs) to create sessions on and audit with
 * - `host`: { kind: 'kit', origin } or { kind: 'page', url, fields, submit, iframe, verdict }
 * - `webhook`: { mode: 'receiver' | 'log' | 'none', events(): Promise<records> }
 * - `maxExpiryWaitSecs`: the longest the kit waits for a session to expire
 */
export async function runPlan(plan, { target, reportDir, chromiumPath, screenshots = true, log = () => {} }) {
  mkdirSync(path.join(reportDir, 'screens'), { recursive: true });
  const browsers = {};
  const browserFor = async (camera) => {
    if (!browsers[camera]) {
      const args = [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream'];
      // 'scene': the scene camera replaces getUserMedia; 'denied': the permission prompt cannot
      // be answered in a headless browser, so the real getUserMedia fails with NotAllowedError.
      if (camera === 'scene') args.push('--use-fake-ui-for-media-stream');
      browsers[camera] = await chromium.launch({ executablePath: findChromium(chromiumPath), args });
    }
    return browsers[camera];
  };
  const ledger = new TokenLedger();
  const done = new Map();
  const results = [];
  const started = Date.now();
  try {
    for (const scenario of plan.scenarios) {
      log(`▶ ${scenario.id}: ${scenario.title}`);
      const result = await runScenario(scenario, { target, browserFor, ledger, done, reportDir, screenshots, log });
      results.push(result);
      done.set(scenario.id, result);
      log(`  ${result.status.toUpperCase()} in ${result.seconds.toFixed(1)} s${result.diffs.length ? `: ${result.diffs.map((d) => `${d.channel} ${d.check}`).join('; ')}` : ''}`);
    }
  } finally {
    await Promise.all(Object.values(browsers).map((b) => b.close()));
  }
  return { started, seconds: (Date.now() - started) / 1000, results };
}

function skip(scenario, reason) {
  return {
    id: scenario.id, title: scenario.title, tags: scenario.tags, status: 'skipped', reason,
    expected: expectedLine(scenario.expect), got: '—', seconds: 0, diffs: [], notes: {}, timeline: [], screens: [],
  };
}

/** Why a scenario cannot run against this target, or null. */
function cannotRun(scenario, target, done) {
  const page = target.host.kind === 'page';
  if (page && scenario.needs.includes('kit_host')) return 'needs the kit\'s own host page (it creates the session itself): run without --host-page';
  if (page && Object.keys(scenario.session).length && !scenario.hostPageQuery) return 'sets session options (session) that a host page chooses itself; give the host page\'s switch as host_page_query';
  if (page && !scenario.iframeAllowCamera && !scenario.hostPageQuery) return 'needs an iframe without allow="camera": only the kit\'s own host page can embed one';
  if (page && scenario.openAfterExpiry) return 'opens the widget after its session expired: needs the kit\'s own host page';
  const ref = scenario.session.reverify_of;
  if (typeof ref === 'string' && ref.startsWith('@')) {
    const earlier = done.get(ref.slice(1));
    if (!earlier) return `re-verifies ${ref.slice(1)}, which did not run`;
    if (!earlier.passVerificationId) return `re-verifies ${ref.slice(1)}, which did not reach PASS`;
  }
  return null;
}

async function runScenario(scenario, env) {
  const { target, browserFor, ledger, done, reportDir, screenshots, log } = env;
  const why = cannotRun(scenario, target, done);
  if (why) return skip(scenario, why);
  const gateway = await target.gatewayFor(scenario);
  if (!gateway) return skip(scenario, `needs the ${scenario.gateway} gateway, which this target does not have`);
  const t0 = Date.now();
  const timeline = [];
  const note = (channel, kind, data) => timeline.push({ t: Date.now() - t0, channel, kind, data });
  const screens = [];
  const messages = [];
  let shotQueue = Promise.resolve();
  const browser = await browserFor(scenario.camera);
  // Tall enough that nothing scrolls: a page scroll clamped by an iframe resize between
  // Playwright's scroll-into-view and its click would move the target under the pointer.
  const context = await browser.newContext({ viewport: { width: 900, height: 3000 } });
  // A screen that never comes fails its step within 15 s (waits for results say their own).
  context.setDefaultTimeout(15000);
  let phone = null;
  let frameElement = null;
  const shoot = (label, pageOrElement) => {
    if (!screenshots) return;
    shotQueue = shotQueue.then(async () => {
      const file = `screens/${scenario.id}-${String(screens.length + 1).padStart(2, '0')}.jpg`;
      try {
        await pageOrElement.screenshot({ path: path.join(reportDir, file), type: 'jpeg', quality: 70, timeout: 5000 });
        screens.push({ t: Date.now() - t0, label, file });
        note('screen', 'screenshot', { label, file });
      } catch { /* the element went away (close): nothing to show */ }
    });
  };
  const diffs = [];
  const verdicts = [];
  let session = { nonce: null, sessionId: null, widgetUrl: null };
  let current = null; // the page or frame steps act on
  let desktopFrame = null;
  try {
    if (scenario.camera === 'scene') await context.addInitScript(sceneCameraScript(scenario.pictures));
    await context.addInitScript(MESSAGE_RECORDER);
    await context.exposeBinding('__qaOnMessage', (_source, m) => {
      messages.push({ at: Date.now() - t0, origin: m.origin, fromFrame: m.fromFrame, ...m.data });
      note('host', m.data.type, m.data.payload);
      if (m.data.type === 'step' && frameElement) shoot(`host step: ${m.data.payload?.screen}`, frameElement);
    });
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // Open the host page and start the verification.
    if (target.host.kind === 'kit') {
      session = await createKitSession(scenario, gateway, target, done);
      note('kit', 'session created', { session_id: session.sessionId, expires_at: session.expiresAt });
      if (scenario.openAfterExpiry) {
        const waitMs = Date.parse(session.expiresAt) - Date.now() + 1500;
        if (waitMs > (target.maxExpiryWaitSecs ?? 60) * 1000) {
          await context.close();
          return skip(scenario, `the session expires in ${Math.round(waitMs / 1000)} s, more than --max-expiry-wait (${target.maxExpiryWaitSecs} s)`);
        }
        note('kit', 'waiting for the session to expire', { ms: waitMs });
        await sleep(Math.max(0, waitMs));
      }
      await page.goto(target.host.origin);
      await page.evaluate(([url, allow]) => window.qaEmbed(url, allow), [session.widgetUrl, scenario.iframeAllowCamera]);
      frameElement = await page.waitForSelector('#idv-widget');
    } else {
      const h = target.host;
      await page.goto(h.url + (scenario.hostPageQuery ?? ''));
      for (const [field, selector] of Object.entries(h.fields)) {
        const value = field === 'trigger' ? scenario.trigger : field === 'locale' ? scenario.locale : scenario.patient[field];
        if (value === undefined) continue;
        const tag = await page.$eval(selector, (el) => el.tagName);
        if (tag === 'SELECT') await page.selectOption(selector, value);
        else await page.fill(selector, value);
      }
      await page.click(h.submit);
      frameElement = await page.waitForSelector(h.iframe);
      const src = await frameElement.getAttribute('src');
      session = { nonce: null, sessionId: sessionIdOf(src), widgetUrl: null };
    }
    desktopFrame = await frameElement.contentFrame();
    await desktopFrame.waitForSelector('main section', { timeout: 20000 });
    // The first screen, when its step message came before the iframe was found.
    await shotQueue;
    if (screens.length === 0) {
      const first = messages.filter((m) => m.type === 'step').at(-1);
      shoot(first ? `host step: ${first.payload?.screen}` : 'widget opened', frameElement);
    }
    current = desktopFrame;
    let completesSeen = 0;
    const completes = () => messages.filter((m) => m.type === 'complete').length;

    for (const [i, step] of scenario.steps.entries()) {
      note('kit', 'step', step);
      try {
        switch (step.do) {
          case 'consent':
            if (await current.$('#consent-document')) await press(current, '#consent-document:not(:checked)');
            await press(current, '#consent-biometric:not(:checked)');
            await press(current, '.consent .btn.primary');
            break;
          case 'decline':
            await press(current, '.consent .btn.secondary');
            await until('the host to receive cancel', () => messages.some((m) => m.type === 'cancel'), 15000);
            break;
          case 'choose':
            await press(current, `[data-document=${step.document ?? scenario.document}]`);
            break;
          case 'capture_all':
            for (const side of sidesOf(step.document ?? scenario.document, scenario.session.mode)) {
              await capture(current, side, 'auto', note);
              await press(current, 'section.review .btn.primary');
            }
            break;
          case 'capture':
            await capture(current, step.side, step.how ?? 'auto', note);
            break;
          case 'use':
            await press(current, 'section.review .btn.primary');
            break;
          case 'retake':
            await press(current, 'section.review .btn.secondary');
            break;
          case 'wait_result':
            if (current === desktopFrame) {
              await until('a complete message', () => completes() > completesSeen, step.timeout_secs ? step.timeout_secs * 1000 : 60000);
              completesSeen = completes();
              if (target.host.kind === 'page' && target.host.verdict) await readVerdict(page, target.host.verdict, messages, verdicts, note);
            }
            await current.waitForSelector('section.result[data-status]', { timeout: 60000 });
            if (current !== desktopFrame) shoot('phone: result', phone.page);
            break;
          case 'try_again':
            await press(current, 'section.result .btn.primary');
            break;
          case 'continue_on_phone': {
            await press(current, '.continue-on-phone');
            await current.waitForSelector('section.handoff .qr[data-handoff-url]');
            const url = await current.getAttribute('.qr', 'data-handoff-url');
            note('kit', 'phone opens the handoff link', {});
            const phoneContext = await browser.newContext({ viewport: { width: 390, height: 1400 }, hasTouch: true, isMobile: true });
            if (scenario.camera === 'scene') await phoneContext.addInitScript(sceneCameraScript(scenario.pictures));
            const phonePage = await phoneContext.newPage();
            phone = { context: phoneContext, page: phonePage };
            await phonePage.goto(url);
            await phonePage.waitForSelector('main section');
            shoot('phone: opened the link', phonePage);
            // The phone first says who asks, why and since when, and warns; then it asks its
            // own consent (document and biometric).
            await press(phonePage, 'section.phone-intro .btn.primary');
            if (await phonePage.waitForSelector('#consent-document', { timeout: 5000 }).catch(() => null)) {
              await press(phonePage, '#consent-document:not(:checked)');
            }
            await press(phonePage, '#consent-biometric:not(:checked)');
            await press(phonePage, '.consent .btn.primary');
            current = phonePage;
            break;
          }
          case 'desktop':
            current = desktopFrame;
            break;
          case 'wait_problem':
            await current.waitForSelector('[data-problem]', { timeout: 20000 });
            await until('the host to receive error', () => messages.some((m) => m.type === 'error'), 15000);
            break;
          case 'wait_launch_error':
            await current.waitForSelector('section.message.error', { timeout: 20000 });
            break;
          case 'host_cancel':
            if (target.host.kind !== 'kit') throw new StepError('host_cancel needs the kit\'s own host page');
            await page.evaluate(() => window.qaCommand('cancel'));
            await until('the host to receive cancel', () => messages.some((m) => m.type === 'cancel'), 15000);
            break;
          default:
            throw new StepError(`unknown step ${step.do}`);
        }
        if (phone && current === phone.page && step.do !== 'wait_result') shoot(`phone: ${step.do}${step.side ? ` ${step.side}` : ''}`, phone.page);
      } catch (e) {
        const where = await describeScreen(current).catch(() => ({}));
        throw new StepError(`step ${i + 1} (${JSON.stringify(step)}) failed: ${e.message.split('\n')[0]}; the screen: ${JSON.stringify(where)}`);
      }
    }
    shoot('end', frameElement);
    await shotQueue;

    // What the patient was shown at the end, on the computer.
    const patient = await desktopFrame.evaluate(() => {
      const main = document.querySelector('main');
      const retry = [...document.querySelectorAll('main button')].some((b) => /^(Try again|Intentar de nuevo)$/.test(b.textContent.trim()));
      return {
        text: main?.innerText ?? '',
        support: Boolean(document.querySelector('.support')),
        retry,
        problem: document.querySelector('[data-problem]')?.dataset.problem ?? null,
        launchError: Boolean(document.querySelector('section.message.error')) && !document.querySelector('[data-problem]'),
      };
    });
    const steps = messages.filter((m) => m.type === 'step');
    patient.screen = steps.at(-1)?.payload?.screen ?? (patient.launchError ? 'launch_error' : null);
    const outcome = deriveOutcome(messages);
    if (pageErrors.length) note('host', 'page errors', pageErrors);

    // The result token of every PASS/FAIL.
    const tokens = [];
    for (const c of outcome.completes) {
      if (!c.result_token) continue;
      const { checks, claims } = await checkToken(c.result_token, {
        gateway, nonce: session.nonce, verificationId: c.verification_id, ledger,
      });
      tokens.push({ verification_id: c.verification_id, token: c.result_token, checks, claims });
      note('token', 'checked', { verification_id: c.verification_id, failed: checks.filter((k) => !k.ok).map((k) => k.name) });
    }
    const decided = [...new Set(outcome.completes.filter((c) => ['PASS', 'FAIL', 'ERROR'].includes(c.status) && c.verification_id).map((c) => c.verification_id))];

    // The webhook: the events of this session's verifications.
    let webhookEvents = [];
    if (target.webhook.mode !== 'none') {
      if (decided.length) {
        webhookEvents = await until('the webhook events', async () => {
          const all = await target.webhook.events();
          const mine = all.filter((r) => decided.includes(r.event?.verification_id));
          return decided.every((vid) => mine.some((r) => r.event.verification_id === vid)) ? mine : null;
        }, 30000).catch(async () => (await target.webhook.events()).filter((r) => decided.includes(r.event?.verification_id)));
      } else if (session.sessionId) {
        webhookEvents = (await target.webhook.events()).filter((r) => r.event?.session_id === session.sessionId);
      }
      for (const r of webhookEvents) {
        timeline.push({ t: r.received_at - t0, channel: 'webhook', kind: r.event?.type ?? 'unreadable', data: { ...r.event, signature: r.signature } });
      }
    }

    // The audit trail, with the client's credentials.
    const byVerification = {};
    for (const vid of decided) {
      const wantDelivered = target.webhook.mode !== 'none';
      let last = null;
      try {
        last = await until(`the audit of ${vid}`, async () => {
          const record = await gateway.verification(vid);
          const audit = await gateway.audit(vid);
          const read = { record, events: audit.events };
          last = read;
          const decidedEvent = audit.events.some((e) => e.event === 'verification.decided');
          return decidedEvent && (!wantDelivered || record.webhook?.status === 'delivered') ? read : null;
        }, 20000);
      } catch (e) {
        if (!last) last = { error: e.message };
      }
      byVerification[vid] = last;
      note('audit', 'read', { verification_id: vid, status: last?.record?.status, events: last?.events?.map((e) => e.event) });
    }

    const observed = {
      host: { messages, widgetOrigin: new URL(gateway.url).origin, outcome },
      tokens,
      webhook: { mode: target.webhook.mode, events: webhookEvents, sessionId: session.sessionId },
      audit: { available: true, byVerification },
      patient,
      patientData: scenario.patient,
      hostVerdicts: verdicts,
    };
    diffs.push(...compare(scenario.expect, observed));
    const notes = channelNotes(observed);
    const last = outcome.completes.at(-1);
    const lastAudit = last ? byVerification[last.verification_id]?.record : null;
    const passVid = outcome.completes.find((c) => c.status === 'PASS' && tokens.find((t) => t.verification_id === c.verification_id)?.checks.every((k) => k.ok))?.verification_id ?? null;
    return {
      id: scenario.id,
      title: scenario.title,
      tags: scenario.tags,
      status: diffs.length ? 'failed' : 'passed',
      expected: expectedLine(scenario.expect),
      got: outcomeLine({ ...outcome, cause_code: 'cause_code' in scenario.expect ? lastAudit?.cause_code : null }),
      seconds: (Date.now() - t0) / 1000,
      diffs,
      notes,
      session_id: session.sessionId,
      verification_ids: outcome.completes.map((c) => c.verification_id).filter(Boolean),
      passVerificationId: passVid,
      messages,
      tokens: tokens.map((t) => ({ verification_id: t.verification_id, checks: t.checks, claims: t.claims })),
      webhook: webhookEvents,
      audit: byVerification,
      patient,
      timeline: timeline.sort((a, b) => a.t - b.t),
      screens,
    };
  } catch (e) {
    if (desktopFrame || frameElement) {
      shoot('where it stopped', frameElement ?? context.pages()[0]);
      if (phone) shoot('phone: where it stopped', phone.page);
      await shotQueue;
    }
    diffs.push({ channel: 'run', check: 'scenario ran to its end', expected: 'every step done', got: e.message });
    log(`  ${e.stack ?? e.message}`);
    const outcome = deriveOutcome(messages);
    const got = messages.length ? outcomeLine(outcome) : `not started: ${e.message.split('\n')[0].slice(0, 80)}`;
    return {
      id: scenario.id, title: scenario.title, tags: scenario.tags, status: 'error',
      expected: expectedLine(scenario.expect), got, seconds: (Date.now() - t0) / 1000,
      diffs, notes: {}, session_id: session.sessionId, messages, timeline: timeline.sort((a, b) => a.t - b.t), screens,
    };
  } finally {
    await phone?.context.close();
    await context.close();
  }
}

/** The session the kit's own backend creates, as a host's backend would (with a fresh nonce). */
async function createKitSession(scenario, gateway, target, done) {
  const nonce = randomBytes(18).toString('base64url');
  const options = { ...scenario.session };
  if (typeof options.reverify_of === 'string' && options.reverify_of.startsWith('@')) {
    options.reverify_of = done.get(options.reverify_of.slice(1)).passVerificationId;
  }
  const body = {
    patient_ref: scenario.patient.patient_ref ?? `QA-${scenario.id}`,
    first_name: scenario.patient.first_name,
    last_name: scenario.patient.last_name,
    date_of_birth: scenario.patient.date_of_birth,
    trigger: options.mode === 'reverify' ? 'password_reset' : scenario.trigger,
    document_types: DOCUMENT_TYPES,
    host_origin: target.host.origin,
    locale: scenario.locale,
    nonce,
    ...options,
  };
  const answer = await gateway.createSession(body);
  return { nonce, sessionId: answer.session_id, widgetUrl: answer.widget_url, expiresAt: answer.expires_at };
}

/**
 * Takes a side's picture. `auto`: waits for the widget to take it by itself, pressing the shutter
 * after 15 s (noted), and answering "Use anyway?" if the checks doubt the shutter's picture;
 * `shutter`: presses at once; `use_anyway`: presses and must be asked "Use anyway?".
 */
async function capture(surface, side, how, note) {
  const review = `section.review[data-side=${side}]`;
  await surface.waitForSelector(`.capture-${side}, ${review}`, { timeout: 20000 });
  if (how === 'auto') {
    if (await surface.waitForSelector(review, { timeout: 15000 }).catch(() => null)) return;
    note('kit', 'no automatic capture in 15 s: pressing the shutter', { side });
  }
  if (await surface.$(review)) return;
  await press(surface, `.capture-${side} .shutter:not([disabled])`, 10000).catch(() => { /* auto-capture won */ });
  await surface.waitForSelector(`${review}, .use-anyway`, { timeout: 15000 });
  if (await surface.$('.use-anyway')) {
    note('kit', 'asked "Use anyway?": using it', { side });
    await press(surface, '.use-anyway-button');
  } else if (how === 'use_anyway') {
    throw new StepError(`expected "Use anyway?" for ${side}, the picture was taken without it`);
  }
  await surface.waitForSelector(review, { timeout: 10000 });
}

/**
 * With --host-verdict: the host page's own verdict on the result token its backend was given
 * (the demo host's `#outcome`: "Verified by the host's backend: PASS", "Result rejected:
 * replayed"). Read once it names the decision or a rejection (10 s).
 */
async function readVerdict(page, selector, messages, verdicts, note) {
  const c = messages.filter((m) => m.type === 'complete').at(-1);
  if (!c?.payload?.result_token) return;
  const status = c.payload.status;
  let text;
  try {
    await page.waitForFunction(([sel, st]) => {
      const t = document.querySelector(sel)?.textContent ?? '';
      return t.includes(st) || /reject/i.test(t);
    }, [selector, status], { timeout: 10000 });
    text = await page.textContent(selector);
  } catch {
    text = (await page.textContent(selector).catch(() => null)) ?? '(no verdict)';
  }
  verdicts.push({ verification_id: c.payload.verification_id, status, text });
  note('host', 'host backend verdict', { verification_id: c.payload.verification_id, text });
}

/**
 * Presses a control of the widget once it is visible: the element's own click(), so a host page
 * that scrolls or grows while the widget moves focus never puts another control under a pointer
 * (a coordinate click on a long host page did, about one run in three).
 */
async function press(surface, selector, timeout = 15000) {
  const handle = await surface.waitForSelector(selector, { state: 'visible', timeout });
  await handle.evaluate((el) => el.click());
}

async function describeScreen(surface) {
  return surface.evaluate(() => ({
    screen: document.querySelector('main section')?.className ?? null,
    title: document.querySelector('h1')?.textContent ?? null,
    alert: document.querySelector('[role=alert]')?.textContent ?? null,
  }));
}
