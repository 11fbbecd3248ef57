//! Plans from CSV files of points (spreadsheets, GIS exports, this app's CSV export).
//!
//! A header row is required. Coordinates come from the first column found among
//! `lon`, `longitude`, `lng`, `long`, `x` and `lat`, `latitude`, `y` (any case). The
//! columns a plan file knows (name, kind, lead_nation, contributors, personnel,
//! activation, notes, id, range_rings_km as "50;300", show_range_rings, stand_up_days
//! as "30" or "D+30") fill the hub's
//! fields as `model::plan_file` does; columns the
//! app computes itself (status, country, oblast, warnings, …, as written by the CSV and
//! GeoJSON exports) are dropped; every other column is kept in `Hub::extra` as a
//! string. Comma-, semicolon- (European Excel, with decimal commas) and tab-separated
//! files are read, with or without a UTF-8 byte order mark.

use serde_json::{Map, Value};

use crate::model::field_map::{self, Field, FieldMapping, IdAssigner, Nations, Resolved};
use crate::model::hub::{Activation, Hub, HubId, validate_position};
use crate::model::hub_fields;
use crate::model::measure::parse_radii;
use crate::model::plan::Plan;
use crate::model::plan_file::ReadReport;

pub use crate::model::field_map::{LAT_NAMES, LON_NAMES};

/// Columns the app computes from a hub's position and the plan (the computed
/// attributes of `model::hub_fields`, each once); an import ignores them.
pub const DERIVED: [&str; hub_fields::computed_count()] = hub_fields::computed_names();

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

fn coordinate(text: &str, what: &str) -> Result<f64, String> {
    if text.trim().is_empty() {
        return Err(format!("no {what}"));
    }
    field_map::number_text(text)
        .or_else(|| text.trim().parse::<f64>().ok())
        .ok_or_else(|| format!("{what} {:?} is not a number", text.trim()))
}

