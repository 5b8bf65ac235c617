#[derive(Debug, Copy, Clone, PartialEq, Eq)]
pub enum LineOrientation {
    Row,
    Column,
}
