//! Which column or property of an imported file fills which hub field, and how its
//! values are read: the one set of import rules the GeoJSON and CSV readers share.
//!
//! Names are matched in any case among synonyms (`name`/`title`/`label`, `kind`/`type`/
//! `category`, `lead_nation`/`lead`/`nation`/`country`…); kinds by their words (hq,
//! airbase, port, depot…); nations by ISO 3166-1 alpha-3, alpha-2 or English name.
//! Values that cannot be taken as they are (a negative personnel, a 10 MB name, a
//! duplicate id) are never silently cut or clamped: each leaves a note in the report.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::hub::{HubId, HubKind};
use crate::model::plan::Plan;
use crate::model::roster::Roster;

/// Longest hub name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest notes accepted, in characters.
pub const MAX_NOTES_CHARS: usize = 10_000;
/// Largest id kept from a file: 2^53 − 1, the largest integer every JSON reader
/// (JavaScript, QGIS) holds exactly. Larger ids are renumbered, so none can collide or
/// wrap to 0.
pub const MAX_ID: u64 = (1 << 53) - 1;

/// Header names accepted for the longitude, in order of preference.
pub const LON_NAMES: [&str; 5] = ["lon", "longitude", "lng", "long", "x"];
/// Header names accepted for the latitude, in order of preference.
pub const LAT_NAMES: [&str; 3] = ["lat", "latitude", "y"];

/// A hub field that a column can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Longitude (CSV only; GeoJSON has a geometry).
    Lon,
    /// Latitude (CSV only).
    Lat,
    /// Hub id.
    Id,
    /// Name.
    Name,
    /// Kind.
    Kind,
    /// Lead nation.
    LeadNation,
    /// Contributing nations.
    Contributors,
    /// Personnel.
    Personnel,
    /// Activation condition.
    Activation,
    /// Notes.
    Notes,
    /// Range rings in km.
    RangeRings,
    /// Whether the rings show.
    ShowRangeRings,
    /// Stand-up delay in days after the activation condition (the timeline).
    StandUpDays,
}

impl Field {
    /// Every field, in the order the import dialog lists them.
    pub const ALL: [Field; 13] = [
        Field::Name,
        Field::Kind,
        Field::LeadNation,
        Field::Contributors,
        Field::Personnel,
        Field::Activation,
        Field::Notes,
        Field::Id,
        Field::Lon,
        Field::Lat,
        Field::RangeRings,
        Field::ShowRangeRings,
        Field::StandUpDays,
    ];

    /// The key a plan file uses for the field.
    pub fn key(self) -> &'static str {
        self.synonyms()[0]
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Field::Lon => "longitude",
            Field::Lat => "latitude",
            Field::Id => "id",
            Field::Name => "name",
            Field::Kind => "kind",
            Field::LeadNation => "lead nation",
            Field::Contributors => "contributors",
            Field::Personnel => "personnel",
            Field::Activation => "activation",
            Field::Notes => "notes",
            Field::RangeRings => "range rings (km)",
            Field::ShowRangeRings => "show range rings",
            Field::StandUpDays => "stand-up delay (days)",
        }
    }

    /// Column names taken for the field, most preferred first (lower case).
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Lon => &LON_NAMES,
            Field::Lat => &LAT_NAMES,
            Field::Id => &["id"],
            Field::Name => &["name", "title", "label"],
            Field::Kind => &["kind", "type", "category"],
            // `country` last: our own exports write it for where a hub is, beside
            // `lead_nation`, which then wins.
            Field::LeadNation => &["lead_nation", "lead", "nation", "country"],
            Field::Contributors => &["contributors"],
            Field::Personnel => &["personnel"],
            Field::Activation => &["activation"],
            Field::Notes => &["notes", "note"],
            Field::RangeRings => &["range_rings_km"],
            Field::ShowRangeRings => &["show_range_rings"],
            Field::StandUpDays => &["stand_up_days", "stand_up"],
        }
    }
}

/// What the user chose for one column in the import dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// Fill this field.
    Field(Field),
    /// Keep the column as an extra property.
    Keep,
}

/// A user's mapping of columns to fields, remembered for files with the same columns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldMapping {
    /// Column name (as in the file) → choice. Columns not listed are matched as usual.
    pub columns: BTreeMap<String, Choice>,
}

