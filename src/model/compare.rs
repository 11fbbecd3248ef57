//! Comparing two plans: which hubs plan B adds, removes, moves or changes against plan A.
//!
//! Hubs are matched by id (a plan saved under another name keeps its ids), then the
//! rest by name, then the rest by position (the nearest unmatched hub within
//! [`MATCH_KM`]). Distances are geodesic (WGS84, geo's `Geodesic`).

use std::collections::HashMap;

use geo::{Distance, Geodesic, Point};
use rstar::{RTree, primitives::GeomWithData};
use serde::Serialize;

use crate::model::hub::{Hub, HubId};
use crate::model::plan::Plan;
use crate::model::site::unit;

/// Unmatched hubs closer than this (km) are taken to be the same hub.
pub const MATCH_KM: f64 = 1.0;

/// A matched hub counts as moved when it is farther than this from where it was (km):
/// one metre, well above the centimetre rounding of plan files.
pub const MOVED_KM: f64 = 0.001;

/// A hub that only one of the plans has.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HubSummary {
    /// Its id in the plan that has it.
    pub id: u64,
    /// Name.
    pub name: String,
    /// Kind key (built-in) or name (custom), as in plan files.
    pub kind: String,
    /// `[lon, lat]`.
    pub at: [f64; 2],
}

impl HubSummary {
    fn of(hub: &Hub) -> Self {
        Self {
            id: hub.id.0,
            name: hub.name.clone(),
            kind: crate::export::kind_key(&hub.kind),
            at: [hub.lon, hub.lat],
        }
    }
}

/// A hub both plans have, at different places.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Moved {
    /// Its id in plan A.
    pub id: u64,
    /// Its id in plan B (the same unless it was matched by name or position).
    #[serde(skip)]
    pub id_b: u64,
    /// Its name in plan B.
    pub name: String,
    /// `[lon, lat]` in plan A.
    pub from: [f64; 2],
    /// `[lon, lat]` in plan B.
    pub to: [f64; 2],
    /// Geodesic distance between the two, km (rounded to 0.01 km).
    pub km: f64,
}

/// A hub both plans have, with different properties.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Changed {
    /// Its id in plan A.
    pub id: u64,
    /// Its id in plan B.
    #[serde(skip)]
    pub id_b: u64,
    /// Its name in plan B.
    pub name: String,
    /// The plan-file keys whose values differ, e.g. `["lead_nation", "personnel"]`.
    pub fields: Vec<String>,
}

/// What plan B changes against plan A. A hub both moved and otherwise changed is listed
/// under both `moved` and `changed`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PlanDiff {
    /// Hubs only plan B has.
    pub added: Vec<HubSummary>,
    /// Hubs only plan A has.
    pub removed: Vec<HubSummary>,
    /// Hubs at another place in plan B.
    pub moved: Vec<Moved>,
    /// Hubs with other properties in plan B.
    pub changed: Vec<Changed>,
    /// Hubs the same in both.
    pub unchanged: usize,
}

impl PlanDiff {
    /// Whether both plans have the same hubs (nothing added, removed, moved or changed).
    pub fn is_same(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.moved.is_empty()
            && self.changed.is_empty()
    }

    /// As one JSON object.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// For people: one line per difference and a count.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for h in &self.added {
            out.push_str(&format!(
                "+ added    {} (H{}) at {:.4}, {:.4}\n",
                h.name, h.id, h.at[1], h.at[0]
            ));
        }
        for h in &self.removed {
            out.push_str(&format!(
                "- removed  {} (H{}) at {:.4}, {:.4}\n",
                h.name, h.id, h.at[1], h.at[0]
            ));
        }
        for m in &self.moved {
            out.push_str(&format!(
                "> moved    {} (H{}) {:.1} km\n",
                m.name, m.id, m.km
            ));
        }
        for c in &self.changed {
            out.push_str(&format!(
                "~ changed  {} (H{}): {}\n",
                c.name,
                c.id,
                c.fields.join(", ")
            ));
        }
        out.push_str(&format!(
            "{} added, {} removed, {} moved, {} changed, {} unchanged\n",
            self.added.len(),
            self.removed.len(),
            self.moved.len(),
            self.changed.len(),
            self.unchanged
        ));
        out
    }

    /// How a hub of plan A fares in plan B, for the map overlay and the table.
    pub fn status_of_a(&self, id: HubId) -> Option<DiffKind> {
        if self.removed.iter().any(|h| h.id == id.0) {
            Some(DiffKind::Removed)
        } else if self.moved.iter().any(|m| m.id == id.0) {
            Some(DiffKind::Moved)
        } else if self.changed.iter().any(|c| c.id == id.0) {
            Some(DiffKind::Changed)
        } else {
            None
        }
    }
}

