//! The hub panel: a searchable, filterable hub list and a form for the selected hub.
//!
//! Text fields edit a draft and commit when they lose focus (or on Enter), so one
//! edit is one undo step, and a bad value is shown inline without touching the plan.

use std::collections::BTreeSet;

use egui::{Color32, ComboBox, RichText, ScrollArea, TextEdit, Ui};

use crate::command::{Command, SelectHow};
use crate::map::theme::MapTheme;
use crate::model::hub::{Activation, Hub, HubId, HubKind, Status, validate_position};
use crate::model::plan::Plan;
use crate::model::roster::Role;
use crate::model::site::Site;

/// Text being edited for one hub.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
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

/// Filters over the hub list.
#[derive(Clone, Debug, Default, PartialEq)]
struct Filters {
    search: String,
    kind: Option<HubKind>,
    nation: Option<String>,
    status: Option<Status>,
    /// Only hubs with warnings (occupied, zone, distance, outside Ukraine).
    warnings_only: bool,
}

/// Panel state kept between frames.
#[derive(Default)]
pub struct HubPanel {
    filters: Filters,
    draft: Option<Draft>,
    /// Height of the list above the form, as the user dragged it (None: 40 % of the panel).
    list_height: Option<f32>,
    /// A hub to bring into view in the list (and to edit, if true).
    reveal: Option<(HubId, bool)>,
    /// The single hub selected last frame: a new one is scrolled into view.
    last_selected: Option<HubId>,
    /// The list's scroll offset and visible height last frame.
    list_view: (f32, f32),
    /// Put the cursor in the form's name field on the next frame.
    focus_name: bool,
}

impl HubPanel {
    /// Brings hub `id` into view in the list, showing it even if the filters hid it, and
    /// with `edit`, puts the cursor in its form's name field.
    pub fn reveal(&mut self, id: HubId, edit: bool) {
        self.reveal = Some((id, edit));
    }

    /// The list's height: as dragged, kept between 80 points and what leaves the form
    /// 120 points.
    fn list_height(&self, available: f32) -> f32 {
        let max = (available - 120.0).max(80.0);
        self.list_height
            .unwrap_or((available * 0.4).max(120.0))
            .clamp(80.0, max)
    }

    /// Draws the panel; returns the user's commands.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        sites: &[Site],
        selection: &BTreeSet<HubId>,
        theme: MapTheme,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        let counts = plan.status_counts();
        ui.heading("Hubs");
        ui.label(format!(
            "{} hubs: {} active, {} inactive",
            plan.hubs.len(),
            counts.active,
            counts.inactive
        ));
        // A hub revealed from the map is shown even if the filters hid it.
        let reveal = self.reveal.take();
        if let Some(hub) = reveal.and_then(|(id, _)| plan.hub(id))
            && !self.matches(plan, hub)
        {
            self.filters = Filters::default();
        }
        if let Some((_, edit)) = reveal {
            self.focus_name |= edit;
        }
        self.filter_bar(ui, plan);
        ui.separator();
        let visible: Vec<usize> = (0..plan.hubs.len())
            .filter(|&i| self.matches(plan, &plan.hubs[i]))
            .filter(|&i| {
                !self.filters.warnings_only || sites.get(i).is_some_and(|s| !s.warnings.is_empty())
            })
            .collect();
        // A hub just added, selected on the map or revealed scrolls into view.
        let single = (selection.len() == 1)
            .then(|| selection.iter().next().copied())
            .flatten();
        let newly = single.filter(|id| self.last_selected != Some(*id));
        self.last_selected = single;
        let target = reveal.map(|(id, _)| id).or(newly);
        if visible.is_empty() {
            ui.weak("No hub matches. Use “Add hub” (A) and click the map to place one.");
        }
        // Only the rows in view are laid out, so a plan of 10,000 hubs lists as fast as ten.
        let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        let list_height = self.list_height(ui.available_height());
        let mut area = ScrollArea::vertical()
            .id_salt("hub_list")
            .max_height(list_height)
            .auto_shrink([false, true]);
        if let Some(row) = target.and_then(|id| visible.iter().position(|&i| plan.hubs[i].id == id))
        {
            // `show_rows` adds the item spacing to the height it is given.
            let pitch = row_height + ui.spacing().item_spacing.y;
            let y = row as f32 * pitch;
            let (offset, height) = self.list_view;
            if y < offset || y + pitch > offset + height {
                // Centred in the list, as far as the list allows.
                area = area.vertical_scroll_offset((y - height / 2.0 + pitch / 2.0).max(0.0));
            }
        }
        let output = area.show_rows(ui, row_height, visible.len(), |ui, rows| {
            for &i in &visible[rows] {
                let hub = &plan.hubs[i];
                let status = plan.status(hub);
                let warn = sites.get(i).is_some_and(|s| !s.warnings.is_empty());
                ui.horizontal(|ui| {
                    // A small status mark: filled for active, hollow for inactive.
                    let (r, _) =
                        ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                    match status {
                        Status::Active => {
                            ui.painter().circle(
                                r.center(),
                                4.5,
                                theme.hub_active,
                                egui::Stroke::new(1.0, theme.hub_frame),
                            );
                        }
                        Status::Inactive => {
                            ui.painter().circle_stroke(
                                r.center(),
                                4.0,
                                egui::Stroke::new(1.2, ui.visuals().weak_text_color()),
                            );
                        }
                    }
                    let selected = selection.contains(&hub.id);
                    let resp = ui.selectable_label(selected, &hub.name);
                    if resp.clicked() {
                        let shift = ui.input(|i| i.modifiers.shift);
                        if shift {
                            commands.push(Command::Select {
                                ids: vec![hub.id],
                                how: SelectHow::Toggle,
                            });
                        } else {
                            commands.push(Command::CenterOn(hub.id));
                        }
                    }
                    // The nearest airfield, port and city, for a glance without selecting.
                    if let Some(site) = sites.get(i).filter(|s| !s.nearest.is_empty()) {
                        resp.on_hover_text(site.nearest.lines().join("\n"));
                    }
                    ui.weak(format!("{} · {}", hub.kind.code(), hub.lead_nation));
                    if warn {
                        ui.label(RichText::new("!").strong().color(theme.warning))
                            .on_hover_text(
                                sites[i]
                                    .warnings
                                    .iter()
                                    .map(|w| w.to_string())
                                    .collect::<Vec<_>>()
                                    .join("\n"),
                            );
                    }
                });
            }
        });
        self.list_view = (output.state.clamped_offset().y, output.inner_rect.height());
        self.split_handle(ui);

