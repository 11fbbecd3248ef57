//! coalition-map's entry point: parses the command line and opens the window.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use coalition_map::app::CoalitionApp;
use coalition_map::map::MapData;

/// Offline map for planning hypothetical Coalition of the Willing hubs in Ukraine.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Cli {
    /// Open this GeoJSON file as the country basemap instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    basemap: Option<PathBuf>,
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();

    let data = match MapData::builtin() {
        Ok(data) => data,
        Err(e) => {
            eprintln!("coalition-map: the built-in maps are damaged: {e}");
            return ExitCode::from(2);
        }
    };
    let mut app = CoalitionApp::with_sample_plan(data);
    if let Some(path) = &cli.basemap {
        // A bad basemap is reported in the window; the built-in map stays.
        app.load_basemap(path);
        if let Some(msg) = app.message().filter(|m| m.is_error) {
            eprintln!("coalition-map: {}", msg.text);
        }
    }

    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("coalition-map — hypothetical hubs planning")
            .with_inner_size([1366.0, 768.0])
            .with_min_inner_size([800.0, 500.0]),
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
            ExitCode::from(2)
        }
    }
}
