//! The application: owns the plan, the map data and the UI state, and applies commands.
//!
//! Every frame the panels draw from borrowed state and return [`Command`]s; they are
//! applied in one place (`apply`), after drawing. That is what keeps undo/redo, tests
//! and the command line simple. By concept: `editor` lays out the editing screen,
//! `apply` changes the plan, `derived` recomputes what follows from it (sites, index,
//! rings); the other modules are whole features (files, dialogs, presenting, comparing,
//! control layers, toolbar).

mod apply;
mod compare;
mod control;
mod derived;
mod dialogs;
mod editor;
mod files;
mod present;
mod soft_gl;
mod toolbar;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use egui::{Color32, Key, KeyboardShortcut, Modifiers, RichText, Ui};

pub use crate::command::ViewPreset;
use crate::command::{Command, SelectHow, Tool};
use crate::map::MapData;
use crate::map::hub_index::HubIndex;
use crate::map::rings::WorldRing;
use crate::map::theme::MapTheme;
use crate::model::geography::{LayerKind, RegionLayer};
use crate::model::history::History;
use crate::model::hub::{Ceasefire, Hub, HubId};
use crate::model::plan::Plan;
use crate::model::plan_file;
use crate::model::plan_io;
use crate::model::site::{HostileBorders, Site};
use crate::model::slide::Layers;
use crate::native_dialog::NativeDialogs;
use crate::projection::GeoBounds;
use crate::storage::{Recovery, Storage};
use crate::ui::hub_layer::StatusPulse;
use crate::ui::hub_panel::HubPanel;
use crate::ui::legend;
use crate::ui::map_view::{EUROPE_BOUNDS, FIT_PADDING, HoverInfo, MapInput, MapView};
use crate::ui::presentation::{PRESENT_ZOOM, Presentation};
use crate::ui::roster_panel::RosterPanel;
use crate::ui::slides_panel::SlidesPanel;
pub use compare::{Comparison, Figures};
use derived::SiteCache;
pub use dialogs::FilePurpose;

/// A message shown in a banner above the map.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// The text.
    pub text: String,
    /// Whether it reports a failure.
    pub is_error: bool,
}

/// Which list the side panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SideTab {
    /// Hub list and form.
    Hubs,
    /// Coalition roster.
    Roster,
    /// Briefing slides.
    Slides,
    /// Briefing charts.
    Charts,
    /// Site suggestions for a hub kind.
    Sites,
    /// Control layers: occupied areas, contact and ceasefire lines, rules.
    Control,
}

