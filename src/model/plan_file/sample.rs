//! The sample plans that ship with the app.

use super::from_geojson;
use crate::model::plan::Plan;

/// The sample plan that ships with the app.
pub static SAMPLE_PLAN: &str = include_str!("../../../assets/sample_plan.geojson");

/// The alternative sample plan ("French-led south"), to compare with the first.
pub static SAMPLE_PLAN_ALT: &str = include_str!("../../../assets/sample_plan_alt.geojson");
/// File name of [`SAMPLE_PLAN`], as slides name it.
pub const SAMPLE_PLAN_NAME: &str = "sample_plan.geojson";
/// File name of [`SAMPLE_PLAN_ALT`], as slides name it.
pub const SAMPLE_PLAN_ALT_NAME: &str = "sample_plan_alt.geojson";

/// The sample plan that ships with the app.
pub fn sample_plan() -> Plan {
    match from_geojson(SAMPLE_PLAN, "assets/sample_plan.geojson") {
        Ok((plan, _)) => plan,
        Err(e) => {
            log::error!("the shipped sample plan is invalid: {e}");
            Plan::default()
        }
    }
}

/// The alternative sample plan that ships with the app (see [`SAMPLE_PLAN_ALT`]).
pub fn sample_plan_alt() -> Plan {
    match from_geojson(SAMPLE_PLAN_ALT, "assets/sample_plan_alt.geojson") {
        Ok((plan, _)) => plan,
        Err(e) => {
            log::error!("the shipped alternative sample plan is invalid: {e}");
            Plan::default()
        }
    }
}
