//! coalition-map: an offline desktop map for planning hypothetical Coalition of the
//! Willing hubs in Ukraine.
//!
//! The crate is split so that everything but [`ui`] and [`app`] is plain Rust without
//! egui: [`model`] (geography, roster, plan), [`projection`] and [`map`] (meshes,
//! labels, scale bar). The UI borrows the model and returns [`command::Command`]s that
//! [`app::CoalitionApp`] applies in one place per frame.

pub mod app;
pub mod cli;
pub mod cli_suggest;
pub mod command;
pub mod export;
pub mod file_format;
pub mod map;
pub mod memory;
pub mod model;
pub mod native_dialog;
pub mod projection;
pub mod storage;
pub mod ui;