/// The whole application state.
pub struct CoalitionApp {
    data: MapData,
    plan: Plan,
    history: History<Plan>,
    /// Bumped on every plan change (hubs, ceasefire, roster…).
    revision: u64,
    /// Bumped when what the cached basemap shows changes (roster roles, basemap).
    map_revision: u64,
    map: MapView,
    roster_panel: RosterPanel,
    hub_panel: HubPanel,
    show_side_panel: bool,
    side_tab: SideTab,
    dark: bool,
    message: Option<Message>,
    hover: Option<HoverInfo>,
    selection: BTreeSet<HubId>,
    tool: Tool,
    clipboard: Vec<Hub>,
    pulse: Option<StatusPulse>,
    pending_copy: Option<String>,
    now: f64,
    // Derived from the plan and the maps, refreshed when their revisions change.
    borders: HostileBorders,
    borders_revision: Option<u64>,
    sites: Vec<Site>,
    site_cache: SiteCache,
    hub_index: HubIndex,
    derived_revision: Option<(u64, u64)>,
    // Files.
    storage: Option<Storage>,
    file: Option<PathBuf>,
    saved_plan: Plan,
    dirty: bool,
    dirty_revision: Option<u64>,
    last_autosave: f64,
    recovery_offer: Option<Recovery>,
    confirm: Option<PendingAction>,
    allow_close: bool,
    close_requested_by_app: bool,
    recent: Vec<PathBuf>,
    last_title: String,
    map_rect: Option<egui::Rect>,
    measurement: crate::model::measure::Measurement,
    // Briefing.
    /// Layers the editing map draws.
    layers: Layers,
    /// Range rings of the plan's hubs, refreshed with the sites.
    rings: Vec<WorldRing>,
    /// `ui::map_cache::hub_fingerprint` of the plan, sites and rings, refreshed with them.
    hubs_key: u64,
    /// The coalition legend last drawn, and what it was counted from.
    legend_memo: derived::LegendMemo,
    slides_panel: SlidesPanel,
    sites_panel: crate::ui::sites_panel::SitesPanel,
    presenting: Option<Presentation>,
    /// Entering (true) or leaving (false) presentation mode, applied after the commands:
    /// full screen and larger type need the egui context.
    presentation_switch: Option<bool>,
    /// egui zoom factor before presenting, restored on leaving.
    zoom_before_presenting: f32,
    /// Whether the window was full screen before presenting (so leaving keeps it so).
    fullscreen_before_presenting: bool,
    /// Whether the keyboard shortcuts window is open (F1 or ?).
    show_shortcuts: bool,
    /// The displays, the one chosen for the audience, and the presenter view's previews.
    presenter: crate::ui::presenter::PresenterState,
    /// The desktop's file dialogs (or a stand-in in tests).
    native_dialogs: Box<dyn NativeDialogs>,
    /// The app's own file dialog while it is open, and what it is for.
    file_dialog: Option<(crate::ui::file_dialog::FileDialog, FilePurpose)>,
    /// The import dialog while it asks which column is which.
    import_dialog: Option<crate::ui::import_dialog::ImportDialog>,
    /// The report of the last import, until closed.
    import_report: Option<crate::ui::import_dialog::ImportReport>,
    // Deciding between plans.
    /// The plan compared with (File → Compare with…), if any.
    comparison: Option<Comparison>,
    /// The coverage layer, its data and the timeline's undo step.
    coverage: compare::CoverageState,
    /// Control layers: drawing, threat bands, imports, drawing tools.
    control: control::ControlState,
}

/// What waits behind the "unsaved changes" question.
#[derive(Clone, Debug, PartialEq)]
pub enum PendingAction {
    /// Close the window.
    Close,
    /// Open this file.
    Open(PathBuf),
    /// Start a new plan.
    New,
}

/// How often the recovery copy is written while there are unsaved changes, seconds.
const AUTOSAVE_SECONDS: f64 = 5.0;

impl CoalitionApp {
    /// A new app on the given map data with an empty plan.
    pub fn new(data: MapData) -> Self {
        Self::with_plan(data, Plan::default())
    }

    /// A new app on the given map data and plan.
    pub fn with_plan(data: MapData, mut plan: Plan) -> Self {
        plan.ensure_next_id();
        Self {
            data,
            plan,
            history: History::default(),
            revision: 0,
            map_revision: 0,
            map: MapView::default(),
            roster_panel: RosterPanel::default(),
            hub_panel: HubPanel::default(),
            show_side_panel: true,
            side_tab: SideTab::Hubs,
            dark: false,
            message: None,
            hover: None,
            selection: BTreeSet::new(),
            tool: Tool::Select,
            clipboard: Vec::new(),
            pulse: None,
            pending_copy: None,
            now: 0.0,
            borders: HostileBorders::default(),
            borders_revision: None,
            sites: Vec::new(),
            site_cache: SiteCache::default(),
            hub_index: HubIndex::default(),
            derived_revision: None,
            storage: None,
            file: None,
            saved_plan: Plan::default(),
            dirty: false,
            dirty_revision: None,
            last_autosave: 0.0,
            recovery_offer: None,
            confirm: None,
            allow_close: false,
            close_requested_by_app: false,
            recent: Vec::new(),
            last_title: String::new(),
            map_rect: None,
            measurement: Default::default(),
            layers: Layers::default(),
            rings: Vec::new(),
            hubs_key: 0,
            legend_memo: derived::LegendMemo::default(),
            slides_panel: SlidesPanel::default(),
            sites_panel: Default::default(),
            presenting: None,
            presentation_switch: None,
            zoom_before_presenting: 1.0,
            fullscreen_before_presenting: false,
            show_shortcuts: false,
            presenter: Default::default(),
            native_dialogs: Box::new(crate::native_dialog::SystemDialogs),
            file_dialog: None,
            import_dialog: None,
            import_report: None,
            comparison: None,
            coverage: Default::default(),
            control: Default::default(),
        }
        .mark_saved()
        .at_opening_view()
    }

