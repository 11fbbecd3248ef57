//! Tests of the level-of-detail meshes: simplification, triangulation, shared borders.

use super::*;
use crate::model::geography::{LayerKind, RegionLayer};

#[test]
fn a_layer_is_prepared_in_parallel_in_the_layer_s_order() {
    let g = crate::model::geography::Geography::builtin().unwrap();
    let layer = PreparedLayer::prepare(&g.oblasts);
    let regions = g.oblasts.regions();
    assert_eq!(layer.regions.len(), regions.len());
    let topology = crate::map::topology::layer_topology(regions);
    for ((prepared, region), topology) in layer.regions.iter().zip(regions).zip(topology) {
        let (alone, _) = prepare_with(region, topology);
        assert_eq!(prepared.world_min, alone.world_min, "{}", region.name);
        for lod in 0..LOD_COUNT {
            let (a, b) = (prepared.lod(lod), alone.lod(lod));
            assert_eq!(a.vertices, b.vertices, "{}", region.name);
            assert_eq!(a.indices(), b.indices(), "{}", region.name);
        }
    }
    // A region left out draws nothing at any level and is never in view.
    let empty = PreparedRegion::empty();
    assert!(
        (0..LOD_COUNT)
            .map(|lod| empty.lod(lod))
            .all(|l| l.indices().is_empty() && l.rings.is_empty())
    );
    assert!(!empty.intersects(
        WorldPoint::new(f64::MIN, f64::MIN),
        WorldPoint::new(f64::MAX, f64::MAX)
    ));
}

#[test]
fn every_level_is_triangulated_when_first_filled_as_earcut_would_at_once() {
    let g = crate::model::geography::Geography::builtin().unwrap();
    for code in ["UKR", "NOR", "GRC"] {
        let region = g.countries.get(code).unwrap();
        let prepared = prepare_region(region);
        // Full detail is neither projected nor triangulated until asked for; the
        // simplified levels are laid out but not triangulated.
        assert!(!prepared.has_full_detail(), "{code}");
        assert!((0..EAGER_LODS).all(|lod| !prepared.lod(lod).is_triangulated()));
        let full = prepared.lod(LOD_COUNT - 1);
        assert!(prepared.has_full_detail(), "{code}");
        assert!(!full.is_triangulated(), "{code}");
        // Past the last level is full detail too, the same mesh.
        assert!(std::ptr::eq(full, prepared.lod(LOD_COUNT + 3)));
        for lod in 0..LOD_COUNT {
            let mesh = prepared.lod(lod);
            // The same triangles as earcut on the level's polygons, each numbered from
            // the polygon's first vertex in the level's layout.
            let mut at_once = Vec::new();
            let mut first = 0usize;
            for &count in &mesh.polygon_rings {
                let rings = &mesh.rings[first..first + count as usize];
                first += count as usize;
                let ring = |r: &std::ops::Range<u32>| {
                    LineString::new(
                        mesh.vertices[r.start as usize..r.end as usize]
                            .iter()
                            .map(|v| Coord { x: v.x, y: v.y })
                            .collect(),
                    )
                };
                let polygon = Polygon::new(ring(&rings[0]), rings[1..].iter().map(ring).collect());
                let raw = polygon.earcut_triangles_raw();
                at_once.extend(
                    raw.triangle_indices
                        .iter()
                        .map(|&i| rings[0].start + i as u32),
                );
            }
            assert!(at_once.len() > 3 * 20, "{code} lod {lod}");
            assert_eq!(mesh.indices(), &at_once[..], "{code} lod {lod}");
            assert!(mesh.is_triangulated());
        }
    }
}

#[test]
fn the_regions_in_view_are_triangulated_together_and_only_they() {
    let g = crate::model::geography::Geography::builtin().unwrap();
    let layer = PreparedLayer::prepare(&g.countries);
    let index = |code: &str| g.countries.regions().iter().position(|r| r.code == code);
    let (ukr, pol, can) = (
        index("UKR").unwrap(),
        index("POL").unwrap(),
        index("CAN").unwrap(),
    );
    let lod = 2;
    let again = PreparedLayer::prepare(&g.countries);
    triangulate_all(&[layer.regions[ukr].lod(lod), layer.regions[pol].lod(lod)]);
    assert!(layer.regions[ukr].lod(lod).is_triangulated());
    assert!(layer.regions[pol].lod(lod).is_triangulated());
    assert!(!layer.regions[can].lod(lod).is_triangulated());
    assert!(!layer.regions[ukr].lod(lod - 1).is_triangulated());
    // Triangulated on another thread, the same triangles as on this one.
    assert_eq!(
        layer.regions[ukr].lod(lod).indices(),
        again.regions[ukr].lod(lod).indices()
    );
    // Asking again does nothing more.
    triangulate_all(&[layer.regions[ukr].lod(lod)]);
    assert!(layer.regions[ukr].lod(lod).indices().len() > 300);
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
    let full = prepared.regions[0].lod(LOD_COUNT - 1);
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
            !r.lod(LOD_COUNT - 1).indices().is_empty(),
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
    assert!(!p.regions[ukr].lod(0).indices().is_empty());
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
    assert!(layer.problems()[0].starts_with("feature 1 (Bowtie): its outer ring crosses itself"));
}

