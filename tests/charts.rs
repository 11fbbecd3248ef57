//! UI tests for the briefing charts: headings, the values they read out, hover
//! tooltips, and live updates as the plan changes.

use coalition_map::map::theme::MapTheme;
use coalition_map::model::hub::{Ceasefire, Hub, HubId};
use coalition_map::model::plan::Plan;
use coalition_map::model::plan_file;
use coalition_map::ui::charts::{self, chart_data};
use egui::Pos2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const HEADINGS: [&str; 3] = [
    "Personnel by lead nation",
    "Hubs by kind",
    "Active vs inactive hubs by ceasefire condition",
];

fn harness(plan: Plan, theme: MapTheme) -> Harness<'static, Plan> {
    let mut h = Harness::builder()
        .with_size([800.0, 1000.0])
        .with_max_steps(100)
        .build_ui_state(
            move |ui, plan: &mut Plan| charts::show(ui, plan, theme),
            plan,
        );
    h.run();
    h
}

const SAMPLE_PERSONNEL: &str = "Personnel by lead nation: GBR 2,750; FRA 1,500; POL 300; USA 120";
const SAMPLE_STATUS: &str = "Active vs inactive hubs by ceasefire condition: \
    No ceasefire (now) 1 active, 8 inactive; Ceasefire in effect 7 active, 2 inactive; \
    Ceasefire verified 8 active, 1 inactive; Peace agreement signed 9 active, 0 inactive";

#[test]
fn sample_plan_charts_show_headings_and_values() {
    let h = harness(plan_file::sample_plan(), MapTheme::LIGHT);
    for heading in HEADINGS {
        h.get_by_label(heading);
    }
    // Each plot reads out its values to screen readers (and to these tests).
    h.get_by_label(SAMPLE_PERSONNEL);
    h.get_by_label(
        "Hubs by kind: Logistics 2; Air 1; Ceasefire monitoring post 1; Military hub 1; \
         Multinational force HQ / coordination 1; Naval 1; \
         Protected weapons & equipment facility 1; Training hub 1",
    );
    h.get_by_label(SAMPLE_STATUS);
    assert!(h.unnamed_widgets().is_empty(), "{:#?}", h.unnamed_widgets());
}

#[test]
fn charts_follow_plan_changes() {
    let mut h = harness(plan_file::sample_plan(), MapTheme::LIGHT);
    h.get_by_label(SAMPLE_PERSONNEL);

    let mut hub = Hub::new(HubId(0), "Chernihiv hub", 31.3, 51.5);
    hub.lead_nation = "CAN".into();
    hub.personnel = 1000;
    h.state_mut().insert_hub(hub);
    h.state_mut().ceasefire = Ceasefire::new(true, false, false);
    h.run();

    let data = chart_data(h.state());
    assert_eq!(
        data.personnel_by_nation,
        [
            ("GBR", 2750),
            ("FRA", 1500),
            ("CAN", 1000),
            ("POL", 300),
            ("USA", 120)
        ]
        .map(|(c, n)| (c.to_owned(), n))
    );
    // A second military hub ties with logistics; ties go by label.
    assert_eq!(
        data.hubs_by_kind[..2],
        [("Logistics", 2), ("Military hub", 2)].map(|(k, n)| (k.to_owned(), n))
    );
    assert_eq!(
        data.status_by_condition[1],
        ("Ceasefire in effect".to_owned(), 8, 2)
    );

    h.get_by_label("Personnel by lead nation: GBR 2,750; FRA 1,500; CAN 1,000; POL 300; USA 120");
    h.get_by_label(
        "Active vs inactive hubs by ceasefire condition: \
         No ceasefire 1 active, 9 inactive; Ceasefire in effect (now) 8 active, 2 inactive; \
         Ceasefire verified 9 active, 1 inactive; Peace agreement signed 10 active, 0 inactive",
    );
}

#[test]
fn hovering_a_bar_shows_its_exact_figures() {
    let mut h = harness(plan_file::sample_plan(), MapTheme::LIGHT);
    let plot = h.get_by_label(SAMPLE_PERSONNEL).rect();
    // The first row (GBR) is the top quarter of the plot; its bar starts right of
    // the category labels.
    let pos = Pos2::new(plot.center().x, plot.top() + plot.height() / 8.0);
    h.hover_at(pos);
    h.run();
    h.get_by_label("United Kingdom (GBR)\n2,750 personnel in the 4 hubs it leads");
}

#[test]
fn empty_plan_shows_placeholders_and_zero_rows() {
    let h = harness(Plan::default(), MapTheme::DARK);
    for heading in HEADINGS {
        h.get_by_label(heading);
    }
    h.get_by_label("No personnel planned yet.");
    h.get_by_label("No hubs yet.");
    h.get_by_label(
        "Active vs inactive hubs by ceasefire condition: \
         No ceasefire (now) 0 active, 0 inactive; Ceasefire in effect 0 active, 0 inactive; \
         Ceasefire verified 0 active, 0 inactive; Peace agreement signed 0 active, 0 inactive",
    );
}
