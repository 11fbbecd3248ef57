//! The Coalition of the Willing roster: which role each country plays.
//!
//! The roster is data (`assets/coalition.json`), not code, so a planner can change it.
//! Countries are keyed by ISO 3166-1 alpha-3 code, the same key the basemap uses.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A country's role with respect to the coalition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Ukraine: the country the hubs would be in.
    Host,
    /// Signatories of the Declaration of Intent on military hubs (UK, France).
    LeadNation,
    /// Leads the ceasefire monitoring and verification mechanism (United States).
    MonitoringLead,
    /// A member of the coalition.
    Member,
    /// Attends as an observer (Austria).
    Observer,
    /// The hostile side (Russia, Belarus).
    Hostile,
    /// Any other country.
    Other,
}

impl Role {
    /// All roles, in legend order.
    pub const ALL: [Role; 7] = [
        Role::Host,
        Role::LeadNation,
        Role::MonitoringLead,
        Role::Member,
        Role::Observer,
        Role::Hostile,
        Role::Other,
    ];

    /// Human-readable name for legends and menus.
    pub fn label(self) -> &'static str {
        match self {
            Role::Host => "Host nation",
            Role::LeadNation => "Lead nation",
            Role::MonitoringLead => "Monitoring lead",
            Role::Member => "Coalition member",
            Role::Observer => "Observer",
            Role::Hostile => "Hostile",
            Role::Other => "Other",
        }
    }

    /// Whether the role counts as part of the coalition (for "Fit coalition").
    pub fn is_coalition(self) -> bool {
        matches!(
            self,
            Role::Host | Role::LeadNation | Role::MonitoringLead | Role::Member
        )
    }
}

/// One roster line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RosterEntry {
    /// ISO 3166-1 alpha-3 code, e.g. `"UKR"`.
    pub iso_a3: String,
    /// English short name.
    pub name: String,
    /// The country's role.
    pub role: Role,
    /// Reported position or caveat, shown in tooltips (e.g. "will not send troops").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The roster file as stored on disk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct RosterFile {
    version: u32,
    #[serde(default)]
    sources: Vec<String>,
    countries: Vec<RosterEntry>,
}

/// Why a roster file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    /// Not valid JSON, or not the roster schema.
    #[error("{source_name}: {cause} (line {line}, column {column})")]
    Json {
        /// File name or description of the source.
        source_name: String,
        /// What serde said.
        cause: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A code that is not three ASCII letters.
    #[error("{source_name}: country code {code:?} is not an ISO 3166-1 alpha-3 code")]
    BadCode {
        /// File name or description of the source.
        source_name: String,
        /// The offending code.
        code: String,
    },
    /// The same country listed twice.
    #[error("{source_name}: {code} is listed twice")]
    Duplicate {
        /// File name or description of the source.
        source_name: String,
        /// The duplicated code.
        code: String,
    },
    /// A version this build does not understand.
    #[error("{source_name}: roster version {version} is not supported (expected 1)")]
    Version {
        /// File name or description of the source.
        source_name: String,
        /// The version found.
        version: u32,
    },
}

/// The roster: role per country, in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Roster {
    entries: BTreeMap<String, RosterEntry>,
    sources: Vec<String>,
}

/// The roster that ships with the app.
pub static DEFAULT_ROSTER_JSON: &str = include_str!("../../assets/coalition.json");

