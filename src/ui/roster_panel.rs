//! The roster panel: every country with its role, searchable, each role changeable.

use egui::{ComboBox, RichText, ScrollArea, Ui};

use crate::command::Command;
use crate::map::theme::MapTheme;
use crate::model::geography::RegionLayer;
use crate::model::plan::Plan;
use crate::model::roster::Role;

/// Panel state kept between frames.
#[derive(Default)]
pub struct RosterPanel {
    filter: String,
}

impl RosterPanel {
    /// Draws the panel; returns the role changes the user made.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        countries: &RegionLayer,
        theme: MapTheme,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.heading("Coalition roster");
        ui.label(
            RichText::new(
                "Roles are part of the plan; change them here or by right-clicking a country.",
            )
            .small(),
        );
        ui.horizontal(|ui| {
            ui.label("Search:");
            ui.add(egui::TextEdit::singleline(&mut self.filter).hint_text("country or code"));
        });
        ui.separator();
        // Every country on the map or the roster, once, grouped by role then by name.
        let mut rows: Vec<(String, String)> = countries
            .regions()
            .iter()
            .map(|r| (r.code.clone(), r.name.clone()))
            .collect();
        for e in plan.roster.entries() {
            if !rows.iter().any(|(c, _)| *c == e.iso_a3) {
                rows.push((e.iso_a3.clone(), e.name.clone()));
            }
        }
        let needle = self.filter.trim().to_lowercase();
        rows.retain(|(code, name)| {
            needle.is_empty()
                || name.to_lowercase().contains(&needle)
                || code.to_lowercase().contains(&needle)
        });
        rows.sort_by(|a, b| {
            plan.role(&a.0)
                .cmp(&plan.role(&b.0))
                .then_with(|| a.1.cmp(&b.1))
        });
        // Only the rows in view are laid out: ~90 combo boxes per frame would be costly.
        let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, row_height, rows.len(), |ui, range| {
                for (code, name) in &rows[range] {
                    let role = plan.role(code);
                    ui.horizontal(|ui| {
                        let (r, _) =
                            ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                        ui.painter().rect_filled(r, 2.0, theme.role_fill(role));
                        let mut chosen = role;
                        // The country name is the combo box's label, so screen readers
                        // (and tests) find "Slovakia" as the control that sets its role.
                        ComboBox::new(("role", code), name.as_str())
                            .width(150.0)
                            .selected_text(role.label())
                            .show_ui(ui, |ui| {
                                for r in Role::ALL {
                                    ui.selectable_value(&mut chosen, r, r.label());
                                }
                            });
                        if chosen != role {
                            commands.push(Command::SetRole {
                                iso_a3: code.clone(),
                                name: name.clone(),
                                role: chosen,
                            });
                        }
                    });
                }
            });
        commands
    }
}
