//! Geography: countries and Ukraine's oblasts as polygons, loaded from GeoJSON.
//!
//! A [`RegionLayer`] is a list of named polygon regions with a spatial index for
//! point lookups ("which country / oblast is at this longitude and latitude?").
//! [`Geography`] bundles the country layer (the basemap, replaceable by the user) and
//! the oblast layer that ship inside the binary.

use std::path::Path;
use std::sync::Arc;

use geo::{BoundingRect, MultiPolygon};
use rstar::{AABB, RTree, primitives::GeomWithData, primitives::Rectangle};
use serde_json::Value;

use crate::model::polygon_features::{self, Contents, Shape};
use crate::projection::GeoBounds;

/// The country basemap shipped with the app (Natural Earth 1:10m, see `maps/README.md`).
///
/// The built-in texts are `static`, not `const`: a `const` is copied into every code
/// unit that names it, and the binary held this 6 MB file twice.
pub static BUILTIN_COUNTRIES: &str = include_str!("../../maps/countries.geojson");
/// Ukraine's oblasts shipped with the app (see `maps/README.md`).
pub static BUILTIN_OBLASTS: &str = include_str!("../../maps/ukraine_oblasts.geojson");

/// Largest basemap file accepted. The shipped 1:10m Europe is ~6 MB; a basemap of
/// hundreds of MB would take minutes to triangulate and is almost surely a mistake.
pub const MAX_BASEMAP_BYTES: u64 = 128 * 1024 * 1024;

/// Why a map file could not be used. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    /// The file could not be read.
    #[error("{path}: cannot read the file: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_BASEMAP_BYTES`].
    #[error(
        "{path}: the file is {size_mb:.0} MB; basemaps larger than {limit_mb} MB are not accepted"
    )]
    TooLarge {
        /// The file.
        path: String,
        /// Its size in MB.
        size_mb: f64,
        /// The limit in MB.
        limit_mb: u64,
    },
    /// The file holds binary data (a NUL byte), e.g. a shapefile or a ZIP.
    #[error(
        "{path}: this is a binary file, not GeoJSON text (found a zero byte at offset {offset})"
    )]
    Binary {
        /// The file.
        path: String,
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// The file is empty.
    #[error("{path}: the file is empty")]
    Empty {
        /// The file.
        path: String,
    },
    /// JSON syntax error.
    #[error("{path}: invalid JSON at line {line}, column {column}: {cause}")]
    Json {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        cause: String,
    },
    /// Valid JSON, but not GeoJSON of the expected shape.
    #[error("{path}: not usable GeoJSON: {cause}")]
    NotGeoJson {
        /// The file.
        path: String,
        /// What is wrong.
        cause: String,
    },
    /// Valid GeoJSON without any polygon.
    #[error(
        "{path}: no Polygon or MultiPolygon features among {features} feature(s); a basemap needs areas"
    )]
    NoPolygons {
        /// The file.
        path: String,
        /// How many features there were.
        features: usize,
    },
}

/// Which properties name a region, per layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerKind {
    /// Countries: code from `iso_a3`/`ISO_A3`/`ADM0_A3`/…, name from `name`/`NAME`/`ADMIN`.
    Countries,
    /// First-level subdivisions: code from `iso_3166_2`.
    Subdivisions,
}

/// One named area: a country or an oblast.
#[derive(Clone, Debug)]
pub struct Region {
    /// ISO 3166-1 alpha-3 for countries, ISO 3166-2 for oblasts; `#N` if the file had none.
    pub code: String,
    /// English name.
    pub name: String,
    /// Outline in longitude/latitude degrees.
    pub geometry: Arc<MultiPolygon<f64>>,
    /// Bounding box.
    pub bounds: GeoBounds,
    /// Where the label goes (lon, lat): the file's label point, or the bbox centre.
    pub label_point: (f64, f64),
    /// Smallest zoom at which the label should appear (Natural Earth `min_label`), if known.
    pub min_label_zoom: Option<f64>,
    /// Number of vertices, for level-of-detail decisions and statistics.
    pub vertex_count: usize,
}

/// How many segments of a ring one entry of the outline index covers: few enough that
/// measuring them all is quick, enough that the index stays small (about 300,000
/// segments of the shipped countries in 10,000 runs).
const RUN: usize = 32;

