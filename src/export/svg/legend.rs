//! The legend panel, top right: role swatches with counts, hub and ring rows.

use std::fmt::Write as _;

use egui::Color32;

use crate::map::MapData;
use crate::model::hub::Status;
use crate::model::plan::Plan;

use super::Ctx;
use super::text::{N, Paint, baseline_from_centre};

/// Legend panel geometry: 10 px from the corner like the screen's, 10 px wider than its
/// 200 so the longest row still fits when the viewer falls back to a wider font.
pub(super) const LEGEND_W: f64 = 210.0;
pub(super) const LEGEND_PAD: f64 = 8.0;
pub(super) const LEGEND_ROW: f64 = 23.0;
pub(super) const LEGEND_TITLE: f64 = 22.0;
pub(super) const LEGEND_SEPARATOR: f64 = 9.0;

/// Role rows in the legend (`ui::legend::role_counts`).
pub(super) const ROLE_ROWS: usize = 7;

/// The legend's rows beyond the roles.
pub(super) struct Legend {
    /// Top edge.
    pub(super) top: f64,
    /// Rows for active and inactive hubs (when hubs are drawn).
    pub(super) hub_rows: bool,
    /// A row for range rings: how many are drawn and in which style (active if any
    /// active hub's rings are drawn); none when no ring is.
    pub(super) rings: Option<(usize, Status)>,
}

impl Legend {
    /// Height of the panel: title, the roles, then a separator and the hub and ring rows.
    pub(super) fn height(&self) -> f64 {
        let extra = usize::from(self.hub_rows) * 2 + usize::from(self.rings.is_some());
        let separator = if extra > 0 { LEGEND_SEPARATOR } else { 0.0 };
        2.0 * LEGEND_PAD + LEGEND_TITLE + (ROLE_ROWS + extra) as f64 * LEGEND_ROW + separator
    }
}

/// Panel colours like egui's popup frame in each theme.
pub(super) fn panel_colors(dark: bool) -> (Color32, Color32, Color32, Color32) {
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
pub(super) fn write_legend(
    out: &mut String,
    ctx: &Ctx,
    data: &MapData,
    plan: &Plan,
    legend: &Legend,
) {
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
