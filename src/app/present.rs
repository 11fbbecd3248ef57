//! Presentation mode in the app: entering and leaving full screen, the presenting
//! screen (title bar, map as the room sees it, state bar, charts) and its keys.

use super::*;

impl CoalitionApp {
    /// Places the legend in `map_rect`, in the corner where it covers the least of the
    /// box the map frames, and makes fits leave room for it (`base`: the editor's
    /// padding unless given). Returns the spot and whether the legend is collapsed, or
    /// None when the legend layer is off.
    pub(super) fn place_legend(
        &mut self,
        ui: &Ui,
        map_rect: egui::Rect,
        layers: Layers,
        base: Option<crate::projection::Insets>,
    ) -> Option<(legend::Spot, bool)> {
        let base = base.unwrap_or(crate::projection::Insets::uniform(FIT_PADDING));
        if !layers.legend {
            legend::set_placed(ui.ctx(), None);
            self.map.set_insets(base);
            return None;
        }
        // The place key goes under the legend in the editor.
        let extra = if self.presenting.is_some() {
            0.0
        } else {
            crate::ui::place_layer::legend_height(&layers)
        };
        let (spot, collapsed) = legend::arrange(ui.ctx(), map_rect, self.map.framed(), base, extra);
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
        // Leaving restores the window as it was (a planner may work full screen).
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(
            enter || self.fullscreen_before_presenting,
        ));
    }

    /// The presentation screen: title bar, full-screen map, state bar; nothing editable.
    pub(super) fn presentation_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let theme = MapTheme::projector(self.dark);
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
        let Some(pres) = self.presenting.as_ref() else {
            return;
        };
        if pres.blacked_out {
            // Nothing but black: the room looks at the briefer, not at the map.
            egui::CentralPanel::no_frame().show(ui, |ui| {
                ui.painter()
                    .rect_filled(ui.max_rect(), 0.0, egui::Color32::BLACK);
            });
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
            notes: pres
                .show_notes
                .then(|| slide.map_or("", |s| s.notes.as_str())),
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
        let legend_spot = self.place_legend(ui, map_rect, layers, Some(base));
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
            if let Some((spot, collapsed)) = legend_spot {
                legend::show_for_plan(
                    ui,
                    spot.rect,
                    collapsed,
                    &pres.shown,
                    &self.data.geography.countries,
                    theme,
                );
            }
            compare::draw_slide_comparison(
                ui,
                map_rect,
                &self.map,
                &pres.shown,
                self.coverage.slide_plan.as_ref(),
            );
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
