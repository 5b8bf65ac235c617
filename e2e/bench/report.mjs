// Merges the parts `scripts/bench.sh` measured into its one JSON report, with each figure next
// to its target (issue 10 §3; per-frame analysis: issue 8's in-browser targets).
//
//   node e2e/bench/report.mjs DIR   (reads DIR/{meta,sizes,native,wasm,browser,worker,peers}.json and
//                                    DIR/gateway.json or DIR/gateway-skipped.txt; prints JSON)

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node e2e/bench/report.mjs DIR');
  process.exit(2);
}
const read = (name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
const meta = read('meta.json');
const sizes = read('sizes.json');
const native = read('native.json');
const wasm = read('wasm.json');
const browser = read('browser.json');
// The analysis worker as the widget runs it (e2e/bench/vision.mjs), when it was measured.
const worker = existsSync(path.join(dir, 'worker.json')) ? read('worker.json') : null;
// Our worker side by side with zxing-wasm and MediaPipe (e2e/bench/peers.mjs), when measured.
const peers = existsSync(path.join(dir, 'peers.json')) ? read('peers.json') : null;
const gatewayFile = path.join(dir, 'gateway.json');
const gateway = existsSync(gatewayFile) ? read('gateway.json') : null;
const gatewaySkipped = gateway ? undefined : readFileSync(path.join(dir, 'gateway-skipped.txt'), 'utf8').trim();

const CHECKS = ['quality_and_document_verdict', 'luma_from_rgba', 'find_document_on_luma', 'face_detection', 'barcode_decode_tilted_5deg'];
for (const check of CHECKS) {
  if (!native[check] || !wasm[check]) throw new Error(`per-frame figure missing: ${check}`);
}
const ratio = Object.fromEntries(CHECKS.map((c) => [c, Math.round((wasm[c].median_ms / native[c].median_ms) * 100) / 100]));

const { journeys, memory } = browser;
const journeyList = Object.values(journeys);
// Bytes are judged on the journey that uploaded the most; image size on the one whose camera
// gave the largest frames (the widget sends the camera's frame as it is: a 720p fake camera
// cannot show whether it would send >= 1600 px).
const nameOf = (j) => Object.keys(journeys).find((k) => journeys[k] === j);
const heaviest = journeyList.reduce((a, b) => (b.bytes_uploaded > a.bytes_uploaded ? b : a));
const longEdge = (j) => Math.max(...j.images.map((i) => i.long_edge ?? 0));
const sharpest = journeyList.reduce((a, b) => (longEdge(b) > longEdge(a) ? b : a));
const documentImages = sharpest.images.filter((i) => i.field !== 'selfie');
const liveTracks = journeyList.reduce((a, j) => a + j.live_camera_tracks_after, 0);

/** One row of the budget: what, the target, the figure, whether it is met. */
function target(name, limit, measured, met, unit) {
  return { name, target: limit, measured, unit, met };
}
const targets = [
  target('first-screen payload, gzip', '<= 200 KB', sizes.first_screen.gzip_bytes / 1000, sizes.first_screen.gzip_bytes <= 200000, 'KB (1000 B)'),
  target('total with the analysis worker, gzip', '<= 1200 KB', sizes.total.gzip_bytes / 1000, sizes.total.gzip_bytes <= 1200000, 'KB (1000 B)'),
  target('first screen interactive (iframe insertion), median', '<= 300 ms',
    browser.first_screen_interactive_ms.from_iframe_insertion.median_ms,
    browser.first_screen_interactive_ms.from_iframe_insertion.median_ms <= 300, 'ms'),
  target('first camera frame after pressing the document choice, median', '<= 600 ms',
    browser.first_camera_frame_ms.median_ms, browser.first_camera_frame_ms.median_ms <= 600, 'ms'),
  target(`memory growth, 1 -> ${memory.cycles} capture-retake cycles (wasm + JS heap)`, '<= 5 MB',
    memory.growth_bytes / 1e6, memory.growth_bytes <= 5e6, 'MB (10^6 B)'),
  target('live camera tracks after each journey (sum)', '0', liveTracks, liveTracks === 0, 'tracks'),
  target(`bytes uploaded per full journey (${nameOf(heaviest)})`, '<= 1.5 MB', heaviest.bytes_uploaded / 1e6, heaviest.bytes_uploaded <= 1.5e6, 'MB (10^6 B)'),
  target(`document images, smallest long edge (${nameOf(sharpest)})`, '>= 1600 px',
    documentImages.length ? Math.min(...documentImages.map((i) => i.long_edge ?? 0)) : null,
    documentImages.length > 0 && documentImages.every((i) => (i.long_edge ?? 0) >= 1600), 'px'),
  target('per-frame document analysis in the browser, median (issue 8)', '<= 5 ms',
    wasm.quality_and_document_verdict.median_ms, wasm.quality_and_document_verdict.median_ms <= 5, 'ms'),
  target('face detection in the browser, median (issue 8)', '<= 15 ms',
    wasm.face_detection.median_ms, wasm.face_detection.median_ms <= 15, 'ms'),
  target('barcode decode (tilted 5 deg) in the browser, median (issue 8)', '<= 15 ms',
    wasm.barcode_decode_tilted_5deg.median_ms, wasm.barcode_decode_tilted_5deg.median_ms <= 15, 'ms'),
  // Issue 16 §5: speed where the patient waits, side by side with the peers.
  ...(worker ? [target('worker per 1280x720 card front, median (issue 16 §5; was 14.6)', '<= 5 ms',
    worker.document_front.worker_analysis.median_ms, worker.document_front.worker_analysis.median_ms <= 5, 'ms')] : []),
  ...(peers ? [target(
    "level card back analysis over zxing-wasm's PDF417 read of the same frame, round trip (issue 16 §5; was 3.5x)",
    '<= 1.0x', peers.card_back_level.ratio_round_trip_to_peer, peers.card_back_level.ratio_round_trip_to_peer <= 1.0, 'x')] : []),
  ...(peers ? ['card_back_tilted_5', 'card_back_tilted_7'].map((k) => target(
    `card back tilted ${k.slice(-1)} deg: frames whose barcode our worker read (zxing-wasm: ${peers[k].zxing_wasm_pdf417.read_frames})`,
    'every frame', peers[k].ours.barcode_read_frames,
    peers[k].ours.barcode_read_frames === peers[k].ours.worker_analysis.frames, 'frames')) : []),
  ...(peers ? [target("selfie analysis over MediaPipe's FaceDetector on the same frame, round trip (issue 16 §5; was 1.13x)", '<= 0.8x',
    peers.selfie.ratio_round_trip_to_peer, peers.selfie.ratio_round_trip_to_peer <= 0.8, 'x')] : []),
  target(`warp_quad per output pixel, native (issue 16 §5; the pixel-by-pixel warp in the same run: ${native.warp_quad_pixel_by_pixel_reference_ns_per_pixel?.median_ns} ns)`,
    'row-wise, faster than pixel by pixel', native.warp_quad_ns_per_pixel?.median_ns ?? null,
    native.warp_quad_ns_per_pixel?.median_ns < native.warp_quad_pixel_by_pixel_reference_ns_per_pixel?.median_ns, 'ns'),
  target('gateway session creations/s at 16 clients, p99', '>= 1000/s, p99 <= 20 ms', gateway ? 'see gateway' : null, null, ''),
];

const { frame: _nativeFrame, build: nativeBuild, targets_in_chromium_ms: _t, ...nativeFigures } = native;
const { frame, build: wasmBuild, ...wasmFigures } = wasm;
const report = {
  ...meta,
  sizes,
  first_screen_interactive_ms: browser.first_screen_interactive_ms,
  first_camera_frame_ms: browser.first_camera_frame_ms,
  page_loads: browser.page_loads,
  chromium: browser.chromium,
  analysis_per_frame: {
    frame,
    browser: wasmFigures,
    native: nativeFigures,
    build: { browser: wasmBuild, native: nativeBuild },
    ratio_browser_to_native_median: ratio,
    how: 'the same code and frames (idv_inspect::bench) natively (vision-bench) and compiled to wasm32 in headless Chromium (wasm-bindgen-test, main thread, no wasm-opt), timed with Instant and performance.now()',
  },
  analysis_worker: worker,
  peers,
  memory,
  journeys,
  gateway,
  ...(gateway ? {} : { gateway_skipped: gatewaySkipped }),
  targets,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