/// The kinds of difference, for legends and tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DiffKind {
    /// Only in plan B.
    Added,
    /// Only in plan A.
    Removed,
    /// At another place in B.
    Moved,
    /// Other properties in B.
    Changed,
}

impl DiffKind {
    /// "added", "removed", "moved", "changed".
    pub fn label(self) -> &'static str {
        match self {
            DiffKind::Added => "added",
            DiffKind::Removed => "removed",
            DiffKind::Moved => "moved",
            DiffKind::Changed => "changed",
        }
    }
}

/// Geodesic distance between two hubs, km.
pub fn hub_km(a: &Hub, b: &Hub) -> f64 {
    Geodesic.distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat)) / 1000.0
}

/// Mean Earth radius (km) used only to turn [`MATCH_KM`] into a chord for the R-tree
/// search; the candidates it finds are then measured geodesically.
const EARTH_RADIUS_KM: f64 = 6_371.0;

/// Pairs hubs of `a` with hubs of `b`: `(index in a, index in b)`.
pub fn match_hubs(a: &[Hub], b: &[Hub]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut a_done = vec![false; a.len()];
    let mut b_done = vec![false; b.len()];

    // 1. By id.
    let b_by_id: HashMap<HubId, usize> = b.iter().enumerate().map(|(i, h)| (h.id, i)).collect();
    for (i, hub) in a.iter().enumerate() {
        if let Some(&j) = b_by_id.get(&hub.id)
            && !b_done[j]
        {
            pairs.push((i, j));
            a_done[i] = true;
            b_done[j] = true;
        }
    }

    // 2. By name (trimmed, any case); duplicates pair up in file order.
    let mut b_by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, hub) in b.iter().enumerate().rev().filter(|(j, _)| !b_done[*j]) {
        b_by_name.entry(name_key(&hub.name)).or_default().push(j);
    }
    for (i, hub) in a.iter().enumerate() {
        if a_done[i] {
            continue;
        }
        if let Some(j) = b_by_name.get_mut(&name_key(&hub.name)).and_then(Vec::pop) {
            pairs.push((i, j));
            a_done[i] = true;
            b_done[j] = true;
        }
    }

    // 3. By position: every unmatched pair within MATCH_KM, closest first.
    let tree = RTree::bulk_load(
        b.iter()
            .enumerate()
            .filter(|(j, _)| !b_done[*j])
            .map(|(j, h)| GeomWithData::new(unit(h.lon, h.lat), j))
            .collect(),
    );
    // A chord a little longer than MATCH_KM on the smallest Earth radius of curvature.
    let chord = 1.01 * MATCH_KM / (EARTH_RADIUS_KM - 25.0);
    let mut near = Vec::new();
    for (i, hub) in a.iter().enumerate().filter(|(i, _)| !a_done[*i]) {
        for candidate in tree.locate_within_distance(unit(hub.lon, hub.lat), chord * chord) {
            let j = candidate.data;
            let km = hub_km(hub, &b[j]);
            if km <= MATCH_KM {
                near.push((km, i, j));
            }
        }
    }
    near.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, i, j) in near {
        if !a_done[i] && !b_done[j] {
            pairs.push((i, j));
            a_done[i] = true;
            b_done[j] = true;
        }
    }
    pairs.sort_unstable();
    pairs
}

fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The plan-file keys whose values differ between two versions of a hub (position and
/// id aside).
pub fn changed_fields(a: &Hub, b: &Hub) -> Vec<String> {
    let mut fields = Vec::new();
    let mut check = |differs: bool, key: &str| {
        if differs {
            fields.push(key.to_owned());
        }
    };
    check(a.name != b.name, "name");
    check(a.kind != b.kind, "kind");
    check(a.lead_nation != b.lead_nation, "lead_nation");
    check(a.contributors != b.contributors, "contributors");
    check(a.personnel != b.personnel, "personnel");
    check(a.activation != b.activation, "activation");
    check(a.stand_up_days != b.stand_up_days, "stand_up_days");
    check(a.notes != b.notes, "notes");
    check(a.range_rings_km != b.range_rings_km, "range_rings_km");
    check(a.show_range_rings != b.show_range_rings, "show_range_rings");
    // Properties the app keeps for other tools, by key.
    let mut keys: Vec<&String> = a.extra.keys().chain(b.extra.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        check(a.extra.get(key) != b.extra.get(key), key);
    }
    fields
}

/// Compares plan `b` against plan `a`.
pub fn compare(a: &Plan, b: &Plan) -> PlanDiff {
    let pairs = match_hubs(&a.hubs, &b.hubs);
    let mut a_matched = vec![false; a.hubs.len()];
    let mut b_matched = vec![false; b.hubs.len()];
    let mut diff = PlanDiff::default();
    for &(i, j) in &pairs {
        a_matched[i] = true;
        b_matched[j] = true;
        let (ha, hb) = (&a.hubs[i], &b.hubs[j]);
        let km = hub_km(ha, hb);
        let moved = km > MOVED_KM;
        if moved {
            diff.moved.push(Moved {
                id: ha.id.0,
                id_b: hb.id.0,
                name: hb.name.clone(),
                from: [ha.lon, ha.lat],
                to: [hb.lon, hb.lat],
                km: (km * 100.0).round() / 100.0,
            });
        }
        let fields = changed_fields(ha, hb);
        let changed = !fields.is_empty();
        if changed {
            diff.changed.push(Changed {
                id: ha.id.0,
                id_b: hb.id.0,
                name: hb.name.clone(),
                fields,
            });
        }
        if !moved && !changed {
            diff.unchanged += 1;
        }
    }
    diff.removed = a
        .hubs
        .iter()
        .zip(&a_matched)
        .filter(|(_, m)| !**m)
        .map(|(h, _)| HubSummary::of(h))
        .collect();
    diff.added = b
        .hubs
        .iter()
        .zip(&b_matched)
        .filter(|(_, m)| !**m)
        .map(|(h, _)| HubSummary::of(h))
        .collect();
    diff
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::hub::{Activation, HubKind};

    fn hub(id: u64, name: &str, lon: f64, lat: f64) -> Hub {
        let mut h = Hub::new(HubId(id), name, lon, lat);
        h.personnel = 500;
        h
    }

    /// Plan A: Kyiv HQ, Lviv training, Odesa naval, Dnipro logistics, Rzeszów support.
    fn plan_a() -> Plan {
        let mut plan = Plan {
            hubs: vec![
                hub(1, "Kyiv HQ", 30.5234, 50.4501),
                hub(2, "Lviv training hub", 24.0297, 49.8397),
                hub(3, "Odesa naval hub", 30.7233, 46.4825),
                hub(4, "Dnipro logistics", 35.0462, 48.4647),
                hub(5, "Rzeszów support", 22.0046, 50.0412),
            ],
            ..Plan::default()
        };
        plan.hubs[4].activation = Activation::Always;
        plan.ensure_next_id();
        plan
    }

    /// Plan B, drawn independently (its own ids): Kyiv HQ kept by name; Lviv moved to
    /// Yavoriv (same id); Odesa led by France with more personnel; Dnipro dropped;
    /// Rzeszów kept by position (renamed, 300 m away); Mykolaiv added.
    fn plan_b() -> Plan {
        let mut odesa = hub(3, "Odesa naval hub", 30.7233, 46.4825);
        odesa.lead_nation = "FRA".into();
        odesa.personnel = 800;
        let mut rzeszow = hub(21, "Jasionka air support", 22.0046, 50.0439);
        rzeszow.activation = Activation::Always;
        let mut mykolaiv = hub(22, "Mykolaiv naval hub", 31.9946, 46.9750);
        mykolaiv.kind = HubKind::Naval;
        let mut plan = Plan {
            hubs: vec![
                hub(20, "kyiv hq ", 30.5234, 50.4501),
                hub(2, "Lviv training hub", 23.4000, 49.9440),
                odesa,
                rzeszow,
                mykolaiv,
            ],
            ..Plan::default()
        };
        plan.ensure_next_id();
        plan
    }

    #[test]
    fn hubs_are_matched_by_id_then_name_then_position() {
        let (a, b) = (plan_a(), plan_b());
        // Kyiv by name (ids 1 and 20), Lviv and Odesa by id, Rzeszów by position.
        assert_eq!(
            match_hubs(&a.hubs, &b.hubs),
            vec![(0, 0), (1, 1), (2, 2), (4, 3)]
        );
    }

    #[test]
    fn differences_are_classified_with_geodesic_distances() {
        let (a, b) = (plan_a(), plan_b());
        let diff = compare(&a, &b);
        assert_eq!(diff.added.len(), 1);
        assert_eq!(diff.added[0].name, "Mykolaiv naval hub");
        assert_eq!(diff.added[0].id, 22);
        assert_eq!(diff.removed.len(), 1);
        assert_eq!(diff.removed[0].name, "Dnipro logistics");
        assert_eq!(diff.removed[0].at, [35.0462, 48.4647]);

        // Lviv → Yavoriv and the 300 m shift at Rzeszów are both moves.
        assert_eq!(diff.moved.len(), 2);
        let lviv = &diff.moved[0];
        assert_eq!(
            (lviv.id, lviv.from, lviv.to),
            (2, [24.0297, 49.8397], [23.4, 49.944])
        );
        let expect =
            Geodesic.distance(Point::new(24.0297, 49.8397), Point::new(23.4, 49.944)) / 1000.0;
        assert!((lviv.km - expect).abs() < 0.006, "{} vs {expect}", lviv.km);
        assert!((46.0..47.0).contains(&lviv.km), "{}", lviv.km);
        let rz = &diff.moved[1];
        assert_eq!((rz.id, rz.id_b), (5, 21));
        assert!((0.29..0.31).contains(&rz.km), "{}", rz.km);

        // Kyiv's name differs only in case and spacing: reported as a changed name.
        let fields: Vec<(u64, Vec<String>)> = diff
            .changed
            .iter()
            .map(|c| (c.id, c.fields.clone()))
            .collect();
        assert_eq!(
            fields,
            vec![
                (1, vec!["name".to_owned()]),
                (3, vec!["lead_nation".to_owned(), "personnel".to_owned()]),
                (5, vec!["name".to_owned()]),
            ]
        );
        assert_eq!(diff.unchanged, 0);
        assert!(!diff.is_same());
        assert_eq!(diff.status_of_a(HubId(4)), Some(DiffKind::Removed));
        assert_eq!(diff.status_of_a(HubId(2)), Some(DiffKind::Moved));
    }

    #[test]
    fn a_plan_equals_itself_and_json_has_the_documented_shape() {
        let a = plan_a();
        let diff = compare(&a, &a);
        assert!(diff.is_same());
        assert_eq!(diff.unchanged, 5);

        let json: serde_json::Value =
            serde_json::from_str(&compare(&a, &plan_b()).to_json()).unwrap();
        assert_eq!(json["unchanged"], 0);
        assert_eq!(json["moved"][0]["id"], 2);
        assert_eq!(json["moved"][0]["name"], "Lviv training hub");
        assert_eq!(
            json["moved"][0]["from"],
            serde_json::json!([24.0297, 49.8397])
        );
        assert!(json["moved"][0]["km"].as_f64().unwrap() > 46.0);
        assert!(json["moved"][0].get("id_b").is_none());
        assert_eq!(
            json["changed"][1]["fields"],
            serde_json::json!(["lead_nation", "personnel"])
        );
        assert_eq!(json["added"][0]["name"], "Mykolaiv naval hub");
        assert_eq!(json["removed"][0]["id"], 4);
    }

    #[test]
    fn far_hubs_with_other_names_do_not_match() {
        let a = plan_a();
        // 1.5 km from Kyiv HQ, another name and id: a new hub, not a move.
        let b = Plan {
            hubs: vec![hub(9, "Kyiv north", 30.5234, 50.4636)],
            ..Plan::default()
        };
        let diff = compare(&a, &b);
        assert_eq!((diff.added.len(), diff.removed.len()), (1, 5));
        assert!(diff.moved.is_empty());
    }
}