impl FieldMapping {
    /// The key a mapping is remembered under: the file's column names, sorted, in
    /// lower case.
    pub fn signature(columns: &[String]) -> String {
        let mut names: Vec<String> = columns.iter().map(|c| c.trim().to_lowercase()).collect();
        names.sort();
        names.join("\u{1f}")
    }
}

/// Which field each column fills, after matching.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolved {
    /// Per column, in file order.
    pub by_column: Vec<Option<Field>>,
}

impl Resolved {
    /// Matches columns to fields: the user's choices first, then for each field the
    /// most preferred synonym present (any case); a field is filled by one column only.
    pub fn new(columns: &[String], mapping: Option<&FieldMapping>) -> Self {
        Self::for_fields(columns, mapping, &Field::ALL)
    }

    /// [`Resolved::new`] for only some fields (GeoJSON has no coordinate columns).
    pub fn for_fields(
        columns: &[String],
        mapping: Option<&FieldMapping>,
        fields: &[Field],
    ) -> Self {
        let mut by_column = vec![None; columns.len()];
        let mut taken = HashSet::new();
        let mut decided = vec![false; columns.len()];
        if let Some(m) = mapping {
            for (i, c) in columns.iter().enumerate() {
                match m.columns.get(c.trim()) {
                    Some(Choice::Field(f)) if fields.contains(f) && taken.insert(*f) => {
                        by_column[i] = Some(*f);
                        decided[i] = true;
                    }
                    Some(_) => decided[i] = true,
                    None => {}
                }
            }
        }
        let lower: Vec<String> = columns.iter().map(|c| c.trim().to_lowercase()).collect();
        for &field in fields {
            if taken.contains(&field) {
                continue;
            }
            let found = field.synonyms().iter().find_map(|s| {
                lower
                    .iter()
                    .enumerate()
                    .position(|(i, c)| !decided[i] && c == s)
            });
            if let Some(i) = found {
                by_column[i] = Some(field);
                decided[i] = true;
                taken.insert(field);
            }
        }
        Self { by_column }
    }

    /// The column that fills `field`.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.by_column.iter().position(|f| *f == Some(field))
    }

    /// "type as kind" for each column whose name is not the field's own key.
    pub fn describe(&self, columns: &[String]) -> Vec<String> {
        columns
            .iter()
            .zip(&self.by_column)
            .filter_map(|(c, f)| {
                f.filter(|f| !c.trim().eq_ignore_ascii_case(f.key()))
                    .map(|f| format!("{} as {}", c.trim(), f.label()))
            })
            .collect()
    }
}

/// Reads a kind from its key or label, or from the words people use: "hq" → force HQ,
/// "airbase" → air, "port" → naval, "depot" → protected facility…; anything else is
/// the planner's own kind, kept as written.
pub fn kind(text: &str) -> HubKind {
    let parsed = HubKind::parse(text);
    if !matches!(parsed, HubKind::Custom(_)) {
        return parsed;
    }
    let words = text.trim().to_lowercase().replace(['_', '-'], " ");
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    match words.as_str() {
        "hq" | "headquarters" | "force hq" | "force headquarters" | "command" | "coordination"
        | "coordination cell" | "mnf hq" => HubKind::ForceHq,
        "air" | "airbase" | "air base" | "airfield" | "airport" | "air defence" | "air defense" => {
            HubKind::Air
        }
        "port" | "naval" | "naval base" | "navy" | "maritime" | "sea" => HubKind::Naval,
        "depot"
        | "storage"
        | "protected facility"
        | "protected equipment facility"
        | "equipment"
        | "equipment facility"
        | "weapons storage"
        | "arsenal" => HubKind::ProtectedFacility,
        "logistics" | "logistic" | "logistics hub" | "supply" => HubKind::Logistics,
        "training" | "training hub" | "training centre" | "training center" => HubKind::TrainingHub,
        "monitoring" | "monitoring post" | "monitor" | "observation post" | "verification" => {
            HubKind::MonitoringPost
        }
        "hub" | "military hub" | "military" => HubKind::MilitaryHub,
        _ => parsed,
    }
}

/// ISO 3166-1 codes and English names (Debian iso-codes), embedded.
pub static ISO3166_CSV: &str = include_str!("../../assets/iso3166.csv");

