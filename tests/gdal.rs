//! The exports and saved plans against the real GDAL readers (`ogrinfo`, `ogr2ogr`
//! from the `gdal-bin` package): what QGIS and other GIS tools will see.
//!
//! Without GDAL these tests fail, unless `COALITION_MAP_SKIP_GDAL=1` is set, which
//! skips them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use coalition_map::export::kml::RINGS_FOLDER;
use coalition_map::export::{self, HubRecord};
use coalition_map::model::geography::Geography;
use coalition_map::model::hub::Hub;
use coalition_map::model::plan::Plan;
use coalition_map::model::plan_csv::from_csv;
use coalition_map::model::plan_file::{from_geojson, sample_plan, to_geojson};
use coalition_map::model::site::{Site, analyse_plan};

/// Hubs in the sample plan.
const SAMPLE_HUBS: usize = 9;
/// Control features in the sample plan (its illustrative line).
const SAMPLE_CONTROL: usize = 1;
/// Range rings in the sample plan: Odesa 100 and 250 km, Kharkiv 30, Khmelnytskyi 150
/// and 300.
const SAMPLE_RINGS: usize = 5;

/// Whether to run: true if GDAL works; false (skip) if `COALITION_MAP_SKIP_GDAL=1`;
/// panics with instructions if GDAL is missing.
fn gdal_available(test: &str) -> bool {
    if std::env::var("COALITION_MAP_SKIP_GDAL").is_ok_and(|v| v == "1") {
        eprintln!("{test}: skipped because COALITION_MAP_SKIP_GDAL=1");
        return false;
    }
    match Command::new("ogrinfo").arg("--version").output() {
        Ok(out) if out.status.success() => true,
        Ok(out) => panic!(
            "`ogrinfo --version` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!(
            "GDAL's `ogrinfo` cannot be run ({e}). Install GDAL (`sudo apt-get install gdal-bin`), \
             or run `scripts/test`, which installs it and then runs cargo test, \
             or set COALITION_MAP_SKIP_GDAL=1 to skip the GDAL tests."
        ),
    }
}

/// Runs a GDAL tool and returns its standard output; panics with stderr on failure.
fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool}: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{tool} {args:?} failed ({}):\n{stderr}",
        out.status
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One feature as `ogrinfo -al` prints it.
#[derive(Debug, Default)]
struct Feature {
    layer: String,
    fields: BTreeMap<String, String>,
    geometry: Option<String>,
}

impl Feature {
    fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map_or_else(
                || panic!("no field {name:?} in {:?}", self.fields),
                |(_, v)| v.as_str(),
            )
    }
}

/// Parses `ogrinfo -ro -al` output into features. A value spanning several lines
/// (ogrinfo prints line breaks as they are) is joined with "\n".
fn features(ogrinfo: &str) -> Vec<Feature> {
    let mut out: Vec<Feature> = Vec::new();
    let mut last_field: Option<String> = None;
    for line in ogrinfo.lines() {
        if let Some(rest) = line.strip_prefix("OGRFeature(") {
            let layer = rest.split("):").next().unwrap_or("").to_owned();
            out.push(Feature {
                layer,
                ..Default::default()
            });
            last_field = None;
            continue;
        }
        let Some(f) = out.last_mut() else {
            continue;
        };
        if let Some(body) = line.strip_prefix("  ") {
            last_field = None;
            if let Some((head, value)) = body.split_once(" = ") {
                if let Some((name, _type)) = head.split_once(" (") {
                    f.fields.insert(name.to_owned(), value.to_owned());
                    last_field = Some(name.to_owned());
                }
            } else if body.starts_with("POINT") || body.starts_with("LINESTRING") {
                f.geometry = Some(body.trim().to_owned());
            }
        } else if let Some(value) = last_field.as_ref().and_then(|k| f.fields.get_mut(k))
            && !line.is_empty()
        {
            value.push('\n');
            value.push_str(line);
        }
    }
    out
}

/// The summary (`ogrinfo -ro -al -so`): per layer, its feature count, geometry type
/// and field names.
#[derive(Debug, Default)]
struct Layer {
    name: String,
    count: usize,
    geometry: String,
    fields: Vec<String>,
}

