//! `coalition-map suggest PLAN --kind KIND [--count N] [--json]`: the ranked sites
//! where a hub of a kind would satisfy the plan's rules (`model::suggest`), as text or
//! JSON, with the exit code (0 with candidates, 1 when none qualifies; 2, bad input,
//! is `main.rs`'s).

use serde::Serialize;

use crate::cli::{EXIT_OK, EXIT_WARNINGS};
use crate::map::MapData;
use crate::model::facilities::{FacilityIndex, km_rounded};
use crate::model::hub::HubKind;
use crate::model::plan::Plan;
use crate::model::site::HostileBorders;
use crate::model::suggest::{Suggestions, suggest};

/// Exit code: no place satisfies the rules.
pub const EXIT_NONE: u8 = EXIT_WARNINGS;

/// `--kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SuggestKind {
    /// Air hubs, at airfields.
    Air,
    /// Naval hubs, at seaports.
    Naval,
    /// Logistics hubs, in cities.
    Logistics,
    /// Training hubs, in cities.
    Training,
    /// Multinational force HQ, in cities.
    #[value(name = "force_hq")]
    ForceHq,
}

impl SuggestKind {
    /// The hub kind.
    pub fn hub_kind(self) -> HubKind {
        match self {
            SuggestKind::Air => HubKind::Air,
            SuggestKind::Naval => HubKind::Naval,
            SuggestKind::Logistics => HubKind::Logistics,
            SuggestKind::Training => HubKind::TrainingHub,
            SuggestKind::ForceHq => HubKind::ForceHq,
        }
    }
}

/// One candidate in `suggest --json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuggestedSite {
    /// Place name.
    pub name: String,
    /// ICAO code (airfields with one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icao: Option<String>,
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// ISO 3166-1 alpha-3 (always UKR: the rules require it).
    pub country: Option<String>,
    /// ISO 3166-2 oblast code.
    pub oblast: Option<String>,
    /// Distance to hostile territory, km (0.1), or null when no country is hostile.
    pub hostile_km: Option<f64>,
    /// Distance to the line of contact, km, once the plan has one (not written before).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub front_km: Option<f64>,
    /// Distance to the nearest existing hub, km (0.1), or null when there are none.
    pub nearest_hub_km: Option<f64>,
    /// Name of that hub.
    pub nearest_hub: Option<String>,
    /// Score, 0–100.
    pub score: f64,
    /// Why it qualifies, in words.
    pub reasons: Vec<String>,
}

/// The result of `suggest`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuggestReport {
    /// The kind asked for (plan-file key).
    pub kind: String,
    /// Best first.
    pub candidates: Vec<SuggestedSite>,
    /// Places of the kind considered.
    pub considered: usize,
    /// How many satisfied the rules (before `--count`).
    pub acceptable: usize,
    /// Places left out, by reason.
    pub excluded: Vec<Excluded>,
}

/// Places left out for one reason.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Excluded {
    /// The reason.
    pub reason: String,
    /// How many.
    pub count: usize,
}

impl SuggestReport {
    /// From the model's suggestions.
    pub fn new(kind: &HubKind, s: &Suggestions) -> Self {
        Self {
            kind: crate::export::kind_key(kind),
            candidates: s
                .candidates
                .iter()
                .map(|c| SuggestedSite {
                    name: c.place.name.clone(),
                    icao: c.place.icao.clone(),
                    lon: c.place.lon,
                    lat: c.place.lat,
                    country: c.site.country.as_ref().map(|c| c.0.clone()),
                    oblast: c.site.oblast.as_ref().map(|o| o.0.clone()),
                    hostile_km: c.site.hostile_km.map(km_rounded),
                    front_km: None,
                    nearest_hub_km: c.nearest_hub.as_ref().map(|h| km_rounded(h.1)),
                    nearest_hub: c.nearest_hub.as_ref().map(|h| h.0.clone()),
                    score: c.score,
                    reasons: c.reasons.clone(),
                })
                .collect(),
            considered: s.considered,
            acceptable: s.acceptable,
            excluded: s
                .excluded
                .iter()
                .map(|(reason, count)| Excluded {
                    reason: reason.clone(),
                    count: *count,
                })
                .collect(),
        }
    }

    /// 0 with candidates, 1 when none satisfies the rules.
    pub fn exit_code(&self) -> u8 {
        if self.candidates.is_empty() {
            EXIT_NONE
        } else {
            EXIT_OK
        }
    }

    /// As one JSON object.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// As a table for people, then why the others were left out.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{:>3} {:>5}  {:<40} {:<6} {:<6} {:>8} {:>9}  reasons\n",
            "#", "score", "site", "icao", "oblast", "hostile", "next hub"
        );
        for (i, c) in self.candidates.iter().enumerate() {
            let km = |v: Option<f64>| v.map_or("-".to_owned(), |k| format!("{k:.0} km"));
            out.push_str(&format!(
                "{:>3} {:>5.1}  {:<40} {:<6} {:<6} {:>8} {:>9}  {}\n",
                i + 1,
                c.score,
                c.name.chars().take(40).collect::<String>(),
                c.icao.as_deref().unwrap_or("-"),
                c.oblast.as_deref().unwrap_or("-"),
                km(c.hostile_km),
                km(c.nearest_hub_km),
                c.reasons.join("; ")
            ));
        }
        out.push_str(&format!(
            "{} of {} places satisfy the rules for a {} hub",
            self.acceptable, self.considered, self.kind
        ));
        if self.candidates.len() < self.acceptable {
            out.push_str(&format!(" (best {} shown)", self.candidates.len()));
        }
        out.push('\n');
        for e in &self.excluded {
            out.push_str(&format!("  left out: {} ({})\n", e.reason, e.count));
        }
        out
    }
}

/// Suggests sites for a hub kind on a plan with the built-in places.
pub fn run(
    plan: &Plan,
    data: &MapData,
    kind: SuggestKind,
    count: usize,
) -> Result<SuggestReport, String> {
    let index = crate::model::facilities::builtin_index()
        .ok_or("the built-in places (maps/*.geojson) are damaged")?;
    Ok(report(plan, data, index, &kind.hub_kind(), count))
}

/// Suggests sites with any places index (tests, benchmarks).
pub fn report(
    plan: &Plan,
    data: &MapData,
    index: &FacilityIndex,
    kind: &HubKind,
    count: usize,
) -> SuggestReport {
    let borders = HostileBorders::for_plan(&data.geography.countries, plan);
    let s = suggest(plan, &data.geography, &borders, index, kind, count);
    SuggestReport::new(kind, &s)
}