/// A run of a ring's segments: region, polygon, ring (0 the exterior, then the holes)
/// and the index of its first point.
#[derive(Clone, Copy, Debug, PartialEq)]
struct RunRef {
    region: u32,
    part: u32,
    ring: u32,
    start: u32,
}

/// A layer of regions with a spatial index.
#[derive(Debug)]
pub struct RegionLayer {
    regions: Vec<Region>,
    index: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
    /// Every ring cut into runs of at most [`RUN`] segments, each run's box in an R-tree:
    /// which outlines are near a point just offshore. Built the first time a point off
    /// every region asks. (One segment tree of every outline took 230 ms and 45 MB; a
    /// region's box can span the globe, as Russia's and the United States' do across the
    /// antimeridian, so even per-region trees built far more than a coast needs.)
    runs: std::sync::OnceLock<RTree<GeomWithData<Rectangle<[f64; 2]>, RunRef>>>,
    /// Each region's edges by latitude band, for point-in-area tests; built per region
    /// the first time a point falls in its box (a start-up pays for none of them).
    areas: Vec<std::sync::OnceLock<crate::model::polygon_index::PolygonIndex>>,
    skipped: usize,
    /// What was skipped or repaired, feature by feature, for the user.
    problems: Vec<String>,
}

impl RegionLayer {
    /// Parses GeoJSON text (a FeatureCollection or a single Feature) into a layer.
    /// `path` names the source in error messages.
    pub fn from_geojson(text: &str, path: &str, kind: LayerKind) -> Result<Self, MapError> {
        Self::read(text, path, kind, true)
    }

