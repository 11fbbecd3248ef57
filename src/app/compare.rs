//! Deciding between plans in the app: File → Compare with… (plan B overlaid on the plan
//! being edited, a table of differences, figures side by side), the coverage layer and
//! the population chart's numbers, and the timeline bar under the map.

use super::*;
use crate::map::scene::{self, Placed};
use crate::map::style;
use crate::model::compare::{PlanDiff, compare};
use crate::model::coverage::{
    CoverageIndex, CoverageReport, Town, active_hubs, population_by_condition,
};
use crate::projection::Projector;
use crate::ui::legend;
use crate::ui::scene_painter::{self, EguiMeasure};

mod overlay;

use overlay::caption;

/// Fill of oblasts within reach of an active hub (translucent, so hubs show through).
pub const COVERED_FILL: Color32 = Color32::from_rgba_premultiplied(0x10, 0x50, 0x24, 0x50);

/// Figures of one plan, shown side by side in a comparison.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    /// Hubs in the plan.
    pub hubs: usize,
    /// Hubs active under each ceasefire condition (at the plan's timeline day).
    pub active_by_condition: Vec<(String, usize)>,
    /// Planned personnel, all hubs.
    pub personnel_total: u64,
    /// Planned personnel per lead nation, largest first.
    pub personnel_by_nation: Vec<(String, u64)>,
    /// Warnings over all hubs (outside Ukraine, near a hostile border).
    pub warnings: usize,
    /// Oblasts within the coverage radius of an active hub, in the plan's state now.
    pub oblasts_covered: usize,
    /// Population of the shipped cities covered under each ceasefire condition.
    pub population_by_condition: Vec<u64>,
    /// Population of all the shipped cities (Ukraine).
    pub population_total: u64,
}

/// Plan B of a comparison and how it differs from the plan being edited (plan A).
pub struct Comparison {
    /// Its file.
    pub path: PathBuf,
    /// The plan, as read.
    pub plan: Plan,
    /// How B differs from A, refreshed whenever A changes.
    pub diff: PlanDiff,
    /// Figures of A and B (same radius: A's coverage radius).
    pub figures: [Figures; 2],
    /// A's revisions the diff and figures were computed for.
    revision: Option<(u64, u64)>,
}

/// The coverage layer and the data it (and the charts and comparisons) need, prepared
/// on first use.
#[derive(Default)]
pub(super) struct CoverageState {
    index: Option<CoverageIndex>,
    towns: Option<Vec<Town>>,
    /// Whether the map shades covered oblasts.
    pub(super) show: bool,
    /// Coverage of the plan in its state now.
    report: Option<CoverageReport>,
    /// Population covered per ceasefire condition: label, people, whether now.
    by_condition: Vec<(String, u64, bool)>,
    revision: Option<(u64, u64)>,
    /// Set when the one undo step of a timeline drag is recorded: the plan revision.
    pub(super) timeline_revision: Option<u64>,
    /// The plan the presented slide compares with.
    pub(super) slide_plan: Option<SlidePlan>,
}

/// The plan a presented slide compares with, and how it differs from the plan shown.
pub(super) struct SlidePlan {
    /// Its name as the slide gives it.
    name: String,
    /// The plan, or why it could not be read.
    plan: Result<Plan, String>,
    /// How it differs from the presentation's shown plan, and the build of that plan
    /// it was worked out for (the shown plan changes with edits and the ceasefire).
    diff: Option<(u64, PlanDiff)>,
}

