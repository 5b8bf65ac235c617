// `node bench/worker-ab.mjs DIR_A DIR_B FIXTURES_DIR [FRAMES]`: two builds of the analysis worker
// side by side in one headless Chromium, frame by frame and alternating which goes first, so a
// busy moment of the shared machine falls on both. DIR_A and DIR_B each hold a
// vision-worker_loader.js, vision-worker.js and vision-worker_bg.wasm (copy dist/'s before and
// after a change; the files are read as they are, no .br twins). Frames are the fixtures'
// card front, backs (tilted 5° and level) and selfie as transferred ImageBitmaps, as
// bench/vision.mjs sends them; with CAM=FILE.y4m (and SIDE=front|back|selfie) they are
// VideoFrames of Chromium's fake camera playing FILE, as the widget sends a camera's frames.
// Prints each build's median worker time (`ms`) and page round trip, and the verdicts and
// checks each gave (which a speed change must leave alone). Figures, no pass or fail.
import { chromium } from 'playwright-core';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/harness.mjs';
const [aDir, bDir, fixtures] = process.argv.slice(2, 5);
const frames = Number(process.argv[5] ?? 40);
if (!aDir || !bDir || !fixtures || !(frames >= 1)) {
  console.error('usage: node bench/worker-ab.mjs DIR_A DIR_B FIXTURES_DIR [FRAMES]');
  process.exit(2);
}
const ORIGIN = 'http://localhost:9';
const cam = process.env.CAM; // a y4m: frames are VideoFrames of Chromium's fake camera
const args = cam ? [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${cam}`] : CHROMIUM_ARGS;
const browser = await chromium.launch({ executablePath: CHROMIUM, args });
const context = await browser.newContext();
await context.route(`${ORIGIN}/**`, async (route) => {
  const url = new URL(route.request().url());
  if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>ab</title>' });
  const [, dir, ...rest] = url.pathname.split('/');
  const base = { a: aDir, b: bDir, f: fixtures }[dir];
  const file = path.join(base, ...rest);
  if (!existsSync(file)) return route.fulfill({ status: 404, body: 'nf' });
  const type = file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.js') ? 'text/javascript' : 'image/png';
  return route.fulfill({ body: readFileSync(file), contentType: type });
});
const page = await context.newPage();
page.on('console', (m) => { if (m.type() === 'error') console.error(`page: ${m.text()}`); });
await page.goto(`${ORIGIN}/`);
const result = await page.evaluate(async ({ frames, cam, camSide }) => {
  let video = null;
  if (cam) {
    video = document.createElement('video'); video.muted = true; document.body.append(video);
    video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 } });
    await video.play(); await new Promise((r) => setTimeout(r, 500));
  }
  const grab = async (src) => (video ? new VideoFrame(video) : createImageBitmap(src));
  const load = async (url) => { const img = new Image(); img.src = url; await img.decode(); return img; };
  const srcs = {
    front: await load('/f/camera-card-front-sharp.png'),
    back: await load('/f/camera-card-back-tilted-5.png'),
    level: await load('/f/camera-card-back-sharp.png'),
    selfie: await load('/f/camera-selfie-astronaut.png'),
  };
  const mk = async (dir) => {
    const worker = new Worker(`/${dir}/vision-worker_loader.js`);
    const w = { worker, seq: 0 };
    w.next = () => new Promise((resolve) => {
      worker.onmessage = (e) => { const m = JSON.parse(e.data[0]); resolve(typeof m === 'string' ? { type: m } : { type: Object.keys(m)[0], ...Object.values(m)[0] }); };
    });
    const m = await w.next();
    if (m.type !== 'ready') throw new Error(JSON.stringify(m));
    return w;
  };
  const ws = { a: await mk('a'), b: await mk('b') };
  const ours = async (w, side, bitmap) => {
    w.seq += 1;
    const t = performance.now();
    w.worker.postMessage([JSON.stringify({ type: 'frame', seq: w.seq }), bitmap], [bitmap]);
    let m;
    do { m = await w.next(); } while (m.type !== 'seen' && m.type !== 'failed');
    if (m.type === 'failed') throw new Error(m.reason);
    const rt = performance.now() - t;
    if (m.sighting.streak >= m.sighting.needed - 1) w.worker.postMessage([JSON.stringify({ type: 'start', side })]);
    return { rt, ms: m.sighting.ms, verdict: m.sighting.verdict, checks: m.sighting.checks.join(',') };
  };
  const out = {};
  for (const [name, side] of (cam ? [[camSide, camSide]] : [['front', 'front'], ['back', 'back'], ['level', 'back'], ['selfie', 'selfie']])) {
    for (const w of Object.values(ws)) w.worker.postMessage([JSON.stringify({ type: 'start', side })]);
    const c = { a: { rt: [], ms: [], v: {} }, b: { rt: [], ms: [], v: {} } };
    for (let i = 0; i < frames + 3; i++) {
      for (const k of (i % 2 ? ['a', 'b'] : ['b', 'a'])) {
        const o = await ours(ws[k], side, await grab(srcs[name]));
        if (i < 3) continue;
        c[k].rt.push(o.rt); c[k].ms.push(o.ms);
        const key = `${o.verdict}|${o.checks}`; c[k].v[key] = (c[k].v[key] ?? 0) + 1;
      }
    }
    out[name] = c;
  }
  return out;
}, { frames, cam, camSide: process.env.SIDE ?? 'front' });
const med = (a) => { const s = [...a].sort((x, y) => x - y); return Math.round(s[s.length >> 1] * 100) / 100; };
for (const [name, c] of Object.entries(result)) {
  console.log(`${name}: A ms ${med(c.a.ms)} rt ${med(c.a.rt)} | B ms ${med(c.b.ms)} rt ${med(c.b.rt)} | B/A rt ${(med(c.b.rt) / med(c.a.rt)).toFixed(3)}`);
  console.log(`   A verdicts ${JSON.stringify(c.a.v)}\n   B verdicts ${JSON.stringify(c.b.v)}`);
}
await browser.close();
