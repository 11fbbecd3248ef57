//! Site suggestions: for a hub kind, the airfields (air), ports (naval) or cities
//! (every other kind) where a hub of that kind would satisfy the plan's rules, ranked.
//!
//! The rules live in one place each: a candidate is acceptable when
//! [`site::analyse`](crate::model::site::analyse) of a hub of that kind at that spot
//! gives no warning (in Ukraine, beyond the plan's hostile buffer, and whatever else
//! `analyse` checks), and it is at least the plan's `facility_rules.hub_spacing_km`
//! from every existing hub. Nothing here re-implements a rule of `site`.
//!
//! Score, 0–100 (higher first; documented in the README):
//! * 45 × min(hostile km, 300) / 300 — farther from hostile territory is safer;
//! * 35 × min(nearest hub km, 200) / 200 — spreads hubs out (35 when there is none);
//! * 20 × importance — cities: log10(population) / log10(3,000,000) (capitals get at
//!   least 0.5); airfields: military or mixed 1.0, civil with an IATA code 0.75,
//!   others 0.4; ports: (10 − Natural Earth scale rank) / 10.

use rstar::{RTree, primitives::GeomWithData};

use crate::model::facilities::{FacilityIndex, geodesic_km, unit};
use crate::model::geography::Geography;
use crate::model::hub::{Hub, HubId, HubKind};
use crate::model::places::{AirfieldUse, Place, PlaceKind};
use crate::model::plan::Plan;
use crate::model::site::{HostileBorders, Site, analyse};

/// Distance from hostile territory at which the safety term is full, km.
const HOSTILE_FULL_KM: f64 = 300.0;
/// Distance from the nearest hub at which the spacing term is full, km.
const SPACING_FULL_KM: f64 = 200.0;
/// Weights of the three terms (they add up to 100).
const W_HOSTILE: f64 = 45.0;
const W_SPACING: f64 = 35.0;
const W_IMPORTANCE: f64 = 20.0;

/// Which places can host a hub of this kind: airfields for air hubs, ports for naval
/// hubs, cities for every other kind.
pub fn place_kind_for(kind: &HubKind) -> PlaceKind {
    match kind {
        HubKind::Air => PlaceKind::Airfield,
        HubKind::Naval => PlaceKind::Port,
        _ => PlaceKind::City,
    }
}

/// A place where a hub of the asked kind satisfies the plan's rules.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate<'a> {
    /// The airfield, port or city.
    pub place: &'a Place,
    /// What `site::analyse` found there (country, oblast, hostile distance).
    pub site: Site,
    /// Distance to the nearest existing hub, km, and its name (`None`: no hubs).
    pub nearest_hub: Option<(String, f64)>,
    /// Score, 0–100 (see the module documentation).
    pub score: f64,
    /// Why it qualifies and how it scored, in words.
    pub reasons: Vec<String>,
}

impl Candidate<'_> {
    /// A hub of `kind` at this place, named after it ("Boryspil International Airport
    /// air hub"), for one click to place.
    pub fn hub(&self, kind: &HubKind) -> Hub {
        let mut hub = Hub::new(
            HubId(0),
            format!("{} {}", self.place.name, kind_noun(kind)),
            self.place.lon,
            self.place.lat,
        );
        hub.kind = kind.clone();
        hub
    }
}

fn kind_noun(kind: &HubKind) -> String {
    match kind {
        HubKind::Air => "air hub".into(),
        HubKind::Naval => "naval hub".into(),
        HubKind::Logistics => "logistics hub".into(),
        HubKind::TrainingHub => "training hub".into(),
        HubKind::ForceHq => "force HQ".into(),
        other => other.label().to_lowercase(),
    }
}

/// The ranked candidates, and why the others were left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Suggestions<'a> {
    /// Acceptable places, best first (at most the count asked for).
    pub candidates: Vec<Candidate<'a>>,
    /// How many places of the kind were considered.
    pub considered: usize,
    /// How many were acceptable in all (before the count was applied).
    pub acceptable: usize,
    /// Left out, by reason: (reason, how many), most common first.
    pub excluded: Vec<(String, usize)>,
}

