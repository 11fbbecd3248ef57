//! egui widgets and panels. They borrow the model and return commands.

pub mod app_icon;
pub mod bake;
pub mod charts;
pub mod control_layer;
pub mod control_panel;
pub mod file_dialog;
pub mod hub_layer;
pub mod hub_menu;
pub mod hub_panel;
pub mod import_dialog;
pub mod legend;
pub mod map_cache;
mod map_gestures;
mod map_hover;
pub mod map_labels;
pub mod map_view;
pub mod place_layer;
pub mod present_layout;
pub mod presentation;
pub mod presenter;
pub mod roster_panel;
pub mod scene_painter;
pub mod shortcuts;
pub mod sites_panel;
pub mod slides_panel;
pub mod status_bar;
pub mod timeline;
