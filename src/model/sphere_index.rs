//! Nearest-segment search on the unit sphere, for geodesic distances to borders, lines
//! and area outlines.
//!
//! Paths are kept as 3-D unit-sphere vectors, where the straight-line (chord) distance
//! orders points as the great-circle distance does, and indexed in runs of a few
//! segments (an R-tree of boxes that hold the runs' arcs). Runs are visited nearest box
//! first; for each segment the closest point of its great-circle arc is found exactly,
//! and the chord-nearest few are measured on the WGS84 ellipsoid (geo's `Geodesic`).

use geo::{Distance, Geodesic, LineString, Point};
use rstar::{RTree, primitives::GeomWithData, primitives::Rectangle};

/// A point on the unit sphere.
pub fn unit(lon: f64, lat: f64) -> [f64; 3] {
    let (lon, lat) = (lon.to_radians(), lat.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// Longitude and latitude of a (not necessarily unit) vector.
pub fn lon_lat(v: [f64; 3]) -> (f64, f64) {
    let r = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    (
        (v[1].atan2(v[0])).to_degrees(),
        (v[2] / r).clamp(-1.0, 1.0).asin().to_degrees(),
    )
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

/// Closest point of the great-circle arc a→b to p (all unit vectors).
fn closest_on_arc(a: [f64; 3], b: [f64; 3], p: [f64; 3]) -> [f64; 3] {
    let n = cross(a, b);
    let nn = dot(n, n);
    if nn < 1e-30 {
        return a;
    }
    let k = dot(p, n) / nn;
    let q = [p[0] - k * n[0], p[1] - k * n[1], p[2] - k * n[2]];
    // q lies in the arc's plane; it is on the arc when it is between a and b.
    if dot(cross(a, q), n) >= 0.0 && dot(cross(q, b), n) >= 0.0 && dot(q, q) > 1e-30 {
        q
    } else if dot(p, a) >= dot(p, b) {
        a
    } else {
        b
    }
}

/// How many chord-nearest segments are kept to be measured exactly.
const CANDIDATES: usize = 4;

/// Squared-chord ratio within which chord-nearest segments are near-ties, measured on
/// the ellipsoid (1 % in distance, squared).
const NEAR_TIE: f64 = 1.0201;

/// The nearest of the segments offered to a point: the closest point of each arc by
/// chord, then the near-ties measured on the ellipsoid.
struct Nearest {
    lon: f64,
    lat: f64,
    p: [f64; 3],
    /// The best few (point, tag, squared chord), nearest first.
    best: [([f64; 3], u32, f64); CANDIDATES],
}

impl Nearest {
    fn new(lon: f64, lat: f64) -> Self {
        Self {
            lon,
            lat,
            p: unit(lon, lat),
            best: [([0.0; 3], 0, f64::INFINITY); CANDIDATES],
        }
    }

    /// Considers the arc a→b (unit vectors).
    fn offer(&mut self, a: [f64; 3], b: [f64; 3], tag: u32) {
        let p = self.p;
        let q = closest_on_arc(a, b, p);
        let len = dot(q, q).sqrt();
        let q = [q[0] / len, q[1] / len, q[2] / len];
        let d = [q[0] - p[0], q[1] - p[1], q[2] - p[2]];
        let d2 = dot(d, d);
        // Kept sorted: the new one slides in above the first farther one.
        if let Some(at) = self.best.iter().position(|c| d2 < c.2) {
            self.best[at..].rotate_right(1);
            self.best[at] = (q, tag, d2);
        }
    }

    /// The squared chord of the near-ties of the nearest so far: [`Nearest::measure`]
    /// measures nothing farther.
    fn near_tie2(&self) -> f64 {
        self.best[0].2 * NEAR_TIE + 1e-24
    }

    /// The squared chord within which a segment could still change the answer: a
    /// near-tie, and nearer than the farthest one kept.
    fn reach2(&self) -> f64 {
        self.near_tie2().min(self.best[CANDIDATES - 1].2)
    }

    /// Geodesic km, tag and point of the nearest; `None` if nothing was offered.
    fn measure(&self) -> Option<(f64, u32, (f64, f64))> {
        let best = self.best[0].2;
        if !best.is_finite() {
            return None;
        }
        // Sphere and ellipsoid order distances alike to well under 1 %: only the near-ties
        // of the chord-nearest are measured on the ellipsoid (one inverse, not four).
        self.best
            .iter()
            .filter(|c| c.2 <= self.near_tie2())
            .map(|&(q, tag, _)| {
                let q = lon_lat(q);
                let km = Geodesic.distance(Point::new(self.lon, self.lat), Point::new(q.0, q.1))
                    / 1000.0;
                (km, tag, q)
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
    }
}

/// The nearest of the given runs of points (lon, lat; each run a path of segments, with
/// its tag) to a point, measured like [`SegmentIndex::nearest`] but over every segment:
/// for a few short runs near the point, which no index is worth building for.
pub fn nearest_on_runs<'a>(
    lon: f64,
    lat: f64,
    runs: impl IntoIterator<Item = (&'a [geo::Coord<f64>], u32)>,
) -> Option<(f64, u32, (f64, f64))> {
    let mut nearest = Nearest::new(lon, lat);
    for (run, tag) in runs {
        let mut prev: Option<[f64; 3]> = None;
        for c in run {
            let v = unit(c.x, c.y);
            if let Some(a) = prev.filter(|a| *a != v) {
                nearest.offer(a, v, tag);
            }
            prev = Some(v);
        }
    }
    nearest.measure()
}

/// Segments per indexed run: the tree holds one box per run, not per segment, which
/// makes it a tenth of the size and quick to build; a query measures a few runs whole.
const RUN: usize = 16;

/// Consecutive segments of one path: `points[start..end]`, with the path's tag.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Run {
    start: u32,
    end: u32,
    tag: u32,
}

/// Segments with a tag each (e.g. which feature they belong to), indexed on the sphere.
#[derive(Debug, Default)]
pub struct SegmentIndex {
    /// Every path's vertices as unit vectors, one path after another.
    points: Vec<[f64; 3]>,
    /// Each run's box, grown by its arcs' bulge so that it holds the arcs, not only
    /// their chords.
    tree: RTree<GeomWithData<Rectangle<[f64; 3]>, Run>>,
    segments: usize,
}

impl SegmentIndex {
    /// Indexes every segment of the given paths, each tagged.
    pub fn from_paths<'a>(paths: impl IntoIterator<Item = (&'a LineString<f64>, u32)>) -> Self {
        let mut points: Vec<[f64; 3]> = Vec::new();
        let mut runs = Vec::new();
        let mut segments = 0;
        for (path, tag) in paths {
            let first = points.len();
            for c in &path.0 {
                let v = unit(c.x, c.y);
                if points.len() == first || points.last() != Some(&v) {
                    points.push(v);
                }
            }
            if points.len() - first < 2 {
                points.truncate(first);
                continue;
            }
            segments += points.len() - first - 1;
            let mut start = first;
            while start + 1 < points.len() {
                let end = (start + RUN + 1).min(points.len());
                runs.push(GeomWithData::new(
                    run_box(&points[start..end]),
                    Run {
                        start: start as u32,
                        end: end as u32,
                        tag,
                    },
                ));
                start = end - 1;
            }
        }
        points.shrink_to_fit();
        Self {
            points,
            tree: RTree::bulk_load(runs),
            segments,
        }
    }

    /// Whether there is nothing to measure to.
    pub fn is_empty(&self) -> bool {
        self.segments == 0
    }

    /// Number of segments.
    pub fn len(&self) -> usize {
        self.segments
    }

    /// Geodesic distance in km from a point to the nearest segment, with its tag, and the
    /// nearest point (lon, lat); `None` when the index is empty.
    pub fn nearest(&self, lon: f64, lat: f64) -> Option<(f64, u32, (f64, f64))> {
        let mut nearest = Nearest::new(lon, lat);
        for (run, box2) in self.tree.nearest_neighbor_iter_with_distance_2(&nearest.p) {
            // No arc of this run or any later one comes nearer than its box.
            if box2 > nearest.reach2() {
                break;
            }
            let run = run.data;
            for w in self.points[run.start as usize..run.end as usize].windows(2) {
                nearest.offer(w[0], w[1], run.tag);
            }
        }
        nearest.measure()
    }

    /// Geodesic distance in km to the nearest segment.
    pub fn distance_km(&self, lon: f64, lat: f64) -> Option<f64> {
        self.nearest(lon, lat).map(|(km, _, _)| km)
    }
}

/// The box of a run's vertices (unit vectors), grown by the largest sagitta of its
/// arcs: an arc strays from its chord by at most `1 − cos(θ/2)`, outward.
fn run_box(points: &[[f64; 3]]) -> Rectangle<[f64; 3]> {
    let (mut lo, mut hi) = (points[0], points[0]);
    let mut bulge: f64 = 0.0;
    for w in points.windows(2) {
        let d = [w[1][0] - w[0][0], w[1][1] - w[0][1], w[1][2] - w[0][2]];
        let half_chord2 = dot(d, d) / 4.0;
        bulge = bulge.max(1.0 - (1.0 - half_chord2).max(0.0).sqrt());
        for k in 0..3 {
            lo[k] = lo[k].min(w[1][k]);
            hi[k] = hi[k].max(w[1][k]);
        }
    }
    // A hair more for rounding, far below a metre.
    let grow = bulge + 1e-12;
    Rectangle::from_corners(
        [lo[0] - grow, lo[1] - grow, lo[2] - grow],
        [hi[0] + grow, hi[1] + grow, hi[2] + grow],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Coord;

    #[test]
    fn distances_agree_with_geodesic() {
        // A meridian segment (a geodesic) from 49°N to 52°N along 32°E.
        let line = LineString(vec![Coord { x: 32.0, y: 49.0 }, Coord { x: 32.0, y: 52.0 }]);
        let index = SegmentIndex::from_paths([(&line, 7)]);
        // Beyond the end: nearest is the vertex.
        let (km, tag, _) = index.nearest(32.5, 53.0).unwrap();
        let want = Geodesic.distance(Point::new(32.5, 53.0), Point::new(32.0, 52.0)) / 1000.0;
        assert_eq!(tag, 7);
        assert!((km - want).abs() / want < 1e-3, "{km} vs {want}");
        // Beside it: the foot of the perpendicular on the meridian.
        let km = index.distance_km(33.0, 50.5).unwrap();
        let want = Geodesic.distance(Point::new(33.0, 50.5), Point::new(32.0, 50.5)) / 1000.0;
        assert!((km - want).abs() / want < 1e-3, "{km} vs {want}");
        assert!(SegmentIndex::default().distance_km(0.0, 0.0).is_none());
    }

    /// Points spread over a box (a fixed xorshift, so the test is the same each run).
    fn scatter(n: usize, lon: (f64, f64), lat: (f64, f64)) -> Vec<(f64, f64)> {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|_| {
                (
                    lon.0 + (lon.1 - lon.0) * next(),
                    lat.0 + (lat.1 - lat.0) * next(),
                )
            })
            .collect()
    }

    /// The index answers exactly as measuring every segment does (the tag too, unless
    /// `shared`: paths that share vertices tie there, and either tag is right).
    fn agrees_with_every_segment(
        paths: &[(LineString<f64>, u32)],
        points: &[(f64, f64)],
        shared: bool,
    ) {
        let index = SegmentIndex::from_paths(paths.iter().map(|(l, t)| (l, *t)));
        let segments: usize = paths.iter().map(|(l, _)| l.0.len() - 1).sum();
        assert_eq!(index.len(), segments);
        for &(lon, lat) in points {
            let all = nearest_on_runs(lon, lat, paths.iter().map(|(l, t)| (&l.0[..], *t)));
            let got = index.nearest(lon, lat);
            if shared {
                let drop_tag = |n: Option<(f64, u32, (f64, f64))>| n.map(|(km, _, q)| (km, q));
                assert_eq!(drop_tag(got), drop_tag(all), "at {lon}, {lat}");
            } else {
                assert_eq!(got, all, "at {lon}, {lat}");
            }
        }
    }

    #[test]
    fn long_arcs_are_found_where_they_bulge_past_their_chords() {
        // Segments thousands of km long, whose arcs stray hundreds of km from their
        // chords, with short ones beside them: a box of the chords alone would miss the
        // arcs' middles.
        let path = |c: &[(f64, f64)]| LineString::from(c.to_vec());
        let paths = vec![
            (path(&[(-60.0, 10.0), (10.0, 60.0), (120.0, -30.0)]), 1),
            (path(&[(-20.0, 70.0), (40.0, 75.0), (100.0, 70.0)]), 2),
            (
                path(&[(30.0, 45.0), (30.1, 45.05), (30.2, 45.0), (30.3, 45.1)]),
                3,
            ),
            (path(&[(170.0, -10.0), (-170.0, -12.0)]), 4),
            // The equator's arc passes 1° from the points below; its chord passes 4°
            // beneath them, farther than the short path at 5°N.
            (path(&[(-30.0, 0.0), (30.0, 0.0)]), 5),
            (path(&[(-1.0, 5.0), (1.0, 5.0)]), 6),
        ];
        let mut points = scatter(3000, (-180.0, 180.0), (-85.0, 85.0));
        points.extend((-10..=10).map(|x| (f64::from(x) / 10.0, 1.0)));
        agrees_with_every_segment(&paths, &points, false);
        assert_eq!(
            SegmentIndex::from_paths(paths.iter().map(|(l, t)| (l, *t)))
                .nearest(0.0, 1.0)
                .map(|n| n.1),
            Some(5)
        );
    }

    #[test]
    fn coasts_and_borders_are_found_as_measuring_every_segment_does() {
        let g = crate::model::geography::Geography::builtin().expect("maps");
        let mut paths = Vec::new();
        for (k, code) in ["RUS", "BLR", "MDA", "ROU", "TUR"].iter().enumerate() {
            let region = g.countries.get(code).expect(code);
            for polygon in &region.geometry.0 {
                for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                    paths.push((ring.clone(), k as u32));
                }
            }
        }
        // More segments than runs many times over: the shortcut is being taken.
        let index = SegmentIndex::from_paths(paths.iter().map(|(l, t)| (l, *t)));
        assert!(index.len() > 40_000 && index.tree.size() * 10 < index.len());
        agrees_with_every_segment(&paths, &scatter(400, (20.0, 50.0), (40.0, 60.0)), true);
    }
}
