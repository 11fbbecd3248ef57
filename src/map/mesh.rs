//! Level-of-detail polygon meshes, triangulated once and drawn every frame.
//!
//! egui can only fill convex polygons, so each region is projected to world
//! (Web Mercator) coordinates, simplified for a few zoom ranges and triangulated with
//! earcut. The result is plain data; the map widget turns it into `egui::Mesh`es.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use geo::{Coord, LineString, MultiPolygon, Polygon, TriangulateEarcut};

use crate::map::topology::{
    RegionTopology, edge_key, first_to_hold, layer_topology, open_ring, point_order,
};
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

/// The levels simplified while preparing: all but full detail. Full detail is projected
/// when first drawn ([`PreparedRegion::lod`]).
///
/// Every level, these included, is triangulated when first filled
/// ([`LodMesh::indices`]), region by region, the regions in view on all cores
/// ([`triangulate_all`]). A view draws one level of the regions it shows: triangulating
/// every region at every level while preparing was most of start-up's earcut work
/// (235,000 vertices for the shipped countries, Canada and Antarctica among them) for
/// meshes most sessions never fill. Full detail alone was 300,000 vertices (38 ms for
/// Canada), 3.5 MB of indices and 4.7 MB of world points kept for a zoom most briefings
/// never reach.
pub const EAGER_LODS: usize = LOD_COUNT - 1;

/// One level of detail of one region.
#[derive(Clone, Debug, Default)]
pub struct LodMesh {
    /// Vertices in world coordinates; every ring's points, rings back to back.
    pub vertices: Vec<WorldPoint>,
    /// Each ring's slice of `vertices` (closed implicitly: last joins first).
    pub rings: Vec<Range<u32>>,
    /// Per vertex: whether the region strokes the edge from it to the next vertex of its
    /// ring (a border it shares is stroked by the first of the neighbours; see
    /// [`crate::map::topology`]). Empty means every edge.
    pub owned: Vec<bool>,
    /// How many of `rings` each polygon has (its exterior first, then its holes), so
    /// the triangulation on first fill can rebuild the polygons.
    polygon_rings: Vec<u32>,
    /// Triangle list into `vertices`, built on first use (see [`EAGER_LODS`]).
    indices: OnceLock<Vec<u32>>,
}

impl LodMesh {
    /// The triangle list into `vertices`; triangulates the level on first call (that
    /// call takes about as long as earcut on the region's vertices; concurrent callers
    /// wait for it instead of repeating it).
    pub fn indices(&self) -> &[u32] {
        self.indices.get_or_init(|| self.triangulate())
    }

    /// The lines that stroke ring `ring` (an index into `rings`): the whole ring when
    /// `whole` or when the region owns every edge of it, else each run of edges it owns
    /// as an open line of vertex indices (into `vertices`).
    pub fn border_runs(&self, ring: usize, whole: bool) -> BorderRuns {
        let Some(r) = self.rings.get(ring) else {
            return BorderRuns::Parts(Vec::new());
        };
        let (start, n) = (r.start as usize, r.len());
        let owned = |k: usize| self.owned.get(start + k).copied().unwrap_or(true);
        let Some(gap) = (!whole).then(|| (0..n).find(|&k| !owned(k))).flatten() else {
            return BorderRuns::Whole;
        };
        // From just after an edge it does not own, so no run is cut at the ring's end.
        let mut parts = Vec::new();
        let mut run: Vec<u32> = Vec::new();
        for step in 1..=n {
            let k = (gap + step) % n;
            if owned(k) {
                if run.is_empty() {
                    run.push((start + k) as u32);
                }
                run.push((start + (k + 1) % n) as u32);
            } else if !run.is_empty() {
                parts.push(std::mem::take(&mut run));
            }
        }
        BorderRuns::Parts(parts)
    }

    /// Whether the triangles are built yet (they are not until first filled).
    pub fn is_triangulated(&self) -> bool {
        self.indices.get().is_some()
    }

    /// Earcut of every polygon, rebuilt from `vertices`, `rings` and `polygon_rings`.
    ///
    /// This runs while a frame is drawn, so a polygon earcut does not survive (a case
    /// of a user's basemap that the checks at loading let through) is logged and left
    /// unfilled, not allowed to take the window down.
    fn triangulate(&self) -> Vec<u32> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.earcut())).unwrap_or_else(
            |_| {
                log::error!(
                    "could not triangulate an outline of {} points; it is drawn unfilled",
                    self.vertices.len()
                );
                Vec::new()
            },
        )
    }

    /// [`LodMesh::triangulate`] without the guard.
    fn earcut(&self) -> Vec<u32> {
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
            // `Polygon::new` closes each ring again; earcut numbers the points as the
            // rings lie in `vertices`, without their closing points.
            let polygon = Polygon::new(exterior, parts.collect());
            let raw = polygon.earcut_triangles_raw();
            indices.extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
        }
        indices.shrink_to_fit();
        indices
    }
}

