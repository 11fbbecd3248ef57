use super::*;

fn geo() -> Geography {
    Geography::builtin().expect("shipped maps load")
}

#[test]
fn shipped_maps_have_expected_content() {
    let g = geo();
    assert!(
        g.countries.regions().len() >= 70,
        "{}",
        g.countries.regions().len()
    );
    assert_eq!(g.oblasts.regions().len(), 27);
    for code in [
        "UKR", "RUS", "BLR", "POL", "GBR", "FRA", "NOR", "USA", "CAN", "AUS", "NZL", "JPN",
    ] {
        assert!(g.countries.get(code).is_some(), "missing {code}");
    }
    assert_eq!(
        g.countries.get("FRA").map(|r| r.name.as_str()),
        Some("France")
    );
    assert!(g.countries.vertex_count() > 100_000, "1:10m detail");
}

#[test]
fn cities_fall_in_the_right_oblast() {
    let g = geo();
    let cases = [
        ((30.5234, 50.4501), "UKR", Some("UA-30")), // Kyiv
        ((34.10, 44.95), "UKR", Some("UA-43")),     // Simferopol
        ((33.52, 44.60), "UKR", Some("UA-40")),     // Sevastopol (44.62 is in the bay at 1:10m)
        ((24.0297, 49.8397), "UKR", Some("UA-46")), // Lviv
        ((37.80, 48.00), "UKR", Some("UA-14")),     // Donetsk
        ((30.7233, 46.4825), "UKR", Some("UA-51")), // Odesa
        ((21.0122, 52.2297), "POL", None),          // Warsaw
        ((37.6173, 55.7558), "RUS", None),          // Moscow
        ((27.5615, 53.9006), "BLR", None),          // Minsk
        ((2.3522, 48.8566), "FRA", None),           // Paris
    ];
    for ((lon, lat), country, oblast) in cases {
        let loc = g.locate(lon, lat);
        assert_eq!(
            loc.country.map(|c| c.code.as_str()),
            Some(country),
            "{lon},{lat}"
        );
        assert_eq!(loc.oblast.map(|o| o.code.as_str()), oblast, "{lon},{lat}");
    }
}

#[test]
fn open_sea_is_nowhere() {
    let g = geo();
    let loc = g.locate(31.0, 43.0); // Black Sea
    assert!(loc.country.is_none() && loc.oblast.is_none());
}

#[test]
fn oblast_names_are_current() {
    let g = geo();
    assert_eq!(
        g.oblasts.get("UA-30").map(|r| r.name.as_str()),
        Some("Kyiv (city)")
    );
    assert_eq!(
        g.oblasts.get("UA-51").map(|r| r.name.as_str()),
        Some("Odesa")
    );
}

#[test]
fn json_syntax_error_has_line_and_column() {
    let text = "{\"type\": \"FeatureCollection\",\n \"features\": [\n  {\"type\": \"Feature\" \"geometry\": null}\n]}";
    let err = RegionLayer::from_geojson(text, "bad.geojson", LayerKind::Countries).unwrap_err();
    match &err {
        MapError::Json { line, column, .. } => {
            assert_eq!(*line, 3);
            assert_eq!(*column, 22);
        }
        other => panic!("wrong error {other:?}"),
    }
    let msg = err.to_string();
    assert!(
        msg.starts_with("bad.geojson: invalid JSON at line 3, column 22"),
        "{msg}"
    );
}

#[test]
fn non_geojson_json_is_explained() {
    let err =
        RegionLayer::from_geojson("{\"hello\": 1}", "x.json", LayerKind::Countries).unwrap_err();
    assert!(matches!(err, MapError::NotGeoJson { .. }), "{err:?}");
    assert!(err.to_string().starts_with("x.json: not usable GeoJSON"));
}

#[test]
fn points_only_is_no_polygons() {
    let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[30,50]}}]}"#;
    let err = RegionLayer::from_geojson(text, "p.geojson", LayerKind::Countries).unwrap_err();
    assert!(
        matches!(err, MapError::NoPolygons { features: 1, .. }),
        "{err:?}"
    );
}

#[test]
fn projected_coordinates_are_rejected() {
    let text = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"A"},
            "geometry":{"type":"Polygon","coordinates":[[[3400000,6500000],[3500000,6500000],[3500000,6600000],[3400000,6500000]]]}}]}"#;
    let msg = RegionLayer::from_geojson(text, "m.geojson", LayerKind::Countries)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("outside longitude"), "{msg}");
}

#[test]
fn minimal_basemap_with_fallback_code_and_nulls() {
    let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"ISO_A3":"-99","ADM0_A3":"XKX","NAME":"Kosovo"},
             "geometry":{"type":"Polygon","coordinates":[[[20,42],[21,42],[21,43],[20,43],[20,42]]]}},
            {"type":"Feature","properties":null,"geometry":null},
            {"type":"Feature","properties":{"name":"Hole"},
             "geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]}}]}"#;
    let layer = RegionLayer::from_geojson(text, "k.geojson", LayerKind::Countries).unwrap();
    assert_eq!(layer.regions().len(), 2);
    assert_eq!(layer.skipped(), 1);
    assert_eq!(layer.regions()[0].code, "XKX");
    assert_eq!(layer.regions()[0].name, "Kosovo");
    assert_eq!(layer.regions()[1].code, "#3");
    assert_eq!(
        layer.region_at(20.5, 42.5).map(|r| r.code.as_str()),
        Some("XKX")
    );
    assert_eq!(
        layer.region_at(2.0, 2.0).map(|r| r.name.as_str()),
        Some("Hole")
    );
    assert!(layer.region_at(5.0, 5.0).is_none(), "point in the hole");
}

