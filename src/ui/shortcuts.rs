//! The keyboard shortcuts, listed once: the F1 / `?` help window shows these tables.

use egui::{Grid, RichText, Ui};

/// One shortcut: the keys and what they do.
pub type Shortcut = (&'static str, &'static str);

/// Shortcuts while editing a plan.
pub const EDITOR: &[Shortcut] = &[
    ("F5", "Present from the first slide"),
    ("Shift+F5", "Present from the selected slide"),
    ("A", "Add hub: click the map to place one"),
    (
        "S",
        "Select: click, Shift-click, Shift-drag a box; drag to move",
    ),
    (
        "M",
        "Measure: click points; Backspace removes the last, Esc clears",
    ),
    ("C", "Ceasefire in effect on/off"),
    ("Delete / Backspace", "Delete the selected hubs"),
    ("Ctrl+C / Ctrl+V / Ctrl+D", "Copy, paste, duplicate hubs"),
    ("Ctrl+A", "Select every hub"),
    ("Ctrl+Z / Ctrl+Shift+Z, Ctrl+Y", "Undo / redo"),
    ("Ctrl+S / Ctrl+Shift+S", "Save / save as"),
    ("Ctrl+O / Ctrl+Shift+O", "Open a plan / open a basemap"),
    ("Ctrl+E", "Export"),
    (
        "Arrows, + / −, wheel",
        "Pan and zoom; double-click zooms in",
    ),
    ("Esc", "Leave the tool, clear the selection"),
    (
        "Right-click a hub",
        "Edit, duplicate, delete, range rings, show in list",
    ),
    ("Right-click a country", "Its role in the coalition"),
    ("F1 or ?", "This list"),
];

/// Shortcuts while presenting (a presenter clicker sends PageDown/PageUp).
pub const PRESENTING: &[Shortcut] = &[
    ("→, PageDown, Space", "Next slide"),
    ("←, PageUp, Backspace", "Previous slide"),
    ("Home / End", "First / last slide"),
    (
        "C / V / P",
        "Ceasefire, verified, peace agreement (the room's view only)",
    ),
    ("N", "Speaker notes"),
    ("B or .", "Black screen on/off"),
    ("F1 or ?", "This list"),
    ("Esc or F5", "Leave the presentation"),
];

/// Draws the help window while `open` is true; its close button clears it.
pub fn help_window(ui: &Ui, open: &mut bool) {
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ui.ctx(), |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                table(ui, "Editing", EDITOR);
                ui.add_space(8.0);
                table(ui, "Presenting", PRESENTING);
            });
        });
}

fn table(ui: &mut Ui, title: &str, rows: &[Shortcut]) {
    ui.label(RichText::new(title).strong());
    Grid::new(title).striped(true).show(ui, |ui| {
        for (keys, action) in rows {
            ui.label(RichText::new(*keys).monospace());
            ui.label(*action);
            ui.end_row();
        }
    });
}
