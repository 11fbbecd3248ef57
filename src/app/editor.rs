//! The editing screen's layout: toolbar, status bar, timeline, side panel tabs and the
//! map with its banner, legends, overlays, marking and measurement. It only draws and
//! collects [`Command`]s; `apply` changes the plan.

use egui::{Color32, RichText, Ui};

use super::{CoalitionApp, SideTab};
use crate::command::{Command, Tool};
use crate::map::theme::MapTheme;
use crate::model::plan::Plan;
use crate::model::site::Site;
use crate::ui::map_view::MapInput;
use crate::ui::{legend, status_bar};

impl CoalitionApp {
    /// The editing screen: toolbar, side panel, status bar and the map.
    pub(super) fn editor_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
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
            let memo_key = super::derived::LegendKey {
                presentation: None,
                revision: self.revision,
                map_revision: self.map_revision,
                layers: self.layers,
            };
            let key = self.legend_memo.get(memo_key, || {
                crate::map::scene::Legend::coalition(
                    &self.plan,
                    &self.data.geography.countries,
                    &self.rings,
                    &self.layers,
                )
            });
            let layers = self.layers;
            let comparison_key = self.comparison_key(ui, map_rect, (&layers, &theme));
            let legend_spot = self.place_legend(ui, map_rect, (self.layers, &theme), &key, None);
            let pulse = self.pulse.as_ref().filter(|p| p.running(self.now));
            let input = MapInput {
                data: &self.data,
                plan: &self.plan,
                revision: self.map_revision,
                theme,
                sites: &self.sites,
                hubs_key: self.hubs_key,
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
            legend::show_control(ui, map_rect, &self.control.view, &self.layers, &theme);
            if let Some((spot, collapsed)) = legend_spot {
                legend::show(ui, spot.rect, collapsed, &key, &theme);
            }
            let floor =
                self.caption_floor(ui, map_rect, (&layers, &theme), comparison_key.as_ref());
            self.draw_coverage(ui, map_rect, floor);
            self.draw_comparison(ui, map_rect, (&layers, &theme), comparison_key.as_ref());
            draw_marking(ui, map_rect);
            if self.tool == Tool::Measure || !self.measurement.points().is_empty() {
                measure_summary(ui, map_rect, &self.measurement);
            }
        });
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

/// The "HYPOTHETICAL — PLANNING ONLY" marking, always on the map (the scene's, as in
/// every exported picture).
pub(super) fn draw_marking(ui: &Ui, map_rect: egui::Rect) {
    let painter = ui.painter();
    let bounds = (
        f64::from(map_rect.min.x),
        f64::from(map_rect.min.y),
        f64::from(map_rect.max.x),
        f64::from(map_rect.max.y),
    );
    let measure = crate::ui::scene_painter::EguiMeasure(painter);
    let (layer, _) = crate::map::scene::marking(bounds, &measure);
    crate::ui::scene_painter::paint_plain(painter, &[&layer]);
}
