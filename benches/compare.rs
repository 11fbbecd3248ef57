//! Criterion benchmarks for deciding between plans: coverage of 10,000 hubs against
//! every shipped city (and the oblasts), and the diff of two 10,000-hub plans.
//!
//! `cargo bench --bench compare -- --warm-up-time 1 --measurement-time 3`

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use coalition_map::model::compare::compare;
use coalition_map::model::coverage::{CoverageIndex, Town, active_hubs};
use coalition_map::model::geography::Geography;
use coalition_map::model::hub::{Ceasefire, Hub, HubId};
use coalition_map::model::places::Places;
use coalition_map::model::plan::Plan;

/// A deterministic scatter of hubs over Ukraine's bounding box.
fn hubs(n: usize, seed: u64) -> Vec<Hub> {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|i| {
            let lon = 22.2 + 18.0 * next();
            let lat = 44.4 + 7.9 * next();
            Hub::new(HubId(i as u64 + 1), format!("Hub {i}"), lon, lat)
        })
        .collect()
}

fn bench_coverage(c: &mut Criterion) {
    let geography = Geography::builtin().expect("maps");
    let places = Places::builtin().expect("places");
    let towns: Vec<Town> = places
        .cities()
        .iter()
        .map(|p| Town {
            name: p.name.clone(),
            lon: p.lon,
            lat: p.lat,
            population: p.population,
        })
        .collect();
    let plan_hubs = hubs(10_000, 7);
    let index = CoverageIndex::new(&geography.oblasts);
    let state = Ceasefire::new(true, true, true);
    c.bench_function(
        &format!("coverage: 10,000 hubs x {} cities + oblasts", towns.len()),
        |b| {
            b.iter(|| {
                let active = active_hubs(&plan_hubs, &state);
                black_box(index.report(&active, 100.0, &towns))
            })
        },
    );
    c.bench_function("coverage: prepare the oblasts", |b| {
        b.iter(|| black_box(CoverageIndex::new(&geography.oblasts)))
    });
}

fn bench_diff(c: &mut Criterion) {
    let a = Plan {
        hubs: hubs(10_000, 11),
        ..Plan::default()
    };
    // B: the first 8,000 kept by id (every third moved 0.05°, every fifth renamed),
    // 1,000 re-drawn with fresh ids at the same places (matched by position), and
    // 1,000 new hubs elsewhere.
    let mut b = Plan {
        hubs: a.hubs[..8_000].to_vec(),
        ..Plan::default()
    };
    for (i, h) in b.hubs.iter_mut().enumerate() {
        if i % 3 == 0 {
            h.lon += 0.05;
        }
        if i % 5 == 0 {
            h.name = format!("{} (renamed)", h.name);
        }
    }
    for (i, h) in a.hubs[8_000..9_000].iter().enumerate() {
        let mut copy = h.clone();
        copy.id = HubId(20_000 + i as u64);
        copy.name = format!("Redrawn {i}");
        b.hubs.push(copy);
    }
    for (i, mut h) in hubs(1_000, 99).into_iter().enumerate() {
        h.id = HubId(30_000 + i as u64);
        h.name = format!("New {i}");
        b.hubs.push(h);
    }
    let check = compare(&a, &b);
    // A new hub may land within 1 km of one of A's last 1,000 and match it by position.
    assert!(check.added.len() >= 990, "{}", check.added.len());
    c.bench_function("diff: two 10,000-hub plans", |bench| {
        bench.iter(|| black_box(compare(&a, &b)))
    });
}

criterion_group!(benches, bench_coverage, bench_diff);
criterion_main!(benches);
