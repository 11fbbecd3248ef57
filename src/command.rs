//! Commands: what the UI asks for. Panels return them; the app applies them in one place.

use std::path::PathBuf;

use crate::model::hub::{Ceasefire, Hub, HubId};
use crate::model::roster::Role;
use crate::model::slide::{Layers, Slide};

/// A request from the UI to change the plan, the view or the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Give a country a role (plan change, undoable).
    SetRole {
        /// ISO 3166-1 alpha-3 code.
        iso_a3: String,
        /// Name, used if the country is not yet on the roster.
        name: String,
        /// The new role.
        role: Role,
    },
    /// Place a new hub (plan change).
    AddHub {
        /// Longitude, degrees.
        lon: f64,
        /// Latitude, degrees.
        lat: f64,
    },
    /// Move hubs to new positions. `begin` marks the first move of a drag: only that one
    /// records an undo step, so a whole drag undoes at once.
    MoveHubs {
        /// New position per hub.
        moves: Vec<(HubId, f64, f64)>,
        /// First move of a gesture.
        begin: bool,
    },
    /// Replace a hub's fields (the form's edits).
    UpdateHub(Box<Hub>),
    /// Delete hubs.
    DeleteHubs(Vec<HubId>),
    /// Delete the selected hubs.
    DeleteSelected,
    /// Copy the selected hubs to the app's clipboard.
    CopySelected,
    /// Paste the clipboard's hubs, offset so they do not hide the originals.
    Paste,
    /// Copy and paste the selection in one step.
    DuplicateSelected,
    /// Set the ceasefire state (plan change, animated on the map).
    SetCeasefire(Ceasefire),
    /// Set the warning distance from hostile borders, km.
    SetHostileBuffer(f64),
    /// Set the distances for where hubs stand (airfields, ports, spacing of suggestions).
    SetFacilityRules(crate::model::facilities::FacilityRules),
    /// Place a prepared hub (its kind, name and position, e.g. a suggested site); it
    /// gets a fresh id and is selected. One undo step.
    AddPreparedHub(Box<Hub>),
    /// Set the timeline day (days since the ceasefire; `None`: every hub stood up).
    /// A slider drag is one undo step.
    SetTimelineDay(Option<u32>),
    /// Set the coverage radius, km (plan setting).
    SetCoverageRadius(f64),
    /// Ask for a plan file to compare with (native dialog), then [`Command::CompareWith`].
    PickCompare,
    /// Compare the plan with the plan in this file (overlay, table, figures).
    CompareWith(PathBuf),
    /// Stop comparing.
    CloseComparison,
    /// Show or hide the coverage layer (oblasts within reach of an active hub shaded).
    ToggleCoverage,
    /// Change the selection.
    Select {
        /// Hubs concerned.
        ids: Vec<HubId>,
        /// How they combine with the current selection.
        how: SelectHow,
    },
    /// Select a hub and glide the map to it.
    CenterOn(HubId),
    /// Switch the map tool.
    SetTool(Tool),
    /// Start a new, empty plan (asks first if there are unsaved changes).
    NewPlan,
    /// Show the Open dialog.
    PickOpen,
    /// Open a plan file (asks first if there are unsaved changes).
    OpenPlan(PathBuf),
    /// Save to the plan's file, or ask for one.
    Save,
    /// Show the Save As dialog.
    PickSaveAs,
    /// Save to this file.
    SaveAs(PathBuf),
    /// Show the Import dialog (hubs from GeoJSON or CSV are added to the plan).
    PickImport,
    /// Add the hubs of a GeoJSON or CSV file to the plan (undoable).
    ImportHubs(PathBuf),
    /// Show the Export dialog for a format.
    PickExport(crate::file_format::Format),
    /// Export to a file.
    ExportTo(crate::file_format::Format, PathBuf),
    /// Show the folder dialog for exporting the slides as SVG or PNG pictures.
    PickExportSlides(crate::file_format::Format),
    /// Write one picture (SVG or PNG) per slide into this folder (named in slide order).
    ExportSlides(PathBuf, crate::file_format::Format),
    /// Restore the recovery copy offered at start-up.
    RestoreRecovery,
    /// Throw the recovery copy away.
    DiscardRecovery,
    /// Answer to "unsaved changes": save, then go on.
    ConfirmSave,
    /// Answer to "unsaved changes": discard them and go on.
    ConfirmDiscard,
    /// Answer to "unsaved changes": stay.
    ConfirmCancel,
    /// Add a point to the measurement (not a plan change).
    MeasureAdd {
        /// Longitude, degrees.
        lon: f64,
        /// Latitude, degrees.
        lat: f64,
    },
    /// Remove the measurement's last point.
    MeasurePop,
    /// Clear the measurement.
    MeasureClear,
    /// Add a slide of the current view, ceasefire state and layers (plan change).
    AddSlide,
    /// Replace slide `index` with the editor's version (plan change).
    UpdateSlide {
        /// Which slide.
        index: usize,
        /// Its new content.
        slide: Box<Slide>,
    },
    /// Set slide `index`'s view to what the map shows now (plan change).
    RecaptureSlide(usize),
    /// Move a slide to another place in the order (plan change).
    MoveSlide {
        /// Where it is.
        from: usize,
        /// Where it goes.
        to: usize,
    },
    /// Delete a slide (plan change).
    DeleteSlide(usize),
    /// Show a slide on the editing map: glide to its view and use its layers.
    ShowSlide(usize),
    /// Enter presentation mode, at this slide or the first.
    Present(Option<usize>),
    /// Leave presentation mode.
    StopPresenting,
    /// Next slide (while presenting).
    NextSlide,
    /// Previous slide (while presenting).
    PrevSlide,
    /// Go to a slide (while presenting), e.g. the first or last.
    GoToSlide(usize),
    /// Set the ceasefire state the presentation shows (view state, not a plan change).
    SetShownCeasefire(Ceasefire),
    /// Show or hide the speaker notes while presenting.
    ToggleNotes,
    /// Black the room's screen, or bring the slide back (presenting: B or .).
    ToggleBlackout,
    /// Select a hub, open the Hubs tab and bring its row into view (its form below).
    RevealHub(HubId),
    /// As [`Command::RevealHub`], with the cursor in the form's name field.
    EditHub(HubId),
    /// Show or hide the list of keyboard shortcuts (F1 or ?).
    ToggleShortcutHelp,
    /// Where presentations show the room's view: this screen alone, a display (with the
    /// presenter view in this window), or automatically.
    SetPresentDisplay(crate::ui::presenter::DisplayChoice),
    /// Set the layers the editing map draws.
    SetLayers(Layers),
    /// Undo the last plan change.
    Undo,
    /// Redo the last undone plan change.
    Redo,
    /// Glide the camera to a named view.
    Fit(ViewPreset),
    /// Show the open-basemap file dialog.
    PickBasemap,
    /// Load a GeoJSON file as the country basemap.
    LoadBasemap(PathBuf),
    /// Go back to the built-in basemap.
    ResetBasemap,
    /// Switch between the light and dark theme.
    SetDarkMode(bool),
    /// Show or hide the side panel (hubs, roster, slides, charts).
    ToggleSidePanel,
    /// Dismiss the message banner.
    DismissMessage,
    /// Snap placed and dragged hubs to airfields, ports and cities without holding Alt.
    SetSnap(bool),
    /// Ask for a control layer file (GeoJSON, KML, KMZ) and what it shows.
    PickImportControl,
    /// Import control features from a file in the background (the defaults fill in what
    /// the file does not say: name, kinds, source, as-of date).
    ImportControl {
        /// The file.
        path: PathBuf,
        /// Name, kinds, source and date for features that lack them.
        defaults: Box<crate::model::control::FeatureDefaults>,
    },
    /// Add control features to the plan, as one undo step (plan change).
    AddControlFeatures(Vec<crate::model::control::ControlFeature>),
    /// Replace the control feature with this id (plan change).
    UpdateControlFeature(Box<crate::model::control::ControlFeature>),
    /// Remove the control feature with this id (plan change).
    DeleteControlFeature(u64),
    /// Change the plan's control rules: zone, threat bands, reference layer (plan change).
    SetControlSettings(Box<crate::model::control::ControlSettings>),
    /// Add a vertex to the area or line being drawn.
    DraftVertex {
        /// Longitude, degrees.
        lon: f64,
        /// Latitude, degrees.
        lat: f64,
    },
    /// Finish the area or line being drawn (opens its form).
    DraftFinish,
}