/// Countries by alpha-3 code, alpha-2 code and English name, for reading nations.
#[derive(Clone, Debug, Default)]
pub struct Nations {
    /// Lower-case code or name → alpha-3.
    by_key: HashMap<String, String>,
}

impl Nations {
    /// ISO 3166-1 plus the names of a roster (its own names win for its codes).
    pub fn new(roster: &Roster) -> Self {
        let mut by_key = HashMap::new();
        for line in ISO3166_CSV.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let mut parts = line.splitn(3, ',');
            let (Some(a2), Some(a3), Some(names)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let a3 = a3.to_owned();
            by_key.insert(a2.to_lowercase(), a3.clone());
            by_key.insert(a3.to_lowercase(), a3.clone());
            for name in names.trim_matches('"').split('|') {
                by_key.insert(name.to_lowercase(), a3.clone());
            }
        }
        // Names in everyday use that are not ISO's: "UK" is exceptionally reserved for
        // the United Kingdom by ISO 3166; the others are former or short names.
        for (alias, a3) in [
            ("uk", "GBR"),
            ("britain", "GBR"),
            ("great britain", "GBR"),
            ("usa", "USA"),
            ("united states of america", "USA"),
            ("turkey", "TUR"),
            ("czech republic", "CZE"),
            ("the netherlands", "NLD"),
        ] {
            by_key.insert(alias.into(), a3.into());
        }
        for entry in roster.entries() {
            by_key.insert(entry.name.to_lowercase(), entry.iso_a3.clone());
            by_key.insert(entry.iso_a3.to_lowercase(), entry.iso_a3.clone());
        }
        Self { by_key }
    }

    /// The alpha-3 code for a code or English name, any case.
    pub fn code(&self, text: &str) -> Option<&str> {
        self.by_key
            .get(&text.trim().to_lowercase())
            .map(String::as_str)
    }

    /// Reads a nation: its alpha-3 code, or the text in capitals with a note when it
    /// is no country this app knows.
    pub fn read(&self, text: &str, what: &str) -> (String, Option<String>) {
        match self.code(text) {
            Some(code) => (code.to_owned(), None),
            None => (
                text.trim().to_uppercase(),
                Some(format!(
                    "{what} {:?} is not a country code or name this app knows; kept as written",
                    text.trim()
                )),
            ),
        }
    }
}

/// Reads a personnel figure: a whole number from 0 to 4,294,967,295, as a number or
/// text ("250", "1e3", "1 000" are fine; −5, 1.5, 1e308 are not).
pub fn personnel(value: &Value) -> Result<u32, String> {
    let number = match value {
        Value::Null => return Ok(0),
        Value::Number(n) => n.as_u64().map(|u| u as f64).or_else(|| n.as_f64()),
        Value::String(s) if s.trim().is_empty() => return Ok(0),
        Value::String(s) => number_text(s),
        _ => None,
    };
    let shown = match value {
        Value::String(s) => format!("{:?}", s.trim()),
        other => other.to_string(),
    };
    match number {
        Some(n) if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => {
            Ok(n as u32)
        }
        _ => Err(format!(
            "personnel {shown} is not a whole number from 0 to {}; left at 0",
            u32::MAX
        )),
    }
}

/// Parses a number as people type it: "30.5", "30,5" (a decimal comma), "1 000".
pub fn number_text(text: &str) -> Option<f64> {
    let t = text.trim();
    t.parse()
        .ok()
        .or_else(|| {
            let spaced: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            spaced.parse().ok().or_else(|| {
                (spaced.matches(',').count() == 1 && !spaced.contains('.'))
                    .then(|| spaced.replace(',', ".").parse().ok())
                    .flatten()
            })
        })
        .filter(|n: &f64| !n.is_nan())
}

/// Cuts a text to `max` characters, with a note saying so (never silently).
pub fn limit_text(text: String, max: usize, what: &str) -> (String, Option<String>) {
    match text.char_indices().nth(max) {
        None => (text, None),
        Some((cut, _)) => {
            let total = text.chars().count();
            let note = format!("{what} has {total} characters; only the first {max} were kept");
            let mut text = text;
            text.truncate(cut);
            (text, Some(note))
        }
    }
}

