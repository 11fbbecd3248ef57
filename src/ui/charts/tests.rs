//! Tests of the charts.

use super::*;
use crate::model::hub::{Activation, Hub, HubId, HubKind};
use crate::model::plan_file::sample_plan;

fn owned<T: Copy>(rows: &[(&str, T)]) -> Vec<(String, T)> {
    rows.iter().map(|&(s, n)| (s.to_owned(), n)).collect()
}

/// Numbers worked out by hand from assets/sample_plan.geojson.
#[test]
fn sample_plan_numbers() {
    let data = chart_data(&sample_plan());
    // GBR leads Lviv 900, Dnipro 350, Khmelnytskyi 700, Zhytomyr 800;
    // FRA leads Kyiv 400, Odesa 600, Vinnytsia 500; POL Rzeszów 300; USA Kharkiv 120.
    assert_eq!(
        data.personnel_by_nation,
        owned(&[("GBR", 2750), ("FRA", 1500), ("POL", 300), ("USA", 120)])
    );
    // Two logistics hubs (Vinnytsia, Rzeszów); one of each other built-in kind.
    assert_eq!(
        data.hubs_by_kind,
        owned(&[
            ("Logistics", 2),
            ("Air", 1),
            ("Ceasefire monitoring post", 1),
            ("Military hub", 1),
            ("Multinational force HQ / coordination", 1),
            ("Naval", 1),
            ("Protected weapons & equipment facility", 1),
            ("Training hub", 1),
        ])
    );
    // Activation: 1 always (Rzeszów), 6 after a ceasefire, 1 after verification
    // (Odesa), 1 after a peace agreement (Khmelnytskyi).
    assert_eq!(
        data.status_by_condition,
        vec![
            ("No ceasefire".to_owned(), 1, 8),
            ("Ceasefire in effect".to_owned(), 7, 2),
            ("Ceasefire verified".to_owned(), 8, 1),
            ("Peace agreement signed".to_owned(), 9, 0),
        ]
    );
}

#[test]
fn empty_plan() {
    let data = chart_data(&Plan::default());
    assert!(data.personnel_by_nation.is_empty());
    assert!(data.hubs_by_kind.is_empty());
    let labels: Vec<&str> = CONDITIONS.iter().map(|c| c.0).collect();
    assert_eq!(
        data.status_by_condition,
        labels
            .iter()
            .map(|l| (l.to_string(), 0, 0))
            .collect::<Vec<_>>()
    );
}

#[test]
fn ties_zeros_custom_kinds_and_missing_leads() {
    let mut plan = Plan::default();
    let mut add = |lead: &str, personnel: u32, kind: HubKind, activation: Activation| {
        let mut hub = Hub::new(HubId(0), "h", 30.0, 50.0);
        hub.lead_nation = lead.into();
        hub.contributors = vec!["DNK".into()];
        hub.personnel = personnel;
        hub.kind = kind;
        hub.activation = activation;
        plan.insert_hub(hub);
    };
    add("NOR", 100, HubKind::Naval, Activation::Always);
    add(
        "DNK",
        100,
        HubKind::Custom("Field hospital".into()),
        Activation::Ceasefire,
    );
    add("SWE", 0, HubKind::Naval, Activation::PeaceAgreement);
    add(" ", 5, HubKind::Air, Activation::CeasefireVerified);
    let data = chart_data(&plan);
    // Equal personnel by code; SWE (0) left out; contributors get nothing.
    assert_eq!(
        data.personnel_by_nation,
        owned(&[("DNK", 100), ("NOR", 100), (NO_LEAD_NATION, 5)])
    );
    assert_eq!(
        data.hubs_by_kind,
        owned(&[("Naval", 2), ("Air", 1), ("Field hospital", 1)])
    );
    let active: Vec<(usize, usize)> = data
        .status_by_condition
        .iter()
        .map(|r| (r.1, r.2))
        .collect();
    assert_eq!(active, vec![(1, 3), (2, 2), (3, 1), (4, 0)]);
}

#[test]
fn thousands_separators() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(2750), "2,750");
    assert_eq!(thousands(1_234_567), "1,234,567");
}

#[test]
fn category_of_axis_values() {
    assert_eq!(category(0.0, 3), Some(0));
    assert_eq!(category(2.2, 3), Some(2));
    assert_eq!(category(-0.6, 3), None);
    assert_eq!(category(3.0, 3), None);
}
