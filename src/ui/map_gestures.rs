//! The map widget's input: hub gestures (place, select, move, box-select) and camera moves.

use egui::{Key, Pos2, Ui, Vec2};

use crate::command::{Command, SelectHow, Tool};
use crate::model::hub::HubId;
use crate::projection::{Projector, ScreenRect, WorldPoint};

use super::map_view::{MapInput, MapOutput, MapView};

/// Zoom levels per point of wheel scrolling.
const WHEEL_ZOOM_PER_POINT: f64 = 1.0 / 150.0;

/// A drag that moves hubs: where it started and where the hubs were.
#[derive(Clone, Debug)]
pub(super) struct HubDrag {
    pub(super) start: WorldPoint,
    pub(super) originals: Vec<(HubId, WorldPoint)>,
    pub(super) moved: bool,
    /// The hub under the pointer, which snaps to a place (the others follow it).
    pub(super) grabbed: HubId,
}

impl MapView {
    /// Clicks and drags that concern hubs: place, select, move, box-select.
    /// Returns whether a primary drag is used by a hub gesture (so it does not pan).
    pub(super) fn hub_gestures(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        p: &Projector,
        input: &MapInput<'_>,
        hit: &dyn Fn(Pos2) -> Option<HubId>,
        out: &mut MapOutput,
    ) -> bool {
        let shift = ui.input(|i| i.modifiers.shift);
        let world = |pos: Pos2| p.world_from_screen(pos.x as f64, pos.y as f64);
        // Snapping to airfields, ports and cities: Alt held, or the toolbar toggle.
        let snapping = input.editable && (self.snap || ui.input(|i| i.modifiers.alt));
        let snap_kinds = crate::map::place_marks::snap_kinds(&input.layers);
        let snap_at = |x: f64, y: f64| {
            if !snapping {
                return None;
            }
            let index = crate::model::facilities::builtin_index()?;
            crate::map::place_marks::snap_target(index, &snap_kinds, p, x, y)
        };
        self.snap_hint = None;
        if input.tool == Tool::AddHub
            && let Some(pos) = response.hover_pos()
            && let Some(place) = snap_at(pos.x as f64, pos.y as f64)
        {
            self.snap_hint = Some((place.lon, place.lat, place.label()));
        }
        if !input.editable {
            self.hub_drag = None;
            self.box_select = None;
            return false;
        }
        if response.drag_started_by(egui::PointerButton::Primary) && input.tool == Tool::Select {
            let origin = ui
                .input(|i| i.pointer.press_origin())
                .or(response.interact_pointer_pos());
            if let Some(origin) = origin {
                if let Some(id) = hit(origin) {
                    let ids: Vec<HubId> = if input.selection.contains(&id) {
                        input.selection.iter().copied().collect()
                    } else {
                        out.commands.push(Command::Select {
                            ids: vec![id],
                            how: if shift {
                                SelectHow::Add
                            } else {
                                SelectHow::Replace
                            },
                        });
                        if shift {
                            input.selection.iter().copied().chain([id]).collect()
                        } else {
                            vec![id]
                        }
                    };
                    let originals = ids
                        .iter()
                        .filter_map(|id| input.plan.hub(*id))
                        .map(|h| (h.id, crate::projection::world_from_geo(h.lon, h.lat)))
                        .collect();
                    self.hub_drag = Some(HubDrag {
                        start: world(origin),
                        originals,
                        moved: false,
                        grabbed: id,
                    });
                } else if shift {
                    self.box_select = Some((origin, true));
                }
            }
        }
        let pointer = response.interact_pointer_pos().or(response.hover_pos());
        if let (Some(drag), Some(pos)) = (self.hub_drag.as_mut(), pointer)
            && response.dragged_by(egui::PointerButton::Primary)
        {
            let now = world(pos);
            let (mut dx, mut dy) = (now.x - drag.start.x, now.y - drag.start.y);
            // Snap the grabbed hub onto a place; the others keep their offsets to it.
            let mut snapped = None;
            if let Some((_, w)) = drag.originals.iter().find(|(id, _)| *id == drag.grabbed) {
                let (sx, sy) = p.screen_from_world(WorldPoint::new(w.x + dx, w.y + dy));
                if let Some(place) = snap_at(sx, sy) {
                    let target = crate::projection::world_from_geo(place.lon, place.lat);
                    dx = target.x - w.x;
                    dy = target.y - w.y;
                    snapped = Some(place);
                    self.snap_hint = Some((place.lon, place.lat, place.label()));
                }
            }
            let moves = drag
                .originals
                .iter()
                .map(|(id, w)| match snapped {
                    // Exactly the place's coordinates, not a round trip through the plane.
                    Some(place) if *id == drag.grabbed => (*id, place.lon, place.lat),
                    _ => {
                        let (lon, lat) = crate::projection::geo_from_world(WorldPoint::new(
                            w.x + dx,
                            (w.y + dy).clamp(0.0, 1.0),
                        ));
                        (*id, lon.clamp(-180.0, 180.0), lat)
                    }
                })
                .collect();
            out.commands.push(Command::MoveHubs {
                moves,
                begin: !drag.moved,
            });
            drag.moved = true;
        }
        if response.drag_stopped() {
            self.hub_drag = None;
            if let (Some((start, additive)), Some(end)) = (self.box_select.take(), pointer) {
                let (a, b) = (world(start), world(end));
                let min = WorldPoint::new(a.x.min(b.x), a.y.min(b.y));
                let max = WorldPoint::new(a.x.max(b.x), a.y.max(b.y));
                out.commands.push(Command::Select {
                    ids: input.hub_index.within(min, max),
                    how: if additive {
                        SelectHow::Add
                    } else {
                        SelectHow::Replace
                    },
                });
            }
        }
        if response.clicked_by(egui::PointerButton::Primary)
            && let Some(pos) = response.interact_pointer_pos()
        {
            match input.tool {
                Tool::Measure => {
                    let (lon, lat) = p.geo_from_screen(pos.x as f64, pos.y as f64);
                    out.commands.push(Command::MeasureAdd { lon, lat });
                }
                Tool::AddHub => {
                    let (lon, lat) = match snap_at(pos.x as f64, pos.y as f64) {
                        Some(place) => (place.lon, place.lat),
                        None => p.geo_from_screen(pos.x as f64, pos.y as f64),
                    };
                    out.commands.push(Command::AddHub { lon, lat });
                }
                Tool::DrawArea | Tool::DrawLine if input.editable => {
                    let (lon, lat) = p.geo_from_screen(pos.x as f64, pos.y as f64);
                    out.commands.push(Command::DraftVertex { lon, lat });
                    if response.double_clicked() {
                        out.commands.push(Command::DraftFinish);
                    }
                }
                Tool::DrawArea | Tool::DrawLine => {}
                Tool::Select => match hit(pos) {
                    Some(id) => out.commands.push(Command::Select {
                        ids: vec![id],
                        how: if shift {
                            SelectHow::Toggle
                        } else {
                            SelectHow::Replace
                        },
                    }),
                    None if !shift && !self.on_cluster => out.commands.push(Command::Select {
                        ids: Vec::new(),
                        how: SelectHow::Replace,
                    }),
                    None => {}
                },
            }
        }
        self.hub_drag.is_some() || self.box_select.is_some()
    }

