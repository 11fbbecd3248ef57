//! Briefing charts (issue 5): personnel by lead nation, hubs by kind, and what each step
//! of the ceasefire unlocks. They are drawn from the plan every frame, so they follow
//! every edit, undo and ceasefire toggle.
//!
//! [`chart_data`] is the pure part (no egui); [`show`] draws it with egui_plot.
//!
//! The bars run horizontally, with the categories as the labels of the category axis:
//! kind labels such as "Protected weapons & equipment facility" cannot fit under a
//! vertical bar (egui_plot hides tick labels wider than the bar spacing). Every bar
//! carries its value as text, so the audience needs no hovering and no value axis; hovering
//! a row shows a tooltip with the exact figures. The charts do not pan, zoom or scroll.
//!
//! The charts take their natural height (36 points a row, more for wrapped labels;
//! about 900 points for the sample plan at 800 wide); in a small space put
//! [`show`] in a vertical [`egui::ScrollArea`]. The slide overlay
//! ([`show_overlay_fitted`]) instead scales its type and rows to the height it has.

use std::ops::RangeInclusive;

use egui::{
    Align2, Color32, FontId, Rangef, RichText, Role, Sense, Stroke, StrokeKind, Ui, Vec2,
    WidgetInfo,
};
use egui_plot::{AxisHints, Bar, BarChart, GridInput, GridMark, Plot, PlotPoint, Text};

use crate::map::theme::MapTheme;
use crate::model::hub::Ceasefire;
use crate::model::plan::Plan;

pub use crate::model::chart_data::{
    CONDITIONS, ChartData, NO_LEAD_NATION, chart_data, lead_code, thousands,
};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

// ---------------------------------------------------------------------------------------
// Drawing

/// Size of the chart headings, in points: readable from the back of a room.
const HEADING_SIZE: f32 = 24.0;
/// Size of category labels, values and tooltips, in points.
const TEXT_SIZE: f32 = 18.0;
/// Bar thickness as a fraction of a row.
const BAR_WIDTH: f64 = 0.7;
/// Smallest height of a row, in points.
const MIN_ROW: f32 = 36.0;
/// Gap between a bar's end and its value, in points.
const VALUE_GAP: f32 = 8.0;

/// One series of bars (the status chart stacks two).
struct Series {
    name: &'static str,
    fill: Color32,
    stroke: Color32,
}

/// One category: a row of the chart.
struct Row {
    /// Category label, wrapped to fit the axis.
    label: String,
    /// One value per series, stacked in series order.
    values: Vec<f64>,
    /// Text at the end of the bar.
    value_text: String,
    /// Tooltip with the exact figures.
    tooltip: String,
}

struct Chart {
    id: &'static str,
    heading: &'static str,
    /// Shown instead of the chart when there are no rows.
    empty: &'static str,
    series: Vec<Series>,
    rows: Vec<Row>,
}

impl Chart {
    /// One line for screen readers: the heading and every row's values.
    fn summary(&self) -> String {
        let rows: Vec<String> = self
            .rows
            .iter()
            .map(|r| format!("{} {}", r.label.replace('\n', " "), r.value_text))
            .collect();
        format!("{}: {}", self.heading, rows.join("; "))
    }
}

/// Draws the three briefing charts of `plan`, stacked vertically.
///
/// Colours come from `theme` so the charts match the hub symbols on the map: active hubs
/// in `hub_active`, inactive ones in `hub_inactive_frame`, personnel in the lead-nation
/// fill. Each plot is exposed to screen readers as an image whose name lists its values.
pub fn show(ui: &mut Ui, plan: &Plan, theme: MapTheme) {
    let (charts, axis_width) = build_charts(
        ui,
        plan,
        theme,
        &["personnel_chart", "kinds_chart", "status_chart"],
        1.0,
    );
    draw_charts(ui, &charts, axis_width, 1.0);
}

