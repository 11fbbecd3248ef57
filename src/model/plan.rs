//! The plan: everything a planner changes and saves — hubs, the ceasefire state, the
//! roster as adjusted, and the warning distance from hostile borders.

use crate::model::hub::{Ceasefire, Hub, HubId, Status};
use crate::model::roster::{Role, Roster};

/// Default distance from a hostile border under which a hub is flagged, in km.
pub const DEFAULT_HOSTILE_BUFFER_KM: f64 = 50.0;

/// A planning document.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Title shown in the window and on exports.
    pub title: String,
    /// The roster in effect for this plan (seeded from the built-in one).
    pub roster: Roster,
    /// The hubs, in creation order.
    pub hubs: Vec<Hub>,
    /// Ceasefire state.
    pub ceasefire: Ceasefire,
    /// Hubs closer than this to a hostile border are flagged, in km.
    pub hostile_buffer_km: f64,
    /// Next id to hand out; never reused, so ids stay stable across undo and files.
    pub next_id: u64,
    /// The briefing's slides, in presentation order.
    pub slides: Vec<crate::model::slide::Slide>,
    /// The map's view when the plan was last saved; the app opens the plan there (as a
    /// QGIS project remembers its extent). `None`: open on Ukraine.
    pub view: Option<crate::projection::GeoBounds>,
    /// Distances for where hubs stand: air hubs to airfields, naval hubs to ports,
    /// suggested sites to other hubs.
    pub facility_rules: crate::model::facilities::FacilityRules,
    /// Date the timeline's D+0 stands for (YYYY-MM-DD), for KML time spans; `None`
    /// writes them relative to [`crate::export::kml::NO_DATE_EPOCH`].
    pub ceasefire_date: Option<String>,
    /// Coverage analysis: a place is covered within this distance of an active hub, km.
    pub coverage_radius_km: f64,
    /// Control features: occupied areas, contact and ceasefire lines (dated).
    pub control: Vec<crate::model::control::ControlFeature>,
    /// The plan's rules about control features (zone, threat bands, reference layer).
    pub control_settings: crate::model::control::ControlSettings,
}

/// Default coverage radius, km.
pub const DEFAULT_COVERAGE_RADIUS_KM: f64 = 100.0;

impl Default for Plan {
    fn default() -> Self {
        Self {
            title: "Untitled plan (hypothetical)".into(),
            roster: Roster::builtin(),
            hubs: Vec::new(),
            ceasefire: Ceasefire::default(),
            hostile_buffer_km: DEFAULT_HOSTILE_BUFFER_KM,
            next_id: 1,
            slides: Vec::new(),
            view: None,
            facility_rules: Default::default(),
            ceasefire_date: None,
            coverage_radius_km: DEFAULT_COVERAGE_RADIUS_KM,
            control: Vec::new(),
            control_settings: Default::default(),
        }
    }
}

/// Active and inactive hub counts, with why the inactive ones wait.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// Active hubs.
    pub active: usize,
    /// Inactive hubs.
    pub inactive: usize,
    /// Inactive hubs waiting for a ceasefire.
    pub awaiting_ceasefire: usize,
    /// Inactive hubs waiting for verification.
    pub awaiting_verification: usize,
    /// Inactive hubs waiting for a peace agreement.
    pub awaiting_peace: usize,
    /// Inactive hubs whose condition is met but that have not stood up yet (timeline).
    pub standing_up: usize,
}

impl Plan {
    /// A copy of the plan's settings (title, roster, ceasefire, buffer, next id) without
    /// its hubs and slides, for views that choose their own hubs.
    pub fn clone_without_hubs(&self) -> Plan {
        Plan {
            title: self.title.clone(),
            roster: self.roster.clone(),
            hubs: Vec::new(),
            ceasefire: self.ceasefire,
            hostile_buffer_km: self.hostile_buffer_km,
            next_id: self.next_id,
            slides: Vec::new(),
            view: self.view,
            facility_rules: self.facility_rules,
            ceasefire_date: self.ceasefire_date.clone(),
            coverage_radius_km: self.coverage_radius_km,
            control: self.control.clone(),
            control_settings: self.control_settings.clone(),
        }
    }

    /// Role of a country under this plan.
    pub fn role(&self, iso_a3: &str) -> Role {
        self.roster.role(iso_a3)
    }

