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

use std::fmt::Write as _;

use crate::map::MapData;
use crate::map::clip::Clip;
use crate::map::rings::plan_rings;
use crate::map::theme::MapTheme;
use crate::model::plan::Plan;
use crate::model::site::Site;
use crate::model::slide::Layers;
use crate::projection::{Camera, Projector, ScreenRect};

/// `write!` into a `String`, which cannot fail.
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

mod control;
mod furniture;
mod geometry;
mod hubs;
mod paint;
mod slide;
#[cfg(test)]
mod tests;
mod text;
use crate::map::scene::{self, View as SceneView};

use furniture::{Furniture, write_title};
use geometry::{border_path, push_path, region_path};
use hubs::write_hubs;
pub use slide::{BAND_HEIGHT, SLIDE_PADDING, SlidePage, slide_camera, slide_plan, slide_svg};
use slide::{SlideParts, write_band};
use text::{Esc, N, Paint};

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

/// Writes the picture; `desc` is already escaped.
fn render(
    data: &MapData,
    plan: &Plan,
    sites: &[Site],
    view: &SvgView,
    date: &str,
    band: Option<&SlideParts<'_>>,
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
    band: Option<&SlideParts<'_>>,
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
    let ctx = Ctx::new(
        Projector::new(view.camera, viewport),
        theme,
        view.layers,
        if band.is_some() { BAND_HEIGHT } else { 0.0 },
    );
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
    let control_picture = control::ControlPicture::new(&ctx, data, plan);
    let control_credit = control::credit(&ctx, &control_picture);
    let (credits, credits_box) = scene::credits(&sv, &measure, control_credit.as_deref());
    let layout = Furniture::layout(
        &ctx,
        data,
        plan,
        date,
        control::legend_rows(&ctx, &control_picture, plan),
        credits_box,
    );
    // Hubs (symbols, clusters and names) are laid out first: their names come before
    // every other label, as on screen.
    let marks = ctx
        .layers
        .hubs
        .then(|| scene::HubMarks::layout(&ctx.p, plan, sites, (0.0, 0.0, width, height)));
    // A comparing slide's key sits bottom left, above the control legend.
    let comparison = band.and_then(|b| b.compared.as_ref()).map(|compared| {
        let key = scene::comparison_key(
            &scene::comparison_legend(compared),
            sv.bounds,
            (layout.control_legend.as_ref(), credits_box.1),
            &ctx.theme,
            &measure,
        );
        let drawn = match compared.other {
            Ok(diff) => scene::comparison(&sv, plan, diff, &measure),
            Err(_) => scene::Comparison::default(),
        };
        (drawn, key)
    });
    let mut taken = layout.keep_clear.clone();
    if let Some((drawn, key)) = &comparison {
        taken.extend(key.iter().map(|k| k.panel));
        taken.extend(drawn.boxes.iter().copied());
    }
    let (hubs, hub_labels) = match &marks {
        Some(marks) => {
            let wanted = scene::hub_labels(plan, marks, &sv, &measure, &Default::default());
            let mut blocked = marks.obstacles();
            blocked.extend(taken.iter().copied());
            let inside = (2.0, ctx.top + 2.0, width - 2.0, height - 2.0);
            let (names, boxes) =
                scene::place_labels("hub-labels", wanted, &blocked, 3.0, inside, &ctx.theme);
            taken.extend(marks.obstacles());
            taken.extend(boxes);
            (
                scene::hubs(plan, sites, marks, &ctx.theme, &measure, true),
                names,
            )
        }
        None => Default::default(),
    };

    // A comparison's names come next: they are what a comparing slide is about.
    let comparison = comparison.map(|(drawn, key)| {
        let (names, boxes) = scene::place_labels(
            "comparison-names",
            drawn.names,
            &taken,
            3.0,
            sv.bounds,
            &ctx.theme,
        );
        taken.extend(boxes);
        (drawn.marks, names, key)
    });
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
    for layer in scene::control(&control_picture.view(&ctx, plan), &sv, &measure) {
        paint::write_layer(&mut out, &ctx, data, &layer);
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
    write_hubs(&mut out, streaming.then_some(&mut *sink), &ctx, data, &hubs)?;
    paint::write_layer(&mut out, &ctx, data, &hub_labels);
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
    if let Some((marks, names, _)) = &comparison {
        paint::write_layer(&mut out, &ctx, data, marks);
        paint::write_layer(&mut out, &ctx, data, names);
    }
    if let Some(legend) = &layout.legend {
        paint::write_layer(&mut out, &ctx, data, &legend.layer);
    }
    paint::write_layer(&mut out, &ctx, data, &scene::scale_bar(&sv, &measure));
    if let Some(legend) = &layout.control_legend {
        paint::write_layer(&mut out, &ctx, data, &legend.layer);
    }
    if let Some((_, _, Some(key))) = &comparison {
        paint::write_layer(&mut out, &ctx, data, &key.layer);
    }
    paint::write_layer(&mut out, &ctx, data, &scene::marking(sv.bounds, &measure).0);
    write_title(&mut out, &ctx, plan, date, &layout);
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
/// picture): the theme's sea, then the scene's layers. What a map picture
/// draws of a scene is written by the same code ([`paint`]) as [`view_svg`].
pub fn scene_svg(
    data: &MapData,
    scene: &scene::Scene,
    p: &Projector,
    theme: &MapTheme,
    layers: &Layers,
) -> String {
    let ctx = Ctx::new(*p, *theme, *layers, 0.0);
    let (width, height) = (ctx.width, ctx.height);
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
    clip: Clip,
    /// Layers drawn.
    layers: Layers,
    /// Top of the map furniture: below the caption band of a slide, else 0.
    top: f64,
}

impl Ctx {
    /// The context of a picture as big as `p`'s viewport (clamped to a sane size),
    /// geometry kept within the clip margin, furniture below `top`.
    fn new(p: Projector, theme: MapTheme, layers: Layers, top: f64) -> Self {
        let v = p.viewport();
        let (width, height) = (sane_size(v.width), sane_size(v.height));
        Self {
            p,
            theme,
            width,
            height,
            clip: Clip {
                min_x: -CLIP_MARGIN,
                min_y: -CLIP_MARGIN,
                max_x: width + CLIP_MARGIN,
                max_y: height + CLIP_MARGIN,
            },
            layers,
            top,
        }
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