    /// [`RegionLayer::from_geojson`]; `crossings` says whether rings are checked for
    /// crossing themselves (the shipped maps are checked once by a test instead of at
    /// every start).
    fn read(text: &str, path: &str, kind: LayerKind, crossings: bool) -> Result<Self, MapError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(MapError::Empty { path: path.into() });
        }
        let features = match polygon_features::read(text).map_err(|e| json_error(path, &e))? {
            Contents::Features(features) => features,
            Contents::BareGeometry => {
                return Err(MapError::NotGeoJson {
                    path: path.into(),
                    cause: "a bare Geometry; a basemap must be a FeatureCollection with properties naming each area".into(),
                });
            }
        };
        let total = features.len();
        let mut regions = Vec::with_capacity(total);
        let mut skipped = 0;
        let mut problems = Vec::new();
        for (i, feature) in features.into_iter().enumerate() {
            let polygons = match feature.shape {
                Shape::Polygons(polygons) => polygons,
                Shape::Missing => {
                    skipped += 1;
                    problems.push(format!("feature {}: no geometry; skipped", i + 1));
                    continue;
                }
                Shape::Other(type_name) => {
                    skipped += 1;
                    problems.push(format!(
                        "feature {}: a {type_name}, not a Polygon or MultiPolygon; skipped",
                        i + 1,
                    ));
                    continue;
                }
                Shape::ShortPosition(n) => {
                    return Err(MapError::NotGeoJson {
                        path: path.into(),
                        cause: format!(
                            "feature {} has a position with {n} number(s); a position needs longitude and latitude",
                            i + 1,
                        ),
                    });
                }
            };
            if let Some((x, y)) = polygons
                .iter()
                .flatten()
                .flatten()
                .find(|(x, y)| !(x.abs() <= 180.000_1 && y.abs() <= 90.000_1))
            {
                return Err(MapError::NotGeoJson {
                    path: path.into(),
                    cause: format!(
                        "feature {} has coordinate ({x}, {y}) outside longitude ±180 / latitude ±90; \
                         GeoJSON must use WGS84 degrees (was it saved in a projected CRS?)",
                        i + 1,
                    ),
                });
            }
            // Each ring checked: too few points or crossing itself → skipped, at a
            // pole → clamped; the reasons name the feature.
            let label = feature
                .properties
                .as_ref()
                .and_then(region_name)
                .map_or_else(
                    || format!("feature {}", i + 1),
                    |n| format!("feature {} ({n})", i + 1),
                );
            let mut parts = Vec::with_capacity(polygons.len());
            let count = polygons.len();
            for (k, rings) in polygons.iter().enumerate() {
                let checked = crate::model::ring_check::check_polygon(rings, crossings);
                let part = if count > 1 {
                    format!(", part {}", k + 1)
                } else {
                    String::new()
                };
                problems.extend(
                    checked
                        .notes
                        .into_iter()
                        .map(|n| format!("{label}{part}: {n}")),
                );
                parts.extend(checked.polygon);
            }
            let multi = MultiPolygon::new(parts);
            let Some(rect) = multi.bounding_rect() else {
                skipped += 1;
                continue;
            };
            let props = feature.properties.unwrap_or_default();
            let code = region_code(&props, kind).unwrap_or_else(|| format!("#{}", i + 1));
            let name = region_name(&props).unwrap_or_else(|| code.clone());
            let bounds = GeoBounds::new(rect.min().x, rect.min().y, rect.max().x, rect.max().y);
            let label_point = match (number(&props, "label_lon"), number(&props, "label_lat")) {
                (Some(x), Some(y)) => (x, y),
                _ => match (number(&props, "LABEL_X"), number(&props, "LABEL_Y")) {
                    (Some(x), Some(y)) => (x, y),
                    _ => (
                        (bounds.min_lon + bounds.max_lon) / 2.0,
                        (bounds.min_lat + bounds.max_lat) / 2.0,
                    ),
                },
            };
            let min_label_zoom =
                number(&props, "min_label").or_else(|| number(&props, "MIN_LABEL"));
            let vertex_count = multi
                .iter()
                .map(|p| {
                    p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>()
                })
                .sum();
            regions.push(Region {
                code,
                name,
                geometry: Arc::new(multi),
                bounds,
                label_point,
                min_label_zoom,
                vertex_count,
            });
        }
        if regions.is_empty() {
            return Err(MapError::NoPolygons {
                path: path.into(),
                features: total,
            });
        }
        let mut layer = Self::from_regions(regions, skipped);
        layer.problems = problems;
        Ok(layer)
    }

    /// Reads a GeoJSON file from disk, refusing huge, empty and binary files up front.
    pub fn from_path(path: &Path, kind: LayerKind) -> Result<Self, MapError> {
        let shown = path.display().to_string();
        let io = |source| MapError::Io {
            path: shown.clone(),
            source,
        };
        use crate::model::text_file::{TextError, read_limited};
        let text = read_limited(path, MAX_BASEMAP_BYTES).map_err(|e| match e {
            TextError::Io(source) => io(source),
            TextError::TooLarge {
                size: Some(size), ..
            } => MapError::TooLarge {
                path: shown.clone(),
                size_mb: size as f64 / (1024.0 * 1024.0),
                limit_mb: MAX_BASEMAP_BYTES / (1024 * 1024),
            },
            TextError::Binary { offset } => MapError::Binary {
                path: shown.clone(),
                offset,
            },
            other => MapError::NotGeoJson {
                path: shown.clone(),
                cause: other.to_string(),
            },
        })?;
        Self::from_geojson(&text, &shown, kind)
    }

    fn from_regions(regions: Vec<Region>, skipped: usize) -> Self {
        let regions_len = regions.len();
        let boxes = regions
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let b = r.bounds;
                GeomWithData::new(
                    Rectangle::from_corners([b.min_lon, b.min_lat], [b.max_lon, b.max_lat]),
                    i,
                )
            })
            .collect();
        Self {
            regions,
            index: RTree::bulk_load(boxes),
            runs: std::sync::OnceLock::new(),
            areas: (0..regions_len)
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            skipped,
            problems: Vec::new(),
        }
    }

    /// The region whose outline is nearest to a point and within `max_km` of it, with
    /// the geodesic distance in km (for points just offshore); `None` when no outline is
    /// that near. Only regions with a polygon whose box is within reach are measured.
    pub fn nearest_outline_within(&self, lon: f64, lat: f64, max_km: f64) -> Option<(usize, f64)> {
        // A degree of latitude is at least 110.57 km on the ellipsoid; a degree of
        // longitude shrinks with the cosine of the latitude furthest from the equator.
        let dlat = max_km.max(0.0) / 110.0;
        let far = (lat.abs() + dlat).min(90.0).to_radians().cos();
        let dlon = if far > 1e-3 { dlat / far } else { 360.0 };
        // The box may run over the antimeridian: look on the other side too.
        let shifts: &[f64] = if lon + dlon > 180.0 {
            &[0.0, -360.0]
        } else if lon - dlon < -180.0 {
            &[0.0, 360.0]
        } else {
            &[0.0]
        };
        let runs = self.runs.get_or_init(|| self.index_runs());
        let near = shifts.iter().flat_map(|shift| {
            let (x, y) = (lon + shift, lat);
            runs.locate_in_envelope_intersecting(&AABB::from_corners(
                [x - dlon, y - dlat],
                [x + dlon, y + dlat],
            ))
        });
        crate::model::sphere_index::nearest_on_runs(
            lon,
            lat,
            near.map(|g| (self.run(g.data), g.data.region)),
        )
        .map(|(km, region, _)| (region as usize, km))
        .filter(|&(_, km)| km <= max_km)
    }

    /// The points of a run (its segments' ends).
    fn run(&self, r: RunRef) -> &[geo::Coord<f64>] {
        let polygon = &self.regions[r.region as usize].geometry.0[r.part as usize];
        let ring = match r.ring {
            0 => polygon.exterior(),
            k => &polygon.interiors()[k as usize - 1],
        };
        let points = &ring.0;
        let start = r.start as usize;
        &points[start..(start + RUN + 1).min(points.len())]
    }

    /// Every ring's runs of segments with their boxes.
    fn index_runs(&self) -> RTree<GeomWithData<Rectangle<[f64; 2]>, RunRef>> {
        let mut runs = Vec::new();
        for (region, r) in self.regions.iter().enumerate() {
            for (part, polygon) in r.geometry.0.iter().enumerate() {
                let rings = std::iter::once(polygon.exterior()).chain(polygon.interiors());
                for (ring, line) in rings.enumerate() {
                    let points = &line.0;
                    for start in (0..points.len().saturating_sub(1)).step_by(RUN) {
                        let run = &points[start..(start + RUN + 1).min(points.len())];
                        let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
                        for c in run {
                            lo = [lo[0].min(c.x), lo[1].min(c.y)];
                            hi = [hi[0].max(c.x), hi[1].max(c.y)];
                        }
                        // Indices fit: a layer is at most MAX_BASEMAP_BYTES of text.
                        let id = RunRef {
                            region: region as u32,
                            part: part as u32,
                            ring: ring as u32,
                            start: start as u32,
                        };
                        runs.push(GeomWithData::new(Rectangle::from_corners(lo, hi), id));
                    }
                }
            }
        }
        RTree::bulk_load(runs)
    }

    /// All regions, in file order.
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// How many features were skipped because they were not polygons.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// Features (or rings of them) skipped or repaired, each with its feature number,
    /// name and why: "feature 3 (Atlantis): its outer ring crosses itself near …; skipped".
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The region with this code.
    pub fn get(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }

    /// Index of the region containing the point, if any. Where regions overlap (as
    /// disputed areas can), the smallest by bounding box wins, being the most specific.
    pub fn index_at(&self, lon: f64, lat: f64) -> Option<usize> {
        let mut candidates: Vec<usize> = self
            .index
            .locate_in_envelope_intersecting(&AABB::from_point([lon, lat]))
            .map(|g| g.data)
            .collect();
        // Smallest box first, and stop at the first hit: a point in Ukraine is never
        // tested against Russia's 1:10m outline, whose box covers half of Ukraine.
        candidates.sort_by(|&a, &b| {
            bbox_area(self.regions[a].bounds).total_cmp(&bbox_area(self.regions[b].bounds))
        });
        candidates.into_iter().find(|&i| self.contains(i, lon, lat))
    }

    /// Whether region `i` contains the point (through its banded edge index).
    fn contains(&self, i: usize, lon: f64, lat: f64) -> bool {
        self.areas[i]
            .get_or_init(|| {
                crate::model::polygon_index::PolygonIndex::build(&self.regions[i].geometry)
            })
            .contains(lon, lat)
    }

    /// The region containing the point, if any.
    pub fn region_at(&self, lon: f64, lat: f64) -> Option<&Region> {
        self.index_at(lon, lat).map(|i| &self.regions[i])
    }

    /// Bounding box of all regions whose code passes `keep`.
    pub fn bounds_of(&self, mut keep: impl FnMut(&Region) -> bool) -> Option<GeoBounds> {
        self.regions
            .iter()
            .filter(|r| keep(r))
            .map(|r| r.bounds)
            .reduce(GeoBounds::union)
    }

    /// Total vertex count of the layer.
    pub fn vertex_count(&self) -> usize {
        self.regions.iter().map(|r| r.vertex_count).sum()
    }
}

