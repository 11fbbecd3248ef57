//! The application: owns the plan, the map data and the UI state, and applies commands.
//!
//! Every frame the panels draw from borrowed state and return [`Command`]s; they are
//! applied here, in one place, after drawing. That is what keeps undo/redo, tests and
//! the command line simple.

mod compare;
mod control;
mod dialogs;
mod files;
mod present;
mod toolbar;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use egui::{Color32, Key, KeyboardShortcut, Modifiers, RichText, Ui};

pub use crate::command::ViewPreset;
use crate::command::{Command, SelectHow, Tool};
use crate::map::MapData;
use crate::map::hub_index::HubIndex;
use crate::map::rings::{WorldRing, plan_rings};
use crate::map::theme::MapTheme;
use crate::model::geography::{LayerKind, RegionLayer};
use crate::model::history::History;
use crate::model::hub::{Ceasefire, Hub, HubId, Status};
use crate::model::plan::Plan;
use crate::model::plan_file;
use crate::model::plan_io;
use crate::model::site::{HostileBorders, Site, analyse};
use crate::model::slide::{Layers, Slide};
use crate::native_dialog::NativeDialogs;
use crate::projection::GeoBounds;
use crate::storage::{Recovery, Storage};
use crate::ui::hub_layer::StatusPulse;
use crate::ui::hub_panel::HubPanel;
use crate::ui::map_view::{EUROPE_BOUNDS, FIT_PADDING, HoverInfo, MapInput, MapView};
use crate::ui::presentation::{PRESENT_ZOOM, Presentation};
use crate::ui::roster_panel::RosterPanel;
use crate::ui::slides_panel::SlidesPanel;
use crate::ui::{legend, status_bar};
pub use compare::{Comparison, Figures};
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

/// Sites computed per hub, reused while a hub neither moves nor the rules change.
#[derive(Default)]
struct SiteCache {
    /// Key: basemap/roster revision, buffer and control generation; a change
    /// recomputes everything.
    key: Option<(u64, u64, u64)>,
    /// Per hub: position and kind (zone and distance rules depend on it) and its site.
    by_hub: HashMap<HubId, ((f64, f64, crate::model::hub::HubKind), Site)>,
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

/// How far pasted hubs are offset from the originals, degrees.
const PASTE_OFFSET_DEG: f64 = 0.15;

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

    /// Sites of the hubs (country, oblast, warnings), same order as the plan's hubs.
    pub fn sites(&mut self) -> &[Site] {
        self.refresh_derived();
        &self.sites
    }

    /// Shows an error banner (e.g. a bad `--basemap` given on the command line).
    pub fn show_error(&mut self, text: String) {
        self.message = Some(Message {
            text,
            is_error: true,
        });
    }

    /// Recomputes hostile borders, hub sites and the hub index if their inputs changed.
    fn refresh_derived(&mut self) {
        let control_changed = self.refresh_control();
        if self.borders_revision != Some(self.map_revision) || control_changed {
            self.borders = HostileBorders::for_plan(&self.data.geography.countries, &self.plan);
            self.borders_revision = Some(self.map_revision);
        }
        let key = (self.revision, self.map_revision);
        if self.derived_revision == Some(key) {
            return;
        }
        let cache_key = (
            self.map_revision,
            self.plan.hostile_buffer_km.to_bits(),
            self.control.generation,
        );
        if self.site_cache.key != Some(cache_key) {
            self.site_cache = SiteCache {
                key: Some(cache_key),
                by_hub: HashMap::new(),
            };
        }
        let mut fresh = HashMap::with_capacity(self.plan.hubs.len());
        self.sites = self
            .plan
            .hubs
            .iter()
            .map(|hub| {
                let pos = (hub.lon, hub.lat, hub.kind.clone());
                let site = match self.site_cache.by_hub.remove(&hub.id) {
                    Some((p, site)) if p == pos => site,
                    _ => {
                        let mut site = analyse(
                            hub,
                            &self.data.geography,
                            &self.borders,
                            self.plan.hostile_buffer_km,
                        );
                        crate::model::facilities::fill_nearest(&mut site, hub);
                        site
                    }
                };
                fresh.insert(hub.id, (pos, site.clone()));
                // Not cached: they depend on the hub's kind and the plan's distances.
                let mut site = site;
                crate::model::facilities::add_warnings(&mut site, hub, &self.plan.facility_rules);
                site
            })
            .collect();
        self.site_cache.by_hub = fresh;
        self.hub_index = HubIndex::build(&self.plan);
        self.rings = plan_rings(&self.plan);
        self.derived_revision = Some(key);
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
    }

