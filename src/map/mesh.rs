//! Level-of-detail polygon meshes, triangulated once and drawn every frame.
//!
//! egui can only fill convex polygons, so each region is projected to world
//! (Web Mercator) coordinates, simplified for a few zoom ranges and triangulated with
//! earcut. The result is plain data; the map widget turns it into `egui::Mesh`es.

use std::ops::Range;
use std::sync::OnceLock;

use geo::{Coord, LineString, Polygon, TriangulateEarcut};

use crate::model::geography::{Region, RegionLayer};
use crate::projection::{TILE_SIZE, WorldPoint, world_from_geo};

/// Upper zoom of each simplified level; above the last, full detail is drawn.
/// Each level is simplified to [`LOD_PIXEL_TOLERANCE`] at its upper zoom, so no
/// simplification is ever visible.
pub const LOD_MAX_ZOOM: [f64; 3] = [3.0, 5.0, 7.0];

/// Largest error a simplified level may show, in screen pixels.
pub const LOD_PIXEL_TOLERANCE: f64 = 0.7;

/// Number of levels: the simplified ones plus full detail.
pub const LOD_COUNT: usize = LOD_MAX_ZOOM.len() + 1;

/// The level to draw at `zoom`.
pub fn lod_for_zoom(zoom: f64) -> usize {
    LOD_MAX_ZOOM
        .iter()
        .position(|&z| zoom <= z)
        .unwrap_or(LOD_MAX_ZOOM.len())
}

/// World-space tolerance of level `lod` (0 for full detail).
pub fn lod_tolerance(lod: usize) -> f64 {
    LOD_MAX_ZOOM
        .get(lod)
        .map_or(0.0, |&z| LOD_PIXEL_TOLERANCE / (TILE_SIZE * z.exp2()))
}

/// The levels triangulated while preparing; finer ones are triangulated when first
/// drawn (see [`LodMesh::indices`]).
///
/// Full detail is only drawn past zoom 7, where a few regions are in view, yet its
/// triangulation was half of start-up's earcut work (300,000 vertices for the shipped
/// countries, 38 ms for Canada alone) and 3.5 MB of indices kept for a zoom most
/// briefings never reach.
pub const EAGER_LODS: usize = LOD_COUNT - 1;

/// One level of detail of one region.
#[derive(Clone, Debug, Default)]
pub struct LodMesh {
    /// Vertices in world coordinates; every ring's points, rings back to back.
    pub vertices: Vec<WorldPoint>,
    /// Each ring's slice of `vertices` (closed implicitly: last joins first).
    pub rings: Vec<Range<u32>>,
    /// How many of `rings` each polygon has (its exterior first, then its holes), so a
    /// deferred triangulation can rebuild the polygons.
    polygon_rings: Vec<u32>,
    /// Triangle list into `vertices`, built once: while preparing for the coarse levels,
    /// on first use for full detail.
    indices: OnceLock<Vec<u32>>,
}

impl LodMesh {
    /// The triangle list into `vertices`; triangulates the level on first call if it was
    /// deferred (the call that triangulates takes about as long as earcut on the
    /// region's vertices; concurrent callers wait for it instead of repeating it).
    pub fn indices(&self) -> &[u32] {
        self.indices.get_or_init(|| self.triangulate())
    }

    /// Whether the triangles are built yet (deferred levels are not until drawn).
    pub fn is_triangulated(&self) -> bool {
        self.indices.get().is_some()
    }

    /// Earcut of every polygon, rebuilt from `vertices`, `rings` and `polygon_rings`.
    fn triangulate(&self) -> Vec<u32> {
        let mut indices = Vec::new();
        let mut first_ring = 0usize;
        for &count in &self.polygon_rings {
            let rings = &self.rings[first_ring..first_ring + count as usize];
            first_ring += count as usize;
            let Some(base) = rings.first().map(|r| r.start) else {
                continue;
            };
            let mut parts = rings.iter().map(|r| {
                LineString::new(
                    self.vertices[r.start as usize..r.end as usize]
                        .iter()
                        .map(|v| Coord { x: v.x, y: v.y })
                        .collect(),
                )
            });
            let Some(exterior) = parts.next() else {
                continue;
            };
            // `Polygon::new` closes each ring again, so earcut sees exactly the rings it
            // would have seen while preparing, and numbers their points the same way.
            let polygon = Polygon::new(exterior, parts.collect());
            let raw = polygon.earcut_triangles_raw();
            indices.extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
        }
        indices.shrink_to_fit();
        indices
    }
}

