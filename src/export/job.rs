//! What a file export writes, for the app and the command line: hub tables streamed,
//! the map as SVG or PNG, the PDF deck, and every slide as a picture into a folder.
//!
//! Both front ends call these, so the same plan gives the same files from either;
//! `cli` adds argument parsing and exit codes, `app` the dialogs and banners.

use std::path::{Path, PathBuf};

use crate::export::source::Records;
use crate::export::{self, Format};
use crate::map::MapData;
use crate::model::plan::Plan;
use crate::model::plan_io;
use crate::model::site::{Site, analyse_plan};
use crate::projection::Camera;

/// Size and theme of the SVG pictures an export writes (the command line's options;
/// the app's deck and slides use its size too).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SvgOptions {
    /// Width in pixels.
    pub width: f64,
    /// Height in pixels.
    pub height: f64,
    /// Dark theme colours.
    pub dark: bool,
}

impl Default for SvgOptions {
    /// 1600×1000, light: a 16:10 slide.
    fn default() -> Self {
        Self {
            width: 1600.0,
            height: 1000.0,
            dark: false,
        }
    }
}

/// The view the command line exports to SVG: all of Ukraine, 1600×1000 pixels.
pub fn default_svg_view(data: &MapData) -> export::svg::SvgView {
    svg_view(data, SvgOptions::default())
}

/// All of Ukraine at the size and in the theme of `options`, every layer on.
pub fn svg_view(data: &MapData, options: SvgOptions) -> export::svg::SvgView {
    let SvgOptions {
        width,
        height,
        dark,
    } = options;
    let bounds = data.geography.countries.get("UKR").map_or(
        crate::projection::GeoBounds::new(22.1, 44.3, 40.3, 52.4),
        |r| r.bounds,
    );
    export::svg::SvgView {
        camera: Camera::fit(bounds, width, height, 40.0),
        width,
        height,
        dark,
        layers: crate::model::slide::Layers::default(),
    }
}

/// Writes an export of a plan to `w` as it goes (hubs one by one), the SVG as `view`.
/// `sites` are the plan's sites when already computed; without them GeoJSON, KML and
/// CSV compute them a chunk at a time (memory stays flat with a million hubs) and the
/// SVG, which needs them all, computes them first. `folder` is the plan file's folder,
/// where the plans its slides compare with are found (a PDF deck draws every slide).
pub fn write_export(
    plan: &Plan,
    folder: Option<&Path>,
    sites: Option<&[Site]>,
    data: &MapData,
    format: Format,
    view: &export::svg::SvgView,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let with_records = |f: &mut dyn FnMut(&Records) -> std::io::Result<()>| match sites {
        Some(sites) => f(&Records::Ready(&export::records(plan, sites))),
        None => f(&Records::computed(plan, &data.geography)),
    };
    match format {
        Format::GeoJson => with_records(&mut |r| export::geojson::write_hubs_geojson(r, w)),
        Format::Kml => with_records(&mut |r| {
            export::kml::write_hubs_kml(
                r,
                &plan.title,
                export::kml::KmlTimeline {
                    ceasefire_date: plan.ceasefire_date.as_deref(),
                },
                &crate::model::control::effective(&plan.control, &plan.control_settings)
                    .collect::<Vec<_>>(),
                w,
            )
            .map_err(|e| match e {
                export::kml::KmlExportError::Io(e) => e,
                other => std::io::Error::other(other.to_string()),
            })
        }),
        Format::Csv => with_records(&mut |r| {
            export::csv::write_hubs_csv(r, w).map_err(|e| {
                if e.is_io_error() {
                    match e.into_kind() {
                        csv::ErrorKind::Io(e) => e,
                        other => std::io::Error::other(format!("{other:?}")),
                    }
                } else {
                    std::io::Error::other(e.to_string())
                }
            })
        }),
        Format::Svg | Format::Png => {
            let sites = sites_or_analysed(plan, data, sites);
            let date = export::today();
            if format == Format::Svg {
                return export::svg::write_view_svg(data, plan, &sites, view, &date, w);
            }
            let svg = export::svg::view_svg(data, plan, &sites, view, &date);
            w.write_all(&export::render::png_from_svg(&svg).map_err(std::io::Error::other)?)
        }
        Format::Pdf => {
            let pages = deck_pictures(plan, folder, data, sites, view);
            let pdf = export::render::pdf_from_svgs(&pages, &plan.title)
                .map_err(std::io::Error::other)?;
            w.write_all(&pdf)
        }
    }
}

/// The plan's sites as given, or analysed now when the caller has none (pictures need
/// every site at once, unlike the streamed hub tables).
fn sites_or_analysed<'a>(
    plan: &Plan,
    data: &MapData,
    sites: Option<&'a [Site]>,
) -> std::borrow::Cow<'a, [Site]> {
    match sites {
        Some(sites) => std::borrow::Cow::Borrowed(sites),
        None => std::borrow::Cow::Owned(analyse_plan(plan, &data.geography)),
    }
}