impl Roster {
    /// Parses a roster file; `source_name` is used in error messages.
    pub fn from_json(text: &str, source_name: &str) -> Result<Self, RosterError> {
        let file: RosterFile = serde_json::from_str(text).map_err(|e| RosterError::Json {
            source_name: source_name.to_owned(),
            cause: e.to_string(),
            line: e.line(),
            column: e.column(),
        })?;
        if file.version != 1 {
            return Err(RosterError::Version {
                source_name: source_name.to_owned(),
                version: file.version,
            });
        }
        let mut entries = BTreeMap::new();
        for entry in file.countries {
            let code = entry.iso_a3.clone();
            if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(RosterError::BadCode {
                    source_name: source_name.to_owned(),
                    code,
                });
            }
            if entries.insert(code.clone(), entry).is_some() {
                return Err(RosterError::Duplicate {
                    source_name: source_name.to_owned(),
                    code,
                });
            }
        }
        Ok(Self {
            entries,
            sources: file.sources,
        })
    }

    /// The roster that ships inside the binary.
    pub fn builtin() -> Self {
        // The shipped file is checked by a unit test, so failing here is a build defect,
        // never a user-data problem; still, degrade to an empty roster rather than panic.
        Self::from_json(DEFAULT_ROSTER_JSON, "assets/coalition.json").unwrap_or_else(|e| {
            log::error!("built-in roster is invalid: {e}");
            Self::default()
        })
    }

    /// The role of a country, [`Role::Other`] if it is not listed.
    pub fn role(&self, iso_a3: &str) -> Role {
        self.entries.get(iso_a3).map_or(Role::Other, |e| e.role)
    }

    /// The roster entry for a country, if listed.
    pub fn entry(&self, iso_a3: &str) -> Option<&RosterEntry> {
        self.entries.get(iso_a3)
    }

    /// All listed entries, ordered by code.
    pub fn entries(&self) -> impl Iterator<Item = &RosterEntry> {
        self.entries.values()
    }

    /// Where the roster's facts come from.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// A roster from entries (e.g. stored in a plan file); later duplicates win.
    pub fn from_entries(
        entries: impl IntoIterator<Item = RosterEntry>,
        sources: Vec<String>,
    ) -> Self {
        Self {
            entries: entries.into_iter().map(|e| (e.iso_a3.clone(), e)).collect(),
            sources,
        }
    }

    /// Sets a country's role, adding it to the roster if needed.
    pub fn set_role(&mut self, iso_a3: &str, name: &str, role: Role) {
        self.entries
            .entry(iso_a3.to_owned())
            .and_modify(|e| e.role = role)
            .or_insert_with(|| RosterEntry {
                iso_a3: iso_a3.to_owned(),
                name: name.to_owned(),
                role,
                note: String::new(),
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_roster_matches_reported_membership() {
        let r = Roster::from_json(DEFAULT_ROSTER_JSON, "coalition.json").expect("valid");
        assert_eq!(r.role("UKR"), Role::Host);
        assert_eq!(r.role("GBR"), Role::LeadNation);
        assert_eq!(r.role("FRA"), Role::LeadNation);
        assert_eq!(r.role("USA"), Role::MonitoringLead);
        assert_eq!(r.role("AUT"), Role::Observer);
        assert_eq!(r.role("RUS"), Role::Hostile);
        assert_eq!(r.role("BLR"), Role::Hostile);
        assert_eq!(r.role("JPN"), Role::Member);
        assert_eq!(r.role("HUN"), Role::Other);
        assert_eq!(r.role("CHN"), Role::Other, "unlisted defaults to Other");
        // 32 countries plus Ukraine: 30 members + 2 lead nations + the host.
        let coalition = r
            .entries()
            .filter(|e| e.role.is_coalition() && e.role != Role::MonitoringLead)
            .count();
        assert_eq!(coalition, 33);
        assert!(r.entry("ITA").is_some_and(|e| e.note.contains("troops")));
    }

    #[test]
    fn set_role_changes_and_adds() {
        let mut r = Roster::builtin();
        r.set_role("HUN", "Hungary", Role::Member);
        assert_eq!(r.role("HUN"), Role::Member);
        r.set_role("CHN", "China", Role::Observer);
        assert_eq!(r.entry("CHN").map(|e| e.name.as_str()), Some("China"));
    }

    #[test]
    fn broken_json_names_source_line_and_column() {
        let err = Roster::from_json(
            "{\n  \"version\": 1,\n  \"countries\": [ oops ]\n}",
            "my.json",
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("my.json:"), "{msg}");
        assert!(msg.contains("line 3"), "{msg}");
    }

    #[test]
    fn unknown_role_is_an_error() {
        let text = r#"{"version":1,"countries":[{"iso_a3":"POL","name":"Poland","role":"ally"}]}"#;
        let msg = Roster::from_json(text, "r.json").unwrap_err().to_string();
        assert!(msg.contains("unknown variant `ally`"), "{msg}");
    }

    #[test]
    fn bad_and_duplicate_codes_are_rejected() {
        let bad = r#"{"version":1,"countries":[{"iso_a3":"pl","name":"Poland","role":"member"}]}"#;
        assert!(matches!(
            Roster::from_json(bad, "r.json"),
            Err(RosterError::BadCode { .. })
        ));
        let dup = r#"{"version":1,"countries":[
            {"iso_a3":"POL","name":"Poland","role":"member"},
            {"iso_a3":"POL","name":"Poland","role":"other"}]}"#;
        assert!(matches!(
            Roster::from_json(dup, "r.json"),
            Err(RosterError::Duplicate { .. })
        ));
        let ver = r#"{"version":2,"countries":[]}"#;
        assert!(matches!(
            Roster::from_json(ver, "r.json"),
            Err(RosterError::Version { version: 2, .. })
        ));
    }
}
