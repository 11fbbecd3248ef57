//! Hub symbols on the map: NATO-style friendly frames, planned (inactive) hubs dashed
//! and desaturated, selection and hover highlights, warnings, labels, and the pulse
//! that shows which hubs changed state when the ceasefire toggle flips.

use std::collections::BTreeSet;

use egui::{
    Align2, Color32, FontId, Mesh, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2,
    epaint::Vertex, epaint::WHITE_UV,
};

use crate::map::cluster::{self, Cluster, HubPoint};
use crate::map::labels::LabelCandidate;
use crate::map::theme::MapTheme;
use crate::model::hub::{Hub, HubId, HubKind, Status};
use crate::model::plan::Plan;
use crate::model::site::Site;
use crate::projection::Projector;

/// Size of a full symbol's frame, in points (at full scale; see `map::cluster`).
pub const FRAME: Vec2 = Vec2::new(cluster::FRAME_W as f32, cluster::FRAME_H as f32);

/// Above this many hubs on screen, symbols become small squares without text.
pub const COMPACT_ABOVE: usize = cluster::COMPACT_ABOVE;

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

/// The hubs of a frame as they are drawn: single symbols and cluster discs.
#[derive(Clone, Debug, Default)]
pub struct HubMarks {
    /// The hubs in view, as the clusterer saw them.
    pub points: Vec<HubPoint>,
    /// Index in `plan.hubs` of each point.
    pub plan_index: Vec<usize>,
    /// Singles and clusters, in the order of their smallest hub id.
    pub clusters: Vec<Cluster>,
    /// Symbol scale at this zoom ([`cluster::symbol_scale`]).
    pub scale: f32,
    /// Whether symbols are small squares (more than [`COMPACT_ABOVE`] hubs in view).
    pub compact: bool,
    /// Hubs inside a cluster disc (sorted), which can be neither hovered nor grabbed.
    clustered: Vec<HubId>,
}

impl HubMarks {
    /// The hubs of `plan` in `clip` (plus a symbol's width), grouped where their
    /// symbols would overlap at the projector's zoom.
    pub fn layout(p: &Projector, plan: &Plan, sites: &[Site], clip: Rect) -> Self {
        let zoom = p.camera().zoom;
        let scale = cluster::symbol_scale(zoom);
        let clip = clip.expand(FRAME.x);
        let mut points = Vec::new();
        let mut plan_index = Vec::new();
        for (i, h) in plan.hubs.iter().enumerate() {
            let (x, y) = p.screen_from_geo(h.lon, h.lat);
            if !clip.contains(Pos2::new(x as f32, y as f32)) {
                continue;
            }
            points.push(HubPoint {
                id: h.id,
                x,
                y,
                status: plan.status(h),
                warn: sites.get(i).is_some_and(|s| !s.warnings.is_empty()),
            });
            plan_index.push(i);
        }
        let clusters = cluster::cluster(&points, cluster::footprint(scale), zoom);
        let mut clustered: Vec<HubId> = clusters
            .iter()
            .filter(|c| !c.is_single())
            .flat_map(|c| c.ids(&points))
            .collect();
        clustered.sort_unstable();
        Self {
            // As before clustering: many hubs in view are small squares (those left
            // single), which keeps a frame with thousands of hubs cheap.
            compact: points.len() > COMPACT_ABOVE,
            points,
            plan_index,
            clusters,
            scale: scale as f32,
            clustered,
        }
    }

    /// The cluster disc (of two or more hubs) under `pos`, if any.
    pub fn cluster_at(&self, pos: Pos2) -> Option<&Cluster> {
        self.clusters.iter().rev().find(|c| {
            !c.is_single() && {
                let (dx, dy) = (pos.x as f64 - c.x, pos.y as f64 - c.y);
                dx * dx + dy * dy <= cluster::cluster_radius(c.count()).powi(2)
            }
        })
    }

    /// Whether a hub is hidden inside a cluster disc.
    pub fn is_clustered(&self, id: HubId) -> bool {
        self.clustered.binary_search(&id).is_ok()
    }

