//! Greedy label placement: most important first, never overlapping.
//!
//! The caller measures each label (it owns the fonts) and ranks them; this module
//! only decides which ones fit, so it stays pure and testable.

/// A label that would like to be drawn, centred on `(x, y)` in screen pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelCandidate {
    /// Centre, screen pixels.
    pub x: f64,
    /// Centre, screen pixels.
    pub y: f64,
    /// Measured width of the text, pixels.
    pub width: f64,
    /// Measured height of the text, pixels.
    pub height: f64,
    /// Higher is placed first.
    pub priority: f64,
    /// How far up the label may jump to its other place when its own is taken (a hub's
    /// name from below its symbol to above it); 0 for none.
    pub flip: f64,
}

/// How a country is labelled at `zoom`: its text (Ukraine in capitals from zoom 5.3),
/// font size in points, and the priority its role adds (host first, then lead nations,
/// the monitoring lead and hostile states, then members and observers). `None` while
/// the country is too small for its label at this zoom. Shared by the screen and the
/// SVG export, so both label the same countries the same way.
pub fn country_label(
    name: &str,
    role: crate::model::roster::Role,
    min_label_zoom: Option<f64>,
    zoom: f64,
) -> Option<(String, f64, f64)> {
    use crate::model::roster::Role;
    if min_label_zoom.is_some_and(|z| zoom + 1.0 < z) {
        return None;
    }
    let size = if zoom < 4.0 { 12.5 } else { 14.5 };
    let boost = match role {
        Role::Host => 40.0,
        Role::LeadNation | Role::MonitoringLead | Role::Hostile => 20.0,
        Role::Member | Role::Observer => 10.0,
        Role::Other => 0.0,
    };
    let text = if role == Role::Host && zoom >= 5.3 {
        name.to_uppercase()
    } else {
        name.to_owned()
    };
    Some((text, size, boost))
}

/// Axis-aligned rectangle `(min_x, min_y, max_x, max_y)`.
pub type Rect = (f64, f64, f64, f64);

fn rect_of(c: &LabelCandidate, margin: f64) -> Rect {
    (
        c.x - c.width / 2.0 - margin,
        c.y - c.height / 2.0 - margin,
        c.x + c.width / 2.0 + margin,
        c.y + c.height / 2.0 + margin,
    )
}

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Returns the indices of the candidates to draw, highest priority first.
/// `blocked` are areas already taken (legend, symbols…); `margin` is extra spacing.
pub fn place_labels(candidates: &[LabelCandidate], blocked: &[Rect], margin: f64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| candidates[b].priority.total_cmp(&candidates[a].priority));
    let mut taken: Vec<Rect> = blocked.to_vec();
    let mut placed = Vec::new();
    for i in order {
        let r = rect_of(&candidates[i], margin);
        if taken.iter().all(|&t| !overlaps(t, r)) {
            taken.push(r);
            placed.push(i);
        }
    }
    placed
}

/// Moves a label that sticks out of `bounds` back inside, as long as its centre is
/// inside: a name at the map's edge is shifted in rather than cut. Returns `false`
/// (and leaves it) when it cannot be shown whole: centre outside, larger than the
/// bounds, or not a finite box.
pub fn shift_inside(c: &mut LabelCandidate, bounds: Rect) -> bool {
    let finite = [c.x, c.y, c.width, c.height].iter().all(|v| v.is_finite());
    let (w, h) = (c.width / 2.0, c.height / 2.0);
    if !finite
        || c.x < bounds.0
        || c.x > bounds.2
        || c.y < bounds.1
        || c.y > bounds.3
        || 2.0 * w > bounds.2 - bounds.0
        || 2.0 * h > bounds.3 - bounds.1
    {
        return false;
    }
    c.x = c.x.clamp(bounds.0 + w, bounds.2 - w);
    c.y = c.y.clamp(bounds.1 + h, bounds.3 - h);
    true
}

/// Where a label may go if its own place is taken: one and two lines above or below
/// it (a city name beside its dot, a country name off a symbol), in lines of its height.
const ALTERNATIVES: [f64; 5] = [0.0, -1.0, 1.0, -2.0, 2.0];

