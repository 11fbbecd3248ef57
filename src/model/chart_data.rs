//! The figures the briefing charts show (personnel per lead nation, hubs per kind, hubs
//! active under each ceasefire state), computed from a plan: plain data that the
//! screen's charts and the SVG slides both draw.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use crate::model::hub::{Ceasefire, Status};
use crate::model::plan::Plan;

/// What the briefing charts show, computed from a plan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChartData {
    /// Planned personnel per lead nation (ISO 3166-1 alpha-3), largest first, then by
    /// code. A hub's whole personnel is credited to its lead nation: the model has no
    /// split of personnel among contributors. Nations with no personnel are left out.
    pub personnel_by_nation: Vec<(String, u64)>,
    /// Number of hubs per kind label ([`crate::model::hub::HubKind::label`]), most first,
    /// then by label.
    pub hubs_by_kind: Vec<(String, usize)>,
    /// For each of [`CONDITIONS`], in order: its label and how many hubs would be
    /// active and inactive in that state.
    pub status_by_condition: Vec<(String, usize, usize)>,
}

/// The four ceasefire states a briefer steps through, as a label and the flags
/// `(in_effect, verified, peace_signed)` for [`Ceasefire::new`].
pub const CONDITIONS: [(&str, bool, bool, bool); 4] = [
    ("No ceasefire", false, false, false),
    ("Ceasefire in effect", true, false, false),
    ("Ceasefire verified", true, true, false),
    ("Peace agreement signed", true, true, true),
];

/// Lead nation shown for hubs that have none.
pub const NO_LEAD_NATION: &str = "(none)";

/// The data of the three charts.
pub fn chart_data(plan: &Plan) -> ChartData {
    let mut personnel: BTreeMap<&str, u64> = BTreeMap::new();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for hub in &plan.hubs {
        *personnel.entry(lead_code(&hub.lead_nation)).or_default() += u64::from(hub.personnel);
        *kinds.entry(hub.kind.label()).or_default() += 1;
    }

    let mut personnel_by_nation: Vec<(String, u64)> = personnel
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .map(|(code, n)| (code.to_owned(), n))
        .collect();
    personnel_by_nation.sort_by(|a, b| (Reverse(a.1), &a.0).cmp(&(Reverse(b.1), &b.0)));

    let mut hubs_by_kind: Vec<(String, usize)> = kinds
        .into_iter()
        .map(|(label, n)| (label.to_owned(), n))
        .collect();
    hubs_by_kind.sort_by(|a, b| (Reverse(a.1), &a.0).cmp(&(Reverse(b.1), &b.0)));

    let status_by_condition = CONDITIONS
        .iter()
        .map(|&(label, in_effect, verified, peace)| {
            // On the plan's timeline day, so the chart follows the timeline slider.
            let state = Ceasefire::new(in_effect, verified, peace).with_day(plan.ceasefire.day());
            let active = plan
                .hubs
                .iter()
                .filter(|h| h.status(&state) == Status::Active)
                .count();
            (label.to_owned(), active, plan.hubs.len() - active)
        })
        .collect();

    ChartData {
        personnel_by_nation,
        hubs_by_kind,
        status_by_condition,
    }
}

/// A hub's lead nation as charted: its code, or [`NO_LEAD_NATION`] when it has none.
pub fn lead_code(code: &str) -> &str {
    let code = code.trim();
    if code.is_empty() {
        NO_LEAD_NATION
    } else {
        code
    }
}

/// Writes a count with thousands separators: 2750 → "2,750".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
