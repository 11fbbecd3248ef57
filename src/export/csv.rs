//! Hubs as CSV, one row per hub, for spreadsheets and GIS tools (GDAL's CSV driver
//! reads the `lon`/`lat` columns as point geometry).

use crate::export::geojson::{
    activation_key, contributors_text, hostile_km_rounded, rings_text, round7, warnings_text,
};
use crate::export::source::Records;
use crate::export::{HubRecord, kind_key};
use crate::model::hub_fields::{self, Formats};

/// The header row, in column order: the attributes `model::hub_fields` lists for CSV
/// (`notes` before `hostile_border_km`, new columns last so spreadsheets made for the
/// earlier ones keep working).
pub const HEADER: [&str; hub_fields::count(Formats::CSV)] = hub_fields::names(Formats::CSV);

/// The hubs as UTF-8 CSV with the [`HEADER`] row, quoted where needed (commas, quotes,
/// line breaks). Kinds and activations use the plan file's keys, contributors are
/// joined with ";", coordinates have at most 7 decimals, the distance to the nearest
/// hostile border is in km rounded to 0.1 (empty if unknown), warnings are joined
/// with "; ", range ring radii with ";" ("50;300", empty when none) and whether they
/// are shown is "true" or "false"; the stand-up delay is a number of days.
pub fn hubs_csv(records: &[HubRecord]) -> Result<String, csv::Error> {
    let mut out = Vec::new();
    write_hubs_csv(&Records::Ready(records), &mut out)?;
    String::from_utf8(out).map_err(|e| csv::Error::from(std::io::Error::other(e)))
}

