//! The map's legends as scene layers, one panel style for both: the coalition legend
//! (role swatches with how many countries have each, active and waiting hubs, range
//! rings, the place key) and the control legend (areas, lines, the ceasefire zone and
//! the threat bands, each with its dates). The screen and every file draw the same
//! panel, row for row; the screen only adds the collapse toggle and reads the rows out.

use std::borrow::Cow;

use ecolor::Color32;

use super::{Anchor, Item, Layer, MeasureText, Shape, Text};
use crate::map::control_style::{self, ControlColors, LegendRow as ControlRow};
use crate::map::labels::Rect;
use crate::map::rings::WorldRing;
use crate::map::style::{self, Line};
use crate::map::theme::MapTheme;
use crate::model::geography::RegionLayer;
use crate::model::hub::Status;
use crate::model::places::PlaceKind;
use crate::model::plan::Plan;
use crate::model::roster::Role;
use crate::model::slide::Layers;

/// The coalition legend's title (and its header on screen).
pub const TITLE: &str = "Coalition of the Willing";

/// What a legend row's swatch shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    /// A country of this role, as the map fills it.
    Role(Role),
    /// A hub symbol's frame in this status (dashed while waiting).
    Hub(Status),
    /// An arc of a range ring in this status.
    Ring(Status),
    /// A place symbol.
    Place(PlaceKind),
    /// A control layer's swatch.
    Control(control_style::Swatch),
    /// A comparison's mark.
    Change(super::compare::Change),
    /// No swatch (a line of text in a panel of keyed rows).
    Blank,
}

/// One row: a swatch and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The swatch.
    pub swatch: Swatch,
    /// The text (counts and dates included).
    pub text: String,
}

/// A legend panel's content: an optional title, then sections of rows with a rule
/// between them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Legend {
    /// The title line, if any.
    pub title: Option<Cow<'static, str>>,
    /// The sections, each a list of rows (empty sections are not drawn).
    pub sections: Vec<Vec<Row>>,
    /// Widest a row's text may run before it wraps onto further lines, at spaces
    /// (none: every row is one line).
    pub wrap: Option<f64>,
}

/// How a legend's title line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Header {
    /// A plain title (files).
    Plain,
    /// A title with a disclosure triangle, rows shown (screen).
    Open,
    /// A title with a disclosure triangle, rows hidden (screen).
    Closed,
}

/// Where a drawn legend's parts are (for the screen to make them interactive and
/// readable, and for labels to keep clear of the panel).
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// The `legend` or `control-legend` layer.
    pub layer: Layer,
    /// The panel.
    pub panel: Rect,
    /// The title line, if there is one.
    pub header: Option<Rect>,
    /// Each row drawn: its box and text.
    pub rows: Vec<(Rect, String)>,
}

impl Legend {
    /// The coalition legend of `plan`: how many of `countries` have each role; when
    /// hubs are drawn, how many are active and waiting and how many of `rings` (the
    /// plan's, as `map::rings::plan_rings` gives them) their hubs show; the key of the
    /// place layers switched on.
    pub fn coalition(
        plan: &Plan,
        countries: &RegionLayer,
        rings: &[WorldRing],
        layers: &Layers,
    ) -> Self {
        let roles = plan
            .role_counts(countries)
            .iter()
            .map(|(role, n)| Row {
                swatch: Swatch::Role(*role),
                text: format!("{}: {n}", role.label()),
            })
            .collect();
        let mut hubs = Vec::new();
        if layers.hubs {
            let counts = plan.status_counts();
            hubs.push(Row {
                swatch: Swatch::Hub(Status::Active),
                text: format!("Active hubs: {}", counts.active),
            });
            hubs.push(Row {
                swatch: Swatch::Hub(Status::Inactive),
                text: format!("Inactive (planned) hubs: {}", counts.inactive),
            });
            if layers.range_rings
                && let Some(row) = rings_row(plan, rings)
            {
                hubs.push(row);
            }
        }
        let places = [
            (PlaceKind::City, layers.cities, "City (by population)"),
            (PlaceKind::Airfield, layers.airfields, "Airfield (ICAO)"),
            (PlaceKind::Port, layers.ports, "Seaport"),
        ]
        .into_iter()
        .filter(|(_, on, _)| *on)
        .map(|(kind, _, text)| Row {
            swatch: Swatch::Place(kind),
            text: text.to_owned(),
        })
        .collect();
        Self {
            title: Some(Cow::Borrowed(TITLE)),
            sections: vec![roles, hubs, places],
            wrap: None,
        }
    }

