//! Property tests ("fuzzing") of every loader: plan GeoJSON, foreign GeoJSON, CSV and
//! basemaps, from random bytes and from structured but hostile documents.
//!
//! For every input: no panic, and a hang detector (a case may not take seconds; see
//! `SLOW`). For every accepted plan: saving is a fixed point (open → save → open →
//! save gives the same plan and the same text) and every export parses (GeoJSON with
//! serde_json, KML and SVG with roxmltree, CSV with the csv crate, one row per hub).
//!
//! `cargo test --test fuzz` runs a bounded number of cases (seconds in a debug build).
//! The long run for maintainers: `cargo test --release --test fuzz -- --ignored fuzz
//! --nocapture` (about a million inputs; `FUZZ_CASES=N` changes it, `FUZZ_ONLY=csv,bytes`
//! picks loaders), which prints the number of inputs, the rate and the failures.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use coalition_map::export::{self, Format};
use coalition_map::map::MapData;
use coalition_map::model::geography::{LayerKind, RegionLayer};
use coalition_map::model::plan::Plan;
use coalition_map::model::plan_csv::from_csv;
use coalition_map::model::plan_file::{from_geojson, to_geojson};
use coalition_map::model::roster::Roster;
use coalition_map::model::site::{HostileBorders, Site, analyse, analyse_plan};
use coalition_map::model::text_file::decode;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Map, Value, json};

/// No single small input may take this long: a hang or a quadratic blow-up, not a
/// performance measurement (those are in `benches/`).
const SLOW: Duration = Duration::from_secs(10);

fn maps() -> &'static MapData {
    static MAPS: OnceLock<MapData> = OnceLock::new();
    MAPS.get_or_init(|| MapData::builtin().expect("maps"))
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    if took > SLOW {
        return Err(TestCaseError::fail(format!("{what} took {took:?}")));
    }
    Ok(out)
}

// ---- generators -------------------------------------------------------------------

/// Property names real files use, ours and others', in any case.
const KEYS: &[&str] = &[
    "name",
    "Name",
    "NAME",
    "title",
    "label",
    "kind",
    "type",
    "category",
    "lead",
    "lead_nation",
    "nation",
    "country",
    "contributors",
    "personnel",
    "activation",
    "notes",
    "note",
    "id",
    "ID",
    "range_rings_km",
    "show_range_rings",
    "lon",
    "lat",
    "x",
    "y",
    "colour",
    "status",
    "warnings",
    "description",
    "fid",
    "Ünïcödé",
];

/// Texts that have broken readers before.
const TEXTS: &[&str] = &[
    "",
    " ",
    "Kyiv HQ",
    "hq",
    "air base",
    "port",
    "depot",
    "protected facility",
    "logistics",
    "training",
    "monitoring",
    "France",
    "GB",
    "gbr",
    "Narnia",
    "FRA; POL",
    "fra,pol|deu",
    "ceasefire_verified",
    "Always",
    "someday",
    "50;300",
    "-5",
    "1e3",
    "1.5",
    "NaN",
    "inf",
    "1e308",
    "18446744073709551615",
    "0",
    "true",
    "false",
    "\u{feff}",
    "a\u{0}b",
    "\u{1}\u{7}",
    "<&>\"'",
    "]]>",
    "Київ",
    "🇺🇦",
    "\r\n",
];

fn arb_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(TEXTS).prop_map(str::to_owned),
        2 => "\\PC{0,24}",
        1 => any::<String>(),
        1 => (1usize..400).prop_map(|n| "é".repeat(n)),
    ]
}

fn arb_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        (-200.0f64..200.0).prop_map(|f| json!(f)),
        prop::sample::select(&[0.0, -0.0, 1e308, -1e308, 5e-324, 1.5, -5.0][..])
            .prop_map(|f| json!(f)),
    ]
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        arb_number(),
        arb_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((arb_key(), inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn arb_key() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => prop::sample::select(KEYS).prop_map(str::to_owned),
        1 => "\\PC{0,12}",
    ]
}