    /// Countries per role (the legend's counts): every country on the basemap or on
    /// the roster counted once.
    pub fn role_counts(
        &self,
        countries: &crate::model::geography::RegionLayer,
    ) -> [(Role, usize); 7] {
        let codes: std::collections::BTreeSet<&str> = countries
            .regions()
            .iter()
            .map(|r| r.code.as_str())
            .chain(self.roster.entries().map(|e| e.iso_a3.as_str()))
            .collect();
        Role::ALL.map(|role| (role, codes.iter().filter(|c| self.role(c) == role).count()))
    }

    /// The hub with this id.
    pub fn hub(&self, id: HubId) -> Option<&Hub> {
        self.hubs.iter().find(|h| h.id == id)
    }

    /// Mutable access to the hub with this id.
    pub fn hub_mut(&mut self, id: HubId) -> Option<&mut Hub> {
        self.hubs.iter_mut().find(|h| h.id == id)
    }

    /// A fresh id, in O(1): `next_id` is kept past every id in use (readers call
    /// [`Plan::ensure_next_id`] once after filling `hubs` directly).
    pub fn allocate_id(&mut self) -> HubId {
        let id = HubId(self.next_id);
        self.next_id += 1;
        id
    }

    /// Moves `next_id` past every id in use (after reading a file).
    pub fn ensure_next_id(&mut self) {
        let max_used = self
            .hubs
            .iter()
            .map(|h| h.id.0)
            .chain(self.control.iter().map(|f| f.id))
            .max()
            .unwrap_or(0);
        self.next_id = self.next_id.max(max_used.saturating_add(1));
    }

    /// Adds a hub, giving it a fresh id; returns the id.
    pub fn insert_hub(&mut self, mut hub: Hub) -> HubId {
        hub.id = self.allocate_id();
        let id = hub.id;
        self.hubs.push(hub);
        id
    }

    /// A name not used by any hub yet: "Hub 1", "Hub 2", …
    pub fn next_hub_name(&self) -> String {
        (1..)
            .map(|n| format!("Hub {n}"))
            .find(|name| !self.hubs.iter().any(|h| &h.name == name))
            .unwrap_or_else(|| "Hub".into())
    }

    /// The name for a copy of a hub called `name`: "X (copy)", then "X (copy 2)", … —
    /// never one a hub already has, and a copy of a copy is not "X (copy) (copy)".
    pub fn copy_name(&self, name: &str) -> String {
        let base = strip_copy_suffix(name);
        let taken = |candidate: &str| self.hubs.iter().any(|h| h.name == candidate);
        std::iter::once(format!("{base} (copy)"))
            .chain((2..).map(|n| format!("{base} (copy {n})")))
            .find(|candidate| !taken(candidate))
            .unwrap_or_else(|| format!("{base} (copy)"))
    }

    /// Removes hubs; returns how many were removed.
    pub fn remove_hubs(&mut self, ids: &[HubId]) -> usize {
        let before = self.hubs.len();
        let ids: std::collections::HashSet<HubId> = ids.iter().copied().collect();
        self.hubs.retain(|h| !ids.contains(&h.id));
        before - self.hubs.len()
    }

    /// Status of a hub under the plan's ceasefire state.
    pub fn status(&self, hub: &Hub) -> Status {
        hub.status(&self.ceasefire)
    }

    /// How many hubs are active and inactive, and why.
    pub fn status_counts(&self) -> StatusCounts {
        use crate::model::hub::Activation;
        let mut c = StatusCounts::default();
        for hub in &self.hubs {
            match self.status(hub) {
                Status::Active => c.active += 1,
                Status::Inactive if self.ceasefire.satisfies(hub.activation) => {
                    c.inactive += 1;
                    c.standing_up += 1;
                }
                Status::Inactive => {
                    c.inactive += 1;
                    match hub.activation {
                        Activation::Ceasefire => c.awaiting_ceasefire += 1,
                        Activation::CeasefireVerified if !self.ceasefire.in_effect() => {
                            c.awaiting_ceasefire += 1
                        }
                        Activation::CeasefireVerified => c.awaiting_verification += 1,
                        Activation::PeaceAgreement if !self.ceasefire.in_effect() => {
                            c.awaiting_ceasefire += 1
                        }
                        Activation::PeaceAgreement => c.awaiting_peace += 1,
                        Activation::Always => {}
                    }
                }
            }
        }
        c
    }
}

