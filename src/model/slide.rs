//! Slides: saved views of the plan for a briefing — where the map looks, the ceasefire
//! state shown, which layers and hubs are visible, a caption and speaker notes.

use serde::{Deserialize, Serialize};

use crate::model::hub::{Ceasefire, Hub, HubId, Status};
use crate::projection::{GeoBounds, MAX_LATITUDE};

/// Which layers a view draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Layers {
    /// Oblast borders and names (when zoomed in far enough).
    pub oblasts: bool,
    /// Country and oblast names.
    pub place_labels: bool,
    /// Hub symbols.
    pub hubs: bool,
    /// Hub names beside their symbols.
    pub hub_labels: bool,
    /// Range rings of hubs that have them switched on.
    pub range_rings: bool,
    /// The legend box.
    pub legend: bool,
    /// The briefing charts, as an overlay (presentation only).
    pub charts: bool,
    /// Cities and towns, labelled by population and zoom. Slides saved before the
    /// place layers existed lack it and keep their look (off).
    #[serde(default)]
    pub cities: bool,
    /// Airfields (ICAO codes from zoom 6).
    #[serde(default)]
    pub airfields: bool,
    /// Seaports.
    #[serde(default)]
    pub ports: bool,
    /// Control areas and lines (occupied territory with its as-of date, contact and
    /// ceasefire lines, the shipped reference when the plan uses it).
    pub control: bool,
    /// The ceasefire zone along contact and ceasefire lines, hatched.
    pub ceasefire_zone: bool,
    /// Threat bands: isolines at the plan's distances from hostile territory.
    pub threat_bands: bool,
}

impl Default for Layers {
    fn default() -> Self {
        Self {
            oblasts: true,
            place_labels: true,
            hubs: true,
            hub_labels: true,
            range_rings: true,
            legend: true,
            charts: false,
            cities: true,
            airfields: true,
            ports: true,
            control: true,
            ceasefire_zone: true,
            threat_bands: false,
        }
    }
}

/// Which hubs a slide shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HubFilter {
    /// Every hub.
    #[default]
    All,
    /// Only the hubs active under the slide's ceasefire state.
    ActiveOnly,
    /// Only these hubs (ids that no longer exist are ignored).
    Only(Vec<HubId>),
}

impl HubFilter {
    /// Whether a hub with this status is shown.
    pub fn shows(&self, hub: &Hub, status: Status) -> bool {
        match self {
            HubFilter::All => true,
            HubFilter::ActiveOnly => status == Status::Active,
            HubFilter::Only(ids) => ids.contains(&hub.id),
        }
    }

    /// Short text for lists, e.g. "all hubs", "3 chosen hubs".
    pub fn label(&self) -> String {
        match self {
            HubFilter::All => "all hubs".into(),
            HubFilter::ActiveOnly => "active hubs only".into(),
            HubFilter::Only(ids) if ids.len() == 1 => "1 chosen hub".into(),
            HubFilter::Only(ids) => format!("{} chosen hubs", ids.len()),
        }
    }
}

/// One slide of a briefing.
#[derive(Clone, Debug, PartialEq)]
pub struct Slide {
    /// Caption, shown on the slide and used to name exported files.
    pub caption: String,
    /// Speaker notes (shown to the presenter on request, never exported on the map).
    pub notes: String,
    /// The geographic box the slide shows; fitted to whatever screen presents it.
    pub view: GeoBounds,
    /// The ceasefire state the slide shows.
    pub ceasefire: Ceasefire,
    /// Layers drawn.
    pub layers: Layers,
    /// Hubs shown.
    pub hubs: HubFilter,
    /// Another plan file the slide compares this plan with (overlay of what it adds,
    /// removes and moves), relative to this plan's folder; `None`: no comparison.
    pub compare_with: Option<String>,
}

impl Slide {
    /// A slide of `view` with all layers and hubs.
    pub fn new(caption: impl Into<String>, view: GeoBounds, ceasefire: Ceasefire) -> Self {
        Self {
            caption: caption.into(),
            notes: String::new(),
            view,
            ceasefire,
            layers: Layers::default(),
            hubs: HubFilter::All,
            compare_with: None,
        }
    }
}

/// Why a view box is not usable.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SlideError {
    /// A number is not finite or out of range.
    #[error("the view box {0} is outside the world (longitude −180…180, latitude ±85)")]
    OutOfRange(String),
    /// West is not west of east, or south not south of north.
    #[error("the view box {0} is empty: west must be less than east and south less than north")]
    Empty(String),
}

