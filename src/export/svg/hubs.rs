//! Hub symbols, cluster discs and hub names as SVG, laid out as the screen lays them out.

use std::fmt::Write as _;

use crate::map::cluster::{self, Cluster, HubPoint};
use crate::map::labels::{LabelCandidate, Rect, place_labels_in};
use crate::model::hub::{Hub, HubKind, Status};
use crate::model::plan::Plan;
use crate::model::site::Site;

use super::Ctx;
use super::text::{Esc, N, Paint, baseline_from_centre, text_height, text_width};

/// Hub frame size, as the screen draws it (one definition in `map::cluster`).
pub(super) const FRAME_W: f64 = crate::map::cluster::FRAME_W;
/// See [`FRAME_W`].
pub(super) const FRAME_H: f64 = crate::map::cluster::FRAME_H;
/// Side of a compact hub square, as the screen draws above [`COMPACT_ABOVE`] hubs.
pub(super) const COMPACT_SIDE: f64 = 9.0;
/// Above this many hubs in view, symbols become small squares without text (as on screen).
pub(super) const COMPACT_ABOVE: usize = crate::map::cluster::COMPACT_ABOVE;
/// Hub labels considered, highest priority first (as on screen).
pub(super) const MAX_HUB_LABELS: usize = 150;

/// Monospace fonts for the kind code inside a hub's frame (egui draws it in Hack).
pub(super) const MONO_FAMILY: &str = "Hack, 'DejaVu Sans Mono', Menlo, Consolas, monospace";

/// The box a placed label covers.
pub(super) fn label_rect(c: &LabelCandidate) -> Rect {
    (
        c.x - c.width / 2.0,
        c.y - c.height / 2.0,
        c.x + c.width / 2.0,
        c.y + c.height / 2.0,
    )
}

/// One hub in view.
pub(super) struct Placed<'a> {
    pub(super) hub: &'a Hub,
    pub(super) site: Option<&'a Site>,
    pub(super) status: Status,
    pub(super) x: f64,
    pub(super) y: f64,
}

/// Symbol box of a hub at `(x, y)` at symbol scale `scale`.
pub(super) fn symbol_rect(x: f64, y: f64, compact: bool, scale: f64) -> Rect {
    let (w, h) = if compact {
        (COMPACT_SIDE, COMPACT_SIDE)
    } else {
        (FRAME_W * scale, FRAME_H * scale)
    };
    (x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0)
}

/// Font size of hub names.
pub(super) const HUB_LABEL_SIZE: f64 = 12.0;

/// The hubs in view as drawn: single symbols with their names, and cluster discs
/// (`map::cluster`, the screen's grouping).
pub(super) struct HubsInView<'a> {
    /// Each hub in view.
    pub(super) hubs: Vec<Placed<'a>>,
    /// Singles and clusters; members index `hubs`.
    pub(super) clusters: Vec<Cluster>,
    /// Whether symbols are small squares.
    pub(super) compact: bool,
    /// The name placed for each hub of `hubs`, if any.
    pub(super) label_of: Vec<Option<LabelCandidate>>,
    /// Symbol scale.
    pub(super) scale: f64,
}

