//! File dialogs that always answer: the desktop's own when it can open, else the app's
//! ([`crate::ui::file_dialog`]); every answer, cancel included, ends in a visible message.

use super::*;
use crate::file_format::Format;
use crate::native_dialog::{FileFilter, FileRequest, PickKind};
use crate::ui::file_dialog::{DialogOutcome, FileDialog};

/// What a file dialog was opened for; its answer becomes the matching action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilePurpose {
    /// Open a plan.
    Open,
    /// Save the plan under a new name.
    SaveAs,
    /// Save the plan, then do what waited behind "unsaved changes" (close, open, new).
    SaveThenContinue,
    /// Import hubs into the plan.
    Import,
    /// Export hubs or the view in a format.
    Export(Format),
    /// Export every slide into a folder, as SVG or PNG pictures.
    ExportSlides(Format),
    /// Open a basemap.
    Basemap,
    /// Choose a plan to compare with.
    Compare,
    /// Import a control layer (areas and lines).
    ControlLayer,
}

impl FilePurpose {
    /// What the message says when the dialog was cancelled.
    fn cancelled(self) -> &'static str {
        match self {
            FilePurpose::Open => "Open cancelled: the plan is unchanged.",
            FilePurpose::SaveAs | FilePurpose::SaveThenContinue => {
                "Save cancelled: nothing was written."
            }
            FilePurpose::Import => "Import cancelled: the plan is unchanged.",
            FilePurpose::Export(_) | FilePurpose::ExportSlides(_) => {
                "Export cancelled: nothing was written."
            }
            FilePurpose::Basemap => "Basemap not changed: the dialog was cancelled.",
            FilePurpose::Compare => "Comparison cancelled: nothing was opened.",
            FilePurpose::ControlLayer => "Control layer import cancelled: the plan is unchanged.",
        }
    }
}

impl CoalitionApp {
    /// Uses these native dialogs (tests inject [`crate::native_dialog::Unavailable`]).
    pub fn with_native_dialogs(mut self, dialogs: Box<dyn NativeDialogs>) -> Self {
        self.native_dialogs = dialogs;
        self
    }

    /// The app's own file dialog, while it is open.
    pub fn file_dialog(&self) -> Option<&FileDialog> {
        self.file_dialog.as_ref().map(|(d, _)| d)
    }

    fn file_request(&self, purpose: FilePurpose) -> FileRequest {
        let plans = || {
            vec![
                FileFilter::new("Plans (GeoJSON, CSV)", &["geojson", "json", "csv"]),
                FileFilter::new("All files", &[]),
            ]
        };
        let start_dir = self
            .file
            .as_ref()
            .and_then(|f| f.parent())
            .filter(|d| !d.as_os_str().is_empty())
            .map(Path::to_path_buf);
        let (title, kind, filters, file_name) = match purpose {
            FilePurpose::Open => ("Open a plan", PickKind::Open, plans(), None),
            FilePurpose::SaveAs | FilePurpose::SaveThenContinue => (
                "Save the plan",
                PickKind::Save,
                vec![FileFilter::new("GeoJSON plan", &["geojson"])],
                Some(self.suggested_file_name("geojson")),
            ),
            FilePurpose::Import => ("Import hubs", PickKind::Open, plans(), None),
            FilePurpose::Export(format) => (
                "Export",
                PickKind::Save,
                vec![FileFilter::new(
                    format.extension().to_uppercase(),
                    &[format.extension()],
                )],
                Some(self.suggested_file_name(format.extension())),
            ),
            FilePurpose::ExportSlides(Format::Png) => (
                "Export the slides as PNG into a folder",
                PickKind::Folder,
                Vec::new(),
                None,
            ),
            FilePurpose::ExportSlides(_) => (
                "Export the slides as SVG into a folder",
                PickKind::Folder,
                Vec::new(),
                None,
            ),
            FilePurpose::Basemap => (
                "Open a GeoJSON basemap",
                PickKind::Open,
                vec![
                    FileFilter::new("GeoJSON", &["geojson", "json"]),
                    FileFilter::new("All files", &[]),
                ],
                None,
            ),
            FilePurpose::Compare => (
                "Compare with plan",
                PickKind::Open,
                vec![FileFilter::new(
                    "Plans (GeoJSON, CSV)",
                    &["geojson", "json", "csv"],
                )],
                None,
            ),
            FilePurpose::ControlLayer => (
                "Import control layer",
                PickKind::Open,
                vec![
                    FileFilter::new(
                        "Areas and lines (GeoJSON, KML, KMZ)",
                        &["geojson", "json", "kml", "kmz"],
                    ),
                    FileFilter::new("All files", &[]),
                ],
                None,
            ),
        };
        FileRequest {
            title: title.into(),
            kind,
            filters,
            file_name,
            start_dir,
        }
    }

