//! Custom hooks: each wraps one browser effect with its clean-up.

mod use_camera;
mod use_frame_guidance;

pub use use_camera::{use_camera, CameraState};
pub use use_frame_guidance::{use_frame_guidance, Guidance};