/// [`place_labels`] for labels that must lie wholly inside `bounds` (the map): each
/// candidate is moved inside ([`shift_inside`]) or dropped when it cannot be; one whose
/// place is taken tries its other place (`flip`), then a line above or below, then two. The positions used are
/// written back to `candidates`, which the callers draw from.
pub fn place_labels_in(
    candidates: &mut [LabelCandidate],
    blocked: &[Rect],
    margin: f64,
    bounds: Rect,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| candidates[b].priority.total_cmp(&candidates[a].priority));
    let mut taken = Taken::new(blocked);
    let mut placed = Vec::new();
    for i in order {
        let original = candidates[i].clone();
        let flip = (original.flip > 0.0).then_some(-original.flip);
        let offsets = std::iter::once(0.0).chain(flip).chain(
            ALTERNATIVES[1..]
                .iter()
                .map(|s| s * (original.height + margin)),
        );
        for dy in offsets {
            let mut c = original.clone();
            c.y += dy;
            if !shift_inside(&mut c, bounds) {
                continue;
            }
            let r = rect_of(&c, margin);
            if !taken.overlaps(r) {
                taken.insert(r);
                placed.push(i);
                candidates[i] = c;
                break;
            }
        }
    }
    placed
}

/// Boxes already taken, bucketed in square cells, so a test looks only at the boxes
/// near a label: with a thousand hub symbols on screen, placing the labels stays cheap.
struct Taken {
    rects: Vec<Rect>,
    cells: std::collections::HashMap<(i64, i64), Vec<usize>>,
    /// Boxes too large (or not finite) for cells, checked one by one.
    large: Vec<usize>,
}

impl Taken {
    /// Side of a cell, pixels.
    const CELL: f64 = 64.0;
    /// A box spanning more cells than this either way goes to `large`.
    const MAX_SPAN: i64 = 8;

    fn new(blocked: &[Rect]) -> Self {
        let mut t = Self {
            rects: Vec::with_capacity(blocked.len()),
            cells: std::collections::HashMap::new(),
            large: Vec::new(),
        };
        for &r in blocked {
            t.insert(r);
        }
        t
    }

    /// Cells a box covers, unless it is too large or not finite.
    fn span(r: Rect) -> Option<(i64, i64, i64, i64)> {
        if ![r.0, r.1, r.2, r.3].iter().all(|v| v.is_finite()) {
            return None;
        }
        let c = |v: f64| (v / Self::CELL).floor() as i64;
        let (x0, y0, x1, y1) = (c(r.0), c(r.1), c(r.2), c(r.3));
        (x1 - x0 <= Self::MAX_SPAN && y1 - y0 <= Self::MAX_SPAN).then_some((x0, y0, x1, y1))
    }

    fn insert(&mut self, r: Rect) {
        let k = self.rects.len();
        self.rects.push(r);
        match Self::span(r) {
            Some((x0, y0, x1, y1)) => {
                for x in x0..=x1 {
                    for y in y0..=y1 {
                        self.cells.entry((x, y)).or_default().push(k);
                    }
                }
            }
            None => self.large.push(k),
        }
    }

    fn overlaps(&self, r: Rect) -> bool {
        if self.large.iter().any(|&k| overlaps(self.rects[k], r)) {
            return true;
        }
        let Some((x0, y0, x1, y1)) = Self::span(r) else {
            return self.rects.iter().any(|&t| overlaps(t, r));
        };
        (x0..=x1).any(|x| {
            (y0..=y1).any(|y| {
                self.cells
                    .get(&(x, y))
                    .is_some_and(|v| v.iter().any(|&k| overlaps(self.rects[k], r)))
            })
        })
    }
}

/// The box of a label centred where its candidate says.
pub fn label_rect(c: &LabelCandidate) -> Rect {
    rect_of(c, 0.0)
}

