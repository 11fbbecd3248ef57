//! Map preparation that does not need egui: meshes, label placement, scale bar.

pub mod clip;
pub mod cluster;
pub mod control_style;
pub mod control_view;
pub mod hub_index;
pub mod labels;
pub mod mesh;
pub mod place_marks;
pub mod rings;
pub mod scale_bar;
pub mod scene;
pub mod style;
pub mod theme;
pub mod threat_field;
pub mod topology;

use crate::model::geography::{Geography, MapError, RegionLayer};
use mesh::PreparedLayer;

/// What the Europe view frames: from Portugal to the Urals' foot, Crete to Lapland.
pub const EUROPE_BOUNDS: crate::projection::GeoBounds =
    crate::projection::GeoBounds::new(-11.0, 35.0, 48.0, 64.0);

/// Geography plus its prepared meshes: everything the map widget draws.
#[derive(Debug)]
pub struct MapData {
    /// The source polygons, for lookups.
    pub geography: Geography,
    /// Country meshes, same order as `geography.countries`.
    pub countries: PreparedLayer,
    /// Oblast meshes, same order as `geography.oblasts`.
    pub oblasts: PreparedLayer,
    /// Where the basemap came from, for the status bar ("built-in" or a path).
    pub basemap_source: String,
}

impl MapData {
    /// Prepares a geography for drawing.
    pub fn new(geography: Geography, basemap_source: String) -> Self {
        let countries = PreparedLayer::prepare(&geography.countries);
        let oblasts = PreparedLayer::prepare(&geography.oblasts);
        Self {
            geography,
            countries,
            oblasts,
            basemap_source,
        }
    }

    /// The maps that ship inside the binary.
    pub fn builtin() -> Result<Self, MapError> {
        Ok(Self::new(
            Geography::builtin()?,
            "built-in Natural Earth 1:10m".into(),
        ))
    }

    /// Replaces the country layer with another basemap, keeping the oblasts.
    pub fn replace_basemap(&mut self, countries: RegionLayer, source: String) {
        self.countries = PreparedLayer::prepare(&countries);
        self.geography.countries = countries;
        self.basemap_source = source;
    }
}
