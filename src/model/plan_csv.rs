//! Plans from CSV files of points (spreadsheets, GIS exports, this app's CSV export).
//!
//! A header row is required. Coordinates come from the first column found among
//! `lon`, `longitude`, `lng`, `long`, `x` and `lat`, `latitude`, `y` (any case). The
//! columns a plan file knows (name, kind, lead_nation, contributors, personnel,
//! activation, notes, id, range_rings_km as "50;300", show_range_rings) fill the hub's
//! fields as `model::plan_file` does; columns the
//! app computes itself (status, country, oblast, warnings, …, as written by the CSV and
//! GeoJSON exports) are dropped; every other column is kept in `Hub::extra` as a
//! string. Comma-, semicolon- (European Excel, with decimal commas) and tab-separated
//! files are read, with or without a UTF-8 byte order mark.

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::model::hub::{Activation, Hub, HubId, HubKind, validate_position};
use crate::model::measure::parse_radii;
use crate::model::plan::Plan;
use crate::model::plan_file::ReadReport;

/// Header names accepted for the longitude, in order of preference.
pub const LON_NAMES: [&str; 5] = ["lon", "longitude", "lng", "long", "x"];
/// Header names accepted for the latitude, in order of preference.
pub const LAT_NAMES: [&str; 3] = ["lat", "latitude", "y"];

/// Columns the app computes from a hub's position and the plan; an import ignores them.
pub const DERIVED: [&str; 11] = [
    "status",
    "country",
    "country_name",
    "oblast",
    "oblast_name",
    "hostile_border_km",
    "warnings",
    "kind_label",
    "occupied",
    "front_km",
    "zone",
];

/// Why a CSV file could not be read as a plan.
#[derive(Debug, thiserror::Error)]
pub enum PlanCsvError {
    /// No header row.
    #[error("{source_name}: the file is empty; a CSV plan needs a header row")]
    Empty {
        /// File name.
        source_name: String,
    },
    /// The header names no longitude or no latitude column.
    #[error(
        "{source_name}: no {missing} column (looked for {looked_for}); the header has: {header}"
    )]
    NoCoordinates {
        /// File name.
        source_name: String,
        /// "longitude" or "latitude".
        missing: &'static str,
        /// The accepted names, e.g. "lon, longitude, lng, long, x".
        looked_for: String,
        /// The header as found, comma-separated.
        header: String,
    },
    /// The CSV itself is malformed.
    #[error("{source_name}: invalid CSV at line {line}: {cause}")]
    Parse {
        /// File name.
        source_name: String,
        /// 1-based line.
        line: u64,
        /// What the parser said.
        cause: String,
    },
}

/// What each column of the file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Column {
    Lon,
    Lat,
    Id,
    Name,
    Kind,
    Lead,
    Contributors,
    Personnel,
    Activation,
    Notes,
    Rings,
    ShowRings,
    Derived,
    Extra,
}

fn classify(header: &[String]) -> Vec<Column> {
    let find = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| header.iter().position(|h| h.eq_ignore_ascii_case(n)))
    };
    let (lon, lat) = (find(&LON_NAMES), find(&LAT_NAMES));
    let mut taken = HashSet::new();
    header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if Some(i) == lon {
                return Column::Lon;
            }
            if Some(i) == lat {
                return Column::Lat;
            }
            let key = h.to_ascii_lowercase();
            let column = match key.as_str() {
                "id" => Column::Id,
                "name" => Column::Name,
                "kind" => Column::Kind,
                "lead_nation" | "lead" | "nation" => Column::Lead,
                "contributors" => Column::Contributors,
                "personnel" => Column::Personnel,
                "activation" => Column::Activation,
                "notes" => Column::Notes,
                "range_rings_km" => Column::Rings,
                "show_range_rings" => Column::ShowRings,
                k if DERIVED.contains(&k) => return Column::Derived,
                _ => return Column::Extra,
            };
            // A second column for the same field (e.g. "lead" and "nation") is kept.
            if taken.insert(column) {
                column
            } else {
                Column::Extra
            }
        })
        .collect()
}

/// Picks the delimiter from the header line: a comma unless the line has none but has
/// semicolons (European Excel) or tabs.
fn delimiter(header_line: &str) -> u8 {
    if header_line.contains(',') {
        b','
    } else if header_line.contains(';') {
        b';'
    } else if header_line.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

/// Parses a number, also with a decimal comma ("30,52") as European spreadsheets write.
fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    t.parse().ok().or_else(|| {
        (t.matches(',').count() == 1 && !t.contains('.'))
            .then(|| t.replace(',', ".").parse().ok())
            .flatten()
    })
}

