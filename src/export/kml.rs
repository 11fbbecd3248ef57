//! Hubs as KML 2.2 for Google Earth (and GDAL/QGIS): one Folder per kind, a shared
//! Style per kind and status, and each hub's attributes both as readable text and as
//! ExtendedData.
//!
//! The document is built from the `kml` crate's types and written by its `KmlWriter`,
//! which escapes all text. Styles, `styleUrl` and `ExtendedData` are written as
//! generic elements so that their children come in the order the KML 2.2 schema
//! requires (the typed writer puts `IconStyle/scale` before `color` and `styleUrl`
//! after the geometry).

use std::collections::{BTreeMap, HashMap, HashSet};

use kml::types::{Element, Folder, Geometry, Placemark, Point};
use kml::{Kml, KmlDocument, KmlWriter};

use crate::export::geojson::{
    activation_key, contributors_text, hostile_km_rounded, round7, warnings_text,
};
use crate::export::{HubRecord, kind_key};
use crate::model::hub::{HubKind, Status};

/// The KML 2.2 namespace.
pub const KML_NAMESPACE: &str = "http://www.opengis.net/kml/2.2";
/// Icon colour of active hubs, aabbggrr: opaque friendly blue (#80D4FF).
pub const ACTIVE_COLOR: &str = "ffffd480";
/// Icon colour of inactive (planned) hubs, aabbggrr: semi-transparent grey.
pub const INACTIVE_COLOR: &str = "80b0b0b0";
/// Google Earth's square placemark icon, used for active hubs (only a URL; nothing is
/// fetched when exporting).
pub const ACTIVE_ICON: &str = "http://maps.google.com/mapfiles/kml/shapes/placemark_square.png";
/// Google Earth's round placemark icon, used for inactive hubs.
pub const INACTIVE_ICON: &str = "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png";

/// Why a KML export failed.
#[derive(Debug, thiserror::Error)]
pub enum KmlExportError {
    /// The KML writer failed.
    #[error("could not write KML: {0}")]
    Write(#[from] kml::Error),
    /// The writer produced bytes that are not UTF-8 (a bug).
    #[error("the KML writer produced invalid UTF-8: {0}")]
    Utf8(#[from] std::string::FromUtf8Error),
}

/// Drops characters XML 1.0 cannot carry at all (control characters other than tab
/// and line breaks); the writer escapes everything else.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
        })
        .collect()
}

/// Escapes text for HTML inside a description.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn element(name: &str, content: &str) -> Element {
    Element {
        name: name.into(),
        content: Some(xml_text(content)),
        ..Default::default()
    }
}

fn parent(name: &str, attrs: &[(&str, &str)], children: Vec<Element>) -> Element {
    Element {
        name: name.into(),
        attrs: attrs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), xml_text(v)))
            .collect(),
        content: None,
        children,
    }
}

/// Style ids: one per kind, made of safe characters ("military_hub",
/// "custom-field_hospital"), unique even if two custom names look alike.
fn style_bases<'a>(kinds: impl Iterator<Item = &'a HubKind>) -> HashMap<&'a HubKind, String> {
    let mut bases: HashMap<&HubKind, String> = HashMap::new();
    let mut used = HashSet::new();
    for kind in kinds {
        if bases.contains_key(kind) {
            continue;
        }
        let base = match kind {
            HubKind::Custom(name) => {
                let slug: String = name
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_lowercase()
                        } else {
                            '_'
                        }
                    })
                    .collect();
                format!("custom-{slug}")
            }
            k => kind_key(k),
        };
        let mut unique = base.clone();
        let mut n = 2;
        while used.contains(&unique) {
            unique = format!("{base}-{n}");
            n += 1;
        }
        used.insert(unique.clone());
        bases.insert(kind, unique);
    }
    bases
}

