//! Files in the app: open, save, import, export, the unsaved-changes question, recovery
//! copies, drag and drop, the window title and PNG screenshots.

use super::*;
use crate::model::field_map::FieldMapping;
use crate::ui::import_dialog::{ColumnsPurpose, ImportAnswer, ImportReport};

impl CoalitionApp {
    /// Runs `action` now, or first asks about unsaved changes.
    pub(super) fn ask_then(&mut self, action: PendingAction) {
        if self.is_dirty() {
            self.confirm = Some(action);
        } else {
            self.proceed(action);
        }
    }

    pub(super) fn proceed(&mut self, action: PendingAction) {
        match action {
            PendingAction::Close => {
                self.allow_close = true;
                if let Some(s) = &self.storage {
                    s.clear_recovery();
                }
                self.close_requested_by_app = true;
            }
            PendingAction::Open(path) => self.open_plan(&path),
            PendingAction::New => {
                self.set_plan(Plan::default());
                self.file = None;
                self.saved_plan = self.plan.clone();
                self.dirty_revision = None;
            }
        }
    }

    pub(super) fn suggested_file_name(&self, extension: &str) -> String {
        let stem = self
            .file
            .as_ref()
            .and_then(|p| p.file_stem())
            .map_or_else(|| "plan".to_owned(), |s| s.to_string_lossy().into_owned());
        format!("{stem}.{extension}")
    }

    /// Opens a plan file, replacing the current plan; on failure nothing changes and
    /// the cause is shown. A foreign file whose columns the app cannot place (a CSV
    /// without recognisable coordinates, hubs without a name column) opens the column
    /// dialog first, as an import does; a mapping chosen before is replayed.
    pub fn open_plan(&mut self, path: &Path) {
        if let Some(result) = self.read_or_ask(path, ColumnsPurpose::Open) {
            self.finish_open(path, result);
        }
    }

    /// Reads a plan or hub file with the mapping remembered for its columns, or asks
    /// (opens the column dialog for `purpose`) when the app cannot decide which column
    /// is which; `None` while the dialog asks.
    fn read_or_ask(
        &mut self,
        path: &Path,
        purpose: ColumnsPurpose,
    ) -> Option<Result<(Plan, plan_file::ReadReport), plan_io::PlanIoError>> {
        let Ok(columns) = plan_io::columns(path) else {
            // Reading it whole says best what is wrong (or reads what the column
            // preview could not).
            return Some(plan_io::open_plan_mapped(path, None));
        };
        let remembered = self
            .storage
            .as_ref()
            .and_then(|s| s.import_mapping(&columns.signature()));
        let result = plan_io::open_plan_mapped(path, remembered.as_ref());
        if remembered.is_none() && plan_io::undecided(&columns, &result) {
            let why = match &result {
                Err(e) => format!("{e}"),
                Ok(_) => "no column gives the hubs' names".to_owned(),
            };
            let why = why
                .strip_prefix(&format!("{}: ", path.display()))
                .map_or(why.clone(), str::to_owned);
            self.import_dialog = Some(crate::ui::import_dialog::ImportDialog::for_purpose(
                path.to_path_buf(),
                columns,
                why,
                purpose,
            ));
            return None;
        }
        Some(result)
    }

    fn finish_open(
        &mut self,
        path: &Path,
        result: Result<(Plan, plan_file::ReadReport), plan_io::PlanIoError>,
    ) {
        match result {
            Ok((plan, report)) => {
                self.set_plan(plan);
                self.file = Some(path.to_path_buf());
                self.saved_plan = self.plan.clone();
                self.dirty_revision = None;
                if let Some(s) = &self.storage {
                    s.push_recent(path);
                    s.clear_recovery();
                    self.recent = s.recent();
                }
                self.message = Some(Message {
                    text: read_summary(path, &report),
                    is_error: false,
                });
                if report.hubs > 0 {
                    self.jump_to(ViewPreset::Ukraine);
                }
                let worth_a_report = !report.skipped.is_empty()
                    || !report.notes.is_empty()
                    || !report.mapped.is_empty();
                self.import_report = worth_a_report.then(|| ImportReport {
                    path: path.to_path_buf(),
                    report,
                });
            }
            Err(e) => self.show_error(e.to_string()),
        }
    }

    /// Saves the plan atomically; returns whether it worked. The file keeps the plan.
    pub fn save_to(&mut self, path: &Path) -> bool {
        // The file remembers the view it was saved with; moving the map alone does not
        // make the plan unsaved (as in QGIS), so the view is taken only here.
        self.plan.view = Some(self.current_view());
        match plan_io::save_plan(path, &self.plan) {
            Ok(()) => {
                self.file = Some(path.to_path_buf());
                self.saved_plan = self.plan.clone();
                self.dirty_revision = None;
                if let Some(s) = &self.storage {
                    s.clear_recovery();
                    s.push_recent(path);
                    self.recent = s.recent();
                }
                self.message = Some(Message {
                    text: format!("Saved to {}", path.display()),
                    is_error: false,
                });
                true
            }
            Err(e) => {
                self.show_error(e.to_string());
                false
            }
        }
    }

