//! Hubs as KML 2.2 for Google Earth (and GDAL/QGIS): one Folder per kind, a shared
//! Style per kind and status, and each hub's attributes both as readable text and as
//! ExtendedData; then a "Range rings" Folder with each ring as a line on the ground.
//!
//! The document is built from the `kml` crate's types and written by its `KmlWriter`,
//! which escapes all text. Styles, `styleUrl` and `ExtendedData` are written as
//! generic elements so that their children come in the order the KML 2.2 schema
//! requires (the typed writer puts `IconStyle/scale` before `color` and `styleUrl`
//! after the geometry).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;

use kml::types::{Element, Folder, Geometry, Placemark, Point};
use kml::{Kml, KmlDocument, KmlWriter};

use crate::export::geojson::{
    activation_key, contributors_text, hostile_km_rounded, rings_text, round7, warnings_text,
};
use crate::export::source::Records;
use crate::export::{HubRecord, kind_key};
use crate::model::hub::{HubKind, Status};
use crate::model::hub_fields::{self, Formats};
use crate::model::measure::{radius_text, range_ring};

pub mod control;

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
/// Name of the Folder of range rings (GDAL reads it as a layer of that name).
pub const RINGS_FOLDER: &str = "Range rings";
/// Line colour of an active hub's rings, aabbggrr: the active icons' blue.
pub const RING_ACTIVE_COLOR: &str = ACTIVE_COLOR;
/// Line colour of an inactive hub's rings, aabbggrr: grey, more opaque than the icon
/// so a thin line still shows (KML has no dashes to say "planned").
pub const RING_INACTIVE_COLOR: &str = "c0b0b0b0";

/// The date that stands for D+0 in time spans when the plan sets no ceasefire date:
/// Google Earth needs calendar dates, so its time slider then reads "2000-01-31" for
/// D+30 (said in the document's description).
pub const NO_DATE_EPOCH: &str = "2000-01-01";

/// When each hub stands up, for Google Earth's time slider.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KmlTimeline<'a> {
    /// The plan's ceasefire date (D+0), `YYYY-MM-DD`; `None` uses [`NO_DATE_EPOCH`].
    pub ceasefire_date: Option<&'a str>,
}

impl KmlTimeline<'_> {
    /// The `<TimeSpan><begin>` date of a hub: D+0 plus its stand-up delay, every
    /// condition taken as met on D+0; `None` for hubs active `Always`, which have
    /// always stood (Google Earth shows features without time at every time).
    pub fn begin(&self, hub: &crate::model::hub::Hub) -> Option<String> {
        if hub.activation == crate::model::hub::Activation::Always {
            return None;
        }
        let d0 = self
            .ceasefire_date
            .filter(|d| crate::model::timeline::parse_date(d).is_some())
            .unwrap_or(NO_DATE_EPOCH);
        crate::model::timeline::add_days(d0, hub.stand_up_days)
    }

    /// Whether time spans are written at all: when the plan has a ceasefire date or
    /// some hub a stand-up delay (so plans without a timeline export as before).
    fn applies(&self, records: &Records) -> bool {
        self.ceasefire_date.is_some()
            || (0..records.len()).any(|i| records.hub(i).stand_up_days > 0)
    }
}

fn time_span(begin: &str) -> Element {
    parent("TimeSpan", &[], vec![element("begin", begin)])
}

