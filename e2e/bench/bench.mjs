// The browser figures of the performance budget (issue 10), through the demo host page in
// headless Chromium with a fake camera, against the real gateway and local tenant (the e2e
// harness). Not a test: `scripts/bench.sh` runs it and merges its JSON into the bench report.
//
//   node e2e/bench/bench.mjs --out FILE [--loads N] [--cycles N] [--loads-only]
//
// Writes one JSON object to FILE (stdout carries the servers' logs):
// - first_screen_ms: over N fresh page loads (a new browser context each: cold cache), from the
//   widget iframe's navigation start, and from its insertion into the host page, to the consent
//   screen rendered and painted (its checkbox in the DOM, then a frame);
// - first_camera_frame_ms: in the same loads, from pressing the document choice that opens the
//   front capture to the first camera frame presented by the <video> (requestVideoFrameCallback);
// - memory: wasm linear memory (every WebAssembly.Memory the widget instantiated) and the JS heap
//   after a forced GC (CDP Runtime.getHeapUsage on the widget's process) after 1 and after N
//   capture–retake cycles on the front;
// - journeys: a full licence journey (front, back, selfie) with the licence fixture camera (to
//   PASS) and with Chromium's default fake camera (larger frames): bytes of every request body
//   the widget sent (its fetch, wrapped), each image sent with its pixel size, and the camera
//   tracks still live at the end.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DEFAULT_SCENES, TRACK_PROBE, consent, launchBrowser, liveTracks, sceneCamera, startStack, takePhoto,
  usePhoto,
} from '../tests/harness.mjs';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    loads: { type: 'string', default: '12' },
    cycles: { type: 'string', default: '20' },
    // Only the page loads (first screen, first camera frame): memory and journeys are null.
    'loads-only': { type: 'boolean', default: false },
  },
});
const LOADS = Number(args.loads);
const CYCLES = Number(args.cycles);
if (!args.out || !(LOADS >= 1) || !(CYCLES >= 1)) {
  console.error('usage: node e2e/bench/bench.mjs --out FILE [--loads N] [--cycles N]');
  process.exit(2);
}

/**
 * Bench instrumentation, in every frame before any page script: it wraps (never replaces) what
 * it measures. Times are the frame's own performance.now() (from its navigation start), and
 * absolute (timeOrigin + now) where two frames' times are compared.
 */
const BENCH_PROBE = () => {
  const b = {
    wasmMemories: [], uploads: [], pending: [], videoFrames: [],
    firstScreen: null, firstScreenAbs: null, iframeInsertedAbs: null, choiceAt: null,
  };
  window.__idvBench = b;
  const abs = () => performance.timeOrigin + performance.now();

  const keep = (result) => {
    const memory = (result?.instance ?? result)?.exports?.memory;
    if (memory instanceof WebAssembly.Memory) b.wasmMemories.push(memory);
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (original) WebAssembly[name] = (...a) => original.apply(WebAssembly, a).then(keep);
  }

  let painting = false;
  const watched = new WeakSet();
  const check = () => {
    if (!b.iframeInsertedAbs && document.querySelector('iframe#idv-widget')) b.iframeInsertedAbs = abs();
    if (!painting && document.querySelector('section.consent #consent-document')) {
      painting = true;
      // After the next frame is painted.
      requestAnimationFrame(() => setTimeout(() => {
        b.firstScreen = performance.now();
        b.firstScreenAbs = abs();
      }, 0));
    }
    for (const video of document.querySelectorAll('video')) {
      if (watched.has(video) || !video.requestVideoFrameCallback) continue;
      watched.add(video);
      const onFrame = () => {
        b.videoFrames.push(performance.now());
        if (video.isConnected) video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('[data-document]')) b.choiceAt = performance.now();
  }, true);

  const originalFetch = window.fetch;
  window.fetch = function (input, init) {
    const request = new Request(input, init);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const copy = request.clone();
      b.pending.push((async () => {
        const bytes = (await copy.clone().arrayBuffer()).byteLength;
        const images = [];
        if ((copy.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
          for (const [field, value] of (await copy.formData()).entries()) {
            if (!(value instanceof Blob)) continue;
            const bitmap = await createImageBitmap(value).catch(() => null);
            images.push({
              field, type: value.type, bytes: value.size,
              width: bitmap?.width ?? null, height: bitmap?.height ?? null,
              long_edge: bitmap ? Math.max(bitmap.width, bitmap.height) : null,
            });
            bitmap?.close();
          }
        }
        b.uploads.push({ path: new URL(copy.url).pathname.replace(/[0-9a-f-]{36}/g, ':id'), method: copy.method, bytes, images });
      })());
    }
    return originalFetch.call(this, request);
  };
};

