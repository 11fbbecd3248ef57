//! `cargo bench --bench map`: load + prepare time of the shipped 1:10m maps, and the
//! CPU time of one frame (egui layout + tessellation, no GPU) in three views, with many
//! hubs, and while presenting slides (laptop screen and 4K HiDPI).

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
    // The reading alone (GeoJSON to checked polygons), before any triangulation.
    g.bench_function("parse (1:10m)", |b| {
        b.iter(|| black_box(coalition_map::model::geography::Geography::builtin().expect("maps")))
    });
    // Start-up up to the first picture: the maps prepared, then the sample plan's first
    // frame, which triangulates the regions in view (egui's fonts already loaded, as
    // they are by then in the app). Each level is triangulated when first filled, so
    // the first figure alone would leave that work out.
    let ctx = egui::Context::default();
    frame(
        &ctx,
        &mut CoalitionApp::with_sample_plan(MapData::builtin().expect("maps")),
        0.0,
    );
    g.bench_function("prepare+first frame (1:10m, sample plan)", |b| {
        b.iter(|| {
            let mut app = CoalitionApp::with_sample_plan(MapData::builtin().expect("maps"));
            black_box(frame(&ctx, &mut app, 0.0))
        })
    });
    // The shared borders of the countries (part of the first): which points every
    // simplification keeps and who strokes each edge.
    let geography = coalition_map::model::geography::Geography::builtin().expect("maps");
    g.bench_function("topology (1:10m countries)", |b| {
        b.iter(|| {
            black_box(coalition_map::map::topology::layer_topology(
                geography.countries.regions(),
            ))
        })
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

/// A plan of `n` hubs scattered over Ukraine (deterministic), a third of them active.
fn plan_with_hubs(n: usize) -> coalition_map::model::plan::Plan {
    use coalition_map::model::hub::{Activation, Hub, HubId};
    let mut plan = coalition_map::model::plan::Plan::default();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    for i in 0..n {
        let lon = 23.0 + 16.0 * next();
        let lat = 45.5 + 6.5 * next();
        let mut hub = Hub::new(HubId(0), format!("Hub {i}"), lon, lat);
        hub.activation = if i % 3 == 0 {
            Activation::Always
        } else {
            Activation::Ceasefire
        };
        hub.personnel = (next() * 1000.0) as u32;
        plan.insert_hub(hub);
    }
    plan
}

fn frames_with_hubs(c: &mut Criterion) {
    let mut g = c.benchmark_group("hubs");
    g.sample_size(30);
    for n in [1_000usize, 10_000] {
        let ctx = egui::Context::default();
        let mut app = CoalitionApp::with_plan(MapData::builtin().expect("maps"), plan_with_hubs(n));
        let mut time = 0.0;
        frame(&ctx, &mut app, time);
        // The targets are for the Ukraine and Europe views with 1,000 hubs.
        let views: &[(&str, ViewPreset)] = if n == 1_000 {
            &[
                ("Ukraine", ViewPreset::Ukraine),
                ("Europe", ViewPreset::Europe),
            ]
        } else {
            &[("Ukraine", ViewPreset::Ukraine)]
        };
        for &(view, preset) in views {
            app.jump_to(preset);
            frame(&ctx, &mut app, time);
            g.bench_function(format!("{n} hubs, {view} view (static)"), |b| {
                b.iter(|| {
                    time += 1.0 / 60.0;
                    black_box(frame(&ctx, &mut app, time))
                })
            });
            let mut dx = 1.0;
            g.bench_function(format!("{n} hubs, {view} view (panning)"), |b| {
                b.iter(|| {
                    time += 1.0 / 60.0;
                    dx = -dx;
                    app.pan_by(dx, 0.0);
                    black_box(frame(&ctx, &mut app, time))
                })
            });
        }
        // Hit-testing as the pointer moves: one R-tree query per move.
        let index = coalition_map::map::hub_index::HubIndex::build(app.plan());
        let mut k = 0u32;
        g.bench_function(format!("{n} hubs, hit-test"), |b| {
            b.iter(|| {
                k = k.wrapping_add(7919);
                let lon = 23.0 + (k % 1600) as f64 / 100.0;
                let lat = 45.5 + (k % 650) as f64 / 100.0;
                let w = coalition_map::projection::world_from_geo(lon, lat);
                black_box(index.nearest_within(w, 1e-4))
            })
        });
    }
    g.finish();
}

/// Presentation mode on the sample plan's slides: a still slide, and frames during the
/// glide to the next one (the map is rebuilt every frame then), at 1366×768 and at
/// 3840×2160 with 2 pixels per point (4K HiDPI).
fn presenting(c: &mut Criterion) {
    use coalition_map::command::Command;
    let mut g = c.benchmark_group("present");
    g.sample_size(30);
    for (name, size, ppp) in [
        ("1366x768", egui::vec2(1366.0, 768.0), 1.0),
        ("4K HiDPI", egui::vec2(1920.0, 1080.0), 2.0),
    ] {
        let input = |time: f64| egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
            time: Some(time),
            viewports: std::iter::once((
                egui::ViewportId::ROOT,
                egui::ViewportInfo {
                    native_pixels_per_point: Some(ppp),
                    ..Default::default()
                },
            ))
            .collect(),
            ..Default::default()
        };
        let run = |ctx: &egui::Context, app: &mut CoalitionApp, time: f64| {
            let out = ctx.run_ui(input(time), |ui| app.ui(ui));
            ctx.tessellate(out.shapes, out.pixels_per_point).len()
        };
        let ctx = egui::Context::default();
        let mut app = CoalitionApp::with_sample_plan(MapData::builtin().expect("maps"));
        let mut time = 0.0;
        run(&ctx, &mut app, time);
        app.apply(Command::Present(Some(2)));
        for _ in 0..120 {
            time += 1.0 / 60.0;
            run(&ctx, &mut app, time);
        }
        g.bench_function(format!("{name} slide (static)"), |b| {
            b.iter(|| {
                time += 1.0 / 60.0;
                black_box(run(&ctx, &mut app, time))
            })
        });
        // Back and forth between slides 3 and 4: every measured frame is mid-glide.
        let mut forward = true;
        let mut since = 0;
        g.bench_function(format!("{name} glide to next slide"), |b| {
            b.iter(|| {
                if since == 0 {
                    app.apply(if forward {
                        Command::NextSlide
                    } else {
                        Command::PrevSlide
                    });
                    forward = !forward;
                }
                since = (since + 1) % 20;
                time += 1.0 / 60.0;
                black_box(run(&ctx, &mut app, time))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, prepare, frames, frames_with_hubs, presenting);
criterion_main!(benches);
