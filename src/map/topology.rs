//! The borders regions of one layer share: which points every simplification must
//! keep so that two neighbours simplify their common border to the same line, and which
//! region strokes each border, so that it is drawn once.
//!
//! Natural Earth's countries (and the shipped oblasts) give a border both neighbours
//! share as the same points, so an edge is shared when two regions have it with the
//! same two end points (in either direction). Simplifying each ring on its own made the
//! two copies of a border drift apart (up to a pixel each way) and both were stroked:
//! two anti-aliased lines where one was meant, and twice the triangles.

use std::cmp::Ordering;

use geo::{Coord, LineString};

use crate::model::geography::Region;

/// What the layer's topology says of one region's rings: per point and per edge, in
/// the order of its polygons (exterior, then holes), each ring without its closing
/// point.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegionTopology {
    /// Per point: kept by every simplification (where the ring's neighbours change,
    /// or a canonical point of a ring shared whole).
    pub fixed: Vec<bool>,
    /// Per edge (point k to point k + 1, the ring's last point back to its first):
    /// whether this region strokes it (no region earlier in the layer shares it).
    pub owned: Vec<bool>,
    /// Per edge: whether another region of the layer has it too.
    pub shared: Vec<bool>,
}

/// The points of a ring without its closing point.
pub fn open_ring(ring: &LineString<f64>) -> &[Coord<f64>] {
    let n = ring.0.len();
    if n > 1 && ring.0[0] == ring.0[n - 1] {
        &ring.0[..n - 1]
    } else {
        &ring.0
    }
}

/// The rings of a region in the topology's order.
fn rings(region: &Region) -> impl Iterator<Item = &LineString<f64>> {
    region
        .geometry
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
}

/// A total order of points (by x, then y), the same on both sides of a border.
pub fn point_order(a: Coord<f64>, b: Coord<f64>) -> Ordering {
    a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y))
}

/// A 64-bit key of the undirected edge a–b: the same for b–a.
pub fn edge_key(a: Coord<f64>, b: Coord<f64>) -> u64 {
    let (p, q) = if point_order(a, b) == Ordering::Greater {
        (b, a)
    } else {
        (a, b)
    };
    let mut h = 0x9E37_79B9_7F4A_7C15u64;
    for word in [p.x.to_bits(), p.y.to_bits(), q.x.to_bits(), q.y.to_bits()] {
        // splitmix64 over the four coordinates: a collision between two different
        // edges of a layer (300,000 edges) has a chance of about 1 in 10^8.
        h = (h ^ word).wrapping_add(0x9E37_79B9_7F4A_7C15);
        h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        h ^= h >> 31;
    }
    h
}

/// Who shares an edge: how many regions, the first and the last of them (by index).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Sharers {
    count: u32,
    first: u32,
    last: u32,
}

/// Who shares each edge of each region's rings (open point lists), per region, edge
/// after edge in ring order.
fn sharers(regions: &[Vec<&[Coord<f64>]>]) -> Vec<Vec<Sharers>> {
    use rayon::prelude::*;
    // Every edge as (key, region, its place in the region's answer), sorted: the
    // regions that share an edge are then neighbours in the list, and one pass over it
    // answers every edge. (A binary search per edge missed the cache on every step, 1 s
    // for the countries; a hash map of the edges took 55 ms, sorting them about 15.)
    // The keys are made on all cores, each region into its own part of the list.
    let counts: Vec<usize> = regions
        .iter()
        .map(|rings| rings.iter().map(|points| points.len()).sum())
        .collect();
    let mut edges = vec![(NO_EDGE, 0u32, 0u32); counts.iter().sum()];
    let mut slices = Vec::with_capacity(regions.len());
    let mut rest = edges.as_mut_slice();
    for &n in &counts {
        let (mine, others) = rest.split_at_mut(n);
        slices.push(mine);
        rest = others;
    }
    slices
        .into_par_iter()
        .zip(regions)
        .enumerate()
        .for_each(|(r, (slots, rings))| {
            let ring_edges = rings.iter().flat_map(|points| {
                let n = points.len();
                (0..n).map(move |k| (points[k], points[(k + 1) % n]))
            });
            for (k, (slot, (a, b))) in slots.iter_mut().zip(ring_edges).enumerate() {
                // A repeated point is an edge of no length: nobody else's.
                let key = if a == b { NO_EDGE } else { edge_key(a, b) };
                *slot = (key, r as u32, k as u32);
            }
        });
    edges.par_sort_unstable();
    let mut answer: Vec<Vec<Sharers>> = counts
        .iter()
        .enumerate()
        .map(|(r, &n)| {
            let r = r as u32;
            let alone = Sharers {
                count: 1,
                first: r,
                last: r,
            };
            vec![alone; n]
        })
        .collect();
    for group in edges.chunk_by(|a, b| a.0 == b.0) {
        // Sorted by region within the key: count each region once (a ring that
        // doubles back over an edge has it twice).
        let count = 1 + group.windows(2).filter(|w| w[0].1 != w[1].1).count() as u32;
        if count == 1 || group[0].0 == NO_EDGE {
            continue;
        }
        let shared = Sharers {
            count,
            first: group[0].1,
            last: group[group.len() - 1].1,
        };
        for &(_, r, k) in group {
            answer[r as usize][k as usize] = shared;
        }
    }
    answer
}