/// A region ready to draw.
#[derive(Clone, Debug)]
pub struct PreparedRegion {
    /// World-space bounding box (min, max) for culling.
    pub world_min: WorldPoint,
    /// See `world_min`.
    pub world_max: WorldPoint,
    /// Meshes, index = level (see [`lod_for_zoom`]).
    pub lods: Vec<LodMesh>,
}

impl PreparedRegion {
    /// A region that draws nothing, at every level, and meets no box.
    pub fn empty() -> Self {
        Self {
            world_min: WorldPoint::new(f64::INFINITY, f64::INFINITY),
            world_max: WorldPoint::new(f64::NEG_INFINITY, f64::NEG_INFINITY),
            lods: vec![LodMesh::default(); LOD_COUNT],
        }
    }

    /// Whether the region's box meets the world box `(min, max)`.
    pub fn intersects(&self, min: WorldPoint, max: WorldPoint) -> bool {
        self.world_min.x <= max.x
            && self.world_max.x >= min.x
            && self.world_min.y <= max.y
            && self.world_max.y >= min.y
    }
}

/// Every region of a layer, prepared; same order as the layer.
#[derive(Clone, Debug, Default)]
pub struct PreparedLayer {
    /// One entry per region of the source layer.
    pub regions: Vec<PreparedRegion>,
}

impl PreparedLayer {
    /// Projects, simplifies and triangulates a layer, using all cores (rayon).
    ///
    /// The result has exactly one entry per region, in the layer's order, whatever
    /// happens: a region whose preparation panics (a geometry case the simplifier or
    /// earcut does not survive) is logged and drawn as nothing, at every level, instead
    /// of taking the layer down or shifting every later region's index.
    pub fn prepare(layer: &RegionLayer) -> Self {
        use rayon::prelude::*;
        let regions = layer.regions();
        let regions = regions
            .par_iter()
            // One region per task: the two or three huge countries are stolen by
            // idle threads instead of queueing behind each other.
            .with_max_len(1)
            .map(|region| {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| prepare_region(region)))
                    .unwrap_or_else(|_| {
                        log::error!(
                            "could not prepare the outline of {} ({}) for drawing; it is left out",
                            region.name,
                            region.code
                        );
                        PreparedRegion::empty()
                    })
            })
            .collect();
        Self { regions }
    }

    /// Total triangle count at a level, for statistics and benchmarks.
    pub fn triangle_count(&self, lod: usize) -> usize {
        self.regions
            .iter()
            .map(|r| r.lods[lod].indices().len() / 3)
            .sum()
    }

    /// Total vertex count at a level.
    pub fn vertex_count(&self, lod: usize) -> usize {
        self.regions
            .iter()
            .map(|r| r.lods[lod].vertices.len())
            .sum()
    }
}

fn to_world(ring: &LineString<f64>) -> LineString<f64> {
    LineString::new(
        ring.0
            .iter()
            .map(|c| {
                let w = world_from_geo(c.x, c.y);
                Coord { x: w.x, y: w.y }
            })
            .collect(),
    )
}

/// Ramer–Douglas–Peucker simplification of a closed ring, keeping at least 4 points.
///
/// Same algorithm and result as `geo::Simplify` (a test checks that), but iterative with
/// one reusable stack and squared distances: on the shipped 1:10m map it takes ~6 ms
/// where geo's recursive version took ~60 ms, and it runs for three levels at start-up.
pub fn simplify_ring(ring: &LineString<f64>, tolerance: f64) -> LineString<f64> {
    let pts = &ring.0;
    let n = pts.len();
    if n <= 4 {
        return ring.clone();
    }
    let tol2 = tolerance * tolerance;
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = vec![(0usize, n - 1)];
    while let Some((first, last)) = stack.pop() {
        if last <= first + 1 {
            continue;
        }
        let (a, b) = (pts[first], pts[last]);
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len2 = dx * dx + dy * dy;
        // The farthest point by squared distance to the segment a-b, scaled by len2
        // so that the inner loop never divides: inside the segment's span that is the
        // squared cross product; beyond an end, the squared distance to that end times
        // len2. When a == b (the first split of a closed ring) the scale is 1.
        let scale = if len2 == 0.0 { 1.0 } else { len2 };
        let mut best = (0.0, 0usize);
        for (i, p) in pts.iter().enumerate().take(last).skip(first + 1) {
            let (px, py) = (p.x - a.x, p.y - a.y);
            let along = px * dx + py * dy;
            let m = if along <= 0.0 || len2 == 0.0 {
                (px * px + py * py) * scale
            } else if along >= len2 {
                ((p.x - b.x).powi(2) + (p.y - b.y).powi(2)) * scale
            } else {
                let cross = px * dy - py * dx;
                cross * cross
            };
            if m >= best.0 {
                best = (m, i);
            }
        }
        if best.0 > tol2 * scale {
            keep[best.1] = true;
            stack.push((first, best.1));
            stack.push((best.1, last));
        }
    }
    let mut out: Vec<Coord<f64>> = pts
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(p, _)| *p)
        .collect();
    if out.len() < 4 {
        // The whole ring is below the tolerance; callers drop rings under 4 points.
        out.clear();
    }
    LineString::new(out)
}

