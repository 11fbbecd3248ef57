//! Cities, seaports and airfields of the layers switched on (`map::place_marks` picks
//! which, where and in which style): a city a dot, a port a diamond, an airfield a ring
//! with a cross (the chart symbol of an aerodrome); their names as wanted labels.

use ecolor::Color32;

use super::{Label, Layer, MeasureText, Shape, Tag, View};
use crate::map::place_marks::{self, style};
use crate::map::style::Line;
use crate::model::facilities::FacilityIndex;
use crate::model::places::PlaceKind;

fn rgb(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// The `places` layer of `index`'s places in view, and their names' candidates.
pub fn places(
    index: &FacilityIndex,
    view: &View<'_>,
    measure: &dyn MeasureText,
) -> (Layer, Vec<Label>) {
    let mut layer = Layer::new("places");
    let mut names = Vec::new();
    let layers = view.layers;
    if !(layers.cities || layers.airfields || layers.ports) {
        return (layer, names);
    }
    let dark = view.theme.dark;
    for m in place_marks::marks(index, layers, view.p, view.bounds, dark) {
        let class = match m.place.kind {
            PlaceKind::City => "city",
            PlaceKind::Port => "port",
            PlaceKind::Airfield => "airfield",
        };
        let mut shapes = symbol(m.place.kind, (m.x, m.y), m.radius, dark).into_iter();
        if let Some(first) = shapes.next() {
            layer.add_tagged(
                first,
                Tag {
                    class: Some(class.to_owned()),
                    title: Some(m.place.label()),
                    ..Tag::default()
                },
            );
        }
        for shape in shapes {
            layer.add(shape);
        }
        if let Some((text, size)) = &m.label {
            let (w, h) = measure.measure(text, *size);
            names.push(Label {
                candidate: m.label_candidate(w, h, dark),
                text: text.clone(),
                size: *size,
                color: view.theme.label,
                tag: Tag::default(),
                plate: None,
            });
        }
    }
    (layer, names)
}

/// A place's symbol centred on `(x, y)` with radius `r`: a city a dot, a port a
/// diamond, an airfield a ring with a cross. The first shape is the symbol's body (the
/// one a file tags); the map and the legend's place key both draw it.
pub(super) fn symbol(kind: PlaceKind, (x, y): (f64, f64), r: f64, dark: bool) -> Vec<Shape> {
    let st = style(kind, dark);
    let (fill, line) = (rgb(st.fill), rgb(st.stroke));
    match kind {
        PlaceKind::City => vec![Shape::Circle {
            centre: (x, y),
            radius: r + 0.5,
            fill: Some(fill),
            stroke: Some(Line::solid(1.0, line)),
        }],
        PlaceKind::Port => {
            let d = r + 1.0;
            vec![Shape::Path {
                runs: vec![vec![(x, y - d), (x + d, y), (x, y + d), (x - d, y)]],
                closed: true,
                fill: Some(fill),
                stroke: Some(Line::solid(1.2, line)),
            }]
        }
        PlaceKind::Airfield => {
            let e = r + 2.5;
            let mut shapes = vec![Shape::Circle {
                centre: (x, y),
                radius: r,
                fill: Some(fill),
                stroke: Some(Line::solid(1.6, line)),
            }];
            for run in [[(x - e, y), (x + e, y)], [(x, y - e), (x, y + e)]] {
                shapes.push(Shape::Path {
                    runs: vec![run.to_vec()],
                    closed: false,
                    fill: None,
                    stroke: Some(Line::solid(1.3, line)),
                });
            }
            shapes
        }
    }
}
