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
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

/// Days since 1970-01-01 → "YYYY-MM-DD" (Howard Hinnant's civil-from-days).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_459), "2026-01-06"); // the Paris summit
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(today().len(), 10);
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
