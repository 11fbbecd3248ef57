//! Range rings: each shown ring of a hub in view as its casing and line (dashed while
//! the hub waits), inactive rings under active ones, and each ring's radius as a label
//! wanted just above its northernmost point.

use super::{Label, Layer, MeasureText, Shape, Tag, View};
use crate::map::clip::clip_polyline;
use crate::map::labels::LabelCandidate;
use crate::map::rings::WorldRing;
use crate::map::style;
use crate::model::hub::Status;
use crate::model::measure::radius_text;
use crate::model::plan::Plan;

/// The rings in view and their labels.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rings {
    /// The `range-rings` layer.
    pub layer: Layer,
    /// Each drawn ring's radius label, wanted.
    pub labels: Vec<Label>,
    /// How many rings of active hubs are drawn.
    pub active: usize,
    /// How many rings of waiting hubs are drawn.
    pub inactive: usize,
}

/// The `range-rings` layer of the rings of `plan`'s hubs (`rings` in hub order, as
/// `map::rings::plan_rings` gives them), and their labels' candidates. Rings show only
/// with their hubs and when the hub shows them.
pub fn rings(
    plan: &Plan,
    rings: &[crate::map::rings::WorldRing],
    view: &View<'_>,
    measure: &dyn MeasureText,
) -> Rings {
    let mut layer = Layer::new("range-rings");
    let mut labels = Vec::new();
    if !(view.layers.hubs && view.layers.range_rings) {
        return Rings {
            layer,
            ..Rings::default()
        };
    }
    let clip = view.clip();
    // Rings come in hub order, so one walk along the hubs finds each ring's hub.
    let mut hubs = plan.hubs.iter();
    let mut current = hubs.next();
    let mut shown: Vec<(&WorldRing, Status)> = Vec::new();
    for ring in rings {
        while current.is_some_and(|h| h.id != ring.hub) {
            current = hubs.next();
        }
        let Some(hub) = current else {
            break;
        };
        if hub.show_range_rings && ring.visible(view.p, super::CLIP_MARGIN) {
            shown.push((ring, plan.status(hub)));
        }
    }
    // Active rings over inactive ones.
    shown.sort_by_key(|(_, status)| *status == Status::Active);
    let mut shown_status = Vec::with_capacity(shown.len());
    for (ring, status) in shown {
        let (line, casing) = style::ring_lines(view.theme, status);
        // Clipped first: at street zoom a 5000 km ring is millions of pixels long.
        let mut screen = ring.screen_points(view.p);
        let (runs, closed) = if inside(&screen, &clip) {
            (vec![screen], ring.closed)
        } else {
            if ring.closed
                && let Some(&first) = screen.first()
            {
                screen.push(first);
            }
            (clip_polyline(&screen, &clip), false)
        };
        if runs.is_empty() {
            continue;
        }
        shown_status.push(status);
        layer.add_tagged(
            Shape::Path {
                runs: runs.clone(),
                closed,
                fill: None,
                stroke: Some(casing),
            },
            Tag {
                class: Some("ring-casing".into()),
                ..Tag::default()
            },
        );
        let data = vec![
            ("hub", ring.hub.0.to_string()),
            ("km", ring.radius_km.to_string()),
        ];
        layer.add_tagged(
            Shape::Path {
                runs,
                closed,
                fill: None,
                stroke: Some(line),
            },
            Tag {
                class: Some(format!("ring {}", status.as_str())),
                data: data.clone(),
                ..Tag::default()
            },
        );
        if let Some((x, y)) = ring.label_anchor(view.p) {
            let text = radius_text(ring.radius_km);
            let (w, h) = measure.measure(&text, style::RING_LABEL_SIZE);
            let inactive = if status == Status::Active { 0.0 } else { 1.0 };
            labels.push(Label {
                candidate: LabelCandidate {
                    x,
                    y: y - style::RING_LABEL_GAP - h / 2.0,
                    width: w,
                    height: h,
                    priority: -1.0 - ring.radius_km / 1e5 - inactive,
                    flip: 0.0,
                },
                text,
                size: style::RING_LABEL_SIZE,
                color: style::ring_label_color(view.theme, status),
                tag: Tag {
                    class: Some("ring-label".into()),
                    data: vec![("hub", ring.hub.0.to_string())],
                    ..Tag::default()
                },
                plate: None,
            });
        }
    }
    let active = shown_status
        .iter()
        .filter(|s| **s == Status::Active)
        .count();
    Rings {
        inactive: shown_status.len() - active,
        active,
        layer,
        labels,
    }
}

/// Whether every point lies inside the clip box.
fn inside(points: &[(f64, f64)], c: &crate::map::clip::Clip) -> bool {
    points
        .iter()
        .all(|&(x, y)| x >= c.min_x && x <= c.max_x && y >= c.min_y && y <= c.max_y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::rings::plan_rings;
    use crate::map::scene::Estimated;
    use crate::map::theme::MapTheme;
    use crate::model::hub::{Hub, HubId};
    use crate::model::slide::Layers;
    use geo::{Distance, Geodesic, Point};

    #[test]
    fn a_ring_is_its_geodesic_circle_cased_and_labelled_above_its_north() {
        let mut plan = Plan::default();
        let mut hub = Hub::new(HubId(1), "Lviv", 24.03, 49.84);
        hub.show_range_rings = true;
        hub.range_rings_km = vec![300.0];
        plan.hubs.push(hub);
        let p = crate::map::scene::tests::ukraine(1000.0, 700.0);
        let theme = MapTheme::LIGHT;
        let layers = Layers::default();
        let view = View {
            p: &p,
            theme: &theme,
            layers: &layers,
            bounds: (0.0, 0.0, 1000.0, 700.0),
        };
        let world = plan_rings(&plan);
        let Rings { layer, labels, .. } = rings(&plan, &world, &view, &Estimated);
        assert_eq!(layer.items.len(), 2, "casing and line");
        let Shape::Path { runs, stroke, .. } = &layer.items[1].shape else {
            panic!("a path")
        };
        let status = plan.status(&plan.hubs[0]);
        let (line, _) = style::ring_lines(&theme, status);
        assert_eq!(stroke.as_ref(), Some(&line));
        // Every drawn point is 300 km from the hub on the ellipsoid (within 0.5 %).
        let centre = Point::new(24.03, 49.84);
        for &(x, y) in runs.iter().flatten().step_by(7) {
            let (lon, lat) = p.geo_from_screen(x, y);
            let km = Geodesic.distance(centre, Point::new(lon, lat)) / 1000.0;
            assert!((km - 300.0).abs() < 1.5, "{km} km");
        }
        assert_eq!(labels.len(), 1);
        assert_eq!(labels[0].text, "300 km");
        let (nx, ny) = p.screen_from_geo(24.03, 49.84);
        let north = world[0].label_anchor(&p).unwrap();
        assert!((labels[0].candidate.x - north.0).abs() < 1e-9);
        assert!(labels[0].candidate.y < north.1 && north.1 < ny && (north.0 - nx).abs() < 1.0);
        // Switched off with the hubs.
        let off = Layers {
            hubs: false,
            ..layers
        };
        let view = View {
            layers: &off,
            ..view
        };
        assert!(
            rings(&plan, &world, &view, &Estimated)
                .layer
                .items
                .is_empty()
        );
    }
}