        // The form scrolls on its own, so a small laptop screen reaches every field.
        ScrollArea::vertical()
            .id_salt("hub_form_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| match selection.len() {
                0 => {
                    self.draft = None;
                    ui.weak("Select a hub on the map or in the list to edit it.");
                }
                1 => {
                    let id = *selection.iter().next().unwrap_or(&HubId(0));
                    if let Some(i) = plan.hubs.iter().position(|h| h.id == id) {
                        self.form(ui, plan, &plan.hubs[i], sites.get(i), theme, &mut commands);
                    }
                }
                n => {
                    self.draft = None;
                    ui.label(format!("{n} hubs selected"));
                    ui.horizontal(|ui| {
                        if ui.button("Duplicate").clicked() {
                            commands.push(Command::DuplicateSelected);
                        }
                        if ui.button("Delete selected").clicked() {
                            commands.push(Command::DeleteSelected);
                        }
                    });
                }
            });
        commands
    }

    /// The bar between list and form: drag it to give either more room.
    fn split_handle(&mut self, ui: &mut Ui) {
        let width = ui.available_width();
        let (rect, resp) = ui.allocate_exact_size(egui::vec2(width, 9.0), egui::Sense::drag());
        let resp = resp
            .on_hover_cursor(egui::CursorIcon::ResizeVertical)
            .on_hover_text("Drag to make the list or the form taller");
        resp.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Splitter, true, "Resize the hub list")
        });
        let stroke = if resp.hovered() || resp.dragged() {
            ui.visuals().widgets.active.fg_stroke
        } else {
            ui.visuals().widgets.noninteractive.bg_stroke
        };
        ui.painter().hline(rect.x_range(), rect.center().y, stroke);
        if resp.dragged() {
            let available = ui.available_height() + self.list_view.1;
            let now = self.list_view.1 + resp.drag_delta().y;
            self.list_height = Some(now.clamp(80.0, (available - 120.0).max(80.0)));
        }
    }

    fn matches(&self, plan: &Plan, hub: &Hub) -> bool {
        let f = &self.filters;
        let needle = f.search.trim().to_lowercase();
        (needle.is_empty() || hub.name.to_lowercase().contains(&needle))
            && f.kind.as_ref().is_none_or(|k| *k == hub.kind)
            && f.nation
                .as_ref()
                .is_none_or(|n| *n == hub.lead_nation || hub.contributors.contains(n))
            && f.status.is_none_or(|s| s == plan.status(hub))
    }

    fn filter_bar(&mut self, ui: &mut Ui, plan: &Plan) {
        ui.horizontal(|ui| {
            let label = ui.label("Find:");
            ui.add(
                TextEdit::singleline(&mut self.filters.search)
                    .hint_text("hub name")
                    .desired_width(150.0),
            )
            .labelled_by(label.id);
        });
        ui.horizontal_wrapped(|ui| {
            let kind_text = self
                .filters
                .kind
                .as_ref()
                .map_or("All kinds".to_owned(), |k| k.label().to_owned());
            ComboBox::new("filter_kind", "Kind")
                .selected_text(kind_text)
                .width(110.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filters.kind, None, "All kinds");
                    let mut kinds: Vec<HubKind> = HubKind::BUILTIN.to_vec();
                    for h in &plan.hubs {
                        if !kinds.contains(&h.kind) {
                            kinds.push(h.kind.clone());
                        }
                    }
                    for k in kinds {
                        let label = k.label().to_owned();
                        ui.selectable_value(&mut self.filters.kind, Some(k), label);
                    }
                });
            let nation_text = self
                .filters
                .nation
                .clone()
                .unwrap_or_else(|| "All nations".into());
            ComboBox::new("filter_nation", "Nation")
                .selected_text(nation_text)
                .width(90.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filters.nation, None, "All nations");
                    let nations: BTreeSet<&String> = plan
                        .hubs
                        .iter()
                        .flat_map(|h| std::iter::once(&h.lead_nation).chain(&h.contributors))
                        .collect();
                    for n in nations {
                        ui.selectable_value(&mut self.filters.nation, Some(n.clone()), n.as_str());
                    }
                });
            let status_text = match self.filters.status {
                None => "Any status",
                Some(Status::Active) => "Active",
                Some(Status::Inactive) => "Inactive",
            };
            ComboBox::new("filter_status", "Status")
                .selected_text(status_text)
                .width(90.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filters.status, None, "Any status");
                    ui.selectable_value(&mut self.filters.status, Some(Status::Active), "Active");
                    ui.selectable_value(
                        &mut self.filters.status,
                        Some(Status::Inactive),
                        "Inactive",
                    );
                });
            ui.checkbox(&mut self.filters.warnings_only, "Warnings only");
        });
    }

    fn form(
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
fn nations(plan: &Plan) -> Vec<(String, String)> {
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

#[cfg(test)]
mod tests;
