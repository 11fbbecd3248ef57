//! The control side panel and dialogs: the plan's control features (name, kind, date,
//! source, size) with edit and delete, the plan's rules (reference layer, zone width and
//! kinds allowed in it, threat bands, per-kind minimum distances), the import dialog
//! (name, kinds, source, as-of date — required) and the feature form used after
//! drawing and for editing. Nothing here changes the plan: it returns commands.

use std::path::PathBuf;

use egui::{RichText, TextEdit, Ui};

use crate::command::{Command, Tool};
use crate::model::control::{
    ControlFeature, ControlKind, ControlSettings, FeatureDefaults, REFERENCE_TITLE, kind_fits,
    parse_date,
};
use crate::model::hub::HubKind;
use crate::model::plan::Plan;

/// The import dialog's fields.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportDialog {
    /// The file.
    pub path: PathBuf,
    /// Name prefix for unnamed features.
    pub name: String,
    /// Kind for areas.
    pub area_kind: ControlKind,
    /// Kind for lines.
    pub line_kind: ControlKind,
    /// Source.
    pub source: String,
    /// As-of date as typed.
    pub as_of: String,
    /// Why "Import" did nothing.
    pub error: Option<String>,
}

/// What a dialog's buttons asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum DialogOutcome<T> {
    /// Still open.
    Open,
    /// Closed without doing anything.
    Cancelled,
    /// Confirmed with this value.
    Done(T),
}

impl ImportDialog {
    /// A dialog for a file, with its name as the name and source.
    pub fn new(path: PathBuf) -> Self {
        let stem = path
            .file_stem()
            .map_or("Imported".into(), |s| s.to_string_lossy().into_owned());
        let source = path
            .file_name()
            .map_or(String::new(), |s| s.to_string_lossy().into_owned());
        Self {
            path,
            name: stem,
            area_kind: ControlKind::Occupied,
            line_kind: ControlKind::ContactLine,
            source,
            as_of: String::new(),
            error: None,
        }
    }

    /// Checks the fields: the as-of date is required.
    pub fn defaults(&self) -> Result<FeatureDefaults, String> {
        if self.source.trim().is_empty() {
            return Err("Say where the data comes from (source).".into());
        }
        let as_of = parse_date(&self.as_of).map_err(|e| format!("As-of date: {e}."))?;
        Ok(FeatureDefaults {
            name: if self.name.trim().is_empty() {
                "Imported".into()
            } else {
                self.name.trim().to_owned()
            },
            area_kind: self.area_kind,
            line_kind: self.line_kind,
            source: self.source.trim().to_owned(),
            as_of: Some(as_of),
        })
    }

    /// Shows the dialog.
    pub fn show(&mut self, ctx: &egui::Context) -> DialogOutcome<FeatureDefaults> {
        let mut outcome = DialogOutcome::Open;
        egui::Modal::new(egui::Id::unique("import_control")).show(ctx, |ui| {
            ui.heading("Import control layer");
            ui.label(self.path.display().to_string());
            ui.label(
                RichText::new("Areas and lines are imported; points are ignored. Dates matter: control changes.")
                    .small(),
            );
            egui::Grid::new("import_control_grid").num_columns(2).show(ui, |ui| {
                let l = ui.label("Layer name");
                ui.add(TextEdit::singleline(&mut self.name).desired_width(240.0)).labelled_by(l.id);
                ui.end_row();
                ui.label("Areas are");
                kind_combo(ui, "import_area_kind", &mut self.area_kind, true);
                ui.end_row();
                ui.label("Lines are");
                kind_combo(ui, "import_line_kind", &mut self.line_kind, false);
                ui.end_row();
                let l = ui.label("Source");
                ui.add(TextEdit::singleline(&mut self.source).desired_width(240.0)).labelled_by(l.id);
                ui.end_row();
                let l = ui.label("As of (YYYY-MM-DD)");
                ui.add(
                    TextEdit::singleline(&mut self.as_of)
                        .hint_text("required")
                        .desired_width(120.0),
                ).labelled_by(l.id);
                ui.end_row();
            });
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.horizontal(|ui| {
                if ui.button("Import").clicked() {
                    match self.defaults() {
                        Ok(d) => outcome = DialogOutcome::Done(d),
                        Err(e) => self.error = Some(e),
                    }
                }
                if ui.button("Cancel").clicked() {
                    outcome = DialogOutcome::Cancelled;
                }
            });
        });
        outcome
    }
}

fn kind_combo(ui: &mut Ui, id: &str, kind: &mut ControlKind, area: bool) {
    // Named by its id ("kind"), so screen readers (and tests) can find it.
    egui::ComboBox::new(id, "")
        .selected_text(kind.label())
        .show_ui(ui, |ui| {
            for k in ControlKind::ALL {
                let fits = match k {
                    ControlKind::Occupied => area,
                    ControlKind::ContactLine | ControlKind::CeasefireLine => !area,
                    ControlKind::Other => true,
                };
                if fits {
                    ui.selectable_value(kind, k, k.label());
                }
            }
        })
        .response
        .widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::ComboBox, true, id.replace('_', " "))
        });
}

