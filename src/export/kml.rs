//! Hubs as KML 2.2 for Google Earth (and GDAL/QGIS): one Folder per kind, a shared
//! Style per kind and status, and each hub's attributes both as readable text and as
//! ExtendedData; then a "Range rings" Folder with each ring as a line on the ground.
//!
//! The document is built from the `kml` crate's types and written by its `KmlWriter`,
//! which escapes all text. Styles, `styleUrl` and `ExtendedData` are written as
//! generic elements so that their children come in the order the KML 2.2 schema
//! requires (the typed writer puts `IconStyle/scale` before `color` and `styleUrl`
//! after the geometry).

use std::collections::{BTreeMap, HashMap};
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
mod style;

use style::{ring_style, ring_style_id, style, style_bases};

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
mod tests;