/// The pages of a PDF deck as SVG pictures at the size and in the theme of `view`:
/// every slide, or the view itself when the plan has no slides.
fn deck_pictures(
    plan: &Plan,
    folder: Option<&Path>,
    data: &MapData,
    sites: Option<&[Site]>,
    view: &export::svg::SvgView,
) -> Vec<String> {
    let date = export::today();
    if plan.slides.is_empty() {
        let sites = sites_or_analysed(plan, data, sites);
        return vec![export::svg::view_svg(data, plan, &sites, view, &date)];
    }
    let options = SvgOptions {
        width: view.width,
        height: view.height,
        dark: view.dark,
    };
    slide_pictures(plan, folder, data, options, &date)
}

/// Every slide of the plan as an SVG picture, in order. A slide that compares with
/// another plan finds it in `folder` (the plan file's), as the presentation does.
fn slide_pictures(
    plan: &Plan,
    folder: Option<&Path>,
    data: &MapData,
    svg: SvgOptions,
    date: &str,
) -> Vec<String> {
    let count = plan.slides.len();
    // Each plan compared with is read once, however many slides show it.
    let others: std::collections::HashMap<&str, Result<Plan, String>> = plan
        .slides
        .iter()
        .filter_map(|s| s.compare_with.as_deref())
        .map(|name| (name, plan_io::read_compared_plan(folder, name)))
        .collect();
    plan.slides
        .iter()
        .enumerate()
        .map(|(index, slide)| {
            let page = export::svg::SlidePage {
                index,
                count,
                width: svg.width,
                height: svg.height,
                dark: svg.dark,
            };
            let other = slide
                .compare_with
                .as_deref()
                .and_then(|name| others.get(name));
            export::svg::slide_svg(data, plan, slide, &page, date, other)
        })
        .collect()
}

/// The `export` command: writes the file atomically, streaming it; an SVG at the size and in the
/// theme of `svg`.
pub fn export_file(
    plan: &Plan,
    folder: Option<&Path>,
    data: &MapData,
    format: Format,
    output: &Path,
    svg: SvgOptions,
) -> Result<(), String> {
    let view = svg_view(data, svg);
    plan_io::write_atomic_with(output, |w| {
        write_export(plan, folder, None, data, format, &view, w)
    })
    .map_err(|e| e.to_string())
}

/// The file slide `index` of `count` is written to in `dir`: `01-overview-….svg` (or
/// `.png`, as `format` says).
pub fn slide_path(
    dir: &Path,
    index: usize,
    count: usize,
    caption: &str,
    format: Format,
) -> PathBuf {
    dir.join(format!(
        "{}.{}",
        crate::model::slide::file_stem(index, count, caption),
        format.extension()
    ))
}

/// `export --slides DIR` (and the app's Export slides): writes every slide of the plan as an SVG or PNG picture
/// ([`export::svg::slide_svg`], rendered by [`export::render`] for PNG) to
/// [`slide_path`] in `dir`, creating `dir` if needed. Each file is written atomically,
/// replacing a file of the same name; `written` is told each path as soon as its file
/// is complete. Returns how many were written, or the cause (naming the folder or file)
/// of the first failure. Slides that compare with another plan find it in `folder`.
pub fn export_slides(
    plan: &Plan,
    folder: Option<&Path>,
    data: &MapData,
    dir: &Path,
    svg: SvgOptions,
    format: Format,
    mut written: impl FnMut(&Path),
) -> Result<usize, String> {
    let count = plan.slides.len();
    if count == 0 {
        return Err("the plan has no slides".into());
    }
    if !matches!(format, Format::Svg | Format::Png) {
        return Err(format!(
            "--slides writes SVG or PNG pictures, not {}",
            format.extension()
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
    // Every picture is drawn before the first is written, so a failure while drawing
    // leaves the folder as it was; a failure while writing says how far it got.
    let pictures = slide_pictures(plan, folder, data, svg, &export::today());
    let files: Vec<(PathBuf, Vec<u8>)> = plan
        .slides
        .iter()
        .zip(pictures)
        .enumerate()
        .map(|(index, (slide, svg))| {
            let bytes = match format {
                Format::Png => export::render::png_from_svg(&svg).map_err(|e| e.to_string())?,
                _ => svg.into_bytes(),
            };
            Ok((slide_path(dir, index, count, &slide.caption, format), bytes))
        })
        .collect::<Result<_, String>>()?;
    for (done, (path, bytes)) in files.iter().enumerate() {
        plan_io::write_atomic(path, bytes).map_err(|e| {
            format!(
                "{e} ({done} of {count} slides written to {})",
                dir.display()
            )
        })?;
        written(path);
    }
    Ok(count)
}