fn coordinate(text: &str, what: &str) -> Result<f64, String> {
    if text.trim().is_empty() {
        return Err(format!("no {what}"));
    }
    number(text).ok_or_else(|| format!("{what} {:?} is not a number", text.trim()))
}

/// Reads one data row as a hub, or says why it cannot be one (without the row prefix).
fn hub_from_row(
    header: &[String],
    columns: &[Column],
    row: &csv::StringRecord,
    index: usize,
) -> Result<Hub, String> {
    let get = |want: Column| {
        columns
            .iter()
            .position(|c| *c == want)
            .and_then(|i| row.get(i))
            .map(str::trim)
            .unwrap_or("")
    };
    let lon = coordinate(get(Column::Lon), "longitude")?;
    let lat = coordinate(get(Column::Lat), "latitude")?;
    validate_position(lon, lat)?;

    let id = get(Column::Id).parse::<u64>().unwrap_or(0);
    let name = match get(Column::Name) {
        "" => format!("Hub {index}"),
        name => name.to_owned(),
    };
    let mut hub = Hub::new(HubId(id), name, lon, lat);
    if !get(Column::Kind).is_empty() {
        hub.kind = HubKind::parse(get(Column::Kind));
    }
    if !get(Column::Lead).is_empty() {
        hub.lead_nation = get(Column::Lead).to_uppercase();
    }
    hub.contributors = get(Column::Contributors)
        .split([';', ',', '|'])
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty())
        .collect();
    hub.personnel = number(get(Column::Personnel))
        .filter(|p| p.is_finite() && *p >= 0.0)
        .map_or(0, |p| p.round().min(f64::from(u32::MAX)) as u32);
    let activation = get(Column::Activation);
    if !activation.is_empty() {
        hub.activation = serde_json::from_value::<Activation>(Value::String(activation.into()))
            .ok()
            .or_else(|| {
                Activation::ALL
                    .into_iter()
                    .find(|a| a.label().eq_ignore_ascii_case(activation))
            })
            .ok_or_else(|| format!("unknown activation {activation:?}"))?;
    }
    hub.notes = get(Column::Notes).to_owned();
    // "50;300" as the CSV export writes it; "50, 300" or "50 km" as people type it.
    hub.range_rings_km =
        parse_radii(get(Column::Rings)).map_err(|e| format!("range_rings_km: {e}"))?;
    // Shown unless the cell says otherwise, as in plan files.
    hub.show_range_rings = !matches!(
        get(Column::ShowRings).to_lowercase().as_str(),
        "false" | "0" | "no"
    );
    let mut extra = Map::new();
    for (i, (name, column)) in header.iter().zip(columns).enumerate() {
        if *column == Column::Extra {
            let key = if name.is_empty() {
                format!("column {}", i + 1)
            } else {
                name.clone()
            };
            let value = row.get(i).unwrap_or("").trim();
            extra.insert(key, Value::String(value.to_owned()));
        }
    }
    hub.extra = extra;
    Ok(hub)
}

/// Line numbers of records from their byte offsets. (The csv crate skips blank lines
/// and its own line count is then off for the next record.)
struct Lines<'a> {
    text: &'a [u8],
    byte: usize,
    line: u64,
}

impl Lines<'_> {
    /// The 1-based line on which the record starting at `byte` starts.
    fn at(&mut self, byte: u64) -> u64 {
        let mut target = usize::try_from(byte).map_or(self.text.len(), |b| b.min(self.text.len()));
        while matches!(self.text.get(target), Some(b'\r' | b'\n')) {
            target += 1;
        }
        if target < self.byte {
            (self.byte, self.line) = (0, 1);
        }
        let newlines = self.text[self.byte..target]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.line += newlines as u64;
        self.byte = target;
        self.line
    }
}

