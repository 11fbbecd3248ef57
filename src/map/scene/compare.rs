//! A comparison of two plans in the scene: the hubs the other plan adds (green discs
//! with their names), removes (red crosses), moves (blue arrows to where it puts them,
//! with the distance) and changes otherwise (amber rings), and the key that names the
//! other plan and counts each. The editor's comparison, a presented slide that compares
//! and every file of such a slide draw these, so the room and the deck see the same.

use std::borrow::Cow;

use super::{Label, Layer, Legend, MeasureText, Row, Shape, Swatch, Tag, View};
use crate::map::labels::{LabelCandidate, Rect};
use crate::map::style::{self, Line};
use crate::model::compare::PlanDiff;
use crate::model::hub::HubId;
use crate::model::plan::Plan;

/// What the other plan does to a hub (the marks, and the key's swatches).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Only the other plan has it.
    Added,
    /// Only the plan drawn has it.
    Removed,
    /// The other plan puts it elsewhere.
    Moved,
    /// The other plan changes its properties.
    Changed,
}

impl Change {
    /// The colour of its marks.
    pub fn color(self) -> ecolor::Color32 {
        match self {
            Change::Added => style::COMPARE_ADDED,
            Change::Removed => style::COMPARE_REMOVED,
            Change::Moved => style::COMPARE_MOVED,
            Change::Changed => style::COMPARE_CHANGED,
        }
    }
}

/// A comparison to draw: the other plan's file as the user named it, and how that plan
/// differs from the plan drawn, or why it could not be read.
#[derive(Clone, Copy, Debug)]
pub struct Compared<'a> {
    /// The other plan's file name.
    pub file: &'a str,
    /// The difference, or the reason the plan could not be read.
    pub other: Result<&'a PlanDiff, &'a str>,
}

/// A comparison's drawing: its marks, the names they carry (labels to place: they
/// keep clear of the panels and stay inside the map) and the marks' boxes, which
/// labels keep clear of.
#[derive(Clone, Debug, Default)]
pub struct Comparison {
    /// The `comparison` layer: crosses, rings, arrows and discs.
    pub marks: Layer,
    /// "+ name" by each added hub, "name (N km)" by each moved one.
    pub names: Vec<Label>,
    /// The box of each mark.
    pub boxes: Vec<Rect>,
}

/// Priority of a comparison's names: above the map's names (they are the slide's
/// subject), below nothing.
const NAME_PRIORITY: f64 = 1.0e6;

