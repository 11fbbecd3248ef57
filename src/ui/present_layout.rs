//! Where the presenting screen's pieces go: a pure function of the screen and the
//! measured sizes of its texts, which the painter uses and the tests check.
//!
//! Nothing here draws. The painter measures its texts (galleys), asks [`layout`] for
//! the rectangles and draws each piece inside its own; so title and counter, badge,
//! counts and key hints, the notes and the charts column never overlap, and nothing
//! leaves the screen, at any size from a 1024×600 projector to a 4K display.

use egui::{Rect, Vec2, pos2, vec2};

/// Space inside the bars, left and right, in points.
pub const MARGIN_X: f32 = 14.0;
/// Space inside the bars, top and bottom, in points.
pub const MARGIN_Y: f32 = 8.0;
/// Space between two pieces side by side or one above the other, in points.
pub const GAP: f32 = 12.0;
/// The caption's font sizes, largest first: the first whose text fits in
/// [`caption_max_height`] is used.
pub const CAPTION_SIZES: [f32; 4] = [26.0, 22.0, 18.0, 15.0];
/// Notes take at most this share of the screen's height (they scroll beyond).
pub const NOTES_SHARE: f32 = 0.3;

/// The sizes the painter measured, in points.
pub struct Measured<'a> {
    /// Height of the plan's title line (one line, elided if too long).
    pub plan_title_height: f32,
    /// Height of the caption at the chosen size, wrapped to the given width.
    pub caption_height: &'a dyn Fn(f32) -> f32,
    /// "3 / 6", or None without slides.
    pub counter: Option<Vec2>,
    /// The ceasefire badge with its padding.
    pub badge: Vec2,
    /// "8 active · 1 inactive hubs".
    pub counts: Vec2,
    /// The key hints wrapped to the given width (their natural width when it is wider).
    pub hints: &'a dyn Fn(f32) -> Vec2,
    /// The speaker notes wrapped to the given width, when they are shown.
    pub notes: Option<&'a dyn Fn(f32) -> f32>,
    /// Whether the slide shows the charts column.
    pub charts: bool,
}

/// The rectangles of the presenting screen, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PresentLayout {
    /// The band at the top (title, caption, counter).
    pub title_bar: Rect,
    /// The plan's title.
    pub plan_title: Rect,
    /// The slide's caption.
    pub caption: Rect,
    /// The slide counter, right of the caption.
    pub counter: Option<Rect>,
    /// The band at the bottom (notes, badge, counts, hints).
    pub state_bar: Rect,
    /// The ceasefire badge.
    pub badge: Rect,
    /// The hub counts.
    pub counts: Rect,
    /// The key hints.
    pub hints: Rect,
    /// The speaker notes, above the badge, when shown.
    pub notes: Option<Rect>,
    /// The charts column, right of the map, when shown.
    pub charts: Option<Rect>,
    /// What is left for the map.
    pub map: Rect,
}

impl PresentLayout {
    /// The named pieces that must neither overlap nor leave the screen.
    pub fn pieces(&self) -> Vec<(&'static str, Rect)> {
        let mut v = vec![
            ("plan title", self.plan_title),
            ("caption", self.caption),
            ("badge", self.badge),
            ("counts", self.counts),
            ("hints", self.hints),
        ];
        v.extend(self.counter.map(|r| ("counter", r)));
        v.extend(self.notes.map(|r| ("notes", r)));
        v.extend(self.charts.map(|r| ("charts", r)));
        v
    }
}

/// Width of the caption on a screen of `screen_width` with a counter of `counter_width`.
pub fn caption_width(screen_width: f32, counter_width: Option<f32>) -> f32 {
    let inner = (screen_width - 2.0 * MARGIN_X).max(1.0);
    match counter_width {
        Some(c) => (inner - c - GAP).max(inner * 0.5),
        None => inner,
    }
}

/// The tallest the caption may be on a screen of `screen_height`: a fifth of it, so the
/// map keeps most of the room.
pub fn caption_max_height(screen_height: f32) -> f32 {
    (screen_height * 0.2).max(20.0)
}

/// Width of the charts column on a screen of `screen_width`: wide enough for its
/// labels, never more than 45 % of the screen.
pub fn charts_width(screen_width: f32) -> f32 {
    (screen_width * 0.38)
        .clamp(300.0, 560.0)
        .min(screen_width * 0.45)
}

