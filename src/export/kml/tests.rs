use super::*;
use crate::export::geojson::tests::{test_plan, test_sites};
use crate::export::records;
use crate::model::measure::segments_for;

fn text_of(children: &[Element], name: &str) -> Option<String> {
    children
        .iter()
        .find(|e| e.name == name)
        .and_then(|e| e.content.clone())
}

fn data(placemark: &Placemark) -> BTreeMap<String, String> {
    let ext = placemark
        .children
        .iter()
        .find(|e| e.name == "ExtendedData")
        .expect("ExtendedData");
    ext.children
        .iter()
        .map(|d| {
            assert_eq!(d.name, "Data");
            (
                d.attrs["name"].clone(),
                text_of(&d.children, "value").unwrap_or_default(),
            )
        })
        .collect()
}

fn export() -> String {
    let plan = test_plan();
    let sites = test_sites(&plan);
    hubs_kml(
        &records(&plan, &sites),
        "Test plan & <friends> — HYPOTHETICAL",
    )
    .unwrap()
}

#[test]
fn kml_round_trips_through_the_kml_reader() {
    let text = export();
    assert!(text.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">"
    ));
    assert!(text.contains("Rzeszów &amp; &lt;test&gt;"), "escaped");
    let Kml::KmlDocument(root) = text.parse::<Kml>().unwrap() else {
        panic!("not a kml root")
    };
    assert_eq!(root.version, kml::KmlVersion::V22);
    let [Kml::Document { elements, .. }] = root.elements.as_slice() else {
        panic!("one Document expected: {:?}", root.elements)
    };
    let generic: Vec<Element> = elements
        .iter()
        .filter_map(|e| match e {
            Kml::Element(e) => Some(e.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        text_of(&generic, "name").as_deref(),
        Some("Test plan & <friends> — HYPOTHETICAL")
    );
    assert!(
        text_of(&generic, "description")
            .unwrap()
            .contains("HYPOTHETICAL — PLANNING ONLY")
    );

    let styles: BTreeMap<String, kml::types::Style> = elements
        .iter()
        .filter_map(|e| match e {
            Kml::Style(s) => Some((s.id.clone().unwrap(), s.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        styles.keys().map(String::as_str).collect::<Vec<_>>(),
        vec![
            "custom-field_hospital-active",
            "force_hq-inactive",
            "monitoring_post-inactive",
            "ring-inactive"
        ]
    );
    let ring_line = styles["ring-inactive"].line.as_ref().unwrap();
    assert_eq!(ring_line.color, RING_INACTIVE_COLOR);
    assert_eq!(ring_line.width, 1.5);
    let active = styles["custom-field_hospital-active"]
        .icon
        .as_ref()
        .unwrap();
    assert_eq!(active.color, ACTIVE_COLOR);
    assert_eq!(active.icon.href, ACTIVE_ICON);
    let inactive = styles["force_hq-inactive"].icon.as_ref().unwrap();
    assert_eq!(inactive.color, INACTIVE_COLOR);
    assert_eq!(inactive.icon.href, INACTIVE_ICON);
    assert!(styles["force_hq-inactive"].label.is_some());

    let folders: Vec<&Folder> = elements
        .iter()
        .filter_map(|e| match e {
            Kml::Folder(f) => Some(f),
            _ => None,
        })
        .collect();
    let names: Vec<&str> = folders.iter().filter_map(|f| f.name.as_deref()).collect();
    assert_eq!(
        names,
        vec![
            "Multinational force HQ / coordination",
            "Ceasefire monitoring post",
            "Field hospital",
            RINGS_FOLDER
        ]
    );
    let (ring_folder, hub_folders) = folders.split_last().unwrap();
    let placemarks: Vec<&Placemark> = hub_folders
        .iter()
        .flat_map(|f| &f.elements)
        .filter_map(|e| match e {
            Kml::Placemark(p) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(placemarks.len(), 3);
    for p in &placemarks {
        let url = p.style_url.as_deref().unwrap();
        assert!(styles.contains_key(&url[1..]), "{url} references a style");
        assert!(matches!(p.geometry, Some(Geometry::Point(_))));
    }

    let kyiv = placemarks[0];
    assert_eq!(kyiv.name.as_deref(), Some("Kyiv coordination HQ"));
    assert_eq!(kyiv.style_url.as_deref(), Some("#force_hq-inactive"));
    let Some(Geometry::Point(point)) = &kyiv.geometry else {
        unreachable!()
    };
    assert_eq!((point.coord.x, point.coord.y), (30.5234, 50.4501));
    let d = data(kyiv);
    assert_eq!(d["id"], "1");
    assert_eq!(d["kind"], "force_hq");
    assert_eq!(d["status"], "inactive");
    assert_eq!(d["country"], "UKR");
    assert_eq!(d["oblast"], "UA-30");
    assert_eq!(d["contributors"], "GBR;CAN");
    assert_eq!(d["personnel"], "400");
    assert_eq!(d["warnings"], "");
    assert_eq!(d["range_rings_km"], "50;300");
    assert_eq!(d["show_range_rings"], "true");
    assert_eq!(d["nearest_airfield_icao"], "UKKK");
    assert_eq!(d["nearest_city"], "Kyiv");
    assert_eq!(d["stand_up_days"], "0");
    assert_eq!(
        d.keys().map(String::as_str).collect::<Vec<_>>().len(),
        22,
        "{d:?}"
    );
    let desc = kyiv.description.as_deref().unwrap();
    for line in [
        "Kind: Multinational force HQ / coordination",
        "Status: inactive (waiting for a ceasefire)",
        "Lead nation: FRA",
        "Contributors: GBR, CAN",
        "Personnel: 400",
        "Activation: Ceasefire in effect",
        "Country: Ukraine (UKR)",
        "Oblast: Kyiv (city) (UA-30)",
        "Distance to hostile border: ",
        "Warnings: none",
        "Notes: HQ",
        "<b>HYPOTHETICAL — planning only</b><br>\n",
    ] {
        assert!(desc.contains(line), "{line:?} in {desc}");
    }

    // Kyiv's two rings, then Kharkiv's one (hidden: its rings are switched off).
    let rings: Vec<&Placemark> = ring_folder
        .elements
        .iter()
        .filter_map(|e| match e {
            Kml::Placemark(p) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(rings.len(), 3);
    let names: Vec<&str> = rings.iter().filter_map(|p| p.name.as_deref()).collect();
    assert_eq!(
        names,
        [
            "Kyiv coordination HQ — 50 km",
            "Kyiv coordination HQ — 300 km",
            "Kharkiv post — 12.5 km"
        ]
    );
    for (ring, km, shown) in [
        (rings[0], 50.0, true),
        (rings[1], 300.0, true),
        (rings[2], 12.5, false),
    ] {
        assert_eq!(ring.style_url.as_deref(), Some("#ring-inactive"));
        let Some(Geometry::LineString(line)) = &ring.geometry else {
            panic!("a LineString: {ring:?}")
        };
        assert!(line.tessellate);
        assert_eq!(line.altitude_mode, kml::types::AltitudeMode::ClampToGround);
        // The geodesic circle, closed: its first point repeated.
        assert_eq!(line.coords.len(), segments_for(km) + 1);
        assert_eq!(line.coords.first(), line.coords.last());
        let hidden = ring
            .children
            .iter()
            .any(|e| e.name == "visibility" && e.content.as_deref() == Some("0"));
        assert_eq!(hidden, !shown, "{:?}", ring.name);
        let d = data(ring);
        assert_eq!(d["radius_km"], km.to_string());
        assert_eq!(d["status"], "inactive");
    }
    // The first point is due north of the hub, `km` away.
    let Some(Geometry::LineString(line)) = &rings[1].geometry else {
        unreachable!()
    };
    let north = line.coords[0];
    assert!((north.x - 30.5234).abs() < 1e-6, "{north:?}");
    assert!(
        (north.y - (50.4501 + 300.0 / 111.2)).abs() < 0.05,
        "{north:?}"
    );

    let odd = placemarks[2];
    assert_eq!(
        odd.name.as_deref(),
        Some("Rzeszów & <test> \"quoted\", comma")
    );
    let d = data(odd);
    assert_eq!(d["status"], "active");
    assert_eq!(d["kind"], "Field hospital");
    assert_eq!(d["country"], "POL");
    assert_eq!(d["oblast"], "");
    assert_eq!(d["notes"], "Line one, \"two\"\nLine ü three; <b>&amp;</b>");
    assert_eq!(d["warnings"], "outside Ukraine (in Poland)");
    let desc = odd.description.as_deref().unwrap();
    assert!(desc.contains("Warnings: outside Ukraine (in Poland)"));
    assert!(
        desc.contains(
            "Notes: Line one, &quot;two&quot;<br>\nLine ü three; &lt;b&gt;&amp;amp;&lt;/b&gt;"
        ),
        "notes are HTML-escaped: {desc}"
    );
}

#[test]
fn children_follow_the_schema_order() {
    let text = export();
    let pos = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle}"));
    // Placemark: name, description, styleUrl, ExtendedData, Point.
    assert!(pos("<name>Kyiv") < pos("<styleUrl>#force_hq"));
    assert!(pos("<styleUrl>#force_hq") < pos("<ExtendedData>"));
    assert!(pos("<ExtendedData>") < pos("<Point>"));
    // IconStyle: color, scale, Icon.
    let icon = &text[pos("<IconStyle>")..];
    assert!(icon.find("<color>") < icon.find("<scale>"));
    assert!(icon.find("<scale>") < icon.find("<Icon>"));
    assert!(text.contains("<Style id=\"force_hq-inactive\">"));
    assert!(text.lines().count() > 100, "indented, one tag a line");
    // A ring: name, visibility, description, styleUrl, ExtendedData, LineString
    // with tessellate and altitudeMode before its coordinates.
    let ring = &text[pos("<Placemark id=\"ring-3-12.5\">")..];
    let ring = &ring[..ring.find("</Placemark>").unwrap()];
    let order = [
        "<name>Kharkiv post — 12.5 km</name>",
        "<visibility>0</visibility>",
        "<description>",
        "<styleUrl>#ring-inactive</styleUrl>",
        "<ExtendedData>",
        "<LineString>",
        "<tessellate>1</tessellate>",
        "<altitudeMode>clampToGround</altitudeMode>",
        "<coordinates>",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|t| ring.find(t).unwrap_or_else(|| panic!("{t} in {ring}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{ring}");
}

#[test]
fn control_characters_and_look_alike_custom_kinds() {
    let mut plan = test_plan();
    plan.hubs[0].name = "Bell\u{7} hub".into();
    plan.hubs[2].kind = HubKind::Custom("field-hospital".into());
    let sites = test_sites(&plan);
    let text = hubs_kml(&records(&plan, &sites), "t").unwrap();
    let Kml::KmlDocument(_) = text.parse::<Kml>().unwrap() else {
        panic!()
    };
    assert!(text.contains("<name>Bell hub</name>"));
    assert!(text.contains("\"custom-field_hospital-active\""));
    assert!(text.contains("\"custom-field_hospital-2-inactive\""));
}

#[test]
fn rings_are_closed_unless_round_a_pole_and_wrap_the_antimeridian() {
    let mut plan = test_plan();
    plan.hubs.truncate(1);
    plan.hubs[0].lon = 179.5;
    plan.hubs[0].lat = 60.0;
    plan.hubs[0].range_rings_km = vec![200.0];
    let mut polar = plan.hubs[0].clone();
    polar.lon = 30.0;
    polar.lat = 80.0;
    polar.range_rings_km = vec![1500.0];
    plan.insert_hub(polar);
    plan.ceasefire.set_in_effect(true);
    let sites = test_sites(&plan);
    let text = hubs_kml(&records(&plan, &sites), "t").unwrap();
    assert!(text.contains("<Style id=\"ring-active\">"));
    assert!(!text.contains("ring-inactive"));
    let Kml::KmlDocument(root) = text.parse::<Kml>().unwrap() else {
        panic!()
    };
    let [Kml::Document { elements, .. }] = root.elements.as_slice() else {
        panic!()
    };
    let lines: Vec<kml::types::LineString> = elements
        .iter()
        .filter_map(|e| match e {
            Kml::Folder(f) if f.name.as_deref() == Some(RINGS_FOLDER) => Some(&f.elements),
            _ => None,
        })
        .flatten()
        .filter_map(|e| match e {
            Kml::Placemark(p) => match &p.geometry {
                Some(Geometry::LineString(l)) => Some(l.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(lines.len(), 2);
    let (dateline, pole) = (&lines[0], &lines[1]);
    assert!(
        dateline
            .coords
            .iter()
            .all(|c| (-180.0..=180.0).contains(&c.x))
    );
    assert!(
        dateline.coords.iter().any(|c| c.x < 0.0),
        "crosses the antimeridian"
    );
    assert_eq!(dateline.coords.first(), dateline.coords.last());
    assert_ne!(
        pole.coords.first(),
        pole.coords.last(),
        "not joined across the pole"
    );
    assert_eq!(pole.coords.len(), segments_for(1500.0));
}

#[test]
fn indenting_keeps_text_and_empty_elements() {
    assert_eq!(
        indent("<a><b>x &amp; y</b><c></c><d><e>1</e></d></a>"),
        "<a>\n  <b>x &amp; y</b>\n  <c></c>\n  <d>\n    <e>1</e>\n  </d>\n</a>\n"
    );
}
