//! Nearest-segment search on the unit sphere, for geodesic distances to borders, lines
//! and area outlines.
//!
//! Segments are indexed in 3-D unit-sphere coordinates, where the straight-line (chord)
//! distance orders points as the great-circle distance does. The few nearest chords are
//! candidates; for each, the closest point of its great-circle arc is found exactly and
//! measured on the WGS84 ellipsoid (geo's `Geodesic`).

use geo::{Distance, Geodesic, LineString, Point};
use rstar::{RTree, primitives::GeomWithData, primitives::Line};

type Segment = GeomWithData<Line<[f64; 3]>, u32>;

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

/// How many chord-nearest segments are measured exactly.
const CANDIDATES: usize = 4;

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
            .filter(|c| c.2 <= best * 1.0201 + 1e-24)
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

/// Segments with a tag each (e.g. which feature they belong to), indexed on the sphere.
#[derive(Debug, Default)]
pub struct SegmentIndex {
    tree: RTree<Segment>,
}

impl SegmentIndex {
    /// Indexes every segment of the given paths, each tagged.
    pub fn from_paths<'a>(paths: impl IntoIterator<Item = (&'a LineString<f64>, u32)>) -> Self {
        let mut segments = Vec::new();
        for (path, tag) in paths {
            for w in path.0.windows(2) {
                if w[0] != w[1] {
                    segments.push(GeomWithData::new(
                        Line::new(unit(w[0].x, w[0].y), unit(w[1].x, w[1].y)),
                        tag,
                    ));
                }
            }
        }
        Self {
            tree: RTree::bulk_load(segments),
        }
    }

    /// Whether there is nothing to measure to.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// Number of segments.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// Geodesic distance in km from a point to the nearest segment, with its tag, and the
    /// nearest point (lon, lat); `None` when the index is empty.
    pub fn nearest(&self, lon: f64, lat: f64) -> Option<(f64, u32, (f64, f64))> {
        let p = unit(lon, lat);
        let mut nearest = Nearest::new(lon, lat);
        for s in self.tree.nearest_neighbor_iter(&p).take(CANDIDATES) {
            nearest.offer(s.geom().from, s.geom().to, s.data);
        }
        nearest.measure()
    }

    /// Geodesic distance in km to the nearest segment.
    pub fn distance_km(&self, lon: f64, lat: f64) -> Option<f64> {
        self.nearest(lon, lat).map(|(km, _, _)| km)
    }
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
}
