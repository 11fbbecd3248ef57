//! The application: owns the plan, the map data and the UI state, and applies commands.
//!
//! Every frame the panels draw from borrowed state and return [`Command`]s; they are
//! applied here, in one place, after drawing. That is what keeps undo/redo, tests and
//! the command line simple.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::{Color32, Key, KeyboardShortcut, Modifiers, RichText, Ui};

pub use crate::command::ViewPreset;
use crate::command::{Command, SelectHow, Tool};
use crate::map::MapData;
use crate::map::hub_index::HubIndex;
use crate::map::rings::{WorldRing, plan_rings};
use crate::model::geography::{LayerKind, RegionLayer};
use crate::model::history::History;
use crate::model::hub::{Ceasefire, Hub, HubId, Status};
use crate::model::plan::Plan;
use crate::model::plan_file;
use crate::model::plan_io;
use crate::model::site::{HostileBorders, Site, analyse};
use crate::model::slide::{Layers, Slide};
use crate::projection::GeoBounds;
use crate::storage::{Recovery, Storage};
use crate::ui::hub_layer::StatusPulse;
use crate::ui::hub_panel::HubPanel;
use crate::ui::map_view::{EUROPE_BOUNDS, FIT_PADDING, HoverInfo, MapInput, MapView};
use crate::ui::presentation::{PRESENT_ZOOM, Presentation};
use crate::ui::roster_panel::RosterPanel;
use crate::ui::slides_panel::SlidesPanel;
use crate::ui::theme::MapTheme;
use crate::ui::{legend, status_bar};

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
}

/// Sites computed per hub, reused while a hub neither moves nor the rules change.
#[derive(Default)]
struct SiteCache {
    /// Key: basemap/roster revision and buffer; a change recomputes everything.
    key: Option<(u64, u64)>,
    by_hub: HashMap<HubId, ((f64, f64), Site)>,
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
    pending_png: Option<PathBuf>,
    screenshot_result: Arc<Mutex<Option<Message>>>,
    measurement: crate::model::measure::Measurement,
    // Briefing.
    /// Layers the editing map draws.
    layers: Layers,
    /// Range rings of the plan's hubs, refreshed with the sites.
    rings: Vec<WorldRing>,
    slides_panel: SlidesPanel,
    presenting: Option<Presentation>,
    /// Entering (true) or leaving (false) presentation mode, applied after the commands:
    /// full screen and larger type need the egui context.
    presentation_switch: Option<bool>,
    /// egui zoom factor before presenting, restored on leaving.
    zoom_before_presenting: f32,
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

const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const OPEN_BASEMAP: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::O);
const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
const COPY: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::C);
const PASTE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::V);
const DUPLICATE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::D);
const SELECT_ALL: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::A);

/// How far pasted hubs are offset from the originals, degrees.
const PASTE_OFFSET_DEG: f64 = 0.15;

impl CoalitionApp {
    /// A new app on the given map data with an empty plan.
    pub fn new(data: MapData) -> Self {
        Self::with_plan(data, Plan::default())
    }