/// Reads a plan from CSV text: one hub per row with valid coordinates, default plan
/// settings, titled `source_name`. Rows that cannot be hubs (no or bad coordinates,
/// an unknown activation, a wrong number of fields) are skipped and listed in the
/// report as "row N: reason", counting the header as row 1 as spreadsheets do.
/// Rows without a valid, unique id get fresh ones.
pub fn from_csv(text: &str, source_name: &str) -> Result<(Plan, ReadReport), PlanCsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if header_line.trim().is_empty() {
        return Err(PlanCsvError::Empty {
            source_name: source_name.into(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(header_line))
        .from_reader(text.as_bytes());
    let parse_error = |e: csv::Error| PlanCsvError::Parse {
        source_name: source_name.into(),
        line: e.position().map_or(0, csv::Position::line),
        cause: e.to_string(),
    };
    let header: Vec<String> = reader
        .headers()
        .map_err(parse_error)?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let columns = classify(&header);
    for (want, missing, names) in [
        (Column::Lon, "longitude", &LON_NAMES[..]),
        (Column::Lat, "latitude", &LAT_NAMES[..]),
    ] {
        if !columns.contains(&want) {
            return Err(PlanCsvError::NoCoordinates {
                source_name: source_name.into(),
                missing,
                looked_for: names.join(", "),
                header: header.join(", "),
            });
        }
    }

    let mut plan = Plan {
        title: source_name.to_owned(),
        ..Plan::default()
    };
    let mut report = ReadReport::default();
    let mut seen = HashSet::new();
    let mut record = csv::StringRecord::new();
    let mut index = 0;
    let mut lines = Lines {
        text: text.as_bytes(),
        byte: 0,
        line: 1,
    };
    loop {
        index += 1;
        let mut row_label = |pos: Option<&csv::Position>| {
            let row = index + 1;
            let line = lines.at(pos.map_or(0, csv::Position::byte));
            if line == row as u64 {
                format!("row {row}")
            } else {
                format!("row {row} (line {line})")
            }
        };
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue; // Spreadsheets leave rows of empty cells at the end.
                }
                match hub_from_row(&header, &columns, &record, index) {
                    Ok(mut hub) => {
                        if hub.id.0 == 0 || !seen.insert(hub.id) {
                            hub.id = HubId(0);
                        }
                        plan.hubs.push(hub);
                        report.hubs += 1;
                    }
                    Err(reason) => report
                        .skipped
                        .push(format!("{}: {reason}", row_label(record.position()))),
                }
            }
            Err(e) => match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    pos,
                    expected_len,
                    len,
                } => {
                    report.skipped.push(format!(
                        "{}: has {len} fields, the header has {expected_len}",
                        row_label(pos.as_ref())
                    ));
                }
                _ => return Err(parse_error(e)),
            },
        }
    }
    let fresh: Vec<usize> = (0..plan.hubs.len())
        .filter(|&i| plan.hubs[i].id.0 == 0)
        .collect();
    for i in fresh {
        plan.hubs[i].id = plan.allocate_id();
    }
    plan.ensure_next_id();
    Ok((plan, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn comma_file_with_known_and_extra_columns() {
        let text = "id,Name,kind,LON,lat,lead,contributors,personnel,activation,notes,colour,status,country\n\
            7,Kyiv HQ,force_hq,30.5234,50.4501,fra,\"gbr, can\",400,ceasefire_verified,\"Note, with \"\"quotes\"\"\nand a line\",red,inactive,UKR\n\
            ,Field unit,Field hospital,24.0297,49.8397,,POL|DEU,12.0,Always,,blue,,\n";
        let (plan, report) = from_csv(text, "hubs.csv").unwrap();
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        assert_eq!(report.hubs, 2);
        assert_eq!(plan.title, "hubs.csv");
        assert_eq!(plan.hubs.len(), 2);
        let kyiv = &plan.hubs[0];
        assert_eq!(kyiv.id, HubId(7));
        assert_eq!(kyiv.name, "Kyiv HQ");
        assert_eq!(kyiv.kind, HubKind::ForceHq);
        assert_eq!((kyiv.lon, kyiv.lat), (30.5234, 50.4501));
        assert_eq!(kyiv.lead_nation, "FRA");
        assert_eq!(kyiv.contributors, vec!["GBR", "CAN"]);
        assert_eq!(kyiv.personnel, 400);
        assert_eq!(kyiv.activation, Activation::CeasefireVerified);
        assert_eq!(kyiv.notes, "Note, with \"quotes\"\nand a line");
        assert_eq!(
            kyiv.extra,
            json!({"colour": "red"}).as_object().unwrap().clone()
        );

        let field = &plan.hubs[1];
        assert_eq!(field.id, HubId(8), "fresh id after the largest one");
        assert_eq!(field.kind, HubKind::Custom("Field hospital".into()));
        assert_eq!(field.lead_nation, "GBR", "default lead nation");
        assert_eq!(field.contributors, vec!["POL", "DEU"]);
        assert_eq!(field.personnel, 12);
        assert_eq!(field.activation, Activation::Always);
        assert_eq!(field.extra.get("colour"), Some(&json!("blue")));
        assert_eq!(plan.next_id, 9);
    }

    #[test]
    fn range_rings_columns() {
        let text = "name,lon,lat,range_rings_km,show_range_rings\n\
            A,30,50,50;300,true\n\
            B,30,50,\"100, 25 km\",FALSE\n\
            C,30,50,,\n\
            D,30,50,-5,\n";
        let (plan, report) = from_csv(text, "rings.csv").unwrap();
        let rings: Vec<(&[f64], bool)> = plan
            .hubs
            .iter()
            .map(|h| (h.range_rings_km.as_slice(), h.show_range_rings))
            .collect();
        assert_eq!(
            rings,
            vec![
                (&[50.0, 300.0][..], true),
                (&[25.0, 100.0][..], false),
                (&[][..], true)
            ]
        );
        assert!(
            plan.hubs.iter().all(|h| h.extra.is_empty()),
            "not extra columns"
        );
        assert_eq!(report.skipped.len(), 1);
        assert!(
            report.skipped[0].starts_with("row 5: range_rings_km: ")
                && report.skipped[0].contains("more than 0 km"),
            "{:?}",
            report.skipped
        );
    }

    #[test]
    fn semicolon_file_with_bom_and_decimal_commas() {
        let text = "\u{feff}Name;Longitude;Latitude;Notes\r\nLviv;24,0297;49,8397;Größe: groß\r\n\"Odesa; port\";30.7233;46.4825;\r\n";
        let (plan, report) = from_csv(text, "excel.csv").unwrap();
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        assert_eq!(plan.hubs.len(), 2);
        assert_eq!(plan.hubs[0].name, "Lviv");
        assert_eq!((plan.hubs[0].lon, plan.hubs[0].lat), (24.0297, 49.8397));
        assert_eq!(plan.hubs[0].notes, "Größe: groß");
        assert_eq!(plan.hubs[1].name, "Odesa; port");
        assert_eq!(
            plan.hubs.iter().map(|h| h.id).collect::<Vec<_>>(),
            vec![HubId(1), HubId(2)]
        );
        assert!(plan.hubs[0].extra.is_empty());
    }

    #[test]
    fn x_y_columns_and_tabs() {
        let (plan, _) = from_csv("x\ty\tname\n30.5\t50.4\tA\n", "t.tsv").unwrap();
        assert_eq!((plan.hubs[0].lon, plan.hubs[0].lat), (30.5, 50.4));
        assert_eq!(plan.hubs[0].name, "A");
        // "lon" is preferred to "x" even if "x" comes first; "x" is then kept as extra.
        let (plan, _) = from_csv("x,lon,lat\n1,30,50\n", "t.csv").unwrap();
        assert_eq!(plan.hubs[0].lon, 30.0);
        assert_eq!(plan.hubs[0].extra.get("x"), Some(&json!("1")));
    }

    #[test]
    fn bad_rows_are_skipped_with_reasons() {
        let text = "name,lon,lat,activation,id\n\
            ok,30,50,,3\n\
            far,200,50,,\n\
            \n\
            blank,,50,,\n\
            word,abc,50,,\n\
            nan,NaN,50,,\n\
            wait,30,50,someday,\n\
            short,30\n\
            ,,,,\n\
            dup,31,51,,3\n";
        let (plan, report) = from_csv(text, "bad.csv").unwrap();
        assert_eq!(
            plan.hubs
                .iter()
                .map(|h| h.name.as_str())
                .collect::<Vec<_>>(),
            vec!["ok", "dup"]
        );
        assert_eq!(plan.hubs[1].id, HubId(4), "a duplicate id gets a fresh one");
        assert_eq!(report.hubs, 2);
        assert_eq!(
            report.skipped,
            vec![
                "row 3: longitude 200 is outside −180…180",
                "row 4 (line 5): no longitude",
                "row 5 (line 6): longitude \"abc\" is not a number",
                "row 6 (line 7): coordinates must be numbers",
                "row 7 (line 8): unknown activation \"someday\"",
                "row 8 (line 9): has 2 fields, the header has 5",
            ]
        );
    }

    #[test]
    fn missing_columns_and_empty_files_are_errors_naming_the_file() {
        let err = from_csv("name,lat\nA,50\n", "points.csv").unwrap_err();
        assert!(matches!(
            err,
            PlanCsvError::NoCoordinates {
                missing: "longitude",
                ..
            }
        ));
        let msg = err.to_string();
        assert!(msg.starts_with("points.csv: no longitude column"), "{msg}");
        assert!(msg.contains("lon, longitude, lng, long, x"), "{msg}");
        assert!(msg.ends_with("the header has: name, lat"), "{msg}");
        let err = from_csv("lng,name\n", "p.csv").unwrap_err();
        assert!(err.to_string().contains("no latitude column"), "{err}");
        let err = from_csv("\u{feff}\n  \n", "empty.csv").unwrap_err();
        assert!(matches!(err, PlanCsvError::Empty { .. }));
        assert!(err.to_string().starts_with("empty.csv: "));
    }
}