impl CoalitionApp {
    /// Compares the plan with the plan in `path` (what File → Compare with… does after
    /// its dialog). If the file cannot be read, the cause is shown and any comparison
    /// already open stays as it was.
    pub fn compare_with(&mut self, path: &Path) {
        match plan_io::open_plan(path) {
            Ok((plan, report)) => {
                self.comparison = Some(Comparison {
                    path: path.to_path_buf(),
                    plan,
                    diff: PlanDiff::default(),
                    figures: Default::default(),
                    revision: None,
                });
                self.refresh_comparison();
                if let Some(c) = &self.comparison {
                    let d = &c.diff;
                    let mut text = format!(
                        "Comparing with {}: {} added, {} removed, {} moved, {} changed, {} unchanged.",
                        path.display(),
                        d.added.len(),
                        d.removed.len(),
                        d.moved.len(),
                        d.changed.len(),
                        d.unchanged
                    );
                    if !report.skipped.is_empty() {
                        text.push_str(&format!(" Skipped: {}.", report.skipped.join("; ")));
                    }
                    self.message = Some(Message {
                        text,
                        is_error: false,
                    });
                }
            }
            Err(e) => self.show_error(e.to_string()),
        }
    }

    /// The comparison open, if any (refreshed for the plan as it is now).
    pub fn comparison(&mut self) -> Option<&Comparison> {
        self.refresh_comparison();
        self.comparison.as_ref()
    }

    /// Whether the map shades the oblasts within reach of an active hub.
    pub fn coverage_shown(&self) -> bool {
        self.coverage.show
    }

    /// Coverage of the plan in its ceasefire state now (timeline day included), within
    /// its coverage radius.
    pub fn coverage_report(&mut self) -> Option<&CoverageReport> {
        self.refresh_coverage();
        self.coverage.report.as_ref()
    }

    /// The prepared oblasts and the shipped cities, made on first use. A damaged city
    /// list is reported once and coverage goes on with oblasts only.
    fn coverage_inputs(&mut self) {
        if self.coverage.index.is_none() {
            self.coverage.index = Some(CoverageIndex::new(&self.data.geography.oblasts));
        }
        if self.coverage.towns.is_none() {
            self.coverage.towns = Some(match crate::model::coverage::shipped_towns() {
                Ok(towns) => towns,
                Err(e) => {
                    self.show_error(format!("Coverage without cities: {e}"));
                    Vec::new()
                }
            });
        }
    }

    /// Figures of a plan, for the comparison.
    fn figures_of(&self, plan: &Plan, radius_km: f64) -> Figures {
        let (Some(index), Some(towns)) = (&self.coverage.index, &self.coverage.towns) else {
            return Figures::default();
        };
        let charts = crate::ui::charts::chart_data(plan);
        let sites = crate::model::site::analyse_plan(plan, &self.data.geography);
        let now = index.report(&active_hubs(&plan.hubs, &plan.ceasefire), radius_km, towns);
        Figures {
            hubs: plan.hubs.len(),
            active_by_condition: charts
                .status_by_condition
                .iter()
                .map(|(label, active, _)| (label.clone(), *active))
                .collect(),
            personnel_total: plan.hubs.iter().map(|h| u64::from(h.personnel)).sum(),
            personnel_by_nation: charts.personnel_by_nation,
            warnings: sites.iter().map(|s| s.warnings.len()).sum(),
            oblasts_covered: now.oblasts_covered(),
            population_by_condition: population_by_condition(
                index,
                &plan.hubs,
                plan.ceasefire.day(),
                radius_km,
                towns,
            )
            .iter()
            .map(|(_, p)| *p)
            .collect(),
            population_total: now.population_total,
        }
    }

    fn refresh_comparison(&mut self) {
        let key = (self.revision, self.map_revision);
        if self
            .comparison
            .as_ref()
            .is_none_or(|c| c.revision == Some(key))
        {
            return;
        }
        self.coverage_inputs();
        let Some(mut c) = self.comparison.take() else {
            return;
        };
        // B is seen in A's ceasefire state and timeline day, and with A's radius, so
        // the figures compare the layouts, not the settings they were saved with.
        let mut b = c.plan.clone();
        b.ceasefire = self.plan.ceasefire;
        c.diff = compare(&self.plan, &c.plan);
        let radius = self.plan.coverage_radius_km;
        c.figures = [
            self.figures_of(&self.plan, radius),
            self.figures_of(&b, radius),
        ];
        c.revision = Some(key);
        self.comparison = Some(c);
    }