impl<'a> HubsInView<'a> {
    /// Groups the hubs in view and places the names of the single ones below their
    /// symbols, clear of every symbol, disc and `keep` area, inside the picture.
    pub(super) fn layout(ctx: &Ctx, plan: &'a Plan, sites: &'a [Site], keep: &[Rect]) -> Self {
        let margin = FRAME_W;
        let hubs: Vec<Placed<'a>> = plan
            .hubs
            .iter()
            .enumerate()
            .filter_map(|(i, hub)| {
                let (x, y) = ctx.p.screen_from_geo(hub.lon, hub.lat);
                let inside = x >= -margin
                    && x <= ctx.width + margin
                    && y >= -margin
                    && y <= ctx.height + margin;
                inside.then(|| Placed {
                    hub,
                    site: sites.get(i),
                    status: plan.status(hub),
                    x,
                    y,
                })
            })
            .collect();
        let points: Vec<HubPoint> = hubs
            .iter()
            .map(|h| HubPoint {
                id: h.hub.id,
                x: h.x,
                y: h.y,
                status: h.status,
                warn: h.site.is_some_and(|s| !s.warnings.is_empty()),
            })
            .collect();
        let clusters = cluster::cluster(&points, cluster::footprint(ctx.scale), ctx.zoom);
        // As on screen: many hubs in view are small squares (those left single).
        let compact = hubs.len() > COMPACT_ABOVE;
        let mut this = Self {
            hubs,
            clusters,
            compact,
            label_of: Vec::new(),
            scale: ctx.scale,
        };
        this.label_of = vec![None; this.hubs.len()];

        // Names go below the symbols, never over a symbol, a disc, the furniture or
        // each other, and never cut at the edge.
        let mut ranked: Vec<usize> = Vec::new();
        let mut candidates = Vec::new();
        if !compact && ctx.layers.hub_labels {
            let mut order: Vec<(f64, usize)> = this
                .singles()
                .map(|k| {
                    let h = &this.hubs[k];
                    let active = if h.status == Status::Active { 1.0 } else { 0.0 };
                    (f64::from(h.hub.personnel) / 1e6 + active, k)
                })
                .collect();
            order.sort_by(|a, b| b.0.total_cmp(&a.0));
            order.truncate(MAX_HUB_LABELS);
            for (priority, k) in order {
                let h = &this.hubs[k];
                let height = text_height(HUB_LABEL_SIZE);
                let symbol_h = FRAME_H * ctx.scale;
                candidates.push(LabelCandidate {
                    x: h.x,
                    y: symbol_rect(h.x, h.y, false, ctx.scale).3 + 4.0 + height / 2.0,
                    width: text_width(&h.hub.name, HUB_LABEL_SIZE),
                    height,
                    priority,
                    flip: symbol_h + height + 8.0,
                });
                ranked.push(k);
            }
        }
        let mut blocked = this.marks();
        blocked.extend(keep.iter().copied());
        let bounds = (2.0, ctx.top + 2.0, ctx.width - 2.0, ctx.height - 2.0);
        for i in place_labels_in(&mut candidates, &blocked, 3.0, bounds) {
            if let (Some(&k), Some(c)) = (ranked.get(i), candidates.get(i))
                && let Some(slot) = this.label_of.get_mut(k)
            {
                *slot = Some(c.clone());
            }
        }
        this
    }

    /// Indices (into `hubs`) of the hubs drawn as their own symbol.
    pub(super) fn singles(&self) -> impl Iterator<Item = usize> + '_ {
        self.clusters
            .iter()
            .filter(|c| c.is_single())
            .filter_map(|c| c.members.first().copied())
    }

    /// The boxes of the symbols (with their lead nation) and discs.
    pub(super) fn marks(&self) -> Vec<Rect> {
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

    /// What later labels must keep clear of: marks and the hub names drawn (with
    /// their plates).
    pub(super) fn taken(&self) -> Vec<Rect> {
        let mut out = self.marks();
        out.extend(self.label_of.iter().flatten().map(|c| {
            let r = label_rect(c);
            (r.0 - 2.0, r.1 - 2.0, r.2 + 2.0, r.3 + 2.0)
        }));
        out
    }
}

