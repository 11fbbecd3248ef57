//! `cargo bench --bench control`: the control layers' costs — judging 10,000 hubs
//! against a 50,000-vertex control layer, computing the threat bands and zone for the
//! Ukraine view, and one frame of the Ukraine view with every control layer on
//! (compare with `cargo bench --bench map -- "ukraine (panning)"`).

use std::hint::black_box;

use coalition_map::app::{CoalitionApp, ViewPreset};
use coalition_map::command::Command;
use coalition_map::map::MapData;
use coalition_map::map::threat_field::{ControlScene, SceneInput};
use coalition_map::model::control::{ControlFeature, ControlGeometry, ControlKind};
use coalition_map::model::geography::Geography;
use coalition_map::model::hub::{Hub, HubId};
use coalition_map::model::plan::Plan;
use coalition_map::model::site::{HostileBorders, analyse};
use coalition_map::model::slide::Layers;
use criterion::{Criterion, criterion_group, criterion_main};
use geo::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};

/// A wiggly synthetic front: an area of `n` vertices east of a line of `n` vertices
/// running from the Sea of Azov to the Russian border (not a real line).
fn big_layer(n: usize) -> Vec<ControlFeature> {
    let line: Vec<Coord<f64>> = (0..n)
        .map(|i| {
            let t = i as f64 / (n - 1) as f64;
            Coord {
                x: 35.5 + 2.0 * t + 0.03 * (t * 400.0).sin(),
                y: 46.7 + 3.3 * t + 0.02 * (t * 977.0).cos(),
            }
        })
        .collect();
    let mut ring = line.clone();
    ring.push(Coord { x: 40.0, y: 50.0 });
    ring.push(Coord { x: 40.0, y: 46.7 });
    ring.push(line[0]);
    let date = jiff::civil::date(2025, 1, 1);
    vec![
        ControlFeature {
            id: 1,
            name: "Synthetic area".into(),
            kind: ControlKind::Occupied,
            geometry: ControlGeometry::Area(MultiPolygon(vec![Polygon::new(
                LineString(ring),
                Vec::new(),
            )])),
            source: "benchmark".into(),
            as_of: date,
            extra: Default::default(),
        },
        ControlFeature {
            id: 2,
            name: "Synthetic line".into(),
            kind: ControlKind::ContactLine,
            geometry: ControlGeometry::Line(MultiLineString(vec![LineString(line)])),
            source: "benchmark".into(),
            as_of: date,
            extra: Default::default(),
        },
    ]
}

fn hubs(n: usize) -> Vec<Hub> {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|i| {
            Hub::new(
                HubId(i as u64 + 1),
                "h",
                23.0 + 16.0 * next(),
                45.5 + 6.5 * next(),
            )
        })
        .collect()
}

fn analysis(c: &mut Criterion) {
    let g = Geography::builtin().expect("maps");
    let plan = Plan {
        control: big_layer(25_000),
        ..Plan::default()
    };
    let borders = HostileBorders::for_plan(&g.countries, &plan);
    let hubs = hubs(10_000);
    let mut group = c.benchmark_group("control");
    group.sample_size(10);
    group.bench_function("analyse 10,000 hubs, 50,000-vertex layer", |b| {
        b.iter(|| {
            black_box(
                hubs.iter()
                    .map(|h| analyse(h, &g, &borders, 50.0).warnings.len())
                    .sum::<usize>(),
            )
        })
    });
    group.bench_function("index a 50,000-vertex layer", |b| {
        b.iter(|| black_box(HostileBorders::for_plan(&g.countries, &plan)))
    });
    let input = SceneInput::for_plan(&g.countries, &Plan::default());
    group.bench_function(
        "threat bands + zone, Ukraine region (reference layer)",
        |b| b.iter(|| black_box(ControlScene::compute(&input, 2))),
    );
    group.finish();
}

fn frame(ctx: &egui::Context, app: &mut CoalitionApp, time: f64) -> usize {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1366.0, 768.0),
        )),
        time: Some(time),
        ..Default::default()
    };
    let out = ctx.run_ui(input, |ui| app.ui(ui));
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("control frame");
    group.sample_size(30);
    let plan = Plan {
        control: big_layer(2_000),
        ..Plan::default()
    };
    let ctx = egui::Context::default();
    let mut app = CoalitionApp::with_plan(MapData::builtin().expect("maps"), plan);
    let mut time = 0.0;
    frame(&ctx, &mut app, time);
    app.jump_to(ViewPreset::Ukraine);
    app.apply(Command::SetLayers(Layers {
        threat_bands: true,
        ..Layers::default()
    }));
    app.wait_for_control_layers();
    frame(&ctx, &mut app, time);
    let mut dx = 1.0;
    group.bench_function("ukraine, all control layers (panning)", |b| {
        b.iter(|| {
            time += 1.0 / 60.0;
            dx = -dx;
            app.pan_by(dx, 0.0);
            black_box(frame(&ctx, &mut app, time))
        })
    });
    group.finish();
}

criterion_group!(benches, analysis, frames);
criterion_main!(benches);
