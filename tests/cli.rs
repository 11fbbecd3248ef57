//! The command line, run as a real process: output, JSON shape and exit codes.

use std::path::{Path, PathBuf};
use std::process::Command;

use coalition_map::model::{plan_file, slide};
use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_coalition-map"))
}

fn sample_file(dir: &Path) -> PathBuf {
    let path = dir.join("sample plan.geojson");
    std::fs::write(&path, plan_file::to_geojson(&plan_file::sample_plan())).unwrap();
    path
}

#[test]
fn check_prints_every_hub_and_exits_1_on_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .arg("check")
        .arg(sample_file(dir.path()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "warnings → exit 1");
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1 + 9 + 1, "{text}");
    let kyiv = text
        .lines()
        .find(|l| l.contains("Kyiv coordination HQ"))
        .unwrap();
    assert!(
        kyiv.contains("UKR") && kyiv.contains("UA-30") && kyiv.contains("inactive"),
        "{kyiv}"
    );
    assert!(
        text.contains("9 hubs: 1 active, 8 inactive, 3 warning(s)"),
        "{text}"
    );
}

#[test]
fn check_json_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args(["check", "--json"])
        .arg(sample_file(dir.path()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["active"], 1);
    assert_eq!(v["inactive"], 8);
    assert_eq!(
        v["warnings"], 3,
        "Rzeszów, Kharkiv, and the Khmelnytskyi air hub far from an airfield"
    );
    let hubs = v["hubs"].as_array().unwrap();
    assert_eq!(hubs.len(), 9);
    let kyiv = hubs
        .iter()
        .find(|h| h["name"] == "Kyiv coordination HQ")
        .unwrap();
    for key in [
        "id",
        "name",
        "kind",
        "lon",
        "lat",
        "country",
        "oblast",
        "status",
        "hostile_border_km",
        "warnings",
    ] {
        assert!(kyiv.get(key).is_some(), "missing {key}");
    }
    assert_eq!(kyiv["country"], "UKR");
    assert_eq!(kyiv["oblast"], "UA-30");
    assert_eq!(kyiv["status"], "inactive");
    assert_eq!(kyiv["kind"], "force_hq");
    assert!(
        kyiv["lon"]
            .as_f64()
            .is_some_and(|x| (x - 30.5234).abs() < 1e-9)
    );
    let km = kyiv["hostile_border_km"].as_f64().unwrap();
    assert!((80.0..110.0).contains(&km), "{km}");
    let rzeszow = hubs
        .iter()
        .find(|h| h["name"] == "Rzeszów support hub")
        .unwrap();
    assert_eq!(rzeszow["country"], "POL");
    assert_eq!(rzeszow["oblast"], Value::Null);
    assert_eq!(rzeszow["status"], "active");
    assert_eq!(rzeszow["warnings"].as_array().unwrap().len(), 1);
}

#[test]
fn ceasefire_override_changes_statuses_for_the_run_only() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let before = std::fs::read(&file).unwrap();
    let out = bin()
        .args(["check", "--json", "--ceasefire", "on"])
        .arg(&file)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["active"], 7);
    assert_eq!(v["inactive"], 2);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the plan file is not touched"
    );
}

#[test]
fn foreign_points_without_warnings_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("qgis.geojson");
    std::fs::write(
        &file,
        r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"Lviv depot"},"geometry":{"type":"Point","coordinates":[24.03,49.84]}}]}"#,
    )
    .unwrap();
    let out = bin().args(["check", "--json"]).arg(&file).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["hubs"][0]["oblast"], "UA-46");
    assert_eq!(v["warnings"], 0);
}

#[test]
fn bad_input_and_bad_usage_exit_2_with_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.geojson");
    std::fs::write(
        &broken,
        "{\"type\": \"FeatureCollection\",\n \"features\": [ nope ]}",
    )
    .unwrap();
    let out = bin().arg("check").arg(&broken).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("broken.geojson") && err.contains("line 2"),
        "{err}"
    );

    let missing = dir.path().join("missing.geojson");
    let out = bin().arg("check").arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(2));

    let out = bin()
        .args(["export", "--format", "shp", "--output"])
        .arg(dir.path().join("x.shp"))
        .arg(sample_file(dir.path()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("invalid value 'shp'") && err.contains("geojson, kml, csv, svg, png, pdf"),
        "{err}"
    );
}