/// Hub symbols with their names, inactive first so active hubs sit on top, then the
/// cluster discs.
pub(super) fn write_hubs(
    out: &mut String,
    sink: Option<&mut dyn std::io::Write>,
    ctx: &Ctx,
    hubs: &HubsInView<'_>,
) -> std::io::Result<()> {
    let mut singles: Vec<usize> = hubs.singles().collect();
    // Stable: hubs keep plan order within each status.
    singles.sort_by_key(|&k| (hubs.hubs[k].status == Status::Active, hubs.hubs[k].hub.id));
    out.push_str("<g id=\"hubs\">\n");
    let mut sink = sink;
    for k in singles {
        let h = &hubs.hubs[k];
        let label = hubs.label_of.get(k).and_then(Option::as_ref);
        write_hub(out, ctx, h, hubs.compact, label, HUB_LABEL_SIZE);
        if let Some(sink) = sink.as_mut()
            && out.len() >= 256 * 1024
        {
            sink.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    for c in hubs.clusters.iter().filter(|c| !c.is_single()) {
        write_cluster(out, ctx, c, &hubs.hubs);
    }
    out.push_str("</g>\n");
    Ok(())
}

/// A cluster as on screen (`ui::hub_layer::draw_cluster`): a disc with the count,
/// ringed by its active and waiting shares, and the warning mark.
pub(super) fn write_cluster(out: &mut String, ctx: &Ctx, c: &Cluster, hubs: &[Placed<'_>]) {
    let theme = ctx.theme;
    let radius = cluster::cluster_radius(c.count());
    let band = cluster::RING_WIDTH;
    let inner = radius - band;
    let ids: Vec<String> = c
        .members
        .iter()
        .filter_map(|&k| hubs.get(k))
        .map(|h| h.hub.id.to_string())
        .collect();
    put!(
        out,
        "<g class=\"cluster\" data-ids=\"{}\" data-active=\"{}\" data-inactive=\"{}\" \
         data-warnings=\"{}\"><title>{}",
        ids.join(" "),
        c.active,
        c.inactive,
        c.warnings,
        Esc(&c.summary())
    );
    for h in c.members.iter().filter_map(|&k| hubs.get(k)) {
        put!(out, "\n{} ({})", Esc(&h.hub.name), h.status.as_str());
    }
    out.push_str("</title>\n");
    put!(
        out,
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}/>\n",
        N(c.x),
        N(c.y),
        N(radius),
        Paint("fill", theme.hub_frame, 1.0)
    );
    let mid = (inner + radius - 1.0) / 2.0 + 0.25;
    let width = radius - 1.0 - inner - 0.5;
    for (a0, a1, status) in c.ring_arcs() {
        let color = match status {
            Status::Active => theme.hub_active,
            Status::Inactive => theme.hub_inactive,
        };
        let class = format!(" class=\"share {}\"", status.as_str());
        if a1 - a0 >= std::f64::consts::TAU - 1e-9 {
            put!(
                out,
                "<circle{class} cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"none\"{} stroke-width=\"{}\"/>\n",
                N(c.x),
                N(c.y),
                N(mid),
                Paint("stroke", color, 1.0),
                N(width)
            );
        } else {
            let large = i32::from(a1 - a0 > std::f64::consts::PI);
            put!(
                out,
                "<path{class} d=\"M{} {}A{} {} 0 {large} 1 {} {}\" fill=\"none\"{} stroke-width=\"{}\"/>\n",
                N(c.x + mid * a0.cos()),
                N(c.y + mid * a0.sin()),
                N(mid),
                N(mid),
                N(c.x + mid * a1.cos()),
                N(c.y + mid * a1.sin()),
                Paint("stroke", color, 1.0),
                N(width)
            );
        }
    }
    put!(
        out,
        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}{} stroke-width=\"1\"/>\n\
         <text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\"{}>{}</text>\n",
        N(c.x),
        N(c.y),
        N(inner),
        Paint("fill", theme.halo.to_opaque(), 1.0),
        Paint("stroke", theme.hub_frame, 1.0),
        N(c.x),
        N(c.y + baseline_from_centre(cluster::COUNT_SIZE)),
        N(cluster::COUNT_SIZE),
        Paint("fill", theme.label, 1.0),
        c.count()
    );
    if c.warnings > 0 {
        write_warning(out, ctx, (c.x + radius * 0.75, c.y - radius * 0.75));
    }
    out.push_str("</g>\n");
}

/// The warning mark (a red triangle with "!") centred on `(cx, cy)`, as on screen.
pub(super) fn write_warning(out: &mut String, ctx: &Ctx, (cx, cy): (f64, f64)) {
    let s = cluster::WARNING_SIZE;
    put!(
        out,
        "<path class=\"warning\" d=\"M{} {}L{} {} {} {}z\"{} stroke=\"#ffffff\" \
         stroke-width=\"1\" stroke-linejoin=\"round\"/>\n\
         <text x=\"{}\" y=\"{}\" font-size=\"9\" font-weight=\"bold\" text-anchor=\"middle\" \
         fill=\"#ffffff\">!</text>\n",
        N(cx),
        N(cy - s - 1.0),
        N(cx + s),
        N(cy + s * 0.6),
        N(cx - s),
        N(cy + s * 0.6),
        Paint("fill", ctx.theme.warning, 1.0),
        N(cx),
        N(cy + 0.5 + baseline_from_centre(9.0)),
    );
}

/// One hub: a `<g>` with a tooltip title, its symbol and its name label.
pub(super) fn write_hub(
    out: &mut String,
    ctx: &Ctx,
    h: &Placed<'_>,
    compact: bool,
    label: Option<&LabelCandidate>,
    label_size: f64,
) {
    let theme = ctx.theme;
    let hub = h.hub;
    let status = h.status;
    let (fill, frame) = match status {
        Status::Active => (theme.hub_active, theme.hub_frame),
        Status::Inactive => (theme.hub_inactive, theme.hub_inactive_frame),
    };
    put!(
        out,
        "<g class=\"hub {}\" data-id=\"{}\"><title>{}\n{} · lead {} · {}",
        status.as_str(),
        hub.id,
        Esc(&hub.name),
        Esc(hub.kind.label()),
        Esc(&hub.lead_nation),
        status.as_str()
    );
    if status == Status::Inactive {
        put!(out, "\nWaits for {}", hub.activation.waiting_for());
    }
    let warnings = h.site.map_or(&[][..], |s| &s.warnings[..]);
    for w in warnings {
        put!(out, "\nWarning: {}", Esc(&w.to_string()));
    }
    out.push_str("</title>\n");

    if compact {
        // As on screen: a small solid square, frame colour around the fill.
        let r = symbol_rect(h.x, h.y, true, 1.0);
        put!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}{} stroke-width=\"1.5\"/>\n</g>\n",
            N(r.0 + 0.75),
            N(r.1 + 0.75),
            N(COMPACT_SIDE - 1.5),
            N(COMPACT_SIDE - 1.5),
            Paint("fill", fill, 1.0),
            Paint("stroke", frame, 1.0)
        );
        return;
    }

    let scale = ctx.scale;
    let r = symbol_rect(h.x, h.y, false, scale);
    // Planned/anticipated units have a dashed frame (APP-6 / MIL-STD-2525).
    let dash = match status {
        Status::Active => "",
        Status::Inactive => " stroke-dasharray=\"4 3\"",
    };
    let style = format!(
        "{}{} stroke-width=\"2\" stroke-linejoin=\"round\"{dash}",
        Paint("fill", fill, 1.0),
        Paint("stroke", frame, 1.0)
    );
    match hub.kind {
        HubKind::Air => {
            // A dome: the upper half of an ellipse as wide as the frame and as tall.
            put!(
                out,
                "<path d=\"M{} {}A{} {} 0 0 1 {} {}z\"{style}/>\n",
                N(r.0),
                N(r.3),
                N(FRAME_W * scale / 2.0),
                N(FRAME_H * scale),
                N(r.2),
                N(r.3)
            );
        }
        HubKind::Naval => {
            put!(
                out,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{style}/>\n",
                N(h.x),
                N(h.y),
                N((FRAME_H / 2.0 + 2.0) * scale)
            );
        }
        _ => {
            put!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{style}/>\n",
                N(r.0),
                N(r.1),
                N(FRAME_W * scale),
                N(FRAME_H * scale)
            );
        }
    }
    // Text shrinks less than the frame, as on screen.
    let code_size = 10.5 * scale.max(0.75);
    let nation_size = 10.5 * scale.max(0.8);
    put!(
        out,
        "<text x=\"{}\" y=\"{}\" font-family=\"{MONO_FAMILY}\" font-size=\"{}\" \
         text-anchor=\"middle\"{}>{}</text>\n",
        N(h.x),
        N(h.y + baseline_from_centre(code_size)),
        N(code_size),
        Paint("fill", frame, 1.0),
        Esc(&hub.kind.code())
    );
    // Lead nation as an amplifier to the right of the frame, top-aligned.
    put!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{}>{}</text>\n",
        N(r.2 + 4.0 * scale),
        N(r.1 + 0.85 * nation_size),
        N(nation_size),
        Paint("fill", frame, 1.0),
        Esc(&hub.lead_nation)
    );
    if let Some(c) = label {
        let color_factor = if status == Status::Active { 1.0 } else { 0.75 };
        put!(
            out,
            "<rect class=\"label-bg\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"{}/>\n\
             <text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\"{}>{}</text>\n",
            N(c.x - c.width / 2.0 - 2.0),
            N(c.y - c.height / 2.0 - 2.0),
            N(c.width + 4.0),
            N(c.height + 4.0),
            Paint("fill", theme.halo, 1.0),
            N(c.x),
            N(c.y + baseline_from_centre(label_size)),
            N(label_size),
            Paint("fill", theme.label, color_factor),
            Esc(&hub.name)
        );
    }
    // The warning mark last, so the name's background never hides it.
    if !warnings.is_empty() {
        write_warning(out, ctx, (r.2 + 2.0, r.3 - 1.0));
    }
    out.push_str("</g>\n");
}