    pub(super) fn handle_input(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        viewport: ScreenRect,
        now: f64,
        gesture_taken: bool,
        over_hub: bool,
    ) {
        if (response.dragged_by(egui::PointerButton::Primary) && !gesture_taken)
            || response.dragged_by(egui::PointerButton::Middle)
        {
            let d = response.drag_delta();
            if d != Vec2::ZERO {
                self.glide = None;
                self.framed = None;
                self.camera = self.camera.panned_by(d.x as f64, d.y as f64);
            }
        }
        if let Some(pos) = response.hover_pos() {
            let (scroll, zoom_factor) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
            let mut delta = scroll.y as f64 * WHEEL_ZOOM_PER_POINT;
            if zoom_factor != 1.0 {
                delta += (zoom_factor as f64).log2();
            }
            if delta != 0.0 {
                self.glide = None;
                self.framed = None;
                self.camera =
                    self.camera
                        .zoomed_around(viewport, pos.x as f64, pos.y as f64, delta);
            }
            if response.double_clicked() && !over_hub {
                let to = self
                    .camera
                    .zoomed_around(viewport, pos.x as f64, pos.y as f64, 1.0);
                self.framed = None;
                self.start_glide(to, now);
            }
        }
        // Keyboard navigation, unless the user is typing somewhere.
        let typing = ui.ctx().memory(|m| m.focused().is_some());
        if !typing {
            let (cx, cy) = viewport.center();
            let step = 120.0;
            ui.input(|i| {
                let mut cam = self.glide.map_or(self.camera, |g| g.to);
                let before = cam;
                if i.key_pressed(Key::ArrowLeft) {
                    cam = cam.panned_by(step, 0.0);
                }
                if i.key_pressed(Key::ArrowRight) {
                    cam = cam.panned_by(-step, 0.0);
                }
                if i.key_pressed(Key::ArrowUp) {
                    cam = cam.panned_by(0.0, step);
                }
                if i.key_pressed(Key::ArrowDown) {
                    cam = cam.panned_by(0.0, -step);
                }
                if i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals) {
                    cam = cam.zoomed_around(viewport, cx, cy, 1.0);
                }
                if i.key_pressed(Key::Minus) {
                    cam = cam.zoomed_around(viewport, cx, cy, -1.0);
                }
                if cam != before {
                    self.framed = None;
                    self.start_glide(cam, now);
                }
            });
        }
    }
}