#[test]
fn export_writes_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let plan = sample_file(dir.path());
    for (format, check) in [
        ("geojson", "\"FeatureCollection\""),
        ("kml", "<kml"),
        ("csv", "id,name,kind,lon,lat"),
        ("svg", "HYPOTHETICAL"),
    ] {
        let output = dir.path().join(format!("out.{format}"));
        let out = bin()
            .args([
                "export",
                "--format",
                format,
                "--ceasefire",
                "on",
                "--output",
            ])
            .arg(&output)
            .arg(&plan)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(&output).unwrap();
        assert!(text.contains(check), "{format}");
    }
    let geojson: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.geojson")).unwrap())
            .unwrap();
    let active = geojson["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["status"] == "active")
        .count();
    assert_eq!(active, 7, "--ceasefire on applies to exports");
}

/// The shipped sample plan file, with its five slides.
fn sample_asset() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample_plan.geojson")
}

/// Text as it appears escaped in SVG.
fn xml_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The `<g class="hub STATUS" data-id="H…">` openings of a picture: (status, id).
fn hub_groups(svg: &str) -> Vec<(String, String)> {
    svg.match_indices("<g class=\"hub ")
        .filter_map(|(i, _)| {
            let rest = &svg[i + "<g class=\"hub ".len()..];
            let (status, rest) = rest.split_once("\" data-id=\"")?;
            let (id, _) = rest.split_once('"')?;
            Some((status.to_owned(), id.to_owned()))
        })
        .collect()
}

/// Checks well-formedness with `xmllint` if it is installed (CI does not install it;
/// the library's own tests check the same pictures with a small XML checker).
fn xmllint_if_present(path: &Path) {
    let Ok(out) = Command::new("xmllint").arg("--noout").arg(path).output() else {
        return;
    };
    assert!(
        out.status.success(),
        "{}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn export_slides_writes_one_svg_per_slide() {
    let (plan, _) =
        plan_file::from_geojson(&std::fs::read_to_string(sample_asset()).unwrap(), "sample")
            .unwrap();
    assert_eq!(plan.slides.len(), 7);
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("briefing").join("slides");
    let run = || {
        bin()
            .args(["export", "--format", "svg", "--slides"])
            .arg(&out_dir)
            .arg(sample_asset())
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // One path a line, in slide order, named by number and caption.
    let printed: Vec<PathBuf> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(PathBuf::from)
        .collect();
    let expected: Vec<PathBuf> = plan
        .slides
        .iter()
        .enumerate()
        .map(|(i, s)| out_dir.join(slide::file_stem(i, 7, &s.caption) + ".svg"))
        .collect();
    assert_eq!(printed, expected);
    assert!(printed[0].ends_with("01-overview-the-coalition-of-the-willing-and-nine-h.svg"));
    let mut on_disk: Vec<PathBuf> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, expected, "only the slides, sorting in slide order");

    let svgs: Vec<String> = expected
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    for (i, (svg, slide)) in svgs.iter().zip(&plan.slides).enumerate() {
        assert!(svg.starts_with("<?xml") && svg.ends_with("</svg>\n"));
        assert!(
            svg.contains(&format!(">{}</text>", xml_escaped(&slide.caption))),
            "slide {}: caption",
            i + 1
        );
        assert!(svg.contains(&format!(">{} / 7</text>", i + 1)));
        assert!(svg.contains("HYPOTHETICAL — PLANNING ONLY"));
        xmllint_if_present(&expected[i]);
    }
    // Slide 2, before a ceasefire: the Kyiv HQ (hub 1) is planned, its symbol dashed,
    // and the rings of the hubs that have them are dashed too.
    assert!(svgs[1].contains(">No ceasefire</text>"));
    assert!(hub_groups(&svgs[1]).contains(&("inactive".into(), "H1".into())));
    let kyiv = &svgs[1][svgs[1].find("data-id=\"H1\"").unwrap()..];
    assert!(kyiv[..kyiv.find("</g>").unwrap()].contains("stroke-dasharray"));
    assert!(svgs[1].contains("<path class=\"ring inactive\""));
    assert!(!svgs[1].contains("<path class=\"ring active\""));
    // Slide 3, ceasefire verified: Kyiv is active.
    assert!(svgs[2].contains(">Ceasefire verified</text>"));
    assert!(hub_groups(&svgs[2]).contains(&("active".into(), "H1".into())));
    assert_eq!(hub_groups(&svgs[2]).len(), 9);
    // Slide 4: only hubs 3, 5 and 7, with their five rings, all active.
    let mut ids: Vec<String> = hub_groups(&svgs[3]).into_iter().map(|(_, id)| id).collect();
    ids.sort();
    assert_eq!(ids, ["H3", "H5", "H7"]);
    assert_eq!(svgs[3].matches("<path class=\"ring active\"").count(), 5);
    // Slide 1 has the ring layer off.
    assert!(!svgs[0].contains("class=\"ring "));
    // Slide 7 compares with the plan beside the sample: its marks and key are drawn
    // as the presentation draws them; no other slide has them.
    assert!(svgs[6].contains("<g id=\"comparison\">"));
    assert!(svgs[6].contains(">Compared with sample_plan_alt.geojson</text>"));
    assert!(svgs[6].contains(">Moved: 1</text>"));
    assert!(!svgs[6].contains(">No comparison</text>"));
    assert!(svgs[..6].iter().all(|s| !s.contains("id=\"comparison")));
    // The notes are for the presenter: in the description only.
    let notes = xml_escaped(&plan.slides[0].notes);
    assert_eq!(svgs[0].matches(&notes).count(), 1);
    assert!(svgs[0].find(&notes) < svgs[0].find("</desc>"));

    // Again: the same files, replaced.
    std::fs::write(&expected[0], "stale").unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 7);
    assert_eq!(std::fs::read_to_string(&expected[0]).unwrap(), svgs[0]);
}