/// Why a KML export failed.
#[derive(Debug, thiserror::Error)]
pub enum KmlExportError {
    /// The KML writer failed.
    #[error("could not write KML: {0}")]
    Write(#[from] kml::Error),
    /// The writer produced bytes that are not UTF-8 (a bug).
    #[error("the KML writer produced invalid UTF-8: {0}")]
    Utf8(#[from] std::string::FromUtf8Error),
    /// The file could not be written.
    #[error("{0}")]
    Io(#[from] std::io::Error),
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

/// The line style of an active or inactive hub's range rings.
fn ring_style(status: Status) -> Kml {
    let (color, width) = match status {
        Status::Active => (RING_ACTIVE_COLOR, "2.5"),
        Status::Inactive => (RING_INACTIVE_COLOR, "1.5"),
    };
    Kml::Element(parent(
        "Style",
        &[("id", &ring_style_id(status))],
        vec![parent(
            "LineStyle",
            &[],
            vec![element("color", color), element("width", width)],
        )],
    ))
}

fn ring_style_id(status: Status) -> String {
    format!("ring-{}", status.as_str())
}

/// A longitude in −180…180 (geodesic circles are unwrapped past the antimeridian so
/// they draw without a seam; KML wants the usual range and Google Earth joins points
/// the short way round).
fn wrap_lon(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

/// The range rings of a hub as Placemarks with a LineString on the ground: the
/// geodesic circle the map draws, closed unless it goes round a pole; hidden (not
/// left out) when the hub's rings are switched off, so Google Earth can show them.
/// Written as generic elements to keep the schema's order (visibility before
/// description, the geometry last).
fn ring_placemarks(record: &HubRecord, begin: Option<&str>) -> Vec<Kml> {
    let hub = record.hub;
    hub.range_rings_km
        .iter()
        .filter_map(|&km| {
            let (mut points, closed) = range_ring(hub.lon, hub.lat, km);
            let first = *points.first()?;
            if closed {
                points.push(first);
            }
            let coordinates = points
                .iter()
                .map(|&(lon, lat)| format!("{},{}", round7(wrap_lon(lon)), round7(lat)))
                .collect::<Vec<_>>()
                .join(" ");
            let mut children = vec![element(
                "name",
                &format!("{} — {}", hub.name, radius_text(km)),
            )];
            if !hub.show_range_rings {
                children.push(element("visibility", "0"));
            }
            children.push(element(
                "description",
                &format!(
                    "HYPOTHETICAL — planning only. Geodesic range ring of {} around {} ({}).",
                    radius_text(km),
                    hub.name,
                    record.status.as_str()
                ),
            ));
            if let Some(begin) = begin {
                children.push(time_span(begin));
            }
            children.push(element(
                "styleUrl",
                &format!("#{}", ring_style_id(record.status)),
            ));
            let data = [
                ("hub_id", hub.id.0.to_string()),
                ("radius_km", km.to_string()),
                ("status", record.status.as_str().to_owned()),
            ]
            .into_iter()
            .map(|(name, value)| parent("Data", &[("name", name)], vec![element("value", &value)]))
            .collect();
            children.push(parent("ExtendedData", &[], data));
            children.push(parent(
                "LineString",
                &[],
                vec![
                    element("tessellate", "1"),
                    element("altitudeMode", "clampToGround"),
                    element("coordinates", &coordinates),
                ],
            ));
            Some(Kml::Element(parent(
                "Placemark",
                &[("id", &format!("ring-{}-{}", hub.id.0, km))],
                children,
            )))
        })
        .collect()
}

/// A hub's `ExtendedData` names, in order: the attributes `model::hub_fields` lists
/// for KML (`status` right after `kind`).
const DATA_NAMES: [&str; hub_fields::count(Formats::KML)] = hub_fields::names(Formats::KML);

fn code_and_name(pair: &Option<(String, String)>) -> (String, String) {
    match pair {
        Some((code, name)) => (code.clone(), format!("{name} ({code})")),
        None => (String::new(), "—".into()),
    }
}

fn placemark(record: &HubRecord, style_id: &str, begin: Option<&str>) -> Kml {
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
    let nearest_line = site.nearest.lines().join("; ");
    let stand_up_text = if hub.activation == crate::model::hub::Activation::Always {
        "always active".to_owned()
    } else {
        format!(
            "{} after its condition is met",
            crate::model::timeline::d_plus(hub.stand_up_days)
        )
    };
    let lines: [(&str, &str); 13] = [
        ("Kind", hub.kind.label()),
        ("Status", &status_text),
        ("Lead nation", &hub.lead_nation),
        ("Contributors", &contributors),
        ("Personnel", &hub.personnel.to_string()),
        ("Activation", hub.activation.label()),
        ("Stands up", &stand_up_text),
        ("Country", &country_text),
        ("Oblast", &oblast_text),
        ("Distance to hostile border", &distance),
        ("Warnings", warnings_line),
        ("Facilities", &nearest_line),
        ("Notes", &hub.notes),
    ];
    let mut description = String::from("<b>HYPOTHETICAL — planning only</b>");
    for (label, value) in lines {
        description.push_str("<br>\n");
        description.push_str(label);
        description.push_str(": ");
        description.push_str(&html(value).replace('\n', "<br>\n"));
    }
    let [
        airfield_icao,
        airfield,
        airfield_km,
        port,
        port_km,
        city,
        city_km,
    ] = crate::export::nearest::NearestProperties::of(site).texts();
    // In DATA_NAMES order; the length is checked when compiling.
    let values: [String; DATA_NAMES.len()] = [
        hub.id.0.to_string(),
        kind_key(&hub.kind),
        status.to_owned(),
        hub.lead_nation.clone(),
        contributors_text(&hub.contributors),
        hub.personnel.to_string(),
        activation_key(hub.activation).to_owned(),
        country,
        oblast,
        km.map_or_else(String::new, |km| format!("{km:.1}")),
        warnings,
        hub.notes.clone(),
        rings_text(&hub.range_rings_km),
        hub.show_range_rings.to_string(),
        hub.stand_up_days.to_string(),
        airfield_icao,
        airfield,
        airfield_km,
        port,
        port_km,
        city,
        city_km,
    ];
    let data: Vec<Element> = DATA_NAMES
        .into_iter()
        .zip(values)
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
        children: begin
            .map(time_span)
            .into_iter()
            .chain([
                element("styleUrl", &format!("#{style_id}")),
                parent("ExtendedData", &[], data),
            ])
            .collect(),
        attrs: HashMap::from([("id".to_owned(), format!("hub-{}", hub.id.0))]),
    })
}

/// Adds line breaks and indentation between tags. Only whitespace between elements
/// that hold no text is added (text is escaped, so `<` only starts tags).
#[cfg(test)]
fn indent(xml: &str) -> String {
    let mut out = Vec::new();
    let mut indenter = Indenter::default();
    // Writing into memory cannot fail.
    let _ = indenter.feed(xml, &mut out);
    let _ = out.write_all(b"\n");
    String::from_utf8(out).unwrap_or_default()
}

/// [`indent`] fed piece by piece (each piece whole tags and text), writing as it goes.
#[derive(Default)]
struct Indenter {
    depth: usize,
    /// The previous token was a start tag.
    after_start: bool,
    /// The previous token was text.
    after_text: bool,
    /// Anything written yet.
    started: bool,
}

impl Indenter {
    fn feed(&mut self, xml: &str, out: &mut dyn Write) -> std::io::Result<()> {
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
                out.write_all(token.as_bytes())?;
                self.after_text = true;
                self.after_start = false;
                continue;
            }
            let closing = token.starts_with("</");
            let self_contained = token.starts_with("<?") || token.ends_with("/>");
            if closing {
                self.depth = self.depth.saturating_sub(1);
            }
            if !(closing && (self.after_start || self.after_text)) && self.started {
                out.write_all(b"\n")?;
                for _ in 0..self.depth {
                    out.write_all(b"  ")?;
                }
            }
            out.write_all(token.as_bytes())?;
            self.started = true;
            if !closing && !self_contained {
                self.depth += 1;
            }
            self.after_start = !closing && !self_contained;
            self.after_text = false;
        }
        Ok(())
    }
}

/// One element written by the `kml` crate's writer (which escapes all text).
fn kml_text(kml: &Kml) -> Result<String, KmlExportError> {
    let mut buf = Vec::new();
    KmlWriter::<_, f64>::from_writer(&mut buf).write(kml)?;
    Ok(String::from_utf8(buf)?)
}

/// A container element's start: its XML up to where its children would go.
fn opening(kml: &Kml, closing_tag: &str) -> Result<String, KmlExportError> {
    let mut text = kml_text(kml)?;
    if let Some(at) = text.rfind(closing_tag) {
        text.truncate(at);
    }
    Ok(text)
}

/// The hubs as a KML 2.2 document named `title`, marked HYPOTHETICAL — PLANNING ONLY:
/// a `Style` per kind and status used (id `"<kind>-active"` / `"<kind>-inactive"`, e.g.
/// `"military_hub-active"`; custom kinds get `"custom-<name>"`), one `Folder` per kind
/// (named by the kind's label, built-in kinds first) with a `Placemark` per hub: name,
/// a readable description, `styleUrl`, `ExtendedData` (id, kind, status, lead_nation,
/// contributors, personnel, activation, country, oblast, hostile_border_km, warnings,
/// notes, range_rings_km as "50;300", show_range_rings) and the Point. Hubs with range
/// rings add a last Folder, [`RINGS_FOLDER`], with one clamped, tessellated LineString
/// per ring (style `"ring-active"` / `"ring-inactive"`; hidden if the hub's rings are
/// switched off).
pub fn hubs_kml(records: &[HubRecord], title: &str) -> Result<String, KmlExportError> {
    hubs_kml_timed(records, title, KmlTimeline::default(), &[])
}

/// [`hubs_kml`] with the deployment timeline and the plan's control features.
///
/// When the plan has a timeline (a ceasefire date or stand-up delays), each hub and its
/// rings carry `<TimeSpan><begin>` on the date it stands up ([`KmlTimeline::begin`]),
/// so Google Earth's time slider plays the deployment; `ExtendedData` also carries
/// `stand_up_days`. Control features go in a last Folder, [`control::CONTROL_FOLDER`]:
/// styled polygons and lines named with their as-of dates.
pub fn hubs_kml_timed(
    records: &[HubRecord],
    title: &str,
    timeline: KmlTimeline,
    control_features: &[&crate::model::control::ControlFeature],
) -> Result<String, KmlExportError> {
    let mut out = Vec::new();
    write_hubs_kml(
        &Records::Ready(records),
        title,
        timeline,
        control_features,
        &mut out,
    )?;
    Ok(String::from_utf8(out)?)
}

/// [`hubs_kml`] with the plan's control features and no timeline.
pub fn hubs_kml_with_control(
    records: &[HubRecord],
    title: &str,
    control_features: &[&crate::model::control::ControlFeature],
) -> Result<String, KmlExportError> {
    hubs_kml_timed(records, title, KmlTimeline::default(), control_features)
}

/// [`hubs_kml_timed`] written as it goes: the document's start and styles, then one
/// placemark at a time, so memory does not grow with the number of hubs.
pub fn write_hubs_kml(
    records: &Records,
    title: &str,
    timeline: KmlTimeline,
    control_features: &[&crate::model::control::ControlFeature],
    w: &mut dyn Write,
) -> Result<(), KmlExportError> {
    let timed = timeline.applies(records);
    let begin = |record: &HubRecord| timed.then(|| timeline.begin(record.hub)).flatten();
    // Indices only: the records themselves (with their sites) come one folder at a time.
    let mut by_kind: BTreeMap<&HubKind, Vec<usize>> = BTreeMap::new();
    for i in 0..records.len() {
        by_kind.entry(&records.hub(i).kind).or_default().push(i);
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
            &format!(
                "HYPOTHETICAL — PLANNING ONLY. Hubs of a coalition-map plan: \
                 illustrative planning material, not real deployments.{}",
                match (timed, timeline.ceasefire_date) {
                    (false, _) => String::new(),
                    (true, Some(date)) => format!(
                        " Time spans: each hub begins on the day it stands up, counted \
                         from the hypothetical ceasefire date {date} (D+0)."
                    ),
                    (true, None) => format!(
                        " Time spans: the plan sets no ceasefire date, so {NO_DATE_EPOCH} \
                         stands for D+0 and each hub begins D+N days later, when it \
                         stands up."
                    ),
                }
            ),
        )),
    ];
    for (kind, kind_records) in &by_kind {
        for status in [Status::Active, Status::Inactive] {
            if kind_records.iter().any(|&i| records.status(i) == status) {
                let base = bases.get(kind).map_or("hub", String::as_str);
                elements.push(style(&format!("{base}-{}", status.as_str()), status));
            }
        }
    }
    let ringed: Vec<usize> = (0..records.len())
        .filter(|&i| !records.hub(i).range_rings_km.is_empty())
        .collect();
    for status in [Status::Active, Status::Inactive] {
        if ringed.iter().any(|&i| records.status(i) == status) {
            elements.push(ring_style(status));
        }
    }
    // Styles come before the Folders (KML 2.2 schema order).
    elements.extend(control::styles(control_features));
    // The document with its name, description and styles, left open for the folders.
    let doc: Kml = Kml::KmlDocument(KmlDocument {
        attrs: HashMap::from([("xmlns".to_owned(), KML_NAMESPACE.to_owned())]),
        elements: vec![Kml::Document {
            attrs: HashMap::new(),
            elements,
        }],
        ..Default::default()
    });
    let mut indenter = Indenter::default();
    indenter.feed("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", w)?;
    indenter.feed(&opening(&doc, "</Document>")?, w)?;
    let folder = |name: &str| -> Result<String, KmlExportError> {
        opening(
            &Kml::Folder(Folder {
                name: Some(name.to_owned()),
                elements: vec![Kml::Element(element("x", ""))],
                ..Default::default()
            }),
            "<x",
        )
    };
    for (kind, kind_records) in &by_kind {
        indenter.feed(&folder(&xml_text(kind.label()))?, w)?;
        records.visit(kind_records.iter().copied(), |r| {
            indenter.feed(
                &kml_text(&placemark(r, &style_id(r), begin(r).as_deref()))?,
                w,
            )?;
            Ok::<_, KmlExportError>(())
        })?;
        indenter.feed("</Folder>", w)?;
    }
    if !ringed.is_empty() {
        indenter.feed(&folder(RINGS_FOLDER)?, w)?;
        records.visit(ringed.iter().copied(), |r| {
            for ring in ring_placemarks(r, begin(r).as_deref()) {
                indenter.feed(&kml_text(&ring)?, w)?;
            }
            Ok::<_, KmlExportError>(())
        })?;
        indenter.feed("</Folder>", w)?;
    }
    if let Some(folder) = control::folder(control_features) {
        indenter.feed(&kml_text(&folder)?, w)?;
    }
    indenter.feed("</Document></kml>", w)?;
    w.write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
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
}
