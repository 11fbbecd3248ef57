//! Commands: what the UI asks for. Panels return them; the app applies them in one place.

use std::path::PathBuf;

use crate::model::roster::Role;

/// A request from the UI to change the plan, the view or the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Give a country a role (plan change, undoable).
    SetRole {
        /// ISO 3166-1 alpha-3 code.
        iso_a3: String,
        /// Name, used if the country is not yet on the roster.
        name: String,
        /// The new role.
        role: Role,
    },
    /// Undo the last plan change.
    Undo,
    /// Redo the last undone plan change.
    Redo,
    /// Glide the camera to a named view.
    Fit(ViewPreset),
    /// Show the open-basemap file dialog.
    PickBasemap,
    /// Load a GeoJSON file as the country basemap.
    LoadBasemap(PathBuf),
    /// Go back to the built-in basemap.
    ResetBasemap,
    /// Switch between the light and dark theme.
    SetDarkMode(bool),
    /// Show or hide the roster panel.
    ToggleRosterPanel,
    /// Dismiss the message banner.
    DismissMessage,
}

/// Named views for the toolbar, tests and benchmarks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewPreset {
    /// All of Ukraine.
    Ukraine,
    /// Europe with Ukraine near the centre (the start view).
    Europe,
    /// Every coalition country, overseas members included.
    Coalition,
}
