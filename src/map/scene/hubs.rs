//! Hubs on the map: NATO-style friendly frames (land a rectangle, air a dome, naval a
//! circle), dashed and desaturated while a hub waits, its kind code and lead nation,
//! the warning mark and the error ring; cluster discs where symbols would overlap; and
//! hub names on plates as wanted labels. The screen adds selection, hover and the
//! ceasefire pulse on top; everything here is what every picture of the plan shows.

use std::collections::BTreeSet;

use ecolor::Color32;

use super::{Anchor, Item, Label, Layer, MeasureText, Shape, Tag, Text, View};
use crate::map::cluster::{self, Cluster, HubPoint};
use crate::map::labels::{LabelCandidate, Rect};
use crate::map::style::{self, Line};
use crate::map::theme::MapTheme;
use crate::model::hub::{Hub, HubId, HubKind, Status};
use crate::model::plan::Plan;
use crate::model::site::Site;
use crate::projection::Projector;

/// The hubs of a picture as drawn: single symbols and cluster discs.
#[derive(Clone, Debug, Default)]
pub struct HubMarks {
    /// The hubs in view, as the clusterer saw them.
    pub points: Vec<HubPoint>,
    /// Index in `plan.hubs` of each point.
    pub plan_index: Vec<usize>,
    /// Singles and clusters, in the order of their smallest hub id.
    pub clusters: Vec<Cluster>,
    /// Symbol scale at this zoom ([`cluster::symbol_scale`]).
    pub scale: f64,
    /// Whether symbols are small squares (more than [`cluster::COMPACT_ABOVE`] in view).
    pub compact: bool,
    /// Hubs inside a cluster disc (sorted), which can be neither hovered nor grabbed.
    clustered: Vec<HubId>,
}

