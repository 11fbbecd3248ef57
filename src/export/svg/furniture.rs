//! Furniture layout (the areas labels keep clear of), then the title, date and marking.

use crate::map::MapData;
use crate::map::control_style::LegendRow;
use crate::map::labels::Rect;
use crate::map::rings::plan_rings;
use crate::map::scene::{self, Header, View as SceneView};
use crate::model::plan::Plan;
use crate::model::slide::Layers;

use super::Ctx;
use super::text::{baseline_from_centre, halo_text, text_height, text_width};

/// Where the furniture goes, computed first so labels keep clear of it.
pub(super) struct Furniture {
    /// Areas map and hub labels must not cover.
    pub(super) keep_clear: Vec<Rect>,
    /// The marking box.
    pub(super) marking: Rect,
    /// The coalition legend (top right), if its layer is on.
    pub(super) legend: Option<scene::Placed>,
    /// The control legend (bottom left), if its layer is on and a control layer shows.
    pub(super) control_legend: Option<scene::Placed>,
}

/// The coalition legend of `plan` as a file picture with `layers` draws it.
pub(super) fn coalition_legend(data: &MapData, plan: &Plan, layers: &Layers) -> scene::Legend {
    let rings = if layers.hubs && layers.range_rings {
        plan_rings(plan)
    } else {
        Vec::new()
    };
    scene::Legend::coalition(plan, &data.geography.countries, &rings, layers)
}

/// Title and date font sizes.
pub(super) const TITLE_SIZE: f64 = 15.0;
pub(super) const DATE_SIZE: f64 = 12.0;

impl Furniture {
    pub(super) fn layout(
        ctx: &Ctx,
        data: &MapData,
        plan: &Plan,
        date: &str,
        control_rows: Vec<LegendRow>,
        credits: Rect,
    ) -> Self {
        let (width, height, top) = (ctx.width, ctx.height, ctx.top);
        let marking = scene::marking((0.0, top, width, height), &scene::Estimated).1;
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
        let bounds = (0.0, top, width, height);
        let measure = scene::Estimated;
        let legend = ctx.layers.legend.then(|| {
            let legend = coalition_legend(data, plan, &ctx.layers);
            let at = scene::top_right(bounds, legend.size(Header::Plain, &measure));
            legend.layer("legend", at, Header::Plain, &ctx.theme, &measure)
        });
        let control_legend = if ctx.layers.legend {
            scene::control_legend(control_rows, bounds, credits.1, &ctx.theme, &measure)
        } else {
            None
        };
        keep_clear.extend(legend.iter().chain(&control_legend).map(|l| l.panel));
        Self {
            keep_clear,
            marking,
            legend,
            control_legend,
        }
    }
}

/// Bottom of the title block under the marking.
pub(super) fn title_bottom(marking: Rect, date: &str) -> f64 {
    let title = marking.3 + 6.0 + text_height(TITLE_SIZE);
    if date.is_empty() {
        title + 2.0
    } else {
        title + text_height(DATE_SIZE) + 2.0
    }
}

/// Title and date top left under the red marking (the scene draws the marking).
pub(super) fn write_title(
    out: &mut String,
    ctx: &Ctx,
    plan: &Plan,
    date: &str,
    layout: &Furniture,
) {
    let theme = ctx.theme;
    let m = layout.marking;
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
