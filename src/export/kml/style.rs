//! The KML export's styles: one per hub kind and status, and the range rings' line styles.

use std::collections::{HashMap, HashSet};

use kml::Kml;

use super::{
    ACTIVE_COLOR, ACTIVE_ICON, INACTIVE_COLOR, INACTIVE_ICON, RING_ACTIVE_COLOR,
    RING_INACTIVE_COLOR, element, parent,
};
use crate::export::kind_key;
use crate::model::hub::{HubKind, Status};

/// Style ids: one per kind, made of safe characters ("military_hub",
/// "custom-field_hospital"), unique even if two custom names look alike.
pub(super) fn style_bases<'a>(
    kinds: impl Iterator<Item = &'a HubKind>,
) -> HashMap<&'a HubKind, String> {
    let mut bases: HashMap<&HubKind, String> = HashMap::new();
    let mut used = HashSet::new();
    for kind in kinds {
        if bases.contains_key(kind) {
            continue;
        }
        let base = match kind {
            HubKind::Custom(name) => {
                let slug: String = name
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_lowercase()
                        } else {
                            '_'
                        }
                    })
                    .collect();
                format!("custom-{slug}")
            }
            k => kind_key(k),
        };
        let mut unique = base.clone();
        let mut n = 2;
        while used.contains(&unique) {
            unique = format!("{base}-{n}");
            n += 1;
        }
        used.insert(unique.clone());
        bases.insert(kind, unique);
    }
    bases
}

pub(super) fn style(id: &str, status: Status) -> Kml {
    let (color, icon, scale, label_color) = match status {
        Status::Active => (ACTIVE_COLOR, ACTIVE_ICON, "1.1", "ffffffff"),
        Status::Inactive => (INACTIVE_COLOR, INACTIVE_ICON, "0.9", "c0d0d0d0"),
    };
    Kml::Element(parent(
        "Style",
        &[("id", id)],
        vec![
            parent(
                "IconStyle",
                &[],
                vec![
                    element("color", color),
                    element("scale", scale),
                    parent("Icon", &[], vec![element("href", icon)]),
                ],
            ),
            parent(
                "LabelStyle",
                &[],
                vec![element("color", label_color), element("scale", "0.9")],
            ),
        ],
    ))
}

/// The line style of an active or inactive hub's range rings.
pub(super) fn ring_style(status: Status) -> Kml {
    let (color, width) = match status {
        Status::Active => (RING_ACTIVE_COLOR, "2.5"),
        Status::Inactive => (RING_INACTIVE_COLOR, "1.5"),
    };
    Kml::Element(parent(
        "Style",
        &[("id", &ring_style_id(status))],
        vec![parent(
            "LineStyle",
            &[],
            vec![element("color", color), element("width", width)],
        )],
    ))
}

pub(super) fn ring_style_id(status: Status) -> String {
    format!("ring-{}", status.as_str())
}