/// Reads one data row as a hub and its id as read, or says why it cannot be one
/// (without the row prefix); `notes` collects what was not taken as written.
fn hub_from_row(
    header: &[String],
    columns: &Resolved,
    nations: &Nations,
    row: &csv::StringRecord,
    index: usize,
    notes: &mut Vec<String>,
) -> Result<(Hub, Result<Option<u64>, String>), String> {
    let get = |want: Field| {
        columns
            .column_of(want)
            .and_then(|i| row.get(i))
            .map(str::trim)
            .unwrap_or("")
    };
    let lon = coordinate(get(Field::Lon), "longitude")?;
    let lat = coordinate(get(Field::Lat), "latitude")?;
    validate_position(lon, lat)?;

    let id = field_map::id(Some(&Value::String(get(Field::Id).to_owned())));
    let name = match get(Field::Name) {
        "" => format!("Hub {index}"),
        name => name.to_owned(),
    };
    let (name, note) = field_map::limit_text(name, field_map::MAX_NAME_CHARS, "name");
    notes.extend(note);
    let mut hub = Hub::new(HubId(0), name, lon, lat);
    if !get(Field::Kind).is_empty() {
        hub.kind = field_map::kind(get(Field::Kind));
    }
    if !get(Field::LeadNation).is_empty() {
        let (code, note) = nations.read(get(Field::LeadNation), "lead nation");
        hub.lead_nation = code;
        notes.extend(note);
    }
    hub.contributors = get(Field::Contributors)
        .split([';', ',', '|'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| {
            nations
                .code(c)
                .map_or_else(|| c.to_uppercase(), str::to_owned)
        })
        .collect();
    hub.personnel = field_map::personnel(&Value::String(get(Field::Personnel).to_owned()))
        .unwrap_or_else(|e| {
            notes.push(e);
            0
        });
    let activation = get(Field::Activation);
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
    let (text, note) = field_map::limit_text(
        get(Field::Notes).to_owned(),
        field_map::MAX_NOTES_CHARS,
        "notes",
    );
    hub.notes = text;
    notes.extend(note);
    // "50;300" as the CSV export writes it; "50, 300" or "50 km" as people type it.
    hub.range_rings_km =
        parse_radii(get(Field::RangeRings)).map_err(|e| format!("range_rings_km: {e}"))?;
    // Shown unless the cell says otherwise, as in plan files.
    hub.show_range_rings = !matches!(
        get(Field::ShowRangeRings).to_lowercase().as_str(),
        "false" | "0" | "no"
    );
    // "30" as the CSV export writes it; "D+30" as planners type it.
    hub.stand_up_days = crate::model::timeline::parse_days_text(get(Field::StandUpDays))
        .map_err(|e| format!("stand_up_days: {e}"))?;
    let mut extra = Map::new();
    for (i, (name, field)) in header.iter().zip(&columns.by_column).enumerate() {
        if field.is_none() && crate::model::plan_file::kept_as_extra(name) {
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
    Ok((hub, id))
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
    from_csv_mapped(text, source_name, None)
}

/// The header of a CSV text (trimmed names), for the import dialog.
pub fn header(text: &str) -> Result<Vec<String>, PlanCsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(header_line))
        .flexible(true)
        .from_reader(text.as_bytes());
    Ok(reader
        .headers()
        .map_err(|e| PlanCsvError::Parse {
            source_name: String::new(),
            line: 1,
            cause: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect())
}

/// The first `rows` data rows of a CSV text, for the import dialog (rows with the
/// wrong number of fields are shown as they are).
pub fn preview(text: &str, rows: usize) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    csv::ReaderBuilder::new()
        .delimiter(delimiter(header_line))
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .filter_map(Result::ok)
        .take(rows)
        .map(|r| r.iter().map(|f| f.trim().to_owned()).collect())
        .collect()
}

/// [`from_csv`] with the user's choice of which column fills which field.
pub fn from_csv_mapped(
    text: &str,
    source_name: &str,
    mapping: Option<&FieldMapping>,
) -> Result<(Plan, ReadReport), PlanCsvError> {
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
    let columns = Resolved::new(&header, mapping);
    for (want, missing, names) in [
        (Field::Lon, "longitude", &LON_NAMES[..]),
        (Field::Lat, "latitude", &LAT_NAMES[..]),
    ] {
        if columns.column_of(want).is_none() {
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
    let mut report = ReadReport {
        mapped: columns.describe(&header),
        ..ReadReport::default()
    };
    let nations = Nations::new(&plan.roster);
    let mut ids = IdAssigner::default();
    let mut notes = Vec::new();
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
                match hub_from_row(&header, &columns, &nations, &record, index, &mut notes) {
                    Ok((mut hub, id)) => {
                        let place = row_label(record.position());
                        hub.id = ids.check(plan.hubs.len(), id, &place);
                        report
                            .notes
                            .extend(notes.drain(..).map(|n| format!("{place}: {n}")));
                        plan.hubs.push(hub);
                        report.hubs += 1;
                    }
                    Err(reason) => {
                        notes.clear();
                        report
                            .skipped
                            .push(format!("{}: {reason}", row_label(record.position())))
                    }
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
    report.notes.extend(ids.finish(&mut plan));
    Ok((plan, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::hub::HubKind;
    use serde_json::json;

    #[test]
    fn derived_are_the_computed_attributes_of_hub_fields() {
        assert_eq!(
            DERIVED,
            [
                "status",
                "kind_label",
                "country",
                "country_name",
                "oblast",
                "oblast_name",
                "hostile_border_km",
                "warnings",
                "nearest_airfield_icao",
                "nearest_airfield",
                "nearest_airfield_km",
                "nearest_port",
                "nearest_port_km",
                "nearest_city",
                "nearest_city_km",
                "occupied",
                "front_km",
                "zone",
            ]
        );
    }

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
