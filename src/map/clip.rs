//! Clipping lines to a screen rectangle (Liang–Barsky), shared by the map widget and
//! the SVG exporter: a ring or border far larger than the view is cut to what shows.

/// Screen rectangle geometry is clipped to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clip {
    /// Left edge.
    pub min_x: f64,
    /// Top edge.
    pub min_y: f64,
    /// Right edge.
    pub max_x: f64,
    /// Bottom edge.
    pub max_y: f64,
}

/// Liang–Barsky: the parameters `(t0, t1)` of the part of segment `a`→`b` inside the
/// clip rectangle, if any.
pub fn clip_segment(a: (f64, f64), b: (f64, f64), c: &Clip) -> Option<(f64, f64)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.0 - c.min_x),
        (dx, c.max_x - a.0),
        (-dy, a.1 - c.min_y),
        (dy, c.max_y - a.1),
    ] {
        if p == 0.0 {
            // Parallel to this edge: inside it or not at all.
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1 && t0.is_finite() && t1.is_finite()).then_some((t0, t1))
}

/// The parts of a polyline inside the clip rectangle, each an unbroken run of points.
pub fn clip_polyline(points: &[(f64, f64)], c: &Clip) -> Vec<Vec<(f64, f64)>> {
    let mut runs = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    let mut open_end = false; // the last segment reached its end point
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some((t0, t1)) = clip_segment(a, b, c) else {
            if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
            open_end = false;
            continue;
        };
        let at = |t: f64| (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
        // Continue the run only if this segment starts where the last one ended, inside.
        if !(open_end && t0 == 0.0) {
            if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
            run.push(if t0 == 0.0 { a } else { at(t0) });
        }
        run.push(if t1 == 1.0 { b } else { at(t1) });
        open_end = t1 == 1.0;
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polylines_are_clipped_into_runs() {
        let c = Clip {
            min_x: 0.0,
            min_y: 0.0,
            max_x: 10.0,
            max_y: 10.0,
        };
        // In, out through the right edge, back in: two runs, cut at the edge.
        let line = [
            (2.0, 5.0),
            (8.0, 5.0),
            (14.0, 5.0),
            (14.0, 7.0),
            (8.0, 7.0),
            (6.0, 7.0),
        ];
        let runs = clip_polyline(&line, &c);
        assert_eq!(
            runs,
            vec![
                vec![(2.0, 5.0), (8.0, 5.0), (10.0, 5.0)],
                vec![(10.0, 7.0), (8.0, 7.0), (6.0, 7.0)]
            ]
        );
        // Crossing the whole rectangle without a point inside.
        assert_eq!(
            clip_polyline(&[(-5.0, 5.0), (15.0, 5.0)], &c),
            vec![vec![(0.0, 5.0), (10.0, 5.0)]]
        );
        assert!(clip_polyline(&[(-5.0, -5.0), (-1.0, 20.0)], &c).is_empty());
    }
}
