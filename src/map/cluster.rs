//! Hub clusters and symbol sizes: hubs whose symbols would overlap on screen become one
//! disc with their count and a breakdown by status. Shared by the screen
//! (`ui::hub_layer`) and the SVG export (`export::svg`), so both group the same hubs the
//! same way; every size constant of hub symbols and clusters is here.
//!
//! Clustering is greedy on a grid (as web map clusterers do): hubs are taken in id
//! order; each hub not yet in a group seeds one and takes every free hub whose symbol
//! would overlap its own. Groups whose centres still overlap are then merged, again
//! in order, until none do. The result depends only on the positions and ids, never on
//! the order hubs come in.

use std::collections::HashMap;

use crate::model::hub::{HubId, Status};
use crate::projection::{Camera, GeoBounds, Insets, ScreenRect};

/// Width of a full-size hub frame, pixels.
pub const FRAME_W: f64 = 34.0;
/// Height of a full-size hub frame, pixels.
pub const FRAME_H: f64 = 22.0;

/// Above this many hubs in view, symbols become small squares without text (screen and
/// SVG alike).
pub const COMPACT_ABOVE: usize = 250;
/// Room the lead-nation amplifier takes to the right of a frame, pixels: two symbols
/// nearer than this side by side would print one's amplifier over the other's frame.
pub const AMPLIFIER_W: f64 = 24.0;
/// Free space kept between two symbols above each other, pixels.
pub const GAP: f64 = 4.0;

/// From this zoom on hubs are never clustered: at city scale every hub is drawn, even
/// where two stand on the same spot.
pub const CLUSTER_MAX_ZOOM: f64 = 9.0;

/// Smallest symbol scale, reached at [`SMALL_ZOOM`] and below (a Europe view).
pub const MIN_SCALE: f64 = 0.6;
/// Zoom at and below which symbols are smallest.
pub const SMALL_ZOOM: f64 = 4.0;
/// Zoom at and above which symbols have full size (Ukraine fills the view).
pub const FULL_ZOOM: f64 = 6.0;

/// Width of the status ring round a cluster disc, pixels.
pub const RING_WIDTH: f64 = 5.0;
/// Font size of a cluster's count, points.
pub const COUNT_SIZE: f64 = 13.0;
/// Half the side of the warning mark on a cluster or symbol, pixels.
pub const WARNING_SIZE: f64 = 7.0;

/// How large hub symbols are drawn at `zoom`: from [`MIN_SCALE`] at [`SMALL_ZOOM`] to
/// full size at [`FULL_ZOOM`], linearly between. A non-finite zoom gets full size.
pub fn symbol_scale(zoom: f64) -> f64 {
    if !zoom.is_finite() {
        return 1.0;
    }
    let t = ((zoom - SMALL_ZOOM) / (FULL_ZOOM - SMALL_ZOOM)).clamp(0.0, 1.0);
    MIN_SCALE + (1.0 - MIN_SCALE) * t
}

/// How near two hubs may be before their symbols (at symbol scale `scale`) overlap:
/// `(dx, dy)` in pixels, two hubs overlap when `|Δx| < dx` and `|Δy| < dy`.
pub fn footprint(scale: f64) -> (f64, f64) {
    (FRAME_W * scale + AMPLIFIER_W, FRAME_H * scale + GAP)
}

/// Radius of a cluster disc of `count` hubs, pixels (grows slowly with the count).
pub fn cluster_radius(count: usize) -> f64 {
    (11.0 + 3.0 * (count.max(2) as f64).log2()).min(22.0)
}

/// One hub as the clusterer sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HubPoint {
    /// The hub.
    pub id: HubId,
    /// Screen position, pixels.
    pub x: f64,
    /// Screen position, pixels.
    pub y: f64,
    /// Active or waiting, under the ceasefire state shown.
    pub status: Status,
    /// Whether its site has warnings.
    pub warn: bool,
}

/// A group of hubs drawn as one mark: a single hub's symbol, or a cluster disc.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// Indices into the points given to [`cluster`], in hub id order.
    pub members: Vec<usize>,
    /// Where the mark is drawn: the mean of its members' positions, pixels.
    pub x: f64,
    /// See `x`.
    pub y: f64,
    /// Members active under the state shown.
    pub active: usize,
    /// Members waiting for their condition (inactive until the ceasefire…).
    pub inactive: usize,
    /// Members whose site has warnings.
    pub warnings: usize,
}