/// Triangulates the meshes not triangulated yet, on all cores, the largest first: the
/// regions a view is about to fill, so that the first frame of a view waits for earcut
/// on its own regions once, shared between the cores.
pub fn triangulate_all(meshes: &[&LodMesh]) {
    use rayon::prelude::*;
    let mut todo: Vec<&LodMesh> = meshes
        .iter()
        .copied()
        .filter(|m| !m.is_triangulated())
        .collect();
    if todo.len() < 2 {
        for m in todo {
            m.indices();
        }
        return;
    }
    todo.sort_by_key(|m| std::cmp::Reverse(m.vertices.len()));
    todo.par_iter().with_max_len(1).for_each(|m| {
        m.indices();
    });
}

/// What strokes one ring of a region ([`LodMesh::border_runs`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BorderRuns {
    /// The ring, closed.
    Whole,
    /// Open lines of vertex indices: the borders this region draws.
    Parts(Vec<Vec<u32>>),
}

/// A region ready to draw.
#[derive(Clone, Debug)]
pub struct PreparedRegion {
    /// World-space bounding box (min, max) for culling.
    pub world_min: WorldPoint,
    /// See `world_min`.
    pub world_max: WorldPoint,
    /// The simplified levels (all but full detail), built while preparing.
    simplified: Vec<LodMesh>,
    /// Full detail, projected from `source` when first drawn (see [`EAGER_LODS`]).
    full: OnceLock<LodMesh>,
    /// The region's outline in degrees, shared with the geography it came from.
    source: Arc<MultiPolygon<f64>>,
    /// Which edges of `source` the region strokes (empty: every edge), for full detail.
    topology: Arc<RegionTopology>,
}

impl PreparedRegion {
    /// A region that draws nothing, at every level, and meets no box.
    pub fn empty() -> Self {
        Self {
            world_min: WorldPoint::new(f64::INFINITY, f64::INFINITY),
            world_max: WorldPoint::new(f64::NEG_INFINITY, f64::NEG_INFINITY),
            simplified: vec![LodMesh::default(); EAGER_LODS],
            full: OnceLock::from(LodMesh::default()),
            source: Arc::new(MultiPolygon::new(Vec::new())),
            topology: Arc::default(),
        }
    }

    /// Whether the region's box meets the world box `(min, max)`.
    pub fn intersects(&self, min: WorldPoint, max: WorldPoint) -> bool {
        self.world_min.x <= max.x
            && self.world_max.x >= min.x
            && self.world_min.y <= max.y
            && self.world_max.y >= min.y
    }

    /// The mesh at level `lod` (see [`lod_for_zoom`]; past the last level, full detail).
    /// Full detail is projected and laid out by the first call that asks for it
    /// (concurrent callers wait for it). Every level is triangulated when first filled.
    pub fn lod(&self, lod: usize) -> &LodMesh {
        match self.simplified.get(lod) {
            Some(mesh) => mesh,
            None => self.full.get_or_init(|| {
                let built = build_lod(world_polygons(&self.source, &self.topology), 0.0);
                let mut mesh = built.mesh;
                mesh.owned = built.edges.iter().map(|e| e.owned).collect();
                if mesh.owned.iter().all(|&o| o) {
                    mesh.owned = Vec::new();
                }
                mesh.owned.shrink_to_fit();
                mesh
            }),
        }
    }

    /// Whether full detail has been built (it is not until first drawn).
    pub fn has_full_detail(&self) -> bool {
        self.full.get().is_some()
    }
}

/// Every region of a layer, prepared; same order as the layer.
#[derive(Clone, Debug, Default)]
pub struct PreparedLayer {
    /// One entry per region of the source layer.
    pub regions: Vec<PreparedRegion>,
}

