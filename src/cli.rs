//! The command line: `check` and `export` (also of a plan's slides), for scripting and
//! briefing packs.
//!
//! The functions here return text and exit codes instead of printing and exiting,
//! so they are tested directly; `main.rs` only prints what they return.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::export;
use crate::map::MapData;
use crate::model::geography::Geography;
use crate::model::hub::Ceasefire;
use crate::model::plan::Plan;
use crate::model::plan_io;
use crate::model::site::analyse_plan;

// What `export` writes is shared with the app, so it lives in `export::job`; the
// command line only parses arguments, reports and picks exit codes.
pub use crate::export::job::{SvgOptions, export_file, export_slides};

/// Exit code: all good.
pub const EXIT_OK: u8 = 0;
/// Exit code: `check` found warnings.
pub const EXIT_WARNINGS: u8 = 1;
/// Exit code: unreadable or invalid input, or bad usage.
pub const EXIT_ERROR: u8 = 2;

/// `--ceasefire on|off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CeasefireArg {
    /// A ceasefire is in effect (not verified, no peace agreement).
    On,
    /// No ceasefire.
    Off,
}

/// Reads a plan (ours, any GeoJSON of points, or CSV) and applies `--ceasefire`.
/// Also returns what was skipped, to print as notes on stderr.
pub fn load(path: &Path, ceasefire: Option<CeasefireArg>) -> Result<(Plan, Vec<String>), String> {
    let (plan, report) = load_with_report(path, ceasefire)?;
    let notes = report
        .skipped
        .iter()
        .map(|reason| format!("{}: skipped {reason}", path.display()))
        .chain(
            report
                .notes
                .iter()
                .map(|note| format!("{}: {note}", path.display())),
        )
        .collect();
    Ok((plan, notes))
}

/// Reads a plan like [`load`], with the whole read report (what was skipped, noted and
/// mapped), for `check`.
pub fn load_with_report(
    path: &Path,
    ceasefire: Option<CeasefireArg>,
) -> Result<(Plan, crate::model::plan_file::ReadReport), String> {
    let (mut plan, report) = plan_io::open_plan(path).map_err(|e| e.to_string())?;
    match ceasefire {
        Some(CeasefireArg::On) if !plan.ceasefire.in_effect() => {
            plan.ceasefire = Ceasefire::new(true, false, false)
        }
        Some(CeasefireArg::Off) => plan.ceasefire = Ceasefire::default(),
        _ => {}
    }
    Ok((plan, report))
}

/// One hub in `check --json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckedHub {
    /// Hub id.
    pub id: u64,
    /// Name.
    pub name: String,
    /// Kind key (built-in) or name (custom).
    pub kind: String,
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// ISO 3166-1 alpha-3, or null at sea.
    pub country: Option<String>,
    /// ISO 3166-2, or null outside Ukraine.
    pub oblast: Option<String>,
    /// "active" or "inactive".
    pub status: String,
    /// Distance to the nearest hostile border, km (one decimal), or null.
    pub hostile_border_km: Option<f64>,
    /// Warnings, in words.
    pub warnings: Vec<String>,
    /// Nearest airfield, or null when no place data is loaded.
    pub nearest_airfield: Option<NearestAirfield>,
    /// Nearest seaport.
    pub nearest_port: Option<NearestPlace>,
    /// Nearest city or town.
    pub nearest_city: Option<NearestPlace>,
    /// Name of the occupied area the hub lies in, or null.
    pub occupied: Option<String>,
    /// Distance to the front (contact line or occupied-area outline), km (one
    /// decimal), or null when the plan has no control line or area.
    pub front_km: Option<f64>,
    /// "ceasefire_zone", a threat band such as "threat_40km", or null.
    pub zone: Option<String>,
}

/// `nearest_airfield` in `check --json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NearestAirfield {
    /// ICAO code, or null (two Natural Earth fields have none).
    pub icao: Option<String>,
    /// Name.
    pub name: String,
    /// Geodesic distance, km (one decimal).
    pub km: f64,
}

/// `nearest_port` / `nearest_city` in `check --json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NearestPlace {
    /// Name.
    pub name: String,
    /// Geodesic distance, km (one decimal).
    pub km: f64,
}

impl NearestPlace {
    fn text(p: Option<&NearestPlace>) -> String {
        p.map_or("-".to_owned(), |p| {
            format!("{} {:.0} km", truncate(&p.name, 10), p.km)
        })
    }
}

/// The result of `check`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckReport {
    /// Every hub.
    pub hubs: Vec<CheckedHub>,
    /// Active hubs.
    pub active: usize,
    /// Inactive hubs.
    pub inactive: usize,
    /// Number of warnings over all hubs.
    pub warnings: usize,
    /// Features (rows, slides) of the file that were not read, with the reason.
    pub skipped: Vec<crate::model::plan_file::SkippedItem>,
    /// What was read but not as written (renumbered ids, cut names, bad personnel).
    pub notes: Vec<String>,
}

