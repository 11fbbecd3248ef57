//! The control layers in the SVG picture, as on screen (`ui::control_layer`, same
//! colours and widths from `map::control_style`): hatched occupied areas, contact and
//! ceasefire lines, the hatched ceasefire zone, threat-band isolines, a legend box with
//! the as-of dates, and the control data's credit (sources and dates) above the
//! attribution.

use std::fmt::Write as _;

use super::{Ctx, Esc, N, Paint, clip_ring, push_path};
use crate::map::MapData;
use crate::map::clip::clip_polyline;
use crate::map::control_style::{self as style, LegendRow, attribution};
use crate::map::threat_field::{ControlScene, GeoSegment, SceneInput};
use crate::model::control::{ControlFeature, ControlKind, effective};
use crate::model::plan::Plan;

/// The control features and scene a picture shows.
pub(super) struct ControlPicture {
    features: Vec<ControlFeature>,
    scene: Option<std::sync::Arc<ControlScene>>,
}

impl ControlPicture {
    /// Gathers what the layers switched on need (the threat bands are computed here,
    /// up to a second or two for the whole region, or reused from the last pictures).
    pub(super) fn new(ctx: &Ctx, data: &MapData, plan: &Plan) -> Self {
        let l = &ctx.layers;
        let features: Vec<ControlFeature> = effective(&plan.control, &plan.control_settings)
            .cloned()
            .collect();
        let wants_scene =
            l.threat_bands || (l.ceasefire_zone && features.iter().any(|f| f.kind.makes_zone()));
        let scene = wants_scene.then(|| {
            let mut input = SceneInput::for_plan(&data.geography.countries, plan);
            if !l.threat_bands {
                input.settings.threat_bands_km.clear();
            }
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
            ControlScene::cached(&input, threads)
        });
        Self { features, scene }
    }
}

fn screen_of(ctx: &Ctx, (lon, lat): (f64, f64)) -> (f64, f64) {
    ctx.p.screen_from_geo(lon, lat)
}

fn segments_path(ctx: &Ctx, segments: &[GeoSegment]) -> String {
    let mut d = String::new();
    let mut scratch = Vec::new();
    for s in segments {
        let pts = [screen_of(ctx, s[0]), screen_of(ctx, s[1])];
        for run in clip_polyline(&pts, &ctx.clip) {
            push_path(&mut d, &run, &mut scratch, false);
        }
    }
    d
}