/// Undirected key of an edge between two world points, exact.
fn edge(a: WorldPoint, b: WorldPoint) -> ((u64, u64), (u64, u64)) {
    let (p, q) = (
        (a.x.to_bits(), a.y.to_bits()),
        (b.x.to_bits(), b.y.to_bits()),
    );
    if p <= q { (p, q) } else { (q, p) }
}

/// Every edge of a level's rings.
fn edges(mesh: &LodMesh) -> Vec<((u64, u64), (u64, u64))> {
    let mut out = Vec::new();
    for ring in &mesh.rings {
        let v = &mesh.vertices[ring.start as usize..ring.end as usize];
        for k in 0..v.len() {
            out.push(edge(v[k], v[(k + 1) % v.len()]));
        }
    }
    out
}

#[test]
fn neighbours_simplify_their_border_to_the_same_line_at_every_level() {
    let g = crate::model::geography::Geography::builtin().unwrap();
    let layer = PreparedLayer::prepare(&g.countries);
    let regions = g.countries.regions();
    let index = |code: &str| regions.iter().position(|r| r.code == code).unwrap();
    let points = |mesh: &LodMesh| -> std::collections::HashSet<(u64, u64)> {
        mesh.vertices
            .iter()
            .map(|w| (w.x.to_bits(), w.y.to_bits()))
            .collect()
    };
    let ukr = index("UKR");
    let full = points(layer.regions[ukr].lod(LOD_COUNT - 1));
    for neighbour in ["POL", "SVK", "HUN", "ROU", "MDA", "BLR", "RUS"] {
        let other = index(neighbour);
        // The border at full detail: the points both have.
        let border: std::collections::HashSet<_> = points(layer.regions[other].lod(LOD_COUNT - 1))
            .intersection(&full)
            .copied()
            .collect();
        assert!(
            border.len() > 20,
            "{neighbour}: {} border points",
            border.len()
        );
        for lod in 0..EAGER_LODS {
            // Each side keeps the same points of the border: one line, not two lines
            // a pixel apart (simplified alone, the two sides kept different ones).
            let on = |r: usize| -> std::collections::HashSet<(u64, u64)> {
                points(layer.regions[r].lod(lod))
                    .intersection(&border)
                    .copied()
                    .collect()
            };
            let (a, b) = (on(ukr), on(other));
            assert!(a.len() >= 2, "{neighbour} lod {lod}");
            assert_eq!(a, b, "{neighbour} lod {lod}");
            let b_edges: std::collections::HashSet<_> =
                edges(layer.regions[other].lod(lod)).into_iter().collect();
            let shared = edges(layer.regions[ukr].lod(lod))
                .iter()
                .filter(|e| b_edges.contains(e))
                .count();
            // The kept points are joined edge for edge: one line per stretch of border
            // (Romania's two, either side of Moldova).
            assert!(
                shared + 2 >= a.len() && shared >= 1,
                "{neighbour} lod {lod}: {shared} shared edges for {} points",
                a.len()
            );
        }
    }
}

#[test]
fn each_edge_of_a_layer_is_stroked_once() {
    let g = crate::model::geography::Geography::builtin().unwrap();
    for (name, source) in [("countries", &g.countries), ("oblasts", &g.oblasts)] {
        let layer = PreparedLayer::prepare(source);
        for lod in 0..LOD_COUNT {
            let mut all = std::collections::HashSet::new();
            let mut stroked = std::collections::HashMap::new();
            for region in &layer.regions {
                let mesh = region.lod(lod);
                all.extend(edges(mesh));
                for ring in 0..mesh.rings.len() {
                    let runs = match mesh.border_runs(ring, false) {
                        BorderRuns::Whole => {
                            let r = &mesh.rings[ring];
                            let mut run: Vec<u32> = (r.start..r.end).collect();
                            run.push(r.start);
                            vec![run]
                        }
                        BorderRuns::Parts(parts) => parts,
                    };
                    for run in runs {
                        for w in run.windows(2) {
                            let e =
                                edge(mesh.vertices[w[0] as usize], mesh.vertices[w[1] as usize]);
                            *stroked.entry(e).or_insert(0) += 1;
                        }
                    }
                }
            }
            let twice = stroked.values().filter(|&&n| n > 1).count();
            // A handful of edges are shared by two regions yet not found as shared
            // (an enclave's ring met at one point by a third region); none more.
            assert!(
                twice * 1000 <= stroked.len(),
                "{name} lod {lod}: {twice} of {} edges stroked twice",
                stroked.len()
            );
            let missing = all.iter().filter(|e| !stroked.contains_key(*e)).count();
            assert_eq!(missing, 0, "{name} lod {lod}: edges nobody strokes");
            // Land borders are many: stroking each once leaves far fewer edges than
            // the rings have in all.
            let total: usize = layer.regions.iter().map(|r| edges(r.lod(lod)).len()).sum();
            assert!(stroked.values().sum::<usize>() < total, "{name} lod {lod}");
        }
    }
}

