//! coalition-map's entry point: the window, or the `check` and `export` commands.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use coalition_map::app::CoalitionApp;
use coalition_map::cli::{self, CeasefireArg, EXIT_ERROR};
use coalition_map::export::Format;
use coalition_map::map::MapData;
use coalition_map::model::geography::Geography;
use coalition_map::storage::Storage;

/// Offline map for planning hypothetical Coalition of the Willing hubs in Ukraine.
///
/// Without a command it opens the window (with PLAN if given, else the sample plan).
#[derive(Parser, Debug)]
#[command(version, about, args_conflicts_with_subcommands = true)]
struct Cli {
    /// A plan to open: our GeoJSON plan, any GeoJSON of points, or a CSV with lon/lat.
    plan: Option<PathBuf>,
    /// Open this GeoJSON file as the country basemap instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    basemap: Option<PathBuf>,
    /// Open the window comparing the plan with this plan (as File → Compare with…).
    #[arg(long, value_name = "PLAN")]
    compare: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print each hub with its country, oblast, status, distance to the nearest
    /// hostile border and warnings, and each feature the file had that could not be
    /// read. Exit 1 if there are warnings or skipped features.
    Check {
        /// The plan.
        plan: PathBuf,
        /// Override the plan's ceasefire state for this run.
        #[arg(long, value_enum)]
        ceasefire: Option<CeasefireArg>,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
        /// Add control features (occupied areas, contact or ceasefire lines) from a
        /// GeoJSON, KML or KMZ file; repeatable.
        #[arg(long, value_name = "FILE")]
        control: Vec<PathBuf>,
        /// As-of date (YYYY-MM-DD) for --control features that carry none (KML/KMZ).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<jiff::civil::Date>,
        /// Source for --control features that name none [default: the file name].
        #[arg(long, value_name = "TEXT")]
        control_source: Option<String>,
    },
    /// Write the hubs to GeoJSON, KML or CSV, the map of Ukraine to SVG or PNG, the
    /// slides to a PDF deck, or each slide to an SVG or PNG picture (--slides).
    Export {
        /// The plan.
        plan: PathBuf,
        /// What to write: hubs as geojson, kml or csv; the map as an svg or png
        /// picture; or a pdf briefing deck (a page per slide, the map when there are
        /// none). Pictures need no display.
        #[arg(long, value_enum, ignore_case = true)]
        format: Format,
        /// The file to write (replaced atomically).
        #[arg(
            long,
            value_name = "FILE",
            required_unless_present = "slides",
            conflicts_with = "slides"
        )]
        output: Option<PathBuf>,
        /// Write every slide of the plan as a picture into DIR (created if missing),
        /// named by number and caption (01-overview.svg, …; files of the same name are
        /// replaced), and print their paths. Needs --format svg or png.
        #[arg(long, value_name = "DIR")]
        slides: Option<PathBuf>,
        /// Override the plan's ceasefire state for this run (not with --slides: each
        /// slide shows its own).
        #[arg(long, value_enum, conflicts_with = "slides")]
        ceasefire: Option<CeasefireArg>,
        /// Pictures (svg, png, pdf): dark theme colours.
        #[arg(long)]
        dark: bool,
        /// Pictures: width in pixels [default: 1600].
        #[arg(long, value_name = "PX", value_parser = clap::value_parser!(u32).range(200..=20_000))]
        width: Option<u32>,
        /// Pictures: height in pixels [default: 1000].
        #[arg(long, value_name = "PX", value_parser = clap::value_parser!(u32).range(200..=20_000))]
        height: Option<u32>,
    },
    /// Rank the airfields (air), ports (naval) or cities (logistics, training, force_hq)
    /// where a hub of the kind would satisfy the plan's rules: in Ukraine, outside the
    /// hostile-border buffer and the other site rules, and at least the plan's spacing
    /// from every hub. Exit 0 with candidates, 1 when none qualifies, 2 on bad input.
    Suggest {
        /// The plan.
        plan: PathBuf,
        /// The hub kind.
        #[arg(long, value_enum)]
        kind: coalition_map::cli_suggest::SuggestKind,
        /// How many candidates to list, best first.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=10_000))]
        count: u32,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Compare plan B against plan A: hubs added, removed, moved (geodesic km) and
    /// changed (which fields). Hubs are matched by id, then name, then position
    /// (within 1 km). Exit 0 when both have the same hubs, 1 when they differ.
    Diff {
        /// Plan A (the reference).
        a: PathBuf,
        /// Plan B (the alternative).
        b: PathBuf,
        /// Print one JSON object instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Which oblasts and cities of Ukraine lie within a radius (geodesic) of a hub
    /// active under a ceasefire condition, the nearest hub to each and the population
    /// covered.
    Coverage {
        /// The plan.
        plan: PathBuf,
        /// Radius in km [default: the plan's coverage radius, else 100].
        #[arg(long, value_name = "KM")]
        radius: Option<f64>,
        /// The ceasefire condition [default: the plan's state].
        #[arg(long, value_enum)]
        ceasefire: Option<cli::ConditionArg>,
        /// Timeline day: days since the ceasefire (hubs with a longer stand-up delay
        /// are not up yet) [default: every hub stood up].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=3650))]
        day: Option<u32>,
        /// Print one JSON object instead of tables.
        #[arg(long)]
        json: bool,
    },
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    coalition_map::model::control::parse_date(s)
}

fn builtin_maps() -> Result<MapData, ExitCode> {
    MapData::builtin().map_err(|e| {
        eprintln!("coalition-map: the built-in maps are damaged: {e}");
        ExitCode::from(EXIT_ERROR)
    })
}

/// Loads a plan for `check`/`export` (notes about skipped features go to stderr) and
/// the built-in maps; on failure prints the cause and returns exit code 2.
fn load_with_maps(
    path: &std::path::Path,
    ceasefire: Option<CeasefireArg>,
) -> Result<(coalition_map::model::plan::Plan, MapData), ExitCode> {
    let (plan, notes) = cli::load(path, ceasefire).map_err(|e| {
        eprintln!("coalition-map: {e}");
        ExitCode::from(EXIT_ERROR)
    })?;
    notes
        .iter()
        .for_each(|n| eprintln!("coalition-map: note: {n}"));
    Ok((plan, builtin_maps()?))
}

/// Loads a plan for `check` with what reading it skipped and noted (printed in the
/// report, not as notes), and the built-in geography, read on a second thread
/// meanwhile (`check` needs no meshes).
fn load_for_check(
    path: &std::path::Path,
    ceasefire: Option<CeasefireArg>,
) -> Result<
    (
        coalition_map::model::plan::Plan,
        coalition_map::model::plan_file::ReadReport,
        Geography,
    ),
    ExitCode,
> {
    let (loaded, geography) = std::thread::scope(|s| {
        let geography = s.spawn(Geography::builtin);
        let loaded = cli::load_with_report(path, ceasefire);
        (loaded, geography.join())
    });
    let (plan, report) = loaded.map_err(|e| {
        eprintln!("coalition-map: {e}");
        ExitCode::from(EXIT_ERROR)
    })?;
    let geography = match geography {
        Ok(Ok(g)) => g,
        Ok(Err(e)) => {
            eprintln!("coalition-map: the built-in maps are damaged: {e}");
            return Err(ExitCode::from(EXIT_ERROR));
        }
        Err(_) => {
            eprintln!("coalition-map: reading the built-in maps failed");
            return Err(ExitCode::from(EXIT_ERROR));
        }
    };
    Ok((plan, report, geography))
}

fn main() -> ExitCode {
    // The SVG renderer warns of valid SVG it draws nothing for (a zero-width bar of a
    // chart): not news for the user, so only its errors show (RUST_LOG can still ask).
    env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("warn,usvg=error,resvg=error,krilla=error"),
    )
    .init();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check {
            plan,
            ceasefire,
            json,
            control,
            as_of,
            control_source,
        }) => {
            let (mut plan, read, geography) = match load_for_check(&plan, ceasefire) {
                Ok(loaded) => loaded,
                Err(code) => return code,
            };
            match cli::add_control(&mut plan, &control, as_of, control_source.as_deref()) {
                Ok(notes) => notes
                    .iter()
                    .for_each(|n| eprintln!("coalition-map: note: {n}")),
                Err(e) => {
                    eprintln!("coalition-map: {e}");
                    return ExitCode::from(EXIT_ERROR);
                }
            }
            let report = cli::check(&plan, &geography).with_read_report(&read);
            print!(
                "{}",
                if json {
                    report.to_json() + "\n"
                } else {
                    report.to_text()
                }
            );
            ExitCode::from(report.exit_code())
        }
        Some(Command::Export {
            plan,
            format,
            output,
            slides,
            ceasefire,
            dark,
            width,
            height,
        }) => {
            // Usage errors first, before the plan and maps are loaded.
            let misuse = [
                (
                    slides.is_some() && !matches!(format, Format::Svg | Format::Png),
                    "--slides writes SVG or PNG pictures: use --format svg or png",
                ),
                (
                    dark && !format.is_picture(),
                    "--dark is for pictures: use --format svg, png or pdf",
                ),
                (
                    (width.is_some() || height.is_some()) && !format.is_picture(),
                    "--width and --height are for pictures: use --format svg, png or pdf",
                ),
            ];
            if let Some((_, what)) = misuse.iter().find(|(given, _)| *given) {
                eprintln!("coalition-map: {what} (not {})", format.extension());
                return ExitCode::from(EXIT_ERROR);
            }
            let defaults = cli::SvgOptions::default();
            let svg = cli::SvgOptions {
                width: width.map_or(defaults.width, f64::from),
                height: height.map_or(defaults.height, f64::from),
                dark,
            };
            let path = plan;
            let (plan, data) = match load_with_maps(&path, ceasefire) {
                Ok(loaded) => loaded,
                Err(code) => return code,
            };
            let result = match (&slides, &output) {
                (Some(dir), _) => {
                    if plan.slides.is_empty() {
                        eprintln!("coalition-map: {} has no slides", path.display());
                        return ExitCode::from(EXIT_ERROR);
                    }
                    cli::export_slides(&plan, path.parent(), &data, dir, svg, format, |p| {
                        println!("{}", p.display())
                    })
                    .map(|_| ())
                }
                (None, Some(output)) => {
                    cli::export_file(&plan, path.parent(), &data, format, output, svg)
                }
                // clap requires one of them.
                (None, None) => Err("--output FILE or --slides DIR is required".into()),
            };
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("coalition-map: {e}");
                    ExitCode::from(EXIT_ERROR)
                }
            }
        }
        Some(Command::Suggest {
            plan,
            kind,
            count,
            json,
        }) => {
            let (plan, data) = match load_with_maps(&plan, None) {
                Ok(loaded) => loaded,
                Err(code) => return code,
            };
            match coalition_map::cli_suggest::run(&plan, &data, kind, count as usize) {
                Ok(report) => {
                    print!(
                        "{}",
                        if json {
                            report.to_json() + "\n"
                        } else {
                            report.to_text()
                        }
                    );
                    ExitCode::from(report.exit_code())
                }
                Err(e) => {
                    eprintln!("coalition-map: {e}");
                    ExitCode::from(EXIT_ERROR)
                }
            }
        }
        Some(Command::Diff { a, b, json }) => match cli::diff(&a, &b) {
            Ok((diff, notes)) => {
                notes
                    .iter()
                    .for_each(|n| eprintln!("coalition-map: note: {n}"));
                if json {
                    println!("{}", diff.to_json());
                } else {
                    print!("{}", diff.to_text());
                }
                ExitCode::from(cli::diff_exit_code(&diff))
            }
            Err(e) => {
                eprintln!("coalition-map: {e}");
                ExitCode::from(EXIT_ERROR)
            }
        },
        Some(Command::Coverage {
            plan,
            radius,
            ceasefire,
            day,
            json,
        }) => {
            let (plan, data) = match load_with_maps(&plan, None) {
                Ok(loaded) => loaded,
                Err(code) => return code,
            };
            match cli::coverage(&plan, &data, radius, ceasefire, day) {
                Ok(report) => {
                    if json {
                        println!("{}", report.to_json());
                    } else {
                        print!("{}", report.to_text());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("coalition-map: {e}");
                    ExitCode::from(EXIT_ERROR)
                }
            }
        }
        None => run_window(cli.plan, cli.basemap, cli.compare),
    }
}

