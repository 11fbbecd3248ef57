//! The attributes of a hub that the hub tables (CSV, GeoJSON, KML) write, listed once.
//!
//! Each attribute says where its value comes from (a field of the plan, or computed from
//! the hub's position, the maps and the plan) and which formats carry it. The CSV
//! header, the GeoJSON property names, the KML `ExtendedData` names and the columns an
//! import ignores (`plan_csv::DERIVED`) are all derived from [`FIELDS`] at compile time,
//! so adding an attribute to the lists is one row here (its value still has to be
//! written by each exporter).

/// Where an attribute's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// A field of the hub in the plan; an import reads it back.
    Plan,
    /// Computed from the hub, the maps and the plan (status, site, nearest places); an
    /// import ignores it, since it is computed again anyway.
    Computed,
}

/// A set of the hub-table formats that carry an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Formats(u8);

impl Formats {
    /// CSV (`export::csv`).
    pub const CSV: Formats = Formats(1);
    /// GeoJSON (`export::geojson`).
    pub const GEOJSON: Formats = Formats(2);
    /// KML `ExtendedData` (`export::kml`).
    pub const KML: Formats = Formats(4);
    /// CSV and GeoJSON.
    pub const CSV_GEOJSON: Formats = Formats(1 | 2);
    /// GeoJSON and KML.
    pub const GEOJSON_KML: Formats = Formats(2 | 4);
    /// Every hub table.
    pub const ALL: Formats = Formats(1 | 2 | 4);

    /// Whether every format of `other` is in this set.
    pub const fn contains(self, other: Formats) -> bool {
        self.0 & other.0 == other.0
    }
}

/// One attribute of a hub as files write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HubField {
    /// The column or property name.
    pub name: &'static str,
    /// Where the value comes from.
    pub source: Source,
    /// The formats that write it.
    pub formats: Formats,
}

const fn field(name: &'static str, source: Source, formats: Formats) -> HubField {
    HubField {
        name,
        source,
        formats,
    }
}

use Source::{Computed, Plan};

/// Every attribute, in the order files write them (each format takes the rows that
/// carry it, in this order).
///
/// Two attributes sit at different places in different formats, where they have been
/// since those files were first written (spreadsheets and scripts may go by position):
/// `status` comes right after `kind` in KML, and `notes` before `hostile_border_km` in
/// CSV. They appear twice, each row carrying the formats that put it there. New
/// attributes go last, so files made for the earlier columns keep working.
pub const FIELDS: [HubField; 33] = [
    field("id", Plan, Formats::ALL),
    field("name", Plan, Formats::CSV_GEOJSON),
    field("kind", Plan, Formats::ALL),
    field("status", Computed, Formats::KML),
    field("kind_label", Computed, Formats::GEOJSON),
    field("lon", Plan, Formats::CSV_GEOJSON),
    field("lat", Plan, Formats::CSV_GEOJSON),
    field("lead_nation", Plan, Formats::ALL),
    field("contributors", Plan, Formats::ALL),
    field("personnel", Plan, Formats::ALL),
    field("activation", Plan, Formats::ALL),
    field("status", Computed, Formats::CSV_GEOJSON),
    field("country", Computed, Formats::ALL),
    field("country_name", Computed, Formats::GEOJSON),
    field("oblast", Computed, Formats::ALL),
    field("oblast_name", Computed, Formats::GEOJSON),
    field("notes", Plan, Formats::CSV),
    field("hostile_border_km", Computed, Formats::ALL),
    field("warnings", Computed, Formats::ALL),
    field("notes", Plan, Formats::GEOJSON_KML),
    field("range_rings_km", Plan, Formats::ALL),
    field("show_range_rings", Plan, Formats::ALL),
    // Days after the activation condition until the hub stands up (the timeline).
    field("stand_up_days", Plan, Formats::ALL),
    // export::nearest::FIELDS: nearest airfield, port and city.
    field("nearest_airfield_icao", Computed, Formats::ALL),
    field("nearest_airfield", Computed, Formats::ALL),
    field("nearest_airfield_km", Computed, Formats::ALL),
    field("nearest_port", Computed, Formats::ALL),
    field("nearest_port_km", Computed, Formats::ALL),
    field("nearest_city", Computed, Formats::ALL),
    field("nearest_city_km", Computed, Formats::ALL),
    // Control layers: the occupied area the hub is in, distance to the front, zone.
    field("occupied", Computed, Formats::CSV_GEOJSON),
    field("front_km", Computed, Formats::CSV_GEOJSON),
    field("zone", Computed, Formats::CSV_GEOJSON),
];

