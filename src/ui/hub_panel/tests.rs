use super::form::nations;
use super::*;

#[test]
fn coordinates_parse_as_people_type_them() {
    assert_eq!(parse_coordinate(" 30.5234 "), Some(30.5234));
    assert_eq!(parse_coordinate("30,5234"), Some(30.5234));
    assert_eq!(parse_coordinate("−12.5"), Some(-12.5));
    assert_eq!(parse_coordinate("abc"), None);
    assert_eq!(parse_coordinate("NaN"), None);
    assert_eq!(parse_coordinate(""), None);
}

#[test]
fn hostile_nations_are_not_offered_as_leads() {
    let plan = Plan::default();
    let list = nations(&plan);
    assert!(!list.iter().any(|(c, _)| c == "RUS"));
    assert_eq!(
        list.first().map(|(c, _)| c.as_str()),
        Some("ALB"),
        "coalition first, by name"
    );
}
