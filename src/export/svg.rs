//! SVG picture of a map view: what the screen shows, as a vector file for briefings.
//!
//! The picture is written as text (no XML or SVG library) in the order the screen paints:
//! sea, country fills and borders, oblast borders and Ukraine's heavy outline, labels,
//! range rings, hub symbols, then the legend, scale bar, title, marking and attribution.
//! [`SvgView::layers`] switches layers off as a slide does. A slide ([`slide_svg`]) is
//! the same picture of the slide's plan state with a caption band on top. Colours come
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
use crate::map::clip::Clip;
use crate::map::cluster::{self, Cluster, HubPoint};
use crate::map::labels::{LabelCandidate, Rect, place_labels_in};
use crate::map::mesh::LodMesh;
use crate::map::rings::plan_rings;
use crate::map::theme::MapTheme;
use crate::model::hub::{Hub, HubKind, Status};
use crate::model::plan::Plan;
use crate::model::site::{Site, analyse_plan};
use crate::model::slide::{Layers, Slide};
use crate::projection::{Camera, GeoBounds, Projector, ScreenRect};

/// `write!` into a `String`, which cannot fail.
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

mod control;
mod paint;
use crate::map::scene::{self, View as SceneView};

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
    /// Layers drawn (`charts` is screen-only and ignored here).
    pub layers: Layers,
}

/// The marking every picture carries, as on the screen.
pub use crate::map::style::MARKING;

/// Data credits, bottom right, as on the screen.
pub const ATTRIBUTION: &str = crate::map::style::BOUNDARY_CREDITS;

/// Estimated advance width of an average character, in ems (Ubuntu/DejaVu mixed case).
pub const TEXT_WIDTH_PER_EM: f64 = crate::map::scene::TEXT_WIDTH_PER_EM;

/// Fonts: egui's Ubuntu first, then fonts found on most systems.
const FONT_FAMILY: &str = "Ubuntu, 'DejaVu Sans', Arial, sans-serif";
/// Monospace fonts for the kind code inside a hub's frame (egui draws it in Hack).
const MONO_FAMILY: &str = "Hack, 'DejaVu Sans Mono', Menlo, Consolas, monospace";

/// Margin around the view inside which geometry is kept: wider than any stroke, so the
/// edges that clipping adds are never visible.
const CLIP_MARGIN: f64 = crate::map::scene::CLIP_MARGIN;

/// Hub frame size, as the screen draws it (one definition in `map::cluster`).
const FRAME_W: f64 = crate::map::cluster::FRAME_W;
/// See [`FRAME_W`].
const FRAME_H: f64 = crate::map::cluster::FRAME_H;
/// Side of a compact hub square, as the screen draws above [`COMPACT_ABOVE`] hubs.
const COMPACT_SIDE: f64 = 9.0;
/// Above this many hubs in view, symbols become small squares without text (as on screen).
const COMPACT_ABOVE: usize = crate::map::cluster::COMPACT_ABOVE;
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
/// `sites`, in hub order), their range rings, the legend, scale bar, title, `date`,
/// marking and attribution, less the layers `view.layers` switches off.
///
/// Never fails: bad sizes are clamped, and hubs or cameras with non-finite coordinates
/// simply draw nothing.
pub fn view_svg(data: &MapData, plan: &Plan, sites: &[Site], view: &SvgView, date: &str) -> String {
    let desc = format!(
        "{MARKING}. Coalition map view exported by coalition-map{}.",
        if date.is_empty() {
            String::new()
        } else {
            format!(" on {}", Esc(date))
        }
    );
    render(data, plan, sites, view, date, None, &desc)
}

/// [`view_svg`] written as it goes: the hubs (the part that grows with the plan) are
/// passed on to `w` in pieces instead of being collected into one string.
pub fn write_view_svg(
    data: &MapData,
    plan: &Plan,
    sites: &[Site],
    view: &SvgView,
    date: &str,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let desc = format!(
        "{MARKING}. Coalition map view exported by coalition-map{}.",
        if date.is_empty() {
            String::new()
        } else {
            format!(" on {}", Esc(date))
        }
    );
    render_to(data, plan, sites, view, date, None, &desc, Some(w)).map(|_| ())
}

/// Padding around a slide's view box, in pixels (a printed page wants a wider margin
/// than the screen's 24 points).
pub const SLIDE_PADDING: f64 = 40.0;

/// Height of a slide's caption band, in pixels.
pub const BAND_HEIGHT: f64 = 64.0;

/// How a slide is drawn: which of how many, the picture size and theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SlidePage {
    /// The slide's position, 0-based.
    pub index: usize,
    /// How many slides the briefing has.
    pub count: usize,
    /// Width of the picture in pixels.
    pub width: f64,
    /// Height of the picture in pixels.
    pub height: f64,
    /// Dark theme colours instead of light ones.
    pub dark: bool,
}

/// The plan as a slide shows it: the slide's ceasefire state, and only the hubs its
/// filter keeps (judged by their status under that state).
pub fn slide_plan(plan: &Plan, slide: &Slide) -> Plan {
    let mut shown = plan.clone();
    shown.ceasefire = slide.ceasefire;
    shown
        .hubs
        .retain(|hub| slide.hubs.shows(hub, hub.status(&slide.ceasefire)));
    shown
}

/// The camera of a slide picture: the view box fitted with [`SLIDE_PADDING`] into the
/// part of the picture below the caption band and, when the legend is drawn, beside it
/// (as the app presents slides), so neither hides part of the box.
pub fn slide_camera(view: GeoBounds, width: f64, height: f64, legend: bool) -> Camera {
    let (width, height) = (sane_size(width), sane_size(height));
    let beside_legend = if legend { LEGEND_W + 10.0 } else { 0.0 };
    Camera::fit_inside(
        view,
        width,
        height,
        crate::projection::Insets {
            left: SLIDE_PADDING,
            top: BAND_HEIGHT + SLIDE_PADDING,
            right: SLIDE_PADDING + beside_legend,
            bottom: SLIDE_PADDING,
        },
    )
}