fn arb_coord() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (-180.0f64..180.0).prop_map(|v| json!(v)),
        2 => (-90.0f64..90.0).prop_map(|v| json!((v * 1e4).round() / 1e4)),
        1 => arb_number(),
        1 => arb_text().prop_map(Value::String),
    ]
}

fn arb_position() -> impl Strategy<Value = Value> {
    prop::collection::vec(arb_coord(), 0..4).prop_map(Value::Array)
}

fn arb_geometry() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => arb_position().prop_map(|c| json!({"type": "Point", "coordinates": c})),
        1 => prop::collection::vec(arb_position(), 0..4)
            .prop_map(|c| json!({"type": "MultiPoint", "coordinates": c})),
        1 => prop::collection::vec(arb_position(), 0..5)
            .prop_map(|c| json!({"type": "LineString", "coordinates": c})),
        1 => prop::collection::vec(prop::collection::vec(arb_position(), 0..6), 0..2)
            .prop_map(|c| json!({"type": "Polygon", "coordinates": c})),
        1 => Just(Value::Null),
        1 => arb_json(),
    ]
}

fn arb_feature() -> impl Strategy<Value = Value> {
    (
        prop::option::of(prop_oneof![
            arb_number(),
            arb_text().prop_map(Value::String)
        ]),
        arb_geometry(),
        prop::collection::vec((arb_key(), arb_json()), 0..8),
        any::<bool>(),
    )
        .prop_map(|(id, geometry, props, has_props)| {
            let mut f = Map::new();
            f.insert("type".into(), json!("Feature"));
            if let Some(id) = id {
                f.insert("id".into(), id);
            }
            f.insert("geometry".into(), geometry);
            if has_props {
                f.insert(
                    "properties".into(),
                    Value::Object(props.into_iter().collect()),
                );
            }
            Value::Object(f)
        })
}

/// A plan-level member as our files have it, with hostile values.
fn arb_meta() -> impl Strategy<Value = Value> {
    (
        arb_text(),
        any::<[bool; 3]>(),
        prop_oneof![arb_number(), Just(json!(50.0))],
        prop_oneof![Just(json!(1)), Just(json!(2)), arb_number()],
        arb_number(),
        prop::collection::vec(arb_json(), 0..3),
    )
        .prop_map(|(title, c, buffer, version, next_id, slides)| {
            json!({
                "format": "coalition-map-plan",
                "version": version,
                "title": title,
                "ceasefire": {"in_effect": c[0], "verified": c[1], "peace_signed": c[2]},
                "hostile_buffer_km": buffer,
                "next_id": next_id,
                "slides": slides,
            })
        })
}

/// GeoJSON documents: foreign point files and plans of ours with a `coalition_map`
/// member, as text (sometimes with a BOM, sometimes cut short).
fn arb_geojson_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(arb_feature(), 0..8),
        prop::option::of(arb_meta()),
        any::<bool>(),
        any::<bool>(),
        0usize..8,
    )
        .prop_map(|(features, meta, bom, pretty, cut)| {
            let mut doc = json!({"type": "FeatureCollection", "features": features});
            if let Some(meta) = meta {
                doc["coalition_map"] = meta;
            }
            let mut text = if pretty {
                serde_json::to_string_pretty(&doc).unwrap()
            } else {
                serde_json::to_string(&doc).unwrap()
            };
            if cut == 0 {
                let at = text.len() / 2;
                let at = (0..=at)
                    .rev()
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(0);
                text.truncate(at);
            }
            if bom {
                text.insert(0, '\u{feff}');
            }
            text
        })
}