impl CheckReport {
    /// Adds what reading the file skipped and noted (exit code 1 when anything was
    /// skipped: the file is not all there).
    pub fn with_read_report(mut self, report: &crate::model::plan_file::ReadReport) -> Self {
        self.skipped = report
            .skipped
            .iter()
            .map(|s| crate::model::plan_file::SkippedItem::parse(s))
            .collect();
        self.notes = report.notes.clone();
        self
    }

    /// The exit code `check` ends with.
    pub fn exit_code(&self) -> u8 {
        if self.warnings > 0 || !self.skipped.is_empty() {
            EXIT_WARNINGS
        } else {
            EXIT_OK
        }
    }

    /// As one JSON object.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// As a table for people.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{:<5} {:<38} {:<20} {:<4} {:<6} {:<9} {:>8}  {:<12} {:<14} {:<14}  warnings\n",
            "id", "name", "kind", "ctry", "oblast", "status", "hostile", "airfield", "port", "city"
        );
        for h in &self.hubs {
            let km = h
                .hostile_border_km
                .map_or("-".to_owned(), |k| format!("{k:.0} km"));
            let airfield = h.nearest_airfield.as_ref().map_or("-".to_owned(), |a| {
                let name = a.icao.clone().unwrap_or_else(|| truncate(&a.name, 5));
                format!("{name} {:.0} km", a.km)
            });
            // Written in place: no String per row (100,000 rows in `check` of a big plan).
            let _ = writeln!(
                out,
                "{:<5} {:<38} {:<20} {:<4} {:<6} {:<9} {:>8}  {:<12} {:<14} {:<14}  {}",
                h.id,
                truncate(&h.name, 38),
                truncate(&h.kind, 20),
                h.country.as_deref().unwrap_or("-"),
                h.oblast.as_deref().unwrap_or("-"),
                h.status,
                km,
                airfield,
                NearestPlace::text(h.nearest_port.as_ref()),
                NearestPlace::text(h.nearest_city.as_ref()),
                h.warnings.join("; ")
            );
        }
        for item in &self.skipped {
            let place = match (item.feature, item.row, item.slide) {
                (Some(n), _, _) => format!("feature {n}"),
                (_, Some(n), _) => format!("row {n}"),
                (_, _, Some(n)) => format!("slide {n}"),
                _ => "item".to_owned(),
            };
            out.push_str(&format!("skipped {place}: {}\n", item.reason));
        }
        for note in &self.notes {
            out.push_str(&format!("note: {note}\n"));
        }
        out.push_str(&format!(
            "{} hubs: {} active, {} inactive, {} warning(s)",
            self.hubs.len(),
            self.active,
            self.inactive,
            self.warnings
        ));
        if !self.skipped.is_empty() {
            out.push_str(&format!(", {} skipped", self.skipped.len()));
        }
        out.push('\n');
        out
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        s.chars().take(n - 1).chain(['…']).collect()
    }
}

/// Checks every hub of a plan against the maps (the geography alone: no meshes needed).
pub fn check(plan: &Plan, geography: &Geography) -> CheckReport {
    let sites = analyse_plan(plan, geography);
    let records = export::records(plan, &sites);
    let hubs: Vec<CheckedHub> = records
        .iter()
        .map(|r| CheckedHub {
            id: r.hub.id.0,
            name: r.hub.name.clone(),
            kind: export::kind_key(&r.hub.kind),
            lon: r.hub.lon,
            lat: r.hub.lat,
            country: r.site.country.as_ref().map(|c| c.0.clone()),
            oblast: r.site.oblast.as_ref().map(|o| o.0.clone()),
            status: r.status.as_str().to_owned(),
            hostile_border_km: r.site.hostile_km.map(|k| (k * 10.0).round() / 10.0),
            warnings: r.site.warnings.iter().map(|w| w.to_string()).collect(),
            nearest_airfield: r.site.nearest.airfield.as_ref().map(|(icao, name, km)| {
                NearestAirfield {
                    icao: icao.clone(),
                    name: name.clone(),
                    km: crate::model::facilities::km_rounded(*km),
                }
            }),
            nearest_port: r.site.nearest.port.as_ref().map(|(name, km)| NearestPlace {
                name: name.clone(),
                km: crate::model::facilities::km_rounded(*km),
            }),
            nearest_city: r.site.nearest.city.as_ref().map(|(name, km)| NearestPlace {
                name: name.clone(),
                km: crate::model::facilities::km_rounded(*km),
            }),
            occupied: r.site.occupied.clone(),
            front_km: r.site.front_km.map(|k| (k * 10.0).round() / 10.0),
            zone: r.site.zone.map(|z| z.key()),
        })
        .collect();
    let counts = plan.status_counts();
    CheckReport {
        warnings: hubs.iter().map(|h| h.warnings.len()).sum(),
        hubs,
        active: counts.active,
        inactive: counts.inactive,
        skipped: Vec::new(),
        notes: Vec::new(),
    }
}