    /// Asks for a file for `purpose`: the desktop's dialog if one can open, else the
    /// app's own (shown from the next frame on).
    pub fn pick_file(&mut self, purpose: FilePurpose) {
        let request = self.file_request(purpose);
        match self.native_dialogs.unavailable() {
            None => match self.native_dialogs.run(&request) {
                Some(path) => self.file_chosen(purpose, path),
                None => self.file_cancelled(purpose),
            },
            Some(reason) => {
                log::info!("using the app's own file dialog: {reason}");
                let mut recent = self
                    .storage
                    .as_ref()
                    .map(Storage::recent_folders)
                    .unwrap_or_default();
                for file in &self.recent {
                    if let Some(dir) = file.parent()
                        && !recent.iter().any(|d| d == dir)
                    {
                        recent.push(dir.to_path_buf());
                    }
                }
                if let Some(home) = dirs::home_dir()
                    && !recent.contains(&home)
                {
                    recent.push(home);
                }
                self.file_dialog = Some((FileDialog::new(request, recent, reason), purpose));
            }
        }
    }

    /// Draws the app's file dialog if open, and acts on its answer.
    pub(super) fn show_file_dialog(&mut self, ctx: &egui::Context) {
        let Some((dialog, purpose)) = self.file_dialog.as_mut() else {
            return;
        };
        let purpose = *purpose;
        if let Some(outcome) = dialog.show(ctx) {
            self.file_dialog = None;
            // The panels were drawn before the answer: draw again to show its result
            // (otherwise the closed dialog and the banner wait for the next input).
            ctx.request_repaint();
            match outcome {
                DialogOutcome::Chosen(path) => self.file_chosen(purpose, path),
                DialogOutcome::Cancelled => self.file_cancelled(purpose),
            }
        }
    }

    fn file_cancelled(&mut self, purpose: FilePurpose) {
        self.message = Some(Message {
            text: purpose.cancelled().into(),
            is_error: false,
        });
    }

    /// Does what the dialog was for with the chosen path.
    fn file_chosen(&mut self, purpose: FilePurpose, path: PathBuf) {
        if let Some(s) = &self.storage {
            let dir = if matches!(purpose, FilePurpose::ExportSlides(_)) {
                Some(path.as_path())
            } else {
                path.parent()
            };
            if let Some(dir) = dir.filter(|d| d.is_dir()) {
                s.push_recent_folder(dir);
            }
        }
        match purpose {
            FilePurpose::Open => self.apply(Command::OpenPlan(path)),
            FilePurpose::SaveAs => self.apply(Command::SaveAs(path)),
            FilePurpose::SaveThenContinue => {
                if self.save_to(&path)
                    && let Some(action) = self.confirm.take()
                {
                    self.proceed(action);
                }
            }
            FilePurpose::Import => self.apply(Command::ImportHubs(path)),
            FilePurpose::Export(format) => self.apply(Command::ExportTo(format, path)),
            FilePurpose::ExportSlides(format) => self.apply(Command::ExportSlides(path, format)),
            FilePurpose::Basemap => self.apply(Command::LoadBasemap(path)),
            FilePurpose::Compare => self.apply(Command::CompareWith(path)),
            FilePurpose::ControlLayer => self.ask_control_import(path),
        }
    }
}
