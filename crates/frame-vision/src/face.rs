//! Face detection with MediaPipe's BlazeFace short-range model (ONNX, run by `rten`).
//!
//! The frame is letterboxed into the model's 128×128 input (box-averaged, values in −1…1);
//! the 896 SSD anchors are decoded into boxes and six keypoints, scored with a sigmoid and
//! reduced by non-maximum suppression.

use rten::{Model, ModelOptions};
use rten_tensor::prelude::*;
use rten_tensor::NdTensor;
use serde::Serialize;

use crate::frame::Frame;
use crate::geometry::Point;
use crate::VisionError;

/// The model's square input edge.
pub const INPUT: usize = 128;
/// Scores at or above this count as a face (MediaPipe's own default for this model).
pub const MIN_SCORE: f32 = 0.5;
/// Boxes overlapping a better one by more than this (intersection over union) are the same face
/// (MediaPipe's default).
pub const NMS_IOU: f32 = 0.3;

/// A face found in a frame, in frame pixels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Face {
    /// Left edge of the box, frame pixels.
    pub x: f32,
    /// Top edge of the box, frame pixels.
    pub y: f32,
    /// Box width, frame pixels.
    pub width: f32,
    /// Box height, frame pixels.
    pub height: f32,
    /// The model's confidence (0–1).
    pub score: f32,
    /// Right eye, left eye, nose tip, mouth, right ear, left ear (the subject's right and left).
    pub keypoints: [Point; 6],
}