fn run_window(
    plan: Option<PathBuf>,
    basemap: Option<PathBuf>,
    compare: Option<PathBuf>,
) -> ExitCode {
    let data = match builtin_maps() {
        Ok(d) => d,
        Err(code) => return code,
    };
    let mut app = CoalitionApp::with_sample_plan(data).with_storage(Storage::default_location());
    if let Some(path) = &plan {
        // A bad plan is reported in the window (and here); the sample plan stays.
        app.open_plan(path);
        if let Some(msg) = app.message().filter(|m| m.is_error) {
            eprintln!("coalition-map: {}", msg.text);
        }
    }
    if let Some(path) = &basemap {
        app.load_basemap(path);
        if let Some(msg) = app.message().filter(|m| m.is_error) {
            eprintln!("coalition-map: {}", msg.text);
        }
    }
    if let Some(path) = &compare {
        app.compare_with(path);
        if let Some(msg) = app.message().filter(|m| m.is_error) {
            eprintln!("coalition-map: {}", msg.text);
        }
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("coalition-map — hypothetical hubs planning")
            .with_inner_size([1366.0, 768.0])
            .with_min_inner_size([800.0, 500.0])
            .with_icon(coalition_map::ui::app_icon::app_icon())
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    match eframe::run_native(
        "coalition-map",
        options,
        Box::new(move |_cc| Ok(Box::new(app))),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("coalition-map: cannot open a window: {e}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}