/// Existing hubs indexed on the unit sphere for nearest-hub distances.
struct HubTree<'p> {
    hubs: &'p [Hub],
    tree: RTree<GeomWithData<[f64; 3], usize>>,
}

impl<'p> HubTree<'p> {
    fn new(hubs: &'p [Hub]) -> Self {
        let entries = hubs
            .iter()
            .enumerate()
            .map(|(i, h)| GeomWithData::new(unit(h.lon, h.lat), i))
            .collect();
        Self {
            hubs,
            tree: RTree::bulk_load(entries),
        }
    }

    /// Nearest hub by the ellipsoid among the few nearest by chord.
    fn nearest(&self, lon: f64, lat: f64) -> Option<(&'p Hub, f64)> {
        self.tree
            .nearest_neighbor_iter(&unit(lon, lat))
            .take(4)
            .map(|e| {
                let h = &self.hubs[e.data];
                (h, geodesic_km((lon, lat), (h.lon, h.lat)))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }
}

fn importance(place: &Place) -> (f64, Option<String>) {
    match place.kind {
        PlaceKind::City => {
            let pop = place.population.unwrap_or(0) as f64;
            let mut v = if pop > 1.0 {
                (pop.log10() / 3_000_000_f64.log10()).clamp(0.0, 1.0)
            } else {
                0.0
            };
            if place.capital {
                v = v.max(0.5);
            }
            let text = place
                .population
                .map(|p| format!("population {}", thousands(p)));
            (v, text)
        }
        PlaceKind::Airfield => match (place.airfield_use, &place.iata) {
            (Some(AirfieldUse::Military), _) => (1.0, Some("military airfield".into())),
            (Some(AirfieldUse::Mixed), _) => (1.0, Some("civil and military airfield".into())),
            (_, Some(iata)) => (0.75, Some(format!("airport with IATA code {iata}"))),
            _ => (0.4, None),
        },
        PlaceKind::Port => {
            let rank = f64::from(place.scalerank.unwrap_or(10).min(10));
            ((10.0 - rank) / 10.0, None)
        }
    }
}

/// 1234567 → "1,234,567".
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Ranks the places where a hub of `kind` would satisfy the plan's rules; at most
/// `count` candidates, best first (ties: by name).
pub fn suggest<'a>(
    plan: &Plan,
    geography: &Geography,
    borders: &HostileBorders,
    index: &'a FacilityIndex,
    kind: &HubKind,
    count: usize,
) -> Suggestions<'a> {
    let places = index.places().of_kind(place_kind_for(kind));
    let hubs = HubTree::new(&plan.hubs);
    let spacing = plan.facility_rules.hub_spacing_km;
    let mut excluded: Vec<(String, usize)> = Vec::new();
    let mut exclude = |reason: String| match excluded.iter_mut().find(|(r, _)| *r == reason) {
        Some((_, n)) => *n += 1,
        None => excluded.push((reason, 1)),
    };
    let mut candidates = Vec::new();
    for place in places {
        let mut probe = Hub::new(HubId(0), place.name.clone(), place.lon, place.lat);
        probe.kind = kind.clone();
        // The plan's rules, in the one place they are written.
        let site = analyse(&probe, geography, borders, plan.hostile_buffer_km);
        if let Some(w) = site.warnings.first() {
            exclude(warning_class(&w.to_string()));
            continue;
        }
        let nearest = hubs.nearest(place.lon, place.lat);
        if nearest.is_some_and(|(_, km)| km < spacing) {
            exclude(format!("closer than {spacing:.0} km to a hub"));
            continue;
        }
        let mut reasons = Vec::new();
        let where_ = site
            .oblast
            .as_ref()
            .map_or("in Ukraine".to_owned(), |(_, name)| {
                format!("in Ukraine, {name}")
            });
        reasons.push(where_);
        let hostile = site.hostile_km;
        let hostile_term = match hostile {
            Some(km) => {
                reasons.push(format!(
                    "{km:.0} km from hostile territory (buffer {:.0} km)",
                    plan.hostile_buffer_km
                ));
                km.min(HOSTILE_FULL_KM) / HOSTILE_FULL_KM
            }
            None => {
                reasons.push("no hostile country on the roster".into());
                1.0
            }
        };
        let spacing_term = match nearest {
            Some((hub, km)) => {
                reasons.push(format!(
                    "{km:.0} km from the nearest hub, {} (minimum {spacing:.0} km)",
                    hub.name
                ));
                km.min(SPACING_FULL_KM) / SPACING_FULL_KM
            }
            None => {
                reasons.push("no other hubs yet".into());
                1.0
            }
        };
        let (imp, imp_text) = importance(place);
        if let Some(t) = imp_text {
            reasons.push(t);
        }
        let score = W_HOSTILE * hostile_term + W_SPACING * spacing_term + W_IMPORTANCE * imp;
        candidates.push(Candidate {
            place,
            site,
            nearest_hub: nearest.map(|(h, km)| (h.name.clone(), km)),
            score: (score * 10.0).round() / 10.0,
            reasons,
        });
    }
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.place.name.cmp(&b.place.name))
    });
    let acceptable = candidates.len();
    candidates.truncate(count);
    excluded.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Suggestions {
        candidates,
        considered: places.len(),
        acceptable,
        excluded,
    }
}

