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
mod tests {
    use super::*;
    use crate::map::scene::Estimated;
    use crate::model::geography::Geography;
    use crate::model::hub::Ceasefire;

    fn geo() -> &'static Geography {
        static GEO: std::sync::OnceLock<Geography> = std::sync::OnceLock::new();
        GEO.get_or_init(|| Geography::builtin().expect("built-in maps"))
    }

    fn texts(legend: &Legend) -> Vec<Vec<&str>> {
        legend
            .sections
            .iter()
            .map(|s| s.iter().map(|r| r.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn the_coalition_legend_counts_roles_hubs_and_rings_of_the_plan() {
        let mut plan = crate::model::plan_file::sample_plan();
        let layers = Layers::default();
        let rings = crate::map::rings::plan_rings(&plan);
        let legend = Legend::coalition(&plan, &geo().countries, &rings, &layers);
        assert_eq!(legend.title.as_deref(), Some(TITLE));
        let t = texts(&legend);
        assert_eq!(t[0][0], "Host nation: 1");
        assert_eq!(t[0][1], "Lead nation: 2");
        assert!(t[0].contains(&"Coalition member: 30"), "{t:?}");
        assert!(t[0].contains(&"Hostile: 2"), "{t:?}");
        let counts = plan.status_counts();
        assert_eq!(t[1][0], format!("Active hubs: {}", counts.active));
        assert_eq!(
            t[1][1],
            format!("Inactive (planned) hubs: {}", counts.inactive)
        );
        // Rings: only those of hubs that show theirs.
        let shown: usize = plan
            .hubs
            .iter()
            .filter(|h| h.show_range_rings)
            .map(|h| crate::map::rings::hub_rings(h).len())
            .sum();
        assert!(shown > 0 && shown < rings.len() + 1);
        assert_eq!(t[1][2], format!("Range rings: {shown}"));
        assert_eq!(t[2], ["City (by population)", "Airfield (ICAO)", "Seaport"]);
        // The roster changes the counts; a role moved is counted once.
        plan.roster.set_role("HUN", "Hungary", Role::Member);
        let after = Legend::coalition(&plan, &geo().countries, &rings, &layers);
        assert!(texts(&after)[0].contains(&"Coalition member: 31"));
        // Rings drawn active once any hub showing them is active; none without rings.
        plan.ceasefire = Ceasefire::new(true, true, true);
        let active = Legend::coalition(&plan, &geo().countries, &rings, &layers);
        assert_eq!(active.sections[1][2].swatch, Swatch::Ring(Status::Active));
        for hub in &mut plan.hubs {
            hub.show_range_rings = false;
        }
        let none = Legend::coalition(&plan, &geo().countries, &rings, &layers);
        assert_eq!(none.sections[1].len(), 2, "no rings row");
        // Without the hub layer no hub rows; without place layers no key.
        let bare = Layers {
            hubs: false,
            cities: false,
            airfields: false,
            ports: false,
            ..layers
        };
        let bare = Legend::coalition(&plan, &geo().countries, &rings, &bare);
        assert!(bare.sections[1].is_empty() && bare.sections[2].is_empty());
    }

    #[test]
    fn the_panel_holds_its_rows_one_under_another() {
        let plan = crate::model::plan_file::sample_plan();
        let rings = crate::map::rings::plan_rings(&plan);
        let legend = Legend::coalition(&plan, &geo().countries, &rings, &Layers::default());
        let theme = MapTheme::LIGHT;
        let (w, h) = legend.size(Header::Plain, &Estimated);
        // Title, 7 roles, 3 hub rows, 3 places, two rules.
        let expected = 2.0 * style::LEGEND_PAD
            + style::LEGEND_TITLE
            + 13.0 * style::LEGEND_ROW
            + 2.0 * style::LEGEND_SEPARATOR;
        assert_eq!(h, expected);
        assert!(w >= style::LEGEND_MIN_WIDTH);
        let widest = Estimated
            .measure("Inactive (planned) hubs: 8", style::LEGEND_TEXT_SIZE)
            .0;
        assert!(w >= widest + style::LEGEND_TEXT_X + 2.0 * style::LEGEND_PAD);
        let at = top_right((0.0, 0.0, 1000.0, 700.0), (w, h));
        assert_eq!(at, (1000.0 - 10.0 - w, 10.0));
        let placed = legend.layer("legend", at, Header::Plain, &theme, &Estimated);
        // On the pixel grid, inside the picture.
        assert_eq!(placed.panel.0.fract(), 0.5);
        assert!(placed.panel.2 <= 1000.0 - 9.0);
        assert_eq!(placed.rows.len(), 13);
        for pair in placed.rows.windows(2) {
            assert!(pair[1].0.1 >= pair[0].0.3, "rows do not overlap");
        }
        for (r, _) in &placed.rows {
            assert!(r.0 >= placed.panel.0 && r.2 <= placed.panel.2 + 0.5);
            assert!(r.1 >= placed.panel.1 && r.3 <= placed.panel.3);
        }
        // Every text of the layer is a row's or the title, in the panel.
        let drawn: Vec<&str> = placed.layer.texts().map(|t| t.text.as_str()).collect();
        assert_eq!(drawn.len(), 14);
        assert_eq!(drawn[0], TITLE);
        assert!(placed.header.is_some());
        // The inactive hub swatch is dashed as the map's waiting hubs are.
        let dashed = placed.layer.items.iter().any(|i| {
            matches!(&i.shape, Shape::Rect { stroke: Some(l), .. } if l.dash == Some((3.0, 2.0)))
        });
        assert!(dashed);
    }

    #[test]
    fn a_closed_legend_is_its_header_only() {
        let plan = crate::model::plan_file::sample_plan();
        let legend = Legend::coalition(&plan, &geo().countries, &[], &Layers::default());
        let (open_w, open_h) = legend.size(Header::Open, &Estimated);
        let (w, h) = legend.size(Header::Closed, &Estimated);
        assert_eq!(h, 2.0 * style::LEGEND_PAD + style::LEGEND_TITLE);
        assert!(open_h > h && open_w >= w);
        let placed = legend.layer(
            "legend",
            (100.0, 10.0),
            Header::Closed,
            &MapTheme::DARK,
            &Estimated,
        );
        assert!(placed.rows.is_empty());
        // The panel, the disclosure triangle and the title.
        assert_eq!(placed.layer.items.len(), 3);
    }

    #[test]
    fn the_control_legend_sits_bottom_left_above_the_scale_bar() {
        let layers = Layers {
            control: true,
            threat_bands: true,
            ..Layers::default()
        };
        let rows = control_style::legend_rows(
            crate::model::control::reference(),
            &Default::default(),
            &layers,
            false,
        );
        assert_eq!(rows.len(), 2);
        let bounds = (0.0, 0.0, 1000.0, 700.0);
        let placed =
            control_legend(rows, bounds, bounds.3, &MapTheme::LIGHT, &Estimated).expect("two rows");
        assert_eq!(placed.layer.id, "control-legend");
        assert_eq!(placed.panel.0, 10.5);
        assert_eq!(placed.panel.3.floor(), 700.0 - style::CONTROL_LEGEND_ABOVE);
        assert!(placed.panel.3 <= 700.0 - style::SCALE_BAR_BOX.1);
        assert_eq!(
            placed.rows[1].1,
            "Threat bands: 40 / 90 / 300 km from hostile territory"
        );
        assert!(placed.header.is_none());
        // Nothing to say, no panel.
        assert!(
            control_legend(Vec::new(), bounds, bounds.3, &MapTheme::LIGHT, &Estimated).is_none()
        );
    }

    #[test]
    fn on_a_narrow_map_the_control_legend_wraps_its_rows() {
        let layers = Layers {
            control: true,
            threat_bands: true,
            ..Layers::default()
        };
        let rows = || {
            control_style::legend_rows(
                crate::model::control::reference(),
                &Default::default(),
                &layers,
                false,
            )
        };
        let wide = (0.0, 0.0, 1400.0, 700.0);
        let wide =
            control_legend(rows(), wide, wide.3, &MapTheme::LIGHT, &Estimated).expect("rows");
        let texts = |p: &Placed| -> Vec<String> {
            p.layer
                .items
                .iter()
                .filter_map(|i| match &i.shape {
                    Shape::Text(t) => Some(t.text.clone()),
                    _ => None,
                })
                .collect()
        };
        // Wide enough: a line a row, wider than the narrow map's share.
        assert_eq!(
            texts(&wide),
            vec![wide.rows[0].1.clone(), wide.rows[1].1.clone()]
        );
        let natural = wide.panel.2 - wide.panel.0;
        assert!(natural > 0.45 * 600.0, "{natural}");

        let narrow = (0.0, 0.0, 600.0, 500.0);
        let placed =
            control_legend(rows(), narrow, narrow.3, &MapTheme::LIGHT, &Estimated).expect("rows");
        let width = placed.panel.2 - placed.panel.0;
        assert!(width <= 0.45 * 600.0 + 1.0, "{width}");
        // The same words, on more lines, each inside the panel; the rows read whole.
        let lines = texts(&placed);
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.join(" "), texts(&wide).join(" "));
        for line in &lines {
            let w = Estimated.measure(line, style::LEGEND_TEXT_SIZE).0;
            assert!(
                placed.panel.0 + style::LEGEND_PAD + style::LEGEND_TEXT_X + w <= placed.panel.2
            );
        }
        assert_eq!(placed.rows[1].1, wide.rows[1].1);
        // Taller by the extra lines, rows stacked without overlap, still above the
        // scale bar.
        let extra = (lines.len() - 2) as f64 * style::LEGEND_LINE;
        let (h, wide_h) = (placed.panel.3 - placed.panel.1, wide.panel.3 - wide.panel.1);
        assert!((h - wide_h - extra).abs() < 1e-9, "{h} {wide_h} {extra}");
        assert!(placed.rows[0].0.3 <= placed.rows[1].0.1);
        assert!(placed.panel.3 <= 500.0 - style::SCALE_BAR_BOX.1);
    }
}