#[test]
fn export_slides_usage_and_input_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("slides");
    let stderr = |out: &std::process::Output| String::from_utf8_lossy(&out.stderr).into_owned();

    // A plan without slides.
    let mut plan = plan_file::sample_plan();
    plan.slides.clear();
    let bare = dir.path().join("no slides.geojson");
    std::fs::write(&bare, plan_file::to_geojson(&plan)).unwrap();
    let out = bin()
        .args(["export", "--format", "svg", "--slides"])
        .arg(&out_dir)
        .arg(&bare)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no slides.geojson has no slides"),
        "{}",
        stderr(&out)
    );
    assert!(!out_dir.exists(), "nothing created");

    // Slides are pictures.
    let out = bin()
        .args(["export", "--format", "kml", "--slides"])
        .arg(&out_dir)
        .arg(sample_asset())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--format svg"), "{}", stderr(&out));
    assert!(!out_dir.exists());

    // --slides or --output, not both, not neither; no --ceasefire with --slides.
    for (extra, cause) in [
        (&["--slides", "d", "--output", "f.svg"][..], "--output"),
        (&[][..], "--output"),
        (&["--slides", "d", "--ceasefire", "on"][..], "--ceasefire"),
    ] {
        let out = bin()
            .args(["export", "--format", "svg"])
            .args(extra)
            .arg(sample_asset())
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(stderr(&out).contains(cause), "{extra:?}: {}", stderr(&out));
        assert!(!dir.path().join("d").exists(), "{extra:?}");
    }

    // A file where the folder should be.
    let file = dir.path().join("taken");
    std::fs::write(&file, "x").unwrap();
    let out = bin()
        .args(["export", "--format", "svg", "--slides"])
        .arg(&file)
        .arg(sample_asset())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("taken"), "{}", stderr(&out));
}

