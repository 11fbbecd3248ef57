//! egui widgets and panels. They borrow the model and return commands.

pub mod charts;
pub mod file_dialog;
pub mod hub_layer;
pub mod hub_panel;
pub mod import_dialog;
pub mod legend;
pub mod map_labels;
pub mod map_view;
pub mod place_layer;
pub mod presentation;
pub mod roster_panel;
pub mod shortcuts;
pub mod sites_panel;
pub mod slides_panel;
pub mod status_bar;
pub mod theme;
pub mod timeline;