/// The slide overlay: what each ceasefire condition activates, then personnel by lead
/// nation — the two a briefer points at; about 450 points tall for the sample plan.
pub fn show_overlay(ui: &mut Ui, plan: &Plan, theme: MapTheme) {
    let (charts, axis_width) = build_charts(ui, plan, theme, OVERLAY, 1.0);
    draw_charts(ui, &charts, axis_width, 1.0);
}

/// The charts of the slide overlay.
const OVERLAY: &[&str] = &["status_chart", "personnel_chart"];

/// Scales tried for [`show_overlay_fitted`], largest first; below the last the charts
/// scroll rather than shrink into unreadable type.
const FIT_SCALES: [f32; 7] = [1.0, 0.9, 0.8, 0.72, 0.64, 0.57, 0.5];

/// The slide overlay scaled to the height `ui` has: the largest of [`FIT_SCALES`] at
/// which both charts fit, so a briefer at 1366×768 sees every row instead of a column
/// cut off; if even the smallest does not fit, the charts scroll. Returns the scale.
pub fn show_overlay_fitted(ui: &mut Ui, plan: &Plan, theme: MapTheme) -> f32 {
    let available = ui.available_height();
    for scale in FIT_SCALES {
        let (charts, axis_width) = build_charts(ui, plan, theme, OVERLAY, scale);
        if charts_height(ui, &charts, scale) <= available {
            draw_charts(ui, &charts, axis_width, scale);
            return scale;
        }
    }
    let scale = FIT_SCALES[FIT_SCALES.len() - 1];
    egui::ScrollArea::vertical()
        .id_salt("present_charts")
        .show(ui, |ui| {
            let (charts, axis_width) = build_charts(ui, plan, theme, OVERLAY, scale);
            draw_charts(ui, &charts, axis_width, scale);
        });
    scale
}

/// How tall `charts` are when drawn at `scale` in the width `ui` has, in points.
fn charts_height(ui: &Ui, charts: &[Chart], scale: f32) -> f32 {
    let spacing = ui.spacing().item_spacing.y;
    let width = ui.available_width();
    let font = FontId::proportional(TEXT_SIZE * scale);
    let heading_font = FontId::proportional(HEADING_SIZE * scale);
    let line = text_size(ui, "Ag", &font).y;
    charts
        .iter()
        .enumerate()
        .map(|(i, chart)| {
            let gap = if i > 0 {
                TEXT_SIZE * scale + spacing
            } else {
                0.0
            };
            let heading = ui
                .painter()
                .layout(
                    chart.heading.to_owned(),
                    heading_font.clone(),
                    Color32::WHITE,
                    width,
                )
                .size()
                .y;
            let body = if chart.rows.is_empty() {
                line
            } else {
                let legend = if chart.series.len() > 1 {
                    line.max(TEXT_SIZE * scale) + spacing
                } else {
                    0.0
                };
                legend + chart.rows.len() as f32 * row_height(chart, line, scale)
            };
            gap + heading + spacing + body + spacing
        })
        .sum()
}

/// Height of one row of `chart`: its tallest label (`line` high per line) and some air.
fn row_height(chart: &Chart, line: f32, scale: f32) -> f32 {
    let lines = chart
        .rows
        .iter()
        .map(|r| r.label.lines().count().max(1))
        .max()
        .unwrap_or(1);
    (lines as f32 * line + 14.0 * scale).max(MIN_ROW * scale)
}

/// Draws `charts` one under the other at `scale`.
fn draw_charts(ui: &mut Ui, charts: &[Chart], axis_width: f32, scale: f32) {
    let font = FontId::proportional(TEXT_SIZE * scale);
    for (i, chart) in charts.iter().enumerate() {
        if i > 0 {
            ui.add_space(TEXT_SIZE * scale);
        }
        draw_chart(ui, chart, axis_width, &font, scale);
    }
}