fn style(id: &str, status: Status) -> Kml {
    let (color, icon, scale, label_color) = match status {
        Status::Active => (ACTIVE_COLOR, ACTIVE_ICON, "1.1", "ffffffff"),
        Status::Inactive => (INACTIVE_COLOR, INACTIVE_ICON, "0.9", "c0d0d0d0"),
    };
    Kml::Element(parent(
        "Style",
        &[("id", id)],
        vec![
            parent(
                "IconStyle",
                &[],
                vec![
                    element("color", color),
                    element("scale", scale),
                    parent("Icon", &[], vec![element("href", icon)]),
                ],
            ),
            parent(
                "LabelStyle",
                &[],
                vec![element("color", label_color), element("scale", "0.9")],
            ),
        ],
    ))
}

fn code_and_name(pair: &Option<(String, String)>) -> (String, String) {
    match pair {
        Some((code, name)) => (code.clone(), format!("{name} ({code})")),
        None => (String::new(), "—".into()),
    }
}

fn placemark(record: &HubRecord, style_id: &str) -> Kml {
    let hub = record.hub;
    let site = record.site;
    let status = record.status.as_str();
    let (country, country_text) = code_and_name(&site.country);
    let (oblast, oblast_text) = code_and_name(&site.oblast);
    let km = hostile_km_rounded(site);
    let warnings = warnings_text(site);
    let contributors = if hub.contributors.is_empty() {
        "—".to_owned()
    } else {
        hub.contributors.join(", ")
    };
    let status_text = match record.status {
        Status::Active => "active".to_owned(),
        Status::Inactive => format!("inactive (waiting for {})", hub.activation.waiting_for()),
    };
    let warnings_line = if warnings.is_empty() {
        "none"
    } else {
        &warnings
    };
    let distance = km.map_or_else(|| "unknown".to_owned(), |km| format!("{km:.1} km"));
    // Google Earth renders descriptions as HTML: values are HTML-escaped here (and the
    // whole text XML-escaped by the writer), lines end in <br> plus a line break.
    let lines: [(&str, &str); 11] = [
        ("Kind", hub.kind.label()),
        ("Status", &status_text),
        ("Lead nation", &hub.lead_nation),
        ("Contributors", &contributors),
        ("Personnel", &hub.personnel.to_string()),
        ("Activation", hub.activation.label()),
        ("Country", &country_text),
        ("Oblast", &oblast_text),
        ("Distance to hostile border", &distance),
        ("Warnings", warnings_line),
        ("Notes", &hub.notes),
    ];
    let mut description = String::from("<b>HYPOTHETICAL — planning only</b>");
    for (label, value) in lines {
        description.push_str("<br>\n");
        description.push_str(label);
        description.push_str(": ");
        description.push_str(&html(value).replace('\n', "<br>\n"));
    }
    let data: Vec<Element> = [
        ("id", hub.id.0.to_string()),
        ("kind", kind_key(&hub.kind)),
        ("status", status.to_owned()),
        ("lead_nation", hub.lead_nation.clone()),
        ("contributors", contributors_text(&hub.contributors)),
        ("personnel", hub.personnel.to_string()),
        ("activation", activation_key(hub.activation).to_owned()),
        ("country", country),
        ("oblast", oblast),
        (
            "hostile_border_km",
            km.map_or_else(String::new, |km| format!("{km:.1}")),
        ),
        ("warnings", warnings),
        ("notes", hub.notes.clone()),
    ]
    .into_iter()
    .map(|(name, value)| parent("Data", &[("name", name)], vec![element("value", &value)]))
    .collect();
    Kml::Placemark(Placemark {
        name: Some(xml_text(&hub.name)),
        description: Some(xml_text(&description)),
        geometry: Some(Geometry::Point(Point::new(
            round7(hub.lon),
            round7(hub.lat),
            None,
        ))),
        // Written as children so they precede the Point, as the schema requires.
        style_url: None,
        children: vec![
            element("styleUrl", &format!("#{style_id}")),
            parent("ExtendedData", &[], data),
        ],
        attrs: HashMap::from([("id".to_owned(), format!("hub-{}", hub.id.0))]),
    })
}

