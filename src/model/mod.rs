//! The model: plain data types with no UI dependency.

pub mod compare;
pub mod control;
pub mod control_geometry;
pub mod control_import;
pub mod control_index;
pub mod coverage;
pub mod facilities;
pub mod field_map;
pub mod geography;
pub mod history;
pub mod hub;
pub mod measure;
pub mod places;
pub mod plan;
pub mod plan_csv;
pub mod plan_file;
pub mod plan_io;
pub mod polygon_index;
pub mod ring_check;
pub mod roster;
pub mod site;
pub mod slide;
pub mod sphere_index;
pub mod suggest;
pub mod text_file;
pub mod timeline;