/// Writes areas, zone, bands and lines (under labels and hubs).
pub(super) fn write_layers(out: &mut String, ctx: &Ctx, pic: &ControlPicture) {
    let l = &ctx.layers;
    let c = style::colors(ctx.theme.dark);
    let mut scratch = Vec::new();
    if l.control && pic.features.iter().any(|f| f.geometry.is_area()) {
        put!(
            out,
            "<defs><pattern id=\"control-hatch\" width=\"{s}\" height=\"{s}\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"{s}\"{stroke} stroke-width=\"1.2\"/></pattern></defs>\n",
            s = N(style::AREA_HATCH_SPACING),
            stroke = Paint("stroke", c.area_edge, 0.55),
        );
        put!(out, "<g id=\"control-areas\" fill-rule=\"evenodd\">\n");
        for f in pic.features.iter().filter(|f| f.geometry.is_area()) {
            let mut d = String::new();
            for ring in f.geometry.paths() {
                let pts: Vec<(f64, f64)> =
                    ring.0.iter().map(|q| screen_of(ctx, (q.x, q.y))).collect();
                let clipped = clip_ring(&pts, &ctx.clip);
                push_path(&mut d, &clipped, &mut scratch, true);
            }
            if d.is_empty() {
                continue;
            }
            let edge = style::feature_color(&c, f.kind);
            let fill = if f.kind == ControlKind::Occupied {
                c.area_fill
            } else {
                edge.gamma_multiply(0.18)
            };
            put!(
                out,
                "<path class=\"control-area {kind}\" data-name=\"{name}\" data-as-of=\"{date}\" d=\"{d}\"{fill}/>\n\
                 <path d=\"{d}\" fill=\"url(#control-hatch)\"{edge} stroke-width=\"{w}\"><title>{name}, as of {date}</title></path>\n",
                kind = f.kind.key(),
                name = Esc(&f.name),
                date = f.as_of,
                fill = Paint("fill", fill, 1.0),
                edge = Paint("stroke", edge, 1.0),
                w = N(style::AREA_EDGE_WIDTH as f64),
            );
        }
        out.push_str("</g>\n");
    }
    if let Some(scene) = &pic.scene {
        if l.ceasefire_zone && !scene.zone_outline.is_empty() {
            put!(
                out,
                "<g id=\"ceasefire-zone\" fill=\"none\" data-half-width-km=\"{}\">\n<path class=\"zone-hatch\" d=\"{}\"{} stroke-width=\"{}\"/>\n<path class=\"zone-edge\" d=\"{}\"{} stroke-width=\"{}\"/>\n</g>\n",
                scene.zone_half_width_km,
                segments_path(ctx, &scene.zone_hatch),
                Paint("stroke", c.zone, 0.7),
                N(style::HATCH_WIDTH as f64),
                segments_path(ctx, &scene.zone_outline),
                Paint("stroke", c.zone, 1.0),
                N(style::ZONE_EDGE_WIDTH as f64),
            );
        }
        if l.threat_bands && !scene.bands.is_empty() {
            put!(out, "<g id=\"threat-bands\" fill=\"none\">\n");
            for band in &scene.bands {
                put!(
                    out,
                    "<path class=\"threat-band\" data-km=\"{}\" d=\"{}\"{} stroke-width=\"{}\"/>\n",
                    band.km,
                    segments_path(ctx, &band.segments),
                    Paint("stroke", c.band, 1.0),
                    N(style::BAND_WIDTH as f64),
                );
            }
            out.push_str("</g>\n");
        }
    }
    if l.control && pic.features.iter().any(|f| !f.geometry.is_area()) {
        put!(
            out,
            "<g id=\"control-lines\" fill=\"none\" stroke-linejoin=\"round\" stroke-linecap=\"round\">\n"
        );
        for f in pic.features.iter().filter(|f| !f.geometry.is_area()) {
            let mut d = String::new();
            for part in f.geometry.paths() {
                let pts: Vec<(f64, f64)> =
                    part.0.iter().map(|q| screen_of(ctx, (q.x, q.y))).collect();
                for run in clip_polyline(&pts, &ctx.clip) {
                    push_path(&mut d, &run, &mut scratch, false);
                }
            }
            if d.is_empty() {
                continue;
            }
            put!(
                out,
                "<path class=\"control-line {kind}\" data-name=\"{name}\" data-as-of=\"{date}\" d=\"{d}\"{stroke} stroke-width=\"{w}\"><title>{name}, as of {date}</title></path>\n",
                kind = f.kind.key(),
                name = Esc(&f.name),
                date = f.as_of,
                stroke = Paint("stroke", style::feature_color(&c, f.kind), 1.0),
                w = N(style::LINE_WIDTH as f64),
            );
        }
        out.push_str("</g>\n");
    }
}

/// The control legend's rows for what the picture shows (the scene draws them).
pub(super) fn legend_rows(ctx: &Ctx, pic: &ControlPicture, plan: &Plan) -> Vec<LegendRow> {
    let zone_drawn = pic
        .scene
        .as_ref()
        .is_some_and(|s| !s.zone_outline.is_empty());
    style::legend_rows(
        &pic.features,
        &plan.control_settings,
        &ctx.layers,
        zone_drawn,
    )
}

/// The control credit (bottom right, above the attribution), with dates and sources.
pub(super) fn write_attribution(out: &mut String, ctx: &Ctx, pic: &ControlPicture) {
    let l = &ctx.layers;
    let shown = l.control || l.ceasefire_zone || l.threat_bands;
    if shown && let Some(credit) = attribution(&pic.features) {
        put!(
            out,
            "<text id=\"control-attribution\" x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\"{}>{}</text>\n",
            N(ctx.width - 6.0),
            // Above the boundaries credit, and above the places credit when it shows.
            N(ctx.height
                - 20.0
                - if l.cities || l.airfields || l.ports {
                    super::text_height(11.0)
                } else {
                    0.0
                }),
            Paint("fill", ctx.theme.furniture, 0.8),
            Esc(&credit)
        );
    }
}