impl PreparedLayer {
    /// Projects and simplifies a layer, using all cores (rayon); see [`EAGER_LODS`] for
    /// when each level is triangulated.
    ///
    /// The result has exactly one entry per region, in the layer's order, whatever
    /// happens: a region whose preparation panics (a geometry case the simplifier does
    /// not survive) is logged and drawn as nothing, at every level, instead
    /// of taking the layer down or shifting every later region's index.
    ///
    /// Borders two regions share are simplified once, to the same line on both sides,
    /// and stroked by one of them ([`crate::map::topology`]).
    pub fn prepare(layer: &RegionLayer) -> Self {
        use rayon::prelude::*;
        let regions = layer.regions();
        let topology = layer_topology(regions);
        let regions = regions
            .par_iter()
            .zip(topology)
            // One region per task: the two or three huge countries are stolen by
            // idle threads instead of queueing behind each other.
            .with_max_len(1)
            .map(|(region, topology)| {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    prepare_with(region, topology)
                }))
                .unwrap_or_else(|_| {
                    log::error!(
                        "could not prepare the outline of {} ({}) for drawing; it is left out",
                        region.name,
                        region.code
                    );
                    (PreparedRegion::empty(), vec![Vec::new(); EAGER_LODS])
                })
            })
            .collect::<Vec<(PreparedRegion, Vec<Vec<bool>>)>>();
        let (regions, shared): (Vec<_>, Vec<_>) = regions.into_iter().unzip();
        let mut layer = Self { regions };
        layer.own_simplified_borders(&shared);
        layer
    }

    /// Which region strokes each edge of the simplified levels: the first that has it.
    /// The full-detail topology cannot say, because a region may lose a small part at a
    /// coarse level (an island split between two countries) while its neighbour keeps
    /// the border; the level's own edges can. Only edges the full-detail topology
    /// found shared (`shared`: per region, per level, per vertex) are asked about: a
    /// border nobody else has is the region's own at every level.
    fn own_simplified_borders(&mut self, shared: &[Vec<Vec<bool>>]) {
        use rayon::prelude::*;
        let owners: Vec<Vec<Vec<bool>>> = (0..EAGER_LODS)
            .into_par_iter()
            .map(|lod| self.owners_at(lod, shared))
            .collect();
        for (lod, owners) in owners.into_iter().enumerate() {
            for (region, owned) in self.regions.iter_mut().zip(owners) {
                region.simplified[lod].owned = owned;
            }
        }
    }

    /// Per region, per vertex of level `lod`: whether the region strokes the edge from
    /// it (empty: every edge).
    fn owners_at(&self, lod: usize, shared: &[Vec<Vec<bool>>]) -> Vec<Vec<bool>> {
        // Each region's shared edges at this level: the vertex each starts at, its key.
        let (at, keys): (Vec<Vec<usize>>, Vec<Vec<u64>>) = self
            .regions
            .iter()
            .zip(shared)
            .map(|(region, shared)| {
                let mesh = region.lod(lod);
                let shared = shared.get(lod).map_or(&[][..], Vec::as_slice);
                let mut at = Vec::new();
                let mut keys = Vec::new();
                for ring in &mesh.rings {
                    let (start, end) = (ring.start as usize, ring.end as usize);
                    for k in start..end {
                        if shared.get(k).copied().unwrap_or(false) {
                            let next = if k + 1 == end { start } else { k + 1 };
                            let (a, b) = (mesh.vertices[k], mesh.vertices[next]);
                            at.push(k);
                            keys.push(edge_key(Coord { x: a.x, y: a.y }, Coord { x: b.x, y: b.y }));
                        }
                    }
                }
                (at, keys)
            })
            .unzip();
        let first = first_to_hold(&keys);
        self.regions
            .iter()
            .zip(at)
            .zip(first)
            .map(|((region, at), first)| {
                if first.iter().all(|&f| f) {
                    return Vec::new();
                }
                let mut owned = vec![true; region.lod(lod).vertices.len()];
                for (k, first) in at.into_iter().zip(first) {
                    owned[k] = first;
                }
                owned
            })
            .collect()
    }

    /// Total triangle count at a level, for statistics and benchmarks.
    pub fn triangle_count(&self, lod: usize) -> usize {
        self.regions
            .iter()
            .map(|r| r.lod(lod).indices().len() / 3)
            .sum()
    }

    /// Total vertex count at a level.
    pub fn vertex_count(&self, lod: usize) -> usize {
        self.regions.iter().map(|r| r.lod(lod).vertices.len()).sum()
    }
}

