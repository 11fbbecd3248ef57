//! What the agreement tests share: one scene painted by egui (rendered by wgpu on the
//! CPU, as the snapshots are) and written as SVG then rendered by resvg (the PNG and PDF
//! exports' path), at one picture size, and the boxes of its text.

use std::cell::RefCell;
use std::rc::Rc;

use coalition_map::export::render::png_from_svg;
use coalition_map::export::svg::scene_svg;
use coalition_map::map::MapData;
use coalition_map::map::scene::{self, MeasureText, Scene, Shape};
use coalition_map::map::theme::MapTheme;
use coalition_map::model::slide::Layers;
use coalition_map::projection::{Camera, GeoBounds, Insets, Projector, ScreenRect};
use coalition_map::ui::scene_painter::{self, EguiMeasure};
use egui_kittest::Harness;

/// Picture width, pixels.
pub const W: f64 = 1000.0;
/// Picture height, pixels.
pub const H: f64 = 700.0;

/// A projector fitting `view` into the picture with a 12-pixel margin.
pub fn fitted(view: GeoBounds) -> Projector {
    let camera = Camera::fit_inside(view, W, H, Insets::uniform(12.0));
    Projector::new(
        camera,
        ScreenRect {
            min_x: 0.0,
            min_y: 0.0,
            width: W,
            height: H,
        },
    )
}

/// The scene `build` makes (text measured by egui's fonts), painted by egui on the
/// light sea and rendered by wgpu; with the scene it painted.
pub fn egui_picture(
    data: &'static MapData,
    p: Projector,
    build: impl Fn(&dyn MeasureText) -> Scene + 'static,
) -> (image::RgbaImage, Scene) {
    let built: Rc<RefCell<Option<Scene>>> = Rc::default();
    let keep = built.clone();
    let mut harness = Harness::builder()
        .with_size([W as f32, H as f32])
        .with_pixels_per_point(1.0)
        .wgpu()
        .build_ui(move |ui| {
            let painter = ui
                .ctx()
                .layer_painter(egui::LayerId::new(egui::Order::Foreground, ui.scope_id()));
            let screen =
                egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(W as f32, H as f32));
            let painter = painter.with_clip_rect(screen);
            painter.rect_filled(screen, 0.0, MapTheme::LIGHT.sea);
            let scene = build(&EguiMeasure(&painter));
            let layers: Vec<&scene::Layer> = scene.layers.iter().collect();
            scene_painter::paint(&painter, data, &p, &layers);
            *keep.borrow_mut() = Some(scene);
        });
    harness.run();
    let image = harness
        .render()
        .expect("wgpu renders on the CPU (lavapipe)");
    let scene = built.borrow_mut().take().expect("the ui ran");
    (image, scene)
}

/// `scene` written as SVG (light theme, `layers`) and rendered by resvg.
pub fn svg_picture(
    data: &MapData,
    scene: &Scene,
    p: &Projector,
    layers: &Layers,
) -> image::RgbaImage {
    let svg = scene_svg(data, scene, p, &MapTheme::LIGHT, layers);
    let png = png_from_svg(&svg).expect("renders");
    image::load_from_memory(&png).expect("a PNG").to_rgba8()
}

/// Boxes of the scene's text, with a margin for halos and rasteriser differences.
pub fn text_boxes(scene: &Scene) -> Vec<(f64, f64, f64, f64)> {
    scene
        .items()
        .filter_map(|i| match &i.shape {
            Shape::Text(t) => Some(t),
            _ => None,
        })
        .map(|t| {
            let (w, h) = scene::Estimated.measure(&t.text, t.size);
            // The estimate is for mixed case; capitals and wide glyphs run longer.
            let w = w * 1.3;
            let left = match t.anchor {
                scene::Anchor::Start => t.x,
                scene::Anchor::Middle => t.x - w / 2.0,
                scene::Anchor::End => t.x - w,
            };
            (
                left - 3.0,
                t.y - h / 2.0 - 3.0,
                left + w + 3.0,
                t.y + h / 2.0 + 3.0,
            )
        })
        .collect()
}