    fn refresh_coverage(&mut self) {
        let key = (self.revision, self.map_revision);
        if self.coverage.revision == Some(key) {
            return;
        }
        self.coverage_inputs();
        let (Some(index), Some(towns)) = (&self.coverage.index, &self.coverage.towns) else {
            return;
        };
        let radius = self.plan.coverage_radius_km;
        let active = active_hubs(&self.plan.hubs, &self.plan.ceasefire);
        self.coverage.report = Some(index.report(&active, radius, towns));
        let day = self.plan.ceasefire.day();
        self.coverage.by_condition =
            population_by_condition(index, &self.plan.hubs, day, radius, towns)
                .iter()
                .zip(crate::ui::charts::CONDITIONS)
                .map(|((state, people), (label, ..))| {
                    (label.to_owned(), *people, *state == self.plan.ceasefire)
                })
                .collect();
        self.coverage.revision = Some(key);
    }

    /// The View menu's coverage entries: the layer switch and the radius.
    pub(super) fn coverage_menu(&self, ui: &mut Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        let mut show = self.coverage.show;
        if ui
            .checkbox(&mut show, "Coverage (oblasts within reach)")
            .on_hover_text("Shade the oblasts within the coverage radius of an active hub")
            .clicked()
        {
            commands.push(Command::ToggleCoverage);
        }
        ui.horizontal(|ui| {
            let label = ui.label("Coverage radius");
            let mut km = self.plan.coverage_radius_km;
            let resp = ui
                .add(
                    egui::DragValue::new(&mut km)
                        .range(1.0..=2000.0)
                        .suffix(" km"),
                )
                .labelled_by(label.id);
            if (resp.changed() && !resp.dragged()) || resp.drag_stopped() {
                commands.push(Command::SetCoverageRadius(km));
            }
        });
        commands
    }

    /// Applies the commands of this module (called from `apply`).
    pub(super) fn apply_compare(&mut self, command: Command) {
        match command {
            Command::SetTimelineDay(day) => {
                let mut next = self.plan.ceasefire;
                next.set_day(day);
                if next != self.plan.ceasefire {
                    let before = self.plan.clone();
                    // One undo step per drag: no new snapshot while the last plan
                    // change was this slider's.
                    if self.coverage.timeline_revision == Some(self.revision) {
                        self.revision += 1;
                    } else {
                        self.record();
                    }
                    self.plan.ceasefire = next;
                    self.coverage.timeline_revision = Some(self.revision);
                    self.start_pulse(&before);
                }
            }
            Command::SetCoverageRadius(km)
                if km.is_finite() && km > 0.0 && km != self.plan.coverage_radius_km =>
            {
                self.record();
                self.plan.coverage_radius_km = km;
            }
            Command::PickCompare => self.pick_file(FilePurpose::Compare),
            Command::CompareWith(path) => self.compare_with(&path),
            Command::CloseComparison => self.comparison = None,
            Command::ToggleCoverage => self.coverage.show = !self.coverage.show,
            _ => {}
        }
    }