impl Command {
    /// Whether the command changes the plan (or replaces it). None of these is applied
    /// while presenting: a briefing must leave the document as it was.
    pub fn edits_plan(&self) -> bool {
        matches!(
            self,
            Command::SetRole { .. }
                | Command::AddHub { .. }
                | Command::MoveHubs { .. }
                | Command::UpdateHub(_)
                | Command::DeleteHubs(_)
                | Command::DeleteSelected
                | Command::Paste
                | Command::DuplicateSelected
                | Command::SetCeasefire(_)
                | Command::SetHostileBuffer(_)
                | Command::SetFacilityRules(_)
                | Command::AddPreparedHub(_)
                | Command::SetTimelineDay(_)
                | Command::SetCoverageRadius(_)
                | Command::NewPlan
                | Command::OpenPlan(_)
                | Command::ImportHubs(_)
                | Command::RestoreRecovery
                | Command::AddSlide
                | Command::UpdateSlide { .. }
                | Command::RecaptureSlide(_)
                | Command::MoveSlide { .. }
                | Command::DeleteSlide(_)
                | Command::Undo
                | Command::Redo
                | Command::ImportControl { .. }
                | Command::AddControlFeatures(_)
                | Command::UpdateControlFeature(_)
                | Command::DeleteControlFeature(_)
                | Command::SetControlSettings(_)
        )
    }
}

/// Named views for the toolbar, tests and benchmarks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewPreset {
    /// All of Ukraine.
    Ukraine,
    /// Europe with Ukraine near the centre (the start view).
    Europe,
    /// Every coalition country, overseas members included.
    Coalition,
}

/// How a selection command combines with the current selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelectHow {
    /// Replace it.
    Replace,
    /// Add to it.
    Add,
    /// Toggle each hub in or out.
    Toggle,
}

/// What a click on the map does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tool {
    /// Click selects, drag moves hubs or pans, Shift-drag selects a box.
    #[default]
    Select,
    /// Click places a hub.
    AddHub,
    /// Click adds a point to a geodesic measurement.
    Measure,
    /// Click adds vertices of a control area (double-click or Enter finishes).
    DrawArea,
    /// Click adds vertices of a control line (double-click or Enter finishes).
    DrawLine,
}