/// The charts whose ids are in `which`, in that order, with their labels wrapped for
/// type of `scale` times the full size, and the category axis width they share.
fn build_charts(
    ui: &Ui,
    plan: &Plan,
    theme: MapTheme,
    which: &[&str],
    scale: f32,
) -> (Vec<Chart>, f32) {
    let data = chart_data(plan);
    let font = FontId::proportional(TEXT_SIZE * scale);
    let max_label_width = (ui.available_width() * 0.35).clamp(120.0 * scale, 320.0);
    let wrap = |text: &str| wrap_label(ui, text, &font, max_label_width);

    let bar_stroke = theme.hub_frame;
    let personnel = Chart {
        id: "personnel_chart",
        heading: "Personnel by lead nation",
        empty: "No personnel planned yet.",
        series: vec![Series {
            name: "Personnel",
            fill: theme.role_fill(crate::model::roster::Role::LeadNation),
            stroke: bar_stroke,
        }],
        rows: data
            .personnel_by_nation
            .iter()
            .map(|(code, n)| {
                let led = plan
                    .hubs
                    .iter()
                    .filter(|h| lead_code(&h.lead_nation) == code)
                    .count();
                let name = plan
                    .roster
                    .entry(code)
                    .map(|e| format!("{} ({code})", e.name))
                    .unwrap_or_else(|| code.clone());
                Row {
                    label: wrap(code),
                    values: vec![*n as f64],
                    value_text: thousands(*n),
                    tooltip: format!(
                        "{name}\n{} personnel in the {} it leads",
                        thousands(*n),
                        plural(led, "hub", "hubs")
                    ),
                }
            })
            .collect(),
    };

    let kinds = Chart {
        id: "kinds_chart",
        heading: "Hubs by kind",
        empty: "No hubs yet.",
        series: vec![Series {
            name: "Hubs",
            fill: theme.hub_active,
            stroke: bar_stroke,
        }],
        rows: data
            .hubs_by_kind
            .iter()
            .map(|(label, n)| Row {
                label: wrap(label),
                values: vec![*n as f64],
                value_text: n.to_string(),
                tooltip: format!("{label}\n{}", plural(*n, "hub", "hubs")),
            })
            .collect(),
    };

    let status = Chart {
        id: "status_chart",
        heading: "Active vs inactive hubs by ceasefire condition",
        empty: "No hubs yet.",
        series: vec![
            Series {
                name: "Active",
                fill: theme.hub_active,
                stroke: bar_stroke,
            },
            Series {
                name: "Inactive (planned)",
                fill: theme.hub_inactive_frame,
                stroke: bar_stroke,
            },
        ],
        rows: data
            .status_by_condition
            .iter()
            .zip(CONDITIONS)
            .map(|((label, active, inactive), (_, a, b, c))| {
                let now = plan.ceasefire == Ceasefire::new(a, b, c).with_day(plan.ceasefire.day());
                let shown = if now {
                    format!("{label} (now)")
                } else {
                    label.clone()
                };
                Row {
                    label: wrap(&shown),
                    values: vec![*active as f64, *inactive as f64],
                    value_text: format!("{active} active, {inactive} inactive"),
                    tooltip: format!(
                        "{shown}\n{} active, {} inactive",
                        plural(*active, "hub", "hubs"),
                        plural(*inactive, "hub", "hubs")
                    ),
                }
            })
            .collect(),
    };

    let mut all = vec![personnel, kinds, status];
    let charts: Vec<Chart> = which
        .iter()
        .filter_map(|id| {
            let i = all.iter().position(|c| c.id == *id)?;
            Some(all.remove(i))
        })
        .collect();
    // One category-axis width for all of them, so the bars start at the same x.
    let axis_width = charts
        .iter()
        .flat_map(|c| &c.rows)
        .map(|r| text_size(ui, &r.label, &font).x)
        .fold(0.0_f32, f32::max)
        + 12.0 * scale;
    (charts, axis_width)
}

/// Id and heading of the population chart ([`show_population`]).
pub const POPULATION_HEADING: &str = "Population covered by ceasefire condition";

