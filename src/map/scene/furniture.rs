//! The map's furniture that every picture carries: the geodesic scale bar (bottom
//! left) and the data credits (bottom right).

use super::{Anchor, Layer, MeasureText, Shape, Tag, Text, View};
use crate::map::labels::Rect;
use crate::map::style;

/// The `scale-bar` layer: a round geodesic distance (1-2-5) as a bar with end ticks
/// over a halo, its length written above it.
pub fn scale_bar(view: &View<'_>, measure: &dyn MeasureText) -> Layer {
    let mut layer = Layer::new("scale-bar");
    let (x, y) = (
        view.bounds.0 + style::SCALE_BAR_AT.0,
        view.bounds.3 - style::SCALE_BAR_AT.1,
    );
    let Some(bar) = crate::map::scale_bar::scale_bar(view.p, x, y, style::SCALE_BAR_MAX) else {
        return layer;
    };
    let tick = style::SCALE_BAR_TICK;
    let run = vec![
        (x, y - tick),
        (x, y),
        (x + bar.pixels, y),
        (x + bar.pixels, y - tick),
    ];
    let (line, halo) = style::scale_bar_lines(view.theme);
    for stroke in [halo, line] {
        layer.add(Shape::Path {
            runs: vec![run.clone()],
            closed: false,
            fill: None,
            stroke: Some(stroke),
        });
    }
    let text = bar.label();
    let (_, h) = measure.measure(&text, style::SCALE_BAR_LABEL_SIZE);
    layer.add(Shape::Text(Text {
        x: x + bar.pixels / 2.0,
        // Its bottom a tick's height above the bar.
        y: y - tick - h / 2.0,
        anchor: Anchor::Middle,
        size: style::SCALE_BAR_LABEL_SIZE,
        color: view.theme.furniture,
        halo: Some(view.theme.halo),
        text,
        mono: false,
    }));
    layer
}

/// The `attribution` layer: the boundary credits on the bottom line, above them the
/// places' credits when a place layer is on, and above those the control layers'
/// `control` credit (sources and dates) when given; a line too long for the map is
/// wrapped at spaces. Returns the box they cover too, so labels keep clear of it.
pub fn credits(view: &View<'_>, measure: &dyn MeasureText, control: Option<&str>) -> (Layer, Rect) {
    let mut layer = Layer::new("attribution");
    let mut lines: Vec<(&'static str, &str)> = vec![("attribution", style::BOUNDARY_CREDITS)];
    if view.layers.cities || view.layers.airfields || view.layers.ports {
        lines.push(("places-attribution", crate::map::place_marks::ATTRIBUTION));
    }
    if let Some(control) = control {
        lines.push(("control-attribution", control));
    }
    let right = view.bounds.2 - style::CREDITS_AT.0;
    // Clear of the scale bar at the bottom left.
    let fits = (view.bounds.2 - view.bounds.0 - style::SCALE_BAR_BOX.2 - 2.0 * style::CREDITS_AT.0)
        .max(80.0);
    let mut bottom = view.bounds.3 - style::CREDITS_AT.1;
    let mut widest: f64 = 0.0;
    for (id, text) in lines {
        // Bottom line last: a wrapped credit reads top down.
        let wrapped = wrap(text, fits, style::CREDITS_SIZE, measure);
        for (k, line) in wrapped.iter().enumerate().rev() {
            let (w, h) = measure.measure(line, style::CREDITS_SIZE);
            widest = widest.max(w);
            let shape = Shape::Text(Text {
                x: right,
                y: bottom - h / 2.0,
                anchor: Anchor::End,
                size: style::CREDITS_SIZE,
                color: style::credits_color(view.theme),
                halo: None,
                text: line.clone(),
                mono: false,
            });
            if k == 0 {
                layer.add_tagged(
                    shape,
                    Tag {
                        id: Some(id),
                        ..Tag::default()
                    },
                );
            } else {
                layer.add(shape);
            }
            bottom -= h;
        }
    }
    let covered = (
        right - widest - 4.0,
        bottom - 2.0,
        view.bounds.2,
        view.bounds.3,
    );
    (layer, covered)
}

/// `text` in lines no wider than `width` at `size`, broken at spaces (a word longer
/// than the width keeps a line of its own).
fn wrap(text: &str, width: f64, size: f64, measure: &dyn MeasureText) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && measure.measure(&candidate, size).0 > width {
            lines.push(std::mem::take(&mut line));
            line = word.to_owned();
        } else {
            line = candidate;
        }
    }
    lines.push(line);
    lines
}