/// Checks a slide's view box: finite, on the map (Web Mercator stops at ±85.05°), not empty.
pub fn validate_view(b: GeoBounds) -> Result<(), SlideError> {
    let text = format!(
        "[{}, {}, {}, {}]",
        b.min_lon, b.min_lat, b.max_lon, b.max_lat
    );
    let lon_ok = |v: f64| v.is_finite() && (-180.0..=180.0).contains(&v);
    let lat_ok = |v: f64| v.is_finite() && (-MAX_LATITUDE..=MAX_LATITUDE).contains(&v);
    if !(lon_ok(b.min_lon) && lon_ok(b.max_lon) && lat_ok(b.min_lat) && lat_ok(b.max_lat)) {
        return Err(SlideError::OutOfRange(text));
    }
    if b.min_lon >= b.max_lon || b.min_lat >= b.max_lat {
        return Err(SlideError::Empty(text));
    }
    Ok(())
}

/// A file name for slide `index` (0-based) of `count`: "01-overview". The number is
/// zero-padded so files sort in slide order; the caption is folded to lower-case ASCII
/// letters, digits and dashes so the name works on every file system ("Rzeszów" →
/// "rzeszow", "Київ" → "kyiv", Ukrainian by the national transliteration).
pub fn file_stem(index: usize, count: usize, caption: &str) -> String {
    let width = count.max(1).to_string().len().max(2);
    let mut slug = String::new();
    for c in caption.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if let Some(ascii) = ascii_fold(c) {
            slug.push_str(ascii);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 48 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        format!("{:0width$}-slide", index + 1)
    } else {
        format!("{:0width$}-{slug}", index + 1)
    }
}

/// ASCII for a lower-case letter of the Latin alphabets of coalition members (Polish,
/// Czech, Nordic, Baltic, Turkish, Romanian…) and of Ukrainian Cyrillic (national
/// transliteration of 2010), plus the Russian letters Ukrainian lacks. Soft signs and
/// apostrophes fold to nothing.
fn ascii_fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' | 'ă' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ķ' => "k",
        'ł' | 'ļ' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' | 'ō' => "o",
        'œ' => "oe",
        'ř' | 'ŕ' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ů' | 'ű' | 'ū' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "h",
        'ґ' => "g",
        'д' => "d",
        'е' | 'э' | 'ё' => "e",
        'є' => "ie",
        'ж' => "zh",
        'з' => "z",
        'и' | 'ы' => "y",
        'і' | 'ї' | 'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ю' => "iu",
        'я' => "ia",
        'ь' | 'ъ' | '\'' | '’' | 'ʼ' => "",
        _ => return None,
    })
}

