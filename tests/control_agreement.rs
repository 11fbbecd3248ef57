//! The control layers, one scene for two painters: the sample plan's occupied areas,
//! its (illustrative) ceasefire line, the hatched ceasefire zone and threat bands with
//! their distances, over the base map of the plan's "ceasefire zone" slide, painted by
//! egui (rendered by wgpu on the CPU, as the snapshots are) and written as SVG then
//! rendered by resvg (the PNG and PDF exports' path), must give the same picture within
//! anti-aliasing: the whole picture, and each control layer alone on the sea. A style
//! that drifts between the backends (a dash, a width) fails here. The same approach and
//! measures as `tests/scene_agreement.rs`.

mod common;

use std::sync::Arc;

use coalition_map::map::MapData;
use coalition_map::map::control_view::{ControlView, PreparedControl};
use coalition_map::map::scene::{self, Scene, Shape, View};
use coalition_map::map::theme::MapTheme;
use coalition_map::map::threat_field::{ControlScene, SceneInput};
use coalition_map::model::control::{ControlFeature, effective};
use coalition_map::model::slide::Layers;
use coalition_map::projection::{GeoBounds, Projector};
use common::{H, W, text_boxes};

/// Channel difference above which two pixels differ (as `tests/scene_agreement.rs`).
const TOLERANCE: u8 = 48;

fn projector() -> Projector {
    // The sample plan's slide "ILLUSTRATIVE ceasefire zone and threat bands".
    common::fitted(GeoBounds::new(33.0, 47.4, 39.8, 51.0))
}

fn layers() -> Layers {
    Layers {
        control: true,
        ceasefire_zone: true,
        threat_bands: true,
        ..Layers::default()
    }
}

/// The sample plan's control view: features prepared as the app prepares them, the
/// zone and threat bands at 40, 90 and 300 km from its occupied areas (hostile
/// countries left out: their field takes seconds in a debug build).
fn control_view() -> ControlView {
    let plan = coalition_map::model::plan_file::sample_plan();
    let features: Arc<Vec<ControlFeature>> = Arc::new(
        effective(&plan.control, &plan.control_settings)
            .cloned()
            .collect(),
    );
    let settings = plan.control_settings.clone();
    let input = SceneInput {
        hostile_countries: Vec::new(),
        features: features.to_vec(),
        settings: settings.clone(),
    };
    ControlView {
        features: Arc::clone(&features),
        prepared: Arc::new(PreparedControl::prepare(features, &settings)),
        scene: Some(Arc::new(ControlScene::compute(&input, 2))),
        revision: 1,
        settings,
    }
}

/// The base map and the five control layers.
fn build(data: &MapData) -> Scene {
    let plan = coalition_map::model::plan_file::sample_plan();
    let theme = MapTheme::LIGHT;
    let layers = layers();
    let p = projector();
    let view = View {
        p: &p,
        theme: &theme,
        layers: &layers,
        bounds: (0.0, 0.0, W, H),
    };
    let mut s = Scene::default();
    for layer in scene::regions(data, &plan, &view) {
        s.push(layer);
    }
    for layer in scene::control(&control_view(), &view, &scene::Estimated) {
        s.push(layer);
    }
    s
}

/// The scene painted by egui and rendered by wgpu.
fn egui_picture(data: &'static MapData, scene: &Scene) -> image::RgbaImage {
    let scene = scene.clone();
    common::egui_picture(data, projector(), move |_| scene.clone()).0
}

/// The scene written as SVG and rendered by resvg.
fn svg_picture(data: &MapData, scene: &Scene) -> image::RgbaImage {
    common::svg_picture(data, scene, &projector(), &layers())
}

/// How two pictures of one scene compare outside its text.
#[derive(Debug)]
struct Agreement {
    /// Pixels whose colours differ by more than [`TOLERANCE`] in a channel.
    differing: usize,
    /// Pixels compared.
    compared: usize,
    /// Pixels inked (differing from the sea by more than [`TOLERANCE`]) in either.
    ink: usize,
}

impl Agreement {
    fn of(a: &image::RgbaImage, b: &image::RgbaImage, mask: &[(f64, f64, f64, f64)]) -> Self {
        assert_eq!(a.dimensions(), b.dimensions());
        let sea = MapTheme::LIGHT.sea.to_array();
        let differ = |p: &[u8], q: &[u8]| (0..3).any(|c| p[c].abs_diff(q[c]) > TOLERANCE);
        let (mut differing, mut compared, mut ink) = (0, 0, 0);
        for (x, y, p) in a.enumerate_pixels() {
            let (fx, fy) = (x as f64 + 0.5, y as f64 + 0.5);
            if mask
                .iter()
                .any(|m| fx >= m.0 && fx <= m.2 && fy >= m.1 && fy <= m.3)
            {
                continue;
            }
            compared += 1;
            let q = b.get_pixel(x, y);
            if differ(&p.0, &q.0) {
                differing += 1;
            }
            if differ(&p.0, &sea) || differ(&q.0, &sea) {
                ink += 1;
            }
        }
        Self {
            differing,
            compared,
            ink,
        }
    }

