//! The hub panel: a searchable, filterable hub list and a form for the selected hub.
//!
//! Text fields edit a draft and commit when they lose focus (or on Enter), so one
//! edit is one undo step, and a bad value is shown inline without touching the plan.

use std::collections::BTreeSet;

use egui::{ComboBox, RichText, ScrollArea, TextEdit, Ui};

use crate::command::{Command, SelectHow};
use crate::map::theme::MapTheme;
use crate::model::hub::{Hub, HubId, HubKind, Status};
use crate::model::plan::Plan;
use crate::model::site::Site;

mod form;

use form::Draft;
pub use form::parse_coordinate;

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
}

#[cfg(test)]
mod tests;