/// How many attributes `formats` writes (for the length of [`names`]).
pub const fn count(formats: Formats) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < FIELDS.len() {
        if FIELDS[i].formats.contains(formats) {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The names `formats` writes, in order. `N` must be [`count`]`(formats)`; anything
/// else fails to compile where a constant is made from it.
pub const fn names<const N: usize>(formats: Formats) -> [&'static str; N] {
    let mut out = [""; N];
    let mut n = 0;
    let mut i = 0;
    while i < FIELDS.len() {
        if FIELDS[i].formats.contains(formats) {
            assert!(n < N, "names: N is less than count(formats)");
            out[n] = FIELDS[i].name;
            n += 1;
        }
        i += 1;
    }
    assert!(n == N, "names: N is more than count(formats)");
    out
}

/// Whether row `i` is the first with its name (rows written twice count once).
const fn first_of_name(i: usize) -> bool {
    let mut j = 0;
    while j < i {
        if str_eq(FIELDS[j].name, FIELDS[i].name) {
            return false;
        }
        j += 1;
    }
    true
}

/// `a == b` for `&str` in a constant (`PartialEq` is not usable there).
const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// How many distinct computed attributes there are (for the length of
/// [`computed_names`]).
pub const fn computed_count() -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < FIELDS.len() {
        if matches!(FIELDS[i].source, Computed) && first_of_name(i) {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The names of the computed attributes, each once, in [`FIELDS`] order: the columns an
/// import ignores. `N` must be [`computed_count`]`()`.
pub const fn computed_names<const N: usize>() -> [&'static str; N] {
    let mut out = [""; N];
    let mut n = 0;
    let mut i = 0;
    while i < FIELDS.len() {
        if matches!(FIELDS[i].source, Computed) && first_of_name(i) {
            assert!(n < N, "computed_names: N is less than computed_count()");
            out[n] = FIELDS[i].name;
            n += 1;
        }
        i += 1;
    }
    assert!(n == N, "computed_names: N is more than computed_count()");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_writes_each_name_once() {
        for formats in [Formats::CSV, Formats::GEOJSON, Formats::KML] {
            let mut seen = std::collections::HashSet::new();
            for f in FIELDS.iter().filter(|f| f.formats.contains(formats)) {
                assert!(seen.insert(f.name), "{} twice in {formats:?}", f.name);
            }
        }
        // A name written twice keeps its source.
        for a in &FIELDS {
            for b in FIELDS.iter().filter(|b| b.name == a.name) {
                assert_eq!(a.source, b.source, "{}", a.name);
            }
        }
    }

    #[test]
    fn kml_names() {
        let kml: [&str; count(Formats::KML)] = names(Formats::KML);
        assert_eq!(
            kml,
            [
                "id",
                "kind",
                "status",
                "lead_nation",
                "contributors",
                "personnel",
                "activation",
                "country",
                "oblast",
                "hostile_border_km",
                "warnings",
                "notes",
                "range_rings_km",
                "show_range_rings",
                "stand_up_days",
                "nearest_airfield_icao",
                "nearest_airfield",
                "nearest_airfield_km",
                "nearest_port",
                "nearest_port_km",
                "nearest_city",
                "nearest_city_km",
            ]
        );
    }

    #[test]
    fn str_eq_compares_whole_strings() {
        assert!(str_eq("notes", "notes"));
        assert!(!str_eq("notes", "note"));
        assert!(!str_eq("zone", "zona"));
        assert!(str_eq("", ""));
    }
}
