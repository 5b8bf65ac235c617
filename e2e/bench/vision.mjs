// `node bench/vision.mjs [--frames N] [--out FILE]`: times the analysis worker per 1280×720
// frame in headless Chromium, the way the widget uses it (a transferred ImageBitmap in, a
// verdict out), for the three cases of issue 8: a card front (quality + document verdict), a
// card back tilted 5° (the same plus the PDF417 decode), a selfie (face detection + quality).
// Prints one JSON object: median and p95 of the worker's own analysis time (pixels read from
// the bitmap through the verdict) and of the round trip seen by the page. Needs a built dist/
// (scripts/build.sh). Not a test: figures, no pass or fail.
// It also measures the capture screen's cost to the page's main thread (CDP ScriptDuration and
// TaskDuration of the widget's own renderer, per second of live preview) while the checks run
// on a blurred card (never captured, so the preview stays up and the outline is redrawn).

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CHROMIUM, CHROMIUM_ARGS, consent, launchBrowser, startJourney, startStack,
} from '../tests/harness.mjs';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const frames = Number(arg('--frames', '100'));
const out = arg('--out', null);

const cases = [
  { name: 'document_front', side: 'front', file: 'camera-card-front-sharp.png' },
  { name: 'barcode_back_tilted_5', side: 'back', file: 'camera-card-back-tilted-5.png' },
  { name: 'face_selfie', side: 'selfie', file: 'camera-selfie-astronaut.png' },
];
const dataUrl = (file) => {
  const type = file.endsWith('.png') ? 'image/png' : 'image/jpeg';
  return `data:${type};base64,${readFileSync(path.join(root, 'e2e/fixtures', file)).toString('base64')}`;
};

const stats = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const pick = (q) => s[Math.round((s.length - 1) * q)];
  const r = (v) => Math.round(v * 100) / 100;
  return { median_ms: r(pick(0.5)), p95_ms: r(pick(0.95)), frames: s.length };
};

async function mainThread(seconds, { workerOff = false } = {}) {
  // Chromium's own fake device playing the fixture: the scene camera would paint its canvas
  // on the widget's main thread and be counted.
  const camera = await launchBrowser('fake', 'camera-card-front-blurred');
  try {
    // workerOff: the worker's script cannot load, the preview runs without checks (baseline).
    const prepare = workerOff
      ? (c) => c.route('**/vision-worker_loader.js', (r) => r.abort()) : null;
    const { context, frame } = await startJourney(camera, stack, { scenes: null, prepare });
    await consent(frame);
    await frame.click('[data-document=drivers_license]');
    const shown = workerOff ? 'manual' : 'blurry';
    await frame.waitForSelector(`section.capture-front[data-verdict=${shown}]`, { timeout: 30000 });
    const cdp = await context.newCDPSession(frame);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
    );
    const analysed = () => frame.$eval('section.capture', (el) => Number(el.dataset.analysed));
    const [before, framesBefore] = [await metrics(), await analysed()];
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const [after, framesAfter] = [await metrics(), await analysed()];
    const perSecond = (k) => Math.round(((after[k] - before[k]) * 1000 / seconds) * 10) / 10;
    await context.close();
    return {
      seconds,
      frames_analysed_per_s: Math.round(((framesAfter - framesBefore) / seconds) * 10) / 10,
      script_ms_per_s: perSecond('ScriptDuration'),
      task_ms_per_s: perSecond('TaskDuration'),
      before_this_change: 'issue 8 measured ~28 ms of script per second at 5 samples/s, 80 % in drawImage',
    };
  } finally {
    await camera.close();
  }
}

const stack = await startStack();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  // The widget's own origin and policy: the worker loads exactly as in a journey.
  await page.goto(`${stack.widgetOrigin}/`);
  const result = {};
  for (const c of cases) {
    const timings = await page.evaluate(async ({ url, side, frames }) => {
      const img = new Image();
      img.src = url;
      await img.decode();
      const worker = new Worker('vision-worker_loader.js');
      // Worker answers are externally tagged: "ready", or {"seen": {...}}, {"failed": {...}}.
      const next = () => new Promise((resolve) => {
        worker.onmessage = (e) => {
          const m = JSON.parse(e.data[0]);
          resolve(typeof m === 'string' ? { type: m } : { type: Object.keys(m)[0], ...Object.values(m)[0] });
        };
      });
      let m = await next();
      if (m.type !== 'ready') throw new Error(`worker: ${JSON.stringify(m)}`);
      worker.postMessage([JSON.stringify({ type: 'start', side })]);
      const analysis = [];
      const roundTrip = [];
      let verdict = null;
      for (let seq = 1; seq <= frames + 3; seq++) {
        const bitmap = await createImageBitmap(img);
        const t = performance.now();
        worker.postMessage([JSON.stringify({ type: 'frame', seq }), bitmap], [bitmap]);
        do { m = await next(); } while (m.type !== 'seen' && m.type !== 'failed');
        if (m.type === 'failed') throw new Error(m.reason);
        if (seq > 3) { // the first frames warm up
          roundTrip.push(performance.now() - t);
          analysis.push(m.sighting.ms);
        }
        verdict = m.sighting.verdict;
        // Keep the streak from firing (a capture would encode a JPEG between frames).
        if (m.sighting.streak >= m.sighting.needed - 1) worker.postMessage([JSON.stringify({ type: 'start', side })]);
      }
      worker.terminate();
      return { analysis, roundTrip, verdict, width: img.naturalWidth, height: img.naturalHeight };
    }, { url: dataUrl(c.file), side: c.side, frames });
    result[c.name] = {
      fixture: c.file,
      frame: `${timings.width}x${timings.height}`,
      verdict: timings.verdict,
      worker_analysis: stats(timings.analysis),
      page_round_trip: stats(timings.roundTrip),
    };
  }
  const seconds = Number(arg('--seconds', '5'));
  result.capture_screen_main_thread = {
    checks_running: await mainThread(seconds),
    preview_only_baseline: await mainThread(seconds, { workerOff: true }),
  };
  const json = JSON.stringify({ browser: 'headless Chromium', cpu_note: 'shared 2-core machine', ...result }, null, 2);
  console.log(json);
  if (out) writeFileSync(out, `${json}\n`);
} finally {
  await browser.close();
  await stack.stop();
}
