//! `cargo bench --bench scale`: plans of 100,000 hubs without ids, as a GIS export or
//! a spreadsheet gives them: reading (ids allocated in O(1) each), `check` (sites of
//! every hub against the maps) and the streamed KML, GeoJSON and CSV exports.
//!
//! A million hubs and the peak memory of the KML export are measured on the real
//! binary by `scripts/scale` (with `/usr/bin/time -v`).

use std::hint::black_box;

use coalition_map::cli;
use coalition_map::export::{self, Format};
use coalition_map::map::MapData;
use coalition_map::model::plan_csv::from_csv;
use coalition_map::model::site::analyse_plan;
use criterion::{Criterion, criterion_group, criterion_main};

/// A CSV of `n` hubs spread over Ukraine and its neighbours, without ids.
pub fn hubs_csv(n: usize) -> String {
    let mut text = String::from("name,type,lead,lon,lat\n");
    // A fixed, cheap pseudo-random walk (no rand dependency): the same file each run.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    for i in 0..n {
        let lon = 22.5 + next() * 17.5;
        let lat = 44.5 + next() * 7.5;
        text.push_str(&format!("Hub {i},logistics,FRA,{lon:.5},{lat:.5}\n"));
    }
    text
}

fn scale(c: &mut Criterion) {
    let data = MapData::builtin().expect("maps");
    let text = hubs_csv(100_000);
    let mut g = c.benchmark_group("scale");
    g.sample_size(10);
    g.bench_function("read 100k hubs without ids (CSV)", |b| {
        b.iter(|| black_box(from_csv(&text, "bench.csv").expect("reads").0.hubs.len()))
    });
    let (plan, _) = from_csv(&text, "bench.csv").expect("reads");
    g.bench_function("check 100k hubs (read + sites + report)", |b| {
        b.iter(|| {
            let (plan, _) = from_csv(&text, "bench.csv").expect("reads");
            black_box(cli::check(&plan, &data.geography).hubs.len())
        })
    });
    let sites = analyse_plan(&plan, &data.geography);
    let view = export::job::default_svg_view(&data);
    for format in [Format::Kml, Format::GeoJson, Format::Csv] {
        g.bench_function(
            format!("export 100k hubs, {} (streamed)", format.extension()),
            |b| {
                b.iter(|| {
                    let mut sink = std::io::sink();
                    export::job::write_export(
                        &plan,
                        None,
                        Some(&sites),
                        &data,
                        format,
                        &view,
                        &mut sink,
                    )
                    .expect("writes");
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);
