//! The control layers on the screen map: the scene's control layers (`map::scene::control`:
//! occupied areas, the hatched ceasefire zone, threat bands, contact and ceasefire lines,
//! band distances) painted and cached per camera, viewport, theme, layers and control
//! revision, as the basemap's are. (Their legend is `ui::legend`'s.)

use egui::{Rect, Shape};

use crate::map::MapData;
use crate::map::control_view::ControlView;
use crate::map::scene;
use crate::map::theme::MapTheme;
use crate::model::slide::Layers;
use crate::projection::{Camera, Projector};
use crate::ui::scene_painter::{self, EguiMeasure};

#[derive(Clone, Copy, Debug, PartialEq)]
struct Key {
    camera: Camera,
    rect: Rect,
    revision: u64,
    layers: Layers,
    dark: bool,
}

/// Cached screen shapes of the control layers.
#[derive(Default)]
pub struct ControlCache {
    key: Option<Key>,
    /// Areas, zone, bands and lines, painted.
    shapes: Vec<Shape>,
    /// The band distances, painted each frame: a galley kept across frames can outlive
    /// the font atlas it points into.
    labels: scene::Layer,
    rebuilds: u64,
}

impl ControlCache {
    /// Paints the control layers (under the hubs), rebuilding the shapes only when
    /// something they depend on changed.
    pub fn paint(
        &mut self,
        painter: &egui::Painter,
        data: &MapData,
        p: &Projector,
        view: &ControlView,
        layers: Layers,
        dark: bool,
    ) {
        if !(layers.control || layers.ceasefire_zone || layers.threat_bands) {
            return;
        }
        let clip = painter.clip_rect();
        let key = Key {
            camera: p.camera(),
            rect: clip,
            revision: view.revision,
            layers,
            dark,
        };
        if self.key != Some(key) {
            let theme = MapTheme::for_dark(dark);
            let bounds = (
                clip.min.x as f64,
                clip.min.y as f64,
                clip.max.x as f64,
                clip.max.y as f64,
            );
            let sv = scene::View {
                p,
                theme: &theme,
                layers: &layers,
                bounds,
            };
            let [areas, zone, bands, lines, labels] =
                scene::control(view, &sv, &EguiMeasure(painter));
            self.shapes.clear();
            for layer in [&areas, &zone, &bands, &lines] {
                scene_painter::layer_shapes(painter, data, p, layer, &mut self.shapes);
            }
            self.labels = labels;
            self.key = Some(key);
            self.rebuilds += 1;
        }
        // A mesh of its own (`bake::apart`; the base map's is slot 1).
        crate::ui::bake::apart(painter, 2).extend(self.shapes.iter().cloned());
        scene_painter::paint(painter, data, p, &[&self.labels]);
    }

    /// How many times the control drawing was built (a still frame builds nothing).
    pub fn rebuilds(&self) -> u64 {
        self.rebuilds
    }
}
