//! The hub's context menu on the map (right-click a hub): edit, duplicate, delete,
//! range rings, show in list — the actions where the hand is.

use egui::Ui;

use crate::command::{Command, SelectHow};
use crate::model::hub::Hub;

/// Draws the actions for `hub` and returns what was chosen (the menu closes on a choice).
pub fn show(ui: &mut Ui, hub: &Hub) -> Vec<Command> {
    let mut commands = Vec::new();
    let id = hub.id;
    ui.strong(&hub.name);
    ui.separator();
    if ui.button("Edit…").clicked() {
        commands.push(Command::EditHub(id));
    }
    if ui.button("Duplicate").clicked() {
        // The copy is placed beside the original and selected, as Ctrl+D does.
        commands.push(Command::Select {
            ids: vec![id],
            how: SelectHow::Replace,
        });
        commands.push(Command::DuplicateSelected);
    }
    if ui.button("Delete").clicked() {
        commands.push(Command::DeleteHubs(vec![id]));
    }
    ui.separator();
    if hub.range_rings_km.is_empty() {
        // No radii yet: they are typed in the form.
        if ui.button("Add range rings…").clicked() {
            commands.push(Command::EditHub(id));
        }
    } else {
        let mut shown = hub.show_range_rings;
        if ui.checkbox(&mut shown, "Range rings").clicked() {
            let mut changed = hub.clone();
            changed.show_range_rings = shown;
            commands.push(Command::UpdateHub(Box::new(changed)));
        }
    }
    if ui.button("Show in list").clicked() {
        commands.push(Command::RevealHub(id));
    }
    if !commands.is_empty() {
        ui.close();
    }
    commands
}