/// "X (copy)" and "X (copy 3)" → "X"; other names unchanged.
fn strip_copy_suffix(name: &str) -> &str {
    let Some(head) = name.strip_suffix(')') else {
        return name;
    };
    let Some(at) = head.rfind(" (copy") else {
        return name;
    };
    let tail = &head[at + " (copy".len()..];
    let is_suffix = tail.is_empty()
        || tail
            .strip_prefix(' ')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if is_suffix { &name[..at] } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::hub::Activation;

    fn plan_with(activations: &[Activation]) -> Plan {
        let mut plan = Plan::default();
        for &a in activations {
            let mut hub = Hub::new(HubId(0), plan.next_hub_name(), 30.0, 50.0);
            hub.activation = a;
            plan.insert_hub(hub);
        }
        plan
    }

    #[test]
    fn ids_are_unique_and_never_reused() {
        let mut plan = plan_with(&[Activation::Always, Activation::Always]);
        assert_eq!(plan.hubs[0].id, HubId(1));
        assert_eq!(plan.hubs[1].id, HubId(2));
        plan.remove_hubs(&[HubId(2)]);
        let id = plan.insert_hub(Hub::new(HubId(0), "x", 0.0, 0.0));
        assert_eq!(id, HubId(3));
        assert_eq!(plan.next_hub_name(), "Hub 2");
    }

    #[test]
    fn counts_explain_what_inactive_hubs_wait_for() {
        let mut plan = plan_with(&[
            Activation::Always,
            Activation::Ceasefire,
            Activation::CeasefireVerified,
            Activation::PeaceAgreement,
        ]);
        let c = plan.status_counts();
        assert_eq!((c.active, c.inactive, c.awaiting_ceasefire), (1, 3, 3));
        plan.ceasefire.set_in_effect(true);
        let c = plan.status_counts();
        assert_eq!((c.active, c.inactive), (2, 2));
        assert_eq!((c.awaiting_verification, c.awaiting_peace), (1, 1));
        plan.ceasefire.set_verified(true);
        plan.ceasefire.set_peace_signed(true);
        assert_eq!(plan.status_counts().active, 4);
    }

    #[test]
    fn copies_are_named_so_they_can_be_told_apart() {
        let mut plan = Plan::default();
        plan.insert_hub(Hub::new(HubId(0), "Lviv hub", 24.0, 49.8));
        assert_eq!(plan.copy_name("Lviv hub"), "Lviv hub (copy)");
        plan.insert_hub(Hub::new(HubId(0), "Lviv hub (copy)", 24.1, 49.7));
        assert_eq!(plan.copy_name("Lviv hub"), "Lviv hub (copy 2)");
        // A copy of a copy counts on, not "(copy) (copy)".
        assert_eq!(plan.copy_name("Lviv hub (copy)"), "Lviv hub (copy 2)");
        plan.insert_hub(Hub::new(HubId(0), "Lviv hub (copy 2)", 24.2, 49.6));
        assert_eq!(plan.copy_name("Lviv hub (copy 2)"), "Lviv hub (copy 3)");
        // Brackets that are not a copy suffix stay.
        assert_eq!(
            plan.copy_name("Depot (copy shop)"),
            "Depot (copy shop) (copy)"
        );
        assert_eq!(plan.copy_name("Depot (copyx)"), "Depot (copyx) (copy)");
    }

    #[test]
    fn counts_follow_the_timeline() {
        let mut plan = plan_with(&[
            Activation::Always,
            Activation::Ceasefire,
            Activation::Ceasefire,
            Activation::CeasefireVerified,
        ]);
        plan.hubs[0].stand_up_days = 60; // ignored: always active
        plan.hubs[1].stand_up_days = 0;
        plan.hubs[2].stand_up_days = 30;
        plan.hubs[3].stand_up_days = 10;
        plan.ceasefire = crate::model::hub::Ceasefire::new(true, false, false).with_day(Some(14));
        let c = plan.status_counts();
        assert_eq!((c.active, c.inactive), (2, 2));
        assert_eq!((c.standing_up, c.awaiting_verification), (1, 1));
        plan.ceasefire.set_day(Some(30));
        assert_eq!(plan.status_counts().active, 3);
        plan.ceasefire.set_verified(true);
        assert_eq!(plan.status_counts().active, 4);
        plan.ceasefire.set_day(Some(9));
        assert_eq!(plan.status_counts().active, 2);
    }
}
