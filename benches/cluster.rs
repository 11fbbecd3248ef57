//! `cargo bench --bench cluster`: grouping 1,000 and 10,000 hubs spread over Ukraine
//! and its neighbours into clusters, as a frame does (projecting them included), at
//! the overview zoom (most hubs in a few discs) and at the Ukraine zoom.

use std::hint::black_box;

use coalition_map::map::cluster::{HubPoint, cluster, footprint, symbol_scale};
use coalition_map::model::hub::{HubId, Status};
use coalition_map::projection::{Camera, GeoBounds, Projector, ScreenRect};
use criterion::{Criterion, criterion_group, criterion_main};

/// `n` hub positions (lon, lat) from a fixed pseudo-random walk: the same each run.
fn positions(n: usize) -> Vec<(f64, f64)> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| (22.5 + next() * 17.5, 44.5 + next() * 7.5))
        .collect()
}

fn bench(c: &mut Criterion) {
    let viewport = ScreenRect {
        min_x: 0.0,
        min_y: 0.0,
        width: 1366.0,
        height: 700.0,
    };
    let views = [
        ("europe", GeoBounds::new(-11.0, 35.0, 48.0, 64.0)),
        ("ukraine", GeoBounds::new(22.1, 44.3, 40.3, 52.4)),
    ];
    let mut g = c.benchmark_group("cluster");
    for n in [1_000, 10_000] {
        let hubs = positions(n);
        for (name, bounds) in views {
            let p = Projector::new(Camera::fit(bounds, 1366.0, 700.0, 24.0), viewport);
            let zoom = p.camera().zoom;
            g.bench_function(format!("{name}_{n}"), |b| {
                b.iter(|| {
                    let points: Vec<HubPoint> = hubs
                        .iter()
                        .enumerate()
                        .map(|(i, &(lon, lat))| {
                            let (x, y) = p.screen_from_geo(lon, lat);
                            HubPoint {
                                id: HubId(i as u64),
                                x,
                                y,
                                status: if i % 3 == 0 {
                                    Status::Active
                                } else {
                                    Status::Inactive
                                },
                                warn: i % 11 == 0,
                            }
                        })
                        .collect();
                    black_box(cluster(&points, footprint(symbol_scale(zoom)), zoom).len())
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
