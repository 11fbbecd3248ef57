//! The map as a list of drawing primitives, built once by the same code for the screen
//! and every file picture, and painted by a backend (`ui::scene_painter` for egui,
//! `export::svg` for SVG, hence PNG and PDF). A style can then drift in neither.
//!
//! A [`Scene`] is a stack of [`Layer`]s, bottom first; each holds [`Item`]s in screen
//! pixels. Regions are referred to by layer and index ([`Shape::Region`]) so each painter
//! uses the geometry it keeps (the screen its cached triangulation, SVG a clipped path).
//! Text is placed by its box's centre (or left/right edge) and vertical centre; the
//! builders measure it through [`MeasureText`], so each backend measures its own way.
//! [`Tag`]s carry what only a file keeps (ids, classes, data attributes, tooltips).

mod compare;
mod control;
mod furniture;
mod hubs;
mod legend;
mod places;
mod regions;
mod rings;

pub use compare::{Change, Compared, Comparison, comparison, key as comparison_legend};
pub use control::{ControlAreas, control};
pub use furniture::{credits, marking, scale_bar, scale_bar_box};
pub use hubs::{HubMarks, hub_labels, hubs, symbol_rect};
pub use legend::{
    Header, Legend, Placed, Row, Swatch, TITLE, bottom_left, comparison_key, control_legend,
    panels_floor, top_right,
};
pub use places::places;
pub use regions::{region_labels, regions};
pub use rings::{Rings, rings};

use ecolor::Color32;

use crate::map::labels::LabelCandidate;
use crate::map::style::{self, Line};
use crate::map::theme::MapTheme;
use crate::model::slide::Layers;
use crate::projection::Projector;

/// A stack of layers, bottom first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    /// The layers in painting order.
    pub layers: Vec<Layer>,
}

impl Scene {
    /// Appends a layer (empty ones too: painters skip them).
    pub fn push(&mut self, layer: Layer) {
        self.layers.push(layer);
    }

    /// The layer with this id, if any.
    pub fn layer(&self, id: &str) -> Option<&Layer> {
        self.layers.iter().find(|l| l.id == id)
    }

    /// Every item, bottom first.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.layers.iter().flat_map(|l| l.items.iter())
    }
}

/// One named layer of the map (the SVG group id).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layer {
    /// Its name: `countries`, `oblasts`, `ukraine-outline`, `places`, `range-rings`,
    /// `labels`, `ring-labels`, `scale-bar`, `attribution`…
    pub id: &'static str,
    /// What it draws, bottom first.
    pub items: Vec<Item>,
    /// Its items never overlap one another (hub symbols and discs, which the clusterer
    /// keeps apart), so a painter may draw all the geometry first and all the text on
    /// top, in two batches.
    pub apart: bool,
}

impl Layer {
    /// An empty layer.
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            items: Vec::new(),
            apart: false,
        }
    }

    /// Appends an item without a tag.
    pub fn add(&mut self, shape: Shape) {
        self.items.push(Item { shape, tag: None });
    }

    /// Its text items, bottom first (those in groups not included).
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        self.items.iter().filter_map(|i| match &i.shape {
            Shape::Text(t) => Some(t),
            _ => None,
        })
    }

    /// Appends an item with a tag.
    pub fn add_tagged(&mut self, shape: Shape, tag: Tag) {
        self.items.push(Item {
            shape,
            tag: Some(Box::new(tag)),
        });
    }
}

/// A primitive and what a file keeps about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// What is drawn.
    pub shape: Shape,
    /// Id, class, data and tooltip for files (screen painters ignore it).
    pub tag: Option<Box<Tag>>,
}

/// What a file keeps about an item: an SVG id, class, `data-*` attributes and a title.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tag {
    /// Element id.
    pub id: Option<&'static str>,
    /// Class attribute.
    pub class: Option<String>,
    /// `data-` attributes (name without the prefix, value).
    pub data: Vec<(&'static str, String)>,
    /// Tooltip (an SVG `<title>`).
    pub title: Option<String>,
}

/// Which prepared region layer a [`Shape::Region`] refers to.
#[derive(Clone, Debug, PartialEq)]
pub enum RegionSet {
    /// `MapData::countries`.
    Countries,
    /// `MapData::oblasts`.
    Oblasts,
    /// The areas of a plan's control layer (`PreparedControl::areas`), which the scene
    /// holds since the map data does not.
    Control(ControlAreas),
}

impl RegionSet {
    /// The level-of-detail mesh of region `index` at `lod`, whichever painter asks.
    pub fn mesh<'a>(
        &'a self,
        data: &'a crate::map::MapData,
        index: usize,
        lod: usize,
    ) -> Option<&'a crate::map::mesh::LodMesh> {
        let region = match self {
            RegionSet::Countries => data.countries.regions.get(index),
            RegionSet::Oblasts => data.oblasts.regions.get(index),
            RegionSet::Control(areas) => areas.0.areas.get(index).map(|a| &a.region),
        };
        region.map(|r| r.lod(lod))
    }
}

