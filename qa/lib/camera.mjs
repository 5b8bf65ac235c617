// The scene camera: a real MediaStream (`canvas.captureStream`) painting, at 15 frames a second,
// the picture the scenario chose for the capture screen on display (`section.capture-front|back|
// selfie`). Any JPEG or PNG works as it is: no conversion to Chromium's .y4m. Everything after
// getUserMedia (the video element, frame grabs, the analysis worker, the upload) is the widget's
// own code. Copied from e2e/tests/harness.mjs (sceneCamera) and generalised to any file per side.

import { readFileSync } from 'node:fs';

const SIDES = ['front', 'back', 'selfie'];

/** `data:` URL of a JPEG or PNG file (by its magic bytes, not its name). */
export function dataUrl(file) {
  const bytes = readFileSync(file);
  const png = bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  if (!png && !jpeg) throw new Error(`${file}: not a JPEG or PNG`);
  return `data:image/${png ? 'png' : 'jpeg'};base64,${bytes.toString('base64')}`;
}

/**
 * An init script (for `context.addInitScript`) installing the scene camera in every frame.
 * `pictures`: side -> file path. Sides without a picture show black.
 */
export function sceneCameraScript(pictures) {
  const urls = {};
  for (const side of SIDES) if (pictures[side]) urls[side] = dataUrl(pictures[side]);
  const install = (urls) => {
    const md = navigator.mediaDevices;
    if (!md) return;
    let canvas = null;
    let ctx = null;
    const images = {};
    const draw = () => {
      const section = document.querySelector('section.capture');
      const side = ['front', 'back', 'selfie'].find((s) => section?.classList.contains(`capture-${s}`));
      const img = images[side];
      if (img?.complete && img.naturalWidth) ctx.drawImage(img, 0, 0, 1280, 720);
      else { ctx.fillStyle = '#000'; ctx.fillRect(0, 0, 1280, 720); }
    };
    // Pictures load on the first getUserMedia, in the widget's frame only (never the host's).
    md.getUserMedia = async () => {
      if (!canvas) {
        canvas = document.createElement('canvas');
        canvas.width = 1280;
        canvas.height = 720;
        ctx = canvas.getContext('2d');
        for (const [side, url] of Object.entries(urls)) {
          images[side] = new Image();
          images[side].src = url;
        }
        setInterval(draw, 66);
      }
      draw();
      return canvas.captureStream(15);
    };
  };
  return { content: `(${install})(${JSON.stringify(urls)});` };
}