/// Adds line breaks and indentation between tags. Only whitespace between elements
/// that hold no text is added (text is escaped, so `<` only starts tags).
fn indent(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() * 5 / 4);
    let mut depth = 0usize;
    let mut after_start = false; // the previous token was a start tag
    let mut after_text = false; // the previous token was text
    let mut rest = xml;
    while !rest.is_empty() {
        let (token, tail) = if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            rest.split_at(end)
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            rest.split_at(end)
        };
        rest = tail;
        if !token.starts_with('<') {
            out.push_str(token);
            after_text = true;
            after_start = false;
            continue;
        }
        let closing = token.starts_with("</");
        let self_contained = token.starts_with("<?") || token.ends_with("/>");
        if closing {
            depth = depth.saturating_sub(1);
        }
        if !(closing && (after_start || after_text)) && !out.is_empty() {
            out.push('\n');
            out.push_str(&"  ".repeat(depth));
        }
        out.push_str(token);
        if !closing && !self_contained {
            depth += 1;
        }
        after_start = !closing && !self_contained;
        after_text = false;
    }
    out.push('\n');
    out
}

/// The hubs as a KML 2.2 document named `title`, marked HYPOTHETICAL — PLANNING ONLY:
/// a `Style` per kind and status used (id `"<kind>-active"` / `"<kind>-inactive"`, e.g.
/// `"military_hub-active"`; custom kinds get `"custom-<name>"`), one `Folder` per kind
/// (named by the kind's label, built-in kinds first) with a `Placemark` per hub: name,
/// a readable description, `styleUrl`, `ExtendedData` (id, kind, status, lead_nation,
/// contributors, personnel, activation, country, oblast, hostile_border_km, warnings,
/// notes) and the Point.
pub fn hubs_kml(records: &[HubRecord], title: &str) -> Result<String, KmlExportError> {
    let mut by_kind: BTreeMap<&HubKind, Vec<&HubRecord>> = BTreeMap::new();
    for record in records {
        by_kind.entry(&record.hub.kind).or_default().push(record);
    }
    let bases = style_bases(by_kind.keys().copied());
    let style_id = |record: &HubRecord| {
        let base = bases.get(&record.hub.kind).map_or("hub", String::as_str);
        format!("{base}-{}", record.status.as_str())
    };

    let mut elements = vec![
        Kml::Element(element("name", title)),
        Kml::Element(element(
            "description",
            "HYPOTHETICAL — PLANNING ONLY. Hubs of a coalition-map plan: \
             illustrative planning material, not real deployments.",
        )),
    ];
    for (kind, kind_records) in &by_kind {
        for status in [Status::Active, Status::Inactive] {
            if kind_records.iter().any(|r| r.status == status) {
                let base = bases.get(kind).map_or("hub", String::as_str);
                elements.push(style(&format!("{base}-{}", status.as_str()), status));
            }
        }
    }
    for (kind, kind_records) in &by_kind {
        elements.push(Kml::Folder(Folder {
            name: Some(xml_text(kind.label())),
            elements: kind_records
                .iter()
                .map(|r| placemark(r, &style_id(r)))
                .collect(),
            ..Default::default()
        }));
    }
    let doc: Kml = Kml::KmlDocument(KmlDocument {
        attrs: HashMap::from([("xmlns".to_owned(), KML_NAMESPACE.to_owned())]),
        elements: vec![Kml::Document {
            attrs: HashMap::new(),
            elements,
        }],
        ..Default::default()
    });

    let mut buf = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>".to_vec();
    KmlWriter::<_, f64>::from_writer(&mut buf).write(&doc)?;
    Ok(indent(&String::from_utf8(buf)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::geojson::tests::{test_plan, test_sites};
    use crate::export::records;

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
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">"));
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
                "monitoring_post-inactive"
            ]
        );
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
                "Field hospital"
            ]
        );
        let placemarks: Vec<&Placemark> = folders
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
        assert_eq!(
            d.keys().map(String::as_str).collect::<Vec<_>>().len(),
            12,
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
    fn indenting_keeps_text_and_empty_elements() {
        assert_eq!(
            indent("<a><b>x &amp; y</b><c></c><d><e>1</e></d></a>"),
            "<a>\n  <b>x &amp; y</b>\n  <c></c>\n  <d>\n    <e>1</e>\n  </d>\n</a>\n"
        );
    }
}
