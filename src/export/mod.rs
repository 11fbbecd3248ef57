//! Exports of hub layouts to files other tools read: GeoJSON, KML, CSV and SVG.
//!
//! Every exporter is a pure function from the plan (with each hub's computed status and
//! site) to text, so the app, the command line and the tests share them.

pub mod csv;
pub mod geojson;
pub mod kml;
pub mod svg;

use crate::model::hub::{Hub, Status};
use crate::model::plan::Plan;
use crate::model::site::Site;

/// One hub with everything an export writes about it.
#[derive(Clone, Copy, Debug)]
pub struct HubRecord<'a> {
    /// The hub.
    pub hub: &'a Hub,
    /// Its status under the plan's (or an overridden) ceasefire state.
    pub status: Status,
    /// Where it is: country, oblast, distance to hostile borders, warnings.
    pub site: &'a Site,
}

/// Pairs each hub of `plan` with its status and its site (`sites` is in hub order).
pub fn records<'a>(plan: &'a Plan, sites: &'a [Site]) -> Vec<HubRecord<'a>> {
    plan.hubs
        .iter()
        .zip(sites)
        .map(|(hub, site)| HubRecord {
            hub,
            status: plan.status(hub),
            site,
        })
        .collect()
}

/// Export formats, as named on the command line and in the Export dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// RFC 7946 GeoJSON, hubs only.
    GeoJson,
    /// KML 2.2 for Google Earth.
    Kml,
    /// CSV, one row per hub.
    Csv,
    /// SVG picture of a view.
    Svg,
}

impl Format {
    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::Kml => "kml",
            Format::Csv => "csv",
            Format::Svg => "svg",
        }
    }

    /// Parses "geojson", "kml", "csv" or "svg" (any case).
    pub fn parse(text: &str) -> Option<Format> {
        match text.to_ascii_lowercase().as_str() {
            "geojson" | "json" => Some(Format::GeoJson),
            "kml" => Some(Format::Kml),
            "csv" => Some(Format::Csv),
            "svg" => Some(Format::Svg),
            _ => None,
        }
    }
}