#[test]
fn svg_size_and_theme_options() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("dark.svg");
    let out = bin()
        .args([
            "export", "--format", "svg", "--dark", "--width", "800", "--height", "600", "--output",
        ])
        .arg(&output)
        .arg(sample_file(dir.path()))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(&output).unwrap();
    assert!(svg.contains("width=\"800\" height=\"600\" viewBox=\"0 0 800 600\""));
    // The dark theme's sea.
    assert!(svg.contains(
        "<rect id=\"sea\" x=\"0\" y=\"0\" width=\"800\" height=\"600\" fill=\"#141c26\"/>"
    ));
    let out = bin()
        .args(["export", "--format", "csv", "--width", "800", "--output"])
        .arg(dir.path().join("x.csv"))
        .arg(sample_file(dir.path()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format svg"));
    let out = bin()
        .args(["export", "--format", "svg", "--width", "50", "--output"])
        .arg(dir.path().join("x.svg"))
        .arg(sample_file(dir.path()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "too small");
}

/// A file from the regression corpus in `tests/data/`.
fn data_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn check_json(path: &Path) -> (Option<i32>, Value, String) {
    let out = bin().args(["check", "--json"]).arg(path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), v, stderr)
}

#[test]
fn files_with_a_byte_order_mark_read() {
    let (code, v, stderr) = check_json(&data_file("bom.geojson"));
    assert_eq!(code, Some(0), "{stderr}");
    let names: Vec<&str> = v["hubs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Kyiv HQ", "Lviv"]);
    assert_eq!(v["hubs"][0]["kind"], "force_hq");
    let (code, v, stderr) = check_json(&data_file("bom_crlf.csv"));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(v["hubs"][1]["name"], "Odesa port");
    assert_eq!(v["hubs"][1]["kind"], "naval", "type → kind");
}

#[test]
fn utf16_is_read_with_a_mark_and_refused_without() {
    let (code, v, stderr) = check_json(&data_file("utf16le_bom.csv"));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(v["hubs"][0]["name"], "Київ");
    let (code, _, stderr) = check_json(&data_file("utf16le_no_bom.geojson"));
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("utf16le_no_bom.geojson") && stderr.contains("save it as UTF-8"),
        "{stderr}"
    );
}

#[test]
fn gdal_rfc7946_id_field_name_gives_names_kinds_and_nations() {
    // Written by `ogr2ogr -f GeoJSON -lco RFC7946=YES -lco ID_FIELD=name` (GDAL 3.6.2)
    // from a CSV with name, type, lead, lon, lat columns: the names are feature ids.
    let path = data_file("gdal_rfc7946_id_field_name.geojson");
    let (_, v, stderr) = check_json(&path);
    let hubs = v["hubs"].as_array().unwrap_or_else(|| panic!("{stderr}"));
    let got: Vec<(&str, &str)> = hubs
        .iter()
        .map(|h| (h["name"].as_str().unwrap(), h["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("Kyiv HQ", "force_hq"),
            ("Lviv logistics", "logistics"),
            ("Yavoriv training", "training_hub"),
            ("Staryi Sambir depot", "protected_facility"),
            ("Vinnytsia air", "air"),
            ("Odesa port", "naval"),
            ("Kharkiv monitoring", "monitoring_post"),
        ]
    );
    assert_eq!(v["skipped"], serde_json::json!([]));
    // Lead nations from English names, ISO2 and ISO3 codes.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("hubs.csv");
    let out = bin()
        .args(["export", "--format", "csv", "--output"])
        .arg(&csv)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let lead = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "lead_nation")
        .unwrap();
    let leads: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[lead].to_owned())
        .collect();
    assert_eq!(leads, ["FRA", "GBR", "GBR", "POL", "FRA", "GBR", "USA"]);
}

#[test]
fn skipped_features_are_listed_and_exit_1() {
    let path = data_file("skipped_features.geojson");
    let (code, v, stderr) = check_json(&path);
    assert_eq!(code, Some(1), "skipped → exit 1; {stderr}");
    assert_eq!(
        v["warnings"], 0,
        "no warnings: the exit code is for the skipped"
    );
    let skipped = v["skipped"].as_array().unwrap();
    let features: Vec<u64> = skipped
        .iter()
        .map(|s| s["feature"].as_u64().unwrap())
        .collect();
    assert_eq!(features, [2, 3, 4]);
    assert!(skipped[0]["reason"].as_str().unwrap().contains("Polygon"));
    assert_eq!(skipped[1]["reason"], "no geometry");
    assert!(
        skipped[2]["reason"]
            .as_str()
            .unwrap()
            .contains("latitude 95"),
        "{skipped:?}"
    );
    let out = bin().arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("skipped feature 2: geometry is a Polygon"),
        "{text}"
    );
    assert!(text.contains("skipped feature 3: no geometry"), "{text}");
    assert!(text.contains("1 hubs: "), "{text}");
    assert!(text.contains(", 3 skipped"), "{text}");
}