/** Median and p95 (nearest rank, as vision-bench), rounded to 0.1 ms. */
function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const pick = (q) => s[Math.round((s.length - 1) * q)];
  const r = (v) => Math.round(v * 10) / 10;
  return { median_ms: r(pick(0.5)), p95_ms: r(pick(0.95)), runs: s.length, samples_ms: s.map(r) };
}

async function openWidget(browser, stack, { scenes = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 820, height: 3000 } });
  // A journey needs a face for its selfie: the scene camera shows each step its fixture. Page
  // loads go without it (its pictures would be counted in the first screen's time).
  if (scenes) await context.addInitScript(sceneCamera(DEFAULT_SCENES));
  await context.addInitScript(TRACK_PROBE);
  await context.addInitScript(BENCH_PROBE);
  const page = await context.newPage();
  await page.goto(`${stack.hostOrigin}/`);
  await page.fill('input[name=last_name]', 'Rivera');
  await page.click('button[type=submit]');
  const frame = await (await page.waitForSelector('#idv-widget')).contentFrame();
  return { context, page, frame };
}

const probe = (frame) => frame.evaluate(() => ({ ...window.__idvBench, wasmMemories: undefined, pending: undefined }));

async function oneLoad(browser, stack) {
  const { context, page, frame } = await openWidget(browser, stack);
  try {
    await frame.waitForFunction(() => window.__idvBench?.firstScreen !== null, null, { timeout: 15000 });
    const inFrame = await probe(frame);
    // Where the time goes, in the frame's clock: when each response had arrived.
    const phases = await frame.evaluate(() => {
      const resources = performance.getEntriesByType('resource');
      const end = (re) => resources.find((r) => re.test(r.name))?.responseEnd ?? null;
      const asked = (re) => resources.find((r) => re.test(r.name))?.startTime ?? null;
      return {
        html: performance.getEntriesByType('navigation')[0]?.responseEnd ?? null,
        js_requested: asked(/idv-widget-[0-9a-f]+\.js$/),
        js: end(/idv-widget-[0-9a-f]+\.js$/),
        wasm_requested: asked(/_bg\.wasm$/),
        wasm: end(/_bg\.wasm$/),
        session: end(/\/v1\/capture\/sessions\/[^/]+$/),
        session_requested: resources.find((r) => /\/v1\/capture\/sessions\/[^/]+$/.test(r.name))?.startTime ?? null,
      };
    });
    const host = await page.evaluate(() => window.__idvBench.iframeInsertedAbs);
    await consent(frame);
    await frame.click('[data-document=drivers_license]');
    await frame.waitForFunction(
      () => window.__idvBench.videoFrames.some((t) => t > window.__idvBench.choiceAt), null, { timeout: 15000 });
    const after = await probe(frame);
    return {
      phases,
      fromNavigation: inFrame.firstScreen,
      fromInsertion: inFrame.firstScreenAbs - host,
      camera: after.videoFrames.find((t) => t > after.choiceAt) - after.choiceAt,
    };
  } finally {
    await context.close();
  }
}

async function memory(context, page, frame) {
  let session;
  let process = 'widget frame';
  try {
    session = await context.newCDPSession(frame);
  } catch {
    // The widget frame shares the host page's process (no site isolation): measure that one.
    session = await context.newCDPSession(page);
    process = 'host page and widget frame';
  }
  await session.send('HeapProfiler.collectGarbage');
  const heap = await session.send('Runtime.getHeapUsage');
  await session.detach();
  const wasm = await frame.evaluate(() => window.__idvBench.wasmMemories.map((m) => m.buffer.byteLength));
  return {
    wasm_linear_memory_bytes: wasm.reduce((a, b) => a + b, 0),
    wasm_memories: wasm.length,
    js_heap_used_bytes: heap.usedSize,
    js_heap_total_bytes: heap.totalSize,
    heap_of: process,
  };
}

