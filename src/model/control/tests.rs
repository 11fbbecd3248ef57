use super::*;

#[test]
fn reference_has_crimea_and_donbass_dated_before_the_invasion() {
    let r = reference();
    assert_eq!(r.len(), 2);
    let names: Vec<&str> = r.iter().map(|f| f.name.as_str()).collect();
    assert!(names.iter().any(|n| n.starts_with("Crimea")), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("Donbass")), "{names:?}");
    for f in r {
        assert_eq!(f.kind, ControlKind::Occupied);
        assert!(f.as_of < jiff::civil::date(2022, 2, 24));
        assert!(f.source.contains("Natural Earth"));
        assert!(f.is_reference());
        assert!(f.geometry.vertex_count() > 200);
    }
}

#[test]
fn features_round_trip_through_json() {
    let f = ControlFeature {
        id: 7,
        name: "Front".into(),
        kind: ControlKind::ContactLine,
        geometry: line_from_points(&[(36.0, 47.0), (37.0, 48.0), (38.0, 48.5)]),
        source: "drawn".into(),
        as_of: jiff::civil::date(2025, 3, 1),
        extra: Map::new(),
    };
    let v = serde_json::to_value(to_feature(&f)).unwrap();
    assert_eq!(v["geometry"]["type"], "LineString");
    assert_eq!(v["properties"]["layer"], "control");
    assert_eq!(v["properties"]["as_of"], "2025-03-01");
    let back = from_feature(&v, 1).unwrap().unwrap();
    assert_eq!(back, vec![f]);
}

#[test]
fn a_control_feature_without_date_is_refused() {
    let v = json!({"type":"Feature","properties":{"layer":"control","name":"X","source":"s"},
            "geometry":{"type":"LineString","coordinates":[[30,50],[31,50]]}});
    let err = from_feature(&v, 3).unwrap().unwrap_err();
    assert_eq!(err, "feature 3 (\"X\"): no as_of date");
    let hub = json!({"type":"Feature","properties":{"name":"H"},"geometry":{"type":"Point","coordinates":[30,50]}});
    assert!(from_feature(&hub, 1).is_none());
}

#[test]
fn settings_round_trip_and_default() {
    let mut s = ControlSettings::default();
    assert_eq!(s.threat_bands_km, vec![40.0, 90.0, 300.0]);
    assert_eq!(s.zone_half_width_km, 15.0);
    assert_eq!(s.zone_allowed, vec![HubKind::MonitoringPost]);
    // In the order they are read back: by key ("Depot" < "air").
    s.min_distance_km = vec![
        (HubKind::Custom("Depot".into()), 25.0),
        (HubKind::Air, 90.0),
    ];
    s.show_reference = false;
    assert_eq!(settings_from_json(Some(&settings_to_json(&s))), s);
    assert_eq!(settings_from_json(None), ControlSettings::default());
    assert_eq!(s.min_distance_for(&HubKind::Air), Some(90.0));
}

#[test]
fn vertices_move_insert_and_go_keeping_rings_closed() {
    let g = area_from_ring(&[(30.0, 50.0), (31.0, 50.0), (31.0, 51.0), (30.0, 51.0)]);
    let moved = edit_path(&g, 0, |r| r[0] = Coord { x: 29.5, y: 49.5 }).unwrap();
    let ControlGeometry::Area(mp) = &moved else {
        panic!()
    };
    let ring = &mp.0[0].exterior().0;
    assert_eq!(ring.len(), 5);
    assert_eq!(
        (ring[0], ring[4]),
        (Coord { x: 29.5, y: 49.5 }, Coord { x: 29.5, y: 49.5 })
    );
    let inserted = edit_path(&g, 0, |r| r.insert(1, Coord { x: 30.5, y: 49.8 })).unwrap();
    assert_eq!(inserted.vertex_count(), 6);
    let removed = edit_path(&g, 0, |r| {
        r.remove(3);
    })
    .unwrap();
    assert_eq!(removed.vertex_count(), 4);
    // A triangle cannot lose a vertex; a missing path is refused.
    assert!(
        edit_path(&removed, 0, |r| {
            r.remove(0);
        })
        .is_none()
    );
    assert!(edit_path(&g, 3, |_| {}).is_none());
    let l = line_from_points(&[(30.0, 50.0), (31.0, 50.0)]);
    assert!(
        edit_path(&l, 0, |r| {
            r.pop();
        })
        .is_none()
    );
}

#[test]
fn kinds_parse_from_keys_and_labels() {
    assert_eq!(
        ControlKind::parse("contact_line"),
        Some(ControlKind::ContactLine)
    );
    assert_eq!(
        ControlKind::parse("Line of contact"),
        Some(ControlKind::ContactLine)
    );
    assert_eq!(ControlKind::parse("ngca"), Some(ControlKind::Occupied));
    assert_eq!(ControlKind::parse("banana"), None);
}