/// [`hubs_csv`] written as it goes, row by row.
pub fn write_hubs_csv(records: &Records, w: &mut dyn std::io::Write) -> Result<(), csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w);
    writer.write_record(HEADER)?;
    records.visit_all(|record| {
        let hub = record.hub;
        let site = record.site;
        let code = |pair: &Option<(String, String)>| {
            pair.as_ref().map(|(c, _)| c.clone()).unwrap_or_default()
        };
        let nearest = crate::export::nearest::NearestProperties::of(site).texts();
        let control = [
            site.occupied.clone().unwrap_or_default(),
            site.front_km.map_or_else(String::new, |km| {
                format!("{:.1}", (km * 10.0).round() / 10.0)
            }),
            site.zone.map(|z| z.key()).unwrap_or_default(),
        ];
        writer.write_record(
            [
                hub.id.0.to_string(),
                hub.name.clone(),
                kind_key(&hub.kind),
                round7(hub.lon).to_string(),
                round7(hub.lat).to_string(),
                hub.lead_nation.clone(),
                contributors_text(&hub.contributors),
                hub.personnel.to_string(),
                activation_key(hub.activation).to_owned(),
                record.status.as_str().to_owned(),
                code(&site.country),
                code(&site.oblast),
                hub.notes.clone(),
                hostile_km_rounded(site).map_or_else(String::new, |km| format!("{km:.1}")),
                warnings_text(site),
                rings_text(&hub.range_rings_km),
                hub.show_range_rings.to_string(),
                hub.stand_up_days.to_string(),
            ]
            .into_iter()
            .chain(nearest)
            .chain(control),
        )
    })?;
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::geojson::tests::{test_plan, test_sites};
    use crate::export::records;

    fn parse(text: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader.records().map(Result::unwrap).collect();
        (header, rows)
    }

    #[test]
    fn hubs_csv_has_the_header_and_one_row_per_hub() {
        let plan = test_plan();
        let sites = test_sites(&plan);
        let text = hubs_csv(&records(&plan, &sites)).unwrap();
        assert!(text.starts_with(
            "id,name,kind,lon,lat,lead_nation,contributors,personnel,activation,status,country,oblast,notes,hostile_border_km,warnings,range_rings_km,show_range_rings,stand_up_days,nearest_airfield_icao,nearest_airfield,nearest_airfield_km,nearest_port,nearest_port_km,nearest_city,nearest_city_km,occupied,front_km,zone\r\n"
        ));
        let (header, rows) = parse(&text);
        assert_eq!(header, HEADER);
        assert_eq!(rows.len(), 3);
        let col = |row: &csv::StringRecord, name: &str| -> String {
            let i = HEADER.iter().position(|h| *h == name).unwrap();
            row[i].to_owned()
        };

        let kyiv = &rows[0];
        assert_eq!(col(kyiv, "id"), "1");
        assert_eq!(col(kyiv, "name"), "Kyiv coordination HQ");
        assert_eq!(col(kyiv, "kind"), "force_hq");
        // Zhuliany airport is ~6 km from the centre of Kyiv; the city point ~1.8 km.
        assert_eq!(col(kyiv, "nearest_airfield_icao"), "UKKK");
        assert_eq!(col(kyiv, "nearest_city"), "Kyiv");
        let city_km: f64 = col(kyiv, "nearest_city_km").parse().unwrap();
        assert!((0.5..3.0).contains(&city_km), "{city_km}");
        assert_eq!(
            (col(kyiv, "lon"), col(kyiv, "lat")),
            ("30.5234".into(), "50.4501".into())
        );
        assert_eq!(col(kyiv, "contributors"), "GBR;CAN");
        assert_eq!(col(kyiv, "personnel"), "400");
        assert_eq!(col(kyiv, "activation"), "ceasefire");
        assert_eq!(col(kyiv, "status"), "inactive");
        assert_eq!(col(kyiv, "country"), "UKR");
        assert_eq!(col(kyiv, "oblast"), "UA-30");
        let km: f64 = col(kyiv, "hostile_border_km").parse().unwrap();
        assert!((80.0..110.0).contains(&km));
        assert_eq!(col(kyiv, "warnings"), "");
        assert_eq!(col(kyiv, "range_rings_km"), "50;300");
        assert_eq!(col(kyiv, "show_range_rings"), "true");

        let odd = &rows[1];
        assert_eq!(col(odd, "name"), "Rzeszów & <test> \"quoted\", comma");
        assert_eq!(col(odd, "kind"), "Field hospital");
        assert_eq!(col(odd, "lon"), "21.9991235", "at most 7 decimals");
        assert_eq!(col(odd, "status"), "active");
        assert_eq!(col(odd, "country"), "POL");
        assert_eq!(col(odd, "oblast"), "");
        assert_eq!(
            col(odd, "notes"),
            "Line one, \"two\"\nLine ü three; <b>&amp;</b>"
        );
        assert_eq!(col(odd, "warnings"), "outside Ukraine (in Poland)");
        assert_eq!(col(odd, "range_rings_km"), "");

        let kharkiv = &rows[2];
        assert_eq!(col(kharkiv, "status"), "inactive");
        assert_eq!(col(kharkiv, "activation"), "ceasefire_verified");
        assert!(col(kharkiv, "warnings").contains("km from hostile territory"));
        assert_eq!(col(kharkiv, "range_rings_km"), "12.5");
        assert_eq!(col(kharkiv, "show_range_rings"), "false");
    }

    #[test]
    fn rings_read_back_through_the_csv_import() {
        let plan = test_plan();
        let sites = test_sites(&plan);
        let text = hubs_csv(&records(&plan, &sites)).unwrap();
        let (back, report) = crate::model::plan_csv::from_csv(&text, "hubs.csv").unwrap();
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        for (hub, back) in plan.hubs.iter().zip(&back.hubs) {
            assert_eq!(back.range_rings_km, hub.range_rings_km, "{}", hub.name);
            assert_eq!(back.show_range_rings, hub.show_range_rings, "{}", hub.name);
        }
    }

    #[test]
    fn header_is_the_csv_attributes_of_hub_fields() {
        assert_eq!(
            HEADER,
            [
                "id",
                "name",
                "kind",
                "lon",
                "lat",
                "lead_nation",
                "contributors",
                "personnel",
                "activation",
                "status",
                "country",
                "oblast",
                "notes",
                "hostile_border_km",
                "warnings",
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
                "occupied",
                "front_km",
                "zone",
            ]
        );
    }

    #[test]
    fn no_hubs_is_just_the_header() {
        let text = hubs_csv(&[]).unwrap();
        assert_eq!(text.lines().count(), 1);
        assert_eq!(parse(&text).0, HEADER);
    }
}