#[test]
fn a_region_alone_simplifies_as_a_ring_does() {
    let g = crate::model::geography::Geography::builtin().unwrap();
    for code in ["NOR", "GRC", "UKR"] {
        let region = g.countries.get(code).unwrap();
        // Control areas are prepared alone: every edge their own, the first point of
        // each ring kept, as `simplify_ring` does.
        let prepared = prepare_region(region);
        let mut source: Vec<Polygon<f64>> = region
            .geometry
            .iter()
            .map(|p| {
                let world = |r: &LineString<f64>| {
                    LineString::new(r.0.iter().map(|&c| to_world(c)).collect())
                };
                Polygon::new(
                    world(p.exterior()),
                    p.interiors().iter().map(world).collect(),
                )
            })
            .collect();
        for lod in (0..EAGER_LODS).rev() {
            let t = lod_tolerance(lod);
            source = source
                .into_iter()
                .filter(|p| {
                    let r = p.exterior();
                    let (min, max) = r.0.iter().fold(
                        (
                            Coord {
                                x: f64::MAX,
                                y: f64::MAX,
                            },
                            Coord {
                                x: f64::MIN,
                                y: f64::MIN,
                            },
                        ),
                        |(a, b), c| {
                            (
                                Coord {
                                    x: a.x.min(c.x),
                                    y: a.y.min(c.y),
                                },
                                Coord {
                                    x: b.x.max(c.x),
                                    y: b.y.max(c.y),
                                },
                            )
                        },
                    );
                    (max.x - min.x).max(max.y - min.y) >= 2.0 * t
                })
                .map(|p| Polygon::new(simplify_ring(p.exterior(), t), Vec::new()))
                .filter(|p| p.exterior().0.len() >= 4)
                .collect();
            let mesh = prepared.lod(lod);
            let exteriors: Vec<&[WorldPoint]> = mesh
                .rings
                .iter()
                .zip(mesh_is_exterior(mesh))
                .filter(|(_, e)| *e)
                .map(|(r, _)| &mesh.vertices[r.start as usize..r.end as usize])
                .collect();
            assert_eq!(exteriors.len(), source.len(), "{code} lod {lod}");
            for (ours, theirs) in exteriors.iter().zip(&source) {
                let theirs = &theirs.exterior().0;
                assert_eq!(ours.len() + 1, theirs.len(), "{code} lod {lod}");
                assert!(
                    ours.iter()
                        .zip(theirs)
                        .all(|(a, b)| a.x == b.x && a.y == b.y)
                );
            }
            assert!(mesh.owned.is_empty(), "alone, every edge is its own");
        }
    }
}

/// Which of a mesh's rings are exteriors (the first of each polygon).
fn mesh_is_exterior(mesh: &LodMesh) -> Vec<bool> {
    let mut out = Vec::new();
    for &count in &mesh.polygon_rings {
        out.push(true);
        out.extend(std::iter::repeat_n(false, count as usize - 1));
    }
    out
}

#[test]
fn border_runs_are_the_runs_of_owned_edges() {
    let mut mesh = LodMesh {
        vertices: (0..6).map(|k| WorldPoint::new(f64::from(k), 0.0)).collect(),
        rings: std::iter::once(0..6).collect(),
        owned: vec![true, true, false, true, false, false],
        ..LodMesh::default()
    };
    // From after the first edge not owned (2): edge 3 alone, then edges 0 and 1, which
    // run across the ring's end.
    assert_eq!(
        mesh.border_runs(0, false),
        BorderRuns::Parts(vec![vec![3, 4], vec![0, 1, 2]])
    );
    assert_eq!(mesh.border_runs(0, true), BorderRuns::Whole);
    mesh.owned = vec![false, true, true, true, true, true];
    assert_eq!(
        mesh.border_runs(0, false),
        BorderRuns::Parts(vec![vec![1, 2, 3, 4, 5, 0]])
    );
    mesh.owned = vec![false; 6];
    assert_eq!(mesh.border_runs(0, false), BorderRuns::Parts(Vec::new()));
    mesh.owned = Vec::new();
    assert_eq!(mesh.border_runs(0, false), BorderRuns::Whole);
    assert_eq!(mesh.border_runs(1, false), BorderRuns::Parts(Vec::new()));
}