/// Which edges a region's outline draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Borders {
    /// Every ring whole: an outline drawn for itself (Ukraine's, an occupied area's).
    Whole,
    /// A border shared with another region of its set once, by the first of the two
    /// (`map::topology`). Painters draw a run of such regions' fills first, then their
    /// outlines, so no later fill covers half of an earlier border.
    Shared,
}

/// A drawing primitive, in screen pixels.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// A prepared region at the level of detail `lod`: filled (even-odd) and/or
    /// outlined.
    Region {
        /// Its layer.
        set: RegionSet,
        /// Its index in the layer.
        index: usize,
        /// Level of detail.
        lod: usize,
        /// Fill colour.
        fill: Option<Color32>,
        /// Outline.
        stroke: Option<Line>,
        /// Which of its edges the outline draws.
        borders: Borders,
    },
    /// Polylines (one per run), closed or open, filled only when closed.
    Path {
        /// The runs, each at least two points.
        runs: Vec<Vec<(f64, f64)>>,
        /// Whether each run closes on its first point.
        closed: bool,
        /// Fill colour (closed paths).
        fill: Option<Color32>,
        /// Outline.
        stroke: Option<Line>,
    },
    /// A circle.
    Circle {
        /// Centre.
        centre: (f64, f64),
        /// Radius.
        radius: f64,
        /// Fill colour.
        fill: Option<Color32>,
        /// Outline.
        stroke: Option<Line>,
    },
    /// A rectangle (`min`, `max`), its corners rounded by `corner`.
    Rect {
        /// Top-left corner.
        min: (f64, f64),
        /// Bottom-right corner.
        max: (f64, f64),
        /// Corner radius.
        corner: f64,
        /// Fill colour.
        fill: Option<Color32>,
        /// Outline (centred on the edge).
        stroke: Option<Line>,
    },
    /// One line of text.
    Text(Text),
    /// Items that belong together (a hub's symbol, name and warning); files keep them
    /// as one element with the group's tag.
    Group(Vec<Item>),
}

/// Where a text's `x` is: its left edge, centre or right edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// `x` is the left edge.
    Start,
    /// `x` is the centre.
    Middle,
    /// `x` is the right edge.
    End,
}

/// One line of text, placed by its box: `x` per `anchor`, `y` the box's vertical centre.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    /// Horizontal position (see `anchor`).
    pub x: f64,
    /// Vertical centre of the line box.
    pub y: f64,
    /// What `x` is.
    pub anchor: Anchor,
    /// Font size, pixels.
    pub size: f64,
    /// Glyph colour.
    pub color: Color32,
    /// Halo colour round the glyphs ([`style::HALO`] wide), if any.
    pub halo: Option<Color32>,
    /// The text.
    pub text: String,
    /// In the monospace font (a hub's kind code) instead of the proportional one.
    pub mono: bool,
}

/// Text measurement: each backend measures with its own fonts.
pub trait MeasureText {
    /// Width and line height of `text` at `size` pixels.
    fn measure(&self, text: &str, size: f64) -> (f64, f64);
}

/// Estimated width of an average character, in ems (Ubuntu/DejaVu mixed case), for
/// pictures written without font metrics.
pub const TEXT_WIDTH_PER_EM: f64 = 0.55;
/// Estimated width of a capital letter, in ems (DejaVu Sans: ~0.65–0.7).
pub const CAPITAL_WIDTH_PER_EM: f64 = 0.68;

/// Measurement without fonts: [`TEXT_WIDTH_PER_EM`] per character
/// ([`CAPITAL_WIDTH_PER_EM`] per capital), 1.2 × size high.
#[derive(Clone, Copy, Debug, Default)]
pub struct Estimated;

impl MeasureText for Estimated {
    fn measure(&self, text: &str, size: f64) -> (f64, f64) {
        let ems: f64 = text
            .chars()
            .map(|c| {
                if c.is_uppercase() {
                    CAPITAL_WIDTH_PER_EM
                } else {
                    TEXT_WIDTH_PER_EM
                }
            })
            .sum();
        (ems * size, 1.2 * size)
    }
}

/// What the builders read: where the map is on the picture and how it looks.
#[derive(Clone, Copy, Debug)]
pub struct View<'a> {
    /// Camera and viewport (the map's rectangle, in picture pixels).
    pub p: &'a Projector,
    /// Colours.
    pub theme: &'a MapTheme,
    /// Layers drawn.
    pub layers: &'a Layers,
    /// The map's box for furniture and labels: `(min_x, min_y, max_x, max_y)` (a slide's
    /// caption band is above `min_y`).
    pub bounds: (f64, f64, f64, f64),
}

