//! Exports of hub layouts to files other tools read: GeoJSON, KML, CSV and SVG.
//!
//! Every exporter is a pure function from the plan (with each hub's computed status and
//! site) to text, so the app, the command line and the tests share them.

pub mod csv;
pub mod geojson;
pub mod job;
pub mod kml;
pub mod nearest;
pub mod render;
pub mod source;
pub mod svg;

pub use crate::file_format::Format;

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

/// The kind as written in files: the snake_case key of a built-in kind, or the
/// planner's own name for a custom one (as in plan files).
pub fn kind_key(kind: &crate::model::hub::HubKind) -> String {
    match kind {
        crate::model::hub::HubKind::Custom(name) => name.clone(),
        k => serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
    }
}

/// Today's date (UTC) as YYYY-MM-DD, for the date printed on exported maps.
pub fn today() -> String {
    jiff::tz::Offset::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_plain_date_after_the_paris_summit() {
        let d = crate::model::timeline::parse_date(&today()).expect("YYYY-MM-DD");
        assert!(d > jiff::civil::date(2026, 1, 6));
    }

    #[test]
    fn nearest_fields_are_listed_together_in_hub_fields() {
        let names: Vec<&str> = crate::model::hub_fields::FIELDS
            .iter()
            .map(|f| f.name)
            .collect();
        let first = names.iter().position(|n| *n == nearest::FIELDS[0]).unwrap();
        assert_eq!(names[first..first + 7], nearest::FIELDS);
    }

    #[test]
    fn kind_keys() {
        assert_eq!(
            kind_key(&crate::model::hub::HubKind::TrainingHub),
            "training_hub"
        );
    }
}
