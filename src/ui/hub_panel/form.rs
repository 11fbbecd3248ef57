//! The hub form: editing the selected hub's fields through a draft.

use egui::{Color32, ComboBox, RichText, ScrollArea, TextEdit, Ui};

use super::HubPanel;
use crate::command::Command;
use crate::map::theme::MapTheme;
use crate::model::hub::{Activation, Hub, HubKind, Status, validate_position};
use crate::model::plan::Plan;
use crate::model::roster::Role;
use crate::model::site::Site;

/// Text being edited for one hub.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Draft {
    /// The hub as it was when the draft was made; a different hub resets the draft.
    source: Hub,
    name: String,
    lon: String,
    lat: String,
    custom_kind: String,
    personnel: u32,
    stand_up_days: u32,
    notes: String,
    rings: String,
    name_error: Option<String>,
    position_error: Option<String>,
    rings_error: Option<String>,
}

impl Draft {
    fn of(hub: &Hub) -> Self {
        Self {
            source: hub.clone(),
            name: hub.name.clone(),
            lon: format!("{:.5}", hub.lon),
            lat: format!("{:.5}", hub.lat),
            custom_kind: match &hub.kind {
                HubKind::Custom(k) => k.clone(),
                _ => String::new(),
            },
            personnel: hub.personnel,
            stand_up_days: hub.stand_up_days,
            notes: hub.notes.clone(),
            rings: rings_text(&hub.range_rings_km),
            name_error: None,
            position_error: None,
            rings_error: None,
        }
    }
}

