//! Control features in the KML export: a "Control (dated)" Folder with one styled
//! Placemark per area (PolyStyle and LineStyle) or line (LineStyle), named with its
//! as-of date, its source in the description and ExtendedData.

use kml::Kml;
use kml::types::{Element, Folder};

use super::{element, parent, xml_text};
use crate::export::geojson::round7;
use crate::model::control::{ControlFeature, ControlGeometry, ControlKind};

/// Name of the Folder holding control features.
pub const CONTROL_FOLDER: &str = "Control (dated)";

/// Style id of a control kind: "control-occupied", "control-contact_line"…
pub fn style_id(kind: ControlKind) -> String {
    format!("control-{}", kind.key())
}

/// Line and fill colours (aabbggrr) and line width of a kind, as `map::control_style`.
fn colors(kind: ControlKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        ControlKind::Occupied => ("ff1c1c9b", "401c1c9b", "1.5"),
        ControlKind::ContactLine => ("ff0000b0", "00000000", "3"),
        ControlKind::CeasefireLine => ("ffbf5f1f", "00000000", "3"),
        ControlKind::Other => ("ff934c6a", "30934c6a", "2"),
    }
}

/// Styles for the kinds used.
pub fn styles(features: &[&ControlFeature]) -> Vec<Kml> {
    ControlKind::ALL
        .into_iter()
        .filter(|k| features.iter().any(|f| f.kind == *k))
        .map(|kind| {
            let (line, fill, width) = colors(kind);
            Kml::Element(parent(
                "Style",
                &[("id", &style_id(kind))],
                vec![
                    parent(
                        "LineStyle",
                        &[],
                        vec![element("color", line), element("width", width)],
                    ),
                    parent(
                        "PolyStyle",
                        &[],
                        vec![element("color", fill), element("outline", "1")],
                    ),
                ],
            ))
        })
        .collect()
}

fn coordinates(ls: &geo::LineString<f64>) -> Element {
    element(
        "coordinates",
        &ls.0
            .iter()
            .map(|c| format!("{},{}", round7(c.x), round7(c.y)))
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn geometry(g: &ControlGeometry) -> Element {
    let mut parts: Vec<Element> = match g {
        ControlGeometry::Area(mp) => {
            mp.0.iter()
                .map(|p| {
                    let ring = |name: &str, r: &geo::LineString<f64>| {
                        parent(
                            name,
                            &[],
                            vec![parent("LinearRing", &[], vec![coordinates(r)])],
                        )
                    };
                    let mut children = vec![
                        element("tessellate", "1"),
                        ring("outerBoundaryIs", p.exterior()),
                    ];
                    children.extend(p.interiors().iter().map(|r| ring("innerBoundaryIs", r)));
                    parent("Polygon", &[], children)
                })
                .collect()
        }
        ControlGeometry::Line(ml) => {
            ml.0.iter()
                .map(|l| {
                    parent(
                        "LineString",
                        &[],
                        vec![element("tessellate", "1"), coordinates(l)],
                    )
                })
                .collect()
        }
    };
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        parent("MultiGeometry", &[], parts)
    }
}

/// The Folder of control features (none when there are none).
pub fn folder(features: &[&ControlFeature]) -> Option<Kml> {
    if features.is_empty() {
        return None;
    }
    let placemarks = features
        .iter()
        .map(|f| {
            let data = [
                ("kind", f.kind.key().to_owned()),
                ("as_of", f.as_of.to_string()),
                ("source", f.source.clone()),
            ]
            .into_iter()
            .map(|(name, value)| parent("Data", &[("name", name)], vec![element("value", &value)]))
            .collect();
            Kml::Element(parent(
                "Placemark",
                &[],
                vec![
                    element("name", &format!("{}, as of {}", f.name, f.as_of)),
                    element(
                        "description",
                        &xml_text(&format!(
                            "{}, as of {}. Source: {}.",
                            f.kind.label(),
                            f.as_of,
                            f.source
                        )),
                    ),
                    element("styleUrl", &format!("#{}", style_id(f.kind))),
                    parent("ExtendedData", &[], data),
                    geometry(&f.geometry),
                ],
            ))
        })
        .collect();
    Some(Kml::Folder(Folder {
        name: Some(CONTROL_FOLDER.to_owned()),
        elements: placemarks,
        ..Default::default()
    }))
}
