//! `cargo bench --bench map`: load + prepare time of the shipped 1:10m maps, and the
//! CPU time of one frame (egui layout + tessellation, no GPU) in three views.

use std::hint::black_box;

use coalition_map::app::{CoalitionApp, ViewPreset};
use coalition_map::map::MapData;
use criterion::{Criterion, criterion_group, criterion_main};

const SIZE: egui::Vec2 = egui::vec2(1366.0, 768.0);

fn raw_input(time: f64) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE)),
        time: Some(time),
        ..Default::default()
    }
}

/// Runs one egui pass of the app and tessellates its output, as eframe would before
/// handing the meshes to the GPU.
fn frame(ctx: &egui::Context, app: &mut CoalitionApp, time: f64) -> usize {
    let out = ctx.run_ui(raw_input(time), |ui| app.ui(ui));
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

fn prepare(c: &mut Criterion) {
    let mut g = c.benchmark_group("prepare");
    g.sample_size(20);
    g.bench_function("parse+triangulate+index (1:10m)", |b| {
        b.iter(|| black_box(MapData::builtin().expect("maps")))
    });
    g.finish();
}

fn frames(c: &mut Criterion) {
    let mut g = c.benchmark_group("frame");
    g.sample_size(30);
    for (name, preset) in [
        ("coalition", ViewPreset::Coalition),
        ("europe", ViewPreset::Europe),
        ("ukraine", ViewPreset::Ukraine),
    ] {
        let ctx = egui::Context::default();
        let mut app = CoalitionApp::new(MapData::builtin().expect("maps"));
        let mut time = 0.0;
        // Warm up fonts and layout, then jump to the view.
        frame(&ctx, &mut app, time);
        app.jump_to(preset);
        frame(&ctx, &mut app, time);
        // Each measured frame pans by one pixel, so the map is rebuilt every time:
        // this is the cost while the user drags, the worst steady case.
        let mut dx = 1.0;
        g.bench_function(format!("{name} (panning)"), |b| {
            b.iter(|| {
                time += 1.0 / 60.0;
                dx = -dx;
                app.pan_by(dx, 0.0);
                black_box(frame(&ctx, &mut app, time))
            })
        });
        g.bench_function(format!("{name} (static)"), |b| {
            b.iter(|| {
                time += 1.0 / 60.0;
                black_box(frame(&ctx, &mut app, time))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, prepare, frames);
criterion_main!(benches);