const CSV_HEADERS: &[&str] = &[
    "lon",
    "lat",
    "longitude",
    "Latitude",
    "x",
    "y",
    "name",
    "Name",
    "title",
    "type",
    "kind",
    "lead",
    "country",
    "contributors",
    "personnel",
    "activation",
    "notes",
    "id",
    "range_rings_km",
    "show_range_rings",
    "status",
    "colour",
    "",
];

fn arb_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (-180.0f64..180.0).prop_map(|v| format!("{v:.5}")),
        1 => (-180.0f64..180.0).prop_map(|v| format!("{v:.4}").replace('.', ",")),
        4 => arb_text(),
        1 => Just("\"quoted, with \"\"quotes\"\"\"".to_owned()),
        1 => Just("\"unterminated".to_owned()),
    ]
}

fn arb_csv_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(CSV_HEADERS), 0..8),
        prop::collection::vec(prop::collection::vec(arb_cell(), 0..9), 0..8),
        prop::sample::select(&[",", ";", "\t"][..]),
        prop::sample::select(&["\n", "\r\n"][..]),
        any::<bool>(),
    )
        .prop_map(|(header, rows, sep, eol, bom)| {
            let mut text = if bom {
                "\u{feff}".to_owned()
            } else {
                String::new()
            };
            // Half the files get usable coordinate columns first.
            let mut header: Vec<String> = header.into_iter().map(str::to_owned).collect();
            if rows.len() % 2 == 0 {
                header.splice(0..0, ["lon".to_owned(), "lat".to_owned()]);
            }
            text.push_str(&header.join(sep));
            text.push_str(eol);
            for row in rows {
                text.push_str(&row.join(sep));
                text.push_str(eol);
            }
            text
        })
}

fn arb_ring() -> impl Strategy<Value = Value> {
    prop_oneof![
        // A box, sometimes reaching a pole.
        (
            -180.0f64..170.0,
            -90.0f64..80.0,
            0.1f64..10.0,
            any::<bool>()
        )
            .prop_map(|(x, y, d, pole)| {
                let top = if pole { 90.0 } else { (y + d).min(90.0) };
                json!([[x, y], [x + d, y], [x + d, top], [x, top], [x, y]])
            }),
        // Random points: bow ties, too few points, junk.
        prop::collection::vec(arb_position(), 0..7).prop_map(Value::Array),
    ]
}

fn arb_basemap_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::collection::vec(arb_ring(), 0..3),
            prop::collection::vec((arb_key(), arb_json()), 0..3),
            any::<bool>(),
        ),
        0..6,
    )
    .prop_map(|features| {
        let features: Vec<Value> = features
            .into_iter()
            .map(|(rings, props, multi)| {
                let geometry = if multi {
                    json!({"type": "MultiPolygon", "coordinates": [rings]})
                } else {
                    json!({"type": "Polygon", "coordinates": rings})
                };
                json!({"type": "Feature", "properties": Value::Object(props.into_iter().collect()), "geometry": geometry})
            })
            .collect();
        serde_json::to_string(&json!({"type": "FeatureCollection", "features": features})).unwrap()
    })
}

// ---- properties -------------------------------------------------------------------

/// Saving is a fixed point: open → save → open gives the same plan, and saving that
/// gives the same text; then every export parses.
fn accepted_plan_round_trips(plan: &Plan, svg: bool) -> Result<(), TestCaseError> {
    let saved = to_geojson(plan);
    let (back, report) = from_geojson(&saved, "saved")
        .map_err(|e| TestCaseError::fail(format!("our own file was refused: {e}")))?;
    prop_assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    prop_assert_eq!(back.hubs.len(), plan.hubs.len());
    let again = to_geojson(&back);
    prop_assert_eq!(&again, &saved, "saving is not a fixed point");
    let (third, _) =
        from_geojson(&again, "again").map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&third, &back);
    exports_parse(&back, svg)
}