    /// The control legend: `rows` (from `map::control_style::legend_rows`), untitled.
    pub fn control(rows: Vec<ControlRow>) -> Self {
        Self {
            title: None,
            sections: vec![
                rows.into_iter()
                    .map(|r| Row {
                        swatch: Swatch::Control(r.swatch),
                        text: r.text,
                    })
                    .collect(),
            ],
            wrap: None,
        }
    }

    /// Whether there is nothing to draw (no title, no row).
    pub fn is_empty(&self) -> bool {
        self.title.is_none() && self.sections.iter().all(Vec::is_empty)
    }

    fn shown(&self, header: Header) -> impl Iterator<Item = &Vec<Row>> {
        self.sections
            .iter()
            .filter(move |s| header != Header::Closed && !s.is_empty())
    }

    /// The lines `text` is drawn on: one, or as many as [`Legend::wrap`] needs, broken
    /// at spaces (a word wider than the wrap keeps a line of its own).
    fn lines(&self, text: &str, measure: &dyn MeasureText) -> Vec<String> {
        let size = style::LEGEND_TEXT_SIZE;
        let Some(wrap) = self.wrap.filter(|&w| measure.measure(text, size).0 > w) else {
            return vec![text.to_owned()];
        };
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let longer = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && measure.measure(&longer, size).0 > wrap {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            } else {
                line = longer;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// Height of a row drawn on `lines` lines.
    fn row_height(lines: usize) -> f64 {
        style::LEGEND_ROW + style::LEGEND_LINE * lines.saturating_sub(1) as f64
    }

    /// The panel's width and height with this header, text measured by `measure`.
    pub fn size(&self, header: Header, measure: &dyn MeasureText) -> (f64, f64) {
        let size = style::LEGEND_TEXT_SIZE;
        let mut widest: f64 = 0.0;
        if let Some(title) = &self.title {
            widest = measure.measure(title, size).0 + triangle_room(header);
        }
        let mut height = 2.0 * style::LEGEND_PAD;
        if self.title.is_some() {
            height += style::LEGEND_TITLE;
        }
        for (k, section) in self.shown(header).enumerate() {
            if k > 0 {
                height += style::LEGEND_SEPARATOR;
            }
            for row in section {
                let lines = self.lines(&row.text, measure);
                height += Self::row_height(lines.len());
                for line in &lines {
                    widest = widest.max(style::LEGEND_TEXT_X + measure.measure(line, size).0);
                }
            }
        }
        let width = (widest + 2.0 * style::LEGEND_PAD).max(style::LEGEND_MIN_WIDTH);
        (width.ceil(), height)
    }

    /// The panel with its top-left corner at `min`, as the `id` layer.
    pub fn layer(
        &self,
        id: &'static str,
        min: (f64, f64),
        header: Header,
        theme: &MapTheme,
        measure: &dyn MeasureText,
    ) -> Placed {
        let (w, h) = self.size(header, measure);
        // On the pixel grid: 1-px lines on pixel centres are crisp in every renderer.
        let min = (min.0.floor() + 0.5, min.1.floor() + 0.5);
        let (fill, outline, text_color, heading) = style::legend_colors(theme);
        let size = style::LEGEND_TEXT_SIZE;
        let panel = (min.0, min.1, min.0 + w, min.1 + h);
        let mut layer = Layer::new(id);
        layer.add(Shape::Rect {
            min,
            max: (panel.2, panel.3),
            corner: style::LEGEND_CORNER,
            fill: Some(fill.gamma_multiply(style::LEGEND_FILL_OPACITY)),
            stroke: Some(Line::solid(1.0, outline)),
        });
        let left = min.0 + style::LEGEND_PAD;
        let right = panel.2 - style::LEGEND_PAD;
        let mut y = min.1 + style::LEGEND_PAD;
        let mut header_box = None;
        if let Some(title) = &self.title {
            let mid = y + style::LEGEND_TITLE / 2.0;
            if header != Header::Plain {
                layer.add(disclosure(
                    (left + 6.0, mid),
                    header == Header::Closed,
                    heading,
                ));
            }
            layer.add(text(left + triangle_room(header), mid, title, heading));
            header_box = Some((left, y, right, y + style::LEGEND_TITLE));
            y += style::LEGEND_TITLE;
        }
        let mut rows = Vec::new();
        for (k, section) in self.shown(header).enumerate() {
            if k > 0 {
                let rule = (y + style::LEGEND_SEPARATOR / 2.0).floor() + 0.5;
                layer.add(Shape::Path {
                    runs: vec![vec![(left, rule), (right, rule)]],
                    closed: false,
                    fill: None,
                    stroke: Some(Line::solid(1.0, outline)),
                });
                y += style::LEGEND_SEPARATOR;
            }
            for row in section {
                // The swatch beside the first line; further lines below it.
                let mid = y + style::LEGEND_ROW / 2.0;
                layer.items.extend(
                    swatch(row.swatch, (left, mid), theme)
                        .into_iter()
                        .map(|shape| Item { shape, tag: None }),
                );
                let lines = self.lines(&row.text, measure);
                let mut widest: f64 = 0.0;
                for (k, line) in lines.iter().enumerate() {
                    layer.add(text(
                        left + style::LEGEND_TEXT_X,
                        mid + style::LEGEND_LINE * k as f64,
                        line,
                        text_color,
                    ));
                    widest = widest.max(measure.measure(line, size).0);
                }
                let height = Self::row_height(lines.len());
                rows.push((
                    (left, y, left + style::LEGEND_TEXT_X + widest, y + height),
                    row.text.clone(),
                ));
                y += height;
            }
        }
        Placed {
            layer,
            panel,
            header: header_box,
            rows,
        }
    }
}

/// Where a panel of `size` goes in the top-right corner of the map's `bounds`.
pub fn top_right(bounds: Rect, (w, _): (f64, f64)) -> (f64, f64) {
    (
        bounds.2 - style::LEGEND_EDGE - w,
        bounds.1 + style::LEGEND_EDGE,
    )
}

/// The bottom edge of the panels at the bottom left of the map's `bounds`: above the
/// scale bar, and above the credits (whose top is `credits_top`) when they are taller,
/// as a narrow map wraps them into many lines.
pub fn panels_floor(bounds: Rect, credits_top: f64) -> f64 {
    (bounds.3 - style::CONTROL_LEGEND_ABOVE).min(credits_top - style::LEGEND_EDGE)
}

/// The control legend of `rows` at the bottom left of the map's `bounds`, above the
/// scale bar and the credits (see [`panels_floor`]), its rows wrapped to keep it within
/// [`style::CONTROL_LEGEND_SHARE`] of the map's width; none when there is no row.
pub fn control_legend(
    rows: Vec<ControlRow>,
    bounds: Rect,
    credits_top: f64,
    theme: &MapTheme,
    measure: &dyn MeasureText,
) -> Option<Placed> {
    let floor = panels_floor(bounds, credits_top);
    let widest = (style::CONTROL_LEGEND_SHARE * (bounds.2 - bounds.0)).max(style::LEGEND_MIN_WIDTH);
    let legend = Legend {
        wrap: Some(widest - 2.0 * style::LEGEND_PAD - style::LEGEND_TEXT_X),
        ..Legend::control(rows)
    };
    bottom_left(&legend, "control-legend", bounds, floor, theme, measure)
}

/// `legend` as the `id` layer at the bottom left of the map's `bounds`, its bottom edge
/// at `floor` (above the scale bar, or above another panel there), but never above the
/// map's top (a map squeezed by side panels wraps its credits very high); none when
/// empty.
pub fn bottom_left(
    legend: &Legend,
    id: &'static str,
    bounds: Rect,
    floor: f64,
    theme: &MapTheme,
    measure: &dyn MeasureText,
) -> Option<Placed> {
    if legend.is_empty() {
        return None;
    }
    let (_, h) = legend.size(Header::Plain, measure);
    let min = (
        bounds.0 + style::LEGEND_EDGE,
        (floor - h).max(bounds.1 + style::LEGEND_EDGE),
    );
    Some(legend.layer(id, min, Header::Plain, theme, measure))
}

/// Where the panel of a comparison goes: bottom left, above the control legend when
/// there is one (`control`), else above the scale bar and the credits.
pub fn comparison_key(
    legend: &Legend,
    bounds: Rect,
    (control, credits_top): (Option<&Placed>, f64),
    theme: &MapTheme,
    measure: &dyn MeasureText,
) -> Option<Placed> {
    let floor = control.map_or(panels_floor(bounds, credits_top), |c| {
        c.panel.1 - style::LEGEND_EDGE
    });
    bottom_left(legend, "comparison-key", bounds, floor, theme, measure)
}

/// The range-rings row: how many rings the hubs that show theirs have, drawn active
/// if any of them is active; none when no hub shows a ring.
fn rings_row(plan: &Plan, rings: &[WorldRing]) -> Option<Row> {
    let shown: std::collections::HashMap<_, Status> = plan
        .hubs
        .iter()
        .filter(|h| h.show_range_rings)
        .map(|h| (h.id, plan.status(h)))
        .collect();
    let statuses: Vec<Status> = rings
        .iter()
        .filter_map(|r| shown.get(&r.hub).copied())
        .collect();
    if statuses.is_empty() {
        return None;
    }
    let status = if statuses.contains(&Status::Active) {
        Status::Active
    } else {
        Status::Inactive
    };
    Some(Row {
        swatch: Swatch::Ring(status),
        text: format!("Range rings: {}", statuses.len()),
    })
}

/// Room the disclosure triangle takes before the title.
fn triangle_room(header: Header) -> f64 {
    if header == Header::Plain { 0.0 } else { 16.0 }
}

/// A left-aligned legend text, vertically centred on `y`.
fn text(x: f64, y: f64, s: &str, color: Color32) -> Shape {
    Shape::Text(Text {
        x,
        y,
        anchor: Anchor::Start,
        size: style::LEGEND_TEXT_SIZE,
        color,
        halo: None,
        text: s.to_owned(),
        mono: false,
    })
}

/// The disclosure triangle centred on `c`: pointing right when closed, down when open.
fn disclosure((x, y): (f64, f64), closed: bool, color: Color32) -> Shape {
    let run = if closed {
        vec![(x - 3.0, y - 5.0), (x - 3.0, y + 5.0), (x + 5.0, y)]
    } else {
        vec![(x - 5.0, y - 3.0), (x + 5.0, y - 3.0), (x, y + 5.0)]
    };
    Shape::Path {
        runs: vec![run],
        closed: true,
        fill: Some(color),
        stroke: None,
    }
}

/// A swatch whose left edge is `x`, vertically centred on `y`.
fn swatch(swatch: Swatch, (x, y): (f64, f64), theme: &MapTheme) -> Vec<Shape> {
    let (w, h) = style::LEGEND_SWATCH;
    let (min, max) = ((x, y - h / 2.0), (x + w, y + h / 2.0));
    match swatch {
        Swatch::Role(role) => vec![Shape::Rect {
            min,
            max,
            corner: 2.0,
            fill: Some(theme.role_fill(role)),
            stroke: Some(Line::solid(1.0, theme.border)),
        }],
        Swatch::Hub(status) => {
            let (fill, frame) = style::status_colors(theme, status);
            let line = match status {
                Status::Active => Line::solid(1.5, frame),
                Status::Inactive => Line::dashed(1.5, frame, 3.0, 2.0),
            };
            vec![Shape::Rect {
                min,
                max,
                corner: 0.0,
                fill: Some(fill),
                stroke: Some(line),
            }]
        }
        Swatch::Ring(status) => {
            // An arc of a ring, drawn as the map draws rings (casing under line).
            let arc: Vec<(f64, f64)> = (0..=12)
                .map(|k| {
                    let t = f64::from(k) / 12.0;
                    // A quadratic curve from the bottom left over the top to the bottom right.
                    let (x0, y0, cx, cy, x1, y1) =
                        (x, y + 5.0, x + w / 2.0, y - 7.0, x + w, y + 5.0);
                    let u = 1.0 - t;
                    (
                        u * u * x0 + 2.0 * u * t * cx + t * t * x1,
                        u * u * y0 + 2.0 * u * t * cy + t * t * y1,
                    )
                })
                .collect();
            let (line, casing) = style::ring_lines(theme, status);
            [casing, line]
                .into_iter()
                .map(|stroke| Shape::Path {
                    runs: vec![arc.clone()],
                    closed: false,
                    fill: None,
                    stroke: Some(stroke),
                })
                .collect()
        }
        Swatch::Place(kind) => {
            let st = crate::map::place_marks::style(kind, theme.dark);
            let r = st.radius + if kind == PlaceKind::City { 1.0 } else { 0.0 };
            super::places::symbol(kind, (x + w / 2.0, y), r, theme.dark)
        }
        Swatch::Control(s) => control_swatch(s, (min, max), &control_style::colors(theme.dark)),
        Swatch::Change(change) => super::compare::swatch(change, (min, max)),
        Swatch::Blank => Vec::new(),
    }
}

/// A control layer's swatch in the box `min`–`max`, as the map draws the layer.
fn control_swatch(
    s: control_style::Swatch,
    (min, max): ((f64, f64), (f64, f64)),
    c: &ControlColors,
) -> Vec<Shape> {
    let y = (min.1 + max.1) / 2.0;
    let across = |line: Line| Shape::Path {
        runs: vec![vec![(min.0, y), (max.0, y)]],
        closed: false,
        fill: None,
        stroke: Some(line),
    };
    match s {
        control_style::Swatch::Area(kind) => {
            let (fill, edge) = control_style::area_look(c, kind);
            vec![Shape::Rect {
                min,
                max,
                corner: 0.0,
                fill: Some(fill),
                stroke: Some(edge),
            }]
        }
        control_style::Swatch::Line(kind) => vec![across(control_style::line_look(c, kind))],
        control_style::Swatch::Zone => {
            let (hatch_line, edge) = control_style::zone_looks(c);
            let hatch = (0..4)
                .map(|k| {
                    let x = min.0 + f64::from(k) * 5.0;
                    vec![(x, max.1), ((x + 5.0).min(max.0), min.1)]
                })
                .collect();
            vec![
                Shape::Path {
                    runs: hatch,
                    closed: false,
                    fill: None,
                    stroke: Some(hatch_line),
                },
                Shape::Rect {
                    min,
                    max,
                    corner: 0.0,
                    fill: None,
                    stroke: Some(edge),
                },
            ]
        }
        control_style::Swatch::Band => vec![across(control_style::band_look(c))],
    }
}

#[cfg(test)]
mod tests;