/// Lays out the presenting screen `screen` around the measured pieces.
pub fn layout(screen: Rect, m: &Measured<'_>) -> PresentLayout {
    let inner_left = screen.left() + MARGIN_X;
    let inner_right = (screen.right() - MARGIN_X).max(inner_left + 1.0);
    let inner_width = inner_right - inner_left;

    // Title bar: plan title over the caption on the left, the counter on the right.
    let top = screen.top() + MARGIN_Y;
    let counter_w = m.counter.map(|c| c.x.min(inner_width * 0.5));
    let cap_w = caption_width(screen.width(), counter_w);
    let plan_title = Rect::from_min_size(
        pos2(inner_left, top),
        vec2(cap_w, m.plan_title_height.max(1.0)),
    );
    let cap_h = (m.caption_height)(cap_w)
        .min(caption_max_height(screen.height()))
        .max(1.0);
    let caption = Rect::from_min_size(
        pos2(inner_left, plan_title.bottom() + 2.0),
        vec2(cap_w, cap_h),
    );
    let left_bottom = caption.bottom();
    let counter = m.counter.zip(counter_w).map(|(size, w)| {
        let h = size.y.min(left_bottom - top).max(1.0);
        // Level with the caption, right-aligned.
        let y = (caption.center().y - h / 2.0).max(top);
        Rect::from_min_size(pos2(inner_right - w, y), vec2(w, h))
    });
    let title_bottom = left_bottom.max(counter.map_or(top, |c| c.bottom())) + MARGIN_Y;
    let title_bar = Rect::from_min_max(screen.left_top(), pos2(screen.right(), title_bottom));

    // State bar, laid out upwards from the bottom of the screen: rows of badge, counts
    // and hints (the hints to the right when there is room, else on a row of their own),
    // and the notes above them.
    let badge_size = vec2(m.badge.x.min(inner_width), m.badge.y);
    let counts_size = vec2(m.counts.x.min(inner_width), m.counts.y);
    let counts_beside = badge_size.x + GAP + counts_size.x <= inner_width;
    let first_row_w = if counts_beside {
        badge_size.x + GAP + counts_size.x
    } else {
        badge_size.x.max(counts_size.x)
    };
    let hints_natural = (m.hints)(f32::INFINITY);
    let room_right = inner_width - first_row_w - 2.0 * GAP;
    // Beside the counts only if they stay on at most two lines there.
    let hints_beside = counts_beside
        && room_right >= hints_natural.x.min(280.0)
        && (m.hints)(room_right).y <= 2.0 * hints_natural.y + 0.5;
    let hints_size = if hints_beside {
        let s = (m.hints)(room_right);
        vec2(s.x.min(room_right), s.y)
    } else {
        let s = (m.hints)(inner_width);
        vec2(s.x.min(inner_width), s.y)
    };

    // Rows, top to bottom, as lists of (piece, size); positioned below.
    let mut rows: Vec<Vec<(usize, Vec2)>> = Vec::new();
    const BADGE: usize = 0;
    const COUNTS: usize = 1;
    const HINTS: usize = 2;
    let mut first = vec![(BADGE, badge_size)];
    if counts_beside {
        first.push((COUNTS, counts_size));
    }
    if hints_beside {
        first.push((HINTS, hints_size));
    }
    rows.push(first);
    if !counts_beside {
        rows.push(vec![(COUNTS, counts_size)]);
    }
    if !hints_beside {
        rows.push(vec![(HINTS, hints_size)]);
    }
    let rows_height: f32 = rows
        .iter()
        .map(|r| r.iter().map(|(_, s)| s.y).fold(0.0, f32::max))
        .sum::<f32>()
        + GAP / 2.0 * (rows.len() - 1) as f32;
    let notes_h = m
        .notes
        .map(|f| f(inner_width).min(screen.height() * NOTES_SHARE).max(1.0));
    let state_height = MARGIN_Y * 2.0 + rows_height + notes_h.map_or(0.0, |h| h + GAP);
    let state_top = screen.bottom() - state_height;
    let state_bar = Rect::from_min_max(pos2(screen.left(), state_top), screen.right_bottom());
    let notes = notes_h
        .map(|h| Rect::from_min_size(pos2(inner_left, state_top + MARGIN_Y), vec2(inner_width, h)));
    let mut y = state_top + MARGIN_Y + notes_h.map_or(0.0, |h| h + GAP);
    let mut placed = [Rect::NOTHING; 3];
    for row in &rows {
        let row_h = row.iter().map(|(_, s)| s.y).fold(0.0, f32::max);
        let mut x = inner_left;
        for &(piece, size) in row {
            let r = if piece == HINTS && hints_beside {
                // Right-aligned, as the eye expects help in the corner.
                Rect::from_min_size(pos2(inner_right - size.x, y + (row_h - size.y) / 2.0), size)
            } else {
                Rect::from_min_size(pos2(x, y + (row_h - size.y) / 2.0), size)
            };
            x = r.right() + GAP;
            placed[piece] = r;
        }
        y += row_h + GAP / 2.0;
    }

    // Between the bars: the charts column on the right, the map on the left.
    let middle = Rect::from_min_max(
        pos2(screen.left(), title_bar.bottom()),
        pos2(screen.right(), state_bar.top().max(title_bar.bottom())),
    );
    let (map, charts) = if m.charts {
        let w = charts_width(screen.width());
        let charts = Rect::from_min_max(
            pos2(middle.right() - w, middle.top()),
            middle.right_bottom(),
        )
        .shrink2(vec2(MARGIN_X / 2.0, MARGIN_Y / 2.0));
        let map = Rect::from_min_max(middle.left_top(), pos2(middle.right() - w, middle.bottom()));
        (map, Some(charts))
    } else {
        (middle, None)
    };

    PresentLayout {
        title_bar,
        plan_title,
        caption,
        counter,
        state_bar,
        badge: placed[BADGE],
        counts: placed[COUNTS],
        hints: placed[HINTS],
        notes,
        charts,
        map,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rough text metrics: 0.55 em per character, lines of 1.25 em, words wrapped.
    fn text(chars: usize, size: f32) -> impl Fn(f32) -> Vec2 {
        move |width: f32| {
            let natural = chars as f32 * size * 0.55;
            let lines = (natural / width.max(1.0)).ceil().max(1.0);
            vec2(natural.min(width), lines * size * 1.25)
        }
    }

    fn measured<'a>(
        caption: &'a dyn Fn(f32) -> f32,
        hints: &'a dyn Fn(f32) -> Vec2,
        notes: Option<&'a dyn Fn(f32) -> f32>,
        charts: bool,
    ) -> Measured<'a> {
        Measured {
            plan_title_height: 18.0,
            caption_height: caption,
            counter: Some(vec2(48.0, 28.0)),
            badge: vec2(420.0, 32.0),
            counts: vec2(250.0, 23.0),
            hints,
            notes,
            charts,
        }
    }

    fn assert_holds(screen: Rect, l: &PresentLayout) {
        let pieces = l.pieces();
        for (i, (a, ra)) in pieces.iter().enumerate() {
            assert!(screen.contains_rect(*ra), "{a} {ra:?} leaves {screen:?}");
            assert!(ra.width() > 0.0 && ra.height() > 0.0, "{a} is empty");
            for (b, rb) in &pieces[i + 1..] {
                assert!(!ra.intersects(*rb), "{a} {ra:?} overlaps {b} {rb:?}");
            }
            assert!(!ra.intersects(l.map) || *a == "notes", "{a} over the map");
        }
        assert!(l.map.height() > 0.0 && l.map.width() > 0.0);
    }

    #[test]
    fn nothing_overlaps_from_a_small_projector_to_4k() {
        let hints = text(150, 12.0);
        let wide = |w: f32| text(66, 26.0)(w).y;
        let notes = |w: f32| text(400, 16.0)(w).y;
        // Points at the presentation's zoom of 1.25 (4K at 2 pixels per point).
        for (w, h) in [
            (1024.0, 600.0),
            (1280.0, 720.0),
            (1366.0, 768.0),
            (1920.0, 1080.0),
            (3840.0 / 2.0, 2160.0 / 2.0),
        ] {
            let screen = Rect::from_min_size(pos2(0.0, 0.0), vec2(w, h) / 1.25);
            for charts in [false, true] {
                for with_notes in [false, true] {
                    let n: Option<&dyn Fn(f32) -> f32> = with_notes.then_some(&notes as _);
                    let l = layout(screen, &measured(&wide, &hints, n, charts));
                    assert_holds(screen, &l);
                    assert_eq!(l.charts.is_some(), charts);
                    assert_eq!(l.notes.is_some(), with_notes);
                }
            }
        }
    }

    #[test]
    fn at_1024_by_600_the_caption_wraps_beside_the_counter_and_the_hints_get_a_row() {
        let screen = Rect::from_min_size(Pos2::ZERO, vec2(1024.0, 600.0) / 1.25);
        let hints = text(150, 12.0);
        let caption = |w: f32| text(66, 26.0)(w).y;
        let l = layout(screen, &measured(&caption, &hints, None, true));
        let counter = l.counter.expect("counter");
        assert!(l.caption.right() + GAP <= counter.left() + 0.01);
        assert!(l.caption.height() > 40.0, "two lines");
        // Badge and counts share a row; the hints sit below, across the width.
        assert!((l.badge.center().y - l.counts.center().y).abs() < 5.0);
        assert!(l.hints.top() >= l.badge.bottom());
        assert!((l.map.width() + charts_width(screen.width()) - screen.width()).abs() < 0.01);
    }

    #[test]
    fn on_a_wide_screen_the_hints_sit_beside_the_counts() {
        let screen = Rect::from_min_size(Pos2::ZERO, vec2(2400.0, 1200.0));
        let hints = text(150, 12.0);
        let caption = |w: f32| text(30, 26.0)(w).y;
        let l = layout(screen, &measured(&caption, &hints, None, false));
        assert!((l.hints.center().y - l.counts.center().y).abs() < 5.0);
        assert!((l.hints.right() - (screen.right() - MARGIN_X)).abs() < 0.01);
        assert_holds(screen, &l);
    }

    #[test]
    fn a_very_long_caption_is_capped_and_a_tiny_screen_still_holds() {
        let hints = text(150, 12.0);
        let caption = |w: f32| text(2000, 26.0)(w).y;
        let screen = Rect::from_min_size(Pos2::ZERO, vec2(1024.0, 600.0) / 1.25);
        let l = layout(screen, &measured(&caption, &hints, None, true));
        assert!(l.caption.height() <= caption_max_height(screen.height()) + 0.01);
        assert_holds(screen, &l);
    }

    use egui::Pos2;
}