/// The marks of `diff` over the map of `plan` (the plan drawn, where a changed hub is
/// ringed), with their names measured by `measure`.
pub fn comparison(
    view: &View,
    plan: &Plan,
    diff: &PlanDiff,
    measure: &dyn MeasureText,
) -> Comparison {
    let mut c = Comparison {
        marks: Layer::new("comparison"),
        ..Comparison::default()
    };
    let at = |lon: f64, lat: f64| view.p.screen_from_geo(lon, lat);
    let mark = |c: &mut Comparison, shape: Shape, (x, y): (f64, f64), r: f64| {
        c.marks.add(shape);
        c.boxes.push((x - r, y - r, x + r, y + r));
    };
    let name = |c: &mut Comparison, (x, y): (f64, f64), text: String, change: Change| {
        let (w, h) = measure.measure(&text, style::COMPARE_TEXT_SIZE);
        c.names.push(Label {
            candidate: LabelCandidate {
                x: x + w / 2.0,
                y,
                width: w,
                height: h,
                priority: NAME_PRIORITY,
                flip: 0.0,
            },
            text,
            size: style::COMPARE_TEXT_SIZE,
            color: change.color(),
            tag: Tag {
                class: Some("comparison-name".into()),
                ..Tag::default()
            },
            plate: None,
        });
    };
    for h in &diff.removed {
        let (x, y) = at(h.at[0], h.at[1]);
        mark(
            &mut c,
            Shape::Circle {
                centre: (x, y),
                radius: 13.0,
                fill: Some(style::COMPARE_REMOVED.gamma_multiply(0.25)),
                stroke: None,
            },
            (x, y),
            13.0,
        );
        c.marks.add(Shape::Path {
            runs: vec![
                vec![(x - 9.0, y - 9.0), (x + 9.0, y + 9.0)],
                vec![(x - 9.0, y + 9.0), (x + 9.0, y - 9.0)],
            ],
            closed: false,
            fill: None,
            stroke: Some(Line::solid(3.0, style::COMPARE_REMOVED)),
        });
    }
    for changed in &diff.changed {
        if let Some(hub) = plan.hub(HubId(changed.id)) {
            let centre = at(hub.lon, hub.lat);
            mark(
                &mut c,
                Shape::Circle {
                    centre,
                    radius: 15.0,
                    fill: None,
                    stroke: Some(Line::solid(2.5, style::COMPARE_CHANGED)),
                },
                centre,
                16.0,
            );
        }
    }
    for m in &diff.moved {
        let from = at(m.from[0], m.from[1]);
        let to = at(m.to[0], m.to[1]);
        for shape in arrow(from, to, Line::solid(2.5, style::COMPARE_MOVED)) {
            c.marks.add(shape);
        }
        mark(
            &mut c,
            Shape::Circle {
                centre: to,
                radius: 8.0,
                fill: None,
                stroke: Some(Line::solid(2.5, style::COMPARE_MOVED)),
            },
            to,
            9.0,
        );
        name(
            &mut c,
            (to.0 + 11.0, to.1),
            format!("{} ({:.0} km)", m.name, m.km),
            Change::Moved,
        );
    }
    for h in &diff.added {
        let (x, y) = at(h.at[0], h.at[1]);
        mark(
            &mut c,
            Shape::Circle {
                centre: (x, y),
                radius: 9.0,
                fill: Some(style::COMPARE_ADDED),
                stroke: Some(Line::solid(1.5, ecolor::Color32::WHITE)),
            },
            (x, y),
            10.0,
        );
        name(
            &mut c,
            (x + 12.0, y),
            format!("+ {}", h.name),
            Change::Added,
        );
    }
    c
}

/// An arrow from `from` to `to`: the shaft and a two-stroke head at `to` (none when the
/// two are within 2 px: a move too small to see at this zoom).
fn arrow(from: (f64, f64), to: (f64, f64), line: Line) -> Vec<Shape> {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = dx.hypot(dy);
    if len <= 2.0 {
        return Vec::new();
    }
    // The head is a quarter of the shaft, at most 14 px, its strokes 30° off it.
    let head = (len / 4.0).min(14.0);
    let (ux, uy) = (dx / len, dy / len);
    let (c, s) = (30f64.to_radians().cos(), 30f64.to_radians().sin());
    let back = |sign: f64| {
        let (rx, ry) = (-ux * c - sign * -uy * s, -uy * c - sign * ux * s);
        (to.0 + rx * head, to.1 + ry * head)
    };
    vec![Shape::Path {
        runs: vec![vec![from, to], vec![back(1.0), to, back(-1.0)]],
        closed: false,
        fill: None,
        stroke: Some(line),
    }]
}

/// The key of a comparison: "Compared with <file>" and a row per kind of change with
/// its mark and count; or "No comparison" and why.
pub fn key(compared: &Compared) -> Legend {
    match compared.other {
        Ok(diff) => {
            let row = |change, text: String| Row {
                swatch: Swatch::Change(change),
                text,
            };
            // The file, not the plan's title: titles run long, and a key as wide as
            // the map would hide what it explains. The slide's caption and the
            // comparison panel say what the other plan is.
            Legend {
                title: Some(Cow::Owned(format!("Compared with {}", compared.file))),
                sections: vec![vec![
                    row(Change::Added, format!("Added: {}", diff.added.len())),
                    row(Change::Removed, format!("Removed: {}", diff.removed.len())),
                    row(Change::Moved, format!("Moved: {}", diff.moved.len())),
                    row(Change::Changed, format!("Changed: {}", diff.changed.len())),
                ]],
                wrap: None,
            }
        }
        Err(why) => Legend {
            title: Some(Cow::Borrowed("No comparison")),
            sections: vec![vec![Row {
                swatch: Swatch::Blank,
                text: why.to_owned(),
            }]],
            wrap: None,
        },
    }
}

