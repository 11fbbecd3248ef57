//! A spatial index of hubs in world coordinates, for hit-testing and box selection.
//!
//! Rebuilt only when the plan changes; a pointer move is then one R-tree query rather
//! than a scan of every hub.

use rstar::{AABB, RTree, primitives::GeomWithData};

use crate::model::hub::HubId;
use crate::model::plan::Plan;
use crate::projection::{WorldPoint, world_from_geo};

type Entry = GeomWithData<[f64; 2], HubId>;

/// Hub positions indexed by an R-tree.
#[derive(Debug, Default)]
pub struct HubIndex {
    tree: RTree<Entry>,
}

impl HubIndex {
    /// Indexes every hub of the plan.
    pub fn build(plan: &Plan) -> Self {
        let entries = plan
            .hubs
            .iter()
            .map(|h| {
                let w = world_from_geo(h.lon, h.lat);
                GeomWithData::new([w.x, w.y], h.id)
            })
            .collect();
        Self {
            tree: RTree::bulk_load(entries),
        }
    }

    /// Number of hubs indexed.
    pub fn len(&self) -> usize {
        self.tree.size()
    }

    /// Whether no hub is indexed.
    pub fn is_empty(&self) -> bool {
        self.tree.size() == 0
    }

    /// The hub nearest to `at` within `radius` (world units), if any.
    pub fn nearest_within(&self, at: WorldPoint, radius: f64) -> Option<HubId> {
        self.tree
            .nearest_neighbor(&[at.x, at.y])
            .filter(|e| {
                let p = e.geom();
                (p[0] - at.x).powi(2) + (p[1] - at.y).powi(2) <= radius * radius
            })
            .map(|e| e.data)
    }

    /// Every hub inside the world box `(min, max)`.
    pub fn within(&self, min: WorldPoint, max: WorldPoint) -> Vec<HubId> {
        self.tree
            .locate_in_envelope(&AABB::from_corners([min.x, min.y], [max.x, max.y]))
            .map(|e| e.data)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::hub::Hub;

    #[test]
    fn nearest_and_box_queries() {
        let mut plan = Plan::default();
        let kyiv = plan.insert_hub(Hub::new(HubId(0), "Kyiv", 30.52, 50.45));
        let lviv = plan.insert_hub(Hub::new(HubId(0), "Lviv", 24.03, 49.84));
        let index = HubIndex::build(&plan);
        assert_eq!(index.len(), 2);
        let near_kyiv = world_from_geo(30.6, 50.5);
        assert_eq!(index.nearest_within(near_kyiv, 0.001), Some(kyiv));
        assert_eq!(index.nearest_within(near_kyiv, 0.00001), None);
        let min = world_from_geo(22.0, 51.0);
        let max = world_from_geo(26.0, 48.0);
        assert_eq!(index.within(min, max), vec![lviv]);
        assert!(HubIndex::default().nearest_within(near_kyiv, 1.0).is_none());
    }
}