fn summary(ogrinfo: &str) -> Vec<Layer> {
    let mut layers: Vec<Layer> = Vec::new();
    for line in ogrinfo.lines() {
        if let Some(name) = line.strip_prefix("Layer name: ") {
            layers.push(Layer {
                name: name.trim().to_owned(),
                ..Default::default()
            });
            continue;
        }
        let Some(layer) = layers.last_mut() else {
            continue;
        };
        if let Some(n) = line.strip_prefix("Feature Count: ") {
            layer.count = n.trim().parse().unwrap();
        } else if let Some(g) = line.strip_prefix("Geometry: ") {
            layer.geometry = g.trim().to_owned();
        } else if let Some((name, kind)) = line.split_once(": ")
            && [
                "String",
                "Integer",
                "Integer64",
                "Real",
                "StringList",
                "Date",
                "DateTime",
            ]
            .iter()
            .any(|t| kind.starts_with(t))
            && !name.contains(' ')
        {
            layer.fields.push(name.to_owned());
        }
    }
    layers
}

struct Sample {
    plan: Plan,
    sites: Vec<Site>,
    dir: tempfile::TempDir,
}

impl Sample {
    fn new() -> Self {
        let plan = sample_plan();
        assert_eq!(plan.hubs.len(), SAMPLE_HUBS);
        let sites = analyse_plan(&plan, &Geography::builtin().unwrap());
        Self {
            plan,
            sites,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn records(&self) -> Vec<HubRecord<'_>> {
        export::records(&self.plan, &self.sites)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn geojson(&self) -> PathBuf {
        self.write(
            "hubs.geojson",
            &export::geojson::hubs_geojson(&self.records()),
        )
    }

    fn kml(&self) -> PathBuf {
        let text = export::kml::hubs_kml(&self.records(), &self.plan.title).unwrap();
        self.write("hubs.kml", &text)
    }

    fn csv(&self) -> PathBuf {
        self.write("hubs.csv", &export::csv::hubs_csv(&self.records()).unwrap())
    }
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn by_name<'a>(features: &'a [Feature], name: &str) -> &'a Feature {
    features
        .iter()
        .find(|f| {
            f.fields
                .iter()
                .any(|(k, v)| k.eq_ignore_ascii_case("name") && v == name)
        })
        .unwrap_or_else(|| panic!("no feature named {name:?}"))
}

/// The attribute values every export must carry for two known hubs.
fn assert_known_hubs(features: &[Feature]) {
    let kyiv = by_name(features, "Kyiv coordination HQ");
    assert_eq!(kyiv.field("status"), "inactive");
    assert_eq!(kyiv.field("country"), "UKR");
    assert_eq!(kyiv.field("oblast"), "UA-30");
    assert_eq!(kyiv.field("kind"), "force_hq");
    assert_eq!(kyiv.field("contributors"), "GBR;CAN;NLD");
    assert_eq!(kyiv.field("personnel"), "400");
    assert_eq!(kyiv.geometry.as_deref(), Some("POINT (30.5234 50.4501)"));
    let rzeszow = by_name(features, "Rzeszów support hub");
    assert_eq!(rzeszow.field("status"), "active");
    assert_eq!(rzeszow.field("country"), "POL");
    assert!(
        rzeszow.field("warnings").contains("outside Ukraine"),
        "{rzeszow:?}"
    );
}

/// Checks that hubs read back are the sample's, by name and position.
fn assert_same_hubs(original: &[Hub], back: &[Hub], what: &str) {
    assert_eq!(back.len(), original.len(), "{what}: hub count");
    for hub in original {
        let other = back
            .iter()
            .find(|h| h.name == hub.name)
            .unwrap_or_else(|| panic!("{what}: {:?} is missing", hub.name));
        assert!(
            (other.lon - hub.lon).abs() < 1e-6 && (other.lat - hub.lat).abs() < 1e-6,
            "{what}: {} moved from {},{} to {},{}",
            hub.name,
            hub.lon,
            hub.lat,
            other.lon,
            other.lat
        );
    }
}

/// Checks that the hub fields a plan keeps came back (matched by name).
fn assert_same_attributes(original: &[Hub], back: &[Hub], what: &str) {
    for hub in original {
        let other = back.iter().find(|h| h.name == hub.name).unwrap();
        let name = &hub.name;
        assert_eq!(other.kind, hub.kind, "{what}: {name}");
        assert_eq!(other.lead_nation, hub.lead_nation, "{what}: {name}");
        assert_eq!(other.contributors, hub.contributors, "{what}: {name}");
        assert_eq!(other.personnel, hub.personnel, "{what}: {name}");
        assert_eq!(other.activation, hub.activation, "{what}: {name}");
        assert_eq!(other.notes, hub.notes, "{what}: {name}");
        assert_eq!(other.range_rings_km, hub.range_rings_km, "{what}: {name}");
        assert_eq!(
            other.show_range_rings, hub.show_range_rings,
            "{what}: {name}"
        );
    }
}

#[test]
fn geojson_export_opens_in_gdal_with_typed_fields() {
    if !gdal_available("geojson_export_opens_in_gdal_with_typed_fields") {
        return;
    }
    let sample = Sample::new();
    let path = sample.geojson();
    let layers = summary(&run("ogrinfo", &["-ro", "-al", "-so", path_str(&path)]));
    assert_eq!(layers.len(), 1, "{layers:?}");
    let layer = &layers[0];
    assert_eq!(layer.count, SAMPLE_HUBS);
    assert_eq!(layer.geometry, "Point");
    for field in [
        "id",
        "name",
        "kind",
        "kind_label",
        "lon",
        "lat",
        "lead_nation",
        "contributors",
        "personnel",
        "activation",
        "status",
        "country",
        "country_name",
        "oblast",
        "oblast_name",
        "hostile_border_km",
        "warnings",
        "notes",
        "range_rings_km",
        "show_range_rings",
    ] {
        assert!(
            layer.fields.iter().any(|f| f == field),
            "{field} in {layer:?}"
        );
    }
    let info = run("ogrinfo", &["-ro", "-al", "-so", path_str(&path)]);
    for typed in [
        "contributors: String",
        "personnel: Integer",
        "hostile_border_km: Real",
        "lon: Real",
        // The radii stay a list of numbers, the switch a boolean.
        "range_rings_km: RealList",
        "show_range_rings: Integer(Boolean)",
    ] {
        assert!(info.contains(typed), "{typed} in\n{info}");
    }
    let features = features(&run("ogrinfo", &["-ro", "-al", path_str(&path)]));
    assert_eq!(features.len(), SAMPLE_HUBS);
    assert_known_hubs(&features);
    let odesa = by_name(&features, "Odesa maritime hub");
    assert_eq!(odesa.field("range_rings_km"), "(2:100,250)");
    assert_eq!(odesa.field("show_range_rings"), "1");
}

#[test]
fn kml_export_opens_in_both_gdal_kml_drivers() {
    if !gdal_available("kml_export_opens_in_both_gdal_kml_drivers") {
        return;
    }
    let sample = Sample::new();
    let path = sample.kml();
    let kinds: std::collections::HashSet<_> = sample.plan.hubs.iter().map(|h| &h.kind).collect();
    // GDAL prefers LIBKML; skipping one driver makes it use the other.
    for (driver, skip) in [("LIBKML", "KML"), ("KML", "LIBKML")] {
        let config = ["--config", "GDAL_SKIP", skip];
        let mut args = vec!["-ro", "-al", "-so"];
        args.extend(config);
        args.push(path_str(&path));
        let info = run("ogrinfo", &args);
        assert!(
            info.contains(&format!("using driver `{driver}' successful")),
            "{driver}:\n{info}"
        );
        let layers = summary(&info);
        // GDAL makes a layer of each Folder: one per kind, then the range rings.
        let (rings, hub_layers): (Vec<&Layer>, Vec<&Layer>) =
            layers.iter().partition(|l| l.name == RINGS_FOLDER);
        assert_eq!(hub_layers.len(), kinds.len(), "{driver}: {layers:?}");
        assert_eq!(
            hub_layers.iter().map(|l| l.count).sum::<usize>(),
            SAMPLE_HUBS,
            "{driver}: {layers:?}"
        );
        assert!(layers.iter().any(|l| l.name == "Logistics"), "{layers:?}");
        assert_eq!(rings.len(), 1, "{driver}: {layers:?}");
        assert_eq!(rings[0].count, SAMPLE_RINGS, "{driver}");
        let mut args = vec!["-ro", "-al"];
        args.extend(config);
        args.push(path_str(&path));
        let all = features(&run("ogrinfo", &args));
        let (ring_features, features): (Vec<Feature>, Vec<Feature>) =
            all.into_iter().partition(|f| f.layer == RINGS_FOLDER);
        assert_eq!(features.len(), SAMPLE_HUBS, "{driver}");
        assert_eq!(ring_features.len(), SAMPLE_RINGS, "{driver}");
        for ring in &ring_features {
            assert!(
                ring.geometry
                    .as_deref()
                    .is_some_and(|g| g.starts_with("LINESTRING (")),
                "{driver}: {ring:?}"
            );
        }
        let kyiv = by_name(&features, "Kyiv coordination HQ");
        assert_eq!(kyiv.layer, "Multinational force HQ / coordination");
        assert!(kyiv.field("description").contains("HYPOTHETICAL"));
        assert!(kyiv.field("description").contains("Status: inactive"));
        assert!(
            kyiv.geometry
                .as_deref()
                .is_some_and(|g| g.starts_with("POINT (30.5234 50.4501")),
            "{driver}: {kyiv:?}"
        );
        if driver == "LIBKML" {
            // LIBKML turns ExtendedData into fields.
            assert_known_hubs(&features);
            let odesa = by_name(&features, "Odesa maritime hub");
            assert_eq!(odesa.field("range_rings_km"), "100;250");
            assert_eq!(odesa.field("show_range_rings"), "true");
            let ring = by_name(&ring_features, "Odesa maritime hub — 250 km");
            assert_eq!(ring.field("hub_id"), "3");
            assert_eq!(ring.field("radius_km"), "250");
        }
    }
}

#[test]
fn csv_export_opens_in_gdal_as_points() {
    if !gdal_available("csv_export_opens_in_gdal_as_points") {
        return;
    }
    let sample = Sample::new();
    let path = sample.csv();
    let oo = [
        "-oo",
        "X_POSSIBLE_NAMES=lon",
        "-oo",
        "Y_POSSIBLE_NAMES=lat",
        "-oo",
        "KEEP_GEOM_COLUMNS=NO",
    ];
    let mut args = vec!["-ro", "-al", "-so"];
    args.extend(oo);
    args.push(path_str(&path));
    let layers = summary(&run("ogrinfo", &args));
    assert_eq!(layers.len(), 1, "{layers:?}");
    assert_eq!(layers[0].count, SAMPLE_HUBS);
    assert_eq!(layers[0].geometry, "Point");
    for field in [
        "id",
        "name",
        "kind",
        "lead_nation",
        "contributors",
        "personnel",
        "activation",
        "status",
        "country",
        "oblast",
        "notes",
        "hostile_border_km",
        "warnings",
    ] {
        assert!(layers[0].fields.iter().any(|f| f == field), "{field}");
    }
    let mut args = vec!["-ro", "-al"];
    args.extend(oo);
    args.push(path_str(&path));
    let features = features(&run("ogrinfo", &args));
    assert_eq!(features.len(), SAMPLE_HUBS);
    assert_known_hubs(&features);
}

#[test]
fn saved_plan_opens_in_gdal_as_a_point_layer() {
    if !gdal_available("saved_plan_opens_in_gdal_as_a_point_layer") {
        return;
    }
    let sample = Sample::new();
    let path = sample.write("plan.geojson", &to_geojson(&sample.plan));
    let layers = summary(&run("ogrinfo", &["-ro", "-al", "-so", path_str(&path)]));
    assert_eq!(layers.len(), 1, "{layers:?}");
    // The hubs and the sample's illustrative control line, in one mixed layer.
    assert_eq!(layers[0].count, SAMPLE_HUBS + SAMPLE_CONTROL);
    assert_eq!(layers[0].geometry, "Unknown (any)");
    for field in [
        "name",
        "kind",
        "lead_nation",
        "contributors",
        "personnel",
        "activation",
        "notes",
    ] {
        assert!(layers[0].fields.iter().any(|f| f == field), "{field}");
    }
    let features = features(&run("ogrinfo", &["-ro", "-al", path_str(&path)]));
    assert_eq!(features.len(), SAMPLE_HUBS + SAMPLE_CONTROL);
    let kyiv = by_name(&features, "Kyiv coordination HQ");
    assert_eq!(kyiv.field("kind"), "force_hq");
    assert_eq!(kyiv.field("lead_nation"), "FRA");
    assert_eq!(kyiv.field("personnel"), "400");
    assert_eq!(kyiv.field("activation"), "ceasefire");
    assert_eq!(kyiv.geometry.as_deref(), Some("POINT (30.5234 50.4501)"));
}

#[test]
fn csv_export_converted_by_ogr2ogr_reads_back_as_a_plan() {
    if !gdal_available("csv_export_converted_by_ogr2ogr_reads_back_as_a_plan") {
        return;
    }
    let sample = Sample::new();
    let csv = sample.csv();
    let out = sample.dir.path().join("from_csv.geojson");
    run(
        "ogr2ogr",
        &[
            "-f",
            "GeoJSON",
            path_str(&out),
            path_str(&csv),
            "-oo",
            "X_POSSIBLE_NAMES=lon",
            "-oo",
            "Y_POSSIBLE_NAMES=lat",
        ],
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let (plan, report) = from_geojson(&text, "from_csv.geojson").unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_same_hubs(&sample.plan.hubs, &plan.hubs, "CSV → ogr2ogr → GeoJSON");
    assert_same_attributes(&sample.plan.hubs, &plan.hubs, "CSV → ogr2ogr → GeoJSON");
}

#[test]
fn kml_export_converted_by_ogr2ogr_reads_back_as_a_plan() {
    if !gdal_available("kml_export_converted_by_ogr2ogr_reads_back_as_a_plan") {
        return;
    }
    let sample = Sample::new();
    let kml = sample.kml();
    let out = sample.dir.path().join("from_kml.geojson");
    // GDAL reads one layer per Folder (kind); GeoJSON holds one layer, so the
    // layers are appended into one, as a GIS user would do.
    run(
        "ogr2ogr",
        &[
            "-f",
            "GeoJSON",
            path_str(&out),
            path_str(&kml),
            "-nln",
            "hubs",
            "-append",
        ],
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let (plan, report) = from_geojson(&text, "from_kml.geojson").unwrap();
    // The range rings come along as lines, which are not hubs: each is skipped, saying
    // why, and the hubs still carry their radii.
    assert_eq!(report.skipped.len(), SAMPLE_RINGS, "{:?}", report.skipped);
    assert!(
        report
            .skipped
            .iter()
            .all(|s| s.ends_with("geometry is a LineString, not a Point")),
        "{:?}",
        report.skipped
    );
    assert_same_hubs(&sample.plan.hubs, &plan.hubs, "KML → ogr2ogr → GeoJSON");
    assert_same_attributes(&sample.plan.hubs, &plan.hubs, "KML → ogr2ogr → GeoJSON");
}

#[test]
fn csv_export_reads_back_with_from_csv() {
    // No GDAL needed: our own reader on our own export.
    let sample = Sample::new();
    let text = export::csv::hubs_csv(&sample.records()).unwrap();
    let (plan, report) = from_csv(&text, "hubs.csv").unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(report.hubs, SAMPLE_HUBS);
    assert_same_hubs(&sample.plan.hubs, &plan.hubs, "CSV → from_csv");
    for (hub, back) in sample.plan.hubs.iter().zip(&plan.hubs) {
        // Everything but the plan-level data survives; computed columns are dropped.
        assert_eq!(back, hub);
    }
}

/// A control area and line for the tests below (illustrative, made for the test).
fn control_plan() -> Plan {
    use coalition_map::model::control::{
        ControlFeature, ControlKind, area_from_ring, line_from_points,
    };
    let mut plan = sample_plan();
    let date = jiff::civil::date(2025, 6, 1);
    for (name, kind, geometry) in [
        (
            "Test area",
            ControlKind::Occupied,
            area_from_ring(&[(35.1, 46.6), (35.7, 46.6), (35.7, 47.0), (35.1, 47.0)]),
        ),
        (
            "Test line",
            ControlKind::ContactLine,
            line_from_points(&[(35.25, 47.5), (35.25, 48.2)]),
        ),
    ] {
        let id = plan.allocate_id().0;
        plan.control.push(ControlFeature {
            id,
            name: name.into(),
            kind,
            geometry,
            source: "test".into(),
            as_of: date,
            extra: Default::default(),
        });
    }
    plan
}

#[test]
fn plan_with_control_features_opens_in_gdal_with_points_polygons_and_lines() {
    if !gdal_available("plan_with_control_features_opens_in_gdal_with_points_polygons_and_lines") {
        return;
    }
    let sample = Sample::new();
    let plan = control_plan();
    let path = sample.write("control.geojson", &to_geojson(&plan));
    let layers = summary(&run("ogrinfo", &["-ro", "-al", "-so", path_str(&path)]));
    assert_eq!(layers.len(), 1, "{layers:?}");
    assert_eq!(layers[0].count, SAMPLE_HUBS + SAMPLE_CONTROL + 2);
    for field in ["name", "kind", "layer", "source", "as_of"] {
        assert!(
            layers[0].fields.iter().any(|f| f == field),
            "{field}: {layers:?}"
        );
    }
    let all = run("ogrinfo", &["-ro", "-al", path_str(&path)]);
    let geometries: Vec<&str> = all
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| {
            ["POINT", "POLYGON", "LINESTRING"]
                .iter()
                .any(|g| l.starts_with(g))
        })
        .collect();
    let count = |prefix: &str| geometries.iter().filter(|g| g.starts_with(prefix)).count();
    assert_eq!(count("POINT ("), SAMPLE_HUBS);
    assert_eq!(count("POLYGON (("), 1, "{geometries:?}");
    assert_eq!(count("LINESTRING ("), SAMPLE_CONTROL + 1);
    assert!(
        all.contains("POLYGON ((35.1 46.6,35.7 46.6,35.7 47.0,35.1 47.0,35.1 46.6))"),
        "{all}"
    );
    assert!(all.contains("as_of (Date) = 2025/06/01"), "{all}");
    assert!(all.contains("layer (String) = control"));
}

#[test]
fn kml_export_keeps_control_polygon_and_line_styles() {
    if !gdal_available("kml_export_keeps_control_polygon_and_line_styles") {
        return;
    }
    use coalition_map::export::kml::control::CONTROL_FOLDER;
    let sample = Sample::new();
    let plan = control_plan();
    let sites = analyse_plan(&plan, &Geography::builtin().unwrap());
    let records = export::records(&plan, &sites);
    // Only this test's features (the sample plan's illustrative line is left out).
    let control: Vec<_> = plan.control.iter().filter(|f| f.source == "test").collect();
    let text = export::kml::hubs_kml_with_control(&records, &plan.title, &control).unwrap();
    assert!(text.contains("<Style id=\"control-occupied\">"), "{text}");
    assert!(text.contains("<PolyStyle>"));
    let path = sample.write("control.kml", &text);
    let info = run(
        "ogrinfo",
        &[
            "-ro",
            "-al",
            "--config",
            "GDAL_SKIP",
            "KML",
            // Each feature's style as GDAL resolves it, not a reference to the style id.
            "--config",
            "LIBKML_RESOLVE_STYLE",
            "YES",
            path_str(&path),
        ],
    );
    assert!(info.contains("using driver `LIBKML' successful"), "{info}");
    // The Folder is a layer of its own; each feature carries its resolved style.
    let start = info
        .find(&format!("Layer name: {CONTROL_FOLDER}"))
        .unwrap_or_else(|| panic!("{info}"));
    let layer = &info[start..];
    assert!(layer.contains("Feature Count: 2"), "{layer}");
    assert!(layer.contains("Test area, as of 2025-06-01"), "{layer}");
    assert!(layer.contains("POLYGON ((35.1 46.6"), "{layer}");
    assert!(layer.contains("LINESTRING (35.25 47.5"), "{layer}");
    let styles: Vec<String> = layer
        .lines()
        .filter_map(|l| l.trim().strip_prefix("Style = "))
        .map(str::to_ascii_lowercase)
        .collect();
    assert_eq!(styles.len(), 2, "{layer}");
    // The area: translucent fill and a solid edge in the occupied colour; the line in
    // the contact-line colour, 3 px wide.
    assert!(
        styles[0].contains("brush(fc:#9b1c1c40)") && styles[0].contains("pen(c:#9b1c1cff"),
        "{styles:?}"
    );
    assert!(styles[1].contains("pen(c:#b00000ff,w:3.0"), "{styles:?}");
}