    /// Draws the coverage shading over the map, and its caption with its bottom at
    /// `floor` (above the panels at the bottom left).
    pub(super) fn draw_coverage(&mut self, ui: &mut Ui, map_rect: egui::Rect, floor: f32) {
        let Some(viewport) = self.map.viewport() else {
            return;
        };
        let p = Projector::new(self.map.camera(), viewport);
        let painter = ui.painter_at(map_rect);
        if self.coverage.show {
            self.refresh_coverage();
            if let Some(report) = &self.coverage.report {
                let shaded: Vec<(usize, Color32)> = report
                    .oblasts
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.covered)
                    .map(|(i, _)| (i, COVERED_FILL))
                    .collect();
                crate::ui::map_view::shade_regions(&painter, &p, &self.data.oblasts, &shaded);
                let text = format!(
                    "Coverage: {} of {} oblasts within {} km of an active hub (shaded) · \
                     {} of {} people in the shipped cities ({:.0}%)",
                    report.oblasts_covered(),
                    report.oblasts.len(),
                    report.radius_km,
                    crate::ui::charts::thousands(report.population_covered),
                    crate::ui::charts::thousands(report.population_total),
                    crate::model::coverage::percent(
                        report.population_covered,
                        report.population_total
                    )
                );
                caption(&painter, map_rect, floor, &text, ui.visuals().dark_mode);
            }
        }
    }

    /// The right-hand panel of a comparison: differences and figures side by side.
    pub(super) fn comparison_panel(&mut self, ui: &mut Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        self.refresh_comparison();
        let Some(c) = &self.comparison else {
            return commands;
        };
        egui::Panel::right("comparison")
            .default_size(360.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.heading("Comparison");
                    if ui.button("Close").clicked() {
                        commands.push(Command::CloseComparison);
                    }
                });
                let b_name = c
                    .path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                ui.label(format!("A: {}", self.plan.title));
                ui.label(format!("B: {} ({b_name})", c.plan.title));
                ui.weak(format!(
                    "Both seen as: {}",
                    self.plan.ceasefire.describe_with_day()
                ));
                ui.separator();
                egui::ScrollArea::vertical()
                    .id_salt("comparison_scroll")
                    .show(ui, |ui| {
                        differences_table(ui, &c.diff);
                        ui.separator();
                        figures_table(ui, &c.figures, self.plan.coverage_radius_km);
                    });
            });
        commands
    }

    /// The population chart in the Charts tab.
    pub(super) fn population_chart(&mut self, ui: &mut Ui, theme: MapTheme) {
        self.refresh_coverage();
        let total = self
            .coverage
            .report
            .as_ref()
            .map_or(0, |r| r.population_total);
        crate::ui::charts::show_population(
            ui,
            &self.coverage.by_condition,
            total,
            self.plan.coverage_radius_km,
            theme,
        );
    }
}

fn differences_table(ui: &mut Ui, d: &PlanDiff) {
    ui.label(RichText::new("Differences (B against A)").strong());
    ui.label(format!(
        "{} added · {} removed · {} moved · {} changed · {} unchanged",
        d.added.len(),
        d.removed.len(),
        d.moved.len(),
        d.changed.len(),
        d.unchanged
    ));
    if d.is_same() {
        ui.weak("Both plans have the same hubs.");
        return;
    }
    egui::Grid::new("differences")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for h in &d.added {
                ui.colored_label(style::COMPARE_ADDED, "added");
                ui.label(&h.name);
                ui.label(format!("{:.3}, {:.3}", h.at[1], h.at[0]));
                ui.end_row();
            }
            for h in &d.removed {
                ui.colored_label(style::COMPARE_REMOVED, "removed");
                ui.label(&h.name);
                ui.label(format!("{:.3}, {:.3}", h.at[1], h.at[0]));
                ui.end_row();
            }
            for m in &d.moved {
                ui.colored_label(style::COMPARE_MOVED, "moved");
                ui.label(&m.name);
                ui.label(format!("{:.1} km", m.km));
                ui.end_row();
            }
            for c in &d.changed {
                ui.colored_label(style::COMPARE_CHANGED, "changed");
                ui.label(&c.name);
                ui.label(c.fields.join(", "));
                ui.end_row();
            }
        });
}