impl Cluster {
    /// How many hubs it holds.
    pub fn count(&self) -> usize {
        self.members.len()
    }

    /// Whether it is a single hub (drawn as its symbol, not as a disc).
    pub fn is_single(&self) -> bool {
        self.members.len() == 1
    }

    /// The hub ids of its members, in id order.
    pub fn ids(&self, points: &[HubPoint]) -> Vec<HubId> {
        self.members
            .iter()
            .filter_map(|&i| points.get(i).map(|p| p.id))
            .collect()
    }

    /// The disc's box `(min_x, min_y, max_x, max_y)`, warning mark included.
    pub fn disc_rect(&self) -> (f64, f64, f64, f64) {
        let r = cluster_radius(self.count());
        let w = if self.warnings > 0 { WARNING_SIZE } else { 0.0 };
        (self.x - r, self.y - r - w, self.x + r + w, self.y + r)
    }

    /// The arcs of the status ring, as `(start, end, status)` angles in radians,
    /// clockwise on screen from the top: the active share first, then the waiting one.
    /// Empty shares are left out; one status alone is a full turn.
    pub fn ring_arcs(&self) -> Vec<(f64, f64, Status)> {
        let total = (self.active + self.inactive).max(1) as f64;
        let top = -std::f64::consts::FRAC_PI_2;
        let split = top + std::f64::consts::TAU * self.active as f64 / total;
        let mut arcs = Vec::with_capacity(2);
        if self.active > 0 {
            arcs.push((top, split, Status::Active));
        }
        if self.inactive > 0 {
            arcs.push((split, top + std::f64::consts::TAU, Status::Inactive));
        }
        arcs
    }

    /// Its tooltip / title text: "4 hubs: 1 active, 3 waiting, 1 with warnings".
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} hubs: {} active, {} waiting",
            self.count(),
            self.active,
            self.inactive
        );
        if self.warnings > 0 {
            s.push_str(&format!(", {} with warnings", self.warnings));
        }
        s
    }
}

