//! The control layers' data for the SVG picture (their drawing is the scene's,
//! `map::scene::control`, painted as on screen), a legend box with the as-of dates, and
//! the control data's credit (sources and dates) above the attribution.

use std::fmt::Write as _;

use super::{Ctx, Esc, N, Paint, text_width};
use crate::map::MapData;
use crate::map::control_style::{self as style, Swatch, attribution, legend_rows};
use crate::map::control_view::{ControlView, PreparedControl};
use crate::map::threat_field::{ControlScene, SceneInput};
use crate::model::control::{ControlFeature, effective};
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

impl ControlPicture {
    /// The control view the scene's control layers are built from: the features
    /// prepared as on screen (only when the control layer shows) and the scene.
    pub(super) fn view(&self, ctx: &Ctx, plan: &Plan) -> ControlView {
        let prepared = if ctx.layers.control && !self.features.is_empty() {
            PreparedControl::prepare(self.features.clone(), &plan.control_settings)
        } else {
            PreparedControl::default()
        };
        ControlView {
            prepared: std::sync::Arc::new(prepared),
            scene: self.scene.clone(),
            revision: 0,
            settings: plan.control_settings.clone(),
        }
    }
}

/// The hatch pattern the legend's area swatches are filled with.
pub(super) fn write_legend_defs(out: &mut String, ctx: &Ctx, pic: &ControlPicture) {
    let l = &ctx.layers;
    if l.control && l.legend && pic.features.iter().any(|f| f.geometry.is_area()) {
        let c = style::colors(ctx.theme.dark);
        put!(
            out,
            "<defs><pattern id=\"control-hatch\" width=\"{s}\" height=\"{s}\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"{s}\"{stroke} stroke-width=\"1.2\"/></pattern></defs>\n",
            s = N(style::AREA_HATCH_SPACING),
            stroke = Paint("stroke", c.area_edge, 0.55),
        );
    }
}

/// Legend rows (bottom left, above the scale bar) and the control credit (bottom right,
/// above the attribution), each with dates and sources.
pub(super) fn write_furniture(out: &mut String, ctx: &Ctx, pic: &ControlPicture, plan: &Plan) {
    let l = &ctx.layers;
    let c = style::colors(ctx.theme.dark);
    let zone_drawn = pic
        .scene
        .as_ref()
        .is_some_and(|s| !s.zone_outline.is_empty());
    let rows = legend_rows(&pic.features, &plan.control_settings, l, zone_drawn);
    let size = 12.0;
    if !rows.is_empty() && l.legend {
        let row_h = 18.0;
        let w = rows
            .iter()
            .map(|r| text_width(&r.text, size))
            .fold(0.0, f64::max)
            + 44.0;
        let h = row_h * rows.len() as f64 + 10.0;
        let (x, y) = (10.0, ctx.height - 60.0 - h);
        let (bg, text) = if ctx.theme.dark {
            (
                egui::Color32::from_black_alpha(200),
                egui::Color32::from_gray(230),
            )
        } else {
            (
                egui::Color32::from_white_alpha(225),
                egui::Color32::from_gray(25),
            )
        };
        put!(
            out,
            "<g id=\"control-legend\" font-size=\"{}\">\n<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"{}/>\n",
            N(size),
            N(x),
            N(y),
            N(w),
            N(h),
            Paint("fill", bg, 1.0)
        );
        for (k, row) in rows.iter().enumerate() {
            let cy = y + 5.0 + k as f64 * row_h + row_h / 2.0;
            let (sx, sy) = (x + 7.0, cy - 5.5);
            match row.swatch {
                Swatch::Area(kind) => put!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"11\" fill=\"url(#control-hatch)\"{} stroke-width=\"{}\"/>\n",
                    N(sx),
                    N(sy),
                    Paint("stroke", style::feature_color(&c, kind), 1.0),
                    N(style::AREA_EDGE_WIDTH as f64)
                ),
                Swatch::Line(kind) => put!(
                    out,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{} stroke-width=\"{}\"/>\n",
                    N(sx),
                    N(cy),
                    N(sx + 18.0),
                    N(cy),
                    Paint("stroke", style::feature_color(&c, kind), 1.0),
                    N(style::LINE_WIDTH as f64)
                ),
                Swatch::Zone => put!(
                    out,
                    "<path d=\"M{} {}l5 -11M{} {}l5 -11M{} {}l5 -11\" fill=\"none\"{} stroke-width=\"{}\"/>\n",
                    N(sx),
                    N(sy + 11.0),
                    N(sx + 6.0),
                    N(sy + 11.0),
                    N(sx + 12.0),
                    N(sy + 11.0),
                    Paint("stroke", c.zone, 1.0),
                    N(style::HATCH_WIDTH as f64)
                ),
                Swatch::Band => put!(
                    out,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{} stroke-width=\"{}\"/>\n",
                    N(sx),
                    N(cy),
                    N(sx + 18.0),
                    N(cy),
                    Paint("stroke", c.band, 1.0),
                    N(style::BAND_WIDTH as f64)
                ),
            }
            put!(
                out,
                "<text x=\"{}\" y=\"{}\"{}>{}</text>\n",
                N(x + 32.0),
                N(cy + 0.35 * size),
                Paint("fill", text, 1.0),
                Esc(&row.text)
            );
        }
        out.push_str("</g>\n");
    }
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
