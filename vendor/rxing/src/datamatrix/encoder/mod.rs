mod datamatrix_encoder;
mod default_placement;
mod encoder_context;
pub mod error_correction;
pub mod high_level_encoder;
pub mod minimal_encoder;
mod symbol_info;
mod symbol_shape_hint;

pub use datamatrix_encoder::*;
pub use default_placement::*;
pub use encoder_context::*;
pub use symbol_info::*;
pub use symbol_shape_hint::*;

mod c40_encoder;
pub use c40_encoder::*;

mod ascii_encoder;
pub use ascii_encoder::*;

mod text_encoder;
pub use text_encoder::*;

mod x12_encoder;
pub use x12_encoder::*;

mod edifact_encoder;
pub use edifact_encoder::*;

mod base256_encoder;
pub use base256_encoder::*;

#[cfg(test)]
mod high_level_encode_test_case;