impl View<'_> {
    /// The box geometry is kept in: the view plus a margin wider than any stroke, so
    /// the edges clipping adds are never seen.
    pub fn clip(&self) -> crate::map::clip::Clip {
        let v = self.p.viewport();
        crate::map::clip::Clip {
            min_x: v.min_x - CLIP_MARGIN,
            min_y: v.min_y - CLIP_MARGIN,
            max_x: v.min_x + v.width + CLIP_MARGIN,
            max_y: v.min_y + v.height + CLIP_MARGIN,
        }
    }
}

/// Margin round the view inside which geometry is kept, pixels.
pub const CLIP_MARGIN: f64 = 8.0;

/// A label that would like to be drawn: measured, with its priority; the placement
/// (`map::labels::place_labels_in`) decides which are.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Where, how large (the text's box) and its priority.
    pub candidate: LabelCandidate,
    /// The text.
    pub text: String,
    /// Font size, pixels.
    pub size: f64,
    /// Glyph colour.
    pub color: Color32,
    /// What a file keeps about it.
    pub tag: Tag,
    /// On a plate of this colour (hub names: the candidate's box, corners rounded
    /// 3 px) rather than in a halo.
    pub plate: Option<Color32>,
}

impl Label {
    /// The label drawn where it was placed: centred on its box, in a halo or on
    /// its plate (a rectangle of class `label-bg` under the text).
    pub fn items(&self, theme: &MapTheme) -> Vec<Item> {
        let mut shape = label_text(&self.candidate, &self.text, self.size, self.color, theme);
        let tag = (self.tag != Tag::default()).then(|| Box::new(self.tag.clone()));
        let Some(plate) = self.plate else {
            return vec![Item { shape, tag }];
        };
        if let Shape::Text(t) = &mut shape {
            t.halo = None;
        }
        let c = &self.candidate;
        let plate = Item {
            shape: Shape::Rect {
                min: (c.x - c.width / 2.0, c.y - c.height / 2.0),
                max: (c.x + c.width / 2.0, c.y + c.height / 2.0),
                corner: 3.0,
                fill: Some(plate),
                stroke: None,
            },
            tag: Some(Box::new(Tag {
                class: Some("label-bg".into()),
                ..Tag::default()
            })),
        };
        vec![plate, Item { shape, tag }]
    }
}

/// The `id` layer of the `wanted` labels that fit, highest priority first: none
/// overlaps another (`margin` apart) or a `blocked` box, and none leaves `bounds`
/// (moved inside, or dropped). Returns the layer and the boxes of the labels drawn.
pub fn place_labels(
    id: &'static str,
    mut wanted: Vec<Label>,
    blocked: &[crate::map::labels::Rect],
    margin: f64,
    bounds: crate::map::labels::Rect,
    theme: &MapTheme,
) -> (Layer, Vec<crate::map::labels::Rect>) {
    let mut candidates: Vec<LabelCandidate> = wanted.iter().map(|l| l.candidate.clone()).collect();
    let chosen = crate::map::labels::place_labels_in(&mut candidates, blocked, margin, bounds);
    for (label, moved) in wanted.iter_mut().zip(candidates) {
        label.candidate = moved;
    }
    let mut layer = Layer::new(id);
    let mut boxes = Vec::with_capacity(chosen.len());
    for i in chosen {
        if let Some(label) = wanted.get(i) {
            boxes.push(crate::map::labels::label_rect(&label.candidate));
            layer.items.extend(label.items(theme));
        }
    }
    (layer, boxes)
}

/// A label text item with the halo, centred on a placed candidate.
pub fn label_text(
    c: &LabelCandidate,
    text: &str,
    size: f64,
    color: Color32,
    theme: &MapTheme,
) -> Shape {
    Shape::Text(Text {
        x: c.x,
        y: c.y,
        anchor: Anchor::Middle,
        size,
        color,
        halo: Some(theme.halo),
        text: text.to_owned(),
        mono: false,
    })
}

/// Width of a halo stroke round glyphs (both sides).
pub const HALO_STROKE: f64 = 2.0 * style::HALO;

#[cfg(test)]
pub(crate) mod tests {
    use crate::projection::{Camera, GeoBounds, Insets, Projector, ScreenRect};

    /// A projector framing Ukraine in a `width`×`height` picture at the origin.
    pub(crate) fn ukraine(width: f64, height: f64) -> Projector {
        let camera = Camera::fit_inside(
            GeoBounds::new(22.0, 44.0, 40.5, 52.5),
            width,
            height,
            Insets::uniform(10.0),
        );
        Projector::new(
            camera,
            ScreenRect {
                min_x: 0.0,
                min_y: 0.0,
                width,
                height,
            },
        )
    }
}
