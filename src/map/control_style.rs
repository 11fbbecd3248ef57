//! How the control layers look, in one place for the screen and the SVG export:
//! colours, line widths, and the legend rows with their dates and sources.

use ecolor::Color32;

use crate::map::style::Line;
use crate::model::control::{ControlFeature, ControlKind, ControlSettings, REFERENCE_TITLE};
use crate::model::site::km_text;
use crate::model::slide::Layers;

/// Colours of the control layers for one theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ControlColors {
    /// Fill of an occupied area (translucent).
    pub area_fill: Color32,
    /// Outline of an occupied area and its hatching.
    pub area_edge: Color32,
    /// Fill and outline of "other" areas.
    pub other: Color32,
    /// The line of contact.
    pub contact_line: Color32,
    /// A proposed ceasefire line.
    pub ceasefire_line: Color32,
    /// The ceasefire zone's hatching and outline.
    pub zone: Color32,
    /// Threat-band isolines.
    pub band: Color32,
}

/// Light-theme colours.
pub const LIGHT: ControlColors = ControlColors {
    area_fill: Color32::from_rgba_premultiplied(0x27, 0x07, 0x07, 0x40),
    area_edge: Color32::from_rgb(0x9b, 0x1c, 0x1c),
    other: Color32::from_rgb(0x6a, 0x4c, 0x93),
    contact_line: Color32::from_rgb(0xb0, 0x00, 0x00),
    ceasefire_line: Color32::from_rgb(0x1f, 0x5f, 0xbf),
    zone: Color32::from_rgb(0x1f, 0x5f, 0xbf),
    band: Color32::from_rgb(0xc0, 0x5a, 0x00),
};

/// Dark-theme colours.
pub const DARK: ControlColors = ControlColors {
    area_fill: Color32::from_rgba_premultiplied(0x4c, 0x20, 0x20, 0x4c),
    area_edge: Color32::from_rgb(0xff, 0x6b, 0x6b),
    other: Color32::from_rgb(0xc3, 0xa6, 0xf0),
    contact_line: Color32::from_rgb(0xff, 0x55, 0x55),
    ceasefire_line: Color32::from_rgb(0x7f, 0xb2, 0xff),
    zone: Color32::from_rgb(0x7f, 0xb2, 0xff),
    band: Color32::from_rgb(0xff, 0xa8, 0x4a),
};

/// Colours for a theme.
pub fn colors(dark: bool) -> ControlColors {
    if dark { DARK } else { LIGHT }
}

/// Width of an area's outline, px.
pub const AREA_EDGE_WIDTH: f32 = 1.4;
/// Width of contact and ceasefire lines, px.
pub const LINE_WIDTH: f32 = 2.6;
/// Width of threat-band isolines, px.
pub const BAND_WIDTH: f32 = 1.3;
/// Width of the zone's hatching, px.
pub const HATCH_WIDTH: f32 = 0.9;
/// Width of the zone's outline, px.
pub const ZONE_EDGE_WIDTH: f32 = 1.2;
/// Spacing of an area's hatching in the SVG, px.
pub const AREA_HATCH_SPACING: f64 = 7.0;

/// The colour a feature is drawn in.
pub fn feature_color(c: &ControlColors, kind: ControlKind) -> Color32 {
    match kind {
        ControlKind::Occupied => c.area_edge,
        ControlKind::ContactLine => c.contact_line,
        ControlKind::CeasefireLine => c.ceasefire_line,
        ControlKind::Other => c.other,
    }
}

/// A width above as the scene's `f64` (to the hundredth: 1.4, not 1.39999997).
fn px(width: f32) -> f64 {
    (f64::from(width) * 100.0).round() / 100.0
}

/// An area's fill and outline: occupied areas in the translucent area fill, others
/// faintly in their own colour.
pub fn area_look(c: &ControlColors, kind: ControlKind) -> (Color32, Line) {
    let edge = feature_color(c, kind);
    let fill = match kind {
        ControlKind::Occupied => c.area_fill,
        _ => edge.gamma_multiply(0.18),
    };
    (fill, Line::solid(px(AREA_EDGE_WIDTH), edge))
}

/// A contact or ceasefire line.
pub fn line_look(c: &ControlColors, kind: ControlKind) -> Line {
    Line::solid(px(LINE_WIDTH), feature_color(c, kind))
}

/// The ceasefire zone's hatching and outline.
pub fn zone_looks(c: &ControlColors) -> (Line, Line) {
    (
        Line::solid(px(HATCH_WIDTH), c.zone.gamma_multiply(0.7)),
        Line::solid(px(ZONE_EDGE_WIDTH), c.zone),
    )
}

/// A threat-band isoline.
pub fn band_look(c: &ControlColors) -> Line {
    Line::solid(px(BAND_WIDTH), c.band)
}