/// The coverage chart: inhabitants of the shipped cities within the plan's coverage
/// radius of an active hub, under each of [`CONDITIONS`]. `rows` holds, per condition,
/// its label, the population covered and whether it is the plan's state now; `total`
/// is the population of all the cities.
pub fn show_population(
    ui: &mut Ui,
    rows: &[(String, u64, bool)],
    total: u64,
    radius_km: f64,
    theme: MapTheme,
) {
    let font = FontId::proportional(TEXT_SIZE);
    let max_label_width = (ui.available_width() * 0.35).clamp(120.0, 320.0);
    let chart = Chart {
        id: "population_chart",
        heading: POPULATION_HEADING,
        empty: "No cities to cover.",
        series: vec![Series {
            name: "Population covered",
            fill: theme.hub_active,
            stroke: theme.hub_frame,
        }],
        rows: if total == 0 {
            Vec::new()
        } else {
            rows.iter()
                .map(|(label, people, now)| {
                    // "— now", not "(now)": the status chart's rows say that.
                    let shown = if *now {
                        format!("{label} — now")
                    } else {
                        label.clone()
                    };
                    let pct = crate::model::coverage::percent(*people, total);
                    Row {
                        label: wrap_label(ui, &shown, &font, max_label_width),
                        values: vec![*people as f64],
                        value_text: format!("{} ({pct:.0}%)", thousands(*people)),
                        tooltip: format!(
                            "{shown}\n{} of {} people in the shipped cities live within \
                             {radius_km} km of an active hub",
                            thousands(*people),
                            thousands(total)
                        ),
                    }
                })
                .collect()
        },
    };
    let axis_width = chart
        .rows
        .iter()
        .map(|r| text_size(ui, &r.label, &font).x)
        .fold(0.0_f32, f32::max)
        + 12.0;
    draw_chart(ui, &chart, axis_width, &font, 1.0);
}

fn text_size(ui: &Ui, text: &str, font: &FontId) -> Vec2 {
    ui.painter()
        .layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE)
        .size()
}