/// How many pairs of `rects` overlap (touching edges do not), for tests and checks
/// of a finished picture.
pub fn overlapping_pairs(rects: &[Rect]) -> usize {
    let mut n = 0;
    for (i, &a) in rects.iter().enumerate() {
        n += rects[i + 1..].iter().filter(|&&b| overlaps(a, b)).count();
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64, priority: f64) -> LabelCandidate {
        LabelCandidate {
            x,
            y,
            width: 60.0,
            height: 14.0,
            priority,
            flip: 0.0,
        }
    }

    #[test]
    fn higher_priority_wins_a_collision() {
        let labels = [
            c(100.0, 100.0, 1.0),
            c(120.0, 105.0, 5.0),
            c(300.0, 100.0, 0.5),
        ];
        assert_eq!(place_labels(&labels, &[], 2.0), vec![1, 2]);
    }

    #[test]
    fn blocked_areas_are_respected() {
        let labels = [c(100.0, 100.0, 1.0)];
        assert!(place_labels(&labels, &[(90.0, 90.0, 110.0, 110.0)], 0.0).is_empty());
        assert_eq!(
            place_labels(&labels, &[(200.0, 90.0, 210.0, 110.0)], 0.0),
            vec![0]
        );
    }

    #[test]
    fn labels_at_the_edge_move_inside_or_are_dropped() {
        let bounds = (0.0, 0.0, 400.0, 300.0);
        // "Rzeszów support hub" centred 10 px from the left edge: moved right, whole.
        let mut labels = vec![
            c(10.0, 100.0, 1.0),
            c(390.0, 295.0, 1.0),
            c(-5.0, 50.0, 9.0),
        ];
        let placed = place_labels_in(&mut labels, &[], 1.0, bounds);
        assert_eq!(placed, vec![0, 1]);
        assert_eq!((labels[0].x, labels[0].y), (30.0, 100.0));
        assert_eq!((labels[1].x, labels[1].y), (370.0, 293.0));
        // Its centre off the map: dropped, not pulled in from nowhere.
        assert_eq!(labels[2].x, -5.0);
        let rects: Vec<Rect> = placed.iter().map(|&i| label_rect(&labels[i])).collect();
        assert!(
            rects
                .iter()
                .all(|r| r.0 >= 0.0 && r.2 <= 400.0 && r.1 >= 0.0 && r.3 <= 300.0)
        );
        // Wider than the map, or not a number: dropped.
        let mut wide = c(100.0, 100.0, 1.0);
        wide.width = 500.0;
        assert!(!shift_inside(&mut wide, bounds));
        assert!(!shift_inside(&mut c(f64::NAN, 1.0, 1.0), bounds));
    }

    #[test]
    fn a_label_whose_place_is_taken_tries_a_line_above_then_below() {
        let bounds = (0.0, 0.0, 400.0, 300.0);
        // A symbol right on "Ukraine": the name moves a line up (14 px + 2 margin).
        let symbol = (90.0, 95.0, 110.0, 105.0);
        let mut labels = vec![c(100.0, 100.0, 1.0)];
        assert_eq!(
            place_labels_in(&mut labels, &[symbol], 2.0, bounds),
            vec![0]
        );
        assert_eq!(labels[0].y, 84.0);
        // Above taken too: below.
        let mut labels = vec![c(100.0, 100.0, 1.0)];
        let above = (90.0, 70.0, 110.0, 95.0);
        assert_eq!(
            place_labels_in(&mut labels, &[symbol, above], 2.0, bounds),
            vec![0]
        );
        assert_eq!(labels[0].y, 116.0);
        // Everything round it taken: dropped, and left where it was.
        let mut labels = vec![c(100.0, 100.0, 1.0)];
        let all = (0.0, 40.0, 400.0, 160.0);
        assert!(place_labels_in(&mut labels, &[all], 2.0, bounds).is_empty());
        assert_eq!(labels[0].y, 100.0);
    }

    #[test]
    fn the_cells_find_what_a_plain_scan_finds() {
        // Boxes of every size (a legend spanning many cells, small symbols, one across
        // negative coordinates): the bucketed test agrees with a scan of all of them.
        let blocked = [
            (900.0, 10.0, 1350.0, 700.0),
            (-30.0, -20.0, 5.0, 5.0),
            (100.0, 100.0, 134.0, 122.0),
            (63.0, 63.0, 65.0, 65.0),
        ];
        let taken = Taken::new(&blocked);
        for x in (-60..1400).step_by(7) {
            for y in (-40..760).step_by(11) {
                let r = (x as f64, y as f64, x as f64 + 40.0, y as f64 + 14.0);
                let scan = blocked.iter().any(|&b| overlaps(b, r));
                assert_eq!(taken.overlaps(r), scan, "{r:?}");
            }
        }
        // A box that is not finite falls back to the scan.
        assert!(taken.overlaps((f64::NEG_INFINITY, 0.0, 1.0, 1.0)));
        assert!(!taken.overlaps((f64::NEG_INFINITY, 300.0, 1.0, 301.0)));
    }

    #[test]
    fn overlapping_pairs_are_counted() {
        let r = |x: f64| (x, 0.0, x + 10.0, 10.0);
        assert_eq!(overlapping_pairs(&[r(0.0), r(10.0), r(20.0)]), 0);
        assert_eq!(overlapping_pairs(&[r(0.0), r(5.0), r(9.0)]), 3);
    }

    #[test]
    fn touching_is_not_overlapping_but_margin_separates() {
        let labels = [c(100.0, 100.0, 2.0), c(160.0, 100.0, 1.0)];
        assert_eq!(place_labels(&labels, &[], 0.0).len(), 2);
        assert_eq!(place_labels(&labels, &[], 3.0).len(), 1);
    }
}