/// Font size of a threat band's distance label.
pub const BAND_LABEL_SIZE: f64 = 11.0;
/// How far inside the map's edge a threat band's label is anchored, px.
pub const BAND_LABEL_INSET: f64 = 30.0;
/// Space between a band label's text and its plate, px.
pub const BAND_LABEL_PAD: f64 = 2.0;

/// The plate under a threat band's distance label.
pub fn band_label_plate(dark: bool) -> Color32 {
    if dark {
        Color32::from_black_alpha(170)
    } else {
        Color32::from_white_alpha(170)
    }
}

/// What a legend row's swatch shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    /// A hatched area of this kind.
    Area(ControlKind),
    /// A line of this kind.
    Line(ControlKind),
    /// The hatched ceasefire zone.
    Zone,
    /// A threat-band isoline.
    Band,
}

/// One legend row.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendRow {
    /// The swatch.
    pub swatch: Swatch,
    /// The text, with dates.
    pub text: String,
}

fn date_span(dates: &[jiff::civil::Date]) -> String {
    match (dates.iter().min(), dates.iter().max()) {
        (Some(a), Some(b)) if a == b => format!("as of {a}"),
        (Some(a), Some(b)) => format!("as of {a} – {b}"),
        _ => String::new(),
    }
}

/// Legend rows for the features in effect and the layers shown: the reference titled
/// with its date and source, each kind of the plan's own features with its dates, the
/// zone and the threat bands with their distances.
pub fn legend_rows<'a>(
    features: impl IntoIterator<Item = &'a ControlFeature>,
    settings: &ControlSettings,
    layers: &Layers,
    zone_drawn: bool,
) -> Vec<LegendRow> {
    let mut rows = Vec::new();
    let features: Vec<&ControlFeature> = features.into_iter().collect();
    if layers.control {
        if features.iter().any(|f| f.is_reference()) {
            rows.push(LegendRow {
                swatch: Swatch::Area(ControlKind::Occupied),
                text: REFERENCE_TITLE.to_owned(),
            });
        }
        for kind in ControlKind::ALL {
            for area in [true, false] {
                let dates: Vec<jiff::civil::Date> = features
                    .iter()
                    .filter(|f| !f.is_reference() && f.kind == kind && f.geometry.is_area() == area)
                    .map(|f| f.as_of)
                    .collect();
                if dates.is_empty() {
                    continue;
                }
                rows.push(LegendRow {
                    swatch: if area {
                        Swatch::Area(kind)
                    } else {
                        Swatch::Line(kind)
                    },
                    text: format!("{}, {}", kind.label(), date_span(&dates)),
                });
            }
        }
    }
    if layers.ceasefire_zone && zone_drawn {
        rows.push(LegendRow {
            swatch: Swatch::Zone,
            text: format!(
                "Ceasefire zone, {} km each side of the line",
                km_text(settings.zone_half_width_km)
            ),
        });
    }
    if layers.threat_bands && !settings.threat_bands_km.is_empty() {
        rows.push(LegendRow {
            swatch: Swatch::Band,
            text: format!(
                "Threat bands: {} km from hostile territory",
                settings
                    .threat_bands_km
                    .iter()
                    .map(|&k| km_text(k))
                    .collect::<Vec<_>>()
                    .join(" / ")
            ),
        });
    }
    rows
}

/// The control credit a picture with `layers` carries: [`attribution`] when a control
/// layer shows, else none.
pub fn credit<'a>(
    features: impl IntoIterator<Item = &'a ControlFeature>,
    layers: &Layers,
) -> Option<String> {
    if layers.control || layers.ceasefire_zone || layers.threat_bands {
        attribution(features)
    } else {
        None
    }
}

/// The data credit for control layers: each source with its date, e.g. "Control:
/// Natural Earth … (before 24 Feb 2022); DeepStateMap export as of 2025-06-01".
pub fn attribution<'a>(features: impl IntoIterator<Item = &'a ControlFeature>) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for f in features {
        let part = if f.is_reference() {
            "Natural Earth disputed areas (public domain), before 24 Feb 2022".to_owned()
        } else {
            format!("{} as of {}", f.source, f.as_of)
        };
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    (!parts.is_empty()).then(|| format!("Control: {}", parts.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::control::reference;

    #[test]
    fn the_reference_is_titled_with_its_date_and_never_as_the_front() {
        let rows = legend_rows(
            reference(),
            &ControlSettings::default(),
            &Layers::default(),
            false,
        );
        assert_eq!(rows.len(), 1);
        assert!(rows[0].text.contains("before 24 Feb 2022"));
        assert!(rows[0].text.contains("Natural Earth"));
        assert!(!rows[0].text.to_lowercase().contains("front"));
        let credit = attribution(reference()).unwrap();
        assert!(credit.contains("before 24 Feb 2022"), "{credit}");
        let layers = Layers {
            threat_bands: true,
            ..Layers::default()
        };
        let rows = legend_rows(reference(), &ControlSettings::default(), &layers, false);
        assert_eq!(
            rows[1].text,
            "Threat bands: 40 / 90 / 300 km from hostile territory"
        );
    }
}
