mod aztec_detector;
pub use aztec_detector::*;

mod zxing_cpp_detector;