/// `check --control FILE…`: adds the control features of GeoJSON, KML or KMZ files to
/// the plan. Features without their own source take `source` (else the file name);
/// without their own date, `as_of` (required for KML/KMZ). Returns notes (what was
/// repaired or skipped, naming file and feature), or the first file that failed.
pub fn add_control(
    plan: &mut Plan,
    files: &[PathBuf],
    as_of: Option<jiff::civil::Date>,
    source: Option<&str>,
) -> Result<Vec<String>, String> {
    use crate::model::control::{ControlKind, FeatureDefaults};
    let mut notes = Vec::new();
    for path in files {
        let stem = path
            .file_stem()
            .map_or("control".into(), |s| s.to_string_lossy().into_owned());
        let defaults = FeatureDefaults {
            name: stem,
            area_kind: ControlKind::Occupied,
            line_kind: ControlKind::ContactLine,
            source: source.map_or_else(|| path.display().to_string(), str::to_owned),
            as_of,
        };
        let imported = crate::model::control_import::import_path(path, &defaults)
            .map_err(|e| e.to_string())?;
        notes.extend(imported.notes);
        for mut f in imported.features {
            f.id = plan.allocate_id().0;
            plan.control.push(f);
        }
    }
    Ok(notes)
}

/// `diff A B`: reads both plans and compares B against A
/// ([`crate::model::compare::compare`]). Also returns notes about skipped features.
/// The exit code is [`EXIT_OK`] when the plans have the same hubs, else
/// [`EXIT_WARNINGS`] (1), like `diff(1)`.
pub fn diff(a: &Path, b: &Path) -> Result<(crate::model::compare::PlanDiff, Vec<String>), String> {
    let (plan_a, mut notes) = load(a, None)?;
    let (plan_b, notes_b) = load(b, None)?;
    notes.extend(notes_b);
    Ok((crate::model::compare::compare(&plan_a, &plan_b), notes))
}

/// The exit code `diff` ends with: 0 when the plans have the same hubs, 1 when not.
pub fn diff_exit_code(diff: &crate::model::compare::PlanDiff) -> u8 {
    if diff.is_same() {
        EXIT_OK
    } else {
        EXIT_WARNINGS
    }
}

/// `coverage --ceasefire off|on|verified|peace`: the ceasefire condition to analyse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ConditionArg {
    /// No ceasefire.
    Off,
    /// A ceasefire in effect, not verified.
    On,
    /// A verified ceasefire.
    Verified,
    /// A peace agreement signed (after a verified ceasefire).
    Peace,
}

impl ConditionArg {
    /// The ceasefire state it names.
    pub fn state(self) -> Ceasefire {
        match self {
            ConditionArg::Off => Ceasefire::new(false, false, false),
            ConditionArg::On => Ceasefire::new(true, false, false),
            ConditionArg::Verified => Ceasefire::new(true, true, false),
            ConditionArg::Peace => Ceasefire::new(true, true, true),
        }
    }
}

/// `coverage`: which oblasts and shipped cities of Ukraine lie within `radius_km` (else
/// the plan's coverage radius) of a hub active under `condition` (else the plan's
/// state) on timeline day `day` (else the plan's day, if any).
pub fn coverage(
    plan: &Plan,
    data: &MapData,
    radius_km: Option<f64>,
    condition: Option<ConditionArg>,
    day: Option<u32>,
) -> Result<crate::model::coverage::CoverageReport, String> {
    use crate::model::coverage::{CoverageIndex, active_hubs, shipped_towns};
    let radius = radius_km.unwrap_or(plan.coverage_radius_km);
    if !radius.is_finite() || radius <= 0.0 {
        return Err(format!(
            "--radius {radius}: the radius must be more than 0 km"
        ));
    }
    let mut state = condition.map_or(plan.ceasefire, ConditionArg::state);
    if let Some(day) = day {
        if !state.in_effect() {
            return Err(format!(
                "--day {day}: days are counted from a ceasefire, and there is none \
                 (use --ceasefire on, verified or peace)"
            ));
        }
        state.set_day(Some(day));
    } else if condition.is_some() {
        state.set_day(plan.ceasefire.day());
    }
    let towns = shipped_towns()?;
    let index = CoverageIndex::new(&data.geography.oblasts);
    Ok(index.report(&active_hubs(&plan.hubs, &state), radius, &towns))
}
