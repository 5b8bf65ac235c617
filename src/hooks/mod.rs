//! Custom hooks: each wraps one browser effect with its clean-up.

mod use_camera;
mod use_handoff;
mod use_host_bridge;
mod use_launch;
mod use_screen_announcer;
mod use_vision;

pub use use_camera::{use_camera, CameraState};
pub use use_handoff::use_handoff;
pub use use_host_bridge::use_host_bridge;
pub use use_launch::{reload, use_launch, Launched};
pub use use_screen_announcer::use_screen_announcer;
pub use use_vision::{use_vision, Instruction, VisionControls, VisionView};
