//! Custom hooks: each wraps one browser effect with its clean-up.

mod use_camera;
mod use_handoff;
mod use_vision;

pub use use_camera::{use_camera, CameraState};
pub use use_handoff::use_handoff;
pub use use_vision::{use_vision, Instruction, VisionControls, VisionView};
