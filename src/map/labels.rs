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
    fn touching_is_not_overlapping_but_margin_separates() {
        let labels = [c(100.0, 100.0, 2.0), c(160.0, 100.0, 1.0)];
        assert_eq!(place_labels(&labels, &[], 0.0).len(), 2);
        assert_eq!(place_labels(&labels, &[], 3.0).len(), 1);
    }
}
