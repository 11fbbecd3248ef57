//! The hubs on the screen: the shared scene's symbols, discs and names
//! (`map::scene::hubs`, drawn the same in every picture), with what only the screen
//! shows on top: selection and hover rings, and the pulse that shows which hubs
//! changed state when the ceasefire toggle flips.

use std::collections::BTreeSet;

use egui::{Color32, Painter, Pos2, Rect, Stroke, StrokeKind};

use crate::map::MapData;
use crate::map::cluster;
use crate::map::scene::{self, HubMarks, MeasureText};
use crate::map::theme::MapTheme;
use crate::model::hub::{HubId, Status};
use crate::model::plan::Plan;
use crate::model::site::Site;
use crate::projection::Projector;

/// Above this many hubs on screen, symbols become small squares without text.
pub const COMPACT_ABOVE: usize = cluster::COMPACT_ABOVE;

/// How long the ceasefire pulse lasts, seconds.
pub const PULSE_SECONDS: f64 = 1.2;

/// Hubs whose status changed at `start` (set when the ceasefire toggle flips).
#[derive(Clone, Debug, PartialEq)]
pub struct StatusPulse {
    /// When the change happened (egui time).
    pub start: f64,
    /// The hubs that changed and their new status.
    pub changed: Vec<(HubId, Status)>,
}

impl StatusPulse {
    /// Whether the pulse is still animating at `now`.
    pub fn running(&self, now: f64) -> bool {
        now - self.start < PULSE_SECONDS
    }
}

/// Everything the layer reads.
pub struct HubLayer<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// Site of each hub, same order as `plan.hubs`.
    pub sites: &'a [Site],
    /// Selected hubs.
    pub selection: &'a BTreeSet<HubId>,
    /// The hub under the pointer.
    pub hovered: Option<HubId>,
    /// Colours.
    pub theme: MapTheme,
    /// The running pulse, if any.
    pub pulse: Option<&'a StatusPulse>,
    /// Current time (egui).
    pub now: f64,
}

impl HubLayer<'_> {
    /// The hubs whose names go first: the selection and the hovered hub.
    pub fn emphasis(&self) -> BTreeSet<HubId> {
        let mut out = self.selection.clone();
        out.extend(self.hovered);
        out
    }
}

fn rect((a, b, c, d): crate::map::labels::Rect) -> Rect {
    Rect::from_min_max(Pos2::new(a as f32, b as f32), Pos2::new(c as f32, d as f32))
}

/// The hubs as laid out in `marks` (the scene's symbols and discs), as egui shapes.
/// Names are placed by the caller with the map's other labels.
pub fn symbols(
    painter: &Painter,
    data: &MapData,
    p: &Projector,
    layer: &HubLayer<'_>,
    marks: &HubMarks,
    measure: &dyn MeasureText,
) -> Vec<egui::Shape> {
    let symbols = scene::hubs(layer.plan, layer.sites, marks, &layer.theme, measure, false);
    crate::ui::scene_painter::shapes(painter, data, p, &[&symbols])
}

/// Draws the selection and hover rings over the hubs as laid out in `marks`, then the
/// pulse; returns whether an animation still needs frames.
pub fn overlay(painter: &Painter, p: &Projector, layer: &HubLayer<'_>, marks: &HubMarks) -> bool {
    let theme = layer.theme;
    if !layer.selection.is_empty() {
        for c in marks.clusters.iter().filter(|c| !c.is_single()) {
            if c.members.iter().any(|&k| {
                marks
                    .points
                    .get(k)
                    .is_some_and(|q| layer.selection.contains(&q.id))
            }) {
                painter.circle_stroke(
                    Pos2::new(c.x as f32, c.y as f32),
                    cluster::cluster_radius(c.count()) as f32 + 3.0,
                    Stroke::new(3.0, theme.selection),
                );
            }
        }
    }
    // Selection and hover rings on top of every symbol.
    if !layer.selection.is_empty() || layer.hovered.is_some() {
        for (i, x, y) in marks.singles() {
            let Some(hub) = layer.plan.hubs.get(i) else {
                continue;
            };
            let r = rect(scene::symbol_rect(x, y, marks.compact, marks.scale)).expand(4.0);
            if layer.selection.contains(&hub.id) {
                painter.rect_stroke(
                    r,
                    4.0,
                    Stroke::new(3.0, theme.selection),
                    StrokeKind::Outside,
                );
            } else if layer.hovered == Some(hub.id) {
                painter.rect_stroke(
                    r,
                    4.0,
                    Stroke::new(2.0, theme.selection.gamma_multiply(0.6)),
                    StrokeKind::Outside,
                );
            }
        }
    }
    draw_pulse(painter, p, layer)
}

/// Expanding rings on hubs that just changed state; returns whether still running.
fn draw_pulse(painter: &Painter, p: &Projector, layer: &HubLayer<'_>) -> bool {
    let Some(pulse) = layer.pulse else {
        return false;
    };
    let t = (layer.now - pulse.start) / PULSE_SECONDS;
    if !(0.0..1.0).contains(&t) {
        return false;
    }
    let t = t as f32;
    for (id, status) in &pulse.changed {
        let Some(hub) = layer.plan.hub(*id) else {
            continue;
        };
        let (x, y) = p.screen_from_geo(hub.lon, hub.lat);
        let color = match status {
            Status::Active => Color32::from_rgb(0x00, 0xb0, 0x50),
            Status::Inactive => layer.theme.hub_inactive_frame,
        };
        for k in 0..2 {
            let tk = (t * 1.6 - k as f32 * 0.35).clamp(0.0, 1.0);
            if tk <= 0.0 || tk >= 1.0 {
                continue;
            }
            let radius = 14.0 + 36.0 * tk;
            painter.circle_stroke(
                Pos2::new(x as f32, y as f32),
                radius,
                Stroke::new(4.0 * (1.0 - tk) + 1.0, color.gamma_multiply(1.0 - tk)),
            );
        }
    }
    true
}