fn figures_table(ui: &mut Ui, f: &[Figures; 2], radius_km: f64) {
    use crate::ui::charts::thousands;
    ui.label(RichText::new("Figures").strong());
    egui::Grid::new("figures")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            let row = |ui: &mut Ui, label: &str, a: String, b: String| {
                ui.label(label);
                ui.label(a);
                ui.label(b);
                ui.end_row();
            };
            ui.label("");
            ui.label(RichText::new("A").strong());
            ui.label(RichText::new("B").strong());
            ui.end_row();
            row(ui, "Hubs", f[0].hubs.to_string(), f[1].hubs.to_string());
            for (i, (label, a)) in f[0].active_by_condition.iter().enumerate() {
                let b = f[1].active_by_condition.get(i).map_or(0, |(_, n)| *n);
                row(
                    ui,
                    &format!("Active: {label}"),
                    a.to_string(),
                    b.to_string(),
                );
            }
            row(
                ui,
                "Personnel",
                thousands(f[0].personnel_total),
                thousands(f[1].personnel_total),
            );
            let mut nations: Vec<&String> = f[0]
                .personnel_by_nation
                .iter()
                .chain(&f[1].personnel_by_nation)
                .map(|(n, _)| n)
                .collect();
            nations.sort();
            nations.dedup();
            let of = |f: &Figures, n: &str| {
                f.personnel_by_nation
                    .iter()
                    .find(|(c, _)| c == n)
                    .map_or(0, |(_, p)| *p)
            };
            for n in nations {
                row(
                    ui,
                    &format!("  led by {n}"),
                    thousands(of(&f[0], n)),
                    thousands(of(&f[1], n)),
                );
            }
            row(
                ui,
                "Warnings",
                f[0].warnings.to_string(),
                f[1].warnings.to_string(),
            );
            row(
                ui,
                &format!("Oblasts within {radius_km} km (now)"),
                f[0].oblasts_covered.to_string(),
                f[1].oblasts_covered.to_string(),
            );
            for (i, (label, ..)) in crate::ui::charts::CONDITIONS.iter().enumerate() {
                let pct = |f: &Figures| {
                    let p = f.population_by_condition.get(i).copied().unwrap_or(0);
                    format!(
                        "{} ({:.0}%)",
                        thousands(p),
                        crate::model::coverage::percent(p, f.population_total)
                    )
                };
                row(
                    ui,
                    &format!("People covered: {label}"),
                    pct(&f[0]),
                    pct(&f[1]),
                );
            }
        });
}

impl CoalitionApp {
    /// Reads the plan the presented slide compares with, when the slide changes.
    pub(super) fn load_slide_comparison(&mut self) {
        let wanted = self
            .presenting
            .as_ref()
            .and_then(|p| p.slide)
            .and_then(|i| self.plan.slides.get(i))
            .and_then(|s| s.compare_with.clone());
        let Some(name) = wanted else {
            self.coverage.slide_plan = None;
            return;
        };
        if self
            .coverage
            .slide_plan
            .as_ref()
            .is_some_and(|p| p.name == name)
        {
            return;
        }
        let base = self.file.as_deref().and_then(Path::parent);
        let plan = plan_io::read_compared_plan(base, &name);
        self.coverage.slide_plan = Some(SlidePlan {
            name,
            plan,
            diff: None,
        });
    }
}

