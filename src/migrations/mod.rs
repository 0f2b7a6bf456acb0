//! Migration files: finding them, reading them, splitting them.

mod discover;
pub mod lines;
pub mod split;

pub use discover::{compare_versions, discover, Discovery, Migration, Source};