    /// Adds the points of a GeoJSON or CSV file to the plan as new hubs (undoable).
    /// Columns are matched by the shared import rules, or by the mapping the user chose
    /// for files with the same columns; when neither decides (no coordinate or name
    /// column), the import dialog asks. A report of what was read, skipped and mapped
    /// follows every import.
    pub fn import_hubs(&mut self, path: &Path) {
        if let Some(result) = self.read_or_ask(path, ColumnsPurpose::Import) {
            self.finish_import(path, result);
        }
    }

    /// Imports with the mapping chosen in the import dialog, and remembers it.
    pub fn import_with_mapping(&mut self, path: &Path, mapping: &FieldMapping, signature: &str) {
        self.read_with_mapping(path, mapping, signature, ColumnsPurpose::Import);
    }

    /// Reads a file with the mapping chosen in the column dialog, remembers the mapping,
    /// and opens the file as the plan or imports its hubs.
    pub fn read_with_mapping(
        &mut self,
        path: &Path,
        mapping: &FieldMapping,
        signature: &str,
        purpose: ColumnsPurpose,
    ) {
        if let Some(s) = &self.storage
            && let Err(e) = s.remember_import_mapping(signature, mapping)
        {
            log::warn!("import mapping not remembered: {e}");
        }
        let result = plan_io::open_plan_mapped(path, Some(mapping));
        match purpose {
            ColumnsPurpose::Import => self.finish_import(path, result),
            ColumnsPurpose::Open => self.finish_open(path, result),
        }
    }

    fn finish_import(
        &mut self,
        path: &Path,
        result: Result<(Plan, plan_file::ReadReport), plan_io::PlanIoError>,
    ) {
        match result {
            Ok((imported, report)) => {
                if imported.hubs.is_empty() {
                    self.show_error(format!(
                        "{}: no points to import. {}",
                        path.display(),
                        read_summary(path, &report)
                    ));
                    self.import_report = Some(ImportReport {
                        path: path.to_path_buf(),
                        report,
                    });
                    return;
                }
                self.record();
                let mut ids = BTreeSet::new();
                for hub in imported.hubs {
                    ids.insert(self.plan.insert_hub(hub));
                }
                self.selection = ids;
                self.message = Some(Message {
                    text: format!("Imported {}", read_summary(path, &report)),
                    is_error: false,
                });
                self.import_report = Some(ImportReport {
                    path: path.to_path_buf(),
                    report,
                });
            }
            Err(e) => self.show_error(e.to_string()),
        }
    }

    /// Draws the import dialog and report if open, and acts on the answer.
    pub(super) fn show_import_windows(&mut self, ctx: &egui::Context) {
        if let Some(dialog) = self.import_dialog.as_mut()
            && let Some(answer) = dialog.show(ctx)
        {
            let path = dialog.path.clone();
            let signature = dialog.columns().signature();
            let purpose = dialog.purpose;
            self.import_dialog = None;
            ctx.request_repaint();
            match answer {
                ImportAnswer::Import(mapping) => {
                    self.read_with_mapping(&path, &mapping, &signature, purpose)
                }
                ImportAnswer::Cancel => {
                    self.message = Some(Message {
                        text: format!("{} cancelled: the plan is unchanged.", purpose.verb()),
                        is_error: false,
                    })
                }
            }
        }
        if let Some(report) = &self.import_report
            && !report.show(ctx)
        {
            self.import_report = None;
        }
    }

    /// The import dialog, while it asks which column is which.
    pub fn import_dialog(&self) -> Option<&crate::ui::import_dialog::ImportDialog> {
        self.import_dialog.as_ref()
    }

    /// Mutable import dialog (tests choose columns through it).
    pub fn import_dialog_mut(&mut self) -> Option<&mut crate::ui::import_dialog::ImportDialog> {
        self.import_dialog.as_mut()
    }

    /// The report of the last import (or open that skipped or mapped something).
    pub fn import_report(&self) -> Option<&ImportReport> {
        self.import_report.as_ref()
    }