/// The `marking` layer: "HYPOTHETICAL — PLANNING ONLY" in white on red, top left of
/// the map, as every picture of a hypothetical plan carries it; and its box.
/// `bounds` is the map's box (below a slide's caption band).
pub fn marking(bounds: Rect, measure: &dyn MeasureText) -> (Layer, Rect) {
    let mut layer = Layer::new("marking");
    let (w, h) = measure.measure(style::MARKING, style::MARKING_SIZE);
    let (px, py) = style::MARKING_PAD;
    let min = (
        bounds.0 + style::MARKING_AT.0,
        bounds.1 + style::MARKING_AT.1,
    );
    let max = (min.0 + w + 2.0 * px, min.1 + h + 2.0 * py);
    layer.add(Shape::Rect {
        min,
        max,
        corner: 3.0,
        fill: Some(style::MARKING_RED),
        stroke: None,
    });
    // Centred in its box: a viewer's fallback font of another width stays inside.
    layer.add(Shape::Text(Text {
        x: (min.0 + max.0) / 2.0,
        y: (min.1 + max.1) / 2.0,
        anchor: Anchor::Middle,
        size: style::MARKING_SIZE,
        color: ecolor::Color32::WHITE,
        halo: None,
        text: style::MARKING.to_owned(),
        mono: false,
    }));
    (layer, (min.0, min.1, max.0, max.1))
}

