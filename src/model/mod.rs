//! The model: plain data types with no UI dependency.

pub mod geography;
pub mod history;
pub mod plan;
pub mod roster;