fn ring_extent(ring: &LineString<f64>) -> f64 {
    let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for c in &ring.0 {
        min_x = min_x.min(c.x);
        min_y = min_y.min(c.y);
        max_x = max_x.max(c.x);
        max_y = max_y.max(c.y);
    }
    (max_x - min_x).max(max_y - min_y)
}

/// A region's polygons in world coordinates.
fn world_polygons(region: &Region) -> Vec<Polygon<f64>> {
    region
        .geometry
        .iter()
        .map(|p| {
            Polygon::new(
                to_world(p.exterior()),
                p.interiors().iter().map(to_world).collect(),
            )
        })
        .collect()
}

/// Projects, simplifies and triangulates one region (also used for control areas);
/// full detail is triangulated when first drawn (see [`EAGER_LODS`]).
pub fn prepare_region(region: &Region) -> PreparedRegion {
    let world = world_polygons(region);
    let min = world_from_geo(region.bounds.min_lon, region.bounds.max_lat);
    let max = world_from_geo(region.bounds.max_lon, region.bounds.min_lat);
    // Cascade from fine to coarse: each level is simplified from the next finer one,
    // which has far fewer points than the original. Errors add up to at most
    // t·(1 + 1/4 + 1/16) < 1.4·t, still under a pixel.
    let mut lods = vec![LodMesh::default(); LOD_COUNT];
    let mut source = world;
    for lod in (0..LOD_COUNT).rev() {
        let (mesh, simplified) = build_lod(source, lod_tolerance(lod), lod < EAGER_LODS);
        lods[lod] = mesh;
        source = simplified;
    }
    PreparedRegion {
        world_min: min,
        world_max: max,
        lods,
    }
}