/// An id as a file gives it: a whole number (or digits as text) from 1 to [`MAX_ID`];
/// `Err` with the reason for anything else, `Ok(None)` when there is none.
pub fn id(value: Option<&Value>) -> Result<Option<u64>, String> {
    let raw = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        Some(_) => None,
    };
    let shown = match value {
        Some(Value::String(s)) => format!("{:?}", s.trim()),
        Some(v) => v.to_string(),
        None => String::new(),
    };
    match raw {
        Some(n) if (1..=MAX_ID).contains(&n) => Ok(Some(n)),
        _ => Err(format!(
            "id {shown} is not a whole number from 1 to {MAX_ID}"
        )),
    }
}

/// Makes hub ids unique after reading: kept when valid and first seen, else the hub
/// gets a fresh one with a note. Allocation is O(1) per hub.
#[derive(Debug, Default)]
pub struct IdAssigner {
    seen: HashSet<u64>,
    /// (hub index, where, why) for hubs that need a fresh id.
    renumber: Vec<(usize, String, String)>,
}

impl IdAssigner {
    /// Records hub `index`'s id as read (`Err` when it was unusable); `place` is
    /// "feature 3" or "row 4" for the note.
    pub fn check(&mut self, index: usize, read: Result<Option<u64>, String>, place: &str) -> HubId {
        match read {
            Ok(Some(id)) if self.seen.insert(id) => HubId(id),
            Ok(Some(id)) => {
                self.renumber.push((
                    index,
                    place.to_owned(),
                    format!("id {id} is used by another hub"),
                ));
                HubId(0)
            }
            Ok(None) => HubId(0),
            Err(why) => {
                self.renumber.push((index, place.to_owned(), why));
                HubId(0)
            }
        }
    }

