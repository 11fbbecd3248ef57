//! Hub symbols on the map: NATO-style friendly frames, planned (inactive) hubs dashed
//! and desaturated, selection and hover highlights, warnings, labels, and the pulse
//! that shows which hubs changed state when the ceasefire toggle flips.

use std::collections::BTreeSet;

use egui::{
    Align2, Color32, FontId, Mesh, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2,
    epaint::Vertex, epaint::WHITE_UV,
};

use crate::map::labels::{LabelCandidate, place_labels};
use crate::model::hub::{Hub, HubId, HubKind, Status};
use crate::model::plan::Plan;
use crate::model::site::Site;
use crate::projection::Projector;
use crate::ui::theme::MapTheme;

/// Size of a full symbol's frame, in points.
pub const FRAME: Vec2 = Vec2::new(34.0, 22.0);

/// Above this many hubs on screen, symbols become small squares without text.
pub const COMPACT_ABOVE: usize = 250;

/// Labels considered per frame, highest priority first; keeps placement cheap.
const MAX_LABELS: usize = 150;

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
    /// Whether hub names are drawn beside the symbols.
    pub labels: bool,
}

/// Draws the hubs; returns whether an animation still needs frames.
pub fn draw(painter: &Painter, p: &Projector, layer: &HubLayer<'_>) -> bool {
    let clip = painter.clip_rect().expand(FRAME.x);
    let visible: Vec<(usize, Pos2)> = layer
        .plan
        .hubs
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let (x, y) = p.screen_from_geo(h.lon, h.lat);
            let pos = Pos2::new(x as f32, y as f32);
            clip.contains(pos).then_some((i, pos))
        })
        .collect();
    let compact = visible.len() > COMPACT_ABOVE;
    let theme = layer.theme;

    if compact {
        draw_compact(painter, layer, &visible);
    } else {
        // Inactive first, so active hubs sit on top where they overlap.
        let mut order = visible.clone();
        order.sort_by_key(|(i, _)| layer.plan.status(&layer.plan.hubs[*i]) == Status::Active);
        for &(i, pos) in &order {
            let hub = &layer.plan.hubs[i];
            let warn = layer.sites.get(i).is_some_and(|s| !s.warnings.is_empty());
            draw_symbol(painter, hub, pos, layer.plan.status(hub), warn, theme);
        }
    }

    // Errors (a hub in occupied territory) get a red ring on top of the symbol.
    for &(i, pos) in &visible {
        if layer.sites.get(i).is_some_and(|s| s.has_error()) {
            let r = symbol_rect(pos, compact).expand(6.0);
            painter.rect_stroke(
                r,
                3.0,
                Stroke::new(2.5, Color32::from_rgb(0xd0, 0x00, 0x00)),
                egui::StrokeKind::Outside,
            );
        }
    }

    // Selection and hover rings on top of every symbol.
    for &(i, pos) in &visible {
        let hub = &layer.plan.hubs[i];
        let r = symbol_rect(pos, compact).expand(4.0);
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

    if layer.labels {
        draw_labels(painter, layer, &visible, compact);
    }
    draw_pulse(painter, p, layer)
}

/// Screen rectangle of a symbol centred on `pos`.
pub fn symbol_rect(pos: Pos2, compact: bool) -> Rect {
    if compact {
        Rect::from_center_size(pos, Vec2::splat(9.0))
    } else {
        Rect::from_center_size(pos, FRAME)
    }
}

fn draw_compact(painter: &Painter, layer: &HubLayer<'_>, visible: &[(usize, Pos2)]) {
    let theme = layer.theme;
    let mut mesh = Mesh::default();
    let mut quad = |r: Rect, color: Color32| {
        let base = mesh.vertices.len() as u32;
        for pos in [
            r.left_top(),
            r.right_top(),
            r.right_bottom(),
            r.left_bottom(),
        ] {
            mesh.vertices.push(Vertex {
                pos,
                uv: WHITE_UV,
                color,
            });
        }
        mesh.indices
            .extend_from_slice(&[base, base + 1, base + 2, base, base + 2, base + 3]);
    };
    for &(i, pos) in visible {
        let hub = &layer.plan.hubs[i];
        let r = symbol_rect(pos, true);
        match layer.plan.status(hub) {
            Status::Active => {
                quad(r, theme.hub_frame);
                quad(r.shrink(1.5), theme.hub_active);
            }
            Status::Inactive => {
                // Hollow: planned hubs read as outlines even at this size.
                quad(r, theme.hub_inactive_frame);
                quad(r.shrink(1.5), theme.hub_inactive);
            }
        }
    }
    painter.add(Shape::mesh(mesh));
}

/// The frame outline of a kind, NATO-style for friendly units: land is a rectangle,
/// air a dome open at the bottom, naval (surface) a circle.
fn frame_points(kind: &HubKind, r: Rect) -> Vec<Pos2> {
    match kind {
        HubKind::Air => {
            let c = Pos2::new(r.center().x, r.bottom());
            (0..=16)
                .map(|k| {
                    let a = std::f32::consts::PI * (1.0 + k as f32 / 16.0);
                    Pos2::new(c.x + r.width() / 2.0 * a.cos(), c.y + r.height() * a.sin())
                })
                .collect()
        }
        HubKind::Naval => (0..24)
            .map(|k| {
                let a = std::f32::consts::TAU * k as f32 / 24.0;
                let rad = r.height() / 2.0 + 2.0;
                Pos2::new(r.center().x + rad * a.cos(), r.center().y + rad * a.sin())
            })
            .collect(),
        _ => vec![
            r.left_top(),
            r.right_top(),
            r.right_bottom(),
            r.left_bottom(),
        ],
    }
}

