//! A slide as SVG: its plan state, camera, caption band and charts column.

use std::fmt::Write as _;

use crate::map::MapData;
use crate::map::scene;
use crate::map::style::legend_colors;
use crate::map::theme::MapTheme;
use crate::model::compare::compare;
use crate::model::plan::Plan;
use crate::model::site::analyse_plan;
use crate::model::slide::{Layers, Slide};
use crate::projection::{Camera, GeoBounds};

use super::text::{Esc, N, Paint, baseline_from_centre, fit_text, text_width};
use super::{Ctx, FONT_FAMILY, MARKING, SvgView, render, sane_size};

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
/// part of the picture below the caption band and, when a legend `legend` wide is
/// drawn, beside it (as the app presents slides), so neither hides part of the box.
pub fn slide_camera(view: GeoBounds, width: f64, height: f64, legend: Option<f64>) -> Camera {
    let (width, height) = (sane_size(width), sane_size(height));
    let beside_legend = legend.map_or(0.0, |w| w + crate::map::style::LEGEND_EDGE);
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

/// How wide the coalition legend of `plan` is in a file picture with `layers` (none
/// when the legend layer is off).
pub fn legend_width(data: &MapData, plan: &Plan, layers: &Layers) -> Option<f64> {
    layers.legend.then(|| {
        super::furniture::coalition_legend(data, plan, layers)
            .size(scene::Header::Plain, &scene::Estimated)
            .0
    })
}

/// Writes slide `page.index` of `page.count`: the map of the slide's view box fitted
/// below a caption band (caption, "3 / 5", the ceasefire state in words), with the
/// slide's layers and the hubs of [`slide_plan`], plus the usual legend, scale bar,
/// plan title, `date`, marking and attribution. A slide with the charts layer gets the
/// briefing charts in a column on the right and the map beside it. The speaker notes go
/// into the file's `<desc>` only, never onto the map.
///
/// `other` is the plan the slide compares with, as read (see
/// `model::plan_io::read_compared_plan`; `None` when it compares with none): the
/// picture then marks what that plan adds, removes, moves and changes, with a key, or
/// says why there is no comparison.
pub fn slide_svg(
    data: &MapData,
    plan: &Plan,
    slide: &Slide,
    page: &SlidePage,
    date: &str,
    other: Option<&Result<Plan, String>>,
) -> String {
    let shown = slide_plan(plan, slide);
    let diff = match other {
        Some(Ok(b)) => Some(compare(&shown, b)),
        _ => None,
    };
    let compared = match (other, &diff) {
        (Some(Ok(_)), Some(diff)) => Some(Ok(diff)),
        (Some(Err(why)), _) => Some(Err(why.as_str())),
        _ => None,
    }
    .map(|other| scene::Compared {
        file: slide.compare_with.as_deref().unwrap_or_default(),
        other,
    });
    let sites = analyse_plan(&shown, &data.geography);
    let legend = legend_width(data, &shown, &slide.layers);
    let view = SvgView {
        camera: slide_camera(slide.view, page.width, page.height, legend),
        width: page.width,
        height: page.height,
        dark: page.dark,
        layers: slide.layers,
    };
    let band = SlideParts {
        caption: &slide.caption,
        number: format!("{} / {}", page.index + 1, page.count.max(page.index + 1)),
        ceasefire: slide.ceasefire.describe_with_day(),
        compared,
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
        camera: slide_camera(slide.view, map_w, height, legend),
        width: map_w,
        ..view
    };
    let map = render(data, &shown, &sites, &view, date, Some(&band), "");
    let map = map
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .unwrap_or(&map);
    let theme = MapTheme::for_dark(page.dark);
    let (fill, stroke, _, _) = legend_colors(&MapTheme::for_dark(page.dark));
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
pub(super) fn charts_column_width(width: f64) -> f64 {
    (width * 0.32).clamp(300.0, 560.0).min(width / 2.0)
}

/// The briefing charts of the slide overlay (the screen's `ui::charts::show_overlay`) as
/// SVG, in the box `(left, top, width, bottom)`: hubs active and inactive under each
/// ceasefire condition (the plan's own marked "(now)"), then personnel by lead nation.
/// Rows that would pass `bottom` are left out.
pub(super) fn write_charts(
    out: &mut String,
    plan: &Plan,
    theme: &MapTheme,
    area: (f64, f64, f64, f64),
) {
    use crate::model::chart_data::{CONDITIONS, chart_data, thousands};
    let (left, mut y, width, bottom) = area;
    let (_, _, text, heading) = legend_colors(theme);
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

/// What a slide adds to its map picture: the caption band's text and, when the slide
/// compares with another plan, the comparison.
pub(super) struct SlideParts<'a> {
    pub(super) caption: &'a str,
    /// "3 / 5".
    pub(super) number: String,
    pub(super) ceasefire: String,
    /// The comparison the slide shows, if it compares.
    pub(super) compared: Option<scene::Compared<'a>>,
}

/// Largest and smallest caption font sizes; a long caption shrinks, then is cut short.
pub(super) const CAPTION_MAX: f64 = 24.0;
pub(super) const CAPTION_MIN: f64 = 14.0;

/// A slide's caption band across the top: an accent bar, the caption, the ceasefire
/// state in words under it and the slide number on the right. Drawn last, over the map.
pub(super) fn write_band(out: &mut String, ctx: &Ctx, band: &SlideParts<'_>) {
    let theme = ctx.theme;
    let (fill, stroke, text, heading) = legend_colors(&theme);
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
