//! Importing hubs: the dialog that lets the user say which column is which when the app
//! cannot decide (the columns, a preview of the first rows, a field per column), and
//! the report shown after every import (hubs read, what was skipped and why, notes,
//! columns read under another name).

use std::path::PathBuf;

use egui::RichText;

use crate::model::field_map::{Choice, Field, FieldMapping, Resolved};
use crate::model::plan_file::ReadReport;
use crate::model::plan_io::Columns;

/// What the user answered.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportAnswer {
    /// Import with this mapping (and remember it).
    Import(FieldMapping),
    /// Do not import.
    Cancel,
}

/// The column-mapping dialog's state.
#[derive(Clone, Debug)]
pub struct ImportDialog {
    /// The file.
    pub path: PathBuf,
    columns: Columns,
    /// Per column: the field it fills, or `None` to keep it as an extra property.
    choices: Vec<Option<Field>>,
    /// Why the app asks.
    why: String,
    error: Option<String>,
    /// Whether the file is opened as the plan or its hubs added to it.
    pub purpose: ColumnsPurpose,
}

/// What the column dialog's answer is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnsPurpose {
    /// File → Import hubs: the hubs are added to the plan.
    Import,
    /// File → Open: the file becomes the plan.
    Open,
}

impl ColumnsPurpose {
    /// The verb on the dialog's button and in its title.
    pub fn verb(self) -> &'static str {
        match self {
            ColumnsPurpose::Import => "Import",
            ColumnsPurpose::Open => "Open",
        }
    }
}

impl ImportDialog {
    /// A dialog for a file's columns, pre-filled with what the app matched itself.
    pub fn new(path: PathBuf, columns: Columns, why: impl Into<String>) -> Self {
        Self::for_purpose(path, columns, why, ColumnsPurpose::Import)
    }

    /// [`ImportDialog::new`] for opening the file as the plan, or importing its hubs.
    pub fn for_purpose(
        path: PathBuf,
        columns: Columns,
        why: impl Into<String>,
        purpose: ColumnsPurpose,
    ) -> Self {
        let choices = Resolved::new(&columns.names, None).by_column;
        Self {
            path,
            columns,
            choices,
            why: why.into(),
            error: None,
            purpose,
        }
    }

    /// Sets the field a column fills (as the combo box does), freeing it elsewhere.
    pub fn choose(&mut self, column: &str, field: Option<Field>) {
        if let Some(f) = field {
            for c in self.choices.iter_mut().filter(|c| **c == Some(f)) {
                *c = None;
            }
        }
        if let Some(i) = self.columns.names.iter().position(|n| n == column) {
            self.choices[i] = field;
        }
    }

    /// The mapping as chosen: every column's choice, so it is replayed exactly.
    pub fn mapping(&self) -> FieldMapping {
        FieldMapping {
            columns: self
                .columns
                .names
                .iter()
                .zip(&self.choices)
                .map(|(n, c)| (n.clone(), c.map_or(Choice::Keep, Choice::Field)))
                .collect(),
        }
    }

    /// The columns shown.
    pub fn columns(&self) -> &Columns {
        &self.columns
    }

    fn check(&self) -> Result<(), String> {
        if self.columns.csv {
            for (f, what) in [(Field::Lon, "longitude"), (Field::Lat, "latitude")] {
                if !self.choices.contains(&Some(f)) {
                    return Err(format!("Choose the {what} column."));
                }
            }
        }
        Ok(())
    }