/// Draws one full symbol.
pub fn draw_symbol(
    painter: &Painter,
    hub: &Hub,
    pos: Pos2,
    status: Status,
    warn: bool,
    theme: MapTheme,
) {
    let r = symbol_rect(pos, false);
    let points = frame_points(&hub.kind, r);
    let closed = !matches!(hub.kind, HubKind::Air);
    let (fill, frame) = match status {
        Status::Active => (theme.hub_active, theme.hub_frame),
        Status::Inactive => (theme.hub_inactive, theme.hub_inactive_frame),
    };
    let mut fill_points = points.clone();
    if !closed {
        fill_points.push(r.left_bottom());
    }
    painter.add(Shape::convex_polygon(fill_points, fill, Stroke::NONE));
    let mut outline = points;
    if closed {
        outline.push(outline[0]);
    } else {
        outline.push(r.left_bottom());
        outline.insert(0, r.right_bottom());
    }
    match status {
        Status::Active => {
            painter.add(Shape::line(outline, Stroke::new(2.0, frame)));
        }
        Status::Inactive => {
            // Planned/anticipated units are drawn with a dashed frame (APP-6 / 2525).
            painter.extend(Shape::dashed_line(
                &outline,
                Stroke::new(2.0, frame),
                4.0,
                3.0,
            ));
        }
    }
    painter.text(
        r.center(),
        Align2::CENTER_CENTER,
        hub.kind.code(),
        FontId::monospace(10.5),
        frame,
    );
    // Lead nation as an amplifier to the right of the frame.
    painter.text(
        Pos2::new(r.right() + 4.0, r.top()),
        Align2::LEFT_TOP,
        &hub.lead_nation,
        FontId::proportional(10.5),
        frame,
    );
    if warn {
        let c = Pos2::new(r.right() + 2.0, r.bottom() + 1.0);
        let tri = vec![
            c + Vec2::new(0.0, -8.0),
            c + Vec2::new(7.0, 4.0),
            c + Vec2::new(-7.0, 4.0),
        ];
        painter.add(Shape::convex_polygon(
            tri,
            theme.warning,
            Stroke::new(1.0, Color32::WHITE),
        ));
        painter.text(
            c + Vec2::new(0.0, 0.5),
            Align2::CENTER_CENTER,
            "!",
            FontId::proportional(9.0),
            Color32::WHITE,
        );
    }
}

fn draw_labels(painter: &Painter, layer: &HubLayer<'_>, visible: &[(usize, Pos2)], compact: bool) {
    let theme = layer.theme;
    let font = FontId::proportional(12.0);
    let mut ranked: Vec<(f64, usize, Pos2)> = visible
        .iter()
        .map(|&(i, pos)| {
            let hub = &layer.plan.hubs[i];
            let mut priority = hub.personnel as f64 / 1e6;
            if layer.plan.status(hub) == Status::Active {
                priority += 1.0;
            }
            if layer.selection.contains(&hub.id) || layer.hovered == Some(hub.id) {
                priority += 10.0;
            }
            (priority, i, pos)
        })
        .filter(|(priority, _, _)| !compact || *priority >= 10.0)
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked.truncate(MAX_LABELS);
    // Symbols, the legend and the marking are obstacles: a label never covers them.
    let map_rect = painter.clip_rect();
    let furniture = [
        crate::ui::legend::legend_rect(map_rect),
        crate::ui::map_view::marking_rect(map_rect),
    ];
    let blocked: Vec<(f64, f64, f64, f64)> = visible
        .iter()
        .map(|&(_, pos)| symbol_rect(pos, compact))
        .chain(furniture)
        .map(|r| {
            (
                r.min.x as f64,
                r.min.y as f64,
                r.max.x as f64,
                r.max.y as f64,
            )
        })
        .collect();
    let mut galleys = Vec::with_capacity(ranked.len());
    let candidates: Vec<LabelCandidate> = ranked
        .iter()
        .map(|&(priority, i, pos)| {
            let hub = &layer.plan.hubs[i];
            let color = match layer.plan.status(hub) {
                Status::Active => theme.label,
                Status::Inactive => theme.label.gamma_multiply(0.75),
            };
            let galley = painter.layout_no_wrap(hub.name.clone(), font.clone(), color);
            let size = galley.size();
            galleys.push((galley, color));
            let below = symbol_rect(pos, compact).bottom() + 2.0 + size.y / 2.0;
            LabelCandidate {
                x: pos.x as f64,
                y: below as f64,
                width: size.x as f64,
                height: size.y as f64,
                priority,
            }
        })
        .collect();
    for k in place_labels(&candidates, &blocked, 1.0) {
        let c = &candidates[k];
        let (galley, color) = galleys[k].clone();
        let pos = Pos2::new((c.x - c.width / 2.0) as f32, (c.y - c.height / 2.0) as f32);
        let bg = Rect::from_min_size(pos, galley.size()).expand(2.0);
        painter.rect_filled(bg, 3.0, theme.halo);
        painter.galley(pos, galley, color);
    }
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
