//! State derived from the plan and the maps, recomputed only when their revisions
//! change: hostile borders, each hub's site (cached per hub, so moving one hub does not
//! re-analyse the others), the hub index and the range rings.

use std::collections::HashMap;
use std::sync::Arc;

use super::CoalitionApp;
use crate::map::hub_index::HubIndex;
use crate::map::rings::plan_rings;
use crate::map::scene::Legend;
use crate::model::hub::HubId;
use crate::model::site::{HostileBorders, Site, analyse};

/// Sites computed per hub, reused while a hub neither moves nor the rules change.
#[derive(Default)]
pub(super) struct SiteCache {
    /// Key: basemap/roster revision, buffer and control generation; a change
    /// recomputes everything.
    key: Option<(u64, u64, u64)>,
    /// Per hub: position and kind (zone and distance rules depend on it) and its site.
    by_hub: HashMap<HubId, ((f64, f64, crate::model::hub::HubKind), Site)>,
}

/// What the coalition legend counts: the plan drawn (the editor's at a revision, or a
/// presentation's shown plan at its build), the roster's roles and the layers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct LegendKey {
    /// `None` for the editor's plan, else the presentation's build count.
    pub presentation: Option<u64>,
    pub revision: u64,
    pub map_revision: u64,
    pub layers: crate::model::slide::Layers,
}

/// The coalition legend, built again only when its key changes: counting roles,
/// statuses and rings every frame is not free with thousands of hubs.
#[derive(Default)]
pub(super) struct LegendMemo(Option<(LegendKey, Arc<Legend>)>);

impl LegendMemo {
    /// The legend for `key`, made by `make` if the one kept is for another key.
    pub fn get(&mut self, key: LegendKey, make: impl FnOnce() -> Legend) -> Arc<Legend> {
        match &self.0 {
            Some((k, legend)) if *k == key => Arc::clone(legend),
            _ => {
                let legend = Arc::new(make());
                self.0 = Some((key, Arc::clone(&legend)));
                legend
            }
        }
    }
}

impl CoalitionApp {
    /// Sites of the hubs (country, oblast, warnings), same order as the plan's hubs.
    pub fn sites(&mut self) -> &[Site] {
        self.refresh_derived();
        &self.sites
    }

    /// Recomputes hostile borders, hub sites and the hub index if their inputs changed.
    pub(super) fn refresh_derived(&mut self) {
        let control_changed = self.refresh_control();
        if self.borders_revision != Some(self.map_revision) || control_changed {
            self.borders = HostileBorders::for_plan(&self.data.geography.countries, &self.plan);
            self.borders_revision = Some(self.map_revision);
        }
        let key = (self.revision, self.map_revision);
        if self.derived_revision == Some(key) {
            return;
        }
        let cache_key = (
            self.map_revision,
            self.plan.hostile_buffer_km.to_bits(),
            self.control.generation,
        );
        if self.site_cache.key != Some(cache_key) {
            self.site_cache = SiteCache {
                key: Some(cache_key),
                by_hub: HashMap::new(),
            };
        }
        let mut fresh = HashMap::with_capacity(self.plan.hubs.len());
        self.sites = self
            .plan
            .hubs
            .iter()
            .map(|hub| {
                let pos = (hub.lon, hub.lat, hub.kind.clone());
                let site = match self.site_cache.by_hub.remove(&hub.id) {
                    Some((p, site)) if p == pos => site,
                    _ => {
                        let mut site = analyse(
                            hub,
                            &self.data.geography,
                            &self.borders,
                            self.plan.hostile_buffer_km,
                        );
                        crate::model::facilities::fill_nearest(&mut site, hub);
                        site
                    }
                };
                fresh.insert(hub.id, (pos, site.clone()));
                // Not cached: they depend on the hub's kind and the plan's distances.
                let mut site = site;
                crate::model::facilities::add_warnings(&mut site, hub, &self.plan.facility_rules);
                site
            })
            .collect();
        self.site_cache.by_hub = fresh;
        self.hub_index = HubIndex::build(&self.plan);
        self.rings = plan_rings(&self.plan);
        self.hubs_key = crate::ui::map_cache::hub_fingerprint(&self.plan, &self.sites, &self.rings);
        self.derived_revision = Some(key);
    }
}
