//! The application: owns the plan, the map data and the UI state, and applies commands.
//!
//! Every frame the panels draw from borrowed state and return [`Command`]s; they are
//! applied here, in one place, after drawing. That is what keeps undo/redo, tests and
//! the command line simple.

use std::path::Path;

use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};

use crate::command::Command;
pub use crate::command::ViewPreset;
use crate::map::MapData;
use crate::model::geography::{LayerKind, RegionLayer};
use crate::model::history::History;
use crate::model::plan::Plan;
use crate::projection::GeoBounds;
use crate::ui::map_view::{EUROPE_BOUNDS, HoverInfo, MapInput, MapView};
use crate::ui::roster_panel::RosterPanel;
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

/// The whole application state.
pub struct CoalitionApp {
    data: MapData,
    plan: Plan,
    history: History<Plan>,
    revision: u64,
    map: MapView,
    roster_panel: RosterPanel,
    show_roster: bool,
    dark: bool,
    message: Option<Message>,
    hover: Option<HoverInfo>,
}

const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const OPEN_BASEMAP: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::O);

impl CoalitionApp {
    /// A new app on the given map data with the default plan.
    pub fn new(data: MapData) -> Self {
        Self {
            data,
            plan: Plan::default(),
            history: History::default(),
            revision: 0,
            map: MapView::default(),
            roster_panel: RosterPanel::default(),
            show_roster: true,
            dark: false,
            message: None,
            hover: None,
        }
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

    /// Shows an error banner (e.g. a bad `--basemap` given on the command line).
    pub fn show_error(&mut self, text: String) {
        self.message = Some(Message {
            text,
            is_error: true,
        });
    }

    /// Draws the whole UI into `ui` and applies the commands it produced.
    pub fn ui(&mut self, ui: &mut Ui) {
        ui.ctx().set_theme(if self.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        let mut commands = self.shortcuts(ui);
        let theme = MapTheme::for_dark(self.dark);

        egui::Panel::top("toolbar").show(ui, |ui| {
            commands.extend(self.toolbar(ui));
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            status_bar::show(
                ui,
                self.hover.as_ref(),
                self.map.camera().zoom,
                &self.data.basemap_source,
            );
        });
        if self.show_roster {
            egui::Panel::left("roster")
                .default_size(300.0)
                .show(ui, |ui| {
                    commands.extend(self.roster_panel.show(
                        ui,
                        &self.plan,
                        &self.data.geography.countries,
                        theme,
                    ));
                });
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            if let Some(msg) = &self.message {
                let color = if msg.is_error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                };
                egui::Frame::new().inner_margin(6.0).show(ui, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(&msg.text).color(color));
                        if ui.button("Dismiss").clicked() {
                            commands.push(Command::DismissMessage);
                        }
                    });
                });
            }
            let map_rect = ui.available_rect_before_wrap();
            let input = MapInput {
                data: &self.data,
                plan: &self.plan,
                revision: self.revision,
                theme,
            };
            let out = self.map.show(ui, &input);
            self.hover = out.hover;
            commands.extend(out.commands);
            let counts = legend::role_counts(&self.plan, &self.data.geography.countries);
            legend::show(ui, map_rect, &counts, theme);
            draw_marking(ui, map_rect, theme);
        });

        for command in commands {
            self.apply(command);
        }
    }

    fn shortcuts(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.input_mut(|i| {
            // Most specific first: Ctrl+Shift+Z must not be taken as Ctrl+Z.
            if i.consume_shortcut(&REDO) || i.consume_shortcut(&REDO_Y) {
                commands.push(Command::Redo);
            }
            if i.consume_shortcut(&UNDO) {
                commands.push(Command::Undo);
            }
            if i.consume_shortcut(&OPEN_BASEMAP) {
                commands.push(Command::PickBasemap);
            }
        });
        commands
    }

    fn toolbar(&self, ui: &mut Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
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
                    .checkbox(&mut self.show_roster.clone(), "Roster panel")
                    .clicked()
                {
                    commands.push(Command::ToggleRosterPanel);
                }
                let mut dark = self.dark;
                if ui.checkbox(&mut dark, "Dark theme").clicked() {
                    commands.push(Command::SetDarkMode(dark));
                }
            });
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
            if ui.selectable_label(self.show_roster, "Roster").clicked() {
                commands.push(Command::ToggleRosterPanel);
            }
            ui.separator();
            ui.label(RichText::new(&self.plan.title).strong());
        });
        commands
    }

    /// Applies one command. Plan changes are recorded for undo.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::SetRole { iso_a3, name, role } => {
                if self.plan.role(&iso_a3) != role {
                    self.history.record(self.plan.clone());
                    self.plan.roster.set_role(&iso_a3, &name, role);
                    self.revision += 1;
                }
            }
            Command::Undo => {
                let current = std::mem::take(&mut self.plan);
                self.plan = self.history.undo(current).unwrap_or_else(|p| p);
                self.revision += 1;
            }
            Command::Redo => {
                let current = std::mem::take(&mut self.plan);
                self.plan = self.history.redo(current).unwrap_or_else(|p| p);
                self.revision += 1;
            }
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
                    self.revision += 1;
                    self.message = None;
                }
                Err(e) => self.show_error(e.to_string()),
            },
            Command::SetDarkMode(dark) => self.dark = dark,
            Command::ToggleRosterPanel => self.show_roster = !self.show_roster,
            Command::DismissMessage => self.message = None,
        }
    }

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

    /// Loads a basemap file; on failure the current map stays and the cause is shown.
    pub fn load_basemap(&mut self, path: &Path) {
        match RegionLayer::from_path(path, LayerKind::Countries) {
            Ok(layer) => {
                let skipped = layer.skipped();
                let count = layer.regions().len();
                self.data.replace_basemap(layer, path.display().to_string());
                self.revision += 1;
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

/// The "HYPOTHETICAL — PLANNING ONLY" marking, always on the map.
fn draw_marking(ui: &Ui, map_rect: egui::Rect, theme: MapTheme) {
    let text = "HYPOTHETICAL — PLANNING ONLY";
    let pos = map_rect.left_top() + egui::vec2(10.0, 10.0);
    let painter = ui.painter();
    let galley = painter.layout_no_wrap(
        text.into(),
        egui::FontId::proportional(13.0),
        egui::Color32::WHITE,
    );
    let bg = egui::Rect::from_min_size(pos, galley.size() + egui::vec2(12.0, 6.0));
    painter.rect_filled(bg, 3.0, egui::Color32::from_rgb(0xb0, 0x1c, 0x1c));
    painter.galley(pos + egui::vec2(6.0, 3.0), galley, egui::Color32::WHITE);
    let _ = theme;
}

impl eframe::App for CoalitionApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        CoalitionApp::ui(self, ui);
    }
}
