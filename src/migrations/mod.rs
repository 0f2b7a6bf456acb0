//! Migration files: finding them, reading them, splitting them.

mod discover;
pub mod lines;
pub mod split;

pub use discover::{
    compare_versions, discover, file_findings, version_and_name, Discovery, Migration, Source,
};