    /// Gives every hub with id 0 a fresh id past all ids in use, and returns the notes
    /// about renumbered hubs.
    pub fn finish(self, plan: &mut Plan) -> Vec<String> {
        plan.next_id = plan.next_id.min(MAX_ID + 1);
        plan.ensure_next_id();
        for hub in plan.hubs.iter_mut().filter(|h| h.id.0 == 0) {
            hub.id = HubId(plan.next_id);
            plan.next_id += 1;
        }
        self.renumber
            .into_iter()
            .map(|(index, place, why)| {
                let new = plan.hubs.get(index).map_or(0, |h| h.id.0);
                format!("{place}: {why}; renumbered {new}")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn columns_match_by_synonym_and_preference() {
        let c = cols(&[
            "NAME", "Type", "country", "nation", "lon", "Latitude", "label",
        ]);
        let r = Resolved::new(&c, None);
        assert_eq!(r.column_of(Field::Name), Some(0));
        assert_eq!(r.column_of(Field::Kind), Some(1));
        assert_eq!(
            r.column_of(Field::LeadNation),
            Some(3),
            "nation before country"
        );
        assert_eq!(r.column_of(Field::Lat), Some(5));
        assert_eq!(r.by_column[6], None, "one column per field");
        assert_eq!(r.by_column[2], None);
        assert_eq!(
            r.describe(&c),
            [
                "Type as kind",
                "nation as lead nation",
                "Latitude as latitude"
            ]
        );
    }

    #[test]
    fn a_users_mapping_wins_and_can_keep_a_column() {
        let c = cols(&["Standort", "Art", "name"]);
        let mut m = FieldMapping::default();
        m.columns
            .insert("Standort".into(), Choice::Field(Field::Name));
        m.columns.insert("Art".into(), Choice::Field(Field::Kind));
        m.columns.insert("name".into(), Choice::Keep);
        let r = Resolved::new(&c, Some(&m));
        assert_eq!(r.by_column, [Some(Field::Name), Some(Field::Kind), None]);
        assert_eq!(
            FieldMapping::signature(&c),
            FieldMapping::signature(&cols(&["name", "art", "STANDORT"]))
        );
    }

    #[test]
    fn kinds_from_everyday_words() {
        for (text, want) in [
            ("hq", HubKind::ForceHq),
            ("Air base", HubKind::Air),
            ("airbase", HubKind::Air),
            ("port", HubKind::Naval),
            ("naval", HubKind::Naval),
            ("depot", HubKind::ProtectedFacility),
            ("Storage", HubKind::ProtectedFacility),
            ("protected facility", HubKind::ProtectedFacility),
            ("protected_facility", HubKind::ProtectedFacility),
            ("logistics", HubKind::Logistics),
            ("training", HubKind::TrainingHub),
            ("monitoring", HubKind::MonitoringPost),
            ("force_hq", HubKind::ForceHq),
            ("Field hospital", HubKind::Custom("Field hospital".into())),
        ] {
            assert_eq!(kind(text), want, "{text}");
        }
    }

    #[test]
    fn nations_by_code_or_name() {
        let n = Nations::new(&Roster::builtin());
        assert_eq!(n.code("fra"), Some("FRA"));
        assert_eq!(n.code("GB"), Some("GBR"));
        assert_eq!(n.code("uk"), Some("GBR"));
        assert_eq!(n.code("France"), Some("FRA"));
        assert_eq!(n.code("united kingdom"), Some("GBR"));
        assert_eq!(n.code("Moldova"), Some("MDA"));
        assert_eq!(n.code("PL"), Some("POL"));
        assert_eq!(n.code("Narnia"), None);
        let (code, note) = n.read("Narnia", "lead nation");
        assert_eq!(code, "NARNIA");
        assert!(note.unwrap().contains("\"Narnia\" is not a country"));
    }

    #[test]
    fn personnel_is_a_whole_number_or_a_note() {
        assert_eq!(personnel(&json!(250)), Ok(250));
        assert_eq!(personnel(&json!("1e3")), Ok(1000));
        assert_eq!(personnel(&json!(1000.0)), Ok(1000));
        assert_eq!(personnel(&json!("1 200")), Ok(1200));
        assert_eq!(personnel(&json!("")), Ok(0));
        for bad in [
            json!(-5),
            json!(1.5),
            json!(1e308),
            json!("many"),
            json!("NaN"),
            json!(true),
        ] {
            let e = personnel(&bad).unwrap_err();
            assert!(
                e.starts_with("personnel ") && e.ends_with("left at 0"),
                "{e}"
            );
        }
        assert!(
            personnel(&json!(-5))
                .unwrap_err()
                .starts_with("personnel -5 ")
        );
    }

    #[test]
    fn long_texts_are_cut_with_a_note() {
        let (t, note) = limit_text("é".repeat(300), MAX_NAME_CHARS, "name");
        assert_eq!(t.chars().count(), 200);
        assert_eq!(
            note.as_deref(),
            Some("name has 300 characters; only the first 200 were kept")
        );
        let (t, note) = limit_text("short".into(), MAX_NAME_CHARS, "name");
        assert_eq!((t.as_str(), note), ("short", None));
    }

    #[test]
    fn ids_are_unique_and_never_zero_or_past_the_limit() {
        assert_eq!(id(Some(&json!(7))), Ok(Some(7)));
        assert_eq!(id(Some(&json!("12"))), Ok(Some(12)));
        assert_eq!(id(None), Ok(None));
        assert!(id(Some(&json!(u64::MAX))).is_err());
        assert!(id(Some(&json!(0))).is_err());
        assert!(id(Some(&json!(-3))).is_err());
        let mut plan = Plan::default();
        let mut ids = IdAssigner::default();
        let read = [
            id(Some(&json!(u64::MAX))),
            id(Some(&json!(u64::MAX))),
            id(Some(&json!(MAX_ID))),
            id(Some(&json!(5))),
            id(Some(&json!(5))),
            id(None),
        ];
        for (i, r) in read.into_iter().enumerate() {
            let mut hub = crate::model::hub::Hub::new(HubId(0), "h", 30.0, 50.0);
            hub.id = ids.check(i, r, &format!("feature {}", i + 1));
            plan.hubs.push(hub);
        }
        let notes = ids.finish(&mut plan);
        let got: HashSet<u64> = plan.hubs.iter().map(|h| h.id.0).collect();
        assert_eq!(
            got.len(),
            6,
            "{:?}",
            plan.hubs.iter().map(|h| h.id).collect::<Vec<_>>()
        );
        assert!(!got.contains(&0));
        assert!(plan.hubs.iter().all(|h| h.id.0 <= MAX_ID + 4));
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(notes[2].starts_with("feature 5: id 5 is used by another hub; renumbered"));
    }
}