/// Sites of a plan's hubs; the hostile borders of the built-in roster are built once.
fn sites_of(plan: &Plan) -> Vec<Site> {
    static BORDERS: OnceLock<HostileBorders> = OnceLock::new();
    let data = maps();
    if plan.roster != Roster::builtin() {
        return analyse_plan(plan, &data.geography);
    }
    let borders = BORDERS
        .get_or_init(|| HostileBorders::build(&data.geography.countries, &Roster::builtin()));
    plan.hubs
        .iter()
        .map(|h| analyse(h, &data.geography, borders, plan.hostile_buffer_km))
        .collect()
}

fn exports_parse(plan: &Plan, svg: bool) -> Result<(), TestCaseError> {
    let data = maps();
    let sites = sites_of(plan);
    let records = export::records(plan, &sites);
    let geojson = export::geojson::hubs_geojson(&records);
    let v: Value =
        serde_json::from_str(&geojson).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(
        v["features"].as_array().map(Vec::len),
        Some(plan.hubs.len())
    );
    let kml = export::kml::hubs_kml(&records, &plan.title)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let doc =
        roxmltree::Document::parse(&kml).map_err(|e| TestCaseError::fail(format!("KML: {e}")))?;
    let placemarks = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("Placemark") && n.attribute("id").is_some_and(|i| i.starts_with("hub-"))
        })
        .count();
    prop_assert_eq!(placemarks, plan.hubs.len());
    let csv_text =
        export::csv::hubs_csv(&records).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let rows = csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| TestCaseError::fail(format!("CSV: {e}")))?;
    prop_assert_eq!(rows.len(), plan.hubs.len());
    if svg {
        let mut out = Vec::new();
        coalition_map::export::job::write_export(
            plan,
            None,
            Some(&sites),
            data,
            Format::Svg,
            &coalition_map::export::job::default_svg_view(data),
            &mut out,
        )
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = String::from_utf8(out).map_err(|e| TestCaseError::fail(e.to_string()))?;
        roxmltree::Document::parse(&text).map_err(|e| TestCaseError::fail(format!("SVG: {e}")))?;
    }
    Ok(())
}

fn geojson_case(text: &str, svg: bool) -> Result<(), TestCaseError> {
    if let Ok((plan, _)) = timed("reading GeoJSON", || from_geojson(text, "fuzz.geojson"))? {
        timed("round trip", || accepted_plan_round_trips(&plan, svg))??;
    }
    Ok(())
}

fn csv_case(text: &str) -> Result<(), TestCaseError> {
    if let Ok((plan, _)) = timed("reading CSV", || from_csv(text, "fuzz.csv"))? {
        timed("round trip", || accepted_plan_round_trips(&plan, false))??;
    }
    Ok(())
}

fn basemap_case(text: &str) -> Result<(), TestCaseError> {
    let layer = timed("reading a basemap", || {
        RegionLayer::from_geojson(text, "fuzz.geojson", LayerKind::Countries)
    })?;
    if let Ok(layer) = layer {
        for region in layer.regions() {
            for p in region.geometry.iter() {
                prop_assert!(
                    p.exterior().0.len() >= 4,
                    "a ring with too few points was kept"
                );
                prop_assert!(
                    p.exterior()
                        .0
                        .iter()
                        .all(|c| c.y.abs() <= coalition_map::projection::MAX_LATITUDE),
                    "a pole was not clamped"
                );
            }
        }
    }
    Ok(())
}

fn bytes_case(bytes: &[u8]) -> Result<(), TestCaseError> {
    // Whatever the bytes, decoding and every loader answer without panicking.
    if let Ok(text) = decode(bytes.to_vec()) {
        geojson_case(&text, false)?;
        csv_case(&text)?;
        basemap_case(&text)?;
    }
    Ok(())
}

// ---- runners ------------------------------------------------------------------------