impl Face {
    /// Centre of the box.
    pub fn centre(&self) -> Point {
        Point::new(self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    /// How far the nose sits from the middle of the eyes, in eye distances, sideways: 0 when the
    /// face looks at the camera, about ±0.5 turned well away.
    pub fn yaw(&self) -> f32 {
        let [re, le, nose, ..] = self.keypoints;
        let eye_distance = re.distance(le).max(1.0);
        (nose.x - (re.x + le.x) / 2.0) / eye_distance
    }

    /// Degrees the line through the eyes turns from the horizontal.
    pub fn roll_deg(&self) -> f32 {
        let [re, le, ..] = self.keypoints;
        (le.y - re.y).atan2(le.x - re.x).to_degrees()
    }

    /// Whether `o` is this face found again (by another pass, or on another frame): their
    /// boxes overlap by more than [`NMS_IOU`], or either's centre lies in the other's box.
    pub fn same_as(&self, o: &Face) -> bool {
        let inside = |a: &Face, p: Point| {
            p.x >= a.x && p.x <= a.x + a.width && p.y >= a.y && p.y <= a.y + a.height
        };
        self.iou(o) > NMS_IOU || inside(self, o.centre()) || inside(o, self.centre())
    }

    fn iou(&self, o: &Face) -> f32 {
        let ix = ((self.x + self.width).min(o.x + o.width) - self.x.max(o.x)).max(0.0);
        let iy = ((self.y + self.height).min(o.y + o.height) - self.y.max(o.y)).max(0.0);
        let inter = ix * iy;
        inter / (self.width * self.height + o.width * o.height - inter).max(1e-6)
    }
}

#[cfg(face_model)]
static MODEL_ONNX: &[u8] = include_bytes!(env!("FACE_MODEL_ONNX"));

/// BlazeFace short-range, loaded once and run on any number of frames.
pub struct FaceDetector {
    model: Model,
    anchors: Vec<(f32, f32)>,
}

impl FaceDetector {
    /// The model embedded at build time (prepared by scripts/setup.sh).
    pub fn embedded() -> Result<Self, VisionError> {
        #[cfg(face_model)]
        {
            Self::load(Self::options().load_static_slice(MODEL_ONNX))
        }
        #[cfg(not(face_model))]
        {
            Err(VisionError::ModelMissing)
        }
    }

    /// A model read from ONNX bytes (e.g. a file QA points at).
    pub fn from_bytes(onnx: Vec<u8>) -> Result<Self, VisionError> {
        Self::load(Self::options().load(onnx))
    }

    /// Only the operators this graph uses, which keeps the wasm small. The convolutions'
    /// weights are packed for the matrix kernels once, at load, instead of on every run: the
    /// same kernels on the same packed values (the same faces, bit for bit), 1.3–1.4 ms less a
    /// run natively (6.8 → 5.4 ms with one thread on a loaded machine), for a packed copy of the weights in memory (the model file is 0.43 MB).
    fn options() -> ModelOptions {
        let mut options = ModelOptions::with_ops(rten::op_registry!(
            Add, Concat, Conv, MaxPool, Pad, Relu, Reshape, Transpose
        ));
        options.prepack_weights(true);
        options
    }

    fn load(model: Result<Model, rten::LoadError>) -> Result<Self, VisionError> {
        let model = model.map_err(|e| VisionError::Model(e.to_string()))?;
        Ok(Self {
            model,
            anchors: anchors(),
        })
    }

    /// Every face in the frame, best first. The whole frame is letterboxed into the model's
    /// square input; in a wide (or tall) frame where that finds fewer than two faces, the
    /// centre square is tried too, where a face half the size is still large enough for the
    /// model, and the two passes are merged. (The whole frame alone found one of two people
    /// side by side: they were reported as one.)
    pub fn detect(&self, frame: &Frame) -> Result<Vec<Face>, VisionError> {
        let faces = self.detect_whole(frame)?;
        if !needs_centre_pass(frame.width(), frame.height(), &faces) {
            return Ok(faces);
        }
        self.add_centre(frame, faces)
    }

    /// The first pass of [`FaceDetector::detect`]: the whole frame letterboxed, best first.
    pub fn detect_whole(&self, frame: &Frame) -> Result<Vec<Face>, VisionError> {
        let (w, h) = (frame.width(), frame.height());
        self.detect_in(frame, (0, 0, w, h))
    }

    /// The second pass of [`FaceDetector::detect`]: the faces of the frame's centre square not
    /// already in `faces` (the first pass's) added to them, best first.
    pub fn add_centre(
        &self,
        frame: &Frame,
        mut faces: Vec<Face>,
    ) -> Result<Vec<Face>, VisionError> {
        let (w, h) = (frame.width(), frame.height());
        let side = w.min(h);
        let centre = self.detect_in(frame, ((w - side) / 2, (h - side) / 2, side, side))?;
        for f in centre {
            if !faces.iter().any(|k| k.same_as(&f)) {
                faces.push(f);
            }
        }
        faces.sort_by(|a, b| b.score.total_cmp(&a.score));
        Ok(faces)
    }

    /// Faces in the region (`x`, `y`, `width`, `height`) of the frame, in frame pixels.
    fn detect_in(
        &self,
        frame: &Frame,
        region: (usize, usize, usize, usize),
    ) -> Result<Vec<Face>, VisionError> {
        let (rx, ry, rw, rh) = region;
        let (w, h) = (rw as f32, rh as f32);
        let scale = INPUT as f32 / w.max(h);
        let (pad_x, pad_y) = (
            (INPUT as f32 - w * scale) / 2.0,
            (INPUT as f32 - h * scale) / 2.0,
        );
        let input = letterbox(frame, region, scale, pad_x, pad_y);
        let err = |e: rten::RunError| VisionError::Model(e.to_string());
        let input_id = self.model.node_id("input").map_err(err)?;
        let reg_id = self.model.node_id("regressors").map_err(err)?;
        let cls_id = self.model.node_id("classificators").map_err(err)?;
        let [reg, cls] = self
            .model
            .run_n(
                vec![(input_id, input.view().into())],
                [reg_id, cls_id],
                None,
            )
            .map_err(err)?;
        let reg: NdTensor<f32, 3> = reg
            .try_into()
            .map_err(|_| VisionError::Model("regressors are not 1×896×16 f32".into()))?;
        let cls: NdTensor<f32, 3> = cls
            .try_into()
            .map_err(|_| VisionError::Model("scores are not 1×896×1 f32".into()))?;
        if reg.shape() != [1, self.anchors.len(), 16] || cls.shape() != [1, self.anchors.len(), 1] {
            return Err(VisionError::Model("unexpected output shapes".into()));
        }
        let to_frame = |x: f32, y: f32| {
            Point::new(
                (x * INPUT as f32 - pad_x) / scale + rx as f32,
                (y * INPUT as f32 - pad_y) / scale + ry as f32,
            )
        };
        let mut found = Vec::new();
        for (i, &(ax, ay)) in self.anchors.iter().enumerate() {
            let score = 1.0 / (1.0 + (-cls[[0, i, 0]].clamp(-100.0, 100.0)).exp());
            if score < MIN_SCORE {
                continue;
            }
            let r = |k: usize| reg[[0, i, k]] / INPUT as f32;
            let (cx, cy, bw, bh) = (r(0) + ax, r(1) + ay, r(2), r(3));
            let tl = to_frame(cx - bw / 2.0, cy - bh / 2.0);
            let br = to_frame(cx + bw / 2.0, cy + bh / 2.0);
            let keypoints = std::array::from_fn(|k| to_frame(r(4 + 2 * k) + ax, r(5 + 2 * k) + ay));
            found.push(Face {
                x: tl.x,
                y: tl.y,
                width: br.x - tl.x,
                height: br.y - tl.y,
                score,
                keypoints,
            });
        }
        found.sort_by(|a, b| b.score.total_cmp(&a.score));
        let mut kept: Vec<Face> = Vec::new();
        for f in found {
            if kept.iter().all(|k| k.iou(&f) <= NMS_IOU) {
                kept.push(f);
            }
        }
        Ok(kept)
    }
}

/// Whether a `width`×`height` frame whose whole-frame pass found `faces` needs the centre
/// square's pass: fewer than two faces in a frame whose long edge is at least 5/4 of its short
/// one (in a near-square frame the centre square is nearly the whole frame).
pub fn needs_centre_pass(width: usize, height: usize, faces: &[Face]) -> bool {
    faces.len() < 2 && width.abs_diff(height) >= width.min(height) / 4
}

/// SSD anchor centres for the short-range model: strides 8 (2 anchors a cell) and 16 (6).
fn anchors() -> Vec<(f32, f32)> {
    let mut out = Vec::with_capacity(896);
    for (stride, per_cell) in [(8usize, 2usize), (16, 6)] {
        let cells = INPUT / stride;
        for y in 0..cells {
            for x in 0..cells {
                for _ in 0..per_cell {
                    out.push((
                        (x as f32 + 0.5) / cells as f32,
                        (y as f32 + 0.5) / cells as f32,
                    ));
                }
            }
        }
    }
    out
}

/// The region (`x`, `y`, `width`, `height`) of the frame scaled by `scale` (box average) and
/// centred on a black 128×128 square, as 1×3×128×128 values in −1…1.
fn letterbox(
    frame: &Frame,
    region: (usize, usize, usize, usize),
    scale: f32,
    pad_x: f32,
    pad_y: f32,
) -> NdTensor<f32, 4> {
    let (rx, ry, rw, rh) = region;
    // Integer sums: a cell adds at most a few dozen bytes, so its sum is the same exact integer
    // a float sum was (under 2^24), for less work a pixel.
    let mut sums = vec![[0u32; 3]; INPUT * INPUT];
    let mut counts = vec![0u32; INPUT * INPUT];
    // Visit at most ~4 source pixels per input pixel and axis: plenty for a box average.
    let step = ((1.0 / scale) / 4.0).floor().max(1.0) as usize;
    // Each visited column's input column, worked out once (not once a pixel).
    let columns: Vec<(usize, usize)> = (rx..(rx + rw).min(frame.width()))
        .step_by(step)
        .map(|x| (x, ((x - rx) as f32 * scale + pad_x) as usize))
        .filter(|&(_, ox)| ox < INPUT)
        .collect();
    // The visited columns (`xs`) in groups falling in one input column: a group is summed in
    // registers and added to its cell once, not pixel by pixel through memory.
    let xs: Vec<usize> = columns.iter().map(|&(x, _)| x).collect();
    let mut groups: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (i, &(_, ox)) in columns.iter().enumerate() {
        match groups.last_mut() {
            Some((last, range)) if *last == ox => range.end = i + 1,
            _ => groups.push((ox, i..i + 1)),
        }
    }
    let width = frame.width();
    for y in (ry..(ry + rh).min(frame.height())).step_by(step) {
        let oy = ((y - ry) as f32 * scale + pad_y) as usize;
        if oy >= INPUT {
            continue;
        }
        let cells = &mut sums[oy * INPUT..(oy + 1) * INPUT];
        let cell_counts = &mut counts[oy * INPUT..(oy + 1) * INPUT];
        match frame.pixels() {
            crate::Pixels::Rgba(px) => {
                let row = &px[y * width * 4..(y + 1) * width * 4];
                for (ox, range) in &groups {
                    let mut sum = [0u32; 3];
                    for &x in &xs[range.clone()] {
                        let p = &row[4 * x..4 * x + 3];
                        sum[0] += u32::from(p[0]);
                        sum[1] += u32::from(p[1]);
                        sum[2] += u32::from(p[2]);
                    }
                    let cell = &mut cells[*ox];
                    cell[0] += sum[0];
                    cell[1] += sum[1];
                    cell[2] += sum[2];
                    cell_counts[*ox] += range.len() as u32;
                }
            }
            crate::Pixels::Luma(px) => {
                let row = &px[y * width..(y + 1) * width];
                for (ox, range) in &groups {
                    let v: u32 = xs[range.clone()].iter().map(|&x| u32::from(row[x])).sum();
                    let cell = &mut cells[*ox];
                    cell[0] += v;
                    cell[1] += v;
                    cell[2] += v;
                    cell_counts[*ox] += range.len() as u32;
                }
            }
        }
    }
    let mut data = vec![-1f32; 3 * INPUT * INPUT];
    for (i, (s, &n)) in sums.iter().zip(&counts).enumerate() {
        if n > 0 {
            for c in 0..3 {
                data[c * INPUT * INPUT + i] = s[c] as f32 / n as f32 / 127.5 - 1.0;
            }
        }
    }
    NdTensor::from_data([1, 3, INPUT, INPUT], data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_896_anchors_inside_the_square() {
        let a = anchors();
        assert_eq!(a.len(), 896);
        assert!(a
            .iter()
            .all(|&(x, y)| (0.0..1.0).contains(&x) && (0.0..1.0).contains(&y)));
        assert_eq!(a[0], (0.5 / 16.0, 0.5 / 16.0));
        assert_eq!(a[512], (0.5 / 8.0, 0.5 / 8.0));
    }

    #[test]
    fn a_grey_frame_letterboxes_to_the_middle() {
        let luma = vec![255u8; 256 * 128];
        let f = Frame::luma(&luma, 256, 128).expect("sized");
        let t = letterbox(&f, (0, 0, 256, 128), 0.5, 0.0, 32.0);
        assert_eq!(t[[0, 0, 0, 0]], -1.0, "padding is black");
        assert_eq!(t[[0, 1, 64, 64]], 1.0, "white inside");
    }

    #[test]
    fn yaw_is_zero_for_a_nose_between_the_eyes() {
        let p = Point::new;
        let f = Face {
            x: 0.0,
            y: 0.0,
            width: 10.0,
            height: 10.0,
            score: 1.0,
            keypoints: [
                p(3.0, 4.0),
                p(7.0, 4.0),
                p(5.0, 6.0),
                p(5.0, 8.0),
                p(0.0, 5.0),
                p(10.0, 5.0),
            ],
        };
        assert_eq!(f.yaw(), 0.0);
        assert_eq!(f.roll_deg(), 0.0);
        assert_eq!(f.centre(), p(5.0, 5.0));
    }
}
