//! The hubs a streamed export writes, with status and site: sites already computed (the
//! app's cache), or computed a chunk at a time on the way, so an export of a million
//! hubs never holds a million sites.

use crate::export::HubRecord;
use crate::model::geography::Geography;
use crate::model::hub::{Hub, Status};
use crate::model::plan::Plan;
use crate::model::site::{HostileBorders, analyse_hubs};

/// How many sites are computed (in parallel) and held at a time.
const CHUNK: usize = 4096;

/// Where a writer gets its records from.
pub enum Records<'a> {
    /// Records whose sites are already computed.
    Ready(&'a [HubRecord<'a>]),
    /// A plan whose sites are computed as the records are visited.
    Computed {
        /// The plan.
        plan: &'a Plan,
        /// The maps the sites are judged against.
        geography: &'a Geography,
        /// Hostile territory and control layers of the plan, built once (boxed: the
        /// enum stays small).
        borders: Box<HostileBorders>,
    },
}

impl<'a> Records<'a> {
    /// Records of `plan` with sites computed on the way.
    pub fn computed(plan: &'a Plan, geography: &'a Geography) -> Self {
        Records::Computed {
            plan,
            geography,
            borders: Box::new(HostileBorders::for_plan(&geography.countries, plan)),
        }
    }

    /// How many records there are.
    pub fn len(&self) -> usize {
        match self {
            Records::Ready(r) => r.len(),
            Records::Computed { plan, .. } => plan.hubs.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The hub of record `i`.
    pub fn hub(&self, i: usize) -> &Hub {
        match self {
            Records::Ready(r) => r[i].hub,
            Records::Computed { plan, .. } => &plan.hubs[i],
        }
    }

    /// The status of record `i`.
    pub fn status(&self, i: usize) -> Status {
        match self {
            Records::Ready(r) => r[i].status,
            Records::Computed { plan, .. } => plan.status(&plan.hubs[i]),
        }
    }

    /// Calls `f` with each record of `order` (indices), in that order; stops at the
    /// first error and returns it.
    pub fn visit<E>(
        &self,
        order: impl IntoIterator<Item = usize>,
        mut f: impl FnMut(&HubRecord) -> Result<(), E>,
    ) -> Result<(), E> {
        match self {
            Records::Ready(records) => order.into_iter().try_for_each(|i| f(&records[i])),
            Records::Computed {
                plan,
                geography,
                borders,
            } => {
                let mut order = order.into_iter().peekable();
                let mut chunk = Vec::with_capacity(CHUNK);
                while order.peek().is_some() {
                    chunk.clear();
                    chunk.extend(order.by_ref().take(CHUNK));
                    let sites = analyse_hubs(
                        plan,
                        chunk.iter().map(|&i| &plan.hubs[i]),
                        geography,
                        borders,
                    );
                    for (&i, site) in chunk.iter().zip(&sites) {
                        let hub = &plan.hubs[i];
                        f(&HubRecord {
                            hub,
                            status: plan.status(hub),
                            site,
                        })?;
                    }
                }
                Ok(())
            }
        }
    }

    /// Calls `f` with every record, in hub order.
    pub fn visit_all<E>(&self, f: impl FnMut(&HubRecord) -> Result<(), E>) -> Result<(), E> {
        self.visit(0..self.len(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::records;
    use crate::model::hub::HubId;
    use crate::model::site::analyse_plan;

    /// Visiting computed records gives the same sites, in the same order, as computing
    /// them all first, across chunk boundaries and in any order asked.
    #[test]
    fn computed_records_match_precomputed_ones() {
        let geography = Geography::builtin().expect("maps");
        let mut plan = Plan::default();
        for i in 0..(CHUNK + 37) {
            let f = i as f64 / (CHUNK + 37) as f64;
            plan.hubs.push(Hub::new(
                HubId(i as u64 + 1),
                format!("Hub {i}"),
                23.0 + 16.0 * f,
                45.0 + 7.0 * (f * 13.0).fract(),
            ));
        }
        let sites = analyse_plan(&plan, &geography);
        let ready = records(&plan, &sites);
        let computed = Records::computed(&plan, &geography);
        assert_eq!(computed.len(), plan.hubs.len());
        let order: Vec<usize> = (0..plan.hubs.len()).rev().step_by(3).collect();
        let mut seen = Vec::new();
        computed
            .visit(order.iter().copied(), |r| {
                seen.push((r.hub.id, r.site.country.clone(), r.site.hostile_km));
                Ok::<_, ()>(())
            })
            .expect("visits");
        let want: Vec<_> = order
            .iter()
            .map(|&i| {
                (
                    ready[i].hub.id,
                    ready[i].site.country.clone(),
                    ready[i].site.hostile_km,
                )
            })
            .collect();
        assert_eq!(seen, want);
        assert!(
            seen.iter()
                .any(|s| s.1.as_ref().is_some_and(|c| c.0 == "UKR"))
        );
        // An error stops the visit at once.
        let mut n = 0;
        let stopped = Records::Ready(&ready).visit_all(|_| {
            n += 1;
            if n == 5 { Err("stop") } else { Ok(()) }
        });
        assert_eq!((stopped, n), (Err("stop"), 5));
    }
}
