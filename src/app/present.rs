//! Presentation mode in the app: entering and leaving full screen, the presenting
//! screen (title bar, map as the room sees it, state bar, charts) and its keys.

use super::editor::draw_marking;
use super::*;

impl CoalitionApp {
    /// Places `legend` in `map_rect`, in the corner where it covers the least of the
    /// box the map frames, and makes fits leave room for it and for the control legend
    /// (`base`: the editor's padding unless given). Returns the spot and whether the
    /// legend is collapsed, or None when the legend layer is off.
    pub(super) fn place_legend(
        &mut self,
        ui: &Ui,
        map_rect: egui::Rect,
        (layers, theme): (Layers, &MapTheme),
        legend: &crate::map::scene::Legend,
        base: Option<crate::projection::Insets>,
    ) -> Option<(legend::Spot, bool)> {
        let mut base = base.unwrap_or(crate::projection::Insets::uniform(FIT_PADDING));
        // The control layers' legend and a comparison's key sit at the bottom left:
        // fits keep the framed box clear of them (the key is placed before this is
        // called), above them or beside them as `legend::place` decides.
        let bottom_left = legend::control_rect(ui, map_rect, &self.control.view, &layers, theme)
            .into_iter()
            .chain(legend::key_rect(ui.ctx()))
            .reduce(|a, b| a.union(b));
        if !layers.legend {
            if let Some(panels) = bottom_left {
                base.bottom = base
                    .bottom
                    .max(f64::from(map_rect.max.y - panels.min.y) + 6.0);
            }
            legend::set_placed(ui.ctx(), None);
            self.map.set_insets(base);
            return None;
        }
        let sizes = legend::sizes(ui, legend);
        let credits = legend::credits_height(ui, map_rect, &layers, theme, &self.control.view);
        let (spot, collapsed) = legend::arrange(
            ui.ctx(),
            map_rect,
            self.map.framed(),
            base,
            sizes,
            credits,
            bottom_left,
        );
        self.map.set_insets(spot.insets);
        Some((spot, collapsed))
    }

    /// Enters or leaves full screen and the larger presentation type.
    pub(super) fn switch_presentation(&mut self, ui: &Ui) {
        let Some(enter) = self.presentation_switch.take() else {
            return;
        };
        let ctx = ui.ctx();
        if enter {
            self.fullscreen_before_presenting =
                ctx.input(|i| i.viewport().fullscreen.unwrap_or(false));
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
        // With the room's view on another display, this window keeps its size: it
        // shows the presenter view.
        let elsewhere = self
            .presenting
            .as_ref()
            .is_some_and(|p| p.audience.has_presenter_view());
        // Leaving restores the window as it was (a planner may work full screen).
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(
            (enter && !elsewhere) || self.fullscreen_before_presenting,
        ));
    }

    /// Rebuilds the plan as the room sees it if needed, pulsing hubs that changed, and
    /// loads the slide's comparison plan.
    fn refresh_presentation(&mut self) {
        self.load_slide_comparison();
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
    }

    /// Decides where the room's view goes as a presentation starts (the display chosen,
    /// else this screen) and starts its timer; says so when the display is missing.
    pub(super) fn with_audience(&mut self, mut pres: Presentation) -> Presentation {
        use crate::ui::presenter::{Audience, audience_for};
        pres.audience = audience_for(
            self.presenter.chosen,
            &self.presenter.displays,
            self.presenter.current,
        );
        pres.started = self.now;
        if let Audience::Window(why) = &pres.audience {
            self.show_error(why.clone());
        }
        pres
    }

    /// Tells the app which displays there are (as the system lists them); the window
    /// asks the system itself every few seconds.
    pub fn set_displays(&mut self, displays: Vec<crate::ui::presenter::DisplayInfo>) {
        self.presenter.displays = displays;
    }

    /// The displays the app knows of.
    pub fn displays(&self) -> &[crate::ui::presenter::DisplayInfo] {
        &self.presenter.displays
    }

    /// Asks the window system for the displays, at most every 3 seconds (a projector
    /// plugged in shows up in the menu without a restart).
    pub(super) fn refresh_displays(&mut self, frame: &eframe::Frame) {
        let now = self.now;
        if self
            .presenter
            .displays_checked
            .is_some_and(|t| now - t < 3.0 && now >= t)
        {
            return;
        }
        self.presenter.displays_checked = Some(now);
        if let Some(window) = frame.winit_window() {
            let current = window.current_monitor();
            self.presenter.current = window
                .available_monitors()
                .position(|m| Some(&m) == current.as_ref());
            self.presenter.displays = window
                .available_monitors()
                .map(|m| {
                    let size = m.size();
                    crate::ui::presenter::DisplayInfo {
                        name: m.name().unwrap_or_default(),
                        size: [size.width, size.height],
                    }
                })
                .collect();
        }
    }