/// The on-disk form of a slide (inside the plan file's `coalition_map` member).
#[derive(Serialize, Deserialize)]
struct SlideFile {
    caption: String,
    #[serde(default)]
    notes: String,
    /// `[west, south, east, north]`, degrees, as a GeoJSON bbox.
    bbox: [f64; 4],
    #[serde(default)]
    ceasefire: CeasefireFile,
    #[serde(default)]
    layers: Layers,
    #[serde(default)]
    hubs: HubFilter,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    compare_with: Option<String>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct CeasefireFile {
    in_effect: bool,
    verified: bool,
    peace_signed: bool,
    /// The timeline day the slide fixes; absent: the end state.
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
}

/// A slide as JSON for the plan file.
pub fn to_json(slide: &Slide) -> serde_json::Value {
    let b = slide.view;
    let file = SlideFile {
        caption: slide.caption.clone(),
        notes: slide.notes.clone(),
        bbox: [b.min_lon, b.min_lat, b.max_lon, b.max_lat].map(crate::model::plan_file::round7),
        ceasefire: CeasefireFile {
            in_effect: slide.ceasefire.in_effect(),
            verified: slide.ceasefire.verified(),
            peace_signed: slide.ceasefire.peace_signed(),
            day: slide.ceasefire.day(),
        },
        layers: slide.layers,
        hubs: slide.hubs.clone(),
        compare_with: slide.compare_with.clone(),
    };
    serde_json::to_value(file).unwrap_or(serde_json::Value::Null)
}

/// Reads a slide from the plan file, or says what is wrong with it.
pub fn from_json(value: &serde_json::Value) -> Result<Slide, String> {
    let file: SlideFile = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    let [w, s, e, n] = file.bbox;
    let view = GeoBounds::new(w, s, e, n);
    validate_view(view).map_err(|e| e.to_string())?;
    let c = file.ceasefire;
    Ok(Slide {
        caption: file.caption,
        notes: file.notes,
        view,
        ceasefire: Ceasefire::new(c.in_effect, c.verified, c.peace_signed).with_day(c.day),
        layers: file.layers,
        hubs: file.hubs,
        compare_with: file.compare_with.filter(|p| !p.trim().is_empty()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn verified() -> Ceasefire {
        Ceasefire::new(true, true, false)
    }

    #[test]
    fn a_slide_round_trips_through_json() {
        let mut slide = Slide::new(
            "After a verified ceasefire",
            GeoBounds::new(22.1, 44.3, 40.2, 52.4),
            verified(),
        );
        slide.notes = "Point at Lviv first.\nThen Odesa.".into();
        slide.layers.charts = true;
        slide.layers.oblasts = false;
        slide.hubs = HubFilter::Only(vec![HubId(3), HubId(7)]);
        let value = to_json(&slide);
        assert_eq!(value["bbox"], json!([22.1, 44.3, 40.2, 52.4]));
        assert_eq!(value["hubs"], json!({"only": [3, 7]}));
        assert_eq!(value["ceasefire"]["verified"], json!(true));
        assert_eq!(from_json(&value).unwrap(), slide);

        slide.hubs = HubFilter::ActiveOnly;
        assert_eq!(to_json(&slide)["hubs"], json!("active_only"));
        assert_eq!(from_json(&to_json(&slide)).unwrap(), slide);
    }

    #[test]
    fn missing_members_take_defaults() {
        let slide = from_json(&json!({"caption": "Overview", "bbox": [22, 44, 40, 53]})).unwrap();
        assert_eq!(slide.layers, Layers::default());
        assert_eq!(slide.hubs, HubFilter::All);
        assert_eq!(slide.ceasefire, Ceasefire::default());
        assert_eq!(slide.notes, "");
        // A partial layers object keeps the defaults for what it does not name.
        let slide = from_json(&json!({"caption": "x", "bbox": [22, 44, 40, 53],
            "layers": {"charts": true}}))
        .unwrap();
        assert!(slide.layers.charts && slide.layers.hubs && slide.layers.oblasts);
    }

    #[test]
    fn impossible_ceasefire_states_are_dropped_on_reading() {
        let slide = from_json(&json!({"caption": "x", "bbox": [22, 44, 40, 53],
            "ceasefire": {"in_effect": false, "verified": true}}))
        .unwrap();
        assert!(!slide.ceasefire.verified());
    }

    #[test]
    fn bad_slides_say_why() {
        let err = from_json(&json!({"caption": "x", "bbox": [40, 44, 22, 53]})).unwrap_err();
        assert!(err.contains("empty"), "{err}");
        let err = from_json(&json!({"caption": "x", "bbox": [22, 44, 40, 95]})).unwrap_err();
        assert!(err.contains("outside the world"), "{err}");
        let err = from_json(&json!({"caption": "x", "bbox": [22, 44]})).unwrap_err();
        assert!(err.contains("4"), "{err}");
        let err = from_json(&json!({"bbox": [22, 44, 40, 53]})).unwrap_err();
        assert!(err.contains("caption"), "{err}");
    }

    #[test]
    fn filters_choose_hubs() {
        let hub = Hub::new(HubId(4), "A", 30.0, 50.0);
        assert!(HubFilter::All.shows(&hub, Status::Inactive));
        assert!(!HubFilter::ActiveOnly.shows(&hub, Status::Inactive));
        assert!(HubFilter::ActiveOnly.shows(&hub, Status::Active));
        assert!(HubFilter::Only(vec![HubId(4)]).shows(&hub, Status::Inactive));
        assert!(!HubFilter::Only(vec![HubId(5)]).shows(&hub, Status::Active));
        assert_eq!(HubFilter::Only(vec![HubId(5)]).label(), "1 chosen hub");
    }

    #[test]
    fn file_names_sort_in_slide_order() {
        assert_eq!(file_stem(0, 3, "Overview"), "01-overview");
        assert_eq!(
            file_stem(1, 3, "Before a ceasefire — 9 hubs, 2 active!"),
            "02-before-a-ceasefire-9-hubs-2-active"
        );
        assert_eq!(file_stem(2, 3, "Київ"), "03-kyiv");
        assert_eq!(
            file_stem(2, 3, "The western corridor: Rzeszów to Lviv"),
            "03-the-western-corridor-rzeszow-to-lviv"
        );
        assert_eq!(
            file_stem(0, 3, "Запоріжжя, Харків"),
            "01-zaporizhzhia-kharkiv"
        );
        assert_eq!(file_stem(0, 3, "Ось’ → 中文"), "01-os");
        assert_eq!(file_stem(2, 3, "中文"), "03-slide");
        assert_eq!(file_stem(4, 120, "x"), "005-x");
        assert!(file_stem(0, 1, &"long ".repeat(40)).len() <= 52);
    }
}