/// Simplifies one level and, if `triangulate`, triangulates it; returns the mesh and
/// the simplified polygons (the next coarser level's source).
fn build_lod(
    polygons: Vec<Polygon<f64>>,
    tolerance: f64,
    triangulate: bool,
) -> (LodMesh, Vec<Polygon<f64>>) {
    let mut mesh = LodMesh::default();
    let mut indices = Vec::new();
    let mut kept = Vec::with_capacity(polygons.len());
    for polygon in polygons {
        let simplified = if tolerance > 0.0 {
            // Islands smaller than the tolerance are invisible at this level: drop them.
            if ring_extent(polygon.exterior()) < 2.0 * tolerance {
                continue;
            }
            let exterior = simplify_ring(polygon.exterior(), tolerance);
            let holes = polygon
                .interiors()
                .iter()
                .filter(|r| ring_extent(r) >= 2.0 * tolerance)
                .map(|r| simplify_ring(r, tolerance))
                .filter(|r| r.0.len() >= 4)
                .collect();
            Polygon::new(exterior, holes)
        } else {
            polygon
        };
        if simplified.exterior().0.len() < 4 {
            continue;
        }
        let base = mesh.vertices.len() as u32;
        // earcut's vertex list is the rings without their closing points, back to back;
        // a deferred level lays its vertices out the same way.
        let mut start = base;
        for ring in std::iter::once(simplified.exterior()).chain(simplified.interiors()) {
            let points = &ring.0[..ring.0.len().saturating_sub(1)];
            mesh.rings.push(start..start + points.len() as u32);
            start += points.len() as u32;
            if !triangulate {
                mesh.vertices
                    .extend(points.iter().map(|c| WorldPoint::new(c.x, c.y)));
            }
        }
        mesh.polygon_rings
            .push(1 + simplified.interiors().len() as u32);
        if triangulate {
            let raw = simplified.earcut_triangles_raw();
            mesh.vertices
                .extend(raw.vertices.iter().map(|v| WorldPoint::new(v[0], v[1])));
            indices.extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
        }
        kept.push(simplified);
    }
    // Kept for the whole session: without the slack of growing (up to half of each).
    mesh.vertices.shrink_to_fit();
    mesh.rings.shrink_to_fit();
    mesh.polygon_rings.shrink_to_fit();
    if triangulate {
        indices.shrink_to_fit();
        mesh.indices = OnceLock::from(indices);
    }
    (mesh, kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::geography::{LayerKind, RegionLayer};

    #[test]
    fn a_layer_is_prepared_in_parallel_in_the_layer_s_order() {
        let g = crate::model::geography::Geography::builtin().unwrap();
        let layer = PreparedLayer::prepare(&g.oblasts);
        let regions = g.oblasts.regions();
        assert_eq!(layer.regions.len(), regions.len());
        for (prepared, region) in layer.regions.iter().zip(regions) {
            let alone = prepare_region(region);
            assert_eq!(prepared.world_min, alone.world_min, "{}", region.name);
            for (a, b) in prepared.lods.iter().zip(&alone.lods) {
                assert_eq!(a.vertices.len(), b.vertices.len(), "{}", region.name);
                assert_eq!(a.indices(), b.indices(), "{}", region.name);
            }
        }
        // A region left out draws nothing at any level and is never in view.
        let empty = PreparedRegion::empty();
        assert_eq!(empty.lods.len(), LOD_COUNT);
        assert!(
            empty
                .lods
                .iter()
                .all(|l| l.indices().is_empty() && l.rings.is_empty())
        );
        assert!(!empty.intersects(
            WorldPoint::new(f64::MIN, f64::MIN),
            WorldPoint::new(f64::MAX, f64::MAX)
        ));
    }

    #[test]
    fn full_detail_is_triangulated_when_first_drawn_as_it_would_have_been_at_once() {
        let g = crate::model::geography::Geography::builtin().unwrap();
        for code in ["UKR", "NOR", "GRC"] {
            let region = g.countries.get(code).unwrap();
            let prepared = prepare_region(region);
            assert!(
                prepared.lods[..EAGER_LODS]
                    .iter()
                    .all(|l| l.is_triangulated())
            );
            let full = &prepared.lods[LOD_COUNT - 1];
            assert!(!full.is_triangulated(), "{code}");
            let (at_once, _) = build_lod(world_polygons(region), 0.0, true);
            assert_eq!(full.vertices, at_once.vertices, "{code}");
            assert_eq!(full.rings, at_once.rings, "{code}");
            assert!(at_once.indices().len() > 3 * 1000, "{code}");
            assert_eq!(full.indices(), at_once.indices(), "{code}");
            assert!(full.is_triangulated());
        }
    }

    #[test]
    fn simplify_ring_agrees_with_geo() {
        use geo::Simplify;
        let g = crate::model::geography::Geography::builtin().unwrap();
        let mut compared = 0;
        for code in ["NOR", "GRC", "UKR", "HRV"] {
            let region = g.countries.get(code).unwrap();
            for poly in region.geometry.iter().take(20) {
                let ring = poly.exterior();
                for tol in [0.001, 0.01, 0.05] {
                    let ours = simplify_ring(ring, tol);
                    let theirs = ring.simplify(tol);
                    if theirs.0.len() >= 4 && ours.0.len() >= 4 {
                        assert_eq!(ours, theirs, "{code} tol {tol}");
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 30, "only {compared} rings compared");
    }

    #[test]
    fn simplify_ring_drops_small_detail_and_keeps_shape() {
        // A square with a 0.001-high bump on one side.
        let ring = LineString::from(vec![
            (0.0, 0.0),
            (5.0, 0.0),
            (5.5, 0.001),
            (6.0, 0.0),
            (10.0, 0.0),
            (10.0, 10.0),
            (0.0, 10.0),
            (0.0, 0.0),
        ]);
        let s = simplify_ring(&ring, 0.01);
        assert_eq!(
            s,
            LineString::from(vec![
                (0.0, 0.0),
                (10.0, 0.0),
                (10.0, 10.0),
                (0.0, 10.0),
                (0.0, 0.0)
            ])
        );
        let kept = simplify_ring(&ring, 0.0001);
        assert_eq!(kept.0.len(), 8);
    }

    #[test]
    fn lod_selection_follows_zoom() {
        assert_eq!(lod_for_zoom(1.0), 0);
        assert_eq!(lod_for_zoom(3.0), 0);
        assert_eq!(lod_for_zoom(4.2), 1);
        assert_eq!(lod_for_zoom(6.0), 2);
        assert_eq!(lod_for_zoom(9.0), 3);
        assert_eq!(lod_tolerance(3), 0.0);
        assert!(lod_tolerance(0) > lod_tolerance(1) && lod_tolerance(1) > lod_tolerance(2));
    }

    #[test]
    fn square_with_hole_triangulates_to_eight_triangles() {
        let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Ring"},
            "geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]}}]}"#;
        let layer = RegionLayer::from_geojson(text, "t", LayerKind::Countries).unwrap();
        let prepared = PreparedLayer::prepare(&layer);
        let full = &prepared.regions[0].lods[LOD_COUNT - 1];
        assert_eq!(full.vertices.len(), 8);
        assert_eq!(full.rings, vec![0..4, 4..8]);
        assert!(!full.is_triangulated(), "full detail waits until drawn");
        assert_eq!(full.indices().len() / 3, 8);
        // The triangles cover the square minus the hole: 100 − 4 = 96 deg² (in world units).
        let area: f64 = full
            .indices()
            .chunks(3)
            .map(|t| {
                let (a, b, c) = (
                    full.vertices[t[0] as usize],
                    full.vertices[t[1] as usize],
                    full.vertices[t[2] as usize],
                );
                ((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)).abs() / 2.0
            })
            .sum();
        let sq = |lo: f64, hi: f64| {
            let a = world_from_geo(lo, hi);
            let b = world_from_geo(hi, lo);
            (b.x - a.x) * (b.y - a.y)
        };
        let expected = sq(0.0, 10.0) - {
            let a = world_from_geo(4.0, 6.0);
            let b = world_from_geo(6.0, 4.0);
            (b.x - a.x) * (b.y - a.y)
        };
        assert!(
            (area - expected).abs() / expected < 1e-9,
            "{area} vs {expected}"
        );
    }

    #[test]
    fn shipped_map_levels_shrink_and_cover_every_region() {
        let g = crate::model::geography::Geography::builtin().unwrap();
        let p = PreparedLayer::prepare(&g.countries);
        assert_eq!(p.regions.len(), g.countries.regions().len());
        let counts: Vec<usize> = (0..LOD_COUNT).map(|l| p.vertex_count(l)).collect();
        eprintln!("vertices per level: {counts:?}");
        for w in counts.windows(2) {
            assert!(
                w[0] * 3 / 2 < w[1],
                "each level is much lighter than the next: {counts:?}"
            );
        }
        for (r, src) in p.regions.iter().zip(g.countries.regions()) {
            assert!(
                !r.lods[LOD_COUNT - 1].indices().is_empty(),
                "{} has no triangles",
                src.code
            );
        }
        // Ukraine is large enough to be drawn even at the coarsest level.
        let ukr = g
            .countries
            .regions()
            .iter()
            .position(|r| r.code == "UKR")
            .unwrap();
        assert!(!p.regions[ukr].lods[0].indices().is_empty());
    }

    #[test]
    fn degenerate_rings_do_not_panic() {
        // A bow-tie (self-intersecting) ring and a ring collapsing to a line.
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"Bowtie"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,10],[10,0],[0,10],[0,0]]]}},
          {"type":"Feature","properties":{"name":"Line"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[5,5],[10,10],[0,0]]]}}]}"#;
        let layer = RegionLayer::from_geojson(text, "t", LayerKind::Countries).unwrap();
        let prepared = PreparedLayer::prepare(&layer);
        // The bow-tie is skipped with a reason (`model::ring_check`); the flat ring
        // is kept and must triangulate without panicking.
        assert_eq!(prepared.regions.len(), 1);
        assert_eq!(layer.problems().len(), 1, "{:?}", layer.problems());
        assert!(
            layer.problems()[0].starts_with("feature 1 (Bowtie): its outer ring crosses itself")
        );
    }
}