    /// Exports the plan (hubs, or the current view for SVG) to a file, streaming it
    /// into an atomic write; the banner says how many hubs went where, or why not.
    pub fn export_to(&mut self, format: crate::file_format::Format, path: &Path) {
        self.refresh_derived();
        let (width, height) = self
            .map_rect
            .map_or((1366.0, 768.0), |r| (r.width() as f64, r.height() as f64));
        use crate::file_format::Format;
        // A deck's slides are drawn at the command line's size, not the window's, so
        // the same plan gives the same PDF from either.
        let (width, height) = if format == Format::Pdf {
            let d = crate::export::job::SvgOptions::default();
            (d.width, d.height)
        } else {
            (width, height)
        };
        let view = crate::export::svg::SvgView {
            camera: self.map.camera(),
            width,
            height,
            dark: self.dark,
            layers: self.layers,
        };
        let written = plan_io::write_atomic_with(path, |w| {
            crate::export::job::write_export(
                &self.plan,
                self.file.as_deref().and_then(std::path::Path::parent),
                Some(&self.sites),
                &self.data,
                format,
                &view,
                w,
            )
        });
        match written {
            Ok(()) => {
                let hubs = self.plan.hubs.len();
                let what = match format {
                    Format::Svg | Format::Png => format!("the view ({hubs} hubs)"),
                    Format::Pdf if self.plan.slides.is_empty() => {
                        "the briefing deck (1 page: the view)".to_owned()
                    }
                    Format::Pdf => format!(
                        "the briefing deck ({} pages, one per slide)",
                        self.plan.slides.len()
                    ),
                    Format::GeoJson | Format::Kml | Format::Csv => format!("{hubs} hubs"),
                };
                self.message = Some(Message {
                    text: format!("Exported {what} to {}", path.display()),
                    is_error: false,
                })
            }
            Err(e) => self.show_error(format!("Not exported: {e}")),
        }
    }

    /// Window-level work each frame: title, close requests, dropped files, autosave,
    /// PNG screenshots, and the dialogs that wait for an answer.
    pub(super) fn housekeeping(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let ctx = ui.ctx().clone();
        let title = self.title();
        if title != self.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
        if self.close_requested_by_app {
            self.close_requested_by_app = false;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if self.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.confirm = Some(PendingAction::Close);
            } else if let Some(s) = &self.storage {
                s.clear_recovery();
            }
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            commands.push(Command::OpenPlan(path));
        }
        // Autosave a recovery copy while there are unsaved changes (not once the user
        // chose to discard them and close).
        if !self.allow_close && self.is_dirty() {
            if self.now - self.last_autosave >= AUTOSAVE_SECONDS {
                self.last_autosave = self.now;
                if let Some(s) = &self.storage
                    && let Err(e) = s.write_recovery(&self.plan, self.file.as_deref())
                {
                    log::warn!("recovery copy not written: {e}");
                }
            }
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(AUTOSAVE_SECONDS));
        }
        if let Some(recovery) = &self.recovery_offer {
            let hubs = recovery.plan.hubs.len();
            let from = recovery
                .source
                .as_ref()
                .map_or("an untitled plan".to_owned(), |p| p.display().to_string());
            egui::Modal::new(egui::Id::unique("recovery")).show(&ctx, |ui| {
                ui.heading("Restore unsaved work?");
                ui.label(format!(
                    "coalition-map did not close cleanly last time. A recovery copy of {from} ({hubs} hubs) was kept."
                ));
                ui.horizontal(|ui| {
                    if ui.button("Restore").clicked() {
                        commands.push(Command::RestoreRecovery);
                    }
                    if ui.button("Discard").clicked() {
                        commands.push(Command::DiscardRecovery);
                    }
                });
            });
        }
        // Hidden while the file dialog for "Save" is open; back if it is cancelled.
        if let Some(action) = self.confirm.as_ref().filter(|_| self.file_dialog.is_none()) {
            let what = match action {
                PendingAction::Close => "closing".to_owned(),
                PendingAction::Open(p) => format!("opening {}", p.display()),
                PendingAction::New => "starting a new plan".to_owned(),
            };
            egui::Modal::new(egui::Id::unique("unsaved")).show(&ctx, |ui| {
                ui.heading("Unsaved changes");
                ui.label(format!("Save the changes to the plan before {what}?"));
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        commands.push(Command::ConfirmSave);
                    }
                    if ui.button("Discard").clicked() {
                        commands.push(Command::ConfirmDiscard);
                    }
                    if ui.button("Cancel").clicked() {
                        commands.push(Command::ConfirmCancel);
                    }
                });
            });
        }
    }
}

/// "file: 9 hubs read, 2 features skipped (feature 3: …; …)".
fn read_summary(path: &Path, report: &plan_file::ReadReport) -> String {
    let mut text = format!("{}: {} hubs read", path.display(), report.hubs);
    if !report.skipped.is_empty() {
        let shown: Vec<&str> = report.skipped.iter().take(3).map(String::as_str).collect();
        let more = if report.skipped.len() > 3 {
            "; …"
        } else {
            ""
        };
        text.push_str(&format!(
            ", {} skipped ({}{more})",
            report.skipped.len(),
            shown.join("; ")
        ));
    }
    if !report.notes.is_empty() {
        text.push_str(&format!(", {} note(s)", report.notes.len()));
    }
    if !report.mapped.is_empty() {
        text.push_str(&format!("; fields mapped: {}", report.mapped.join(", ")));
    }
    text
}