    /// Frames the plan's saved view, or Ukraine when it has none: a briefer opens a
    /// plan where it was left, never on a Europe view where Ukraine is a small patch.
    fn at_opening_view(mut self) -> Self {
        self.frame_view(self.opening_view());
        self
    }

    /// The view a plan opens on: the one it was saved with, else Ukraine.
    fn opening_view(&self) -> GeoBounds {
        self.plan
            .view
            .unwrap_or_else(|| self.preset_bounds(ViewPreset::Ukraine))
    }

    /// Uses a data folder for the recovery copy and recent files, and offers to restore
    /// a recovery copy left by a session that did not end cleanly.
    pub fn with_storage(mut self, storage: Option<Storage>) -> Self {
        if let Some(s) = &storage {
            self.recovery_offer = s.recovery();
            self.recent = s.recent();
        }
        self.storage = storage;
        self
    }

    fn mark_saved(mut self) -> Self {
        self.saved_plan = self.plan.clone();
        self.dirty = false;
        self.dirty_revision = Some(self.revision);
        self
    }

    /// Whether the plan has changes that are not saved.
    pub fn is_dirty(&mut self) -> bool {
        if self.dirty_revision != Some(self.revision) {
            // Exact, not "something happened": undoing back to the saved plan is clean.
            self.dirty = self.plan != self.saved_plan;
            self.dirty_revision = Some(self.revision);
        }
        self.dirty
    }

    /// The plan's file, if it has one.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// A recovery copy waiting for an answer, if any.
    pub fn recovery_offer(&self) -> Option<&Recovery> {
        self.recovery_offer.as_ref()
    }

    /// The "unsaved changes" question waiting for an answer, if any.
    pub fn pending_confirmation(&self) -> Option<&PendingAction> {
        self.confirm.as_ref()
    }

