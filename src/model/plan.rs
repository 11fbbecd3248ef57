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
    /// Control features: occupied areas, contact and ceasefire lines (dated).
    pub control: Vec<crate::model::control::ControlFeature>,
    /// The plan's rules about control features (zone, threat bands, reference layer).
    pub control_settings: crate::model::control::ControlSettings,
}

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
            control: self.control.clone(),
            control_settings: self.control_settings.clone(),
        }
    }

    /// Role of a country under this plan.
    pub fn role(&self, iso_a3: &str) -> Role {
        self.roster.role(iso_a3)
    }

    /// The hub with this id.
    pub fn hub(&self, id: HubId) -> Option<&Hub> {
        self.hubs.iter().find(|h| h.id == id)
    }

    /// Mutable access to the hub with this id.
    pub fn hub_mut(&mut self, id: HubId) -> Option<&mut Hub> {
        self.hubs.iter_mut().find(|h| h.id == id)
    }

    /// A fresh id.
    pub fn allocate_id(&mut self) -> HubId {
        self.ensure_next_id();
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
        self.next_id = self.next_id.max(max_used + 1);
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

    /// Removes hubs; returns how many were removed.
    pub fn remove_hubs(&mut self, ids: &[HubId]) -> usize {
        let before = self.hubs.len();
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
}