    /// A new app on the given map data and plan.
    pub fn with_plan(data: MapData, plan: Plan) -> Self {
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
            pending_png: None,
            measurement: Default::default(),
            layers: Layers::default(),
            rings: Vec::new(),
            slides_panel: SlidesPanel::default(),
            presenting: None,
            presentation_switch: None,
            zoom_before_presenting: 1.0,
            screenshot_result: Arc::new(Mutex::new(None)),
        }
        .mark_saved()
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
    pub fn current_view(&self) -> GeoBounds {
        use crate::projection::{MAX_LATITUDE, Projector};
        let Some(viewport) = self.map.viewport() else {
            return self.preset_bounds(ViewPreset::Ukraine);
        };
        let p = Projector::new(self.map.camera(), viewport);
        let (w, n) = p.geo_from_screen(viewport.min_x, viewport.min_y);
        let (e, s) = p.geo_from_screen(
            viewport.min_x + viewport.width,
            viewport.min_y + viewport.height,
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
        if self.borders_revision != Some(self.map_revision) {
            self.borders = HostileBorders::build(&self.data.geography.countries, &self.plan.roster);
            self.borders_revision = Some(self.map_revision);
        }
        let key = (self.revision, self.map_revision);
        if self.derived_revision == Some(key) {
            return;
        }
        let cache_key = (self.map_revision, self.plan.hostile_buffer_km.to_bits());
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
                let pos = (hub.lon, hub.lat);
                let site = match self.site_cache.by_hub.remove(&hub.id) {
                    Some((p, site)) if p == pos => site,
                    _ => analyse(
                        hub,
                        &self.data.geography,
                        &self.borders,
                        self.plan.hostile_buffer_km,
                    ),
                };
                fresh.insert(hub.id, (pos, site.clone()));
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
        ui.ctx().set_theme(if self.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        self.refresh_derived();
        let mut commands = if self.presenting.is_some() {
            self.presentation_keys(ui)
        } else {
            self.shortcuts(ui)
        };
        self.housekeeping(ui, &mut commands);
        if self.presenting.is_some() {
            self.presentation_ui(ui, &mut commands);
        } else {
            self.editor_ui(ui, &mut commands);
        }
        for command in commands {
            self.apply(command);
        }
        self.switch_presentation(ui);
        if let Some(text) = self.pending_copy.take() {
            ui.ctx().copy_text(text);
        }
    }

    /// Enters or leaves full screen and the larger presentation type.
    fn switch_presentation(&mut self, ui: &Ui) {
        let Some(enter) = self.presentation_switch.take() else {
            return;
        };
        let ctx = ui.ctx();
        if enter {
            self.zoom_before_presenting = ctx.zoom_factor();
            ctx.set_zoom_factor(self.zoom_before_presenting * PRESENT_ZOOM);
            // Keys go to the presentation, not to a text field left focused.
            ctx.memory_mut(|m| {
                if let Some(id) = m.focused() {
                    m.surrender_focus(id);
                }
            });
        } else {
            ctx.set_zoom_factor(self.zoom_before_presenting);
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(enter));
    }

    /// The editing screen: toolbar, side panel, status bar and the map.
    fn editor_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let theme = MapTheme::for_dark(self.dark);
        self.map
            .set_insets(crate::projection::Insets::uniform(FIT_PADDING));

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
                                .show(ui, |ui| crate::ui::charts::show(ui, &self.plan, theme));
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
            let pulse = self
                .pulse
                .as_ref()
                .filter(|p| self.now - p.start < crate::ui::hub_layer::PULSE_SECONDS);
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
            };
            let out = self.map.show(ui, &input);
            self.hover = out.hover;
            commands.extend(out.commands);
            if self.layers.legend {
                let counts = legend::role_counts(&self.plan, &self.data.geography.countries);
                let status = self.plan.status_counts();
                legend::show(
                    ui,
                    map_rect,
                    &counts,
                    (status.active, status.inactive),
                    theme,
                );
            }
            draw_marking(ui, map_rect);
            if self.tool == Tool::Measure || !self.measurement.points().is_empty() {
                measure_summary(ui, map_rect, &self.measurement);
            }
        });
    }

    /// The presentation screen: title bar, full-screen map, state bar; nothing editable.
    fn presentation_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let theme = MapTheme::projector(self.dark);
        let Some(pres) = self.presenting.as_mut() else {
            return;
        };
        let changed = pres.refresh(&self.plan, self.revision, &self.sites);
        if !changed.is_empty() {
            self.pulse = Some(StatusPulse {
                start: self.now,
                changed,
            });
        }
        let Some(pres) = self.presenting.as_ref() else {
            return;
        };
        let slide = pres.slide.and_then(|i| self.plan.slides.get(i));
        let bar = egui::Frame::new()
            .fill(ui.visuals().panel_fill)
            .inner_margin(egui::Margin::symmetric(14, 8));
        egui::Panel::top("present_title").frame(bar).show(ui, |ui| {
            let caption = slide.map_or(
                "This plan has no slides yet: add them in the Slides tab",
                |s| s.caption.as_str(),
            );
            let position = pres.slide.map(|i| (i, self.plan.slides.len()));
            crate::ui::presentation::title_bar(ui, &self.plan.title, caption, position);
        });
        egui::Panel::bottom("present_state")
            .frame(bar)
            .show(ui, |ui| {
                if pres.show_notes {
                    crate::ui::presentation::notes(ui, slide.map_or("", |s| s.notes.as_str()));
                }
                let counts = pres.shown.status_counts();
                crate::ui::presentation::state_bar(
                    ui,
                    pres.ceasefire,
                    counts.active,
                    counts.inactive,
                );
            });
        if pres.layers.charts {
            // Beside the map, not over it: the slide's box is fitted to what is left.
            let width = (ui.available_width() * 0.38).clamp(340.0, 560.0);
            egui::Panel::right("present_charts")
                .frame(bar)
                .resizable(false)
                .exact_size(width)
                .show(ui, |ui| {
                    crate::ui::presentation::charts_panel(ui, &pres.shown, theme)
                });
        }
        // Slides are fitted beside the legend and below the marking, not under them.
        self.map.set_insets(crate::projection::Insets {
            left: FIT_PADDING,
            top: FIT_PADDING + 28.0,
            right: FIT_PADDING
                + if pres.layers.legend {
                    f64::from(legend::legend_rect(egui::Rect::ZERO).width()) + 10.0
                } else {
                    0.0
                },
            bottom: FIT_PADDING + 16.0,
        });
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let map_rect = ui.available_rect_before_wrap();
            self.map_rect = Some(map_rect);
            let pulse = self
                .pulse
                .as_ref()
                .filter(|p| self.now - p.start < crate::ui::hub_layer::PULSE_SECONDS);
            let no_measurement = crate::model::measure::Measurement::default();
            let input = MapInput {
                data: &self.data,
                plan: &pres.shown,
                revision: self.map_revision,
                theme,
                sites: &pres.sites,
                selection: &self.selection,
                hub_index: &pres.index,
                tool: Tool::Select,
                editable: false,
                pulse,
                measurement: &no_measurement,
                layers: pres.layers,
                rings: &pres.rings,
            };
            let out = self.map.show(ui, &input);
            self.hover = out.hover;
            // Clicks may select (to point at a hub); nothing else the map asks is done.
            commands.extend(
                out.commands
                    .into_iter()
                    .filter(|c| matches!(c, Command::Select { .. })),
            );
            if pres.layers.legend {
                let counts = legend::role_counts(&pres.shown, &self.data.geography.countries);
                let status = pres.shown.status_counts();
                legend::show(
                    ui,
                    map_rect,
                    &counts,
                    (status.active, status.inactive),
                    theme,
                );
            }
            draw_marking(ui, map_rect);
        });
    }

    /// Keys while presenting: slides, the ceasefire shown, notes, leaving.
    fn presentation_keys(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        let Some(pres) = &self.presenting else {
            return commands;
        };
        let mut c = pres.ceasefire;
        ui.input_mut(|i| {
            let mut pressed = |key: Key| i.consume_key(Modifiers::NONE, key);
            if pressed(Key::Escape) | pressed(Key::F5) {
                commands.push(Command::StopPresenting);
            }
            // A presenter clicker sends PageDown/PageUp.
            if pressed(Key::ArrowRight) | pressed(Key::PageDown) | pressed(Key::Space) {
                commands.push(Command::NextSlide);
            }
            if pressed(Key::ArrowLeft) | pressed(Key::PageUp) | pressed(Key::Backspace) {
                commands.push(Command::PrevSlide);
            }
            if pressed(Key::Home) {
                commands.push(Command::GoToSlide(0));
            }
            if pressed(Key::End) {
                commands.push(Command::GoToSlide(usize::MAX));
            }
            if pressed(Key::C) {
                c.set_in_effect(!c.in_effect());
                commands.push(Command::SetShownCeasefire(c));
            }
            if pressed(Key::V) {
                if !c.in_effect() {
                    c.set_in_effect(true);
                }
                c.set_verified(!c.verified());
                commands.push(Command::SetShownCeasefire(c));
            }
            if pressed(Key::P) {
                if !c.in_effect() {
                    c.set_in_effect(true);
                }
                c.set_peace_signed(!c.peace_signed());
                commands.push(Command::SetShownCeasefire(c));
            }
            if pressed(Key::N) {
                commands.push(Command::ToggleNotes);
            }
        });
        commands
    }

    fn shortcuts(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        // While a text field has the keyboard, its own editing keys win.
        let typing = ui.ctx().egui_wants_keyboard_input();
        ui.input_mut(|i| {
            if i.consume_shortcut(&OPEN_BASEMAP) {
                commands.push(Command::PickBasemap);
            }
            if i.consume_shortcut(&SAVE_AS) {
                commands.push(Command::PickSaveAs);
            }
            if i.consume_shortcut(&SAVE) {
                commands.push(Command::Save);
            }
            if i.consume_shortcut(&OPEN) {
                commands.push(Command::PickOpen);
            }
            if i.consume_shortcut(&EXPORT) {
                commands.push(Command::PickExport(crate::export::Format::GeoJson));
            }
            if typing {
                return;
            }
            // Most specific first: Ctrl+Shift+Z must not be taken as Ctrl+Z.
            if i.consume_shortcut(&REDO) || i.consume_shortcut(&REDO_Y) {
                commands.push(Command::Redo);
            }
            if i.consume_shortcut(&UNDO) {
                commands.push(Command::Undo);
            }
            if i.consume_shortcut(&DUPLICATE) {
                commands.push(Command::DuplicateSelected);
            }
            if i.consume_shortcut(&SELECT_ALL) {
                commands.push(Command::Select {
                    ids: self.plan.hubs.iter().map(|h| h.id).collect(),
                    how: SelectHow::Replace,
                });
            }
            // eframe turns Ctrl+C / Ctrl+V into Copy / Paste events; tests send keys.
            let copy = i.consume_shortcut(&COPY)
                || i.events.iter().any(|e| matches!(e, egui::Event::Copy));
            if copy {
                commands.push(Command::CopySelected);
            }
            let pasted_text = i.events.iter().find_map(|e| match e {
                egui::Event::Paste(text) => Some(text.clone()),
                _ => None,
            });
            if let Some(text) = pasted_text {
                // Hubs copied from another window arrive as GeoJSON text.
                if let Ok((plan, report)) = plan_file::from_geojson(&text, "clipboard")
                    && report.hubs > 0
                {
                    self.clipboard = plan.hubs;
                }
                commands.push(Command::Paste);
            } else if i.consume_shortcut(&PASTE) {
                commands.push(Command::Paste);
            }
            if i.modifiers.is_none() {
                if i.key_pressed(Key::A) {
                    commands.push(Command::SetTool(Tool::AddHub));
                }
                if i.key_pressed(Key::S) {
                    commands.push(Command::SetTool(Tool::Select));
                }
                if i.key_pressed(Key::M) {
                    commands.push(Command::SetTool(Tool::Measure));
                }
                if i.key_pressed(Key::F5) {
                    commands.push(Command::Present(self.slides_panel.selected()));
                }
                if i.key_pressed(Key::C) {
                    let mut c = self.plan.ceasefire;
                    c.set_in_effect(!c.in_effect());
                    commands.push(Command::SetCeasefire(c));
                }
                if i.key_pressed(Key::Escape) && !self.measurement.points().is_empty() {
                    // Escape first clears a measurement, then leaves the tool.
                    commands.push(Command::MeasureClear);
                } else if i.key_pressed(Key::Escape) {
                    if self.tool == Tool::Select {
                        commands.push(Command::Select {
                            ids: Vec::new(),
                            how: SelectHow::Replace,
                        });
                    }
                    commands.push(Command::SetTool(Tool::Select));
                }
                if self.tool == Tool::Measure && i.key_pressed(Key::Backspace) {
                    commands.push(Command::MeasurePop);
                } else if i.key_pressed(Key::Delete) || i.key_pressed(Key::Backspace) {
                    commands.push(Command::DeleteSelected);
                }
            }
        });
        commands
    }

    fn toolbar(&self, ui: &mut Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                let ctx = ui.ctx().clone();
                let sc = |s: &KeyboardShortcut| ctx.format_shortcut(s);
                if ui.button("New plan").clicked() {
                    commands.push(Command::NewPlan);
                }
                if ui
                    .add(egui::Button::new("Open…").shortcut_text(sc(&OPEN)))
                    .clicked()
                {
                    commands.push(Command::PickOpen);
                }
                ui.add_enabled_ui(!self.recent.is_empty(), |ui| {
                    ui.menu_button("Open recent", |ui| {
                        for path in &self.recent {
                            if ui.button(path.display().to_string()).clicked() {
                                commands.push(Command::OpenPlan(path.clone()));
                            }
                        }
                    });
                });
                if ui
                    .add(egui::Button::new("Save").shortcut_text(sc(&SAVE)))
                    .clicked()
                {
                    commands.push(Command::Save);
                }
                if ui
                    .add(egui::Button::new("Save As…").shortcut_text(sc(&SAVE_AS)))
                    .clicked()
                {
                    commands.push(Command::PickSaveAs);
                }
                ui.separator();
                if ui
                    .button("Import hubs…")
                    .on_hover_text("Add the points of a GeoJSON or CSV file as hubs")
                    .clicked()
                {
                    commands.push(Command::PickImport);
                }
                ui.menu_button("Export", |ui| {
                    use crate::export::Format;
                    if ui
                        .add(egui::Button::new("Hubs as GeoJSON…").shortcut_text(sc(&EXPORT)))
                        .clicked()
                    {
                        commands.push(Command::PickExport(Format::GeoJson));
                    }
                    if ui.button("Hubs as KML (Google Earth)…").clicked() {
                        commands.push(Command::PickExport(Format::Kml));
                    }
                    if ui.button("Hubs as CSV (spreadsheets)…").clicked() {
                        commands.push(Command::PickExport(Format::Csv));
                    }
                    if ui.button("View as SVG…").clicked() {
                        commands.push(Command::PickExport(Format::Svg));
                    }
                    if ui.button("View as PNG…").clicked() {
                        commands.push(Command::PickExportPng);
                    }
                    if ui
                        .add_enabled(
                            !self.plan.slides.is_empty(),
                            egui::Button::new("Slides as SVG (one file each)…"),
                        )
                        .clicked()
                    {
                        commands.push(Command::PickExportSlides);
                    }
                });
                ui.separator();
                if ui
                    .add(
                        egui::Button::new("Open basemap…")
                            .shortcut_text(ui.ctx().format_shortcut(&OPEN_BASEMAP)),
                    )
                    .clicked()
                {
                    commands.push(Command::PickBasemap);
                }
                if ui.button("Use built-in basemap").clicked() {
                    commands.push(Command::ResetBasemap);
                }
                ui.separator();
                if ui.button("Quit").clicked() {
                    // The close request comes back next frame and asks about unsaved work.
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("Edit", |ui| {
                if ui
                    .add_enabled(
                        self.history.can_undo(),
                        egui::Button::new("Undo").shortcut_text(ui.ctx().format_shortcut(&UNDO)),
                    )
                    .clicked()
                {
                    commands.push(Command::Undo);
                }
                if ui
                    .add_enabled(
                        self.history.can_redo(),
                        egui::Button::new("Redo").shortcut_text(ui.ctx().format_shortcut(&REDO)),
                    )
                    .clicked()
                {
                    commands.push(Command::Redo);
                }
                ui.separator();
                let any = !self.selection.is_empty();
                if ui
                    .add_enabled(
                        any,
                        egui::Button::new("Copy").shortcut_text(ui.ctx().format_shortcut(&COPY)),
                    )
                    .clicked()
                {
                    commands.push(Command::CopySelected);
                }
                if ui
                    .add_enabled(
                        !self.clipboard.is_empty(),
                        egui::Button::new("Paste").shortcut_text(ui.ctx().format_shortcut(&PASTE)),
                    )
                    .clicked()
                {
                    commands.push(Command::Paste);
                }
                if ui
                    .add_enabled(
                        any,
                        egui::Button::new("Duplicate")
                            .shortcut_text(ui.ctx().format_shortcut(&DUPLICATE)),
                    )
                    .clicked()
                {
                    commands.push(Command::DuplicateSelected);
                }
                if ui
                    .add_enabled(any, egui::Button::new("Delete").shortcut_text("Del"))
                    .clicked()
                {
                    commands.push(Command::DeleteSelected);
                }
                ui.separator();
                if ui
                    .add(
                        egui::Button::new("Select all")
                            .shortcut_text(ui.ctx().format_shortcut(&SELECT_ALL)),
                    )
                    .clicked()
                {
                    commands.push(Command::Select {
                        ids: self.plan.hubs.iter().map(|h| h.id).collect(),
                        how: SelectHow::Replace,
                    });
                }
                ui.separator();
                ui.label("Warn when a hub is closer to a hostile border than:");
                let mut km = self.plan.hostile_buffer_km;
                let resp = ui.add(
                    egui::DragValue::new(&mut km)
                        .range(0.0..=1000.0)
                        .suffix(" km"),
                );
                if (resp.changed() && !resp.dragged()) || resp.drag_stopped() {
                    commands.push(Command::SetHostileBuffer(km));
                }
            });
            ui.menu_button("View", |ui| {
                if ui.button("Ukraine").clicked() {
                    commands.push(Command::Fit(ViewPreset::Ukraine));
                }
                if ui.button("Europe").clicked() {
                    commands.push(Command::Fit(ViewPreset::Europe));
                }
                if ui.button("Whole coalition").clicked() {
                    commands.push(Command::Fit(ViewPreset::Coalition));
                }
                ui.separator();
                if ui
                    .checkbox(&mut self.show_side_panel.clone(), "Side panel")
                    .clicked()
                {
                    commands.push(Command::ToggleSidePanel);
                }
                let mut dark = self.dark;
                if ui.checkbox(&mut dark, "Dark theme").clicked() {
                    commands.push(Command::SetDarkMode(dark));
                }
                ui.separator();
                let mut layers = self.layers;
                ui.checkbox(&mut layers.hubs, "Hubs");
                ui.checkbox(&mut layers.hub_labels, "Hub names");
                ui.checkbox(&mut layers.range_rings, "Range rings (all hubs)");
                ui.checkbox(&mut layers.oblasts, "Oblasts");
                ui.checkbox(&mut layers.place_labels, "Place names");
                ui.checkbox(&mut layers.legend, "Legend");
                if layers != self.layers {
                    commands.push(Command::SetLayers(layers));
                }
                ui.separator();
                if ui
                    .add(egui::Button::new("Present").shortcut_text("F5"))
                    .clicked()
                {
                    commands.push(Command::Present(self.slides_panel.selected()));
                }
            });
            ui.separator();
            if ui
                .selectable_label(self.tool == Tool::Select, "Select")
                .on_hover_text("Click to select, drag to move hubs, Shift-drag for a box (S)")
                .clicked()
            {
                commands.push(Command::SetTool(Tool::Select));
            }
            if ui
                .selectable_label(self.tool == Tool::AddHub, "Add hub")
                .on_hover_text("Click the map to place a hub (A)")
                .clicked()
            {
                commands.push(Command::SetTool(Tool::AddHub));
            }
            if ui
                .selectable_label(self.tool == Tool::Measure, "Measure")
                .on_hover_text(
                    "Click points to measure geodesic distances and bearings (M); Esc clears",
                )
                .clicked()
            {
                commands.push(Command::SetTool(Tool::Measure));
            }
            ui.separator();
            commands.extend(ceasefire_controls(ui, self.plan.ceasefire));
            ui.separator();
            if ui
                .button("Fit Ukraine")
                .on_hover_text("Show all of Ukraine")
                .clicked()
            {
                commands.push(Command::Fit(ViewPreset::Ukraine));
            }
            if ui
                .button("Fit coalition")
                .on_hover_text("Show every coalition country")
                .clicked()
            {
                commands.push(Command::Fit(ViewPreset::Coalition));
            }
            if ui
                .button("Present")
                .on_hover_text("Full-screen presentation of the slides (F5); Esc leaves")
                .clicked()
            {
                commands.push(Command::Present(self.slides_panel.selected()));
            }
            let theme_label = if self.dark {
                "Light theme"
            } else {
                "Dark theme"
            };
            if ui
                .button(theme_label)
                .on_hover_text("Switch the colour theme")
                .clicked()
            {
                commands.push(Command::SetDarkMode(!self.dark));
            }
        });
        commands
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
            Command::PickOpen => {
                if let Some(path) = rfd::FileDialog::new()
                    .set_title("Open a plan")
                    .add_filter("Plans (GeoJSON, CSV)", &["geojson", "json", "csv"])
                    .pick_file()
                {
                    self.apply(Command::OpenPlan(path));
                }
            }
            Command::OpenPlan(path) => self.ask_then(PendingAction::Open(path)),
            Command::Save => match self.file.clone() {
                Some(path) => {
                    self.save_to(&path);
                }
                None => self.apply(Command::PickSaveAs),
            },
            Command::PickSaveAs => {
                if let Some(path) = rfd::FileDialog::new()
                    .set_title("Save the plan")
                    .add_filter("GeoJSON plan", &["geojson"])
                    .set_file_name(self.suggested_file_name("geojson"))
                    .save_file()
                {
                    self.apply(Command::SaveAs(path));
                }
            }
            Command::SaveAs(path) => {
                self.save_to(&path);
            }
            Command::PickImport => {
                if let Some(path) = rfd::FileDialog::new()
                    .set_title("Import hubs")
                    .add_filter("Points (GeoJSON, CSV)", &["geojson", "json", "csv"])
                    .pick_file()
                {
                    self.apply(Command::ImportHubs(path));
                }
            }
            Command::ImportHubs(path) => self.import_hubs(&path),
            Command::PickExport(format) => {
                if let Some(path) = rfd::FileDialog::new()
                    .set_title("Export")
                    .add_filter(format.extension().to_uppercase(), &[format.extension()])
                    .set_file_name(self.suggested_file_name(format.extension()))
                    .save_file()
                {
                    self.apply(Command::ExportTo(format, path));
                }
            }
            Command::ExportTo(format, path) => self.export_to(format, &path),
            Command::PickExportSlides => {
                if let Some(dir) = rfd::FileDialog::new()
                    .set_title("Export the slides as SVG into a folder")
                    .pick_folder()
                {
                    self.apply(Command::ExportSlides(dir));
                }
            }
            Command::ExportSlides(dir) => {
                let options = crate::cli::SvgOptions {
                    dark: self.dark,
                    ..Default::default()
                };
                match crate::cli::export_slides(&self.plan, &self.data, &dir, options, |_| {}) {
                    Ok(n) => {
                        self.message = Some(Message {
                            text: format!("Wrote {n} slides as SVG to {}", dir.display()),
                            is_error: false,
                        });
                    }
                    Err(e) => self.show_error(format!("Slides not exported: {e}")),
                }
            }
            Command::PickExportPng => {
                if let Some(path) = rfd::FileDialog::new()
                    .set_title("Export the view as PNG")
                    .add_filter("PNG", &["png"])
                    .set_file_name(self.suggested_file_name("png"))
                    .save_file()
                {
                    self.pending_png = Some(path);
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
            Command::ConfirmSave => {
                let saved = match self.file.clone() {
                    Some(path) => self.save_to(&path),
                    None => match rfd::FileDialog::new()
                        .set_title("Save the plan")
                        .add_filter("GeoJSON plan", &["geojson"])
                        .set_file_name(self.suggested_file_name("geojson"))
                        .save_file()
                    {
                        Some(path) => self.save_to(&path),
                        None => false,
                    },
                };
                if saved && let Some(action) = self.confirm.take() {
                    self.proceed(action);
                }
            }
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
                    let pres = Presentation::new(&self.plan, start, self.layers, 1.0);
                    if let Some(slide) = pres.slide.and_then(|i| self.plan.slides.get(i)) {
                        self.map.fit(slide.view, false);
                    }
                    self.presenting = Some(pres);
                    self.presentation_switch = Some(true);
                }
            }
            Command::StopPresenting => {
                if let Some(pres) = self.presenting.take() {
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
            Command::SetLayers(layers) => self.layers = layers,
            Command::Fit(preset) => self.map.fit(self.preset_bounds(preset), true),
            Command::PickBasemap => {
                if let Some(path) = rfd::FileDialog::new()
                    .set_title("Open a GeoJSON basemap")
                    .add_filter("GeoJSON", &["geojson", "json"])
                    .pick_file()
                {
                    self.apply(Command::LoadBasemap(path));
                }
            }
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
        self.map.fit(self.preset_bounds(preset), false);
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
        self.history.clear();
        self.selection.clear();
        self.revision += 1;
        self.map_revision += 1;
    }

    /// Loads a basemap file; on failure the current map stays and the cause is shown.
    pub fn load_basemap(&mut self, path: &Path) {
        match RegionLayer::from_path(path, LayerKind::Countries) {
            Ok(layer) => {
                let skipped = layer.skipped();
                let count = layer.regions().len();
                self.data.replace_basemap(layer, path.display().to_string());
                self.map_revision += 1;
                let mut text = format!("Basemap {}: {count} areas loaded", path.display());
                if skipped > 0 {
                    text.push_str(&format!(", {skipped} non-polygon feature(s) skipped"));
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

impl CoalitionApp {
    /// Runs `action` now, or first asks about unsaved changes.
    fn ask_then(&mut self, action: PendingAction) {
        if self.is_dirty() {
            self.confirm = Some(action);
        } else {
            self.proceed(action);
        }
    }

    fn proceed(&mut self, action: PendingAction) {
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

    fn suggested_file_name(&self, extension: &str) -> String {
        let stem = self
            .file
            .as_ref()
            .and_then(|p| p.file_stem())
            .map_or_else(|| "plan".to_owned(), |s| s.to_string_lossy().into_owned());
        format!("{stem}.{extension}")
    }

    /// Opens a plan file, replacing the current plan; on failure nothing changes and
    /// the cause is shown.
    pub fn open_plan(&mut self, path: &Path) {
        match plan_io::open_plan(path) {
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
            }
            Err(e) => self.show_error(e.to_string()),
        }
    }

    /// Saves the plan atomically; returns whether it worked. The file keeps the plan.
    pub fn save_to(&mut self, path: &Path) -> bool {
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
                    text: format!("Saved {}", path.display()),
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
    pub fn import_hubs(&mut self, path: &Path) {
        match plan_io::open_plan(path) {
            Ok((imported, report)) => {
                if imported.hubs.is_empty() {
                    self.show_error(format!(
                        "{}: no points to import. {}",
                        path.display(),
                        read_summary(path, &report)
                    ));
                    return;
                }
                self.record();
                let mut ids = BTreeSet::new();
                for hub in imported.hubs {
                    ids.insert(self.plan.insert_hub(hub));
                }
                self.selection = ids;
                self.message = Some(Message {
                    text: read_summary(path, &report),
                    is_error: false,
                });
            }
            Err(e) => self.show_error(e.to_string()),
        }
    }

    /// Exports the plan (hubs, or the current view for SVG) to a file.
    pub fn export_to(&mut self, format: crate::export::Format, path: &Path) {
        self.refresh_derived();
        let text = match format {
            crate::export::Format::Svg => {
                let (width, height) = self
                    .map_rect
                    .map_or((1366.0, 768.0), |r| (r.width() as f64, r.height() as f64));
                let view = crate::export::svg::SvgView {
                    camera: self.map.camera(),
                    width,
                    height,
                    dark: self.dark,
                    layers: self.layers,
                };
                Ok(crate::export::svg::view_svg(
                    &self.data,
                    &self.plan,
                    &self.sites,
                    &view,
                    &crate::export::today(),
                ))
            }
            _ => crate::cli::export_text(&self.plan, &self.sites, &self.data, format),
        };
        match text
            .and_then(|t| plan_io::write_atomic(path, t.as_bytes()).map_err(|e| e.to_string()))
        {
            Ok(()) => {
                self.message = Some(Message {
                    text: format!(
                        "Exported {} hubs to {}",
                        self.plan.hubs.len(),
                        path.display()
                    ),
                    is_error: false,
                })
            }
            Err(e) => self.show_error(e),
        }
    }

    /// Window-level work each frame: title, close requests, dropped files, autosave,
    /// PNG screenshots, and the dialogs that wait for an answer.
    fn housekeeping(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
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
        if let Some(path) = self.pending_png.take() {
            let rect = self.map_rect;
            let result = self.screenshot_result.clone();
            let repaint = ctx.clone();
            ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(
                egui::ScreenshotCallback::new(move |image| {
                    let outcome = save_png(&image, rect, repaint.pixels_per_point(), &path);
                    if let Ok(mut slot) = result.lock() {
                        *slot = Some(outcome);
                    }
                    repaint.request_repaint();
                }),
            ));
        }
        if let Some(msg) = self
            .screenshot_result
            .lock()
            .ok()
            .and_then(|mut m| m.take())
        {
            self.message = Some(msg);
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
        if let Some(action) = &self.confirm {
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
    text
}

/// Crops a window screenshot to the map and writes it as PNG.
fn save_png(
    image: &egui::ColorImage,
    map_rect: Option<egui::Rect>,
    pixels_per_point: f32,
    path: &Path,
) -> Message {
    let [w, h] = image.size;
    let (x0, y0, x1, y1) = match map_rect {
        Some(r) => (
            ((r.min.x * pixels_per_point).max(0.0) as usize).min(w),
            ((r.min.y * pixels_per_point).max(0.0) as usize).min(h),
            ((r.max.x * pixels_per_point) as usize).min(w),
            ((r.max.y * pixels_per_point) as usize).min(h),
        ),
        None => (0, 0, w, h),
    };
    let (cw, ch) = (x1.saturating_sub(x0), y1.saturating_sub(y0));
    let mut rgba = Vec::with_capacity(cw * ch * 4);
    for y in y0..y1 {
        for x in x0..x1 {
            rgba.extend_from_slice(&image.pixels[y * w + x].to_array());
        }
    }
    let mut png = Vec::new();
    let encoded = image::ImageBuffer::<image::Rgba<u8>, _>::from_raw(cw as u32, ch as u32, rgba)
        .ok_or_else(|| "empty image".to_owned())
        .and_then(|buf| {
            buf.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
                .map_err(|e| e.to_string())
        })
        .and_then(|()| plan_io::write_atomic(path, &png).map_err(|e| e.to_string()));
    match encoded {
        Ok(()) => Message {
            text: format!("Exported the view to {}", path.display()),
            is_error: false,
        },
        Err(e) => Message {
            text: format!("{}: cannot write the PNG: {e}", path.display()),
            is_error: true,
        },
    }
}

/// The toolbar's ceasefire controls: the main toggle, then verification and peace,
/// which only exist while a ceasefire is in effect.
fn ceasefire_controls(ui: &mut Ui, state: Ceasefire) -> Vec<Command> {
    let mut commands = Vec::new();
    let on = state.in_effect();
    if ceasefire_switch(ui, on)
        .on_hover_text(if on {
            "A ceasefire is in effect: hubs that wait for it are active. Click to end it."
        } else {
            "No ceasefire: hubs that wait for one are inactive. Click to declare one in effect."
        })
        .clicked()
    {
        let mut next = state;
        next.set_in_effect(!on);
        commands.push(Command::SetCeasefire(next));
    }
    let mut verified = state.verified();
    if ui
        .add_enabled(on, egui::Checkbox::new(&mut verified, "Verified"))
        .changed()
    {
        let mut next = state;
        next.set_verified(verified);
        commands.push(Command::SetCeasefire(next));
    }
    let mut peace = state.peace_signed();
    if ui
        .add_enabled(on, egui::Checkbox::new(&mut peace, "Peace agreement"))
        .changed()
    {
        let mut next = state;
        next.set_peace_signed(peace);
        commands.push(Command::SetCeasefire(next));
    }
    commands
}

/// The prominent on/off switch for the ceasefire: a pill that slides, green when on,
/// red when off, with its label. Reads as a checkbox to screen readers and tests.
fn ceasefire_switch(ui: &mut Ui, on: bool) -> egui::Response {
    let label = "Ceasefire in effect";
    let font = egui::FontId::proportional(15.0);
    let galley = ui
        .painter()
        .layout_no_wrap(label.into(), font, ui.visuals().strong_text_color());
    let pill = egui::vec2(38.0, 20.0);
    let size = egui::vec2(
        pill.x + 8.0 + galley.size().x + 10.0,
        pill.y.max(galley.size().y) + 6.0,
    );
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, label));
    let t = ui.ctx().animate_bool_responsive(response.id, on);
    let green = Color32::from_rgb(0x1e, 0x9e, 0x46);
    let red = Color32::from_rgb(0xb0, 0x24, 0x24);
    let fill = Color32::from_rgb(
        egui::lerp(red.r() as f32..=green.r() as f32, t) as u8,
        egui::lerp(red.g() as f32..=green.g() as f32, t) as u8,
        egui::lerp(red.b() as f32..=green.b() as f32, t) as u8,
    );
    let painter = ui.painter();
    let frame = rect.shrink2(egui::vec2(2.0, 1.0));
    painter.rect(
        frame,
        6.0,
        fill.gamma_multiply(0.18),
        egui::Stroke::new(if response.hovered() { 2.0 } else { 1.0 }, fill),
        egui::StrokeKind::Inside,
    );
    let pill_rect = egui::Rect::from_min_size(
        egui::pos2(frame.left() + 4.0, rect.center().y - pill.y / 2.0),
        pill,
    );
    painter.rect_filled(pill_rect, pill.y / 2.0, fill);
    let knob_x = egui::lerp(
        pill_rect.left() + pill.y / 2.0..=pill_rect.right() - pill.y / 2.0,
        t,
    );
    painter.circle_filled(
        egui::pos2(knob_x, pill_rect.center().y),
        pill.y / 2.0 - 3.0,
        Color32::WHITE,
    );
    painter.galley(
        egui::pos2(
            pill_rect.right() + 8.0,
            rect.center().y - galley.size().y / 2.0,
        ),
        galley,
        Color32::WHITE,
    );
    response
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
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        CoalitionApp::ui(self, ui);
    }
}