#[test]
fn files_on_disk_empty_binary_missing() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.geojson");
    std::fs::write(&empty, "  \n").unwrap();
    let err = RegionLayer::from_path(&empty, LayerKind::Countries).unwrap_err();
    assert!(matches!(err, MapError::Empty { .. }), "{err:?}");
    assert!(err.to_string().contains("empty.geojson"));

    let bin = dir.path().join("world.shp");
    std::fs::write(&bin, [0x00u8, 0x00, 0x27, 0x0a, 0xff]).unwrap();
    let err = RegionLayer::from_path(&bin, LayerKind::Countries).unwrap_err();
    assert!(matches!(err, MapError::Binary { offset: 0, .. }), "{err:?}");

    let missing = dir.path().join("nope.geojson");
    let err = RegionLayer::from_path(&missing, LayerKind::Countries).unwrap_err();
    assert!(matches!(err, MapError::Io { .. }));
    assert!(err.to_string().contains("nope.geojson"));
}

#[test]
fn huge_file_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.geojson");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(MAX_BASEMAP_BYTES + 1).unwrap(); // sparse: no real disk use
    let err = RegionLayer::from_path(&big, LayerKind::Countries).unwrap_err();
    assert!(matches!(err, MapError::TooLarge { .. }), "{err:?}");
    assert!(err.to_string().contains("big.geojson"));
}

#[test]
fn the_shipped_maps_have_no_rings_to_skip_or_repair() {
    // Geography::builtin skips the crossing check at start-up; this is why it may.
    for (text, kind) in [
        (BUILTIN_COUNTRIES, LayerKind::Countries),
        (BUILTIN_OBLASTS, LayerKind::Subdivisions),
    ] {
        let layer = RegionLayer::from_geojson(text, "shipped", kind).unwrap();
        assert!(layer.problems().is_empty(), "{:?}", layer.problems());
    }
}

#[test]
fn bad_rings_are_skipped_or_clamped_with_the_feature_named() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/basemap_bad_rings.geojson");
    let layer = RegionLayer::from_path(&path, LayerKind::Countries).unwrap();
    let names: Vec<&str> = layer.regions().iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Goodland", "Polecap"]);
    assert_eq!(
        layer.problems(),
        [
            "feature 2 (Bowtie): its outer ring crosses itself near 32.5000, 47.5000; skipped",
            "feature 3 (Polecap): its outer ring reaches a pole; latitudes beyond ±85.05° (the map's limit) were clamped",
            "feature 4 (Twopoint): its outer ring has 2 distinct point(s); a ring needs at least 3 corners (4 points, the last repeating the first); skipped",
        ]
    );
}

#[test]
fn the_nearest_outline_within_reach_is_the_one_a_world_index_finds() {
    use crate::model::sphere_index::SegmentIndex;
    let g = Geography::builtin().unwrap();
    for layer in [&g.countries, &g.oblasts] {
        // Every outline of the layer in one index, tagged by region: the straightforward
        // answer, which the per-region indexes must reproduce.
        let world =
            SegmentIndex::from_paths(layer.regions().iter().enumerate().flat_map(|(i, r)| {
                r.geometry
                    .0
                    .iter()
                    .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                    .map(move |ring| (ring, i as u32))
            }));
        let mut near = 0;
        // Points a little off the coasts of the Black Sea, the Sea of Azov, the Baltic,
        // the Adriatic and the Aegean, off Iceland and Kamchatka, near the antimeridian
        // (Chukotka, Fiji) and far out at sea.
        let points = [
            (30.76, 46.47),
            (30.80, 46.40),
            (33.52, 44.62),
            (32.62, 46.64),
            (36.9, 46.3),
            (29.7, 45.2),
            (28.66, 44.2),
            (24.0, 57.0),
            (21.0, 55.3),
            (14.9, 44.6),
            (23.7, 37.9),
            (25.4, 37.0),
            (-21.9, 64.1),
            (158.7, 52.9),
            (179.99, 65.0),
            (-179.99, 65.0),
            (179.9, -16.8),
            (-179.9, -16.8),
            (-30.0, 40.0),
            (160.0, 0.0),
        ];
        for (lon, lat) in points {
            // Small steps around each point, from on the coast to a few km off.
            for k in 0..24 {
                let a = (k as f64) * std::f64::consts::PI / 12.0;
                let r = 0.005 * (1 + k % 6) as f64;
                let (x, y) = (lon + r * a.cos(), lat + r * a.sin());
                let x = if x > 180.0 {
                    x - 360.0
                } else if x < -180.0 {
                    x + 360.0
                } else {
                    x
                };
                for max_km in [2.0, 10.0] {
                    let expected = world
                        .nearest(x, y)
                        .map(|(km, tag, _)| (tag as usize, km))
                        .filter(|&(_, km)| km <= max_km);
                    let got = layer.nearest_outline_within(x, y, max_km);
                    match (expected, got) {
                        (None, None) => {}
                        (Some((i, a)), Some((j, b))) => {
                            assert!((a - b).abs() < 1e-9, "{x},{y}: {a} vs {b} km");
                            // Two outlines at the very same distance (a shared border)
                            // may come in either order.
                            let tie = crate::model::sphere_index::nearest_on_runs(
                                x,
                                y,
                                layer.regions()[i].geometry.0.iter().flat_map(|p| {
                                    std::iter::once(p.exterior())
                                        .chain(p.interiors())
                                        .map(|ring| (ring.0.as_slice(), 0))
                                }),
                            )
                            .unwrap()
                            .0;
                            assert!(i == j || (tie - b).abs() < 1e-9, "{x},{y}: {i} vs {j}");
                            near += 1;
                        }
                        other => panic!("{x},{y} within {max_km} km: {other:?}"),
                    }
                }
            }
        }
        assert!(near > 100, "only {near} points had an outline within reach");
    }
}