async function captureRetake(browser, stack) {
  const { context, page, frame } = await openWidget(browser, stack);
  try {
    await frame.waitForSelector('section.consent');
    await consent(frame);
    await frame.click('[data-document=drivers_license]');
    const cycle = async () => {
      await takePhoto(frame, 'front');
      await frame.click('section.review .btn.secondary');
      await frame.waitForSelector('.capture-front');
    };
    await cycle();
    const afterOne = await memory(context, page, frame);
    for (let i = 1; i < CYCLES; i++) await cycle();
    const afterMany = await memory(context, page, frame);
    return {
      cycles: CYCLES,
      after_1: afterOne,
      after_cycles: afterMany,
      growth_bytes: (afterMany.wasm_linear_memory_bytes + afterMany.js_heap_used_bytes)
        - (afterOne.wasm_linear_memory_bytes + afterOne.js_heap_used_bytes),
    };
  } finally {
    await context.close();
  }
}

async function journey(browser, stack) {
  const { context, frame } = await openWidget(browser, stack, { scenes: true });
  try {
    await frame.waitForSelector('section.consent');
    await consent(frame);
    await frame.click('[data-document=drivers_license]');
    for (const side of ['front', 'back', 'selfie']) {
      await takePhoto(frame, side);
      await usePhoto(frame);
    }
    const result = await frame.waitForSelector('section.result', { timeout: 30000 });
    const status = await result.getAttribute('data-status');
    const tracks = await liveTracks(frame);
    const uploads = await frame.evaluate(async () => {
      await Promise.all(window.__idvBench.pending);
      return window.__idvBench.uploads;
    });
    const images = uploads.flatMap((u) => u.images);
    return {
      outcome: status,
      bytes_uploaded: uploads.reduce((a, u) => a + u.bytes, 0),
      requests: uploads.map(({ path, method, bytes }) => ({ method, path, bytes })),
      images,
      image_long_edges_px: images.map((i) => i.long_edge),
      camera_streams_opened: tracks.streams,
      live_camera_tracks_after: tracks.live,
    };
  } finally {
    await context.close();
  }
}

const stack = await startStack();
const browsers = [];
try {
  const browser = await launchBrowser('fake');
  const genuine = await launchBrowser('fake', 'licence-back');
  browsers.push(browser, genuine);
  await oneLoad(browser, stack); // warm-up: the servers' first requests, not a measurement
  const loads = [];
  for (let i = 0; i < LOADS; i++) loads.push(await oneLoad(browser, stack));
  const out = {
    chromium: browser.version(),
    page_loads: LOADS,
    first_screen_interactive_ms: {
      from_iframe_navigation: stats(loads.map((l) => l.fromNavigation)),
      from_iframe_insertion: stats(loads.map((l) => l.fromInsertion)),
      // Medians, from the iframe's navigation start, of when each response had fully arrived
      // (and when each was asked for).
      responses_arrived_median_ms: Object.fromEntries(['html', 'js_requested', 'js', 'wasm_requested', 'wasm', 'session_requested', 'session'].map((k) => {
        const times = loads.map((l) => l.phases[k]).filter((t) => t !== null);
        return [k, times.length ? stats(times).median_ms : null];
      })),
    },
    first_camera_frame_ms: stats(loads.map((l) => l.camera)),
    // The licence's back on Chromium's fake device: a card, so a shutter press is a picture.
    memory: args['loads-only'] ? null : await captureRetake(genuine, stack),
    journeys: args['loads-only'] ? null : {
      // Front, back and a face (1280x720 fixtures): PASS through the local tenant, with the
      // pictures the on-device checks took and cropped.
      licence_fixture: await journey(genuine, stack),
    },
  };
  writeFileSync(args.out, `${JSON.stringify(out, null, 2)}\n`);
} finally {
  await Promise.all(browsers.map((b) => b.close()));
  await stack.stop();
}
