//! Polygon rings of a basemap checked before they are drawn: a ring with fewer than 4
//! points or one that crosses itself is skipped, one that reaches a pole is clamped to
//! the map's latitude limit; each with a reason for the user, never silently.

use geo::{Coord, Line, LineString, Polygon};
use rstar::RTree;
use rstar::primitives::{GeomWithData, Rectangle};

use crate::projection::MAX_LATITUDE;

/// A polygon as it can be drawn, and what was done to get it.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// The polygon, or `None` when its outer ring cannot be used.
    pub polygon: Option<Polygon<f64>>,
    /// Why rings were skipped or changed, e.g. "its outer ring crosses itself near
    /// 30.5000, 50.2000; skipped".
    pub notes: Vec<String>,
}

/// Checks and repairs the rings of one polygon (the first ring is the outer one);
/// `crossings` says whether to look for rings that cross themselves.
pub fn check_polygon(rings: &[Vec<(f64, f64)>], crossings: bool) -> Checked {
    let mut notes = Vec::new();
    let mut checked = Vec::with_capacity(rings.len());
    for (k, ring) in rings.iter().enumerate() {
        let role = if k == 0 {
            "its outer ring".to_owned()
        } else {
            format!("its hole {k}")
        };
        match check_ring(ring, crossings) {
            Ok((ring, clamped)) => {
                if clamped {
                    notes.push(format!(
                        "{role} reaches a pole; latitudes beyond ±{MAX_LATITUDE:.2}° (the map's limit) were clamped"
                    ));
                }
                checked.push(ring);
            }
            Err(why) => {
                let what = if k == 0 { "skipped" } else { "dropped" };
                notes.push(format!("{role} {why}; {what}"));
                if k == 0 {
                    return Checked {
                        polygon: None,
                        notes,
                    };
                }
            }
        }
    }
    let mut rings = checked.into_iter();
    let polygon = rings
        .next()
        .map(|exterior| Polygon::new(exterior, rings.collect()));
    Checked { polygon, notes }
}

/// One ring: closed, repeated points removed, then checked; returns it and whether
/// latitudes were clamped.
fn check_ring(ring: &[(f64, f64)], crossings: bool) -> Result<(LineString<f64>, bool), String> {
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(ring.len() + 1);
    for &p in ring {
        if !(p.0.is_finite() && p.1.is_finite()) {
            return Err("has a coordinate that is not a number".into());
        }
        if points.last() != Some(&p) {
            points.push(p);
        }
    }
    if points.len() > 1 && points.first() == points.last() {
        points.pop();
    }
    // A ring needs 3 corners (4 points with the closing one).
    if points.len() < 3 {
        return Err(format!(
            "has {} distinct point(s); a ring needs at least 3 corners (4 points, the last repeating the first)",
            points.len()
        ));
    }
    if crossings && let Some((lon, lat)) = self_crossing(&points) {
        return Err(format!("crosses itself near {lon:.4}, {lat:.4}"));
    }
    let mut clamped = false;
    let coords: Vec<Coord<f64>> = points
        .iter()
        .chain(points.first())
        .map(|&(x, y)| {
            let lat = y.clamp(-MAX_LATITUDE, MAX_LATITUDE);
            clamped |= lat != y;
            Coord { x, y: lat }
        })
        .collect();
    Ok((LineString::new(coords), clamped))
}