/// Groups `points` whose symbols (of extent `footprint`, see [`footprint`]) would
/// overlap, unless `zoom` is at or above [`CLUSTER_MAX_ZOOM`], where every hub stays
/// single. Points with a non-finite position are left out. Groups come in the order of
/// their smallest hub id; the same points in any order give the same groups.
pub fn cluster(points: &[HubPoint], footprint: (f64, f64), zoom: f64) -> Vec<Cluster> {
    let mut order: Vec<usize> = (0..points.len())
        .filter(|&i| points[i].x.is_finite() && points[i].y.is_finite())
        .collect();
    order.sort_by_key(|&i| (points[i].id, i));
    let (w, h) = footprint;
    let no_clustering = zoom >= CLUSTER_MAX_ZOOM || !(w.is_finite() && h.is_finite());
    if no_clustering || w <= 0.0 || h <= 0.0 {
        return order.into_iter().map(|i| make(points, vec![i])).collect();
    }

    // First pass: each free point in id order seeds a group of the free points near it.
    let grid = Grid::new(order.iter().map(|&i| (points[i].x, points[i].y)), w, h);
    let mut taken = vec![false; order.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for k in 0..order.len() {
        if taken[k] {
            continue;
        }
        taken[k] = true;
        let seed = &points[order[k]];
        let mut members = vec![order[k]];
        for j in grid.near(seed.x, seed.y) {
            let q = &points[order[j]];
            if !taken[j] && (q.x - seed.x).abs() < w && (q.y - seed.y).abs() < h {
                taken[j] = true;
                members.push(order[j]);
            }
        }
        groups.push(members);
    }

    // Then merge groups whose marks still overlap, until none do (a pass that merges
    // nothing ends it; the passes are bounded all the same).
    let mut clusters: Vec<Cluster> = groups.into_iter().map(|m| make(points, m)).collect();
    for _ in 0..32 {
        let grid = Grid::new(clusters.iter().map(|c| (c.x, c.y)), w, h);
        let mut used = vec![false; clusters.len()];
        let mut merged: Vec<Cluster> = Vec::with_capacity(clusters.len());
        let mut changed = false;
        for k in 0..clusters.len() {
            if used[k] {
                continue;
            }
            used[k] = true;
            let (sx, sy) = (clusters[k].x, clusters[k].y);
            let mut members = clusters[k].members.clone();
            for j in grid.near(sx, sy) {
                let c = &clusters[j];
                if !used[j] && (c.x - sx).abs() < w && (c.y - sy).abs() < h {
                    used[j] = true;
                    members.extend_from_slice(&c.members);
                    changed = true;
                }
            }
            merged.push(if members.len() == clusters[k].members.len() {
                clusters[k].clone()
            } else {
                make(points, members)
            });
        }
        clusters = merged;
        if !changed {
            break;
        }
    }
    clusters.sort_by_key(|c| c.members.first().map(|&i| (points[i].id, i)));
    clusters
}

/// A group of `members` with its centre and counts; members sorted by hub id.
fn make(points: &[HubPoint], mut members: Vec<usize>) -> Cluster {
    members.sort_by_key(|&i| (points[i].id, i));
    let n = members.len().max(1) as f64;
    let (mut x, mut y) = (0.0, 0.0);
    let (mut active, mut inactive, mut warnings) = (0, 0, 0);
    for &i in &members {
        let p = &points[i];
        x += p.x;
        y += p.y;
        match p.status {
            Status::Active => active += 1,
            Status::Inactive => inactive += 1,
        }
        warnings += usize::from(p.warn);
    }
    Cluster {
        members,
        x: x / n,
        y: y / n,
        active,
        inactive,
        warnings,
    }
}

/// Items bucketed by cells of `w`×`h`: whatever overlaps an item lies in the 3×3 cells
/// round its own.
struct Grid {
    w: f64,
    h: f64,
    cells: HashMap<(i64, i64), Vec<usize>>,
}

impl Grid {
    fn new(items: impl Iterator<Item = (f64, f64)>, w: f64, h: f64) -> Self {
        let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        for (k, (x, y)) in items.enumerate() {
            cells.entry(Self::cell(x, y, w, h)).or_default().push(k);
        }
        Self { w, h, cells }
    }

    fn cell(x: f64, y: f64, w: f64, h: f64) -> (i64, i64) {
        // Saturating casts: a point far off screen lands in an edge cell, harmlessly.
        ((x / w).floor() as i64, (y / h).floor() as i64)
    }

    /// Items in the 3×3 cells round `(x, y)`, in a fixed order. (A seed takes every
    /// free item in its box whatever the order, so the groups do not depend on it.)
    fn near(&self, x: f64, y: f64) -> impl Iterator<Item = usize> + '_ {
        let (cx, cy) = Self::cell(x, y, self.w, self.h);
        (-1..=1i64)
            .flat_map(move |dx| (-1..=1i64).map(move |dy| (dx, dy)))
            .filter_map(move |(dx, dy)| {
                self.cells
                    .get(&(cx.saturating_add(dx), cy.saturating_add(dy)))
            })
            .flatten()
            .copied()
    }
}