/// Breaks a label between words so that no line is wider than `max_width` (a single
/// longer word stays whole).
fn wrap_label(ui: &Ui, text: &str, font: &FontId, max_width: f32) -> String {
    if text_size(ui, text, font).x <= max_width {
        return text.to_owned();
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if line.is_empty() {
            line = word.to_owned();
            continue;
        }
        let longer = format!("{line} {word}");
        if text_size(ui, &longer, font).x <= max_width {
            line = longer;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.join("\n")
}

fn draw_chart(ui: &mut Ui, chart: &Chart, axis_width: f32, font: &FontId, scale: f32) {
    ui.label(
        RichText::new(chart.heading)
            .size(HEADING_SIZE * scale)
            .strong(),
    );
    if chart.rows.is_empty() {
        ui.label(RichText::new(chart.empty).size(TEXT_SIZE * scale).italics());
        return;
    }
    if chart.series.len() > 1 {
        ui.horizontal(|ui| {
            for s in &chart.series {
                swatch(ui, s, scale);
                ui.label(RichText::new(s.name).size(TEXT_SIZE * scale));
                ui.add_space(TEXT_SIZE * scale);
            }
        });
    }

    let line_height = text_size(ui, "Ag", font).y;
    let row_height = row_height(chart, line_height, scale);
    let n = chart.rows.len();
    let labels: Vec<&str> = chart.rows.iter().map(|r| r.label.as_str()).collect();
    let max_total = chart
        .rows
        .iter()
        .map(|r| r.values.iter().sum::<f64>())
        .fold(0.0, f64::max);
    let value_width = chart
        .rows
        .iter()
        .map(|r| text_size(ui, &r.value_text, font).x)
        .fold(0.0_f32, f32::max)
        + 2.0 * VALUE_GAP * scale;
    let text_color = ui.visuals().strong_text_color();

    let category_axis = AxisHints::new_y()
        .formatter(move |mark: GridMark, _range: &RangeInclusive<f64>| {
            category(mark.value, n)
                .map(|i| labels[i].to_owned())
                .unwrap_or_default()
        })
        .tick_label_font(font.clone())
        .tick_label_color(text_color)
        // Every label at full strength; egui_plot still hides one taller than its row.
        .label_spacing(Rangef::new(1.0, 2.0))
        .min_thickness(axis_width);

    let response = Plot::new(chart.id)
        .height(n as f32 * row_height)
        .sense(Sense::hover())
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .allow_axis_zoom_drag(false)
        .show_crosshair(false)
        // Hovering highlights the bar and rules its end, without a line through it.
        .show_y(false)
        .show_grid(false)
        .show_axes([false, true])
        .custom_y_axes(vec![category_axis])
        .y_grid_spacer(move |_: GridInput| {
            (0..n)
                .map(|i| GridMark {
                    value: i as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        // First category on top.
        .invert_y(true)
        .show(ui, |plot_ui| {
            // Leave room right of the longest bar for its value.
            let frame_width = plot_ui.transform().frame().width();
            let bar_room = (frame_width - value_width).max(frame_width * 0.3).max(1.0);
            let x_max = max_total.max(1.0) * f64::from(frame_width / bar_room);
            plot_ui.set_plot_bounds_x(0.0..=x_max);
            plot_ui.set_plot_bounds_y(-0.5..=n as f64 - 0.5);
            let per_point = x_max / f64::from(frame_width.max(1.0));

            let mut below: Vec<BarChart> = Vec::new();
            for (k, s) in chart.series.iter().enumerate() {
                let bars = chart
                    .rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        Bar::new(i as f64, r.values[k])
                            .name(r.label.replace('\n', " "))
                            .fill(s.fill)
                            .stroke(Stroke::new(1.0, s.stroke))
                    })
                    .collect();
                let refs: Vec<&BarChart> = below.iter().collect();
                let bars = BarChart::new(s.name, bars)
                    .horizontal()
                    .width(BAR_WIDTH)
                    .stack_on(&refs)
                    // The tooltip below carries the figures; egui_plot's own label
                    // would be clipped at the plot's edge next to the longest bar.
                    .element_formatter(Box::new(|_, _| String::new()));
                below.push(bars);
            }
            for bars in below {
                plot_ui.bar_chart(bars);
            }
            for (i, r) in chart.rows.iter().enumerate() {
                let end = r.values.iter().sum::<f64>();
                plot_ui.text(
                    Text::new(
                        format!("value {i}"),
                        PlotPoint::new(end + f64::from(VALUE_GAP * scale) * per_point, i as f64),
                        RichText::new(&r.value_text).size(TEXT_SIZE * scale),
                    )
                    .anchor(Align2::LEFT_CENTER)
                    .color(text_color),
                );
            }
        });

    let plot = response.response;
    let summary = chart.summary();
    plot.widget_info(|| WidgetInfo::labeled(Role::Image, true, &summary));
    let hovered = plot
        .hover_pos()
        .map(|pos| response.transform.value_from_position(pos))
        .filter(|v| (v.y - v.y.round()).abs() <= BAR_WIDTH / 2.0)
        .and_then(|v| category(v.y, n));
    if let Some(i) = hovered {
        plot.on_hover_ui_at_pointer(|ui| {
            ui.label(RichText::new(&chart.rows[i].tooltip).size(TEXT_SIZE * scale));
        });
    }
}

/// The row index at a category-axis value, if it is a row's centre line.
fn category(value: f64, n: usize) -> Option<usize> {
    let i = value.round();
    (i >= 0.0 && i < n as f64 && (value - i).abs() < 0.5).then_some(i as usize)
}

/// A small colour square for the legend of a stacked chart.
fn swatch(ui: &mut Ui, series: &Series, scale: f32) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(TEXT_SIZE * scale), Sense::hover());
    ui.painter().rect(
        rect,
        2.0,
        series.fill,
        Stroke::new(1.0, series.stroke),
        StrokeKind::Inside,
    );
}

#[cfg(test)]
mod tests;
