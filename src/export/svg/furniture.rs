//! Furniture layout (the areas labels keep clear of), then the title, date and marking.

use crate::map::labels::Rect;
use crate::map::scene::{self, View as SceneView};
use crate::model::hub::Status;
use crate::model::plan::Plan;

use super::Ctx;
use super::legend::{LEGEND_W, Legend};
use super::text::{baseline_from_centre, halo_text, text_height, text_width};

/// Where the furniture goes, computed first so labels keep clear of it.
pub(super) struct Furniture {
    /// Areas map and hub labels must not cover.
    pub(super) keep_clear: Vec<Rect>,
    /// The marking box.
    pub(super) marking: Rect,
    /// The legend, if its layer is on.
    pub(super) legend: Option<Legend>,
}

/// Title and date font sizes.
pub(super) const TITLE_SIZE: f64 = 15.0;
pub(super) const DATE_SIZE: f64 = 12.0;

impl Furniture {
    pub(super) fn layout(
        ctx: &Ctx,
        plan: &Plan,
        date: &str,
        rings: &scene::Rings,
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