/// Writes slide `page.index` of `page.count`: the map of the slide's view box fitted
/// below a caption band (caption, "3 / 5", the ceasefire state in words), with the
/// slide's layers and the hubs of [`slide_plan`], plus the usual legend, scale bar,
/// plan title, `date`, marking and attribution. A slide with the charts layer gets the
/// briefing charts in a column on the right and the map beside it. The speaker notes go
/// into the file's `<desc>` only, never onto the map.
pub fn slide_svg(
    data: &MapData,
    plan: &Plan,
    slide: &Slide,
    page: &SlidePage,
    date: &str,
) -> String {
    let shown = slide_plan(plan, slide);
    let sites = analyse_plan(&shown, &data.geography);
    let view = SvgView {
        camera: slide_camera(slide.view, page.width, page.height, slide.layers.legend),
        width: page.width,
        height: page.height,
        dark: page.dark,
        layers: slide.layers,
    };
    let band = Band {
        caption: &slide.caption,
        number: format!("{} / {}", page.index + 1, page.count.max(page.index + 1)),
        ceasefire: slide.ceasefire.describe_with_day(),
    };
    let mut desc = format!(
        "{MARKING}. Slide {} of {} of a coalition-map briefing: {}.",
        page.index + 1,
        page.count.max(page.index + 1),
        Esc(&slide.caption)
    );
    if !slide.notes.trim().is_empty() {
        put!(desc, "\nSpeaker notes: {}", Esc(&slide.notes));
    }
    if !slide.layers.charts {
        return render(data, &shown, &sites, &view, date, Some(&band), &desc);
    }
    // With charts: the map (band, legend and all) in a narrower picture on the left,
    // the charts in a column on the right, as the app presents the slide.
    let width = sane_size(page.width);
    let height = sane_size(page.height);
    let column = charts_column_width(width);
    let map_w = width - column;
    let view = SvgView {
        camera: slide_camera(slide.view, map_w, height, slide.layers.legend),
        width: map_w,
        ..view
    };
    let map = render(data, &shown, &sites, &view, date, Some(&band), "");
    let map = map
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .unwrap_or(&map);
    let theme = MapTheme::for_dark(page.dark);
    let (fill, stroke, _, _) = panel_colors(page.dark);
    let mut out = String::with_capacity(map.len() + 8 * 1024);
    put!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_FAMILY}\">\n\
         <title>{title}</title>\n\
         <desc>{desc}</desc>\n\
         <rect id=\"charts-column\" x=\"{x}\" y=\"0\" width=\"{cw}\" height=\"{h}\"{fill}/>\n\
         <path d=\"M{x} 0V{h}\"{stroke} stroke-width=\"1\"/>\n",
        w = N(width),
        h = N(height),
        title = Esc(&slide.caption),
        x = N(map_w),
        cw = N(column),
        fill = Paint("fill", fill, 1.0),
        stroke = Paint("stroke", stroke, 1.0),
    );
    out.push_str(map);
    write_charts(
        &mut out,
        &shown,
        &theme,
        (
            map_w + 18.0,
            BAND_HEIGHT + 22.0,
            column - 36.0,
            height - 16.0,
        ),
    );
    out.push_str("</svg>\n");
    out
}

/// Width of a slide's charts column: about a third of the picture.
fn charts_column_width(width: f64) -> f64 {
    (width * 0.32).clamp(300.0, 560.0).min(width / 2.0)
}

/// The briefing charts of the slide overlay (the screen's `ui::charts::show_overlay`) as
/// SVG, in the box `(left, top, width, bottom)`: hubs active and inactive under each
/// ceasefire condition (the plan's own marked "(now)"), then personnel by lead nation.
/// Rows that would pass `bottom` are left out.
fn write_charts(out: &mut String, plan: &Plan, theme: &MapTheme, area: (f64, f64, f64, f64)) {
    use crate::model::chart_data::{CONDITIONS, chart_data, thousands};
    let (left, mut y, width, bottom) = area;
    let (_, _, text, heading) = panel_colors(theme.dark);
    let data = chart_data(plan);
    let bar_h = 22.0;
    let value_w = 150.0;
    let bar_w = (width - value_w).max(40.0);
    out.push_str("<g id=\"charts\">\n");
    let heading_line = |out: &mut String, y: &mut f64, words: &str| {
        put!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"18\" font-weight=\"bold\"{}>{}</text>\n",
            N(left),
            N(*y + 14.0),
            Paint("fill", heading, 1.0),
            Esc(words)
        );
        *y += 26.0;
    };
    heading_line(out, &mut y, "Hubs active and inactive");
    heading_line(out, &mut y, "under each ceasefire condition");
    for (i, (label, active, inactive)) in data.status_by_condition.iter().enumerate() {
        if y + 20.0 + bar_h > bottom {
            break;
        }
        let (_, a, b, c) = CONDITIONS[i];
        let now = plan.ceasefire == crate::model::hub::Ceasefire::new(a, b, c);
        let shown = if now {
            format!("{label} (now)")
        } else {
            label.clone()
        };
        put!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"14\"{}{}>{}</text>\n",
            N(left),
            N(y + 12.0),
            if now { " font-weight=\"bold\"" } else { "" },
            Paint("fill", text, 1.0),
            Esc(&shown)
        );
        y += 18.0;
        let total = (active + inactive).max(1) as f64;
        let wa = bar_w * *active as f64 / total;
        put!(
            out,
            "<rect class=\"bar active\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}{} stroke-width=\"1\"/>\n\
             <rect class=\"bar inactive\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}{} stroke-width=\"1\"/>\n\
             <text x=\"{}\" y=\"{}\" font-size=\"14\"{}>{} active, {} inactive</text>\n",
            N(left),
            N(y),
            N(wa),
            N(bar_h),
            Paint("fill", theme.hub_active, 1.0),
            Paint("stroke", theme.hub_frame, 1.0),
            N(left + wa),
            N(y),
            N(bar_w - wa),
            N(bar_h),
            Paint("fill", theme.hub_inactive_frame, 1.0),
            Paint("stroke", theme.hub_frame, 1.0),
            N(left + bar_w + 8.0),
            N(y + bar_h / 2.0 + baseline_from_centre(14.0)),
            Paint("fill", text, 1.0),
            active,
            inactive
        );
        y += bar_h + 12.0;
    }
    y += 14.0;
    if y + 26.0 < bottom {
        heading_line(out, &mut y, "Personnel by lead nation");
    }
    let most = data
        .personnel_by_nation
        .first()
        .map_or(1, |(_, n)| (*n).max(1)) as f64;
    let code_w = 52.0;
    for (code, n) in &data.personnel_by_nation {
        if y + bar_h > bottom {
            break;
        }
        let w = (bar_w - code_w) * *n as f64 / most;
        put!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"14\"{}>{}</text>\n\
             <rect class=\"bar personnel\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}{} stroke-width=\"1\"/>\n\
             <text x=\"{}\" y=\"{}\" font-size=\"14\"{}>{}</text>\n",
            N(left),
            N(y + bar_h / 2.0 + baseline_from_centre(14.0)),
            Paint("fill", text, 1.0),
            Esc(code),
            N(left + code_w),
            N(y),
            N(w),
            N(bar_h),
            Paint(
                "fill",
                theme.role_fill(crate::model::roster::Role::LeadNation),
                1.0
            ),
            Paint("stroke", theme.hub_frame, 1.0),
            N(left + code_w + w + 8.0),
            N(y + bar_h / 2.0 + baseline_from_centre(14.0)),
            Paint("fill", text, 1.0),
            thousands(*n)
        );
        y += bar_h + 8.0;
    }
    out.push_str("</g>\n");
}

/// The caption band of a slide.
struct Band<'a> {
    caption: &'a str,
    /// "3 / 5".
    number: String,
    ceasefire: String,
}

/// Writes the picture; `desc` is already escaped.
fn render(
    data: &MapData,
    plan: &Plan,
    sites: &[Site],
    view: &SvgView,
    date: &str,
    band: Option<&Band<'_>>,
    desc: &str,
) -> String {
    // Without a sink nothing is written out, so nothing can fail.
    render_to(data, plan, sites, view, date, band, desc, None).unwrap_or_default()
}