#[test]
fn duplicate_and_huge_ids_become_unique() {
    let (_, v, stderr) = check_json(&data_file("duplicate_ids.geojson"));
    let ids: Vec<u64> = v["hubs"]
        .as_array()
        .unwrap_or_else(|| panic!("{stderr}"))
        .iter()
        .map(|h| h["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids.len(), 5);
    let unique: std::collections::HashSet<u64> = ids.iter().copied().collect();
    assert_eq!(unique.len(), 5, "{ids:?}");
    assert!(!ids.contains(&0), "{ids:?}");
    assert_eq!(ids[0], 7, "the first of a duplicate keeps its id");
    let notes: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(notes.len(), 4, "{notes:?}");
    assert!(
        notes[0].starts_with("feature 2: id 7 is used by another hub; renumbered"),
        "{notes:?}"
    );
}

#[test]
fn bad_values_are_noted_not_silently_changed() {
    let (_, v, stderr) = check_json(&data_file("nan_and_huge.geojson"));
    let notes = v["notes"].as_array().unwrap_or_else(|| panic!("{stderr}"));
    let text = notes
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        text.contains("personnel 1e+308 is not a whole number"),
        "{text}"
    );
    assert!(
        text.contains("personnel -5 is not a whole number"),
        "{text}"
    );
    assert!(
        text.contains("personnel 1.5 is not a whole number"),
        "{text}"
    );
    assert!(
        text.contains("notes has 12000 characters; only the first 10000 were kept"),
        "{text}"
    );
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(
        skipped.len(),
        2,
        "NaN text and 1e308 coordinates: {skipped:?}"
    );
}

#[test]
fn a_file_of_50000_columns_and_a_deep_file_are_handled() {
    let (code, v, stderr) = check_json(&data_file("columns_50000.csv"));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(v["hubs"][0]["name"], "Wide");
    let (code, _, stderr) = check_json(&data_file("depth_10000.geojson"));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("depth_10000.geojson"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_pipe_larger_than_the_limit_is_refused() {
    // 600 MB through a pipe: refused after the first 64 MB, not read to the end.
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "head -c 600M /dev/zero | '{}' check /dev/stdin",
            env!("CARGO_BIN_EXE_coalition-map")
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/dev/stdin: the input is larger than 64 MB"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn output_goes_through_links_and_refuses_pipes_and_devices() {
    let dir = tempfile::tempdir().unwrap();
    let plan = sample_file(dir.path());
    let target = dir.path().join("real.kml");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.kml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = bin()
        .args(["export", "--format", "kml", "--output"])
        .arg(&link)
        .arg(&plan)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert!(std::fs::read_to_string(&target).unwrap().contains("<kml"));

    let fifo = dir.path().join("pipe.kml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (output, what) in [
        (fifo.as_path(), "a FIFO (named pipe)"),
        (Path::new("/dev/null"), "a device"),
    ] {
        let out = bin()
            .args(["export", "--format", "kml", "--output"])
            .arg(output)
            .arg(&plan)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("{}: {what}, not a regular file", output.display())),
            "{stderr}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_full_disk_or_a_crash_mid_write_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let plan = sample_file(dir.path());
    let output = dir.path().join("hubs.geojson");
    std::fs::write(&output, "the old export").unwrap();
    // The disk fills up after 1,000 bytes.
    let out = bin()
        .env(coalition_map::model::plan_io::FAULT_ENV, "1000")
        .args(["export", "--format", "geojson", "--output"])
        .arg(&output)
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("hubs.geojson: cannot save: No space left on device"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "the old export");
    let leftovers = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(leftovers, 0, "the temporary file is removed");
    // The process dies after 1,000 bytes, as in a crash or a power cut.
    let out = bin()
        .env(coalition_map::model::plan_io::FAULT_ENV, "1000:abort")
        .args(["export", "--format", "geojson", "--output"])
        .arg(&output)
        .arg(&plan)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "the old export");
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_gives_a_clear_message() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let plan = sample_file(dir.path());
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    let output = locked.join("hubs.csv");
    std::fs::write(&output, "old").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permissions; the test means something only for other users.
    let probe = locked.join("probe");
    if std::fs::write(&probe, "x").is_ok() {
        std::fs::remove_file(&probe).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        // Root may write anywhere it has a file system for: /sys refuses new files
        // even to root, as a read-only folder does.
        let out = bin()
            .args(["export", "--format", "csv", "--output", "/sys/hubs.csv"])
            .arg(&plan)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(
                "/sys/hubs.csv: cannot create a temporary file next to it: Permission denied"
            ),
            "{stderr}"
        );
        return;
    }
    let out = bin()
        .args(["export", "--format", "csv", "--output"])
        .arg(&output)
        .arg(&plan)
        .output()
        .unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("hubs.csv: cannot create a temporary file next to it: Permission denied"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "old");
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `pdfinfo`'s page count of a PDF (poppler-utils; `scripts/test` installs it).
fn pdf_pages(path: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(path)
        .output()
        .unwrap_or_else(|e| {
            panic!("pdfinfo could not run ({e}): install poppler-utils (scripts/test does)")
        });
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"))
}

/// PNG and PDF are rendered from the pictures without a window: no display is needed.
#[test]
fn png_and_pdf_exports_need_no_display() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("view.png");
    let out = bin()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .args([
            "export", "--format", "png", "--width", "800", "--height", "600",
        ])
        .arg("--output")
        .arg(&png)
        .arg(sample_asset())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).is_empty(),
        "nothing to warn of: {}",
        stderr(&out)
    );
    let image = image::open(&png).expect("a PNG").to_rgba8();
    assert_eq!(image.dimensions(), (800, 600));
    // The HYPOTHETICAL marking's red box, top left, as in the SVG.
    assert_eq!(image.get_pixel(20, 20).0, [0xb0, 0x1c, 0x1c, 255]);
    // A real map, not a blank page: many colours (land, sea, borders, text).
    let colours: std::collections::HashSet<[u8; 4]> = image.pixels().map(|p| p.0).collect();
    assert!(colours.len() > 500, "{} colours", colours.len());

    let pdf = dir.path().join("deck.pdf");
    let out = bin()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .args(["export", "--format", "pdf", "--output"])
        .arg(&pdf)
        .arg(sample_asset())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let plan = plan_file::from_geojson(
        &std::fs::read_to_string(sample_asset()).unwrap(),
        "sample_plan.geojson",
    )
    .unwrap()
    .0;
    assert!(plan.slides.len() >= 5);
    assert_eq!(pdf_pages(&pdf), plan.slides.len(), "a page per slide");
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(size < 5 << 20, "{size} bytes");

    // A plan without slides gives one page: the map.
    let mut bare = plan_file::sample_plan();
    bare.slides.clear();
    let bare_file = dir.path().join("no slides.geojson");
    std::fs::write(&bare_file, plan_file::to_geojson(&bare)).unwrap();
    let pdf = dir.path().join("one.pdf");
    let out = bin()
        .args(["export", "--format", "pdf", "--output"])
        .arg(&pdf)
        .arg(&bare_file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(pdf_pages(&pdf), 1);
}

#[test]
fn slides_as_png_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let slides = dir.path().join("slides");
    let out = bin()
        .args([
            "export", "--format", "png", "--width", "1024", "--height", "600",
        ])
        .arg("--slides")
        .arg(&slides)
        .arg(sample_asset())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let listed: Vec<PathBuf> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(PathBuf::from)
        .collect();
    assert!(listed.len() >= 5, "{listed:?}");
    for path in &listed {
        assert_eq!(path.extension().and_then(|e| e.to_str()), Some("png"));
        let image = image::open(path).expect("a PNG").to_rgba8();
        assert_eq!(image.dimensions(), (1024, 600), "{}", path.display());
    }
    assert!(listed[0].starts_with(&slides));
    // A deck is one file: --slides with pdf is a usage error, and nothing is written.
    let out = bin()
        .args(["export", "--format", "pdf", "--slides"])
        .arg(dir.path().join("pdf-slides"))
        .arg(sample_asset())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--format svg or png"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("pdf-slides").exists());
}
