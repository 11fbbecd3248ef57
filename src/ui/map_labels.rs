//! Every label of the screen map placed together once a frame, by priority: hub names
//! first, then country, oblast and place names, then range-ring radii. A label that
//! would cover another, a hub symbol, a cluster disc or the map's furniture (legend,
//! marking, scale bar, credits) is dropped, and one that would be cut at the map's edge
//! is moved inside or dropped (`map::labels::place_labels_in`, the SVG export's rule).

use egui::{Color32, FontId, Painter, Pos2, Rect};

use crate::map::labels::{self, LabelCandidate};
use crate::map::theme::MapTheme;

/// What a label names, which decides how it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelKind {
    /// A country, oblast or place: text with a halo.
    Map,
    /// A hub: text on a plate.
    Hub,
    /// A range ring's radius: text with a halo, in the ring's colour.
    Ring,
}

/// A label that would like to be drawn, measured.
#[derive(Clone, Debug, PartialEq)]
pub struct MapLabel {
    /// What it names.
    pub kind: LabelKind,
    /// Where, how large (the text's box), and its priority.
    pub candidate: LabelCandidate,
    /// The text.
    pub text: String,
    /// Its font.
    pub font: FontId,
    /// Its colour (map labels take the theme's label colour).
    pub color: Color32,
    /// The plate under it (hub names), if any; others have a halo.
    pub plate: Option<Color32>,
}

impl MapLabel {
    /// A scene's label as one the screen places with the hub names.
    pub fn from_scene(l: crate::map::scene::Label, kind: LabelKind) -> Self {
        Self {
            kind,
            candidate: l.candidate,
            text: l.text,
            font: FontId::proportional(l.size as f32),
            color: l.color,
            plate: l.plate,
        }
    }

    /// The box it covers, in screen points.
    pub fn rect(&self) -> Rect {
        to_rect(labels::label_rect(&self.candidate))
    }
}

/// Space kept between labels, points (their halos are one point wide).
const MARGIN: f64 = 2.0;

/// The labels that are drawn, moved inside `bounds` where they stuck out: no two
/// overlap, none covers an `obstacle`, none leaves `bounds`. Highest priority first.
pub fn place(mut wanted: Vec<MapLabel>, obstacles: &[Rect], bounds: Rect) -> Vec<MapLabel> {
    let blocked: Vec<labels::Rect> = obstacles.iter().map(|r| from_rect(*r)).collect();
    let mut candidates: Vec<LabelCandidate> = wanted.iter().map(|l| l.candidate.clone()).collect();
    let chosen = labels::place_labels_in(&mut candidates, &blocked, MARGIN, from_rect(bounds));
    let mut slots: Vec<Option<MapLabel>> = Vec::with_capacity(wanted.len());
    for (label, moved) in wanted.drain(..).zip(candidates) {
        slots.push(Some(MapLabel {
            candidate: moved,
            ..label
        }));
    }
    chosen
        .into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

/// The map's furniture no label may cover: the marking, the scale bar's box (bottom
/// left) and the credits' (bottom right), as the scene lays them out. The legend moves,
/// so the map adds it where it was placed ([`crate::ui::legend::placed_rect`]).
pub fn furniture(
    marking: labels::Rect,
    scale_bar: labels::Rect,
    credits: labels::Rect,
) -> Vec<Rect> {
    vec![to_rect(marking), to_rect(scale_bar), to_rect(credits)]
}

/// Placed labels as the scene draws them (`map::scene::Label`), as egui shapes: names
/// in a halo, hub names on their plates.
pub fn shapes(
    painter: &Painter,
    data: &crate::map::MapData,
    p: &crate::projection::Projector,
    placed: &[MapLabel],
    theme: MapTheme,
) -> Vec<egui::Shape> {
    let mut layer = crate::map::scene::Layer::new("labels");
    for label in placed {
        let scene_label = crate::map::scene::Label {
            candidate: label.candidate.clone(),
            text: label.text.clone(),
            size: f64::from(label.font.size),
            color: label.color,
            tag: Default::default(),
            plate: label.plate,
        };
        layer.items.extend(scene_label.items(&theme));
    }
    crate::ui::scene_painter::shapes(painter, data, p, &[&layer])
}

fn to_rect(r: labels::Rect) -> Rect {
    Rect::from_min_max(
        Pos2::new(r.0 as f32, r.1 as f32),
        Pos2::new(r.2 as f32, r.3 as f32),
    )
}

fn from_rect(r: Rect) -> labels::Rect {
    (
        r.min.x as f64,
        r.min.y as f64,
        r.max.x as f64,
        r.max.y as f64,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(kind: LabelKind, x: f64, y: f64, priority: f64) -> MapLabel {
        MapLabel {
            plate: None,
            kind,
            candidate: LabelCandidate {
                x,
                y,
                width: 80.0,
                height: 14.0,
                priority,
                flip: 0.0,
            },
            text: format!("{kind:?}"),
            font: FontId::proportional(12.0),
            color: Color32::BLACK,
        }
    }

    #[test]
    fn hub_names_win_and_nothing_overlaps_or_leaves_the_map() {
        let bounds = Rect::from_min_max(Pos2::ZERO, Pos2::new(500.0, 300.0));
        let symbol = Rect::from_center_size(Pos2::new(250.0, 100.0), egui::Vec2::new(34.0, 22.0));
        let wanted = vec![
            // A city name where the hub's name goes, and over the symbol.
            label(LabelKind::Map, 250.0, 125.0, 30.0),
            label(LabelKind::Map, 250.0, 100.0, 40.0),
            label(LabelKind::Hub, 250.0, 125.0, 1001.0),
            // "30 km" on "100 km".
            label(LabelKind::Ring, 100.0, 40.0, -1.0),
            label(LabelKind::Ring, 105.0, 42.0, -1.0),
            // Cut at the right edge: moved inside.
            label(LabelKind::Map, 480.0, 250.0, 20.0),
        ];
        let placed = place(wanted.clone(), &[symbol], bounds);
        // Every label finds a place: the hub's name where it wanted, the others a line
        // or two off theirs.
        assert_eq!(placed.len(), 6);
        assert_eq!(placed[0].kind, LabelKind::Hub);
        assert_eq!(
            (placed[0].candidate.x, placed[0].candidate.y),
            (250.0, 125.0)
        );
        let check = |placed: &[MapLabel]| {
            let rects: Vec<labels::Rect> = placed.iter().map(|l| from_rect(l.rect())).collect();
            assert_eq!(labels::overlapping_pairs(&rects), 0);
            assert!(placed.iter().all(|l| bounds.contains_rect(l.rect())));
            assert!(placed.iter().all(|l| !l.rect().intersects(symbol)));
        };
        check(&placed);
        let cut = placed
            .iter()
            .find(|l| l.candidate.priority == 20.0)
            .unwrap();
        assert_eq!(cut.candidate.x, 460.0);
        // With the map crowded round them (the legend over the top), the ring labels
        // under it and the name on the symbol, with no room a line or two off, are
        // dropped, not overprinted.
        let legend = Rect::from_min_max(Pos2::ZERO, Pos2::new(500.0, 112.0));
        let placed = place(wanted, &[symbol, legend], bounds);
        let kept: Vec<(LabelKind, f64)> = placed
            .iter()
            .map(|l| (l.kind, l.candidate.priority))
            .collect();
        assert_eq!(
            kept,
            vec![
                (LabelKind::Hub, 1001.0),
                (LabelKind::Map, 30.0),
                (LabelKind::Map, 20.0)
            ]
        );
        check(&placed);
    }
}
