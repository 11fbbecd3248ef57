//! Fast point-in-area test for one region: its edges sorted into latitude bands, so a
//! point meets only the few dozen edges of its band instead of every vertex of Russia.

use geo::{LineString, MultiPolygon};

/// Edges of a multipolygon (every ring, outer and holes) bucketed by latitude band.
/// [`PolygonIndex::contains`] counts crossings of the ray eastward from the point
/// (even–odd), which for a valid multipolygon (parts that do not overlap) is inside/out.
#[derive(Debug, Clone)]
pub struct PolygonIndex {
    min_lat: f64,
    max_lat: f64,
    /// Band height in degrees (> 0).
    band: f64,
    /// `starts[b]..starts[b + 1]` are band `b`'s edges in `edges`.
    starts: Vec<u32>,
    /// Edges as `[lon0, lat0, lon1, lat1]`; an edge spanning several bands is in each.
    edges: Vec<[f64; 4]>,
}

/// Aim for about this many edges in a band: the cost of one query.
const EDGES_PER_BAND: usize = 8;
/// At most this many bands (memory stays in proportion to the vertices).
const MAX_BANDS: usize = 1 << 14;

impl PolygonIndex {
    /// Indexes every ring of `area`. Empty areas contain nothing.
    pub fn build(area: &MultiPolygon<f64>) -> Self {
        let rings = || {
            area.0
                .iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        };
        let segments = || rings().flat_map(LineString::lines);
        let (mut min_lat, mut max_lat, mut count) = (f64::INFINITY, f64::NEG_INFINITY, 0usize);
        for s in segments() {
            min_lat = min_lat.min(s.start.y.min(s.end.y));
            max_lat = max_lat.max(s.start.y.max(s.end.y));
            count += 1;
        }
        if count == 0 || max_lat.is_nan() || min_lat.is_nan() {
            return Self {
                min_lat: 0.0,
                max_lat: -1.0,
                band: 1.0,
                starts: vec![0],
                edges: Vec::new(),
            };
        }
        let bands = (count / EDGES_PER_BAND).clamp(1, MAX_BANDS);
        let band = ((max_lat - min_lat) / bands as f64).max(f64::MIN_POSITIVE);
        let span = |s: &geo::Line<f64>| {
            let lo = s.start.y.min(s.end.y);
            let hi = s.start.y.max(s.end.y);
            let first = ((lo - min_lat) / band).floor().max(0.0) as usize;
            let last = ((hi - min_lat) / band).floor().max(0.0) as usize;
            (first.min(bands - 1), last.min(bands - 1))
        };
        // Two passes (count, then fill) build the buckets without a Vec per band.
        let mut sizes = vec![0u32; bands + 1];
        for s in segments() {
            let (a, b) = span(&s);
            for n in &mut sizes[a..=b] {
                *n += 1;
            }
        }
        let mut starts = Vec::with_capacity(bands + 1);
        let mut total = 0u32;
        for n in &sizes[..bands] {
            starts.push(total);
            total += n;
        }
        starts.push(total);
        let mut fill = starts.clone();
        let mut edges = vec![[0.0; 4]; total as usize];
        for s in segments() {
            let (a, b) = span(&s);
            for slot in &mut fill[a..=b] {
                edges[*slot as usize] = [s.start.x, s.start.y, s.end.x, s.end.y];
                *slot += 1;
            }
        }
        Self {
            min_lat,
            max_lat,
            band,
            starts,
            edges,
        }
    }

    /// Whether (lon, lat) is inside the area (points exactly on an edge may go either way).
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        if !(self.min_lat..=self.max_lat).contains(&lat) || !lon.is_finite() {
            return false;
        }
        let bands = self.starts.len() - 1;
        let b = (((lat - self.min_lat) / self.band) as usize).min(bands - 1);
        let (from, to) = (self.starts[b] as usize, self.starts[b + 1] as usize);
        let mut inside = false;
        for &[x0, y0, x1, y1] in &self.edges[from..to] {
            // Half-open in latitude, so a vertex on the ray is counted once.
            if (y0 > lat) != (y1 > lat) {
                let x = x0 + (lat - y0) / (y1 - y0) * (x1 - x0);
                if lon < x {
                    inside = !inside;
                }
            }
        }
        inside
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::geography::Geography;
    use geo::{Intersects, Point, polygon};

    #[test]
    fn a_square_with_a_hole() {
        let p = polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
            interiors: [[(x: 4.0, y: 4.0), (x: 6.0, y: 4.0), (x: 6.0, y: 6.0), (x: 4.0, y: 6.0)]],
        );
        let idx = PolygonIndex::build(&MultiPolygon(vec![p]));
        assert!(idx.contains(1.0, 1.0));
        assert!(idx.contains(9.5, 5.0));
        assert!(!idx.contains(5.0, 5.0), "the hole");
        assert!(!idx.contains(11.0, 5.0));
        assert!(!idx.contains(5.0, -0.1));
        assert!(!idx.contains(5.0, 10.1));
        assert!(!idx.contains(f64::NAN, 5.0));
        assert!(!idx.contains(5.0, f64::NAN));
        // A point level with a vertex is counted once, not twice.
        assert!(idx.contains(2.0, 4.0));
        assert!(!PolygonIndex::build(&MultiPolygon(vec![])).contains(0.0, 0.0));
    }

    /// The index agrees with geo's own test on every shipped country and oblast, on a
    /// grid over Ukraine and its neighbours (no grid point lies on an outline).
    #[test]
    fn agrees_with_geo_on_the_shipped_maps() {
        let g = Geography::builtin().expect("maps");
        let mut inside = 0;
        for layer in [&g.countries, &g.oblasts] {
            for r in layer.regions() {
                let b = r.bounds;
                if b.max_lon < 15.0 || b.min_lon > 45.0 || b.max_lat < 40.0 || b.min_lat > 56.0 {
                    continue;
                }
                let idx = PolygonIndex::build(&r.geometry);
                for i in 0..120 {
                    for j in 0..60 {
                        let lon = 15.0 + 0.25 * i as f64 + 0.0123;
                        let lat = 40.0 + 0.25 * j as f64 + 0.0071;
                        let geo_says = r.geometry.intersects(&Point::new(lon, lat));
                        assert_eq!(
                            idx.contains(lon, lat),
                            geo_says,
                            "{} at {lon},{lat}",
                            r.code
                        );
                        inside += usize::from(geo_says);
                    }
                }
            }
        }
        assert!(inside > 5_000, "{inside}");
    }
}