    /// The "Present on" menu: automatic, this screen alone, or a display for the room
    /// with the presenter view in this window.
    pub(super) fn display_menu(&self, ui: &mut Ui) -> Vec<Command> {
        use crate::ui::presenter::DisplayChoice;
        let mut commands = Vec::new();
        let chosen = self.presenter.chosen;
        let displays = &self.presenter.displays;
        ui.menu_button("Present on", |ui| {
            let mut choose = |ui: &mut Ui, choice: DisplayChoice, text: String| {
                if ui.radio(chosen == choice, text).clicked() {
                    commands.push(Command::SetPresentDisplay(choice));
                    ui.close();
                }
            };
            choose(
                ui,
                DisplayChoice::Automatic,
                "Automatic: the other display if there are two".into(),
            );
            choose(
                ui,
                DisplayChoice::ThisScreen,
                "This screen (notes on demand: N)".into(),
            );
            for (i, d) in displays.iter().enumerate() {
                let here = if self.presenter.current == Some(i) {
                    ", this window's"
                } else {
                    ""
                };
                choose(
                    ui,
                    DisplayChoice::Display(i),
                    format!("{}{here} (presenter view here)", d.describe(i)),
                );
            }
            // A choice made while another display was connected stays visible.
            if let DisplayChoice::Display(i) = chosen
                && i >= displays.len()
            {
                let _ = ui.radio(true, format!("Display {} (not connected)", i + 1));
            }
            if displays.len() < 2 {
                ui.label(
                    RichText::new(
                        "Connect a projector to present on it with a presenter view here.",
                    )
                    .weak(),
                );
            }
        });
        commands
    }