fn bbox_area(b: GeoBounds) -> f64 {
    (b.max_lon - b.min_lon) * (b.max_lat - b.min_lat)
}

fn json_error(path: &str, e: &serde_json::Error) -> MapError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Data => MapError::NotGeoJson {
            path: path.into(),
            cause: format!("{e}"),
        },
        _ => MapError::Json {
            path: path.into(),
            line: e.line(),
            column: e.column(),
            cause: strip_position(&e.to_string()),
        },
    }
}

/// serde_json appends " at line L column C"; the error message states those separately.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

fn string(props: &geojson::JsonObject, key: &str) -> Option<String> {
    match props.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number(props: &geojson::JsonObject, key: &str) -> Option<f64> {
    props.get(key)?.as_f64().filter(|v| v.is_finite())
}

fn region_code(props: &geojson::JsonObject, kind: LayerKind) -> Option<String> {
    let keys: &[&str] = match kind {
        LayerKind::Countries => &[
            "iso_a3",
            "ISO_A3",
            "ADM0_A3",
            "adm0_a3",
            "iso3",
            "ISO3",
            "ISO3166-1-Alpha-3",
            "a3",
        ],
        LayerKind::Subdivisions => &["iso_3166_2", "ISO_3166_2", "iso_3166-2", "code"],
    };
    keys.iter()
        .filter_map(|k| string(props, k))
        .find(|v| v != "-99" && v != "-1")
}

fn region_name(props: &geojson::JsonObject) -> Option<String> {
    [
        "name",
        "NAME",
        "ADMIN",
        "admin",
        "name_en",
        "NAME_EN",
        "name_long",
        "NAME_LONG",
    ]
    .iter()
    .find_map(|k| string(props, k))
}

/// The map's geography: the country basemap and Ukraine's oblasts.
#[derive(Debug)]
pub struct Geography {
    /// Countries (the basemap).
    pub countries: RegionLayer,
    /// Ukraine's oblasts, Kyiv city, Crimea and Sevastopol.
    pub oblasts: RegionLayer,
}

impl Geography {
    /// The geography that ships inside the binary.
    pub fn builtin() -> Result<Self, MapError> {
        Ok(Self {
            countries: RegionLayer::read(
                BUILTIN_COUNTRIES,
                "maps/countries.geojson",
                LayerKind::Countries,
                false,
            )?,
            oblasts: RegionLayer::read(
                BUILTIN_OBLASTS,
                "maps/ukraine_oblasts.geojson",
                LayerKind::Subdivisions,
                false,
            )?,
        })
    }

    /// Indices of the country and (inside Ukraine) oblast at a point.
    pub fn locate_indices(&self, lon: f64, lat: f64) -> (Option<usize>, Option<usize>) {
        let country = self.countries.index_at(lon, lat);
        // Oblasts are only looked up where the basemap says Ukraine (or says nothing,
        // e.g. a basemap without Ukraine), so a foreign point never gets an oblast.
        let oblast = match country {
            Some(i) if self.countries.regions()[i].code != "UKR" => None,
            _ => self.oblasts.index_at(lon, lat),
        };
        (country, oblast)
    }

    /// What is at a point: the country and, inside Ukraine, the oblast.
    pub fn locate(&self, lon: f64, lat: f64) -> Location<'_> {
        let (country, oblast) = self.locate_indices(lon, lat);
        Location {
            country: country.map(|i| &self.countries.regions()[i]),
            oblast: oblast.map(|i| &self.oblasts.regions()[i]),
        }
    }
}

/// Result of [`Geography::locate`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Location<'a> {
    /// The country at the point.
    pub country: Option<&'a Region>,
    /// The oblast at the point (Ukraine only).
    pub oblast: Option<&'a Region>,
}

#[cfg(test)]
mod tests;