/// The form for one feature's name, kind, source and date.
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureForm {
    /// The feature as it will be saved (geometry and id kept).
    pub feature: ControlFeature,
    /// Whether it is new (drawn) rather than edited.
    pub is_new: bool,
    /// Fields as typed.
    pub name: String,
    /// Source as typed.
    pub source: String,
    /// Date as typed.
    pub as_of: String,
    /// Why "Save" did nothing.
    pub error: Option<String>,
}

impl FeatureForm {
    /// A form for a feature.
    pub fn new(feature: ControlFeature, is_new: bool) -> Self {
        Self {
            name: feature.name.clone(),
            source: feature.source.clone(),
            as_of: if is_new {
                String::new()
            } else {
                feature.as_of.to_string()
            },
            feature,
            is_new,
            error: None,
        }
    }

    /// The feature with the typed fields, or what is wrong with them.
    pub fn result(&self) -> Result<ControlFeature, String> {
        let mut f = self.feature.clone();
        if self.name.trim().is_empty() {
            return Err("Give it a name.".into());
        }
        if self.source.trim().is_empty() {
            return Err("Say where it comes from (source), e.g. \"drawn by planner\".".into());
        }
        f.name = self.name.trim().to_owned();
        f.source = self.source.trim().to_owned();
        f.as_of = parse_date(&self.as_of).map_err(|e| format!("As-of date: {e}."))?;
        Ok(f)
    }

    /// Shows the form.
    pub fn show(&mut self, ctx: &egui::Context) -> DialogOutcome<ControlFeature> {
        let mut outcome = DialogOutcome::Open;
        egui::Modal::new(egui::Id::unique("control_feature_form")).show(ctx, |ui| {
            ui.heading(if self.is_new {
                "New control feature"
            } else {
                "Control feature"
            });
            let area = self.feature.geometry.is_area();
            egui::Grid::new("control_form_grid")
                .num_columns(2)
                .show(ui, |ui| {
                    let l = ui.label("Feature name");
                    ui.add(TextEdit::singleline(&mut self.name).desired_width(240.0))
                        .labelled_by(l.id);
                    ui.end_row();
                    ui.label("Kind");
                    kind_combo(ui, "control_form_kind", &mut self.feature.kind, area);
                    ui.end_row();
                    let l = ui.label("Source");
                    ui.add(
                        TextEdit::singleline(&mut self.source)
                            .hint_text("e.g. drawn by planner")
                            .desired_width(240.0),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label("As of (YYYY-MM-DD)");
                    ui.add(
                        TextEdit::singleline(&mut self.as_of)
                            .hint_text("required")
                            .desired_width(120.0),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                });
            ui.label(
                RichText::new(format!(
                    "{} with {} vertices",
                    if area { "Area" } else { "Line" },
                    self.feature.geometry.vertex_count()
                ))
                .small(),
            );
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    match self.result() {
                        Ok(f) if kind_fits(f.kind, &f.geometry) => outcome = DialogOutcome::Done(f),
                        Ok(_) => self.error = Some("That kind does not suit this geometry.".into()),
                        Err(e) => self.error = Some(e),
                    }
                }
                if ui.button("Cancel").clicked() {
                    outcome = DialogOutcome::Cancelled;
                }
            });
        });
        outcome
    }
}

/// State of the control panel.
#[derive(Default)]
pub struct ControlPanel {
    /// The feature chosen in the list (its vertices can be edited on the map).
    pub selected: Option<u64>,
    bands_text: Option<String>,
    bands_error: Option<String>,
}

