//! The deployment timeline: stand-up delays ("D+30") as typed and read from files, the
//! order hubs stand up in, and calendar dates for D-days.
//!
//! The rule that decides whether a hub is active on a day lives in one place,
//! [`crate::model::hub::Hub::status`]; this module only reads, orders and dates.

use serde_json::Value;

use crate::model::hub::{Activation, Hub};

/// The longest delay or timeline day accepted, in days (ten years).
pub const MAX_DAYS: u32 = 3_650;

/// Reads a number of days: `30`, `"30"`, `"D+30"`, `"30 days"`, `"30d"`.
pub fn parse_days_text(text: &str) -> Result<u32, String> {
    let t = text.trim().to_ascii_lowercase();
    let t = t.strip_prefix("d+").unwrap_or(&t);
    let t = t
        .trim_end_matches("days")
        .trim_end_matches("day")
        .trim_end_matches('d')
        .trim();
    if t.is_empty() {
        return Ok(0);
    }
    let days: u32 = t
        .parse()
        .map_err(|_| format!("{text:?} is not a whole number of days (e.g. 30 or D+30)"))?;
    if days > MAX_DAYS {
        return Err(format!("{days} days is more than {MAX_DAYS}"));
    }
    Ok(days)
}

/// Reads a number of days from a JSON value (number or text, see [`parse_days_text`]).
pub fn parse_days(value: &Value) -> Result<u32, String> {
    match value {
        Value::Number(n) => match n.as_u64() {
            Some(d) => parse_days_text(&d.to_string()),
            None => match n.as_f64() {
                Some(f) if f >= 0.0 && f.fract() == 0.0 => parse_days_text(&format!("{f:.0}")),
                _ => Err(format!("{n} is not a whole number of days")),
            },
        },
        Value::String(s) => parse_days_text(s),
        other => Err(format!("{other} is not a number of days")),
    }
}

/// "D+30" for a delay, "D+0" for none.
pub fn d_plus(days: u32) -> String {
    format!("D+{days}")
}

/// Hubs that stand up after a ceasefire, in the order they do: by delay, then by
/// condition (a ceasefire before verification before peace), then by name. Hubs
/// active `Always` are not on the timeline.
pub fn standing_up_order(hubs: &[Hub]) -> Vec<&Hub> {
    let mut order: Vec<&Hub> = hubs
        .iter()
        .filter(|h| h.activation != Activation::Always)
        .collect();
    order.sort_by(|a, b| {
        (a.stand_up_days, a.activation, &a.name).cmp(&(b.stand_up_days, b.activation, &b.name))
    });
    order
}

/// The last day any hub stands up (0 when none has a delay): the end of the timeline.
pub fn last_day(hubs: &[Hub]) -> u32 {
    hubs.iter()
        .filter(|h| h.activation != Activation::Always)
        .map(|h| h.stand_up_days)
        .max()
        .unwrap_or(0)
}

/// A `YYYY-MM-DD` date (years 1900–9999), or `None` if it is not a real date.
pub fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let text = text.trim();
    // jiff also reads "+002026-01-06" and similar; plan files write plain dates.
    if text.len() != 10 {
        return None;
    }
    let date: jiff::civil::Date = text.parse().ok()?;
    (1900..=9999).contains(&date.year()).then_some(date)
}

/// The date `days` after `date` (`YYYY-MM-DD`), or `None` if `date` is not a date.
pub fn add_days(date: &str, days: u32) -> Option<String> {
    let later = parse_date(date)?
        .checked_add(jiff::Span::new().days(i64::from(days)))
        .ok()?;
    Some(later.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::hub::HubId;

    #[test]
    fn delays_are_read_as_typed() {
        assert_eq!(parse_days_text("D+30"), Ok(30));
        assert_eq!(parse_days_text(" 45 days "), Ok(45));
        assert_eq!(parse_days_text("7d"), Ok(7));
        assert_eq!(parse_days_text(""), Ok(0));
        assert!(
            parse_days_text("soon")
                .unwrap_err()
                .contains("whole number")
        );
        assert!(parse_days_text("-3").is_err());
        assert!(parse_days_text("4000").unwrap_err().contains("3650"));
        assert_eq!(parse_days(&serde_json::json!(30)), Ok(30));
        assert_eq!(parse_days(&serde_json::json!(30.0)), Ok(30));
        assert_eq!(parse_days(&serde_json::json!("D+60")), Ok(60));
        assert!(parse_days(&serde_json::json!(2.5)).is_err());
        assert!(parse_days(&serde_json::json!([1])).is_err());
        assert_eq!(d_plus(30), "D+30");
    }

    #[test]
    fn hubs_stand_up_in_order_of_delay_then_condition() {
        let mut hubs = Vec::new();
        for (i, (name, days, activation)) in [
            ("Odesa naval", 60, Activation::CeasefireVerified),
            ("Kyiv HQ", 0, Activation::Ceasefire),
            ("Rzeszów", 0, Activation::Always),
            ("Dnipro logistics", 60, Activation::Ceasefire),
            ("Lviv training", 30, Activation::Ceasefire),
        ]
        .into_iter()
        .enumerate()
        {
            let mut h = Hub::new(HubId(i as u64 + 1), name, 30.0, 50.0);
            h.stand_up_days = days;
            h.activation = activation;
            hubs.push(h);
        }
        let names: Vec<&str> = standing_up_order(&hubs)
            .iter()
            .map(|h| h.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "Kyiv HQ",
                "Lviv training",
                "Dnipro logistics",
                "Odesa naval"
            ]
        );
        assert_eq!(last_day(&hubs), 60);
    }

    #[test]
    fn dates_count_days() {
        use jiff::civil::date;
        assert_eq!(parse_date("1970-01-01"), Some(date(1970, 1, 1)));
        assert_eq!(parse_date(" 2026-01-06"), Some(date(2026, 1, 6)));
        assert_eq!(parse_date("2000-02-29"), Some(date(2000, 2, 29)));
        assert_eq!(parse_date("1899-12-31"), None);
        assert_eq!(parse_date("+002026-01-06"), None);
        assert_eq!(parse_date("2001-02-29"), None);
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("next week"), None);
        assert_eq!(add_days("2026-06-01", 30).as_deref(), Some("2026-07-01"));
        assert_eq!(add_days("2026-12-20", 15).as_deref(), Some("2027-01-04"));
    }
}