    /// Positions `(lon, lat)` of a cluster's members in `plan`, for zooming to them.
    pub fn member_positions(&self, c: &Cluster, plan: &Plan) -> Vec<(f64, f64)> {
        c.members
            .iter()
            .filter_map(|&k| plan.hubs.get(*self.plan_index.get(k)?))
            .map(|h| (h.lon, h.lat))
            .collect()
    }

    /// What no label may cover: each symbol with its lead nation, each disc.
    pub fn obstacles(&self) -> Vec<Rect> {
        self.clusters
            .iter()
            .map(|c| {
                let pos = Pos2::new(c.x as f32, c.y as f32);
                if c.is_single() {
                    let mut r = symbol_rect(pos, self.compact, self.scale);
                    if !self.compact {
                        r.max.x += cluster::AMPLIFIER_W as f32;
                    }
                    r
                } else {
                    let d = c.disc_rect();
                    Rect::from_min_max(
                        Pos2::new(d.0 as f32, d.1 as f32),
                        Pos2::new(d.2 as f32, d.3 as f32),
                    )
                }
            })
            .collect()
    }
}

/// Draws the hubs as laid out in `marks`; returns whether an animation still needs
/// frames. Labels are placed by the caller with the map's other labels
/// ([`label_candidates`]).
pub fn draw(painter: &Painter, p: &Projector, layer: &HubLayer<'_>, marks: &HubMarks) -> bool {
    let theme = layer.theme;
    let scale = marks.scale;
    let compact = marks.compact;
    let singles: Vec<(usize, Pos2)> = marks
        .clusters
        .iter()
        .filter(|c| c.is_single())
        .filter_map(|c| {
            let i = *marks.plan_index.get(*c.members.first()?)?;
            Some((i, Pos2::new(c.x as f32, c.y as f32)))
        })
        .collect();

    if compact {
        draw_compact(painter, layer, &singles);
    } else {
        // Inactive first, so active hubs sit on top where they overlap.
        let mut order = singles.clone();
        order.sort_by_key(|(i, _)| layer.plan.status(&layer.plan.hubs[*i]) == Status::Active);
        for &(i, pos) in &order {
            let hub = &layer.plan.hubs[i];
            let warn = layer.sites.get(i).is_some_and(|s| !s.warnings.is_empty());
            draw_symbol(
                painter,
                hub,
                pos,
                layer.plan.status(hub),
                warn,
                theme,
                scale,
            );
        }
    }
    // The discs' geometry in one mesh, added before their counts are painted.
    let discs = painter.add(Shape::Noop);
    let mut mesh = Mesh::default();
    for c in marks.clusters.iter().filter(|c| !c.is_single()) {
        let ids = c.ids(&marks.points);
        let selected = ids.iter().any(|id| layer.selection.contains(id));
        draw_cluster(painter, &mut mesh, c, theme, selected);
    }
    painter.set(discs, Shape::mesh(mesh));

    // Errors (a hub in occupied territory) get a red ring on top of the symbol.
    // (A hub inside a cluster disc shows through the disc's warning mark.)
    for &(i, pos) in &singles {
        if layer.sites.get(i).is_some_and(|s| s.has_error()) {
            let r = symbol_rect(pos, compact, scale).expand(6.0);
            painter.rect_stroke(
                r,
                3.0,
                Stroke::new(2.5, Color32::from_rgb(0xd0, 0x00, 0x00)),
                egui::StrokeKind::Outside,
            );
        }
    }

    // Selection and hover rings on top of every symbol.
    for &(i, pos) in &singles {
        let hub = &layer.plan.hubs[i];
        let r = symbol_rect(pos, compact, scale).expand(4.0);
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
    draw_pulse(painter, p, layer)
}

/// A cluster: a disc with the count, ringed by its active (hub fill colour) and
/// waiting (inactive colour) shares, and the warning mark when any member has
/// warnings. `selected` rings it in the selection colour. The discs' geometry goes
/// into `mesh` (one mesh for all of them: hundreds of discs stay cheap); the count,
/// warning and selection are painted at once.
pub fn draw_cluster(
    painter: &Painter,
    mesh: &mut Mesh,
    c: &Cluster,
    theme: MapTheme,
    selected: bool,
) {
    let center = Pos2::new(c.x as f32, c.y as f32);
    let radius = cluster::cluster_radius(c.count()) as f32;
    let inner = radius - cluster::RING_WIDTH as f32;
    let full = std::f64::consts::TAU;
    // Frame colour round the outside (its edge feathered over a pixel), the status
    // shares, a thin frame line inside them, and the light face for the count.
    band(
        mesh,
        center,
        radius,
        radius + 1.0,
        (0.0, full),
        theme.hub_frame,
        Color32::TRANSPARENT,
    );
    band(
        mesh,
        center,
        radius - 1.0,
        radius,
        (0.0, full),
        theme.hub_frame,
        theme.hub_frame,
    );
    for (a0, a1, status) in c.ring_arcs() {
        let color = match status {
            Status::Active => theme.hub_active,
            Status::Inactive => theme.hub_inactive,
        };
        band(
            mesh,
            center,
            inner + 0.5,
            radius - 1.0,
            (a0, a1),
            color,
            color,
        );
    }
    band(
        mesh,
        center,
        inner - 0.5,
        inner + 0.5,
        (0.0, full),
        theme.hub_frame,
        theme.hub_frame,
    );
    let face = theme.halo.to_opaque();
    band(mesh, center, 0.0, inner - 0.5, (0.0, full), face, face);
    painter.text(
        center,
        Align2::CENTER_CENTER,
        c.count().to_string(),
        FontId::proportional(cluster::COUNT_SIZE as f32),
        theme.label,
    );
    if c.warnings > 0 {
        draw_warning(
            painter,
            center + Vec2::new(radius * 0.75, -radius * 0.75),
            theme,
        );
    }
    if selected {
        painter.circle_stroke(center, radius + 3.0, Stroke::new(3.0, theme.selection));
    }
}

/// Appends the part of an annulus between radii `r0` and `r1` and angles `arc`
/// (radians, clockwise on screen) to `mesh`, coloured `inner` at `r0` and `outer` at
/// `r1` (a transparent `outer` feathers an edge).
fn band(
    mesh: &mut Mesh,
    center: Pos2,
    r0: f32,
    r1: f32,
    arc: (f64, f64),
    inner: Color32,
    outer: Color32,
) {
    let (a0, a1) = arc;
    let steps = (((a1 - a0) / std::f64::consts::TAU) * 40.0).ceil().max(2.0) as u32;
    let base = mesh.vertices.len() as u32;
    for k in 0..=steps {
        let a = (a0 + (a1 - a0) * f64::from(k) / f64::from(steps)) as f32;
        let dir = Vec2::new(a.cos(), a.sin());
        for (r, color) in [(r0, inner), (r1, outer)] {
            mesh.vertices.push(Vertex {
                pos: center + dir * r,
                uv: WHITE_UV,
                color,
            });
        }
        if k > 0 {
            let b = base + 2 * k;
            mesh.indices
                .extend_from_slice(&[b - 2, b - 1, b, b - 1, b + 1, b]);
        }
    }
}

/// The warning mark: a red triangle with "!", centred on `c`.
fn draw_warning(painter: &Painter, c: Pos2, theme: MapTheme) {
    let s = cluster::WARNING_SIZE as f32;
    let tri = vec![
        c + Vec2::new(0.0, -s - 1.0),
        c + Vec2::new(s, s * 0.6),
        c + Vec2::new(-s, s * 0.6),
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

/// Screen rectangle of a symbol centred on `pos`, at symbol scale `scale`.
pub fn symbol_rect(pos: Pos2, compact: bool, scale: f32) -> Rect {
    if compact {
        Rect::from_center_size(pos, Vec2::splat(9.0))
    } else {
        Rect::from_center_size(pos, FRAME * scale)
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
        let r = symbol_rect(pos, true, 1.0);
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
fn frame_points(kind: &HubKind, r: Rect, scale: f32) -> Vec<Pos2> {
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
                let rad = r.height() / 2.0 + 2.0 * scale;
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

/// Draws one full symbol at symbol scale `scale` (see [`cluster::symbol_scale`]).
pub fn draw_symbol(
    painter: &Painter,
    hub: &Hub,
    pos: Pos2,
    status: Status,
    warn: bool,
    theme: MapTheme,
    scale: f32,
) {
    let r = symbol_rect(pos, false, scale);
    let points = frame_points(&hub.kind, r, scale);
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
        FontId::monospace(10.5 * scale.max(0.75)),
        frame,
    );
    // Lead nation as an amplifier to the right of the frame.
    painter.text(
        Pos2::new(r.right() + 4.0 * scale, r.top()),
        Align2::LEFT_TOP,
        &hub.lead_nation,
        FontId::proportional(10.5 * scale.max(0.8)),
        frame,
    );
    if warn {
        draw_warning(painter, Pos2::new(r.right() + 2.0, r.bottom() - 1.0), theme);
    }
}

/// A hub name that would like a place below its symbol.
pub struct HubLabel {
    /// Where it would go, and how much it matters (above every map name).
    pub candidate: LabelCandidate,
    /// The name.
    pub text: String,
    /// Text colour (waiting hubs paler).
    pub color: Color32,
}

/// Priority hub names get over every other label of the map (country, oblast, city
/// and ring labels stay below 100).
pub const HUB_LABEL_PRIORITY: f64 = 1000.0;

/// Font of hub names.
pub fn label_font() -> FontId {
    FontId::proportional(12.0)
}

/// The names of the single hubs (not those inside a cluster disc) as label
/// candidates, below their symbols: selected and hovered first, then active, then by
/// personnel. With compact symbols only the selected and hovered hub are named.
pub fn label_candidates(
    painter: &Painter,
    layer: &HubLayer<'_>,
    marks: &HubMarks,
) -> Vec<HubLabel> {
    if !layer.labels {
        return Vec::new();
    }
    let theme = layer.theme;
    let mut ranked: Vec<(f64, usize, Pos2)> = marks
        .clusters
        .iter()
        .filter(|c| c.is_single())
        .filter_map(|c| {
            let i = *marks.plan_index.get(*c.members.first()?)?;
            let hub = &layer.plan.hubs[i];
            let mut priority = hub.personnel as f64 / 1e6;
            if layer.plan.status(hub) == Status::Active {
                priority += 1.0;
            }
            if layer.selection.contains(&hub.id) || layer.hovered == Some(hub.id) {
                priority += 10.0;
            }
            Some((priority, i, Pos2::new(c.x as f32, c.y as f32)))
        })
        .filter(|(priority, _, _)| !marks.compact || *priority >= 10.0)
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked.truncate(MAX_LABELS);
    ranked
        .into_iter()
        .map(|(priority, i, pos)| {
            let hub = &layer.plan.hubs[i];
            let color = match layer.plan.status(hub) {
                Status::Active => theme.label,
                Status::Inactive => theme.label.gamma_multiply(0.75),
            };
            let size = painter
                .layout_no_wrap(hub.name.clone(), label_font(), color)
                .size();
            let symbol = symbol_rect(pos, marks.compact, marks.scale);
            let below = symbol.bottom() + 4.0 + size.y / 2.0;
            HubLabel {
                candidate: LabelCandidate {
                    x: pos.x as f64,
                    y: below as f64,
                    width: size.x as f64 + 4.0,
                    height: size.y as f64 + 4.0,
                    priority: HUB_LABEL_PRIORITY + priority,
                    flip: (symbol.height() + size.y + 12.0) as f64,
                },
                text: hub.name.clone(),
                color,
            }
        })
        .collect()
}

/// Draws a placed hub name on its background plate (the candidate's box).
pub fn draw_label(
    painter: &Painter,
    c: &LabelCandidate,
    text: &str,
    color: Color32,
    theme: MapTheme,
) {
    let bg = Rect::from_center_size(
        Pos2::new(c.x as f32, c.y as f32),
        Vec2::new(c.width as f32, c.height as f32),
    );
    painter.rect_filled(bg, 3.0, theme.halo);
    painter.text(
        bg.center(),
        Align2::CENTER_CENTER,
        text,
        label_font(),
        color,
    );
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