fn cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs `cases` inputs of `strategy` through `test`, printing the figures.
fn run<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 300,
        ..Config::default()
    });
    let start = Instant::now();
    let result = runner.run(&strategy, test);
    let took = start.elapsed().as_secs_f64();
    eprintln!(
        "fuzz {name}: {cases} inputs in {took:.1} s ({:.0}/s), {}",
        f64::from(cases) / took.max(1e-9),
        if result.is_ok() {
            "0 failures"
        } else {
            "FAILED"
        }
    );
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

#[test]
fn fuzz_plan_and_foreign_geojson() {
    run("geojson", cases(192), arb_geojson_text(), |t| {
        geojson_case(&t, false)
    });
}

#[test]
fn fuzz_csv() {
    run("csv", cases(192), arb_csv_text(), |t| csv_case(&t));
}

#[test]
fn fuzz_basemaps() {
    run("basemap", cases(192), arb_basemap_text(), |t| {
        basemap_case(&t)
    });
}

#[test]
fn fuzz_random_bytes() {
    run(
        "bytes",
        cases(256),
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..512),
            arb_geojson_text().prop_map(|t| {
                // Valid text with a few bytes flipped.
                let mut b = t.into_bytes();
                let n = b.len();
                for k in 0..3 {
                    if n > 0 {
                        let i = (k * 7919) % n;
                        b[i] ^= 0x5a;
                    }
                }
                b
            }),
        ],
        |b| bytes_case(&b),
    );
}

#[test]
fn fuzz_svg_export_of_accepted_plans() {
    run("svg", cases(12), arb_geojson_text(), |t| {
        geojson_case(&t, true)
    });
}

/// The long run: `cargo test --release --test fuzz -- --ignored fuzz --nocapture`.
#[test]
#[ignore = "long: about a million inputs; run in release for maintainers"]
fn fuzz_long_run() {
    let n = cases(250_000);
    // FUZZ_ONLY=csv,bytes runs only those loaders (to finish a run that was cut short).
    let only = std::env::var("FUZZ_ONLY").unwrap_or_default();
    let wanted = |name: &str| only.is_empty() || only.split(',').any(|o| o.trim() == name);
    if wanted("geojson") {
        run("long geojson", n, arb_geojson_text(), |t| {
            geojson_case(&t, false)
        });
    }
    if wanted("csv") {
        run("long csv", n, arb_csv_text(), |t| csv_case(&t));
    }
    if wanted("basemap") {
        run("long basemap", n, arb_basemap_text(), |t| basemap_case(&t));
    }
    if wanted("bytes") {
        run(
            "long bytes",
            n,
            prop::collection::vec(any::<u8>(), 0..512),
            |b| bytes_case(&b),
        );
    }
}

/// The regression corpus in `tests/data/` through every loader, plus a million points
/// made here (too large to commit). A ring of 100,000 points is checked in
/// `model::ring_check`'s tests.
#[test]
fn corpus_files_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = decode(std::fs::read(&path).unwrap()) else {
            continue;
        };
        seen += 1;
        let start = Instant::now();
        if coalition_map::model::plan_io::is_csv(&path) {
            csv_case(&text).unwrap();
        } else {
            geojson_case(&text, false).unwrap();
            basemap_case(&text).unwrap();
        }
        eprintln!("{}: {:?}", path.display(), start.elapsed());
    }
    let start = Instant::now();
    assert!(seen >= 10, "{seen}");
    // One feature with a million points in a MultiPoint, and a million-point ring.
    let points: Vec<Value> = (0..1_000_000)
        .map(|i| {
            json!([
                22.0 + (i % 1000) as f64 * 0.016,
                44.5 + (i / 1000) as f64 * 0.0075
            ])
        })
        .collect();
    let text = json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Many"}, "geometry": {"type": "MultiPoint", "coordinates": points}}
    ]})
    .to_string();
    let (plan, report) = from_geojson(&text, "million.geojson").unwrap();
    assert_eq!(plan.hubs.len(), 1_000_000);
    assert!(report.skipped.is_empty());
    eprintln!("million points: {:?}", start.elapsed());
}