/// The box the scale bar and its label may take, so labels keep clear of it.
pub fn scale_bar_box(view: &View<'_>) -> Rect {
    let b = style::SCALE_BAR_BOX;
    (
        view.bounds.0 + b.0,
        view.bounds.3 - b.1,
        view.bounds.0 + b.2,
        view.bounds.3 - b.3,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::scene::Estimated;
    use crate::map::theme::MapTheme;
    use crate::model::slide::Layers;
    use geo::{Distance, Geodesic, Point};

    #[test]
    fn the_scale_bar_measures_what_it_says_on_the_ellipsoid() {
        let p = crate::map::scene::tests::ukraine(1000.0, 700.0);
        let theme = MapTheme::LIGHT;
        let layers = Layers::default();
        let view = View {
            p: &p,
            theme: &theme,
            layers: &layers,
            bounds: (0.0, 0.0, 1000.0, 700.0),
        };
        let layer = scale_bar(&view, &Estimated);
        assert_eq!(layer.items.len(), 3, "halo, bar, label");
        let Shape::Path { runs, .. } = &layer.items[1].shape else {
            panic!()
        };
        let (a, b) = (runs[0][1], runs[0][2]);
        assert_eq!(a, (16.0, 678.0));
        let Shape::Text(t) = &layer.items[2].shape else {
            panic!()
        };
        let km: f64 = t.text.trim_end_matches(" km").parse().unwrap();
        let (lon0, lat0) = p.geo_from_screen(a.0, a.1);
        let (lon1, lat1) = p.geo_from_screen(b.0, b.1);
        let true_km = Geodesic.distance(Point::new(lon0, lat0), Point::new(lon1, lat1)) / 1000.0;
        assert!((true_km - km).abs() / km < 0.01, "{true_km} vs {km}");
        assert!(t.y < a.1 - style::SCALE_BAR_TICK);
    }

    #[test]
    fn every_picture_is_marked_hypothetical_top_left() {
        let (layer, r) = marking((0.0, 40.0, 800.0, 600.0), &Estimated);
        assert_eq!((r.0, r.1), (10.0, 50.0), "below a slide's band");
        let Shape::Text(t) = &layer.items[1].shape else {
            panic!()
        };
        assert_eq!(t.text, "HYPOTHETICAL — PLANNING ONLY");
        let (w, h) = Estimated.measure(&t.text, t.size);
        assert!((r.2 - r.0 - w - 12.0).abs() < 1e-9 && (r.3 - r.1 - h - 6.0).abs() < 1e-9);
        assert_eq!(((r.0 + r.2) / 2.0, (r.1 + r.3) / 2.0), (t.x, t.y));
    }

    #[test]
    fn credits_stack_from_the_bottom_right_and_name_the_places_when_shown() {
        let p = crate::map::scene::tests::ukraine(800.0, 600.0);
        let theme = MapTheme::DARK;
        let layers = Layers {
            cities: true,
            ..Layers::default()
        };
        let view = View {
            p: &p,
            theme: &theme,
            layers: &layers,
            bounds: (0.0, 0.0, 800.0, 600.0),
        };
        let (layer, covered) = credits(&view, &Estimated, None);
        let texts: Vec<&Text> = layer.texts().collect();
        assert_eq!(texts.len(), 2);
        assert_eq!(texts[0].text, style::BOUNDARY_CREDITS);
        assert_eq!(texts[1].text, crate::map::place_marks::ATTRIBUTION);
        assert!(texts[1].y < texts[0].y);
        assert_eq!((texts[0].x, texts[0].anchor), (794.0, Anchor::End));
        assert!(covered.1 < texts[1].y - 6.0 && covered.2 == 800.0 && covered.3 == 600.0);
        let w = Estimated.measure(style::BOUNDARY_CREDITS, 11.0).0;
        assert!(covered.0 <= 794.0 - w);
    }

    #[test]
    fn a_long_control_credit_wraps_above_the_others_inside_the_map() {
        let p = super::super::tests::ukraine(720.0, 300.0);
        let theme = MapTheme::LIGHT;
        let layers = Layers::default();
        let view = View {
            p: &p,
            theme: &theme,
            layers: &layers,
            bounds: (0.0, 0.0, 720.0, 300.0),
        };
        let control = "Control: Natural Earth disputed areas (public domain), before 24 Feb \
                       2022; DeepStateMap export as of 2026-11-01";
        let (layer, covered) = credits(&view, &Estimated, Some(control));
        let texts: Vec<&Text> = layer.texts().collect();
        // Boundaries, places, then the control credit in more than one line.
        assert!(texts.len() >= 4, "{texts:?}");
        let rest: Vec<&str> = texts[2..].iter().rev().map(|t| t.text.as_str()).collect();
        assert_eq!(rest.join(" "), control, "nothing lost, read top down");
        for t in &texts {
            let w = Estimated.measure(&t.text, t.size).0;
            assert!(
                t.x - w >= style::SCALE_BAR_BOX.2,
                "{} runs into the scale bar",
                t.text
            );
        }
        // Stacked upwards, the box covering them all.
        for pair in texts.windows(2) {
            assert!(pair[1].y < pair[0].y);
        }
        assert!(covered.1 < texts[texts.len() - 1].y);
        assert!(covered.0 >= 0.0 && covered.0 < 720.0 - Estimated.measure(control, 11.0).0 / 3.0);
        // Its first line keeps the id files know it by.
        let tagged = layer
            .items
            .iter()
            .filter_map(|i| i.tag.as_ref()?.id)
            .collect::<Vec<_>>();
        assert_eq!(
            tagged,
            ["attribution", "places-attribution", "control-attribution"]
        );
    }
}