/// A key swatch: the mark the map draws for `change`, fitted into the box `min`–`max`.
pub(super) fn swatch(change: Change, (min, max): ((f64, f64), (f64, f64))) -> Vec<Shape> {
    let c = ((min.0 + max.0) / 2.0, (min.1 + max.1) / 2.0);
    let r = (max.1 - min.1) / 2.0;
    match change {
        Change::Added => vec![Shape::Circle {
            centre: c,
            radius: r,
            fill: Some(style::COMPARE_ADDED),
            stroke: Some(Line::solid(1.0, ecolor::Color32::WHITE)),
        }],
        Change::Removed => vec![Shape::Path {
            runs: vec![
                vec![(c.0 - r, c.1 - r), (c.0 + r, c.1 + r)],
                vec![(c.0 - r, c.1 + r), (c.0 + r, c.1 - r)],
            ],
            closed: false,
            fill: None,
            stroke: Some(Line::solid(2.5, style::COMPARE_REMOVED)),
        }],
        Change::Moved => arrow(
            (min.0, c.1),
            (max.0, c.1),
            Line::solid(2.0, style::COMPARE_MOVED),
        ),
        Change::Changed => vec![Shape::Circle {
            centre: c,
            radius: r,
            fill: None,
            stroke: Some(Line::solid(2.0, style::COMPARE_CHANGED)),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::theme::MapTheme;
    use crate::model::compare::{Changed, HubSummary, Moved, compare};
    use crate::model::hub::Hub;
    use crate::model::slide::Layers;
    use crate::projection::{Camera, Projector, ScreenRect};

    fn projector() -> Projector {
        Projector::new(
            Camera::looking_at(31.0, 49.0, 6.0),
            ScreenRect {
                min_x: 0.0,
                min_y: 0.0,
                width: 800.0,
                height: 600.0,
            },
        )
    }

    fn view<'a>(p: &'a Projector, layers: &'a Layers) -> View<'a> {
        View {
            p,
            theme: &MapTheme::LIGHT,
            layers,
            bounds: (0.0, 0.0, 800.0, 600.0),
        }
    }

    #[test]
    fn marks_sit_where_the_hubs_are_and_name_what_changed() {
        let mut a = Plan::default();
        let kyiv = Hub::new(HubId(1), "Kyiv", 30.52, 50.45);
        a.hubs.push(kyiv);
        let diff = PlanDiff {
            added: vec![HubSummary {
                id: 7,
                name: "Odesa port".into(),
                kind: "logistics".into(),
                at: [30.73, 46.48],
            }],
            removed: vec![HubSummary {
                id: 2,
                name: "Lviv".into(),
                kind: "logistics".into(),
                at: [24.03, 49.84],
            }],
            moved: vec![Moved {
                id: 1,
                id_b: 1,
                name: "Kyiv".into(),
                from: [30.52, 50.45],
                to: [32.0, 48.5],
                km: 241.4,
            }],
            changed: vec![Changed {
                id: 1,
                id_b: 1,
                name: "Kyiv".into(),
                fields: vec!["personnel".into()],
            }],
            unchanged: 0,
        };
        let p = projector();
        let layers = Layers::default();
        let drawn = comparison(&view(&p, &layers), &a, &diff, &crate::map::scene::Estimated);
        let layer = &drawn.marks;
        assert_eq!(layer.id, "comparison");
        let names: Vec<&str> = drawn.names.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(names, ["Kyiv (241 km)", "+ Odesa port"]);
        // Each name starts right of its mark, centred on it vertically.
        let odesa_name = &drawn.names[1].candidate;
        let odesa_at = p.screen_from_geo(30.73, 46.48);
        assert_eq!(odesa_name.x - odesa_name.width / 2.0, odesa_at.0 + 12.0);
        assert_eq!(odesa_name.y, odesa_at.1);
        assert_eq!(drawn.boxes.len(), 4, "removed, changed, moved, added");
        // The added disc is at Odesa, the change ring at Kyiv as plan A has it.
        let circles: Vec<((f64, f64), f64)> = layer
            .items
            .iter()
            .filter_map(|i| match i.shape {
                Shape::Circle { centre, radius, .. } => Some((centre, radius)),
                _ => None,
            })
            .collect();
        let odesa = p.screen_from_geo(30.73, 46.48);
        let kyiv = p.screen_from_geo(30.52, 50.45);
        let lviv = p.screen_from_geo(24.03, 49.84);
        assert!(circles.contains(&(odesa, 9.0)));
        assert!(circles.contains(&(kyiv, 15.0)));
        assert!(circles.contains(&(lviv, 13.0)));
        // The arrow runs from Kyiv to the new place, its head at the new place.
        let to = p.screen_from_geo(32.0, 48.5);
        let arrow = layer
            .items
            .iter()
            .find_map(|i| match &i.shape {
                Shape::Path { runs, stroke, .. }
                    if stroke.is_some_and(|s| s.color == style::COMPARE_MOVED) =>
                {
                    Some(runs.clone())
                }
                _ => None,
            })
            .expect("an arrow");
        assert_eq!(arrow[0], vec![kyiv, to]);
        assert_eq!(arrow[1][1], to);
        let shaft = (to.0 - kyiv.0).hypot(to.1 - kyiv.1);
        assert!(shaft > 56.0, "a long arrow at this zoom: {shaft} px");
        for tip in [arrow[1][0], arrow[1][2]] {
            let d = (tip.0 - to.0).hypot(tip.1 - to.1);
            assert!((d - 14.0).abs() < 1e-9, "head 14 px long, was {d}");
            // 30° off the shaft: the tip is 14·sin 30° = 7 px to its side.
            let side =
                ((tip.0 - to.0) * (to.1 - kyiv.1) - (tip.1 - to.1) * (to.0 - kyiv.0)) / shaft;
            assert!((side.abs() - 7.0).abs() < 1e-9, "{side}");
        }
    }

    #[test]
    fn the_key_counts_each_change_and_names_the_other_plan() {
        let mut a = Plan::default();
        a.hubs.push(Hub::new(HubId(1), "Kyiv", 30.52, 50.45));
        a.hubs.push(Hub::new(HubId(2), "Lviv", 24.03, 49.84));
        let mut b = a.clone();
        b.title = "Plan B".into();
        b.hubs.retain(|h| h.id != HubId(2));
        b.hubs[0].lon = 31.0;
        let diff = compare(&a, &b);
        let legend = key(&Compared {
            file: "b.geojson",
            other: Ok(&diff),
        });
        assert_eq!(legend.title.as_deref(), Some("Compared with b.geojson"));
        let rows: Vec<&str> = legend.sections[0].iter().map(|r| r.text.as_str()).collect();
        assert_eq!(rows, ["Added: 0", "Removed: 1", "Moved: 1", "Changed: 0"]);
        let failed = key(&Compared {
            file: "gone.geojson",
            other: Err("gone.geojson: no such plan file next to this plan"),
        });
        assert_eq!(failed.title.as_deref(), Some("No comparison"));
        assert_eq!(
            failed.sections[0][0].text,
            "gone.geojson: no such plan file next to this plan"
        );
    }

    #[test]
    fn a_move_too_small_to_see_draws_no_arrow() {
        assert!(
            arrow(
                (10.0, 10.0),
                (11.0, 11.0),
                Line::solid(1.0, style::COMPARE_MOVED)
            )
            .is_empty()
        );
        assert_eq!(
            arrow(
                (0.0, 0.0),
                (100.0, 0.0),
                Line::solid(1.0, style::COMPARE_MOVED)
            )
            .len(),
            1
        );
    }
}