    /// The window title: file name, and a mark while there are unsaved changes.
    pub fn title(&mut self) -> String {
        let name = self.file.as_ref().and_then(|p| p.file_name()).map_or_else(
            || "Untitled".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mark = if self.is_dirty() { " • unsaved" } else { "" };
        format!("{name}{mark} — coalition-map")
    }

    /// The app as a new user first sees it: the shipped sample plan.
    pub fn with_sample_plan(data: MapData) -> Self {
        Self::with_plan(data, plan_file::sample_plan())
    }

    /// The plan being edited.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The map widget state (camera).
    pub fn map(&self) -> &MapView {
        &self.map
    }

    /// The map data in use.
    pub fn data(&self) -> &MapData {
        &self.data
    }

    /// The banner message, if any.
    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    /// Whether the dark theme is on.
    pub fn dark_mode(&self) -> bool {
        self.dark
    }

    /// The selected hubs.
    pub fn selection(&self) -> &BTreeSet<HubId> {
        &self.selection
    }

    /// The measurement being made with the Measure tool.
    pub fn measurement(&self) -> &crate::model::measure::Measurement {
        &self.measurement
    }

    /// The current map tool.
    pub fn tool(&self) -> Tool {
        self.tool
    }

    /// The running presentation, if presenting.
    pub fn presentation(&self) -> Option<&Presentation> {
        self.presenting.as_ref()
    }

    /// Layers the editing map draws.
    pub fn layers(&self) -> Layers {
        self.layers
    }

    /// The slide chosen in the slides panel.
    pub fn selected_slide(&self) -> Option<usize> {
        self.slides_panel.selected()
    }

    /// The geographic box the map shows now (for a new slide).
    ///
    /// While the map still frames a box (nothing panned or zoomed since a fit), that box;
    /// otherwise what a fit keeps clear of the padding and the legend, at the end of any glide — so a slide
    /// made from a slide's view is the same slide, not one padding larger each time.
    pub fn current_view(&self) -> GeoBounds {
        use crate::projection::{MAX_LATITUDE, Projector};
        if let Some(framed) = self.map.framed() {
            return framed;
        }
        let Some(viewport) = self.map.viewport() else {
            return self.preset_bounds(ViewPreset::Ukraine);
        };
        let p = Projector::new(self.map.target_camera(), viewport);
        // What a fit would frame: inside the padding and clear of the legend.
        let mut i = self.map.insets();
        if viewport.width - i.left - i.right < viewport.width / 4.0
            || viewport.height - i.top - i.bottom < viewport.height / 4.0
        {
            // As `Camera::fit_inside` does when the insets leave too little.
            let pad = (viewport.width.min(viewport.height) / 20.0).clamp(0.0, FIT_PADDING);
            i = crate::projection::Insets::uniform(pad);
        }
        let (w, n) = p.geo_from_screen(viewport.min_x + i.left, viewport.min_y + i.top);
        let (e, s) = p.geo_from_screen(
            viewport.min_x + viewport.width - i.right,
            viewport.min_y + viewport.height - i.bottom,
        );
        GeoBounds::new(
            w.clamp(-180.0, 180.0),
            s.clamp(-MAX_LATITUDE, MAX_LATITUDE),
            e.clamp(-180.0, 180.0),
            n.clamp(-MAX_LATITUDE, MAX_LATITUDE),
        )
    }

    /// Shows an error banner (e.g. a bad `--basemap` given on the command line).
    pub fn show_error(&mut self, text: String) {
        self.message = Some(Message {
            text,
            is_error: true,
        });
    }

    /// Draws the whole UI into `ui` and applies the commands it produced.
    pub fn ui(&mut self, ui: &mut Ui) {
        self.now = ui.input(|i| i.time);
        if self.poll_control() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        ui.ctx().set_theme(if self.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        crate::ui::bake::configure(ui.ctx());
        self.refresh_derived();
        // The app's file dialog takes the keyboard first (arrows, Enter, Esc).
        let ctx = ui.ctx().clone();
        self.show_file_dialog(&ctx);
        if self.presenting.is_none() {
            self.show_import_windows(&ctx);
        }
        let mut commands = if self.presenting.is_some() {
            self.presentation_keys(ui)
        } else if self.file_dialog.is_some() || self.import_dialog.is_some() {
            Vec::new()
        } else {
            self.shortcuts(ui)
        };
        self.housekeeping(ui, &mut commands);
        self.control_keys(ui);
        if self.presenting.is_some() {
            self.presenting_ui(ui, &mut commands);
        } else {
            self.editor_ui(ui, &mut commands);
        }
        // Entering a presentation goes last, so edits committed in the same frame (a
        // field losing focus to the Present button, the end of a drag) still apply.
        let (present, others): (Vec<Command>, Vec<Command>) = commands
            .into_iter()
            .partition(|c| matches!(c, Command::Present(_)));
        if !others.is_empty() || !present.is_empty() {
            // What the commands changed shows in the next frame, not at the next input.
            ui.ctx().request_repaint();
        }
        for command in others.into_iter().chain(present) {
            self.apply(command);
        }
        self.switch_presentation(ui);
        if self.show_shortcuts {
            crate::ui::shortcuts::help_window(ui, &mut self.show_shortcuts);
        }
        if let Some(text) = self.pending_copy.take() {
            ui.ctx().copy_text(text);
        }
        crate::ui::bake::end_pass(ui.ctx());
    }
}

impl CoalitionApp {
    /// The geographic box a named view shows.
    pub fn preset_bounds(&self, preset: ViewPreset) -> GeoBounds {
        let countries = &self.data.geography.countries;
        match preset {
            ViewPreset::Ukraine => countries
                .get("UKR")
                .map_or(GeoBounds::new(22.1, 44.3, 40.3, 52.4), |r| r.bounds),
            ViewPreset::Europe => EUROPE_BOUNDS,
            ViewPreset::Coalition => countries
                .bounds_of(|r| self.plan.role(&r.code).is_coalition())
                .unwrap_or(EUROPE_BOUNDS),
        }
    }

    /// Jumps (without animation) to a named view on the next frame.
    pub fn jump_to(&mut self, preset: ViewPreset) {
        self.frame_view(self.preset_bounds(preset));
    }

    /// Frames a geographic box (without animation) on the next frame.
    pub fn frame_view(&mut self, view: GeoBounds) {
        self.map.fit(view, false);
    }

    /// Pans the map by a screen delta, as a drag would.
    pub fn pan_by(&mut self, dx: f64, dy: f64) {
        let camera = self.map.camera().panned_by(dx, dy);
        self.map.set_camera(camera);
    }

    /// Replaces the plan (tests, benchmarks, opening a file) and forgets the history.
    pub fn set_plan(&mut self, plan: Plan) {
        if self.presenting.take().is_some() {
            self.presentation_switch = Some(false);
        }
        self.plan = plan;
        // Ids are allocated in O(1) from `next_id`; keep it past every id in use.
        self.plan.ensure_next_id();
        self.history.clear();
        self.selection.clear();
        self.revision += 1;
        self.map_revision += 1;
        self.frame_view(self.opening_view());
    }

    /// Loads a basemap file; on failure the current map stays and the cause is shown.
    pub fn load_basemap(&mut self, path: &Path) {
        match RegionLayer::from_path(path, LayerKind::Countries) {
            Ok(layer) => {
                let skipped = layer.skipped();
                let layer_problems = layer.problems().to_vec();
                let count = layer.regions().len();
                self.data.replace_basemap(layer, path.display().to_string());
                self.map_revision += 1;
                let mut text = format!("Basemap {}: {count} areas loaded", path.display());
                let problems = layer_problems;
                if !problems.is_empty() {
                    // Each problem names its feature and why; the first few in the
                    // banner, all in the log.
                    for p in &problems {
                        log::warn!("basemap {}: {p}", path.display());
                    }
                    let shown: Vec<&str> = problems.iter().take(3).map(String::as_str).collect();
                    let more = problems.len().saturating_sub(3);
                    text.push_str(&format!(
                        "; {} problem(s): {}{}",
                        problems.len(),
                        shown.join("; "),
                        if more > 0 {
                            format!("; and {more} more")
                        } else {
                            String::new()
                        }
                    ));
                } else if skipped > 0 {
                    text.push_str(&format!(", {skipped} feature(s) without geometry skipped"));
                }
                self.message = Some(Message {
                    text,
                    is_error: false,
                });
            }
            Err(e) => self.show_error(e.to_string()),
        }
    }
}

impl eframe::App for CoalitionApp {
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        self.refresh_displays(frame);
        CoalitionApp::ui(self, ui);
        release_after_start(ui.ctx());
        soft_gl::release_after_frame(ui.ctx(), frame);
    }
}

/// Once, two seconds into the window's life (the maps read and triangulated, the first
/// frames laid out), gives the heap that start-up freed and the built-in maps' text
/// back to the system (`crate::memory`): an idle window then holds what it uses.
fn release_after_start(ctx: &egui::Context) {
    const AFTER_S: f64 = 2.0;
    let id = egui::Id::unique("memory_released_after_start");
    if ctx.data(|d| d.get_temp::<bool>(id)).unwrap_or(false) {
        return;
    }
    let now = ctx.input(|i| i.time);
    if now >= AFTER_S {
        let released = crate::memory::release_freed();
        // The built-in maps were parsed at start-up; resetting the base map reads them
        // again, from the executable.
        let paged_out: usize = [
            crate::model::geography::BUILTIN_COUNTRIES,
            crate::model::geography::BUILTIN_OBLASTS,
        ]
        .into_iter()
        .map(crate::memory::page_out)
        .sum();
        log::debug!(
            "start-up over: freed heap returned to the system: {released}; \
             built-in maps paged out: {paged_out} bytes"
        );
        ctx.data_mut(|d| d.insert_temp(id, true));
    } else {
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(AFTER_S - now));
    }
}