impl ControlPanel {
    /// Shows the panel; `busy` describes background work (import, threat bands).
    pub fn show(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        tool: Tool,
        busy: Option<&str>,
    ) -> (Vec<Command>, Option<ControlFeature>) {
        let mut commands = Vec::new();
        let mut edit = None;
        if let Some(text) = busy {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(text);
            });
        }
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Import control layer…")
                .on_hover_text("Areas and lines from GeoJSON, KML or KMZ (DeepStateMap-, ISW-style exports)")
                .clicked()
            {
                commands.push(Command::PickImportControl);
            }
            if ui
                .selectable_label(tool == Tool::DrawArea, "Draw area")
                .on_hover_text("Click vertices; double-click or Enter finishes, Esc cancels, Backspace removes the last")
                .clicked()
            {
                commands.push(Command::SetTool(Tool::DrawArea));
            }
            if ui
                .selectable_label(tool == Tool::DrawLine, "Draw line")
                .on_hover_text("Click vertices; double-click or Enter finishes, Esc cancels, Backspace removes the last")
                .clicked()
            {
                commands.push(Command::SetTool(Tool::DrawLine));
            }
        });
        ui.separator();
        let s = &plan.control_settings;
        let mut show = s.show_reference;
        if ui
            .checkbox(&mut show, REFERENCE_TITLE)
            .on_hover_text("Crimea and the Donbass areas outside government control before the full-scale invasion. Not the current front.")
            .changed()
        {
            commands.push(Command::SetControlSettings(Box::new(ControlSettings {
                show_reference: show,
                ..s.clone()
            })));
        }
        ui.separator();
        ui.label(RichText::new(format!("Control features ({})", plan.control.len())).strong());
        if plan.control.is_empty() {
            ui.weak("None yet: import a layer or draw one.");
        }
        egui::ScrollArea::vertical()
            .id_salt("control_list")
            .max_height(220.0)
            .show(ui, |ui| {
                for f in &plan.control {
                    ui.horizontal(|ui| {
                        let selected = self.selected == Some(f.id);
                        let text = format!("{} — {}, as of {}", f.name, f.kind.label(), f.as_of);
                        if ui
                            .selectable_label(selected, text)
                            .on_hover_text(format!(
                                "Source: {}\n{} vertices",
                                f.source,
                                f.geometry.vertex_count()
                            ))
                            .clicked()
                        {
                            self.selected = if selected { None } else { Some(f.id) };
                        }
                    });
                }
            });
        if let Some(f) = self
            .selected
            .and_then(|id| plan.control.iter().find(|f| f.id == id))
        {
            ui.horizontal(|ui| {
                if ui.button("Edit details…").clicked() {
                    edit = Some(f.clone());
                }
                if ui.button("Delete").clicked() {
                    commands.push(Command::DeleteControlFeature(f.id));
                    self.selected = None;
                }
            });
            ui.weak("Drag a vertex to move it, click a midpoint to add one, Delete removes the chosen vertex.");
        }
        ui.separator();
        ui.label(RichText::new("Rules").strong());
        let mut settings = s.clone();
        ui.horizontal(|ui| {
            ui.label("Ceasefire zone, each side of a line:");
            let r = ui.add(
                egui::DragValue::new(&mut settings.zone_half_width_km)
                    .range(0.0..=200.0)
                    .suffix(" km"),
            );
            if (r.changed() && !r.dragged()) || r.drag_stopped() {
                commands.push(Command::SetControlSettings(Box::new(settings.clone())));
            }
        });
        ui.label("Allowed in the zone:");
        ui.horizontal_wrapped(|ui| {
            for kind in HubKind::BUILTIN {
                let mut on = settings.zone_allowed.contains(&kind);
                if ui
                    .checkbox(&mut on, kind.code())
                    .on_hover_text(kind.label())
                    .changed()
                {
                    let mut next = settings.clone();
                    next.zone_allowed.retain(|k| *k != kind);
                    if on {
                        next.zone_allowed.push(kind.clone());
                    }
                    commands.push(Command::SetControlSettings(Box::new(next)));
                }
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Threat bands (km):");
            let current = settings
                .threat_bands_km
                .iter()
                .map(|&k| crate::model::site::km_text(k))
                .collect::<Vec<_>>()
                .join(", ");
            let text = self.bands_text.get_or_insert(current.clone());
            let r = ui
                .add(TextEdit::singleline(text).desired_width(120.0))
                .labelled_by(label.id);
            if r.lost_focus() {
                match crate::model::measure::parse_radii(text) {
                    Ok(bands) => {
                        self.bands_error = None;
                        if bands != settings.threat_bands_km {
                            let mut next = settings.clone();
                            next.threat_bands_km = bands;
                            commands.push(Command::SetControlSettings(Box::new(next)));
                        }
                        self.bands_text = None;
                    }
                    Err(e) => self.bands_error = Some(e),
                }
            } else if !r.has_focus() && *text != current && self.bands_error.is_none() {
                self.bands_text = Some(current);
            }
        });
        if let Some(e) = &self.bands_error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        ui.label("Minimum distance from hostile territory, per kind (0 = none):");
        egui::Grid::new("min_distance_grid")
            .num_columns(2)
            .show(ui, |ui| {
                for kind in HubKind::BUILTIN {
                    ui.label(kind.label());
                    let mut km = settings.min_distance_for(&kind).unwrap_or(0.0);
                    let r = ui.add(
                        egui::DragValue::new(&mut km)
                            .range(0.0..=2000.0)
                            .suffix(" km"),
                    );
                    if (r.changed() && !r.dragged()) || r.drag_stopped() {
                        let mut next = settings.clone();
                        next.min_distance_km.retain(|(k, _)| *k != kind);
                        if km > 0.0 {
                            next.min_distance_km.push((kind.clone(), km));
                        }
                        commands.push(Command::SetControlSettings(Box::new(next)));
                    }
                    ui.end_row();
                }
            });
        (commands, edit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_import_dialog_requires_a_date() {
        let mut d = ImportDialog::new(PathBuf::from("/tmp/front-2025.kml"));
        assert_eq!(d.name, "front-2025");
        assert_eq!(d.source, "front-2025.kml");
        assert!(d.defaults().unwrap_err().contains("not a date"));
        d.as_of = "2025-06-01".into();
        assert_eq!(
            d.defaults().unwrap().as_of,
            Some(jiff::civil::date(2025, 6, 1))
        );
    }
}