/// [`render`], passing the text on to `sink` as it grows when there is one (and then
/// returning only what is left, which the caller must not use).
#[allow(clippy::too_many_arguments)]
fn render_to(
    data: &MapData,
    plan: &Plan,
    sites: &[Site],
    view: &SvgView,
    date: &str,
    band: Option<&Band<'_>>,
    desc: &str,
    sink: Option<&mut dyn std::io::Write>,
) -> std::io::Result<String> {
    let mut discard = std::io::sink();
    let streaming = sink.is_some();
    let sink: &mut dyn std::io::Write = match sink {
        Some(w) => w,
        None => &mut discard,
    };
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
        clip: Clip {
            min_x: -CLIP_MARGIN,
            min_y: -CLIP_MARGIN,
            max_x: width + CLIP_MARGIN,
            max_y: height + CLIP_MARGIN,
        },
        layers: view.layers,
        top: if band.is_some() { BAND_HEIGHT } else { 0.0 },
        scale: cluster::symbol_scale(view.camera.zoom),
    };
    let view_layers = ctx.layers;
    let sv = SceneView {
        p: &ctx.p,
        theme: &ctx.theme,
        layers: &view_layers,
        bounds: (0.0, ctx.top, width, height),
    };
    let measure = scene::Estimated;
    let world_rings = if ctx.layers.hubs && ctx.layers.range_rings {
        plan_rings(plan)
    } else {
        Vec::new()
    };
    let rings = scene::rings(plan, &world_rings, &sv, &measure);
    let (credits, credits_box) = scene::credits(&sv, &measure);
    let layout = Furniture::layout(&ctx, plan, date, &rings, credits_box);
    // Hubs (symbols, clusters and names) are laid out first: their names come before
    // every other label, as on screen.
    let hubs = ctx
        .layers
        .hubs
        .then(|| HubsInView::layout(&ctx, plan, sites, &layout.keep_clear));

    let mut out = String::with_capacity(512 * 1024);
    put!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_FAMILY}\">\n\
         <title>{title}</title>\n\
         <desc>{desc}</desc>\n",
        w = N(width),
        h = N(height),
        title = Esc(band.map_or(plan.title.as_str(), |b| b.caption)),
    );
    put!(
        out,
        "<rect id=\"sea\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\"{}/>\n",
        N(width),
        N(height),
        Paint("fill", theme.sea, 1.0)
    );
    for layer in scene::regions(data, plan, &sv) {
        paint::write_layer(&mut out, &ctx, data, &layer);
    }
    let control_picture = control::ControlPicture::new(&ctx, data, plan);
    control::write_layers(&mut out, &ctx, &control_picture);
    let mut taken = layout.keep_clear.clone();
    if let Some(hubs) = &hubs {
        taken.extend(hubs.taken());
    }
    let (places, place_names) = match crate::model::facilities::builtin_index() {
        Some(index) => scene::places(index, &sv, &measure),
        None => Default::default(),
    };
    paint::write_layer(&mut out, &ctx, data, &places);
    if ctx.layers.place_labels {
        let mut wanted = place_names;
        wanted.extend(scene::region_labels(data, plan, &sv, &measure));
        let (labels, boxes) =
            scene::place_labels("labels", wanted, &taken, 3.0, sv.bounds, &ctx.theme);
        paint::write_layer(&mut out, &ctx, data, &labels);
        taken.extend(boxes);
    }
    paint::write_layer(&mut out, &ctx, data, &rings.layer);
    if let Some(hubs) = &hubs {
        write_hubs(&mut out, streaming.then_some(&mut *sink), &ctx, hubs)?;
    }
    // Ring labels matter least: they go where no name, symbol or furniture is.
    let (ring_labels, _) = scene::place_labels(
        "ring-labels",
        rings.labels,
        &taken,
        1.0,
        sv.bounds,
        &ctx.theme,
    );
    paint::write_layer(&mut out, &ctx, data, &ring_labels);
    if let Some(legend) = &layout.legend {
        write_legend(&mut out, &ctx, data, plan, legend);
    }
    paint::write_layer(&mut out, &ctx, data, &scene::scale_bar(&sv, &measure));
    control::write_furniture(&mut out, &ctx, &control_picture, plan);
    write_title_and_marking(&mut out, &ctx, plan, date, &layout);
    paint::write_layer(&mut out, &ctx, data, &credits);
    if let Some(band) = band {
        write_band(&mut out, &ctx, band);
    }
    out.push_str("</svg>\n");
    if streaming {
        sink.write_all(out.as_bytes())?;
        out.clear();
    }
    Ok(out)
}

/// An SVG of a bare [`Scene`] seen through `p` (its viewport at the origin is the
/// picture): the `background` colour, then the scene's layers. What a map picture
/// draws of a scene is written by the same code ([`paint`]) as [`view_svg`].
pub fn scene_svg(
    data: &MapData,
    scene: &scene::Scene,
    p: &Projector,
    theme: &MapTheme,
    layers: &Layers,
) -> String {
    let v = p.viewport();
    let (width, height) = (sane_size(v.width), sane_size(v.height));
    let ctx = Ctx {
        p: *p,
        theme: *theme,
        width,
        height,
        zoom: p.camera().zoom,
        clip: Clip {
            min_x: -CLIP_MARGIN,
            min_y: -CLIP_MARGIN,
            max_x: width + CLIP_MARGIN,
            max_y: height + CLIP_MARGIN,
        },
        layers: *layers,
        top: 0.0,
        scale: cluster::symbol_scale(p.camera().zoom),
    };
    let mut out = String::with_capacity(256 * 1024);
    put!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"{FONT_FAMILY}\">\n\
         <rect id=\"sea\" x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\"{sea}/>\n",
        w = N(width),
        h = N(height),
        sea = Paint("fill", theme.sea, 1.0),
    );
    for layer in &scene.layers {
        paint::write_layer(&mut out, &ctx, data, layer);
    }
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
    clip: Clip,
    /// Layers drawn.
    layers: Layers,
    /// Top of the map furniture: below the caption band of a slide, else 0.
    top: f64,
    /// Hub symbol scale at this zoom (`map::cluster::symbol_scale`, as on screen).
    scale: f64,
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
    push_path(d, points, scratch, true)
}