/// The camera a click on a cluster glides to: the box of its members (`lon`, `lat`)
/// fitted into the part of `viewport` that `insets` leave free (as every fit), but at least one zoom level closer than
/// `from` and not beyond [`CLUSTER_MAX_ZOOM`] (where nothing clusters any more), so
/// the click always opens the cluster up and hubs on one spot still come apart.
pub fn expand_camera(
    from: Camera,
    members: &[(f64, f64)],
    viewport: ScreenRect,
    insets: Insets,
) -> Camera {
    let finite: Vec<(f64, f64)> = members
        .iter()
        .copied()
        .filter(|(lon, lat)| lon.is_finite() && lat.is_finite())
        .collect();
    let Some(&(lon0, lat0)) = finite.first() else {
        return from;
    };
    let bounds = finite
        .iter()
        .fold(GeoBounds::new(lon0, lat0, lon0, lat0), |b, &(lon, lat)| {
            b.union(GeoBounds::new(lon, lat, lon, lat))
        });
    let mut to = Camera::fit_inside(bounds, viewport.width, viewport.height, insets);
    let zoom = to
        .zoom
        .min(CLUSTER_MAX_ZOOM)
        .max((from.zoom + 1.0).min(CLUSTER_MAX_ZOOM));
    to.zoom = zoom.max(from.zoom);
    to
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::Projector;

    fn point(id: u64, x: f64, y: f64, status: Status, warn: bool) -> HubPoint {
        HubPoint {
            id: HubId(id),
            x,
            y,
            status,
            warn,
        }
    }

    #[test]
    fn near_hubs_cluster_and_far_ones_do_not() {
        let fp = footprint(1.0);
        let near = [
            point(1, 100.0, 100.0, Status::Active, false),
            point(2, 101.0, 100.0, Status::Inactive, true),
        ];
        let c = cluster(&near, fp, 5.0);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].members, vec![0, 1]);
        assert_eq!((c[0].active, c[0].inactive, c[0].warnings), (1, 1, 1));
        assert_eq!((c[0].x, c[0].y), (100.5, 100.0));
        assert_eq!(
            c[0].summary(),
            "2 hubs: 1 active, 1 waiting, 1 with warnings"
        );

        let far = [
            point(1, 100.0, 100.0, Status::Active, false),
            point(2, 300.0, 100.0, Status::Active, false),
        ];
        let c = cluster(&far, fp, 5.0);
        assert_eq!(c.len(), 2);
        assert!(c.iter().all(Cluster::is_single));
        // At city zoom even hubs on one spot stay apart.
        assert_eq!(cluster(&near, fp, CLUSTER_MAX_ZOOM).len(), 2);
    }

    #[test]
    fn the_footprint_is_the_symbol_with_its_amplifier() {
        assert_eq!(footprint(1.0), (58.0, 26.0));
        // Side by side 50 px apart: the amplifier would print over the neighbour.
        let row = [
            point(1, 0.0, 0.0, Status::Active, false),
            point(2, 50.0, 0.0, Status::Active, false),
        ];
        assert_eq!(cluster(&row, footprint(1.0), 5.0).len(), 1);
        // Above each other 30 px apart: frames 22 px high leave 8 px; two marks.
        let column = [
            point(1, 0.0, 0.0, Status::Active, false),
            point(2, 0.0, 30.0, Status::Active, false),
        ];
        assert_eq!(cluster(&column, footprint(1.0), 5.0).len(), 2);
    }

    #[test]
    fn symbols_shrink_when_zoomed_out() {
        assert_eq!(symbol_scale(3.0), MIN_SCALE);
        assert_eq!(symbol_scale(SMALL_ZOOM), MIN_SCALE);
        assert!((symbol_scale(5.0) - 0.8).abs() < 1e-12);
        assert_eq!(symbol_scale(7.0), 1.0);
        assert_eq!(symbol_scale(f64::NAN), 1.0);
    }

    fn sample_points(p: &Projector) -> Vec<HubPoint> {
        let plan = crate::model::plan_file::sample_plan();
        plan.hubs
            .iter()
            .map(|h| {
                let (x, y) = p.screen_from_geo(h.lon, h.lat);
                point(h.id.0, x, y, plan.status(h), false)
            })
            .collect()
    }

    fn view(bounds: GeoBounds) -> Projector {
        let viewport = ScreenRect {
            min_x: 0.0,
            min_y: 0.0,
            width: 1366.0,
            height: 700.0,
        };
        Projector::new(Camera::fit(bounds, 1366.0, 700.0, 24.0), viewport)
    }

    #[test]
    fn the_sample_plan_clusters_on_the_overview_but_not_close_up() {
        // The overview slide's box (Europe) at 1366×700: about zoom 3.7.
        let p = view(GeoBounds::new(-11.0, 35.0, 48.0, 64.0));
        let zoom = p.camera().zoom;
        assert!(zoom > 3.0 && zoom < 4.5, "{zoom}");
        let points = sample_points(&p);
        assert_eq!(points.len(), 9);
        let groups = cluster(&points, footprint(symbol_scale(zoom)), zoom);
        assert!(groups.len() < 9 && groups.len() >= 2, "{groups:?}");
        assert_eq!(groups.iter().map(Cluster::count).sum::<usize>(), 9);
        // Kyiv, Zhytomyr and Vinnytsia, ~130 km apart, share a disc.
        let plan = crate::model::plan_file::sample_plan();
        let id_of = |name: &str| {
            plan.hubs
                .iter()
                .find(|h| h.name.starts_with(name))
                .unwrap()
                .id
        };
        let kyiv = groups
            .iter()
            .find(|g| g.ids(&points).contains(&id_of("Kyiv")))
            .unwrap();
        assert!(kyiv.ids(&points).contains(&id_of("Zhytomyr")));
        assert!(kyiv.count() >= 3, "{kyiv:?}");
        // Before a ceasefire only Rzeszów is active.
        let active: usize = groups.iter().map(|g| g.active).sum();
        assert_eq!(active, 1);

        // The western corridor slide (zoom ~7.7): every hub its own symbol.
        let p = view(GeoBounds::new(21.0, 48.9, 26.2, 51.0));
        let zoom = p.camera().zoom;
        let groups = cluster(&sample_points(&p), footprint(symbol_scale(zoom)), zoom);
        assert_eq!(groups.len(), 9);
    }

    #[test]
    fn the_order_of_the_input_does_not_matter() {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 11) as f64 / (1u64 << 53) as f64
        };
        let points: Vec<HubPoint> = (0..400)
            .map(|i| {
                point(
                    i,
                    next() * 800.0,
                    next() * 600.0,
                    Status::Active,
                    i % 7 == 0,
                )
            })
            .collect();
        let fp = footprint(0.6);
        let a = cluster(&points, fp, 4.0);
        let mut reversed = points.clone();
        reversed.reverse();
        let b = cluster(&reversed, fp, 4.0);
        let ids = |c: &[Cluster], pts: &[HubPoint]| -> Vec<Vec<HubId>> {
            c.iter().map(|g| g.ids(pts)).collect()
        };
        assert_eq!(ids(&a, &points), ids(&b, &reversed));
        assert_eq!(a.iter().map(Cluster::count).sum::<usize>(), 400);
        // No two marks overlap any more.
        for (i, g) in a.iter().enumerate() {
            for h in &a[i + 1..] {
                assert!(
                    (g.x - h.x).abs() >= fp.0 || (g.y - h.y).abs() >= fp.1,
                    "{g:?} {h:?}"
                );
            }
        }
    }

    #[test]
    fn bad_positions_are_left_out() {
        let points = [
            point(1, f64::NAN, 0.0, Status::Active, false),
            point(2, 5.0, 5.0, Status::Active, false),
            point(3, f64::INFINITY, 1e300, Status::Inactive, false),
        ];
        let c = cluster(&points, footprint(1.0), 5.0);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].members, vec![1]);
        assert!(cluster(&points, (f64::NAN, 1.0), 5.0).len() == 1);
    }

    #[test]
    fn ring_arcs_split_by_status() {
        let c = Cluster {
            members: vec![0, 1, 2, 3],
            x: 0.0,
            y: 0.0,
            active: 1,
            inactive: 3,
            warnings: 0,
        };
        let arcs = c.ring_arcs();
        assert_eq!(arcs.len(), 2);
        let quarter = std::f64::consts::FRAC_PI_2;
        assert!((arcs[0].1 - arcs[0].0 - quarter).abs() < 1e-12);
        assert_eq!(arcs[1].2, Status::Inactive);
        assert!((arcs[1].1 - arcs[1].0 - 3.0 * quarter).abs() < 1e-12);
    }

    #[test]
    fn a_click_zooms_in_to_open_the_cluster() {
        let viewport = ScreenRect {
            min_x: 0.0,
            min_y: 0.0,
            width: 1000.0,
            height: 600.0,
        };
        let from = Camera::looking_at(30.0, 49.0, 4.0);
        // Kyiv and Zhytomyr: their box fits around zoom 7.
        let insets = Insets::uniform(24.0);
        let to = expand_camera(from, &[(30.52, 50.45), (28.66, 50.25)], viewport, insets);
        assert!(to.zoom > 6.0 && to.zoom <= CLUSTER_MAX_ZOOM, "{}", to.zoom);
        // Two hubs on one spot: as far as clusters go, and no further.
        let to = expand_camera(from, &[(30.0, 50.0), (30.0, 50.0)], viewport, insets);
        assert_eq!(to.zoom, CLUSTER_MAX_ZOOM);
        // Nothing usable: stay.
        assert_eq!(
            expand_camera(from, &[(f64::NAN, 1.0)], viewport, insets),
            from
        );
    }
}