/// The key of an edge of no length (never shared).
const NO_EDGE: u64 = u64::MAX;

/// Per region, per listed edge (its [`edge_key`]): whether the region is the first in
/// the list that has it. Used for each simplified level, where only the edges the
/// full-detail topology found shared need asking (a neighbour may have lost its copy
/// with a small island it dropped).
pub fn first_to_hold(keys: &[Vec<u64>]) -> Vec<Vec<bool>> {
    let mut edges: Vec<(u64, u32, u32)> = keys
        .iter()
        .enumerate()
        .flat_map(|(r, keys)| {
            keys.iter()
                .enumerate()
                .map(move |(k, &key)| (key, r as u32, k as u32))
        })
        .collect();
    edges.sort_unstable();
    let mut first: Vec<Vec<bool>> = keys.iter().map(|keys| vec![true; keys.len()]).collect();
    for group in edges.chunk_by(|a, b| a.0 == b.0) {
        let holder = group[0].1;
        for &(_, r, k) in group.iter().filter(|e| e.1 != holder) {
            first[r as usize][k as usize] = false;
        }
    }
    first
}

/// The topology of every region of a layer, in the layer's order.
pub fn layer_topology(regions: &[Region]) -> Vec<RegionTopology> {
    let rings: Vec<Vec<&[Coord<f64>]>> = regions
        .iter()
        .map(|region| rings(region).map(open_ring).collect())
        .collect();
    let shared = sharers(&rings);
    rings
        .iter()
        .zip(shared)
        .enumerate()
        .map(|(r, (rings, shared))| {
            let r = r as u32;
            let mut topology = RegionTopology {
                owned: shared.iter().map(|s| s.first == r).collect(),
                shared: shared.iter().map(|s| s.count > 1).collect(),
                fixed: Vec::with_capacity(shared.len()),
            };
            let mut at = 0;
            for points in rings {
                let n = points.len();
                let shared = &shared[at..at + n];
                at += n;
                // A point is fixed where the edges before and after it are shared
                // with different regions.
                let start = topology.fixed.len();
                topology
                    .fixed
                    .extend((0..n).map(|k| shared[(k + n - 1) % n] != shared[k]));
                let fixed = &mut topology.fixed[start..];
                if n > 0 && shared[0].count > 1 && !fixed.contains(&true) {
                    // Shared all round (an enclave and the hole around it): one fixed
                    // point, the same on both sides. A ring nobody shares has none.
                    let at = (0..n)
                        .min_by(|&i, &j| point_order(points[i], points[j]))
                        .unwrap_or(0);
                    fixed[at] = true;
                }
            }
            topology
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::geography::Geography;

    #[test]
    fn neighbours_see_the_same_fixed_points_and_one_of_them_owns_each_border() {
        let g = Geography::builtin().unwrap();
        let regions = g.countries.regions();
        let topology = layer_topology(regions);
        assert_eq!(topology.len(), regions.len());
        let index = |code: &str| regions.iter().position(|r| r.code == code).unwrap();
        // Ukraine and Poland share a border: the points of Ukraine's ring on it are
        // points of Poland's, the ends of the shared run are fixed on both sides, and
        // exactly one of the two owns its edges.
        let (ukr, pol) = (index("UKR"), index("POL"));
        let points = |r: usize| -> Vec<(Coord<f64>, bool, bool)> {
            let t = &topology[r];
            rings(&regions[r])
                .flat_map(|ring| open_ring(ring).iter().copied())
                .zip(t.fixed.iter().copied())
                .zip(t.owned.iter().copied())
                .map(|((c, f), o)| (c, f, o))
                .collect()
        };
        let (u, p) = (points(ukr), points(pol));
        let pol_fixed: std::collections::HashSet<(u64, u64)> = p
            .iter()
            .filter(|q| q.1)
            .map(|q| (q.0.x.to_bits(), q.0.y.to_bits()))
            .collect();
        let pol_all: std::collections::HashSet<(u64, u64)> = p
            .iter()
            .map(|q| (q.0.x.to_bits(), q.0.y.to_bits()))
            .collect();
        let on_border: Vec<_> = u
            .iter()
            .filter(|q| pol_all.contains(&(q.0.x.to_bits(), q.0.y.to_bits())))
            .collect();
        assert!(on_border.len() > 100, "{} shared points", on_border.len());
        let ukr_fixed_on_border: Vec<_> = on_border.iter().filter(|q| q.1).collect();
        assert!(!ukr_fixed_on_border.is_empty());
        for q in &ukr_fixed_on_border {
            assert!(pol_fixed.contains(&(q.0.x.to_bits(), q.0.y.to_bits())));
        }
        // The shared edges are owned by the one of the two that comes first.
        let shared_owned_by_ukr = u
            .windows(2)
            .filter(|w| {
                pol_all.contains(&(w[0].0.x.to_bits(), w[0].0.y.to_bits()))
                    && pol_all.contains(&(w[1].0.x.to_bits(), w[1].0.y.to_bits()))
            })
            .filter(|w| w[0].2)
            .count();
        if ukr < pol {
            assert!(shared_owned_by_ukr > 100);
        } else {
            assert_eq!(shared_owned_by_ukr, 0);
        }
        // Coasts are owned by their only region: most of Norway's edges.
        let nor = &topology[index("NOR")];
        let owned = nor.owned.iter().filter(|&&o| o).count();
        assert!(
            owned * 10 > nor.owned.len() * 9,
            "{owned}/{}",
            nor.owned.len()
        ); // ...and nobody else's; the edges Norway does not own are all shared.
        let shared = nor.shared.iter().filter(|&&s| s).count();
        assert!(shared > 0 && shared * 10 < nor.shared.len(), "{shared}");
        assert!(nor.owned.iter().zip(&nor.shared).all(|(&o, &s)| o || s));
        // Ukraine's edges on the Polish border are shared on both sides.
        let shared_on_border = u
            .windows(2)
            .zip(&topology[ukr].shared)
            .filter(|(w, _)| {
                pol_all.contains(&(w[0].0.x.to_bits(), w[0].0.y.to_bits()))
                    && pol_all.contains(&(w[1].0.x.to_bits(), w[1].0.y.to_bits()))
            })
            .filter(|(_, s)| **s)
            .count();
        assert!(shared_on_border > 100, "{shared_on_border}");
    }

    #[test]
    fn the_first_region_that_holds_an_edge_is_its_holder() {
        // Region 0 has edges 1 and 2; region 1 has 2 (again) and 3; region 2 has 1
        // and 3 twice (a ring that doubles back).
        let keys = vec![vec![1, 2], vec![2, 3], vec![1, 3, 3]];
        assert_eq!(
            first_to_hold(&keys),
            vec![
                vec![true, true],
                vec![false, true],
                vec![false, false, false]
            ]
        );
        assert!(first_to_hold(&[]).is_empty());
    }

    #[test]
    fn an_enclave_and_its_hole_fix_the_same_point() {
        let g = Geography::builtin().unwrap();
        let regions = g.countries.regions();
        let topology = layer_topology(regions);
        let index = |code: &str| regions.iter().position(|r| r.code == code).unwrap();
        // San Marino lies inside Italy: its whole ring is a hole of Italy's.
        let (lso, zaf) = (index("SMR"), index("ITA"));
        let fixed_points = |r: usize| -> Vec<(u64, u64)> {
            rings(&regions[r])
                .flat_map(|ring| open_ring(ring).iter().copied())
                .zip(topology[r].fixed.iter())
                .filter(|(_, f)| **f)
                .map(|(c, _)| (c.x.to_bits(), c.y.to_bits()))
                .collect()
        };
        let lesotho = fixed_points(lso);
        assert_eq!(lesotho.len(), 1, "one canonical point");
        assert!(fixed_points(zaf).contains(&lesotho[0]));
        // Italy comes first or second: one of the two owns the border.
        let lso_owns = topology[lso].owned.iter().all(|&o| o);
        let lso_owns_none = topology[lso].owned.iter().all(|&o| !o);
        assert!(lso_owns != lso_owns_none);
        assert_eq!(lso_owns, lso < zaf);
    }

    #[test]
    fn an_edge_key_ignores_direction_and_tells_edges_apart() {
        let (a, b, c) = (
            Coord { x: 30.0, y: 50.0 },
            Coord { x: 30.5, y: 50.25 },
            Coord {
                x: 30.0,
                y: 50.0000001,
            },
        );
        assert_eq!(edge_key(a, b), edge_key(b, a));
        assert_ne!(edge_key(a, b), edge_key(c, b));
        assert_ne!(edge_key(a, b), edge_key(a, c));
    }
}