    /// The editing screen: toolbar, side panel, status bar and the map.
    fn editor_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let theme = MapTheme::for_dark(self.dark);
        if self.side_tab != SideTab::Slides || !self.show_side_panel {
            // Typing left in a hidden slide editor is kept, not lost.
            commands.extend(self.slides_panel.take_uncommitted(&self.plan));
        }

        egui::Panel::top("toolbar").show(ui, |ui| {
            commands.extend(self.toolbar(ui));
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                let (text, color) = hub_summary(&self.plan, &self.sites);
                ui.label(RichText::new(text).color(color.unwrap_or(ui.visuals().text_color())));
            });
            status_bar::show(
                ui,
                self.hover.as_ref(),
                self.map.camera().zoom,
                &self.data.basemap_source,
            );
        });
        egui::Panel::bottom("timeline").show(ui, |ui| {
            commands.extend(crate::ui::timeline::show(ui, &self.plan));
        });
        commands.extend(self.comparison_panel(ui));
        if self.show_side_panel {
            egui::Panel::left("side")
                .default_size(330.0)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.selectable_value(
                            &mut self.side_tab,
                            SideTab::Hubs,
                            RichText::new("Hubs").strong(),
                        );
                        ui.selectable_value(
                            &mut self.side_tab,
                            SideTab::Roster,
                            RichText::new("Roster").strong(),
                        );
                        ui.selectable_value(
                            &mut self.side_tab,
                            SideTab::Slides,
                            RichText::new("Slides").strong(),
                        );
                        ui.selectable_value(
                            &mut self.side_tab,
                            SideTab::Charts,
                            RichText::new("Charts").strong(),
                        );
                        ui.selectable_value(
                            &mut self.side_tab,
                            SideTab::Sites,
                            RichText::new("Sites").strong(),
                        );
                        ui.selectable_value(
                            &mut self.side_tab,
                            SideTab::Control,
                            RichText::new("Control").strong(),
                        );
                    });
                    ui.separator();
                    match self.side_tab {
                        SideTab::Hubs => commands.extend(self.hub_panel.show(
                            ui,
                            &self.plan,
                            &self.sites,
                            &self.selection,
                            theme,
                        )),
                        SideTab::Slides => commands.extend(self.slides_panel.show(
                            ui,
                            &self.plan,
                            &self.selection,
                            theme,
                        )),
                        SideTab::Charts => {
                            egui::ScrollArea::vertical()
                                .id_salt("charts_scroll")
                                .show(ui, |ui| {
                                    crate::ui::charts::show(ui, &self.plan, theme);
                                    ui.add_space(18.0);
                                    self.population_chart(ui, theme);
                                });
                        }
                        SideTab::Sites => commands.extend(self.sites_panel.show(
                            ui,
                            &self.plan,
                            self.revision,
                            &self.data.geography,
                            &self.borders,
                            theme,
                        )),
                        SideTab::Control => {
                            let busy = self.control.busy();
                            let (cmds, edit) = egui::ScrollArea::vertical()
                                .id_salt("control_scroll")
                                .show(ui, |ui| {
                                    self.control.panel.show(
                                        ui,
                                        &self.plan,
                                        self.tool,
                                        busy.as_deref(),
                                    )
                                })
                                .inner;
                            commands.extend(cmds);
                            if let Some(f) = edit {
                                self.edit_control_feature(f);
                            }
                        }
                        SideTab::Roster => commands.extend(self.roster_panel.show(
                            ui,
                            &self.plan,
                            &self.data.geography.countries,
                            theme,
                        )),
                    }
                });
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            if let Some(msg) = &self.message {
                let color = if msg.is_error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                };
                // The central panel has no frame of its own (the map fills it), so the
                // banner brings its own background.
                egui::Frame::new()
                    .fill(ui.visuals().panel_fill)
                    .inner_margin(6.0)
                    .show(ui, |ui| {
                        // Across the whole width: what the frame leaves uncovered stays
                        // unpainted (the window's clear colour, a near-black strip).
                        ui.set_min_width(ui.available_width());
                        ui.horizontal_wrapped(|ui| {
                            ui.label(RichText::new(&msg.text).color(color));
                            if ui.button("Dismiss").clicked() {
                                commands.push(Command::DismissMessage);
                            }
                        });
                    });
            }
            let map_rect = ui.available_rect_before_wrap();
            self.map_rect = Some(map_rect);
            // Fits (Fit Ukraine, a slide) leave room for the legend, in its best corner.
            let legend_spot = self.place_legend(ui, map_rect, self.layers, None);
            let pulse = self.pulse.as_ref().filter(|p| p.running(self.now));
            let input = MapInput {
                data: &self.data,
                plan: &self.plan,
                revision: self.map_revision,
                theme,
                sites: &self.sites,
                selection: &self.selection,
                hub_index: &self.hub_index,
                tool: self.tool,
                editable: true,
                pulse,
                measurement: &self.measurement,
                layers: self.layers,
                rings: &self.rings,
                control: &self.control.view,
            };
            let out = self.map.show(ui, &input);
            self.hover = out.hover;
            commands.extend(out.commands);
            self.control_ui(ui, map_rect, commands);
            crate::ui::control_layer::show_legend(
                ui,
                map_rect,
                &self.control.view,
                self.layers,
                self.dark,
            );
            if let Some((spot, collapsed)) = legend_spot {
                let roles = egui::Rect::from_min_size(
                    spot.rect.min,
                    if collapsed {
                        legend::COLLAPSED
                    } else {
                        legend::EXPANDED
                    },
                );
                legend::show_for_plan(
                    ui,
                    roles,
                    collapsed,
                    &self.plan,
                    &self.data.geography.countries,
                    theme,
                );
                if !collapsed {
                    crate::ui::place_layer::legend(ui, roles, &self.layers, theme.dark);
                }
            }
            self.draw_overlays(ui, map_rect);
            draw_marking(ui, map_rect);
            if self.tool == Tool::Measure || !self.measurement.points().is_empty() {
                measure_summary(ui, map_rect, &self.measurement);
            }
        });
    }

    fn record(&mut self) {
        self.history.record(self.plan.clone());
        self.revision += 1;
    }

    fn selected_hubs(&self) -> Vec<Hub> {
        self.plan
            .hubs
            .iter()
            .filter(|h| self.selection.contains(&h.id))
            .cloned()
            .collect()
    }

    fn start_pulse(&mut self, before: &Plan) {
        let changed: Vec<(HubId, Status)> = self
            .plan
            .hubs
            .iter()
            .filter_map(|h| {
                let old = before.hub(h.id).map(|b| before.status(b));
                let new = self.plan.status(h);
                (old.is_some_and(|o| o != new)).then_some((h.id, new))
            })
            .collect();
        if !changed.is_empty() {
            self.pulse = Some(StatusPulse {
                start: self.now,
                changed,
            });
        }
    }

    fn restore(&mut self, plan: Plan) {
        let before = std::mem::replace(&mut self.plan, plan);
        if before.roster != self.plan.roster {
            self.map_revision += 1;
        }
        if before.ceasefire != self.plan.ceasefire {
            self.start_pulse(&before);
        }
        self.selection.retain(|id| self.plan.hub(*id).is_some());
        self.revision += 1;
    }

    /// Applies one command. Plan changes are recorded for undo.
    pub fn apply(&mut self, command: Command) {
        if self.presenting.is_some() && command.edits_plan() {
            log::info!("ignored while presenting: {command:?}");
            return;
        }
        let Some(command) = self.apply_control(command) else {
            return;
        };
        match command {
            Command::SetRole { iso_a3, name, role } => {
                if self.plan.role(&iso_a3) != role {
                    self.record();
                    self.plan.roster.set_role(&iso_a3, &name, role);
                    self.map_revision += 1;
                }
            }
            Command::AddHub { lon, lat } => {
                if crate::model::hub::validate_position(lon, lat).is_ok() {
                    self.record();
                    let name = self.plan.next_hub_name();
                    let id = self.plan.insert_hub(Hub::new(HubId(0), name, lon, lat));
                    self.selection = [id].into();
                    self.side_tab = SideTab::Hubs;
                }
            }
            Command::AddPreparedHub(hub) => {
                if crate::model::hub::validate_position(hub.lon, hub.lat).is_ok() {
                    self.record();
                    let id = self.plan.insert_hub(*hub);
                    self.selection = [id].into();
                }
            }
            Command::SetFacilityRules(rules) => {
                if rules != self.plan.facility_rules {
                    self.record();
                    self.plan.facility_rules = rules;
                }
            }
            Command::MoveHubs { moves, begin } => {
                if begin {
                    self.record();
                } else {
                    self.revision += 1;
                }
                for (id, lon, lat) in moves {
                    if let Some(hub) = self.plan.hub_mut(id) {
                        hub.lon = lon;
                        hub.lat = lat;
                    }
                }
            }
            Command::UpdateHub(hub) => {
                if self.plan.hub(hub.id).is_some_and(|h| *h != *hub) {
                    self.record();
                    if let Some(h) = self.plan.hub_mut(hub.id) {
                        *h = *hub;
                    }
                }
            }
            Command::DeleteHubs(ids) => {
                if ids.iter().any(|id| self.plan.hub(*id).is_some()) {
                    self.record();
                    self.plan.remove_hubs(&ids);
                    self.selection.retain(|id| !ids.contains(id));
                }
            }
            Command::DeleteSelected => {
                let ids: Vec<HubId> = self.selection.iter().copied().collect();
                if !ids.is_empty() {
                    self.apply(Command::DeleteHubs(ids));
                }
            }
            Command::CopySelected => {
                let hubs = self.selected_hubs();
                if !hubs.is_empty() {
                    self.clipboard = hubs;
                    // Also as GeoJSON text, so it pastes into another window or a text editor.
                    let scratch = Plan {
                        hubs: self.clipboard.clone(),
                        roster: Default::default(),
                        ..Plan::default()
                    };
                    self.pending_copy = Some(plan_file::to_geojson(&scratch));
                }
            }
            Command::Paste => {
                if !self.clipboard.is_empty() {
                    self.record();
                    let mut ids = BTreeSet::new();
                    for hub in self.clipboard.clone() {
                        let mut copy = hub;
                        // Two hubs of one name would be told apart only by position.
                        copy.name = self.plan.copy_name(&copy.name);
                        copy.lon = (copy.lon + PASTE_OFFSET_DEG).clamp(-180.0, 180.0);
                        copy.lat = (copy.lat - PASTE_OFFSET_DEG).clamp(-85.0, 85.0);
                        ids.insert(self.plan.insert_hub(copy));
                    }
                    // Paste again and the next copies step further along.
                    for hub in &mut self.clipboard {
                        hub.lon += PASTE_OFFSET_DEG;
                        hub.lat -= PASTE_OFFSET_DEG;
                    }
                    self.selection = ids;
                }
            }
            Command::DuplicateSelected => {
                let hubs = self.selected_hubs();
                if !hubs.is_empty() {
                    let saved = std::mem::replace(&mut self.clipboard, hubs);
                    self.apply(Command::Paste);
                    self.clipboard = saved;
                }
            }
            Command::SetCeasefire(state) => {
                if state != self.plan.ceasefire {
                    let before = self.plan.clone();
                    self.record();
                    self.plan.ceasefire = state;
                    self.start_pulse(&before);
                }
            }
            Command::SetTimelineDay(_)
            | Command::SetCoverageRadius(_)
            | Command::PickCompare
            | Command::CompareWith(_)
            | Command::CloseComparison
            | Command::ToggleCoverage => self.apply_compare(command),
            Command::SetHostileBuffer(km) => {
                if km.is_finite() && km >= 0.0 && km != self.plan.hostile_buffer_km {
                    self.record();
                    self.plan.hostile_buffer_km = km;
                }
            }
            Command::Select { ids, how } => match how {
                SelectHow::Replace => self.selection = ids.into_iter().collect(),
                SelectHow::Add => self.selection.extend(ids),
                SelectHow::Toggle => {
                    for id in ids {
                        if !self.selection.remove(&id) {
                            self.selection.insert(id);
                        }
                    }
                }
            },
            Command::CenterOn(id) => {
                if let Some(hub) = self.plan.hub(id) {
                    let zoom = self.map.camera().zoom.max(6.0);
                    self.map.glide_to(crate::projection::Camera::looking_at(
                        hub.lon, hub.lat, zoom,
                    ));
                    self.selection = [id].into();
                }
            }
            Command::SetTool(tool) => self.tool = tool,
            Command::MeasureAdd { lon, lat } => {
                if let Err(e) = self.measurement.push(lon, lat) {
                    self.show_error(format!("Measure: {e}"));
                }
            }
            Command::MeasurePop => self.measurement.pop(),
            Command::MeasureClear => self.measurement.clear(),
            Command::NewPlan => self.ask_then(PendingAction::New),
            Command::PickOpen => self.pick_file(FilePurpose::Open),
            Command::OpenPlan(path) => self.ask_then(PendingAction::Open(path)),
            Command::Save => match self.file.clone() {
                Some(path) => {
                    self.save_to(&path);
                }
                None => self.apply(Command::PickSaveAs),
            },
            Command::PickSaveAs => self.pick_file(FilePurpose::SaveAs),
            Command::SaveAs(path) => {
                self.save_to(&path);
            }
            Command::PickImport => self.pick_file(FilePurpose::Import),
            Command::ImportHubs(path) => self.import_hubs(&path),
            Command::PickExport(format) => self.pick_file(FilePurpose::Export(format)),
            Command::ExportTo(format, path) => self.export_to(format, &path),
            Command::PickExportSlides(format) => self.pick_file(FilePurpose::ExportSlides(format)),
            Command::ExportSlides(dir, format) => {
                let options = crate::export::job::SvgOptions {
                    dark: self.dark,
                    ..Default::default()
                };
                match crate::export::job::export_slides(
                    &self.plan,
                    &self.data,
                    &dir,
                    options,
                    format,
                    |_| {},
                ) {
                    Ok(n) => {
                        self.message = Some(Message {
                            text: format!(
                                "Wrote {n} slides as {} to {}",
                                format.extension().to_uppercase(),
                                dir.display()
                            ),
                            is_error: false,
                        });
                    }
                    Err(e) => self.show_error(format!("Slides not exported: {e}")),
                }
            }
            Command::RestoreRecovery => {
                if let Some(recovery) = self.recovery_offer.take() {
                    self.set_plan(recovery.plan);
                    self.file = recovery.source;
                    // Restored work is unsaved work.
                    self.saved_plan = Plan::default();
                    self.dirty_revision = None;
                    self.message = Some(Message {
                        text:
                            "Restored the unsaved plan from the recovery copy. Save it to keep it."
                                .into(),
                        is_error: false,
                    });
                }
            }
            Command::DiscardRecovery => {
                self.recovery_offer = None;
                if let Some(s) = &self.storage {
                    s.clear_recovery();
                }
            }
            Command::ConfirmSave => match self.file.clone() {
                Some(path) => {
                    if self.save_to(&path)
                        && let Some(action) = self.confirm.take()
                    {
                        self.proceed(action);
                    }
                }
                // Asks for a file; saving and going on happen once one is chosen.
                None => self.pick_file(FilePurpose::SaveThenContinue),
            },
            Command::ConfirmDiscard => {
                if let Some(action) = self.confirm.take() {
                    self.proceed(action);
                }
            }
            Command::ConfirmCancel => self.confirm = None,
            Command::Undo => {
                if let Ok(previous) = self.history.undo(self.plan.clone()) {
                    self.restore(previous);
                }
            }
            Command::Redo => {
                if let Ok(next) = self.history.redo(self.plan.clone()) {
                    self.restore(next);
                }
            }
            Command::AddSlide => {
                if let Err(e) = crate::model::slide::validate_view(self.current_view()) {
                    self.show_error(format!("No slide added: {e}. Pan back over the map."));
                    return;
                }
                let mut slide = Slide::new(
                    format!("Slide {}", self.plan.slides.len() + 1),
                    self.current_view(),
                    self.plan.ceasefire,
                );
                slide.layers = self.layers;
                self.record();
                self.plan.slides.push(slide);
                self.slides_panel.select(Some(self.plan.slides.len() - 1));
                self.side_tab = SideTab::Slides;
            }
            Command::UpdateSlide { index, slide } => {
                let valid = crate::model::slide::validate_view(slide.view).is_ok();
                if valid && self.plan.slides.get(index).is_some_and(|s| *s != *slide) {
                    self.record();
                    self.plan.slides[index] = *slide;
                }
            }
            Command::RecaptureSlide(index) => {
                let view = self.current_view();
                let valid = crate::model::slide::validate_view(view).is_ok();
                if valid && self.plan.slides.get(index).is_some_and(|s| s.view != view) {
                    self.record();
                    self.plan.slides[index].view = view;
                }
            }
            Command::MoveSlide { from, to } => {
                let n = self.plan.slides.len();
                if from < n && to < n && from != to {
                    self.record();
                    let slide = self.plan.slides.remove(from);
                    self.plan.slides.insert(to, slide);
                    self.slides_panel.select(Some(to));
                }
            }
            Command::DeleteSlide(index) => {
                if index < self.plan.slides.len() {
                    self.record();
                    self.plan.slides.remove(index);
                    let n = self.plan.slides.len();
                    self.slides_panel.select((n > 0).then(|| index.min(n - 1)));
                }
            }
            Command::ShowSlide(index) => {
                if let Some(slide) = self.plan.slides.get(index) {
                    self.map.fit(slide.view, true);
                    self.layers = slide.layers;
                    self.slides_panel.select(Some(index));
                }
            }
            Command::Present(start) => {
                if self.presenting.is_none() {
                    let n = self.plan.slides.len();
                    let start = start.filter(|i| *i < n).or((n > 0).then_some(0));
                    let pres =
                        self.with_audience(Presentation::new(&self.plan, start, self.layers));
                    if let Some(slide) = pres.slide.and_then(|i| self.plan.slides.get(i)) {
                        self.map.fit(slide.view, false);
                    }
                    self.presenting = Some(pres);
                    self.presentation_switch = Some(true);
                    self.pulse = None;
                }
            }
            Command::StopPresenting => {
                if let Some(pres) = self.presenting.take() {
                    // The room's pulses mean nothing in the editor.
                    self.pulse = None;
                    self.presentation_switch = Some(false);
                    // Back in the editor on the slide last shown.
                    if pres.slide.is_some() {
                        self.slides_panel.select(pres.slide);
                    }
                }
            }
            Command::NextSlide | Command::PrevSlide | Command::GoToSlide(_) => {
                let n = self.plan.slides.len();
                if let Some(pres) = self.presenting.as_mut()
                    && n > 0
                {
                    // Moving on brings a blacked-out screen back.
                    pres.blacked_out = false;
                    let next = match (command, pres.slide) {
                        (Command::GoToSlide(i), _) => i.min(n - 1),
                        (_, None) => 0,
                        (Command::NextSlide, Some(i)) => (i + 1).min(n - 1),
                        (_, Some(i)) => i.saturating_sub(1),
                    };
                    if pres.slide != Some(next) {
                        pres.go_to(next, &self.plan.slides[next]);
                        self.map.fit(self.plan.slides[next].view, true);
                    }
                }
            }
            Command::SetShownCeasefire(c) => {
                if let Some(pres) = self.presenting.as_mut() {
                    pres.ceasefire = c;
                }
            }
            Command::ToggleNotes => {
                if let Some(pres) = self.presenting.as_mut() {
                    pres.show_notes = !pres.show_notes;
                }
            }
            Command::ToggleBlackout => {
                if let Some(pres) = self.presenting.as_mut() {
                    pres.blacked_out = !pres.blacked_out;
                }
            }
            Command::ToggleShortcutHelp => self.show_shortcuts = !self.show_shortcuts,
            Command::RevealHub(id) | Command::EditHub(id) => {
                if self.plan.hub(id).is_some() {
                    let edit = matches!(command, Command::EditHub(_));
                    self.selection = [id].into();
                    self.side_tab = SideTab::Hubs;
                    self.show_side_panel = true;
                    self.hub_panel.reveal(id, edit);
                }
            }
            Command::SetPresentDisplay(display) => self.presenter.chosen = display,
            Command::SetLayers(layers) => self.layers = layers,
            Command::SetSnap(on) => self.map.set_snap(on),
            Command::Fit(preset) => self.map.fit(self.preset_bounds(preset), true),
            Command::PickBasemap => self.pick_file(FilePurpose::Basemap),
            Command::LoadBasemap(path) => self.load_basemap(&path),
            Command::ResetBasemap => match MapData::builtin() {
                Ok(data) => {
                    self.data = data;
                    self.map_revision += 1;
                    self.message = None;
                }
                Err(e) => self.show_error(e.to_string()),
            },
            Command::SetDarkMode(dark) => self.dark = dark,
            Command::ToggleSidePanel => self.show_side_panel = !self.show_side_panel,
            Command::DismissMessage => self.message = None,
            // Applied by `apply_control` (app::control) before this match.
            Command::PickImportControl
            | Command::ImportControl { .. }
            | Command::AddControlFeatures(_)
            | Command::UpdateControlFeature(_)
            | Command::DeleteControlFeature(_)
            | Command::SetControlSettings(_)
            | Command::DraftVertex { .. }
            | Command::DraftFinish => {}
        }
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

/// One line for the status bar: active/inactive hubs, why, and warnings.
fn hub_summary(plan: &Plan, sites: &[Site]) -> (String, Option<Color32>) {
    let c = plan.status_counts();
    let mut text = format!("Hubs: {} active · {} inactive", c.active, c.inactive);
    let mut why = Vec::new();
    if c.awaiting_ceasefire > 0 {
        why.push(format!("{} await a ceasefire", c.awaiting_ceasefire));
    }
    if c.awaiting_verification > 0 {
        why.push(format!("{} await verification", c.awaiting_verification));
    }
    if c.awaiting_peace > 0 {
        why.push(format!("{} await a peace agreement", c.awaiting_peace));
    }
    if c.standing_up > 0 {
        why.push(format!("{} still standing up", c.standing_up));
    }
    if !why.is_empty() {
        text.push_str(&format!(" ({})", why.join(", ")));
    }
    let warned = sites.iter().filter(|s| !s.warnings.is_empty()).count();
    if warned > 0 {
        text.push_str(&format!(" · {warned} with warnings"));
        (text, Some(Color32::from_rgb(0xc0, 0x30, 0x10)))
    } else {
        (text, None)
    }
}

/// The measurement's legs and total, bottom centre of the map (a real label, so screen
/// readers and tests can read it).
fn measure_summary(ui: &mut Ui, map_rect: egui::Rect, m: &crate::model::measure::Measurement) {
    use crate::model::measure::{bearing_text, distance_text};
    let width = 340.0;
    let legs = m.legs();
    let height = 40.0 + 18.0 * legs.len().min(6) as f32;
    let rect = egui::Rect::from_min_size(
        egui::pos2(
            map_rect.center().x - width / 2.0,
            map_rect.bottom() - height - 30.0,
        ),
        egui::vec2(width, height),
    );
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
    egui::Frame::popup(child.style()).show(&mut child, |ui| {
        ui.set_width(width - 16.0);
        if legs.is_empty() {
            ui.label("Measure: click points on the map. Backspace removes the last, Esc clears.");
            return;
        }
        for (k, leg) in legs.iter().enumerate().take(6) {
            ui.label(format!(
                "Leg {}: {} at {}",
                k + 1,
                distance_text(leg.km),
                bearing_text(leg.initial_bearing_deg)
            ));
        }
        ui.strong(format!("Total {}", distance_text(m.total_km())));
    });
}

/// The "HYPOTHETICAL — PLANNING ONLY" marking, always on the map.
fn draw_marking(ui: &Ui, map_rect: egui::Rect) {
    let text = "HYPOTHETICAL — PLANNING ONLY";
    let pos = map_rect.left_top() + egui::vec2(10.0, 10.0);
    let painter = ui.painter();
    let galley = painter.layout_no_wrap(
        text.into(),
        egui::FontId::proportional(13.0),
        Color32::WHITE,
    );
    let bg = egui::Rect::from_min_size(pos, galley.size() + egui::vec2(12.0, 6.0));
    painter.rect_filled(bg, 3.0, Color32::from_rgb(0xb0, 0x1c, 0x1c));
    painter.galley(pos + egui::vec2(6.0, 3.0), galley, Color32::WHITE);
}

impl eframe::App for CoalitionApp {
    fn ui(&mut self, ui: &mut Ui, frame: &mut eframe::Frame) {
        self.refresh_displays(frame);
        CoalitionApp::ui(self, ui);
    }
}