    /// Share of all pixels compared that differ.
    fn of_picture(&self) -> f64 {
        self.differing as f64 / self.compared as f64
    }

    /// Share of the inked pixels that differ (a layer alone on the sea).
    fn of_ink(&self) -> f64 {
        self.differing as f64 / self.ink.max(1) as f64
    }
}

/// The scene with only the layer `id`.
fn alone(scene: &Scene, id: &str) -> Scene {
    Scene {
        layers: scene
            .layers
            .iter()
            .filter(|l| l.id == id)
            .cloned()
            .collect(),
    }
}

/// `scene` with `change` applied to every shape of layer `id`, groups included.
fn drifted(scene: &Scene, id: &str, change: &dyn Fn(&mut Shape)) -> Scene {
    fn walk(shape: &mut Shape, change: &dyn Fn(&mut Shape)) {
        if let Shape::Group(items) = shape {
            for item in items {
                walk(&mut item.shape, change);
            }
        }
        change(shape);
    }
    let mut s = scene.clone();
    for layer in s.layers.iter_mut().filter(|l| l.id == id) {
        for item in &mut layer.items {
            walk(&mut item.shape, change);
        }
    }
    s
}

#[test]
fn the_screen_and_the_svg_paint_the_control_layers_alike() {
    let data: &'static MapData = Box::leak(Box::new(MapData::builtin().expect("built-in maps")));
    let scene = build(data);
    let control = [
        "control-areas",
        "ceasefire-zone",
        "threat-bands",
        "control-lines",
    ];
    for id in control.iter().chain(&["threat-band-labels"]) {
        let layer = scene.layer(id).unwrap_or_else(|| panic!("no {id} layer"));
        assert!(!layer.items.is_empty(), "{id} is empty");
    }
    let mask = text_boxes(&scene);
    assert_eq!(mask.len(), 3, "one distance per band");

    // The whole picture: base map and control layers.
    let on_screen = egui_picture(data, &scene);
    let in_file = svg_picture(data, &scene);
    if let Some(dir) = std::env::var_os("SCENE_AGREEMENT_DUMP") {
        let dir = std::path::Path::new(&dir);
        on_screen
            .save(dir.join("control_egui.png"))
            .expect("writable");
        in_file.save(dir.join("control_svg.png")).expect("writable");
    }
    let whole = Agreement::of(&on_screen, &in_file, &mask);
    eprintln!(
        "whole picture: {whole:?}, {:.3} % differ",
        100.0 * whole.of_picture()
    );
    assert!(whole.of_picture() <= 0.01, "{whole:?}");

    // Each control layer alone on the sea: its inked pixels agree.
    let mut screens = Vec::new();
    for id in control {
        let only = alone(&scene, id);
        let screen = egui_picture(data, &only);
        let same = Agreement::of(&screen, &svg_picture(data, &only), &mask);
        eprintln!(
            "{id} alone: {same:?}, {:.2} % of its ink differs",
            100.0 * same.of_ink()
        );
        assert!(same.ink > 500, "{id} draws something: {same:?}");
        assert!(same.of_ink() <= 0.05, "{id}: {same:?}");
        screens.push((id, only, screen));
    }

    // The comparison notices a style that drifts in one backend.
    let drift = |id: &str, change: &dyn Fn(&mut Shape)| {
        let (_, only, screen) = screens
            .iter()
            .find(|(i, ..)| *i == id)
            .expect("compared above");
        Agreement::of(
            screen,
            &svg_picture(data, &drifted(only, id, change)),
            &mask,
        )
    };
    let dashed = drift("control-lines", &|s| {
        if let Shape::Path {
            stroke: Some(line), ..
        } = s
        {
            line.dash = Some((7.0, 5.0));
        }
    });
    eprintln!(
        "ceasefire line dashed 7 5 in the file: {dashed:?}, {:.2} %",
        100.0 * dashed.of_ink()
    );
    assert!(dashed.of_ink() > 0.05, "{dashed:?}");
    let wider = drift("threat-bands", &|s| {
        if let Shape::Path {
            stroke: Some(line), ..
        } = s
        {
            line.width = 2.0;
        }
    });
    eprintln!(
        "threat bands 2.0 px instead of 1.3 in the file: {wider:?}, {:.2} %",
        100.0 * wider.of_ink()
    );
    assert!(wider.of_ink() > 0.05, "{wider:?}");
    let edged = drift("control-areas", &|s| {
        if let Shape::Region {
            stroke: Some(line), ..
        } = s
        {
            line.width = 2.4;
        }
    });
    eprintln!(
        "area outlines 2.4 px instead of 1.4 in the file: {edged:?}, {:.2} %",
        100.0 * edged.of_ink()
    );
    assert!(edged.of_ink() > 0.01, "{edged:?}");
}
