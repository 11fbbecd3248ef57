//! `cargo bench --bench sites`: nearest airfield, port and city for 10,000 hubs
//! (`model::facilities`), and `suggest` on the sample plan for an air and a logistics
//! hub (`model::suggest`).

use std::hint::black_box;

use coalition_map::map::MapData;
use coalition_map::model::facilities::FacilityIndex;
use coalition_map::model::geography::Geography;
use coalition_map::model::hub::HubKind;
use coalition_map::model::places::Places;
use coalition_map::model::plan_file::sample_plan;
use coalition_map::model::site::HostileBorders;
use coalition_map::model::suggest::suggest;
use criterion::{Criterion, criterion_group, criterion_main};

/// 10,000 points spread over Ukraine and its neighbours on a fixed pseudo-random walk.
fn points(n: usize) -> Vec<(f64, f64)> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| (20.0 + 20.0 * next(), 44.0 + 9.0 * next()))
        .collect()
}

fn nearest(c: &mut Criterion) {
    let index = FacilityIndex::new(Places::builtin().expect("places"));
    let hubs = points(10_000);
    let mut g = c.benchmark_group("nearest");
    g.sample_size(20);
    g.bench_function("airfield+port+city for 10,000 hubs", |b| {
        b.iter(|| {
            let mut km = 0.0;
            for &(lon, lat) in &hubs {
                let n = index.nearest_all(lon, lat);
                km += n.airfield.map_or(0.0, |a| a.km);
            }
            black_box(km)
        })
    });
    g.bench_function("build index (555 places)", |b| {
        b.iter(|| black_box(FacilityIndex::new(Places::builtin().expect("places"))))
    });
    g.finish();
}

fn suggestions(c: &mut Criterion) {
    let data = MapData::builtin().expect("maps");
    let geography: &Geography = &data.geography;
    let index = FacilityIndex::new(Places::builtin().expect("places"));
    let plan = sample_plan();
    let borders = HostileBorders::for_plan(&geography.countries, &plan);
    let mut g = c.benchmark_group("suggest");
    g.sample_size(20);
    for (name, kind) in [("air", HubKind::Air), ("logistics", HubKind::Logistics)] {
        g.bench_function(format!("{name} on the sample plan"), |b| {
            b.iter(|| black_box(suggest(&plan, geography, &borders, &index, &kind, 10).acceptable))
        });
    }
    g.finish();
}

criterion_group!(benches, nearest, suggestions);
criterion_main!(benches);