/// [`push_ring`] for a ring (`closed`, ends with `z`) or an open line (at least 2
/// points, no `z`).
fn push_path(
    d: &mut String,
    points: &[(f64, f64)],
    scratch: &mut Vec<(i64, i64)>,
    closed: bool,
) -> bool {
    scratch.clear();
    for &(x, y) in points {
        let q = (tenths(x), tenths(y));
        if scratch.last() != Some(&q) {
            scratch.push(q);
        }
    }
    while closed && scratch.len() > 1 && scratch.first() == scratch.last() {
        scratch.pop();
    }
    let Some((&first, rest)) = scratch.split_first() else {
        return false;
    };
    if rest.len() < if closed { 2 } else { 1 } {
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
    if closed {
        d.push('z');
    }
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

/// The box a placed label covers.
fn label_rect(c: &LabelCandidate) -> Rect {
    (
        c.x - c.width / 2.0,
        c.y - c.height / 2.0,
        c.x + c.width / 2.0,
        c.y + c.height / 2.0,
    )
}

// ---------------------------------------------------------------------------------------
// Range rings.

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

/// Symbol box of a hub at `(x, y)` at symbol scale `scale`.
fn symbol_rect(x: f64, y: f64, compact: bool, scale: f64) -> Rect {
    let (w, h) = if compact {
        (COMPACT_SIDE, COMPACT_SIDE)
    } else {
        (FRAME_W * scale, FRAME_H * scale)
    };
    (x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0)
}

/// Font size of hub names.
const HUB_LABEL_SIZE: f64 = 12.0;

/// The hubs in view as drawn: single symbols with their names, and cluster discs
/// (`map::cluster`, the screen's grouping).
struct HubsInView<'a> {
    /// Each hub in view.
    hubs: Vec<Placed<'a>>,
    /// Singles and clusters; members index `hubs`.
    clusters: Vec<Cluster>,
    /// Whether symbols are small squares.
    compact: bool,
    /// The name placed for each hub of `hubs`, if any.
    label_of: Vec<Option<LabelCandidate>>,
    /// Symbol scale.
    scale: f64,
}

impl<'a> HubsInView<'a> {
    /// Groups the hubs in view and places the names of the single ones below their
    /// symbols, clear of every symbol, disc and `keep` area, inside the picture.
    fn layout(ctx: &Ctx, plan: &'a Plan, sites: &'a [Site], keep: &[Rect]) -> Self {
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
    fn singles(&self) -> impl Iterator<Item = usize> + '_ {
        self.clusters
            .iter()
            .filter(|c| c.is_single())
            .filter_map(|c| c.members.first().copied())
    }

    /// The boxes of the symbols (with their lead nation) and discs.
    fn marks(&self) -> Vec<Rect> {
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
    fn taken(&self) -> Vec<Rect> {
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
fn write_hubs(
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
fn write_cluster(out: &mut String, ctx: &Ctx, c: &Cluster, hubs: &[Placed<'_>]) {
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
fn write_warning(out: &mut String, ctx: &Ctx, (cx, cy): (f64, f64)) {
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

// ---------------------------------------------------------------------------------------
// Furniture: legend, scale bar, title, marking, attribution.

/// Where the furniture goes, computed first so labels keep clear of it.
struct Furniture {
    /// Areas map and hub labels must not cover.
    keep_clear: Vec<Rect>,
    /// The marking box.
    marking: Rect,
    /// The legend, if its layer is on.
    legend: Option<Legend>,
}

/// The legend's rows beyond the roles.
struct Legend {
    /// Top edge.
    top: f64,
    /// Rows for active and inactive hubs (when hubs are drawn).
    hub_rows: bool,
    /// A row for range rings: how many are drawn and in which style (active if any
    /// active hub's rings are drawn); none when no ring is.
    rings: Option<(usize, Status)>,
}

impl Legend {
    /// Height of the panel: title, the roles, then a separator and the hub and ring rows.
    fn height(&self) -> f64 {
        let extra = usize::from(self.hub_rows) * 2 + usize::from(self.rings.is_some());
        let separator = if extra > 0 { LEGEND_SEPARATOR } else { 0.0 };
        2.0 * LEGEND_PAD + LEGEND_TITLE + (ROLE_ROWS + extra) as f64 * LEGEND_ROW + separator
    }
}

/// Marking font size, as on screen.
const MARKING_SIZE: f64 = 13.0;
/// Advance per character of the all-capitals marking, in ems (DejaVu Sans: ~0.62).
const MARKING_EM: f64 = 0.65;
/// Title and date font sizes.
const TITLE_SIZE: f64 = 15.0;
const DATE_SIZE: f64 = 12.0;
/// Role rows in the legend (`ui::legend::role_counts`).
const ROLE_ROWS: usize = 7;

impl Furniture {
    fn layout(ctx: &Ctx, plan: &Plan, date: &str, rings: &scene::Rings, credits: Rect) -> Self {
        let (width, height, top) = (ctx.width, ctx.height, ctx.top);
        // The screen sizes the marking box to its text plus 6 px padding each side. The
        // text is all capitals, wider than the mixed-case estimate, and the viewer may
        // fall back to a wider font than Ubuntu (DejaVu Sans), so the box allows for that
        // and the text is centred in it.
        let marking = (
            10.0,
            top + 10.0,
            10.0 + MARKING_EM * MARKING_SIZE * MARKING.chars().count() as f64 + 12.0,
            top + 10.0 + text_height(MARKING_SIZE) + 6.0,
        );
        let title_w = text_width(&plan.title, TITLE_SIZE).max(text_width(date, DATE_SIZE));
        let title_block = (
            10.0,
            top + 10.0,
            (16.0 + title_w).max(marking.2),
            title_bottom(marking, date),
        );
        let scale = scene::scale_bar_box(&SceneView {
            p: &ctx.p,
            theme: &ctx.theme,
            layers: &ctx.layers,
            bounds: (0.0, top, width, height),
        });
        let mut keep_clear = vec![title_block, scale, credits];
        if top > 0.0 {
            keep_clear.push((0.0, 0.0, width, top));
        }
        let legend = ctx.layers.legend.then(|| Legend {
            top: top + 10.0,
            hub_rows: ctx.layers.hubs,
            rings: (rings.active + rings.inactive > 0).then(|| {
                let style = if rings.active > 0 {
                    Status::Active
                } else {
                    Status::Inactive
                };
                (rings.active + rings.inactive, style)
            }),
        });
        if let Some(l) = &legend {
            keep_clear.push((
                width - LEGEND_W - 10.0,
                l.top,
                width - 10.0,
                l.top + l.height(),
            ));
        }
        Self {
            keep_clear,
            marking,
            legend,
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

/// The legend, top right: role swatches with counts, then active and inactive hubs
/// (when hubs are drawn) and range rings (when any are).
fn write_legend(out: &mut String, ctx: &Ctx, data: &MapData, plan: &Plan, legend: &Legend) {
    let theme = ctx.theme;
    let (fill, stroke, text, heading) = panel_colors(theme.dark);
    let x0 = ctx.width - LEGEND_W - 10.0;
    let y0 = legend.top;
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
        N(legend.height()),
        Paint("fill", fill, 0.92),
        Paint("stroke", stroke, 1.0),
        N(x0 + LEGEND_PAD),
        N(y0 + LEGEND_PAD + LEGEND_TITLE / 2.0 + baseline_from_centre(size)),
        Paint("fill", heading, 1.0),
    );
    let swatch_x = x0 + LEGEND_PAD;
    let text_x = swatch_x + 18.0 + 8.0;
    let row_top = |k: usize| {
        let sep = if k >= ROLE_ROWS {
            LEGEND_SEPARATOR
        } else {
            0.0
        };
        y0 + LEGEND_PAD + LEGEND_TITLE + k as f64 * LEGEND_ROW + sep
    };
    let counts = plan.role_counts(&data.geography.countries);
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
    if !legend.hub_rows && legend.rings.is_none() {
        out.push_str("</g>\n");
        return;
    }
    let sep_y = row_top(ROLE_ROWS) - LEGEND_SEPARATOR / 2.0;
    put!(
        out,
        "<path d=\"M{} {}H{}\"{} stroke-width=\"1\"/>\n",
        N(x0 + LEGEND_PAD),
        N(sep_y),
        N(x0 + LEGEND_W - LEGEND_PAD),
        Paint("stroke", stroke, 1.0)
    );
    let mut row = ROLE_ROWS;
    if legend.hub_rows {
        let counts = plan.status_counts();
        for (active, count) in [(true, counts.active), (false, counts.inactive)] {
            let mid = row_top(row) + LEGEND_ROW / 2.0;
            row += 1;
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
    }
    if let Some((rings, status)) = legend.rings {
        // An arc of a ring, drawn as the map draws them.
        let mid = row_top(row) + LEGEND_ROW / 2.0;
        let d = format!(
            "M{} {}Q{} {} {} {}",
            N(swatch_x + 0.5),
            N(mid + 5.0),
            N(swatch_x + 8.75),
            N(mid - 7.0),
            N(swatch_x + 17.0),
            N(mid + 5.0)
        );
        let (line, casing) = crate::map::style::status_colors(&theme, status);
        let dash = match status {
            Status::Active => "",
            Status::Inactive => " stroke-dasharray=\"3 2\"",
        };
        put!(
            out,
            "<path d=\"{d}\" fill=\"none\"{} stroke-width=\"{}\"{dash}/>\n\
             <path d=\"{d}\" fill=\"none\"{} stroke-width=\"{}\"{dash}/>\n\
             <text x=\"{}\" y=\"{}\"{}>Range rings: {rings}</text>\n",
            Paint("stroke", casing, 1.0),
            N(crate::map::style::RING_CASING_WIDTH),
            Paint("stroke", line, 1.0),
            N(crate::map::style::RING_WIDTH),
            N(text_x),
            N(mid + baseline_from_centre(size)),
            Paint("fill", text, 1.0),
        );
    }
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
}

/// Largest and smallest caption font sizes; a long caption shrinks, then is cut short.
const CAPTION_MAX: f64 = 24.0;
const CAPTION_MIN: f64 = 14.0;

/// `text` at the largest size from `max` down to `min` that fits `width` (estimated),
/// cut short with "…" if even `min` is too wide.
fn fit_text(text: &str, width: f64, max: f64, min: f64) -> (String, f64) {
    let chars = text.chars().count().max(1) as f64;
    let size = (width / (TEXT_WIDTH_PER_EM * chars)).clamp(min, max);
    if text_width(text, size) <= width {
        return (text.to_owned(), size);
    }
    let keep = ((width / (TEXT_WIDTH_PER_EM * size)) as usize).saturating_sub(1);
    let cut: String = text.chars().take(keep).collect();
    (format!("{}…", cut.trim_end()), size)
}

/// A slide's caption band across the top: an accent bar, the caption, the ceasefire
/// state in words under it and the slide number on the right. Drawn last, over the map.
fn write_band(out: &mut String, ctx: &Ctx, band: &Band<'_>) {
    let theme = ctx.theme;
    let (fill, stroke, text, heading) = panel_colors(theme.dark);
    let number_size = 20.0;
    let number_w = text_width(&band.number, number_size);
    let left = 22.0;
    let avail = (ctx.width - left - 20.0 - number_w - 24.0).max(40.0);
    let (caption, size) = fit_text(band.caption, avail, CAPTION_MAX, CAPTION_MIN);
    put!(
        out,
        "<g id=\"caption-band\">\n\
         <rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\"{fill}/>\n\
         <path d=\"M0 {h}H{w}\"{stroke} stroke-width=\"1\"/>\n\
         <rect x=\"0\" y=\"0\" width=\"6\" height=\"{h}\"{accent}/>\n\
         <text id=\"caption\" x=\"{left}\" y=\"{cy}\" font-size=\"{size}\" font-weight=\"bold\"{heading}>{caption}</text>\n\
         <text id=\"slide-ceasefire\" x=\"{left}\" y=\"{sy}\" font-size=\"14\"{text}>{ceasefire}</text>\n\
         <text id=\"slide-number\" x=\"{nx}\" y=\"{ny}\" font-size=\"{number_size}\" \
         text-anchor=\"end\"{text}>{number}</text>\n\
         </g>\n",
        w = N(ctx.width),
        h = N(BAND_HEIGHT),
        fill = Paint("fill", fill, 0.96),
        stroke = Paint("stroke", stroke, 1.0),
        accent = Paint("fill", theme.host_border, 1.0),
        left = N(left),
        cy = N(26.0 + baseline_from_centre(size) - 2.0),
        size = N(size),
        heading = Paint("fill", heading, 1.0),
        caption = Esc(&caption),
        sy = N(50.0 + baseline_from_centre(14.0)),
        text = Paint("fill", text, 1.0),
        ceasefire = Esc(&band.ceasefire),
        nx = N(ctx.width - 20.0),
        ny = N(BAND_HEIGHT / 2.0 + baseline_from_centre(number_size)),
        number_size = N(number_size),
        number = Esc(&band.number),
    );
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::OnceLock;

    use crate::model::roster::Role;

    use super::*;
    use crate::map::EUROPE_BOUNDS;
    use crate::map::rings::hub_rings;
    use crate::model::hub::{Activation, Ceasefire};
    use crate::model::measure::radius_text;
    use crate::model::plan_file::sample_plan;
    use crate::model::site::analyse_plan;

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
            layers: Layers::default(),
        }
    }

    fn europe_view() -> SvgView {
        SvgView {
            camera: Camera::fit(EUROPE_BOUNDS, 1366.0, 768.0, 24.0),
            width: 1366.0,
            height: 768.0,
            dark: false,
            layers: Layers::default(),
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
        // Without a ceasefire, only the hubs that are always active are active, whether
        // drawn alone or counted in a cluster.
        let always = plan
            .hubs
            .iter()
            .filter(|h| h.activation == Activation::Always)
            .count();
        let in_clusters: usize = cluster_counts(&svg).iter().map(|c| c.1).sum();
        assert_eq!(
            svg.matches("<g class=\"hub active\"").count() + in_clusters,
            always
        );
        // At this zoom the nine hubs over Ukraine do not pile up: Kyiv, Zhytomyr,
        // Vinnytsia and Khmelnytskyi share one disc, and every hub is drawn once.
        let clusters = cluster_counts(&svg);
        assert!(!clusters.is_empty(), "clusters at the Europe zoom");
        let alone = hub_groups(&svg).len();
        assert_eq!(alone + clusters.iter().map(|c| c.0).sum::<usize>(), 9);
        assert!(alone + clusters.len() < 9);
    }

    /// `(members, active, inactive, warnings)` of each cluster in an SVG.
    fn cluster_counts(svg: &str) -> Vec<(usize, usize, usize, usize)> {
        let attr = |g: &str, name: &str| -> usize {
            let key = format!("{name}=\"");
            let start = g.find(&key).map(|i| i + key.len()).unwrap_or(0);
            g[start..]
                .split('"')
                .next()
                .and_then(|v| v.parse().ok())
                .unwrap_or(usize::MAX)
        };
        svg.split("<g class=\"cluster\"")
            .skip(1)
            .map(|g| {
                let ids = g[g.find("data-ids=\"").unwrap() + 10..]
                    .split('"')
                    .next()
                    .unwrap();
                (
                    ids.split(' ').count(),
                    attr(g, "data-active"),
                    attr(g, "data-inactive"),
                    attr(g, "data-warnings"),
                )
            })
            .collect()
    }

    #[test]
    fn the_overview_slide_shows_clusters_and_close_slides_every_hub() {
        let plan = sample_plan();
        let overview = slide_svg(data(), &plan, &plan.slides[0], &page(0), "2026-01-15");
        check_well_formed(&overview).unwrap_or_else(|e| panic!("malformed: {e}"));
        let clusters = cluster_counts(&overview);
        assert!(!clusters.is_empty());
        for &(n, active, inactive, _) in &clusters {
            assert!(n >= 2 && active + inactive == n, "{clusters:?}");
        }
        assert!(overview.contains("<g class=\"cluster\" data-ids=\""));
        assert!(overview.contains("class=\"share inactive\""));
        // Counted in the disc, and named in its tooltip.
        assert!(
            overview.contains("hubs: 0 active,"),
            "no ceasefire on the overview"
        );
        // The western corridor (zoom ~7.5): every hub its own symbol, none clustered.
        let corridor = slide_svg(data(), &plan, &plan.slides[4], &page(4), "2026-01-15");
        assert!(cluster_counts(&corridor).is_empty());
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
        // 80 px apart at zoom 9, where nothing clusters any more.
        for k in 0..400 {
            let mut hub = template.clone();
            hub.name = format!("Grid {k}");
            hub.lon = 29.0 + (k % 20) as f64 * 0.15;
            hub.lat = 49.4 + (k / 20) as f64 * 0.05;
            plan.insert_hub(hub);
        }
        let mut view = ukraine_view(false);
        view.camera = Camera::looking_at(30.4, 49.9, 9.0);
        let svg = render(&plan, &view, "");
        check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
        let groups = hub_groups(&svg);
        let p = Projector::new(
            view.camera,
            ScreenRect {
                min_x: 0.0,
                min_y: 0.0,
                width: 1366.0,
                height: 768.0,
            },
        );
        let in_view = plan
            .hubs
            .iter()
            .filter(|h| {
                let (x, y) = p.screen_from_geo(h.lon, h.lat);
                (-FRAME_W..=1366.0 + FRAME_W).contains(&x)
                    && (-FRAME_W..=768.0 + FRAME_W).contains(&y)
            })
            .count();
        assert!(in_view > 400);
        assert_eq!(groups.len(), in_view);
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

    /// The `<path class="ring …">` elements of a picture (not their halos).
    fn ring_paths(svg: &str) -> Vec<&str> {
        svg.match_indices("<path class=\"ring ")
            .map(|(i, _)| {
                let chunk = &svg[i..];
                &chunk[..chunk.find("/>").map_or(chunk.len(), |e| e + 2)]
            })
            .collect()
    }

    /// Points in a path's data: the start plus one per relative step.
    fn path_points(path: &str) -> usize {
        let start = path.find(" d=\"M").expect("path data") + 4;
        let d = &path[start..start + path[start..].find('"').expect("closed")];
        let steps = d.split_once('l').map_or(0, |(_, rel)| {
            rel.trim_end_matches('z').split(' ').count() / 2
        });
        1 + steps
    }

    /// The sample plan under a ceasefire state.
    fn plan_with(ceasefire: Ceasefire) -> Plan {
        let mut plan = sample_plan();
        plan.ceasefire = ceasefire;
        plan
    }

    #[test]
    fn range_rings_are_drawn_under_the_hubs_in_status_colours() {
        use crate::map::rings::segments_for;
        // No ceasefire: the ringed hubs (Odesa, Kharkiv, Khmelnytskyi) are inactive.
        let plan = plan_with(Ceasefire::default());
        let ringed: Vec<&Hub> = plan
            .hubs
            .iter()
            .filter(|h| !h.range_rings_km.is_empty())
            .collect();
        assert_eq!(ringed.len(), 3);
        let expected: usize = ringed.iter().map(|h| h.range_rings_km.len()).sum();
        let svg = render(&plan, &ukraine_view(false), "");
        check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
        let paths = ring_paths(&svg);
        assert_eq!(paths.len(), expected, "one path per ring");
        for hub in &ringed {
            for km in &hub.range_rings_km {
                let path = paths
                    .iter()
                    .find(|p| p.contains(&format!("data-hub=\"{}\" data-km=\"{km}\"", hub.id.0)))
                    .unwrap_or_else(|| panic!("{} km ring of {}", km, hub.name));
                // Wholly in view: every point of the geodesic circle, closed.
                assert_eq!(path_points(path), segments_for(*km), "{path}");
                assert!(path.contains("z\""), "closed: {path}");
                assert!(path.starts_with("<path class=\"ring inactive\""));
                assert!(path.contains("stroke-dasharray=\"6 4\""), "{path}");
                assert!(path.contains(&hex(MapTheme::LIGHT.hub_inactive)), "{path}");
            }
        }
        // Labels where there is room (the 300 km ring's north is off this view).
        let labels: Vec<&str> = svg
            .match_indices("class=\"ring-label\"")
            .map(|(i, _)| &svg[i..i + svg[i..].find("</text>").unwrap_or(0)])
            .collect();
        assert!(labels.len() >= 3, "{labels:?}");
        for label in &labels {
            let hub = label
                .split("data-hub=\"")
                .nth(1)
                .and_then(|r| r.split('"').next());
            let hub = ringed
                .iter()
                .find(|h| Some(h.id.0.to_string().as_str()) == hub);
            let hub = hub.unwrap_or_else(|| panic!("{label}: of a ringed hub"));
            assert!(
                hub.range_rings_km
                    .iter()
                    .any(|km| label.ends_with(&format!(">{}", radius_text(*km)))),
                "{label}"
            );
        }
        // Over the map and its labels, under the hubs; their labels over everything.
        let at = |id: &str| svg.find(id).unwrap_or_else(|| panic!("{id}"));
        assert!(at("id=\"labels\"") < at("id=\"range-rings\""));
        assert!(at("id=\"range-rings\"") < at("id=\"hubs\""));
        assert!(at("id=\"hubs\"") < at("id=\"ring-labels\""));
        assert!(svg.contains(">Range rings: 5</text>"), "legend row");
        // Each line has a casing in the symbol's frame colour, dashed alike.
        assert_eq!(
            svg.matches("<path class=\"ring-casing\" fill=\"none\" stroke=")
                .count(),
            expected
        );
        assert_eq!(
            svg.matches(&format!(
                "stroke=\"{}\" stroke-width=\"3.2\" stroke-linejoin=\"round\" stroke-dasharray=\"6 4\"",
                hex(MapTheme::LIGHT.hub_inactive_frame)
            ))
            .count(),
            expected
        );

        // After a peace agreement all three are active: solid, in the active colour.
        let svg = render(
            &plan_with(Ceasefire::new(true, true, true)),
            &ukraine_view(false),
            "",
        );
        let paths = ring_paths(&svg);
        assert_eq!(paths.len(), expected);
        for p in &paths {
            assert!(p.starts_with("<path class=\"ring active\""), "{p}");
            assert!(!p.contains("stroke-dasharray"), "{p}");
            assert!(p.contains(&hex(MapTheme::LIGHT.hub_active)), "{p}");
        }
    }

    #[test]
    fn rings_follow_the_hub_switch_and_the_layers() {
        let mut plan = sample_plan();
        let air = plan
            .hubs
            .iter_mut()
            .find(|h| h.range_rings_km.len() == 2 && h.kind == HubKind::Air)
            .expect("the air hub has two rings");
        air.show_range_rings = false;
        let air_id = air.id.0;
        let svg = render(&plan, &ukraine_view(false), "");
        assert_eq!(ring_paths(&svg).len(), 3);
        assert!(!svg.contains(&format!("data-hub=\"{air_id}\"")));

        let plan = sample_plan();
        let mut view = ukraine_view(false);
        view.layers.range_rings = false;
        let svg = render(&plan, &view, "");
        assert!(!svg.contains("id=\"range-rings\"") && ring_paths(&svg).is_empty());
        assert!(!svg.contains("Range rings:"), "no legend row without rings");
        // Rings belong to drawn hubs: none without the hub layer.
        let mut view = ukraine_view(false);
        view.layers.hubs = false;
        let svg = render(&plan, &view, "");
        check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
        assert!(ring_paths(&svg).is_empty());
        assert!(hub_groups(&svg).is_empty() && !svg.contains("id=\"hubs\""));
        assert!(!svg.contains("Active hubs:"), "no hub rows in the legend");
        assert!(svg.contains(">Host nation: 1</text>"), "roles stay");
    }

    /// The subpaths of a path element's data as absolute points.
    fn subpaths(path: &str) -> Vec<Vec<(f64, f64)>> {
        let start = path.find(" d=\"").expect("path data") + 4;
        let d = &path[start..start + path[start..].find('"').expect("closed")];
        d.split('M')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let nums: Vec<f64> = p
                    .replace(['l', 'z'], " ")
                    .split_whitespace()
                    .map(|t| t.parse().expect("a number"))
                    .collect();
                let mut points: Vec<(f64, f64)> = Vec::new();
                for pair in nums.chunks(2) {
                    let (x, y) = (pair[0], pair[1]);
                    points.push(match points.last() {
                        Some(&(px, py)) => (px + x, py + y),
                        None => (x, y),
                    });
                }
                points
            })
            .collect()
    }

    #[test]
    fn a_ring_off_the_view_is_skipped_and_one_across_its_edge_is_clipped() {
        let mut plan = Plan::default();
        let mut lviv = Hub::new(crate::model::hub::HubId(1), "Lviv", 24.03, 49.84);
        lviv.range_rings_km = vec![600.0];
        plan.insert_hub(lviv);
        let mut paris = Hub::new(crate::model::hub::HubId(2), "Paris", 2.35, 48.85);
        paris.range_rings_km = vec![50.0];
        plan.insert_hub(paris);
        let svg = render(&plan, &ukraine_view(false), "");
        check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
        let paths = ring_paths(&svg);
        assert_eq!(paths.len(), 1, "Paris is far off the view");
        // The 600 km ring reaches past the west and north edges: cut at the margin,
        // into open lines that stay inside it.
        let path = paths[0];
        assert!(
            path.contains("data-hub=\"1\"") && !path.contains('z'),
            "{path}"
        );
        let points: Vec<(f64, f64)> = subpaths(path).into_iter().flatten().collect();
        let b = bbox(&points);
        assert!(
            (b.0 + CLIP_MARGIN).abs() < 0.11,
            "cut at the west margin: {b:?}"
        );
        assert!(
            (b.1 + CLIP_MARGIN).abs() < 0.11,
            "cut at the north margin: {b:?}"
        );
        assert!(b.2 < 1366.0 && b.3 < 768.0, "{b:?}");
    }

    #[test]
    fn a_ring_round_the_pole_is_never_joined_across_the_map() {
        let mut plan = Plan::default();
        let mut north = Hub::new(crate::model::hub::HubId(1), "Svalbard", 16.0, 78.2);
        north.range_rings_km = vec![2000.0];
        plan.insert_hub(north);
        assert!(!hub_rings(&plan.hubs[0])[0].closed);
        let view = SvgView {
            camera: Camera::looking_at(16.0, 70.0, 2.5),
            ..europe_view()
        };
        let svg = render(&plan, &view, "");
        check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
        let paths = ring_paths(&svg);
        assert_eq!(paths.len(), 1);
        let runs = subpaths(paths[0]);
        assert!(!runs.is_empty());
        // Every step is a short chord of the circle: nothing jumps across the view.
        for run in &runs {
            for w in run.windows(2) {
                let step = (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1);
                assert!(step < 60.0, "a {step} px jump");
            }
        }
    }

    #[test]
    fn layers_switch_off_their_parts() {
        let plan = ceasefire_plan();
        let full = render(&plan, &ukraine_view(false), "");
        assert!(full.contains("<rect class=\"label-bg\""));
        for (layer, gone) in [
            (
                "oblasts",
                &["id=\"oblasts\"", ">Volyn</text>", ">Kharkiv</text>"][..],
            ),
            (
                "place_labels",
                &["id=\"labels\"", ">UKRAINE</text>", ">Volyn</text>"][..],
            ),
            ("hubs", &["id=\"hubs\"", "<g class=\"hub "][..]),
            ("hub_labels", &["<rect class=\"label-bg\""][..]),
            (
                "legend",
                &["id=\"legend\"", "Coalition of the Willing</text>"][..],
            ),
        ] {
            let mut view = ukraine_view(false);
            match layer {
                // Kharkiv is also a city name: the cities layer goes too.
                "oblasts" => {
                    view.layers.oblasts = false;
                    view.layers.cities = false;
                }
                "place_labels" => view.layers.place_labels = false,
                "hubs" => view.layers.hubs = false,
                "hub_labels" => view.layers.hub_labels = false,
                _ => view.layers.legend = false,
            }
            let svg = render(&plan, &view, "");
            check_well_formed(&svg).unwrap_or_else(|e| panic!("{layer}: malformed: {e}"));
            for needle in gone {
                assert!(
                    full.contains(needle),
                    "{layer}: {needle} in the full picture"
                );
                assert!(!svg.contains(needle), "{layer}: {needle} still drawn");
            }
            // The rest stays: the map, the outline, the marking.
            for kept in [
                "id=\"countries\"",
                "id=\"ukraine-outline\"",
                "id=\"marking\"",
            ] {
                assert!(svg.contains(kept), "{layer}: {kept}");
            }
        }
        // Hub labels off keeps the symbols; oblasts off keeps country names.
        let mut view = ukraine_view(false);
        view.layers.hub_labels = false;
        view.layers.oblasts = false;
        let svg = render(&plan, &view, "");
        assert_eq!(hub_groups(&svg).len(), plan.hubs.len());
        assert!(svg.contains(">UKRAINE</text>"));
    }

    fn page(index: usize) -> SlidePage {
        SlidePage {
            index,
            count: 5,
            width: 1600.0,
            height: 1000.0,
            dark: false,
        }
    }

    #[test]
    fn slides_with_charts_get_a_charts_column_beside_the_map() {
        let plan = sample_plan();
        // Slide 3 (after a verified ceasefire) asks for charts.
        assert!(plan.slides[2].layers.charts);
        let svg = slide_svg(data(), &plan, &plan.slides[2], &page(2), "2026-01-15");
        check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
        let column = charts_column_width(1600.0);
        assert_eq!(column, 512.0);
        // The map is a nested picture, narrower by the column; the column sits right.
        assert!(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"1088\" height=\"1000\""));
        assert!(svg.contains("<rect id=\"charts-column\" x=\"1088\""));
        let charts = &svg[svg.find("<g id=\"charts\">").expect("charts")..];
        assert!(
            charts.contains("font-weight=\"bold\"")
                && charts.contains(">Ceasefire verified (now)</text>")
        );
        for row in [
            ">1 active, 8 inactive</text>",
            ">7 active, 2 inactive</text>",
            ">8 active, 1 inactive</text>",
            ">9 active, 0 inactive</text>",
            ">GBR</text>",
            ">2,750</text>",
        ] {
            assert!(charts.contains(row), "{row}");
        }
        // One title and one description with the notes, for the whole picture.
        assert_eq!(svg.matches("Speaker notes:").count(), 1);
        // A slide without the charts layer has no column.
        let plain = slide_svg(data(), &plan, &plan.slides[3], &page(3), "2026-01-15");
        assert!(!plain.contains("id=\"charts\"") && !plain.contains("charts-column"));
    }

    #[test]
    fn slides_show_their_caption_state_and_hubs() {
        let plan = sample_plan();
        assert_eq!(plan.slides.len(), 7);
        let mut slide = plan.slides[1].clone();
        slide.caption = "Before <the> \"ceasefire\" & after".into();
        slide.notes = "Say: <don't> point & click".into();
        let svg = slide_svg(data(), &plan, &slide, &page(1), "2026-01-15");
        check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
        assert!(svg.contains(">Before &lt;the&gt; &quot;ceasefire&quot; &amp; after</text>"));
        assert!(
            svg.contains("<title>Before &lt;the&gt;"),
            "the file's title"
        );
        assert!(svg.contains("id=\"slide-number\"") && svg.contains(">2 / 5</text>"));
        assert!(svg.contains(">No ceasefire</text>"));
        // Notes only in the description, never drawn.
        let desc = &svg[svg.find("<desc>").unwrap()..svg.find("</desc>").unwrap()];
        assert!(
            desc.contains("Say: &lt;don&apos;t&gt; point &amp; click"),
            "{desc}"
        );
        assert_eq!(svg.matches("point &amp; click").count(), 1);
        // The usual furniture, below the band.
        for id in [
            "id=\"legend\"",
            "id=\"scale-bar\"",
            "id=\"marking\"",
            "id=\"attribution\"",
        ] {
            assert!(svg.contains(id), "{id}");
        }
        assert!(svg.contains(">HYPOTHETICAL — PLANNING ONLY</text>"));
        assert!(svg.contains(">2026-01-15</text>"));
        assert!(
            svg.find("id=\"caption-band\"") > svg.find("id=\"hubs\""),
            "on top"
        );
        // Every hub, Kyiv's inactive before a ceasefire and active once verified.
        assert_eq!(hub_groups(&svg).len(), plan.hubs.len());
        assert!(svg.contains("<g class=\"hub inactive\" data-id=\"H1\">"));
        let verified = slide_svg(data(), &plan, &plan.slides[2], &page(2), "");
        assert!(verified.contains("<g class=\"hub active\" data-id=\"H1\">"));
        assert!(verified.contains(">Ceasefire verified</text>"));
        assert!(verified.contains(">Active hubs: 8</text>"));
        // The plan itself is untouched.
        assert!(!plan.ceasefire.in_effect());
    }

    #[test]
    fn slide_filters_keep_only_their_hubs() {
        use crate::model::hub::HubId;
        use crate::model::slide::HubFilter;
        let plan = sample_plan();
        let rings = &plan.slides[3];
        assert_eq!(
            rings.hubs,
            HubFilter::Only(vec![HubId(3), HubId(5), HubId(7)])
        );
        let svg = slide_svg(data(), &plan, rings, &page(3), "");
        check_well_formed(&svg).unwrap_or_else(|e| panic!("malformed: {e}"));
        let ids: Vec<&str> = hub_groups(&svg)
            .iter()
            .filter_map(|g| g.split("data-id=\"").nth(1)?.split('"').next())
            .collect();
        let mut ids = ids;
        ids.sort_unstable();
        assert_eq!(ids, ["H3", "H5", "H7"]);
        assert_eq!(ring_paths(&svg).len(), 5);
        assert!(svg.contains(">Peace agreement signed</text>"));
        assert!(
            svg.contains(">Active hubs: 3</text>"),
            "legend counts shown hubs"
        );

        // Active only, before a ceasefire: the one hub that is always active.
        let mut slide = plan.slides[1].clone();
        slide.hubs = HubFilter::ActiveOnly;
        let shown = slide_plan(&plan, &slide);
        assert_eq!(shown.hubs.len(), 1);
        assert_eq!(shown.hubs[0].name, "Rzeszów support hub");
        let svg = slide_svg(data(), &plan, &slide, &page(1), "");
        assert_eq!(hub_groups(&svg).len(), 1);
        // Ids that no longer exist are ignored.
        slide.hubs = HubFilter::Only(vec![HubId(999)]);
        assert!(slide_plan(&plan, &slide).hubs.is_empty());
    }

    #[test]
    fn a_slide_fits_its_box_below_the_band() {
        let plan = sample_plan();
        for slide in &plan.slides {
            let camera = slide_camera(slide.view, 1600.0, 1000.0, slide.layers.legend);
            let p = Projector::new(
                camera,
                ScreenRect {
                    min_x: 0.0,
                    min_y: 0.0,
                    width: 1600.0,
                    height: 1000.0,
                },
            );
            let v = slide.view;
            let (x0, y0) = p.screen_from_geo(v.min_lon, v.max_lat);
            let (x1, y1) = p.screen_from_geo(v.max_lon, v.min_lat);
            let tol = 0.5;
            assert!(
                y0 >= BAND_HEIGHT + SLIDE_PADDING - tol,
                "{}: top {y0}",
                slide.caption
            );
            assert!(
                y1 <= 1000.0 - SLIDE_PADDING + tol,
                "{}: bottom {y1}",
                slide.caption
            );
            // Not under the legend either (every sample slide shows it).
            assert!(slide.layers.legend);
            let right = 1600.0 - SLIDE_PADDING - LEGEND_W - 10.0;
            assert!(
                x0 >= SLIDE_PADDING - tol && x1 <= right + tol,
                "{}",
                slide.caption
            );
            // It fills one direction: as large as fits.
            let fills_h = (y1 - y0) > 1000.0 - BAND_HEIGHT - 2.0 * SLIDE_PADDING - 1.0;
            let fills_w = (x1 - x0) > right - SLIDE_PADDING - 1.0;
            assert!(fills_h || fills_w, "{}", slide.caption);
        }
    }

    #[test]
    fn long_captions_shrink_then_are_cut() {
        let (text, size) = fit_text("Overview", 1000.0, 24.0, 14.0);
        assert_eq!((text.as_str(), size), ("Overview", 24.0));
        let long = "word ".repeat(60);
        let (text, size) = fit_text(&long, 1000.0, 24.0, 14.0);
        assert_eq!(size, 14.0);
        assert!(
            text.ends_with('…') && text_width(&text, size) <= 1000.0,
            "{text}"
        );
        let (_, size) = fit_text(&"x".repeat(100), 1000.0, 24.0, 14.0);
        assert!(size < 24.0 && size > 14.0, "{size}");
        assert_eq!(
            Ceasefire::new(true, false, false).describe(),
            "Ceasefire in effect, not yet verified"
        );
        assert_eq!(
            Ceasefire::new(true, false, true).describe(),
            "Peace agreement signed"
        );
    }

    #[test]
    fn open_paths_have_no_close() {
        let mut d = String::new();
        let mut scratch = Vec::new();
        assert!(push_path(
            &mut d,
            &[(0.0, 0.0), (3.0, 4.0)],
            &mut scratch,
            false
        ));
        assert_eq!(d, "M0 0l3 4");
        assert!(!push_path(&mut d, &[(1.0, 1.0)], &mut scratch, false));
    }
}
