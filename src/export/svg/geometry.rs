//! Geometry: bounding boxes, clipping rings to the view and writing relative path data.

use crate::map::clip::{Clip, clip_polyline};
use crate::map::labels::Rect;
use crate::map::mesh::{BorderRuns, LodMesh};

use super::Ctx;
use super::text::{tenths, write_tenths};

/// Box of a point list: `(min_x, min_y, max_x, max_y)`.
pub(super) fn bbox(points: &[(f64, f64)]) -> Rect {
    points.iter().fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
    )
}

/// Sutherland–Hodgman clipping of a ring to a rectangle.
///
/// For a concave ring the result may run along the rectangle's edge between pieces, but
/// those runs are off-screen (the rectangle has a margin) and have no area, and every
/// point inside the rectangle keeps its inside/outside parity, so even-odd fills with
/// holes stay right.
pub(super) fn clip_ring(ring: &[(f64, f64)], c: &Clip) -> Vec<(f64, f64)> {
    let mut poly = ring.to_vec();
    for edge in 0..4 {
        let Some(&last) = poly.last() else { break };
        let inside = |q: (f64, f64)| match edge {
            0 => q.0 >= c.min_x,
            1 => q.0 <= c.max_x,
            2 => q.1 >= c.min_y,
            _ => q.1 <= c.max_y,
        };
        // Only called for a segment that crosses the edge, so the divisor is never 0.
        let cross = |a: (f64, f64), b: (f64, f64)| match edge {
            0 | 1 => {
                let x = if edge == 0 { c.min_x } else { c.max_x };
                (x, a.1 + (x - a.0) / (b.0 - a.0) * (b.1 - a.1))
            }
            _ => {
                let y = if edge == 2 { c.min_y } else { c.max_y };
                (a.0 + (y - a.1) / (b.1 - a.1) * (b.0 - a.0), y)
            }
        };
        let mut next = Vec::with_capacity(poly.len() + 4);
        let mut prev = last;
        for &cur in &poly {
            match (inside(prev), inside(cur)) {
                (true, true) => next.push(cur),
                (true, false) => next.push(cross(prev, cur)),
                (false, true) => {
                    next.push(cross(prev, cur));
                    next.push(cur);
                }
                (false, false) => {}
            }
            prev = cur;
        }
        poly = next;
    }
    poly
}

/// Appends one closed ring to path data: absolute start, then relative steps in whole
/// tenths (so rounding never accumulates), consecutive duplicates dropped.
/// Returns whether anything was written (rings that collapse below 3 points are not).
pub(super) fn push_ring(
    d: &mut String,
    points: &[(f64, f64)],
    scratch: &mut Vec<(i64, i64)>,
) -> bool {
    push_path(d, points, scratch, true)
}

/// [`push_ring`] for a ring (`closed`, ends with `z`) or an open line (at least 2
/// points, no `z`).
pub(super) fn push_path(
    d: &mut String,
    points: &[(f64, f64)],
    scratch: &mut Vec<(i64, i64)>,
    closed: bool,
) -> bool {
    scratch.clear();
    for &(x, y) in points {
        let q = (tenths(x), tenths(y));
        if scratch.last() != Some(&q) {
            scratch.push(q);
        }
    }
    while closed && scratch.len() > 1 && scratch.first() == scratch.last() {
        scratch.pop();
    }
    let Some((&first, rest)) = scratch.split_first() else {
        return false;
    };
    if rest.len() < if closed { 2 } else { 1 } {
        return false;
    }
    d.push('M');
    let _ = write_tenths(d, first.0);
    d.push(' ');
    let _ = write_tenths(d, first.1);
    d.push('l');
    let mut prev = first;
    for (k, &q) in rest.iter().enumerate() {
        if k > 0 {
            d.push(' ');
        }
        let _ = write_tenths(d, q.0 - prev.0);
        d.push(' ');
        let _ = write_tenths(d, q.1 - prev.1);
        prev = q;
    }
    if closed {
        d.push('z');
    }
    true
}

/// Path data of a region's rings in screen coordinates, clipped to the view; empty when
/// nothing of it is in view.
pub(super) fn region_path(ctx: &Ctx, mesh: &LodMesh) -> String {
    let mut d = String::new();
    let mut screen = Vec::new();
    let mut scratch = Vec::new();
    for ring in &mesh.rings {
        let Some(vertices) = mesh.vertices.get(ring.start as usize..ring.end as usize) else {
            continue;
        };
        screen.clear();
        screen.extend(vertices.iter().map(|&w| ctx.p.screen_from_world(w)));
        let b = bbox(&screen);
        let c = ctx.clip;
        if b.0 > c.max_x || b.2 < c.min_x || b.1 > c.max_y || b.3 < c.min_y {
            continue;
        }
        if b.0 >= c.min_x && b.2 <= c.max_x && b.1 >= c.min_y && b.3 <= c.max_y {
            push_ring(&mut d, &screen, &mut scratch);
        } else {
            push_ring(&mut d, &clip_ring(&screen, &c), &mut scratch);
        }
    }
    d
}

/// Path data of a region's outline in screen coordinates: each ring whole (as
/// [`region_path`] draws it) when `whole` or when the region owns all of it, else the
/// borders it draws ([`LodMesh::border_runs`]) as open lines clipped to the view.
pub(super) fn border_path(ctx: &Ctx, mesh: &LodMesh, whole: bool) -> String {
    let mut d = String::new();
    let mut screen = Vec::new();
    let mut scratch = Vec::new();
    let c = ctx.clip;
    for (i, ring) in mesh.rings.iter().enumerate() {
        let Some(vertices) = mesh.vertices.get(ring.start as usize..ring.end as usize) else {
            continue;
        };
        screen.clear();
        screen.extend(vertices.iter().map(|&w| ctx.p.screen_from_world(w)));
        let b = bbox(&screen);
        if b.0 > c.max_x || b.2 < c.min_x || b.1 > c.max_y || b.3 < c.min_y {
            continue;
        }
        match mesh.border_runs(i, whole) {
            BorderRuns::Whole => {
                if b.0 >= c.min_x && b.2 <= c.max_x && b.1 >= c.min_y && b.3 <= c.max_y {
                    push_ring(&mut d, &screen, &mut scratch);
                } else {
                    push_ring(&mut d, &clip_ring(&screen, &c), &mut scratch);
                }
            }
            BorderRuns::Parts(parts) => {
                for part in parts {
                    let line: Vec<(f64, f64)> = part
                        .iter()
                        .filter_map(|&v| screen.get((v - ring.start) as usize).copied())
                        .collect();
                    for piece in clip_polyline(&line, &c) {
                        push_path(&mut d, &piece, &mut scratch, false);
                    }
                }
            }
        }
    }
    d
}