/// A warning without its numbers, so exclusions group: "outside Ukraine (in Poland)"
/// → "outside Ukraine"; "12 km from a hostile border (limit 50 km)" → "… (limit 50 km)".
fn warning_class(text: &str) -> String {
    if let Some(i) = text.find(" (in ").or_else(|| text.find(" (not on")) {
        return text[..i].to_owned();
    }
    // "NN km from …": drop the leading number.
    match text.split_once(" km ") {
        Some((n, rest)) if n.parse::<f64>().is_ok() => format!("within {rest}").replace(
            "within from a hostile border",
            "within the hostile-border buffer",
        ),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::places::Places;
    use crate::model::plan_file::sample_plan;

    struct Fixture {
        geography: Geography,
        index: FacilityIndex,
    }

    fn fixture() -> Fixture {
        Fixture {
            geography: Geography::builtin().unwrap(),
            index: FacilityIndex::new(Places::builtin().unwrap()),
        }
    }

    #[test]
    fn air_suggestions_follow_the_rules() {
        let f = fixture();
        let plan = sample_plan();
        let borders = HostileBorders::for_plan(&f.geography.countries, &plan);
        let s = suggest(&plan, &f.geography, &borders, &f.index, &HubKind::Air, 100);
        assert_eq!(s.considered, 297);
        assert!(s.acceptable >= 10, "{s:?}");
        assert_eq!(s.candidates.len(), s.acceptable);
        for c in &s.candidates {
            assert_eq!(c.place.kind, PlaceKind::Airfield);
            assert_eq!(
                c.site.country.as_ref().unwrap().0,
                "UKR",
                "{}",
                c.place.name
            );
            assert!(c.site.hostile_km.unwrap() >= plan.hostile_buffer_km);
            for hub in &plan.hubs {
                let km = geodesic_km((hub.lon, hub.lat), (c.place.lon, c.place.lat));
                assert!(
                    km >= plan.facility_rules.hub_spacing_km,
                    "{} near {}",
                    c.place.name,
                    hub.name
                );
            }
            assert!((0.0..=100.0).contains(&c.score));
        }
        assert!(s.candidates.windows(2).all(|w| w[0].score >= w[1].score));
        // Boryspil is ~29 km from the Kyiv HQ hub and far from Belarus: acceptable.
        assert!(
            s.candidates
                .iter()
                .any(|c| c.place.icao.as_deref() == Some("UKBB"))
        );
        // Kharkiv's airport is ~30 km from Russia, inside the 50 km buffer.
        assert!(
            !s.candidates
                .iter()
                .any(|c| c.place.icao.as_deref() == Some("UKHH"))
        );
        // Rzeszów is in Poland.
        assert!(
            !s.candidates
                .iter()
                .any(|c| c.place.icao.as_deref() == Some("EPRZ"))
        );
        assert!(
            s.excluded
                .iter()
                .any(|(r, n)| r == "outside Ukraine" && *n > 150),
            "{:?}",
            s.excluded
        );
        let top = &s.candidates[0];
        assert!(
            top.reasons[0].starts_with("in Ukraine"),
            "{:?}",
            top.reasons
        );
        assert!(
            top.reasons
                .iter()
                .any(|r| r.contains("from the nearest hub"))
        );
    }

    #[test]
    fn spacing_is_a_plan_setting() {
        let f = fixture();
        let mut plan = sample_plan();
        let borders = HostileBorders::for_plan(&f.geography.countries, &plan);
        let near = |plan: &Plan| {
            suggest(plan, &f.geography, &borders, &f.index, &HubKind::Air, 100)
                .candidates
                .iter()
                .any(|c| c.place.icao.as_deref() == Some("UKBB"))
        };
        assert!(near(&plan));
        // Boryspil is ~29 km from the Kyiv HQ hub: a 50 km spacing rules it out.
        plan.facility_rules.hub_spacing_km = 50.0;
        assert!(!near(&plan));
    }

    #[test]
    fn a_hub_on_the_spot_rules_it_out() {
        let f = fixture();
        let mut plan = Plan::default();
        let borders = HostileBorders::for_plan(&f.geography.countries, &plan);
        let s = suggest(&plan, &f.geography, &borders, &f.index, &HubKind::Naval, 10);
        let names: Vec<_> = s.candidates.iter().map(|c| c.place.name.as_str()).collect();
        assert!(names.contains(&"Odesa"), "{names:?}");
        assert!(s.candidates.iter().all(|c| c.nearest_hub.is_none()));
        let odesa = s
            .candidates
            .iter()
            .find(|c| c.place.name == "Odesa")
            .unwrap();
        let hub = odesa.hub(&HubKind::Naval);
        assert_eq!(hub.name, "Odesa naval hub");
        assert_eq!((hub.lon, hub.lat), (odesa.place.lon, odesa.place.lat));
        plan.insert_hub(hub);
        let s = suggest(&plan, &f.geography, &borders, &f.index, &HubKind::Naval, 10);
        assert!(!s.candidates.iter().any(|c| c.place.name == "Odesa"));
        assert!(
            s.excluded
                .iter()
                .any(|(r, _)| r == "closer than 25 km to a hub")
        );
    }

    #[test]
    fn cities_for_logistics_rank_by_the_documented_score() {
        let f = fixture();
        let plan = Plan::default();
        let borders = HostileBorders::for_plan(&f.geography.countries, &plan);
        let s = suggest(
            &plan,
            &f.geography,
            &borders,
            &f.index,
            &HubKind::Logistics,
            3,
        );
        assert_eq!(s.candidates.len(), 3);
        for c in &s.candidates {
            assert_eq!(c.place.kind, PlaceKind::City);
            // No hubs: spacing is full; the score is the documented sum.
            let hostile = c.site.hostile_km.unwrap().min(300.0) / 300.0;
            let (imp, _) = importance(c.place);
            let expected = 45.0 * hostile + 35.0 + 20.0 * imp;
            assert!(
                (c.score - expected).abs() < 0.06,
                "{} {} vs {expected}",
                c.place.name,
                c.score
            );
        }
        assert_eq!(thousands(2_709_000), "2,709,000");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn exclusion_reasons_group() {
        assert_eq!(
            warning_class("outside Ukraine (in Poland)"),
            "outside Ukraine"
        );
        assert_eq!(
            warning_class("outside Ukraine (not on land)"),
            "outside Ukraine"
        );
        assert_eq!(
            warning_class("12 km from a hostile border (limit 50 km)"),
            "within the hostile-border buffer (limit 50 km)"
        );
    }
}