    /// Draws the dialog; returns the answer once given.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<ImportAnswer> {
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("import_dialog")).show(ctx, |ui| {
            ui.set_max_width(900.0);
            ui.heading(match self.purpose {
                ColumnsPurpose::Import => "Import hubs: which column is which?",
                ColumnsPurpose::Open => "Open as a plan: which column is which?",
            });
            ui.label(format!("{}: {}", self.path.display(), self.why));
            ui.label(
                RichText::new(
                    "Choose the field each column fills; other columns are kept with each hub. \
                     The choice is remembered for files with the same columns.",
                )
                .small(),
            );
            let fields: Vec<Field> = Field::ALL
                .into_iter()
                .filter(|f| self.columns.csv || !matches!(f, Field::Lon | Field::Lat))
                .collect();
            egui::ScrollArea::both()
                .id_salt("import_columns")
                .max_height(320.0)
                .show(ui, |ui| {
                    egui::Grid::new("import_grid")
                        .striped(true)
                        .spacing([12.0, 4.0])
                        .show(ui, |ui| {
                            ui.strong("Column");
                            ui.strong("Fills");
                            for k in 0..self.columns.preview.len() {
                                ui.strong(format!("Row {}", k + 1));
                            }
                            ui.end_row();
                            for i in 0..self.columns.names.len() {
                                let name = self.columns.names[i].clone();
                                let label = ui.label(&name);
                                let current = self.choices[i];
                                let shown = current.map_or("(keep as extra)", Field::label);
                                let mut picked = None;
                                let combo = egui::ComboBox::from_id_salt(("import_field", i))
                                    .selected_text(shown)
                                    .show_ui(ui, |ui| {
                                        if ui
                                            .selectable_label(current.is_none(), "(keep as extra)")
                                            .clicked()
                                        {
                                            picked = Some(None);
                                        }
                                        for f in &fields {
                                            if ui
                                                .selectable_label(current == Some(*f), f.label())
                                                .clicked()
                                            {
                                                picked = Some(Some(*f));
                                            }
                                        }
                                    });
                                combo.response.labelled_by(label.id);
                                if let Some(p) = picked {
                                    self.choose(&name, p);
                                    self.error = None;
                                }
                                for row in &self.columns.preview {
                                    let value = row.get(i).map_or("", String::as_str);
                                    let short: String = value.chars().take(40).collect();
                                    ui.label(short);
                                }
                                ui.end_row();
                            }
                        });
                });
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            ui.horizontal(|ui| {
                if ui.button(self.purpose.verb()).clicked() {
                    match self.check() {
                        Ok(()) => answer = Some(ImportAnswer::Import(self.mapping())),
                        Err(e) => self.error = Some(e),
                    }
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    answer = Some(ImportAnswer::Cancel);
                }
            });
        });
        answer
    }
}

/// The report of one import or open, shown in a window until closed.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportReport {
    /// The file.
    pub path: PathBuf,
    /// What reading it found.
    pub report: ReadReport,
}

impl ImportReport {
    /// The report's lines as shown: a summary, then each skipped item, note and mapping.
    pub fn lines(&self) -> Vec<String> {
        let r = &self.report;
        let mut lines = vec![format!("{} hubs read, {} skipped", r.hubs, r.skipped.len())];
        lines.extend(r.skipped.iter().map(|s| format!("Skipped {s}")));
        lines.extend(r.notes.iter().map(|n| format!("Note: {n}")));
        if !r.mapped.is_empty() {
            lines.push(format!("Fields mapped: {}", r.mapped.join(", ")));
        }
        lines
    }

    /// Draws the report window; returns false once it is closed.
    pub fn show(&self, ctx: &egui::Context) -> bool {
        let mut open = true;
        let mut close = false;
        egui::Window::new("Import report")
            .open(&mut open)
            .collapsible(false)
            .default_width(520.0)
            .anchor(egui::Align2::RIGHT_BOTTOM, [-16.0, -40.0])
            .show(ctx, |ui| {
                ui.label(RichText::new(self.path.display().to_string()).strong());
                egui::ScrollArea::vertical()
                    .id_salt("import_report")
                    .max_height(260.0)
                    .show(ui, |ui| {
                        for line in self.lines() {
                            ui.label(line);
                        }
                    });
                if ui.button("Close report").clicked() {
                    close = true;
                }
            });
        open && !close
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(names: &[&str]) -> Columns {
        Columns {
            names: names.iter().map(|s| s.to_string()).collect(),
            preview: vec![vec!["Kyiv".into(), "30.5".into(), "50.4".into()]],
            csv: true,
        }
    }

    #[test]
    fn choices_start_from_the_apps_matching_and_fields_stay_unique() {
        let mut d = ImportDialog::new("x.csv".into(), columns(&["Standort", "E", "lat"]), "test");
        assert_eq!(d.choices, [None, None, Some(Field::Lat)]);
        assert_eq!(d.check().unwrap_err(), "Choose the longitude column.");
        d.choose("E", Some(Field::Lon));
        d.choose("Standort", Some(Field::Name));
        assert!(d.check().is_ok());
        d.choose("Standort", Some(Field::Lat));
        assert_eq!(d.choices, [Some(Field::Lat), Some(Field::Lon), None]);
        let m = d.mapping();
        assert_eq!(m.columns["lat"], Choice::Keep);
        assert_eq!(m.columns["E"], Choice::Field(Field::Lon));
    }

    #[test]
    fn the_report_lists_everything() {
        let r = ImportReport {
            path: "a.geojson".into(),
            report: ReadReport {
                hubs: 7,
                skipped: vec!["feature 3: no geometry".into()],
                notes: vec!["feature 4: id 2 is used by another hub; renumbered 9".into()],
                mapped: vec!["type as kind".into(), "lead as lead nation".into()],
            },
        };
        assert_eq!(
            r.lines(),
            [
                "7 hubs read, 1 skipped",
                "Skipped feature 3: no geometry",
                "Note: feature 4: id 2 is used by another hub; renumbered 9",
                "Fields mapped: type as kind, lead as lead nation",
            ]
        );
    }
}
