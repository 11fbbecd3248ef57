//! Control features prepared for drawing: areas projected, simplified per level of
//! detail and triangulated like the basemap's regions (`map::mesh`), lines projected
//! and simplified per level, plus the index the hover readout asks. Built once per
//! change of the plan's control layer, shared by every frame.

use std::sync::Arc;

use geo::{Coord, LineString, Simplify};

use crate::map::mesh::{LOD_COUNT, PreparedRegion, lod_tolerance, prepare_region};
use crate::map::threat_field::ControlScene;
use crate::model::control::{ControlFeature, ControlGeometry, ControlSettings};
use crate::model::control_index::ControlIndex;
use crate::model::geography::Region;
use crate::projection::{GeoBounds, WorldPoint, world_from_geo};

/// One area ready to draw.
#[derive(Debug)]
pub struct PreparedArea {
    /// Index into [`PreparedControl::features`].
    pub feature: usize,
    /// Meshes per level, as the basemap's.
    pub region: PreparedRegion,
}

/// One line ready to draw.
#[derive(Debug)]
pub struct PreparedLine {
    /// Index into [`PreparedControl::features`].
    pub feature: usize,
    /// Parts in world coordinates, per level of detail.
    pub lods: Vec<Vec<Vec<WorldPoint>>>,
    /// World-space box (min, max).
    pub world_min: WorldPoint,
    /// See `world_min`.
    pub world_max: WorldPoint,
}

/// The control layer of a plan, ready to draw and to answer hover questions.
#[derive(Debug, Default)]
pub struct PreparedControl {
    /// The features in effect (the reference first when the plan shows it), shared
    /// with the [`ControlView`] that shows them.
    pub features: Arc<Vec<ControlFeature>>,
    /// Areas.
    pub areas: Vec<PreparedArea>,
    /// Lines.
    pub lines: Vec<PreparedLine>,
    /// For "occupied area: NAME, as of DATE" under the pointer.
    pub index: ControlIndex,
}

fn bounds_of(paths: &[&LineString<f64>]) -> GeoBounds {
    let mut b = GeoBounds::new(f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for c in paths.iter().flat_map(|p| p.0.iter()) {
        b.min_lon = b.min_lon.min(c.x);
        b.min_lat = b.min_lat.min(c.y);
        b.max_lon = b.max_lon.max(c.x);
        b.max_lat = b.max_lat.max(c.y);
    }
    b
}

impl PreparedControl {
    /// Prepares the features in effect under the plan's settings.
    pub fn prepare(features: Arc<Vec<ControlFeature>>, settings: &ControlSettings) -> Self {
        let mut areas = Vec::new();
        let mut lines = Vec::new();
        for (i, f) in features.iter().enumerate() {
            let paths = f.geometry.paths();
            if paths.is_empty() {
                continue;
            }
            let bounds = bounds_of(&paths);
            match &f.geometry {
                ControlGeometry::Area(mp) => {
                    let region = Region {
                        code: String::new(),
                        name: f.name.clone(),
                        geometry: std::sync::Arc::new(mp.clone()),
                        bounds,
                        label_point: (
                            (bounds.min_lon + bounds.max_lon) / 2.0,
                            (bounds.min_lat + bounds.max_lat) / 2.0,
                        ),
                        min_label_zoom: None,
                        vertex_count: f.geometry.vertex_count(),
                    };
                    areas.push(PreparedArea {
                        feature: i,
                        region: prepare_region(&region),
                    });
                }
                ControlGeometry::Line(ml) => {
                    let world: Vec<LineString<f64>> =
                        ml.0.iter()
                            .map(|l| {
                                LineString(
                                    l.0.iter()
                                        .map(|c| {
                                            let w = world_from_geo(c.x, c.y);
                                            Coord { x: w.x, y: w.y }
                                        })
                                        .collect(),
                                )
                            })
                            .collect();
                    let lods = (0..LOD_COUNT)
                        .map(|lod| {
                            let t = lod_tolerance(lod);
                            world
                                .iter()
                                .map(|l| {
                                    let s = if t > 0.0 { l.simplify(t) } else { l.clone() };
                                    s.0.iter().map(|c| WorldPoint::new(c.x, c.y)).collect()
                                })
                                .collect()
                        })
                        .collect();
                    lines.push(PreparedLine {
                        feature: i,
                        lods,
                        world_min: world_from_geo(bounds.min_lon, bounds.max_lat),
                        world_max: world_from_geo(bounds.max_lon, bounds.min_lat),
                    });
                }
            }
        }
        let index = ControlIndex::build(features.iter(), settings);
        Self {
            features,
            areas,
            lines,
            index,
        }
    }
}

/// What the map widget draws for the control layers: the prepared features, and the
/// threat bands and zone once they are computed (off the UI thread).
#[derive(Clone, Debug, Default)]
pub struct ControlView {
    /// The features in effect, known as soon as the plan is: the legend and the credit
    /// are built from them, so they (and the room a fitted map leaves for them) do not
    /// change when the background work arrives.
    pub features: Arc<Vec<ControlFeature>>,
    /// The prepared features (`features` once prepared off the UI thread).
    pub prepared: Arc<PreparedControl>,
    /// Threat bands and the ceasefire zone; `None` while being computed.
    pub scene: Option<Arc<ControlScene>>,
    /// Bumped whenever `prepared` or `scene` changes (for drawing caches).
    pub revision: u64,
    /// The plan's settings the view was made for.
    pub settings: ControlSettings,
}

impl ControlView {
    /// Whether the ceasefire zone is drawn or, while it is being computed, will be:
    /// its legend row does not wait for the background work.
    pub fn zone_drawn(&self) -> bool {
        match &self.scene {
            Some(scene) => !scene.zone_outline.is_empty(),
            None => {
                crate::map::threat_field::zone_box(&self.features, self.settings.zone_half_width_km)
                    .is_some()
            }
        }
    }
}