/// Ring radii as the form shows them: "150, 300".
fn rings_text(radii: &[f64]) -> String {
    radii
        .iter()
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses a coordinate typed by a person: "30.52", " 30,52 ", "−30.5".
pub fn parse_coordinate(text: &str) -> Option<f64> {
    let t = text.trim().replace('−', "-");
    let t = if t.contains('.') {
        t
    } else {
        t.replace(',', ".")
    };
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

impl HubPanel {
    pub(super) fn form(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        hub: &Hub,
        site: Option<&Site>,
        theme: MapTheme,
        commands: &mut Vec<Command>,
    ) {
        if self.draft.as_ref().is_none_or(|d| d.source != *hub) {
            self.draft = Some(Draft::of(hub));
        }
        let Some(draft) = self.draft.as_mut() else {
            return;
        };
        let mut updated = hub.clone();
        let mut commit = false;
        let status = plan.status(hub);

        ui.horizontal(|ui| {
            ui.heading(&hub.name);
            let (text, color) = match status {
                Status::Active => ("ACTIVE", Color32::from_rgb(0x00, 0x90, 0x40)),
                Status::Inactive => ("INACTIVE", ui.visuals().weak_text_color()),
            };
            ui.label(RichText::new(text).strong().color(color));
        });
        if status == Status::Inactive {
            ui.weak(format!("Waits for {}.", hub.activation.waiting_for()));
        }
        egui::Grid::new("hub_form")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let label = ui.label("Name");
                let resp = ui
                    .add(TextEdit::singleline(&mut draft.name).desired_width(200.0))
                    .labelled_by(label.id);
                if std::mem::take(&mut self.focus_name) {
                    resp.request_focus();
                }
                if resp.lost_focus() {
                    if draft.name.trim().is_empty() {
                        draft.name_error = Some("A hub needs a name.".into());
                    } else if draft.name.trim() != hub.name {
                        draft.name_error = None;
                        updated.name = draft.name.trim().to_owned();
                        commit = true;
                    }
                }
                ui.end_row();
                if let Some(e) = &draft.name_error {
                    ui.label("");
                    ui.colored_label(theme.warning, e);
                    ui.end_row();
                }

                let label = ui.label("Kind");
                ui.vertical(|ui| {
                    let is_custom = matches!(hub.kind, HubKind::Custom(_));
                    ComboBox::new("form_kind", "")
                        .selected_text(hub.kind.label())
                        .width(200.0)
                        .show_ui(ui, |ui| {
                            for k in HubKind::BUILTIN {
                                if ui.selectable_label(hub.kind == k, k.label()).clicked() {
                                    updated.kind = k;
                                    commit = true;
                                }
                            }
                            if ui
                                .selectable_label(is_custom, "Other (your own kind)…")
                                .clicked()
                                && !is_custom
                            {
                                updated.kind = HubKind::Custom("Other".into());
                                commit = true;
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    if is_custom {
                        let resp = ui.add(
                            TextEdit::singleline(&mut draft.custom_kind)
                                .hint_text("your kind")
                                .desired_width(200.0),
                        );
                        if resp.lost_focus() && !draft.custom_kind.trim().is_empty() {
                            updated.kind = HubKind::parse(&draft.custom_kind);
                            commit = updated.kind != hub.kind;
                        }
                    }
                });
                ui.end_row();

                let label = ui.label("Longitude");
                let lon_resp = ui
                    .add(TextEdit::singleline(&mut draft.lon).desired_width(120.0))
                    .labelled_by(label.id);
                ui.end_row();
                let label = ui.label("Latitude");
                let lat_resp = ui
                    .add(TextEdit::singleline(&mut draft.lat).desired_width(120.0))
                    .labelled_by(label.id);
                ui.end_row();
                if lon_resp.lost_focus() || lat_resp.lost_focus() {
                    match (parse_coordinate(&draft.lon), parse_coordinate(&draft.lat)) {
                        (Some(lon), Some(lat)) => match validate_position(lon, lat) {
                            Ok(()) => {
                                draft.position_error = None;
                                if (lon, lat) != (hub.lon, hub.lat) {
                                    updated.lon = lon;
                                    updated.lat = lat;
                                    commit = true;
                                }
                            }
                            Err(e) => draft.position_error = Some(e),
                        },
                        _ => {
                            draft.position_error = Some("Type decimal degrees, e.g. 30.5234".into())
                        }
                    }
                }
                if let Some(e) = &draft.position_error {
                    ui.label("");
                    ui.colored_label(theme.warning, e);
                    ui.end_row();
                }

                let label = ui.label("Lead nation");
                let lead_name = plan
                    .roster
                    .entry(&hub.lead_nation)
                    .map_or(hub.lead_nation.clone(), |e| {
                        format!("{} — {}", e.iso_a3, e.name)
                    });
                ComboBox::new("form_lead", "")
                    .selected_text(lead_name)
                    .width(200.0)
                    .show_ui(ui, |ui| {
                        for e in nations(plan) {
                            if ui
                                .selectable_label(
                                    hub.lead_nation == e.0,
                                    format!("{} — {}", e.0, e.1),
                                )
                                .clicked()
                            {
                                updated.lead_nation = e.0.clone();
                                commit = true;
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();

                ui.label("Contributors");
                ui.vertical(|ui| {
                    ui.weak(if hub.contributors.is_empty() {
                        "none".to_owned()
                    } else {
                        hub.contributors.join(", ")
                    });
                    egui::CollapsingHeader::new("Choose…")
                        .id_salt("contributors")
                        .show(ui, |ui| {
                            ScrollArea::vertical()
                                .max_height(140.0)
                                .id_salt("contrib_scroll")
                                .show(ui, |ui| {
                                    for (code, name) in nations(plan) {
                                        let mut on = hub.contributors.contains(&code);
                                        if ui
                                            .checkbox(&mut on, format!("{code} — {name}"))
                                            .changed()
                                        {
                                            if on {
                                                updated.contributors.push(code.clone());
                                            } else {
                                                updated.contributors.retain(|c| *c != code);
                                            }
                                            commit = true;
                                        }
                                    }
                                });
                        });
                });
                ui.end_row();

                let label = ui.label("Personnel");
                let resp = ui
                    .add(
                        egui::DragValue::new(&mut draft.personnel)
                            .range(0..=1_000_000)
                            .speed(10.0),
                    )
                    .labelled_by(label.id);
                let settled =
                    (resp.changed() && !resp.dragged()) || resp.drag_stopped() || resp.lost_focus();
                if settled && draft.personnel != hub.personnel {
                    updated.personnel = draft.personnel;
                    commit = true;
                }
                ui.end_row();

                let label = ui.label("Activation");
                ComboBox::new("form_activation", "")
                    .selected_text(hub.activation.label())
                    .width(200.0)
                    .show_ui(ui, |ui| {
                        for a in Activation::ALL {
                            if ui
                                .selectable_label(hub.activation == a, a.label())
                                .clicked()
                            {
                                updated.activation = a;
                                commit = true;
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();

                let label = ui.label("Stands up");
                let resp = ui
                    .add_enabled(
                        hub.activation != Activation::Always,
                        egui::DragValue::new(&mut draft.stand_up_days)
                            .range(0..=crate::model::timeline::MAX_DAYS)
                            .prefix("D+")
                            .suffix(" days"),
                    )
                    .labelled_by(label.id)
                    .on_hover_text(
                        "Days after its activation condition is met until the hub is \
                         operating (the timeline below the map plays them).",
                    );
                let settled =
                    (resp.changed() && !resp.dragged()) || resp.drag_stopped() || resp.lost_focus();
                if settled && draft.stand_up_days != hub.stand_up_days {
                    updated.stand_up_days = draft.stand_up_days;
                    commit = true;
                }
                ui.end_row();

                let label = ui.label("Notes");
                let resp = ui
                    .add(
                        TextEdit::multiline(&mut draft.notes)
                            .desired_rows(3)
                            .desired_width(200.0),
                    )
                    .labelled_by(label.id);
                if resp.lost_focus() && draft.notes != hub.notes {
                    updated.notes = draft.notes.clone();
                    commit = true;
                }
                ui.end_row();

                let label = ui.label("Range rings");
                ui.vertical(|ui| {
                    let resp = ui
                        .add(
                            TextEdit::singleline(&mut draft.rings)
                                .hint_text("km, e.g. 150, 300")
                                .desired_width(200.0),
                        )
                        .labelled_by(label.id)
                        .on_hover_text(
                            "Radii in km (coverage, reach), drawn as geodesic circles. \
                             Separate them with commas.",
                        );
                    if resp.lost_focus() {
                        match crate::model::measure::parse_radii(&draft.rings) {
                            Ok(radii) => {
                                draft.rings_error = None;
                                if radii != hub.range_rings_km {
                                    updated.range_rings_km = radii;
                                    commit = true;
                                }
                            }
                            Err(e) => draft.rings_error = Some(e),
                        }
                    }
                    if let Some(e) = &draft.rings_error {
                        ui.colored_label(theme.warning, e);
                    }
                    let mut show = hub.show_range_rings;
                    if ui
                        .add_enabled(
                            !hub.range_rings_km.is_empty(),
                            egui::Checkbox::new(&mut show, "Show this hub's rings"),
                        )
                        .changed()
                    {
                        updated.show_range_rings = show;
                        commit = true;
                    }
                });
                ui.end_row();
            });

        if let Some(site) = site {
            ui.separator();
            let country = site
                .country
                .as_ref()
                .map_or("— (sea)".to_owned(), |(c, n)| format!("{n} ({c})"));
            ui.label(format!("Country: {country}"));
            if let Some((code, name)) = &site.oblast {
                ui.label(format!("Oblast: {name} ({code})"));
            }
            if let Some(km) = site.hostile_km {
                ui.label(format!("Nearest hostile border: {km:.0} km"));
            }
            for line in site.nearest.lines() {
                ui.label(line);
            }
            for w in &site.warnings {
                ui.colored_label(theme.warning, format!("Warning: {w}"));
            }
        }
        if !hub.extra.is_empty() {
            ui.weak(format!(
                "{} more imported properties are kept unchanged.",
                hub.extra.len()
            ));
        }
        ui.horizontal(|ui| {
            if ui.button("Centre on map").clicked() {
                commands.push(Command::CenterOn(hub.id));
            }
            if ui.button("Duplicate").clicked() {
                commands.push(Command::DuplicateSelected);
            }
            if ui.button("Delete").clicked() {
                commands.push(Command::DeleteHubs(vec![hub.id]));
            }
        });
        if commit && updated != *hub {
            commands.push(Command::UpdateHub(Box::new(updated)));
        }
    }
}

/// Nations to choose from: coalition roles first, then the rest, by name.
pub(super) fn nations(plan: &Plan) -> Vec<(String, String)> {
    let mut list: Vec<(Role, String, String)> = plan
        .roster
        .entries()
        .filter(|e| e.role != Role::Hostile)
        .map(|e| (e.role, e.iso_a3.clone(), e.name.clone()))
        .collect();
    list.sort_by(|a, b| {
        (!a.0.is_coalition())
            .cmp(&!b.0.is_coalition())
            .then_with(|| a.2.cmp(&b.2))
    });
    list.into_iter().map(|(_, c, n)| (c, n)).collect()
}
