//! Where hubs can stand, in the editor: the plan's facility distances (Edit menu) and
//! the "Suggest sites" section of the hub panel.

use egui::Ui;

use crate::command::Command;
use crate::map::theme::MapTheme;
use crate::model::facilities::FacilityRules;
use crate::model::geography::Geography;
use crate::model::hub::{Hub, HubKind};
use crate::model::places::PlaceKind;
use crate::model::plan::Plan;
use crate::model::site::HostileBorders;
use crate::model::suggest::{place_kind_for, suggest};

/// The plan's facility distances as three fields of the Edit menu; a change becomes
/// one `SetFacilityRules` command (one undo step) when typing or dragging ends.
pub fn rules_menu(ui: &mut Ui, rules: &FacilityRules, commands: &mut Vec<Command>) {
    let mut r = *rules;
    let mut done = false;
    let mut field = |ui: &mut Ui, label: &str, km: &mut f64| {
        ui.label(label);
        let resp = ui.add(egui::DragValue::new(km).range(0.0..=1000.0).suffix(" km"));
        done |= (resp.changed() && !resp.dragged()) || resp.drag_stopped();
    };
    field(
        ui,
        "Warn when an air hub is farther from an airfield than:",
        &mut r.airfield_km,
    );
    field(
        ui,
        "Warn when a naval hub is farther from a port than:",
        &mut r.port_km,
    );
    field(
        ui,
        "Suggest sites at least this far from every hub:",
        &mut r.hub_spacing_km,
    );
    if done && r != *rules {
        commands.push(Command::SetFacilityRules(r));
    }
}

/// The "Suggest sites" tab: a hub kind, the ranked places where such a hub satisfies
/// the plan's rules with the reasons, and one click to place a hub there.
#[derive(Default)]
pub struct SitesPanel {
    kind: Option<HubKind>,
    /// Suggestions for (plan revision, kind), recomputed when either changes.
    cached: Option<(u64, HubKind, Vec<Row>, Summary)>,
}

/// One candidate as the panel shows it (owned, so it survives between frames).
#[derive(Clone, Debug)]
struct Row {
    title: String,
    score: f64,
    reasons: Vec<String>,
    hub: Hub,
}

#[derive(Clone, Debug, Default)]
struct Summary {
    considered: usize,
    acceptable: usize,
    excluded: Vec<(String, usize)>,
}

/// How many candidates the panel lists.
const SHOWN: usize = 15;

/// The kinds offered, air and naval first (they have their own places).
const KINDS: [HubKind; 5] = [
    HubKind::Air,
    HubKind::Naval,
    HubKind::Logistics,
    HubKind::TrainingHub,
    HubKind::ForceHq,
];

impl SitesPanel {
    /// Draws the tab; returns the commands (placing a hub).
    pub fn show(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        revision: u64,
        geography: &Geography,
        borders: &HostileBorders,
        theme: MapTheme,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.heading("Suggest sites");
        let mut kind = self.kind.clone().unwrap_or(HubKind::Air);
        egui::ComboBox::from_label("Hub kind")
            .selected_text(kind.label())
            .show_ui(ui, |ui| {
                for k in KINDS {
                    let label = k.label().to_owned();
                    ui.selectable_value(&mut kind, k, label);
                }
            });
        self.kind = Some(kind.clone());
        let Some(index) = crate::model::facilities::builtin_index() else {
            ui.colored_label(theme.warning, "The built-in places are damaged.");
            return commands;
        };
        let fresh = self
            .cached
            .as_ref()
            .is_some_and(|(rev, k, _, _)| *rev == revision && *k == kind);
        if !fresh {
            let s = suggest(plan, geography, borders, index, &kind, SHOWN);
            let rows = s
                .candidates
                .iter()
                .map(|c| Row {
                    title: c.place.label(),
                    score: c.score,
                    reasons: c.reasons.clone(),
                    hub: c.hub(&kind),
                })
                .collect();
            let summary = Summary {
                considered: s.considered,
                acceptable: s.acceptable,
                excluded: s.excluded.clone(),
            };
            self.cached = Some((revision, kind.clone(), rows, summary));
        }
        let Some((_, _, rows, summary)) = &self.cached else {
            return commands;
        };
        let places = match place_kind_for(&kind) {
            PlaceKind::Airfield => "airfields",
            PlaceKind::Port => "seaports",
            PlaceKind::City => "cities",
        };
        ui.label(format!(
            "{} of {} {places} satisfy the plan's rules for this kind: in Ukraine, no site \
             warning (hostile-border buffer {:.0} km), at least {:.0} km from every hub. \
             Best first; the score weighs distance from hostile territory, spacing from \
             other hubs and the place's importance.",
            summary.acceptable,
            summary.considered,
            plan.hostile_buffer_km,
            plan.facility_rules.hub_spacing_km
        ));
        for (reason, n) in &summary.excluded {
            ui.weak(format!("Left out: {reason} ({n})"));
        }
        if rows.is_empty() {
            ui.colored_label(
                theme.warning,
                "No place satisfies the rules. Lower the spacing (Edit menu) or the buffer.",
            );
        }
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("sites_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (i, row) in rows.iter().enumerate() {
                    ui.horizontal(|ui| {
                        ui.strong(format!("{}. {}", i + 1, row.title));
                        ui.weak(format!("score {:.0}", row.score));
                    });
                    for r in &row.reasons {
                        ui.weak(format!("  · {r}"));
                    }
                    let button = ui
                        .button(format!("Place hub at {}", row.title))
                        .on_hover_text(format!("Adds \"{}\" (undo with Ctrl+Z)", row.hub.name));
                    if button.clicked() {
                        commands.push(Command::AddPreparedHub(Box::new(row.hub.clone())));
                    }
                    ui.add_space(4.0);
                }
            });
        commands
    }
}