impl HubMarks {
    /// The hubs of `plan` whose position lies in `bounds` (plus a symbol's width),
    /// grouped where their symbols would overlap at the projector's zoom.
    pub fn layout(p: &Projector, plan: &Plan, sites: &[Site], bounds: Rect) -> Self {
        let zoom = p.camera().zoom;
        let scale = cluster::symbol_scale(zoom);
        let m = cluster::FRAME_W;
        let mut points = Vec::new();
        let mut plan_index = Vec::new();
        for (i, h) in plan.hubs.iter().enumerate() {
            let (x, y) = p.screen_from_geo(h.lon, h.lat);
            // Also false for non-finite positions.
            let inside =
                x >= bounds.0 - m && x <= bounds.2 + m && y >= bounds.1 - m && y <= bounds.3 + m;
            if !inside {
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
            // Many hubs in view are small squares (those left single), which keeps a
            // picture of thousands of hubs cheap.
            compact: points.len() > cluster::COMPACT_ABOVE,
            points,
            plan_index,
            clusters,
            scale,
            clustered,
        }
    }

    /// The cluster disc (of two or more hubs) under `(x, y)`, if any.
    pub fn cluster_at(&self, x: f64, y: f64) -> Option<&Cluster> {
        self.clusters.iter().rev().find(|c| {
            !c.is_single() && {
                let (dx, dy) = (x - c.x, y - c.y);
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

    /// The single hubs: index in `plan.hubs` and screen position.
    pub fn singles(&self) -> impl Iterator<Item = (usize, f64, f64)> + '_ {
        self.clusters
            .iter()
            .filter(|c| c.is_single())
            .filter_map(|c| Some((*self.plan_index.get(*c.members.first()?)?, c.x, c.y)))
    }

    /// What no label may cover: each symbol with its lead nation, each disc.
    pub fn obstacles(&self) -> Vec<Rect> {
        self.clusters
            .iter()
            .map(|c| {
                if c.is_single() {
                    let mut r = symbol_rect(c.x, c.y, self.compact, self.scale);
                    if !self.compact {
                        r.2 += cluster::AMPLIFIER_W;
                    }
                    r
                } else {
                    c.disc_rect()
                }
            })
            .collect()
    }
}

/// Side of a compact hub square, pixels.
pub const COMPACT_SIDE: f64 = 9.0;
/// Hub names considered, highest priority first; keeps placement cheap.
pub const MAX_HUB_LABELS: usize = 150;
/// Font size of hub names.
pub const HUB_LABEL_SIZE: f64 = 12.0;
/// Priority hub names get over every other label of the map (country, oblast, city
/// and ring labels stay below 100).
pub const HUB_LABEL_PRIORITY: f64 = 1000.0;
/// Dash of a waiting hub's frame (APP-6 / MIL-STD-2525 planned units).
pub const FRAME_DASH: (f64, f64) = (4.0, 3.0);
/// Width of a hub's frame line.
pub const FRAME_LINE: f64 = 2.0;
/// Space between a hub's name and its plate's edge, pixels.
pub const PLATE_PAD: f64 = 2.0;
/// Colour of the error ring round a hub in occupied territory.
pub const ERROR_RED: Color32 = Color32::from_rgb(0xd0, 0x00, 0x00);

/// The box of a symbol centred on `(x, y)` at symbol scale `scale`.
pub fn symbol_rect(x: f64, y: f64, compact: bool, scale: f64) -> Rect {
    let (w, h) = if compact {
        (COMPACT_SIDE, COMPACT_SIDE)
    } else {
        (cluster::FRAME_W * scale, cluster::FRAME_H * scale)
    };
    (x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0)
}

/// A hub's tooltip (the SVG's `<title>`): name, kind, lead nation, status, what it
/// waits for and its warnings.
fn tooltip(hub: &Hub, status: Status, site: Option<&Site>) -> String {
    let mut t = format!(
        "{}\n{} · lead {} · {}",
        hub.name,
        hub.kind.label(),
        hub.lead_nation,
        status.as_str()
    );
    if status == Status::Inactive {
        t.push_str("\nWaits for ");
        t.push_str(hub.activation.waiting_for());
    }
    for w in site.map_or(&[][..], |s| &s.warnings[..]) {
        t.push_str("\nWarning: ");
        t.push_str(&w.to_string());
    }
    t
}

/// The `hubs` layer: waiting hubs first so active ones sit on top, then the cluster
/// discs. With `tooltips` each hub and disc is a tagged group with its tooltip (files);
/// without, the items are flat (the screen, which shows its own tooltips).
pub fn hubs(
    plan: &Plan,
    sites: &[Site],
    marks: &HubMarks,
    theme: &MapTheme,
    measure: &dyn MeasureText,
    tooltips: bool,
) -> Layer {
    let mut layer = Layer::new("hubs");
    layer.apart = true;
    let mut singles: Vec<(usize, f64, f64)> = marks.singles().collect();
    let status = |i: usize| {
        plan.hubs
            .get(i)
            .map_or(Status::Inactive, |h| plan.status(h))
    };
    // Stable: hubs keep their id order within each status.
    singles.sort_by_key(|&(i, _, _)| (status(i) == Status::Active, plan.hubs.get(i).map(|h| h.id)));
    for (i, x, y) in singles {
        let Some(hub) = plan.hubs.get(i) else {
            continue;
        };
        let site = sites.get(i);
        let st = plan.status(hub);
        let mut items = Vec::new();
        if marks.compact {
            let (fill, frame) = style::status_colors(theme, st);
            let r = symbol_rect(x, y, true, 1.0);
            items.push(bare(Shape::Rect {
                min: (r.0 + 0.75, r.1 + 0.75),
                max: (r.2 - 0.75, r.3 - 0.75),
                corner: 0.0,
                fill: Some(fill),
                stroke: Some(Line::solid(1.5, frame)),
            }));
        } else {
            symbol(&mut items, hub, (x, y), st, theme, marks.scale, measure);
        }
        let r = symbol_rect(x, y, marks.compact, marks.scale);
        if !marks.compact && site.is_some_and(|s| !s.warnings.is_empty()) {
            warning(&mut items, (r.2 + 2.0, r.3 - 1.0), theme);
        }
        // A hub in occupied territory: a red ring round the symbol.
        if site.is_some_and(Site::has_error) {
            let e = 6.0 + 1.25;
            items.push(bare(Shape::Rect {
                min: (r.0 - e, r.1 - e),
                max: (r.2 + e, r.3 + e),
                corner: 3.0,
                fill: None,
                stroke: Some(Line::solid(2.5, ERROR_RED)),
            }));
        }
        if tooltips {
            layer.add_tagged(
                Shape::Group(items),
                Tag {
                    class: Some(format!("hub {}", st.as_str())),
                    data: vec![("id", hub.id.to_string())],
                    title: Some(tooltip(hub, st, site)),
                    ..Tag::default()
                },
            );
        } else {
            layer.items.extend(items);
        }
    }
    for c in marks.clusters.iter().filter(|c| !c.is_single()) {
        let items = disc(c, theme);
        if tooltips {
            let members: Vec<&Hub> = c
                .members
                .iter()
                .filter_map(|&k| plan.hubs.get(*marks.plan_index.get(k)?))
                .collect();
            let mut title = c.summary();
            for h in &members {
                title.push_str(&format!("\n{} ({})", h.name, plan.status(h).as_str()));
            }
            let ids: Vec<String> = members.iter().map(|h| h.id.to_string()).collect();
            layer.add_tagged(
                Shape::Group(items),
                Tag {
                    class: Some("cluster".into()),
                    data: vec![
                        ("ids", ids.join(" ")),
                        ("active", c.active.to_string()),
                        ("inactive", c.inactive.to_string()),
                        ("warnings", c.warnings.to_string()),
                    ],
                    title: Some(title),
                    ..Tag::default()
                },
            );
        } else {
            layer.items.extend(items);
        }
    }
    layer
}

fn bare(shape: Shape) -> Item {
    Item { shape, tag: None }
}

fn text(x: f64, y: f64, anchor: Anchor, size: f64, color: Color32, text: String) -> Text {
    Text {
        x,
        y,
        anchor,
        size,
        color,
        halo: None,
        text,
        mono: false,
    }
}

/// A full symbol: the kind's frame (filled, dashed while waiting), the kind code in
/// it and the lead nation to its right.
fn symbol(
    items: &mut Vec<Item>,
    hub: &Hub,
    (x, y): (f64, f64),
    status: Status,
    theme: &MapTheme,
    scale: f64,
    measure: &dyn MeasureText,
) {
    let (fill, frame) = style::status_colors(theme, status);
    let line = match status {
        Status::Active => Line::solid(FRAME_LINE, frame),
        Status::Inactive => Line::dashed(FRAME_LINE, frame, FRAME_DASH.0, FRAME_DASH.1),
    };
    let r = symbol_rect(x, y, false, scale);
    let (w, h) = (r.2 - r.0, r.3 - r.1);
    let shape = match hub.kind {
        HubKind::Air => {
            // A dome: the upper half of an ellipse as wide as the frame and as tall.
            let (cx, cy) = ((r.0 + r.2) / 2.0, r.3);
            let run = (0..=16)
                .map(|k| {
                    let a = std::f64::consts::PI * (1.0 + f64::from(k) / 16.0);
                    (cx + w / 2.0 * a.cos(), cy + h * a.sin())
                })
                .collect();
            Shape::Path {
                runs: vec![run],
                closed: true,
                fill: Some(fill),
                stroke: Some(line),
            }
        }
        HubKind::Naval => Shape::Circle {
            centre: (x, y),
            radius: h / 2.0 + 2.0 * scale,
            fill: Some(fill),
            stroke: Some(line),
        },
        _ => Shape::Rect {
            min: (r.0, r.1),
            max: (r.2, r.3),
            corner: 0.0,
            fill: Some(fill),
            stroke: Some(line),
        },
    };
    items.push(bare(shape));
    // Text shrinks less than the frame.
    let mut code = text(
        x,
        y,
        Anchor::Middle,
        10.5 * scale.max(0.75),
        frame,
        hub.kind.code(),
    );
    code.mono = true;
    items.push(bare(Shape::Text(code)));
    // The lead nation as an amplifier right of the frame, top-aligned with it.
    let size = 10.5 * scale.max(0.8);
    let (_, th) = measure.measure(&hub.lead_nation, size);
    items.push(bare(Shape::Text(text(
        r.2 + 4.0 * scale,
        r.1 + th / 2.0,
        Anchor::Start,
        size,
        frame,
        hub.lead_nation.clone(),
    ))));
}

/// The warning mark: a red triangle with "!", centred on `(cx, cy)`.
fn warning(items: &mut Vec<Item>, (cx, cy): (f64, f64), theme: &MapTheme) {
    let s = cluster::WARNING_SIZE;
    items.push(Item {
        shape: Shape::Path {
            runs: vec![vec![
                (cx, cy - s - 1.0),
                (cx + s, cy + s * 0.6),
                (cx - s, cy + s * 0.6),
            ]],
            closed: true,
            fill: Some(theme.warning),
            stroke: Some(Line::solid(1.0, Color32::WHITE)),
        },
        tag: Some(Box::new(Tag {
            class: Some("warning".into()),
            ..Tag::default()
        })),
    });
    items.push(bare(Shape::Text(text(
        cx,
        cy + 0.5,
        Anchor::Middle,
        9.0,
        Color32::WHITE,
        "!".into(),
    ))));
}

/// A cluster: a disc in the frame colour ringed by its active and waiting shares, a
/// light face with the count, and the warning mark when any member has warnings.
fn disc(c: &Cluster, theme: &MapTheme) -> Vec<Item> {
    let radius = cluster::cluster_radius(c.count());
    let inner = radius - cluster::RING_WIDTH;
    let mut items = vec![bare(Shape::Circle {
        centre: (c.x, c.y),
        radius,
        fill: Some(theme.hub_frame),
        stroke: None,
    })];
    let mid = (inner + radius - 1.0) / 2.0 + 0.25;
    let width = radius - 1.0 - inner - 0.5;
    for (a0, a1, status) in c.ring_arcs() {
        let (color, _) = style::status_colors(theme, status);
        let tag = Some(Box::new(Tag {
            class: Some(format!("share {}", status.as_str())),
            ..Tag::default()
        }));
        let line = Some(Line::solid(width, color));
        let shape = if a1 - a0 >= std::f64::consts::TAU - 1e-9 {
            Shape::Circle {
                centre: (c.x, c.y),
                radius: mid,
                fill: None,
                stroke: line,
            }
        } else {
            let steps = ((a1 - a0) / std::f64::consts::TAU * 48.0).ceil().max(2.0) as u32;
            let run = (0..=steps)
                .map(|k| {
                    let a = a0 + (a1 - a0) * f64::from(k) / f64::from(steps);
                    (c.x + mid * a.cos(), c.y + mid * a.sin())
                })
                .collect();
            Shape::Path {
                runs: vec![run],
                closed: false,
                fill: None,
                stroke: line,
            }
        };
        items.push(Item { shape, tag });
    }
    items.push(bare(Shape::Circle {
        centre: (c.x, c.y),
        radius: inner,
        fill: Some(theme.halo.to_opaque()),
        stroke: Some(Line::solid(1.0, theme.hub_frame)),
    }));
    items.push(bare(Shape::Text(text(
        c.x,
        c.y,
        Anchor::Middle,
        cluster::COUNT_SIZE,
        theme.label,
        c.count().to_string(),
    ))));
    if c.warnings > 0 {
        warning(
            &mut items,
            (c.x + radius * 0.75, c.y - radius * 0.75),
            theme,
        );
    }
    items
}

/// The names of the single hubs as wanted labels on plates, below their symbols (or
/// above, when below is taken): `emphasis` hubs (selected, hovered) first, then active
/// ones, then by personnel. With compact symbols only `emphasis` hubs are named.
pub fn hub_labels(
    plan: &Plan,
    marks: &HubMarks,
    view: &View<'_>,
    measure: &dyn MeasureText,
    emphasis: &BTreeSet<HubId>,
) -> Vec<Label> {
    if !view.layers.hub_labels {
        return Vec::new();
    }
    let mut ranked: Vec<(f64, usize, f64, f64)> = marks
        .singles()
        .filter_map(|(i, x, y)| {
            let hub = plan.hubs.get(i)?;
            let mut priority = f64::from(hub.personnel) / 1e6;
            if plan.status(hub) == Status::Active {
                priority += 1.0;
            }
            if emphasis.contains(&hub.id) {
                priority += 10.0;
            }
            Some((priority, i, x, y))
        })
        .filter(|(priority, ..)| !marks.compact || *priority >= 10.0)
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked.truncate(MAX_HUB_LABELS);
    ranked
        .into_iter()
        .filter_map(|(priority, i, x, y)| {
            let hub = plan.hubs.get(i)?;
            let color = match plan.status(hub) {
                Status::Active => view.theme.label,
                Status::Inactive => view.theme.label.gamma_multiply(0.75),
            };
            let (w, h) = measure.measure(&hub.name, HUB_LABEL_SIZE);
            let symbol = symbol_rect(x, y, marks.compact, marks.scale);
            let pad = 2.0 * PLATE_PAD;
            Some(Label {
                candidate: LabelCandidate {
                    x,
                    y: symbol.3 + 4.0 + h / 2.0,
                    width: w + pad,
                    height: h + pad,
                    priority: HUB_LABEL_PRIORITY + priority,
                    flip: symbol.3 - symbol.1 + h + 12.0,
                },
                text: hub.name.clone(),
                size: HUB_LABEL_SIZE,
                color,
                tag: Tag::default(),
                plate: Some(view.theme.halo),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::scene::Estimated;
    use crate::model::slide::Layers;

    #[test]
    fn each_hub_is_its_frame_code_and_nation_or_a_disc() {
        let plan = crate::model::plan_file::sample_plan();
        let geography = crate::model::geography::Geography::builtin().unwrap();
        let sites = crate::model::site::analyse_plan(&plan, &geography);
        let p = crate::map::scene::tests::ukraine(1200.0, 800.0);
        let marks = HubMarks::layout(&p, &plan, &sites, (0.0, 0.0, 1200.0, 800.0));
        let theme = MapTheme::LIGHT;
        let layer = hubs(&plan, &sites, &marks, &theme, &Estimated, true);
        let singles = marks.singles().count();
        let discs = marks.clusters.len() - singles;
        assert_eq!(
            singles
                + marks
                    .clusters
                    .iter()
                    .filter(|c| !c.is_single())
                    .map(Cluster::count)
                    .sum::<usize>(),
            plan.hubs.len()
        );
        assert_eq!(layer.items.len(), singles + discs);
        for item in &layer.items {
            let tag = item.tag.as_deref().expect("tagged for files");
            let Shape::Group(parts) = &item.shape else {
                panic!("a group")
            };
            if tag.class.as_deref() == Some("cluster") {
                continue;
            }
            let hub = plan
                .hubs
                .iter()
                .find(|h| h.id.to_string() == tag.data[0].1)
                .unwrap();
            let status = plan.status(hub);
            assert_eq!(
                tag.class.as_deref(),
                Some(format!("hub {}", status.as_str()).as_str())
            );
            assert!(
                tag.title
                    .as_deref()
                    .unwrap()
                    .starts_with(&format!("{}\n", hub.name))
            );
            let (fill, frame) = style::status_colors(&theme, status);
            let (frame_fill, frame_line) = match &parts[0].shape {
                Shape::Rect { fill, stroke, .. }
                | Shape::Circle { fill, stroke, .. }
                | Shape::Path { fill, stroke, .. } => (*fill, *stroke),
                other => panic!("{other:?}"),
            };
            assert_eq!(frame_fill, Some(fill));
            let line = frame_line.unwrap();
            assert_eq!(line.color, frame);
            assert_eq!(
                line.dash.is_some(),
                status == Status::Inactive,
                "{}",
                hub.name
            );
            let texts: Vec<&str> = parts
                .iter()
                .filter_map(|p| match &p.shape {
                    Shape::Text(t) => Some(t.text.as_str()),
                    _ => None,
                })
                .collect();
            assert_eq!(texts[0], hub.kind.code());
            assert_eq!(texts[1], hub.lead_nation);
        }
        // The labels: one per single hub, hub priority, on a plate.
        let layers = Layers::default();
        let view = View {
            p: &p,
            theme: &theme,
            layers: &layers,
            bounds: (0.0, 0.0, 1200.0, 800.0),
        };
        let labels = hub_labels(&plan, &marks, &view, &Estimated, &BTreeSet::new());
        assert_eq!(labels.len(), singles);
        assert!(
            labels
                .iter()
                .all(|l| l.candidate.priority >= HUB_LABEL_PRIORITY && l.plate.is_some())
        );
    }
}