    /// While presenting: the room's view on this screen, or the presenter view here and
    /// the room's view in a viewport of its own (full screen on the chosen display).
    /// Keys and a clicker work in either window.
    pub(super) fn presenting_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        use crate::ui::presenter::Audience;
        let Some(audience) = self.presenting.as_ref().map(|p| p.audience.clone()) else {
            return;
        };
        if audience == Audience::ThisScreen {
            self.presentation_ui(ui, commands, false);
            return;
        }
        self.refresh_presentation();
        self.presenter_ui(ui, commands, &audience);
        let title = format!("{} — audience", self.plan.title);
        let builder = match audience {
            Audience::Display(i) => egui::ViewportBuilder::default()
                .with_title(title)
                .with_icon(crate::ui::app_icon::app_icon())
                .with_monitor(i),
            // A normal window the briefer can drag to the projector; clear of the
            // slide list where it starts (and where egui embeds it, e.g. in tests).
            _ => egui::ViewportBuilder::default()
                .with_title(title)
                .with_icon(crate::ui::app_icon::app_icon())
                .with_position([280.0, 60.0])
                .with_inner_size([800.0, 450.0]),
        };
        let ctx = ui.ctx().clone();
        ctx.show_viewport_immediate(audience_viewport(), builder, |ui, _class| {
            commands.extend(self.presentation_keys(ui));
            let room = ui.max_rect();
            self.presentation_ui(ui, commands, true);
            ui.advance_cursor_after_rect(room);
            if ui.input(|i| i.viewport().close_requested()) {
                // Closing the room's window ends the presentation.
                commands.push(Command::StopPresenting);
            }
            crate::ui::bake::end_pass(ui.ctx());
        });
    }

    /// The presenter view: where the room's view is, timer and clock, buttons, the
    /// slide list, the current and next slide, and the speaker notes.
    fn presenter_ui(
        &mut self,
        ui: &mut Ui,
        commands: &mut Vec<Command>,
        audience: &crate::ui::presenter::Audience,
    ) {
        use crate::ui::presenter::{self as presenter, PresenterInput};
        let Some(pres) = self.presenting.as_ref() else {
            return;
        };
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(500));
        let theme = MapTheme::for_dark(self.dark);
        let input = PresenterInput {
            plan: &self.plan,
            pres,
            audience,
            elapsed: self.now - pres.started,
        };
        egui::Panel::top("presenter_bar").show(ui, |ui| {
            commands.extend(presenter::top_bar(ui, &input, &self.presenter.displays));
            if let Some(msg) = &self.message {
                ui.horizontal_wrapped(|ui| {
                    let color = if msg.is_error {
                        ui.visuals().error_fg_color
                    } else {
                        ui.visuals().text_color()
                    };
                    ui.label(RichText::new(&msg.text).color(color));
                    if ui.button("Dismiss").clicked() {
                        commands.push(Command::DismissMessage);
                    }
                });
            }
        });
        egui::Panel::left("presenter_slides")
            .default_size(260.0)
            .show(ui, |ui| {
                commands.extend(presenter::slide_list(ui, &self.plan, pres.slide));
            });
        egui::Panel::bottom("presenter_notes")
            .resizable(true)
            .default_size(ui.available_height() * 0.4)
            .show(ui, |ui| presenter::notes(ui, &self.plan, pres.slide));

        // The next slide as the room will see it, rebuilt when the slide or plan changes.
        let next = pres
            .slide
            .map(|i| i + 1)
            .filter(|i| *i < self.plan.slides.len());
        let key = next.map(|i| (i, self.revision));
        if self.presenter.next.as_ref().map(|(i, r, _)| (*i, *r)) != key {
            self.presenter.next = next.map(|i| {
                let mut p = Presentation::new(&self.plan, Some(i), self.layers);
                p.refresh(&self.plan, self.revision, &self.sites);
                (i, self.revision, p)
            });
        }
        let no_selection = BTreeSet::new();
        let no_measurement = crate::model::measure::Measurement::default();
        // Previews have no legend: their labels need not keep clear of the room's.
        legend::set_placed(ui.ctx(), None);
        egui::CentralPanel::default().show(ui, |ui| {
            let full = ui.available_rect_before_wrap();
            let half = (full.width() - 12.0) / 2.0;
            let columns = [
                egui::Rect::from_min_size(full.min, egui::vec2(half, full.height())),
                egui::Rect::from_min_size(
                    full.min + egui::vec2(half + 12.0, 0.0),
                    egui::vec2(half, full.height()),
                ),
            ];
            let slides = [
                ("Now", pres.slide, Some(pres), &mut self.presenter.now_map),
                (
                    "Next",
                    next,
                    self.presenter.next.as_ref().map(|(_, _, p)| p),
                    &mut self.presenter.next_map,
                ),
            ];
            for ((what, index, shown, map), rect) in slides.into_iter().zip(columns) {
                let mut col = ui.new_child(egui::UiBuilder::new().max_rect(rect));
                presenter::preview_heading(&mut col, what, &self.plan, index);
                let (Some(shown), Some(slide)) =
                    (shown, index.and_then(|i| self.plan.slides.get(i)))
                else {
                    continue;
                };
                if map.framed() != Some(slide.view) {
                    map.fit(slide.view, false);
                }
                let input = MapInput {
                    data: &self.data,
                    plan: &shown.shown,
                    revision: self.map_revision,
                    theme,
                    sites: &shown.sites,
                    hubs_key: shown.hubs_key,
                    selection: &no_selection,
                    hub_index: &shown.index,
                    tool: Tool::Select,
                    editable: false,
                    pulse: None,
                    measurement: &no_measurement,
                    layers: crate::ui::presenter::preview_layers(shown.layers),
                    rings: &shown.rings,
                    control: &self.control.view,
                };
                // What the map asks (a click selects) means nothing in a preview.
                let _ = map.show(&mut col, &input);
            }
        });
    }

    /// The presentation screen: title bar, full-screen map, state bar; nothing editable.
    /// With `room_only` (the presenter view is elsewhere) the notes are never shown.
    pub(super) fn presentation_ui(
        &mut self,
        ui: &mut Ui,
        commands: &mut Vec<Command>,
        room_only: bool,
    ) {
        let theme = MapTheme::projector(self.dark);
        self.refresh_presentation();
        let Some(pres) = self.presenting.as_ref() else {
            return;
        };
        if pres.blacked_out {
            // Nothing but black: the room looks at the briefer, not at the map.
            ui.painter()
                .rect_filled(ui.max_rect(), 0.0, egui::Color32::BLACK);
            return;
        }
        let slide = pres.slide.and_then(|i| self.plan.slides.get(i));
        let screen = ui.max_rect();
        let furniture = crate::ui::presentation::Furniture {
            plan_title: &self.plan.title,
            caption: slide.map_or(
                "This plan has no slides yet: add them in the Slides tab",
                |s| s.caption.as_str(),
            ),
            position: pres.slide.map(|i| (i, self.plan.slides.len())),
            ceasefire: pres.ceasefire,
            counts: {
                let c = pres.shown.status_counts();
                (c.active, c.inactive)
            },
            notes: (pres.show_notes && !room_only).then(|| slide.map_or("", |s| s.notes.as_str())),
            charts: pres.layers.charts.then_some(&pres.shown),
            theme,
        };
        let layout = crate::ui::presentation::furniture(ui, screen, &furniture);
        let layers = pres.layers;
        // Slides are fitted beside the legend and below the marking, not under them.
        let base = crate::projection::Insets {
            left: FIT_PADDING,
            top: FIT_PADDING + 28.0,
            right: FIT_PADDING,
            bottom: FIT_PADDING + 16.0,
        };
        let map_rect = layout.map;
        let memo_key = super::derived::LegendKey {
            presentation: Some(pres.builds),
            revision: self.revision,
            map_revision: self.map_revision,
            layers,
        };
        let key = self.legend_memo.get(memo_key, || {
            crate::map::scene::Legend::coalition(
                &pres.shown,
                &self.data.geography.countries,
                &pres.rings,
                &layers,
            )
        });
        let comparison_key = self.comparison_key(ui, map_rect, (&layers, &theme));
        let legend_spot = self.place_legend(ui, map_rect, (layers, &theme), &key, Some(base));
        let Some(pres) = self.presenting.as_ref() else {
            return;
        };
        let mut map_ui = ui.new_child(egui::UiBuilder::new().max_rect(map_rect));
        map_ui.set_clip_rect(map_rect.intersect(ui.clip_rect()));
        {
            let ui = &mut map_ui;
            self.map_rect = Some(map_rect);
            let pulse = self.pulse.as_ref().filter(|p| p.running(self.now));
            let no_measurement = crate::model::measure::Measurement::default();
            let input = MapInput {
                data: &self.data,
                plan: &pres.shown,
                revision: self.map_revision,
                theme,
                sites: &pres.sites,
                hubs_key: pres.hubs_key,
                selection: &self.selection,
                hub_index: &pres.index,
                tool: Tool::Select,
                editable: false,
                pulse,
                measurement: &no_measurement,
                layers: pres.layers,
                control: &self.control.view,
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
            if let Some((spot, collapsed)) = legend_spot {
                legend::show(ui, spot.rect, collapsed, &key, &theme);
            }
            legend::show_control(ui, map_rect, &self.control.view, &pres.layers, &theme);
            self.draw_comparison(ui, map_rect, (&layers, &theme), comparison_key.as_ref());
            draw_marking(ui, map_rect);
        }
    }

    /// Keys while presenting: slides, the ceasefire shown, notes, leaving.
    pub(super) fn presentation_keys(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        let Some(pres) = &self.presenting else {
            return commands;
        };
        let mut c = pres.ceasefire;
        ui.input_mut(|i| {
            // Slide keys repeat while held; toggles act once per press.
            if consume_press(i, Key::Escape, false) | consume_press(i, Key::F5, false) {
                commands.push(Command::StopPresenting);
            }
            // A presenter clicker sends PageDown/PageUp.
            if consume_press(i, Key::ArrowRight, true)
                | consume_press(i, Key::PageDown, true)
                | consume_press(i, Key::Space, true)
            {
                commands.push(Command::NextSlide);
            }
            if consume_press(i, Key::ArrowLeft, true)
                | consume_press(i, Key::PageUp, true)
                | consume_press(i, Key::Backspace, true)
            {
                commands.push(Command::PrevSlide);
            }
            if consume_press(i, Key::Home, true) {
                commands.push(Command::GoToSlide(0));
            }
            if consume_press(i, Key::End, true) {
                commands.push(Command::GoToSlide(usize::MAX));
            }
            if consume_press(i, Key::C, false) {
                c.set_in_effect(!c.in_effect());
                commands.push(Command::SetShownCeasefire(c));
            }
            if consume_press(i, Key::V, false) {
                if !c.in_effect() {
                    c.set_in_effect(true);
                }
                c.set_verified(!c.verified());
                commands.push(Command::SetShownCeasefire(c));
            }
            if consume_press(i, Key::P, false) {
                if !c.in_effect() {
                    c.set_in_effect(true);
                }
                c.set_peace_signed(!c.peace_signed());
                commands.push(Command::SetShownCeasefire(c));
            }
            if consume_press(i, Key::N, false) {
                commands.push(Command::ToggleNotes);
            }
            if consume_press(i, Key::B, false) | consume_press(i, Key::Period, false) {
                commands.push(Command::ToggleBlackout);
            }
            if consume_press(i, Key::F1, false) | super::toolbar::help_key(i) {
                commands.push(Command::ToggleShortcutHelp);
            }
        });
        commands
    }
}

/// Consumes presses of `key` without modifiers; true if there was one (counting key
/// repeats only if `repeats`).
fn consume_press(i: &mut egui::InputState, key: Key, repeats: bool) -> bool {
    let mut hit = false;
    i.events.retain(|e| match e {
        egui::Event::Key {
            key: k,
            pressed: true,
            repeat,
            modifiers,
            ..
        } if *k == key && modifiers.is_none() => {
            hit |= repeats || !*repeat;
            false
        }
        _ => true,
    });
    hit
}

/// The id of the room's viewport.
fn audience_viewport() -> egui::ViewportId {
    egui::ViewportId::from_hash_of("coalition_map_audience")
}