fn to_world(c: Coord<f64>) -> Coord<f64> {
    let w = world_from_geo(c.x, c.y);
    Coord { x: w.x, y: w.y }
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
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = Vec::new();
    keep_between(pts, 0, n - 1, tolerance * tolerance, &mut keep, &mut stack);
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

/// Douglas–Peucker between `pts[first]` and `pts[last]` (both kept by the caller):
/// marks in `keep` the points farther than the tolerance (squared: `tol2`) from the
/// line that the kept points make.
fn keep_between(
    pts: &[Coord<f64>],
    first: usize,
    last: usize,
    tol2: f64,
    keep: &mut [bool],
    stack: &mut Vec<(usize, usize)>,
) {
    stack.clear();
    stack.push((first, last));
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
}

/// What the layer's topology says of one edge of a ring.
#[derive(Clone, Copy, Debug)]
struct EdgeFlags {
    /// Stroked by this region at full detail (see [`RegionTopology::owned`]).
    owned: bool,
    /// Another region has it too (see [`RegionTopology::shared`]).
    shared: bool,
}

/// A ring in world coordinates, without its closing point, with the topology's flags.
#[derive(Clone, Debug, Default)]
struct TopoRing {
    points: Vec<Coord<f64>>,
    /// Per point: kept at every level (see [`RegionTopology::fixed`]).
    fixed: Vec<bool>,
    /// Per edge from the point.
    edges: Vec<EdgeFlags>,
}

impl TopoRing {
    /// The largest side of the ring's bounding box.
    fn extent(&self) -> f64 {
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for c in &self.points {
            min_x = min_x.min(c.x);
            min_y = min_y.min(c.y);
            max_x = max_x.max(c.x);
            max_y = max_y.max(c.y);
        }
        (max_x - min_x).max(max_y - min_y)
    }

    /// Douglas–Peucker run by run between fixed points, each run in the direction its
    /// end points give ([`point_order`]), so a border two regions share (in opposite
    /// directions) keeps the same points on both sides; a ring without fixed points
    /// from its first point round, as `simplify_ring` does. Empty when fewer than
    /// three points remain.
    fn simplify(&self, tolerance: f64, stack: &mut Vec<(usize, usize)>) -> TopoRing {
        let n = self.points.len();
        if n <= 3 {
            return self.clone();
        }
        // A ring nobody shares runs from its first point round to it, as ever.
        let mut fixed: Vec<usize> = (0..n).filter(|&k| self.fixed[k]).collect();
        let alone = fixed.is_empty();
        if alone {
            fixed.push(0);
        }
        let tol2 = tolerance * tolerance;
        let mut keep = vec![false; n];
        let mut run = Vec::new();
        let mut run_keep = Vec::new();
        for (i, &start) in fixed.iter().enumerate() {
            keep[start] = true;
            let end = fixed[(i + 1) % fixed.len()];
            // The run's indices into the ring, start to end inclusive (around the end
            // of the ring when needed; the whole ring when there is one fixed point).
            let len = (end + n - start) % n;
            let len = if len == 0 { n } else { len };
            run.clear();
            run.extend((0..=len).map(|k| (start + k) % n));
            let forward = alone
                || match point_order(self.points[start], self.points[end]) {
                    std::cmp::Ordering::Less => true,
                    std::cmp::Ordering::Greater => false,
                    // A closed run: by its second point against its last but one.
                    std::cmp::Ordering::Equal => {
                        point_order(self.points[run[1]], self.points[run[len - 1]])
                            != std::cmp::Ordering::Greater
                    }
                };
            if !forward {
                run.reverse();
            }
            let pts: Vec<Coord<f64>> = run.iter().map(|&k| self.points[k]).collect();
            run_keep.clear();
            run_keep.resize(pts.len(), false);
            keep_between(&pts, 0, pts.len() - 1, tol2, &mut run_keep, stack);
            for (&k, &kept) in run.iter().zip(&run_keep) {
                keep[k] |= kept;
            }
        }
        let mut out = TopoRing::default();
        for k in (0..n).filter(|&k| keep[k]) {
            out.points.push(self.points[k]);
            out.fixed.push(self.fixed[k]);
            // Every edge between two kept points lies in one run, whose edges all
            // have the same sharers.
            out.edges.push(self.edges[k]);
        }
        if out.points.len() < 3 {
            out = TopoRing::default();
        }
        out
    }
}

/// A region's polygons in world coordinates with the topology's flags, each as its
/// exterior followed by its holes.
fn world_polygons(geometry: &MultiPolygon<f64>, topology: &RegionTopology) -> Vec<Vec<TopoRing>> {
    let mut at = 0usize;
    geometry
        .iter()
        .map(|p| {
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(|ring| {
                    let points = open_ring(ring);
                    let n = points.len();
                    // Without a topology (a control area, or full detail, which is never
                    // simplified), every point is free, every edge owned and nobody
                    // else's, as a ring simplified alone.
                    let flag = |v: &[bool], k: usize, default: bool| {
                        v.get(at + k).copied().unwrap_or(default)
                    };
                    let ring = TopoRing {
                        points: points.iter().map(|&c| to_world(c)).collect(),
                        fixed: (0..n).map(|k| flag(&topology.fixed, k, false)).collect(),
                        edges: (0..n)
                            .map(|k| EdgeFlags {
                                owned: flag(&topology.owned, k, true),
                                shared: flag(&topology.shared, k, false),
                            })
                            .collect(),
                    };
                    at += n;
                    ring
                })
                .collect()
        })
        .collect()
}

/// Projects and simplifies one region alone (control areas): every edge is its own.
/// Full detail is projected when first drawn, each level triangulated when first filled
/// (see [`EAGER_LODS`]).
pub fn prepare_region(region: &Region) -> PreparedRegion {
    prepare_with(region, RegionTopology::default()).0
}

/// [`prepare_region`] with the region's place in its layer's topology. Also returns,
/// per simplified level, per vertex, whether another region has the edge from it at
/// full detail (see [`PreparedLayer::own_simplified_borders`]).
fn prepare_with(region: &Region, topology: RegionTopology) -> (PreparedRegion, Vec<Vec<bool>>) {
    let min = world_from_geo(region.bounds.min_lon, region.bounds.max_lat);
    let max = world_from_geo(region.bounds.max_lon, region.bounds.min_lat);
    // Cascade from fine to coarse: each level is simplified from the next finer one,
    // which has far fewer points than the original. Errors add up to at most
    // t·(1 + 1/4 + 1/16) < 1.4·t, still under a pixel.
    let mut simplified = vec![LodMesh::default(); EAGER_LODS];
    let mut shared = vec![Vec::new(); EAGER_LODS];
    let mut source = world_polygons(&region.geometry, &topology);
    for lod in (0..EAGER_LODS).rev() {
        let built = build_lod(source, lod_tolerance(lod));
        simplified[lod] = built.mesh;
        shared[lod] = built.edges.iter().map(|e| e.shared).collect();
        source = built.coarser;
    }
    let prepared = PreparedRegion {
        world_min: min,
        world_max: max,
        simplified,
        full: OnceLock::new(),
        source: Arc::clone(&region.geometry),
        // Full detail is never simplified: only which edges are the region's own.
        topology: Arc::new(RegionTopology {
            owned: topology.owned,
            ..RegionTopology::default()
        }),
    };
    (prepared, shared)
}

/// One level built by [`build_lod`].
struct BuiltLod {
    /// The level, without `owned` (who strokes a border is decided by the caller),
    /// not triangulated yet.
    mesh: LodMesh,
    /// The level's polygons: the next coarser level's source.
    coarser: Vec<Vec<TopoRing>>,
    /// Per vertex of `mesh`: the topology's flags of the edge from it.
    edges: Vec<EdgeFlags>,
}

/// Simplifies one level (to `tolerance`; 0 keeps every point) and lays it out as
/// earcut will number it.
fn build_lod(polygons: Vec<Vec<TopoRing>>, tolerance: f64) -> BuiltLod {
    let mut mesh = LodMesh::default();
    let mut edges = Vec::new();
    let mut kept = Vec::with_capacity(polygons.len());
    let mut stack = Vec::new();
    for polygon in polygons {
        let simplified: Vec<TopoRing> = if tolerance > 0.0 {
            // Islands smaller than the tolerance are invisible at this level: drop them
            // (a hole goes with the enclave that fills it: their extents are equal).
            if polygon.first().is_none_or(|r| r.extent() < 2.0 * tolerance) {
                continue;
            }
            polygon
                .iter()
                .enumerate()
                .filter(|(i, r)| *i == 0 || r.extent() >= 2.0 * tolerance)
                .map(|(_, r)| r.simplify(tolerance, &mut stack))
                .enumerate()
                .filter(|(i, r)| *i == 0 || r.points.len() >= 3)
                .map(|(_, r)| r)
                .collect()
        } else {
            polygon
        };
        if simplified.first().is_none_or(|r| r.points.len() < 3) {
            continue;
        }
        // earcut's vertex list is the rings without their closing points, back to back.
        for ring in &simplified {
            let start = mesh.vertices.len() as u32;
            mesh.vertices
                .extend(ring.points.iter().map(|c| WorldPoint::new(c.x, c.y)));
            edges.extend_from_slice(&ring.edges);
            mesh.rings.push(start..mesh.vertices.len() as u32);
        }
        mesh.polygon_rings.push(simplified.len() as u32);
        kept.push(simplified);
    }
    // Kept for the whole session: without the slack of growing (up to half of each).
    mesh.vertices.shrink_to_fit();
    mesh.rings.shrink_to_fit();
    mesh.polygon_rings.shrink_to_fit();
    BuiltLod {
        mesh,
        coarser: kept,
        edges,
    }
}

#[cfg(test)]
mod tests;