impl CoalitionApp {
    /// Calls `f` with the comparison drawn this frame and the plan it is drawn over:
    /// the presented slide's (against the plan shown) while presenting, else File →
    /// Compare with's (against the plan being edited). None when there is none.
    fn with_compared<R>(&mut self, f: impl FnOnce(scene::Compared<'_>, &Plan) -> R) -> Option<R> {
        if let Some(pres) = &self.presenting {
            let slide = self.coverage.slide_plan.as_mut()?;
            if let Ok(b) = &slide.plan
                && slide
                    .diff
                    .as_ref()
                    .is_none_or(|(built, _)| *built != pres.builds)
            {
                slide.diff = Some((pres.builds, compare(&pres.shown, b)));
            }
            let other = match (&slide.plan, &slide.diff) {
                (Ok(_), Some((_, diff))) => Ok(diff),
                (Err(why), _) => Err(why.as_str()),
                (Ok(_), None) => return None,
            };
            let compared = scene::Compared {
                file: &slide.name,
                other,
            };
            return Some(f(compared, &pres.shown));
        }
        self.refresh_comparison();
        let c = self.comparison.as_ref()?;
        let file = c
            .path
            .file_name()
            .map_or_else(|| c.path.to_string_lossy(), |n| n.to_string_lossy());
        let compared = scene::Compared {
            file: &file,
            other: Ok(&c.diff),
        };
        Some(f(compared, &self.plan))
    }

    /// Places the key of the comparison drawn this frame in `map_rect` (bottom left,
    /// above the control legend) and has the map's labels keep clear of it. Called
    /// before the map is drawn; [`CoalitionApp::draw_comparison`] paints it after.
    pub(super) fn comparison_key(
        &mut self,
        ui: &Ui,
        map_rect: egui::Rect,
        (layers, theme): (&Layers, &MapTheme),
    ) -> Option<Placed> {
        let control = legend::control_legend(ui, map_rect, &self.control.view, layers, theme);
        let credits = legend::credits_height(ui, map_rect, layers, theme, &self.control.view);
        let bounds = scene_painter::screen_bounds(map_rect);
        let key = self
            .with_compared(|compared, _| {
                scene::comparison_key(
                    &scene::comparison_legend(&compared),
                    bounds,
                    (control.as_ref().as_ref(), bounds.3 - f64::from(credits)),
                    theme,
                    &EguiMeasure(ui.painter()),
                )
            })
            .flatten();
        legend::set_key_rect(ui.ctx(), key.as_ref().map(|k| k.panel));
        key
    }

    /// Where a caption over the map has its bottom: above the control legend and the
    /// comparison's `key` at the bottom left, else above the scale bar.
    pub(super) fn caption_floor(
        &self,
        ui: &Ui,
        map_rect: egui::Rect,
        (layers, theme): (&Layers, &MapTheme),
        key: Option<&Placed>,
    ) -> f32 {
        let control = legend::control_legend(ui, map_rect, &self.control.view, layers, theme);
        let above_scale = map_rect.bottom() - style::CONTROL_LEGEND_ABOVE as f32;
        control
            .as_ref()
            .iter()
            .chain(key)
            .map(|p| p.panel.1 as f32 - style::LEGEND_EDGE as f32)
            .fold(above_scale, f32::min)
    }

    /// Draws the marks of the comparison drawn this frame over the map as it is now
    /// (after the map's gestures moved it), then its `key`.
    pub(super) fn draw_comparison(
        &mut self,
        ui: &Ui,
        map_rect: egui::Rect,
        (layers, theme): (&Layers, &MapTheme),
        key: Option<&Placed>,
    ) {
        let Some(viewport) = self.map.viewport() else {
            return;
        };
        let p = Projector::new(self.map.camera(), viewport);
        let view = scene::View {
            p: &p,
            theme,
            layers,
            bounds: scene_painter::screen_bounds(map_rect),
        };
        let painter = ui.painter_at(map_rect);
        let measure = EguiMeasure(&painter);
        let Some(Some(drawn)) = self.with_compared(|compared, plan| {
            compared
                .other
                .ok()
                .map(|diff| scene::comparison(&view, plan, diff, &measure))
        }) else {
            if let Some(key) = key {
                legend::show_key(ui, map_rect, key);
            }
            return;
        };
        // The names keep clear of the marks, the panels, the marking and the credits,
        // as in files.
        let mut blocked = drawn.boxes.clone();
        blocked.push(scene::marking(view.bounds, &measure).1);
        // The credits and the scale bar: the strip along the bottom they take.
        let credits = legend::credits_height(ui, map_rect, layers, theme, &self.control.view);
        blocked.push((
            view.bounds.0,
            view.bounds.3 - f64::from(credits),
            view.bounds.2,
            view.bounds.3,
        ));
        blocked.extend(key.map(|k| k.panel));
        blocked.extend(legend::placed_rect(ui.ctx()).map(scene_painter::screen_bounds));
        blocked.extend(
            legend::control_rect(ui, map_rect, &self.control.view, layers, theme)
                .map(scene_painter::screen_bounds),
        );
        let (names, _) = scene::place_labels(
            "comparison-names",
            drawn.names,
            &blocked,
            3.0,
            view.bounds,
            theme,
        );
        scene_painter::paint_plain(&painter, &[&drawn.marks, &names]);
        if let Some(key) = key {
            legend::show_key(ui, map_rect, key);
        }
    }
}
