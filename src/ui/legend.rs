//! The legend: one swatch per role with how many countries have it.

use std::collections::BTreeSet;

use egui::{Frame, Rect, RichText, Sense, Ui, UiBuilder, Vec2};

use crate::model::geography::RegionLayer;
use crate::model::plan::Plan;
use crate::model::roster::Role;
use crate::ui::theme::MapTheme;

/// Countries per role: every country on the basemap or on the roster counted once.
pub fn role_counts(plan: &Plan, countries: &RegionLayer) -> [(Role, usize); 7] {
    let codes: BTreeSet<&str> = countries
        .regions()
        .iter()
        .map(|r| r.code.as_str())
        .chain(plan.roster.entries().map(|e| e.iso_a3.as_str()))
        .collect();
    Role::ALL.map(|role| (role, codes.iter().filter(|c| plan.role(c) == role).count()))
}

/// Where the legend sits in a map of `map_rect`: the map keeps its labels out of it.
pub fn legend_rect(map_rect: Rect) -> Rect {
    let size = Vec2::new(200.0, 262.0);
    Rect::from_min_size(map_rect.right_top() + Vec2::new(-size.x - 10.0, 10.0), size)
}

/// Draws the legend of `plan` (role counts over `countries`, active and inactive hubs).
pub fn show_for_plan(
    ui: &mut Ui,
    map_rect: Rect,
    plan: &Plan,
    countries: &RegionLayer,
    theme: MapTheme,
) {
    let status = plan.status_counts();
    show(
        ui,
        map_rect,
        &role_counts(plan, countries),
        (status.active, status.inactive),
        theme,
    );
}

/// Draws the legend in the top-right corner of `map_rect`.
pub fn show(
    ui: &mut Ui,
    map_rect: Rect,
    counts: &[(Role, usize)],
    hubs: (usize, usize),
    theme: MapTheme,
) {
    let width = legend_rect(map_rect).width();
    let area = legend_rect(map_rect).with_max_y(map_rect.bottom());
    let mut child = ui.new_child(UiBuilder::new().max_rect(area));
    Frame::popup(child.style())
        .fill(child.visuals().window_fill.gamma_multiply(0.92))
        .show(&mut child, |ui| {
            ui.set_width(width - 16.0);
            ui.label(RichText::new("Coalition of the Willing").strong());
            for &(role, count) in counts {
                ui.horizontal(|ui| {
                    let (r, _) = ui.allocate_exact_size(Vec2::new(18.0, 12.0), Sense::hover());
                    ui.painter().rect_filled(r, 2.0, theme.role_fill(role));
                    ui.painter().rect_stroke(
                        r,
                        2.0,
                        egui::Stroke::new(1.0, theme.border),
                        egui::StrokeKind::Inside,
                    );
                    ui.label(format!("{}: {count}", role.label()));
                });
            }
            ui.separator();
            for (active, count) in [(true, hubs.0), (false, hubs.1)] {
                ui.horizontal(|ui| {
                    let (r, _) = ui.allocate_exact_size(Vec2::new(18.0, 12.0), Sense::hover());
                    let (fill, frame) = if active {
                        (theme.hub_active, theme.hub_frame)
                    } else {
                        (theme.hub_inactive, theme.hub_inactive_frame)
                    };
                    ui.painter().rect_filled(r, 0.0, fill);
                    if active {
                        ui.painter().rect_stroke(
                            r,
                            0.0,
                            egui::Stroke::new(1.5, frame),
                            egui::StrokeKind::Inside,
                        );
                    } else {
                        let pts = [
                            r.left_top(),
                            r.right_top(),
                            r.right_bottom(),
                            r.left_bottom(),
                            r.left_top(),
                        ];
                        ui.painter().extend(egui::Shape::dashed_line(
                            &pts,
                            egui::Stroke::new(1.5, frame),
                            3.0,
                            2.0,
                        ));
                    }
                    let text = if active {
                        "Active hubs"
                    } else {
                        "Inactive (planned) hubs"
                    };
                    ui.label(format!("{text}: {count}"));
                });
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::geography::Geography;

    #[test]
    fn counts_follow_the_roster() {
        let geo = Geography::builtin().unwrap();
        let mut plan = Plan::default();
        let counts = role_counts(&plan, &geo.countries);
        let get = |c: &[(Role, usize)], r: Role| c.iter().find(|(x, _)| *x == r).unwrap().1;
        assert_eq!(get(&counts, Role::Host), 1);
        assert_eq!(get(&counts, Role::LeadNation), 2);
        assert_eq!(get(&counts, Role::Member), 30);
        assert_eq!(get(&counts, Role::Hostile), 2);
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        plan.roster.set_role("HUN", "Hungary", Role::Member);
        let after = role_counts(&plan, &geo.countries);
        assert_eq!(get(&after, Role::Member), 31);
        assert_eq!(get(&after, Role::Other), get(&counts, Role::Other) - 1);
        assert_eq!(after.iter().map(|(_, n)| n).sum::<usize>(), total);
    }
}
