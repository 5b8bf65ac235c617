// Starts the real parts on loopback (local 1Kosmos tenant, gateway with a fresh SQLite file,
// demo host page) and a real headless Chromium with a fake camera.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Where the tenant and gateway binaries are: the debug build, unless IDV_SERVER_BIN_DIR says
// otherwise (scripts/bench.sh runs release servers).
const serverBin = (name) => path.resolve(root, process.env.IDV_SERVER_BIN_DIR ?? 'target/debug', name);

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url, child, name) {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not start (${url})`);
}

function start(name, command, args, env) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, RUST_LOG: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.name = name;
  return child;
}

/**
 * Debian's Chromium binary itself: its /usr/bin/chromium wrapper script adds nothing Playwright
 * needs and prints a shell error ("unexpected operator") on every launch.
 */
export const CHROMIUM = process.env.CHROMIUM
  ?? (existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium');

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * The demo configuration with top-level `settings` replaced (e.g. `{ handoff_ttl_secs: 4 }`),
 * written into `dir`; its path. Without settings, the demo configuration itself.
 */
function gatewayConfig(dir, settings = {}) {
  const entries = Object.entries(settings);
  if (entries.length === 0) return 'config/gateway.toml';
  let text = readFileSync(path.join(root, 'config/gateway.toml'), 'utf8');
  for (const [key, value] of entries) {
    const line = `${key} = ${JSON.stringify(value)}`;
    const existing = new RegExp(`^${key} = .*$`, 'm');
    text = existing.test(text) ? text.replace(existing, line) : `${line}\n${text}`;
  }
  const file = path.join(dir, 'gateway.toml');
  writeFileSync(file, text);
  return file;
}

/**
 * Starts tenant, gateway and host. `options.gatewayEnv` overrides gateway settings through the
 * environment; `options.gatewayConfig` replaces top-level settings of the configuration file.
 *
 * The ports come from `freePort()`, which frees each port before a server binds it: in between,
 * an outgoing connection on the machine can take it as its own ephemeral port, and the server
 * exits with EADDRINUSE (seen once in a local run: the demo host on 127.0.0.1:39503). A stack
 * whose server exits while starting is started again on new ports, up to three times.
 */
export async function startStack(options = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startStackOnce(options);
    } catch (e) {
      if (attempt >= 3 || !/ exited with /.test(String(e?.message))) throw e;
      console.error(`startStack: ${e.message}; starting again on new ports (attempt ${attempt + 1})`);
    }
  }
}

async function startStackOnce(options) {
  const [tenantPort, gatewayPort, hostPort] = [await freePort(), await freePort(), await freePort()];
  const dir = mkdtempSync(path.join(tmpdir(), 'idv-e2e-'));
  const hostOrigin = `http://127.0.0.1:${hostPort}`;
  const gatewayUrl = `http://localhost:${gatewayPort}`;
  const children = [];
  try {
    const tenant = start('tenant', serverBin('kosmos-tenant'), [], {
      KOSMOS_TENANT_ADDR: `127.0.0.1:${tenantPort}`,
      KOSMOS_TENANT_SLOW_SECS: '5',
    });
    children.push(tenant);
    await waitFor(`http://127.0.0.1:${tenantPort}/caas/sd`, tenant, 'tenant');
    const gateway = start('gateway', serverBin('gateway'), [gatewayConfig(dir, options.gatewayConfig)], {
      GATEWAY_LISTEN: `127.0.0.1:${gatewayPort}`,
      GATEWAY_PUBLIC_URL: gatewayUrl,
      GATEWAY_DATABASE_URL: `sqlite://${path.join(dir, 'gateway.db')}`,
      GATEWAY_WIDGET_DIR: path.join(root, 'dist'),
      GATEWAY_ALLOWED_HOST_ORIGINS: hostOrigin,
      KOSMOS_TENANT_DNS: `http://127.0.0.1:${tenantPort}`,
      EPIC_WEBHOOK_URL: `${hostOrigin}/epic/webhook`,
      // The demo keys, secrets and http:// URLs are refused outside dev mode.
      // /metrics on a port of its own (several gateways may run at once).
      GATEWAY_METRICS_LISTEN: '127.0.0.1:0',
      GATEWAY_DEV_MODE: '1',
      ...(options.gatewayEnv ?? {}),
    });
    children.push(gateway);
    await waitFor(`http://127.0.0.1:${gatewayPort}/healthz`, gateway, 'gateway');
    const host = start('host', process.execPath, [path.join(root, 'e2e/demo-host/server.mjs')], {
      HOST_PORT: String(hostPort),
      GATEWAY_URL: gatewayUrl,
    });
    children.push(host);
    await waitFor(`${hostOrigin}/`, host, 'host');
  } catch (e) {
    await Promise.all(children.map((c) => new Promise((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', resolve);
      c.kill();
    })));
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    hostOrigin,
    widgetOrigin: gatewayUrl,
    root,
    async stop() {
      await Promise.all(children.map((c) => new Promise((resolve) => {
        if (c.exitCode !== null) return resolve();
        c.once('exit', resolve);
        c.kill('SIGTERM');
      })));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Launches Chromium. `camera`: 'fake' (auto-accepted fake device), 'denied' (a device exists
 * but the permission prompt cannot be answered in headless mode: NotAllowedError) or 'none'
 * (permission granted, but no fake device: the machine has no camera, NotFoundError).
 */
export async function launchBrowser(camera = 'fake', fixture = null) {
  const args = [...CHROMIUM_ARGS];
  // The browser's y4m is also the default back of the scene camera (below).
  const launched = (b) => Object.assign(b, { fixture, camera });
  if (camera !== 'none') args.push('--use-fake-device-for-media-stream');
  if (camera === 'fake' || camera === 'none') args.push('--use-fake-ui-for-media-stream');
  // Every camera of this browser shows the fixture (a .y4m from `make-fixtures`).
  if (fixture) args.push(`--use-file-for-fake-video-capture=${path.join(root, 'e2e/fixtures', `${fixture}.y4m`)}`);
  return launched(await chromium.launch({ executablePath: CHROMIUM, args }));
}

/**
 * Chromium's fake device shows one picture for the whole run, but a journey shows the camera a
 * card's front, its back, then a face. The scene camera is a real MediaStream
 * (`canvas.captureStream`) painting, at 15 frames a second, the fixture chosen for the capture
 * screen on display (`section.capture-front|back|selfie`); everything after `getUserMedia`
 * (video element, frame grabs, the analysis worker, the upload) is the widget's own code.
 * `window.__idvScene(side, name)` switches a side's picture mid-test.
 */
export const DEFAULT_SCENES = {
  front: 'licence-front.png', back: 'licence-back.png', selfie: 'camera-selfie-astronaut.jpg',
};

function dataUrl(file) {
  const type = file.endsWith('.png') ? 'image/png' : 'image/jpeg';
  return `data:${type};base64,${readFileSync(path.join(root, 'e2e/fixtures', file)).toString('base64')}`;
}

export function sceneCamera(scenes) {
  const urls = {};
  const all = new Set([...Object.values(DEFAULT_SCENES), ...Object.values(scenes)]);
  for (const file of all) urls[file] = dataUrl(file);
  const install = (sides, urls) => {
    const md = navigator.mediaDevices;
    if (!md) return;
    const canvas = document.createElement('canvas');
    canvas.width = 1280;
    canvas.height = 720;
    const ctx = canvas.getContext('2d');
    let timer = null;
    const draw = () => {
      const section = document.querySelector('section.capture');
      const side = ['front', 'back', 'selfie'].find((s) => section?.classList.contains(`capture-${s}`));
      const img = images[sides[side]];
      if (img?.complete && img.naturalWidth) ctx.drawImage(img, 0, 0, 1280, 720);
      else { ctx.fillStyle = '#000'; ctx.fillRect(0, 0, 1280, 720); }
    };
    window.__idvScene = (side, file) => { sides[side] = file; };
    // Pictures load on the first getUserMedia, in the widget's frame only (never the host's).
    const images = {};
    md.getUserMedia = async () => {
      if (!timer) {
        for (const [file, url] of Object.entries(urls)) {
          images[file] = new Image();
          images[file].src = url;
        }
        timer = setInterval(draw, 66);
      }
      draw();
      return canvas.captureStream(15);
    };
  };
  return { content: `(${install})(${JSON.stringify(scenes)}, ${JSON.stringify(urls)});` };
}

/**
 * Test instrumentation only: wraps (never replaces) getUserMedia in every frame so a test can
 * count the camera tracks that are still live.
 */
export const TRACK_PROBE = () => {
  const md = navigator.mediaDevices;
  if (!md) return;
  const original = md.getUserMedia.bind(md);
  window.__idvStreams = [];
  md.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    window.__idvStreams.push(stream);
    return stream;
  };
};

/**
 * Test instrumentation only: wraps (never replaces) fetch so a test can see the pictures a
 * submission carried: field name, bytes, and the decoded width and height.
 */
export const UPLOAD_PROBE = () => {
  const original = window.fetch.bind(window);
  window.__idvUploads = [];
  window.fetch = async (input, init) => {
    let body = init?.body;
    const multipart = (input instanceof Request ? input.headers : new Headers(init?.headers))
      .get('content-type')?.startsWith('multipart/form-data');
    if (input instanceof Request && multipart) body = await input.clone().formData();
    if (body instanceof FormData) {
      for (const [name, value] of body.entries()) {
        if (value instanceof Blob) {
          const bitmap = await createImageBitmap(value);
          window.__idvUploads.push({ name, bytes: value.size, width: bitmap.width, height: bitmap.height });
          bitmap.close();
        }
      }
    }
    return original(input, init);
  };
};

/** The pictures the widget's submissions carried (see UPLOAD_PROBE). */
export async function uploads(frame) {
  return frame.evaluate(() => window.__idvUploads ?? []);
}

export async function liveTracks(frame) {
  return frame.evaluate(() => ({
    streams: (window.__idvStreams ?? []).length,
    live: (window.__idvStreams ?? []).flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length,
  }));
}

/** Opens the demo host page and starts a verification for the given patient. */
/**
 * A browser context whose camera shows the scene camera (or, with `scenes: null`, Chromium's
 * own fake device), with the track and upload probes.
 */
export async function cameraContext(browser, { contextOptions = {}, scenes = {}, prepare = null } = {}) {
  // Tall enough that nothing scrolls: a page scroll clamped by an iframe resize between
  // Playwright's scroll-into-view and its click would move the target under the pointer.
  // `contextOptions` overrides (viewport, deviceScaleFactor, reducedMotion) for one test.
  const context = await browser.newContext({ viewport: { width: 820, height: 3000 }, ...contextOptions });
  // `scenes: null`: Chromium's own fake device (its test pattern, or the browser's y4m).
  if (scenes !== null && browser.camera === 'fake') {
    const back = browser.fixture ? `${browser.fixture}.png` : DEFAULT_SCENES.back;
    await context.addInitScript(sceneCamera({ ...DEFAULT_SCENES, back, ...scenes }));
  }
  await context.addInitScript(TRACK_PROBE);
  await context.addInitScript(UPLOAD_PROBE);
  // `prepare(context)`: anything a test sets up before the host page opens (e.g. routes).
  if (prepare) await prepare(context);
  return context;
}

export async function startJourney(browser, stack, { lastName = 'Rivera', locale = 'en', contextOptions = {}, hostQuery = '', scenes = {}, prepare = null } = {}) {
  const context = await cameraContext(browser, { contextOptions, scenes, prepare });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${stack.hostOrigin}/${hostQuery}`);
  await page.fill('input[name=last_name]', lastName);
  await page.selectOption('select[name=locale]', locale);
  await page.click('button[type=submit]');
  await page.waitForSelector('#idv-widget');
  const frameHandle = await page.$('#idv-widget');
  const frame = await frameHandle.contentFrame();
  // Past the loading screen (which has a title but no section): the session is loaded.
  await frame.waitForSelector('main section');
  return { context, page, frame, errors };
}

/** Messages the host page accepted, in order, with the origin they came from. */
export async function hostMessages(page) {
  return page.$$eval('#log li', (items) => items.map((li) => ({ origin: li.dataset.origin, ...JSON.parse(li.textContent) })));
}

export async function consent(frame) {
  await frame.check('#consent-document');
  await frame.check('#consent-biometric');
  await frame.click('.consent .btn.primary');
  await frame.waitForSelector('.choices');
}

/**
 * What the widget shows right now: its screen, title, guidance and any question it asks. Put
 * into every harness error, so a failure in CI says where the journey stood.
 */
export async function screenState(frame) {
  return frame.evaluate(() => ({
    screen: document.querySelector('main section')?.className,
    side: document.querySelector('main section')?.dataset?.side,
    title: document.querySelector('h1')?.textContent,
    status: document.querySelector('.guidance')?.textContent,
    refused: document.querySelector('.refused')?.textContent,
    question: document.querySelector('.use-anyway h2')?.textContent,
    video: document.querySelector('video')?.readyState,
  })).catch((e) => ({ unreadable: String(e) }));
}

/**
 * Saves a screenshot of the page holding `frame` under e2e/test-results/ and returns an Error
 * naming it and the screen's state: what a failing harness step throws.
 */
async function stuck(frame, what, cause) {
  const state = await screenState(frame);
  let shot = null;
  try {
    const dir = path.join(root, 'e2e/test-results');
    mkdirSync(dir, { recursive: true });
    shot = path.join(dir, `${what.replace(/[^a-z0-9]+/gi, '-')}-${Date.now()}.png`);
    const page = typeof frame.page === 'function' ? frame.page() : frame;
    await page.screenshot({ path: shot, fullPage: true });
  } catch { shot = null; }
  return new Error(`${what}: ${JSON.stringify(state)}${shot ? ` (screenshot ${shot})` : ''}`, { cause });
}

/**
 * Takes the photo on the current capture screen and waits for its review, answering whatever
 * the widget asks on the way: auto-capture may get there first; a shutter press on a frame the
 * checks doubt asks "Use this photo anyway?" (a loaded machine can leave the camera settling),
 * which is answered "use it". Driven by the screen's state, never by a bare timeout; gives up
 * after `timeout` ms with the screen's state and a screenshot.
 */
export async function takePhoto(frame, side, { timeout = 30000 } = {}) {
  // This side's review only: the previous side's may still be on its way out.
  const review = `section.review[data-side=${side}]`;
  const shutter = `.capture-${side} .shutter:not([disabled])`;
  const question = `.capture-${side} .use-anyway-button`;
  const deadline = Date.now() + timeout;
  let pressed = false;
  while (!(await frame.$(review))) {
    const left = deadline - Date.now();
    if (left <= 0) throw await stuck(frame, `no review for ${side}`);
    try {
      // The next state worth acting on: the review, the question, or a live shutter.
      await frame.waitForSelector(`${review}, ${question}, ${pressed ? review : shutter}`, { timeout: Math.min(left, 5000) });
    } catch { continue; }
    if (await frame.$(question)) {
      await frame.click(question, { timeout: 2000 }).catch(() => { /* answered or gone: look again */ });
    } else if (!pressed && (await frame.$(shutter))) {
      // Auto-capture may leave the screen between the look and the click: then look again.
      await frame.click(shutter, { timeout: 2000 }).then(() => { pressed = true; }, () => {});
    }
    // After a press the screen moves to the review or asks; if it did neither in 5 s (the
    // press met a re-render), press again.
    if (pressed && !(await frame.$(review)) && !(await frame.$(question))) {
      await frame.waitForSelector(`${review}, ${question}`, { timeout: Math.min(Math.max(deadline - Date.now(), 1), 5000) })
        .catch(() => { pressed = false; });
    }
  }
}

/**
 * Waits for `selector` in the widget; on timeout throws the screen's state and a screenshot
 * (what a failing step needs to be understood), not a bare timeout.
 */
export async function waitForScreen(frame, selector, { timeout = 30000 } = {}) {
  try {
    return await frame.waitForSelector(selector, { timeout });
  } catch (e) {
    throw await stuck(frame, `no ${selector}`, e);
  }
}

/**
 * Presses "Use this photo" on the review on screen (on `side`'s review, when named) and waits
 * until that review has left: a press that met a re-render is pressed again, so the next step
 * never waits on a screen that was never asked for.
 */
export async function usePhoto(frame, side = null) {
  const shown = await waitForScreen(frame, side ? `section.review[data-side=${side}]` : 'section.review');
  const review = `section.review[data-side=${await shown.getAttribute('data-side')}]`;
  for (let press = 0; press < 3; press++) {
    await frame.click(`${review} .btn.primary`, { timeout: 5000 }).catch(() => { /* gone or re-rendered: look */ });
    const left = await frame.waitForSelector(review, { state: 'detached', timeout: 5000 }).then(() => true, () => false);
    if (left) return;
  }
  throw await stuck(frame, `${review} stayed after three presses of "Use this photo"`);
}

/** The webhook events the demo host accepted. */
export async function webhookEvents(stack) {
  return (await fetch(`${stack.hostOrigin}/api/webhook-events`)).json();
}

export async function waitForWebhook(stack, verificationId) {
  for (let i = 0; i < 100; i++) {
    const event = (await webhookEvents(stack)).find((e) => e.verification_id === verificationId);
    if (event) return event;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no webhook event for ${verificationId}`);
}