/// Where a closed ring (given without its closing point) crosses or touches itself,
/// if it does: segments are indexed in an R-tree, so this is O(n log n).
pub fn self_crossing(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let n = points.len();
    if n < 4 {
        // A triangle cannot cross itself (repeated points are gone).
        return None;
    }
    let segment = |i: usize| {
        let (a, b) = (points[i], points[(i + 1) % n]);
        Line::new(Coord { x: a.0, y: a.1 }, Coord { x: b.0, y: b.1 })
    };
    let boxes: Vec<GeomWithData<Rectangle<[f64; 2]>, usize>> = (0..n)
        .map(|i| {
            let l = segment(i);
            GeomWithData::new(
                Rectangle::from_corners([l.start.x, l.start.y], [l.end.x, l.end.y]),
                i,
            )
        })
        .collect();
    let tree = RTree::bulk_load(boxes);
    for i in 0..n {
        let a = segment(i);
        let envelope = rstar::AABB::from_corners(
            [a.start.x.min(a.end.x), a.start.y.min(a.end.y)],
            [a.start.x.max(a.end.x), a.start.y.max(a.end.y)],
        );
        for other in tree.locate_in_envelope_intersecting(&envelope) {
            let j = other.data;
            // Each pair once; neighbours share a corner by construction.
            if j <= i || j == i + 1 || (i == 0 && j == n - 1) {
                continue;
            }
            // Rings that touch themselves at a corner (a pinch) are common in real
            // data and draw fine; only a crossing inside both segments, or a stretch
            // run over twice, is a ring that crosses itself.
            use geo::algorithm::line_intersection::{LineIntersection, line_intersection};
            match line_intersection(a, segment(j)) {
                Some(LineIntersection::SinglePoint {
                    intersection,
                    is_proper: true,
                }) => return Some((intersection.x, intersection.y)),
                Some(LineIntersection::Collinear { intersection })
                    if intersection.start != intersection.end =>
                {
                    return Some((intersection.start.x, intersection.start.y));
                }
                _ => {}
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(rings: &[Vec<(f64, f64)>]) -> Checked {
        check_polygon(rings, true)
    }

    #[test]
    fn a_good_ring_is_kept_and_closed() {
        let c = check(&[vec![(30.0, 50.0), (31.0, 50.0), (31.0, 51.0), (30.0, 51.0)]]);
        assert!(c.notes.is_empty(), "{:?}", c.notes);
        let p = c.polygon.unwrap();
        assert_eq!(p.exterior().0.len(), 5);
        assert_eq!(p.exterior().0[0], p.exterior().0[4]);
    }

    #[test]
    fn a_bow_tie_is_skipped_with_where_it_crosses() {
        let c = check(&[vec![
            (0.0, 0.0),
            (2.0, 2.0),
            (2.0, 0.0),
            (0.0, 2.0),
            (0.0, 0.0),
        ]]);
        assert_eq!(c.polygon, None);
        assert_eq!(
            c.notes,
            ["its outer ring crosses itself near 1.0000, 1.0000; skipped"]
        );
    }

    #[test]
    fn too_few_points_and_bad_holes() {
        let c = check(&[vec![(0.0, 0.0), (1.0, 1.0), (0.0, 0.0)]]);
        assert_eq!(c.polygon, None);
        assert!(
            c.notes[0].starts_with("its outer ring has 2 distinct point(s)"),
            "{:?}",
            c.notes
        );
        let c = check(&[
            vec![
                (0.0, 0.0),
                (10.0, 0.0),
                (10.0, 10.0),
                (0.0, 10.0),
                (0.0, 0.0),
            ],
            vec![(1.0, 1.0), (2.0, 1.0)],
        ]);
        assert_eq!(c.polygon.unwrap().interiors().len(), 0);
        assert!(
            c.notes[0].starts_with("its hole 1 has 2 distinct"),
            "{:?}",
            c.notes
        );
    }

    #[test]
    fn a_ring_at_the_pole_is_clamped_with_a_note() {
        let c = check(&[vec![
            (-180.0, 80.0),
            (180.0, 80.0),
            (180.0, 90.0),
            (-180.0, 90.0),
        ]]);
        let p = c.polygon.unwrap();
        assert!(p.exterior().0.iter().all(|c| c.y <= MAX_LATITUDE));
        assert_eq!(c.notes.len(), 1);
        assert!(c.notes[0].contains("reaches a pole"), "{:?}", c.notes);
    }

    #[test]
    fn a_long_clean_ring_is_checked_quickly_and_passes() {
        // A 100,000-point circle: no crossing, found without comparing every pair.
        let n = 100_000;
        let ring: Vec<(f64, f64)> = (0..n)
            .map(|i| {
                let a = i as f64 / n as f64 * std::f64::consts::TAU;
                (30.0 + 5.0 * a.cos(), 48.0 + 3.0 * a.sin())
            })
            .collect();
        assert_eq!(self_crossing(&ring), None);
    }
}
