//! The nearest airfield, port and city of each hub, as the GeoJSON, CSV and KML
//! exports write them: the same seven flat fields in every format.

use serde::Serialize;

use crate::model::facilities::km_rounded;
use crate::model::site::Site;

/// The field names, in column order.
pub const FIELDS: [&str; 7] = [
    "nearest_airfield_icao",
    "nearest_airfield",
    "nearest_airfield_km",
    "nearest_port",
    "nearest_port_km",
    "nearest_city",
    "nearest_city_km",
];

/// The fields as typed GeoJSON properties (strings and reals; null when unknown).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NearestProperties<'a> {
    /// ICAO code of the nearest airfield.
    pub nearest_airfield_icao: Option<&'a str>,
    /// Name of the nearest airfield.
    pub nearest_airfield: Option<&'a str>,
    /// Geodesic distance to it, km (0.1).
    pub nearest_airfield_km: Option<f64>,
    /// Name of the nearest port.
    pub nearest_port: Option<&'a str>,
    /// Geodesic distance to it, km (0.1).
    pub nearest_port_km: Option<f64>,
    /// Name of the nearest city.
    pub nearest_city: Option<&'a str>,
    /// Geodesic distance to it, km (0.1).
    pub nearest_city_km: Option<f64>,
}

impl<'a> NearestProperties<'a> {
    /// Reads them off a site.
    pub fn of(site: &'a Site) -> Self {
        let n = &site.nearest;
        Self {
            nearest_airfield_icao: n.airfield.as_ref().and_then(|a| a.0.as_deref()),
            nearest_airfield: n.airfield.as_ref().map(|a| a.1.as_str()),
            nearest_airfield_km: n.airfield.as_ref().map(|a| km_rounded(a.2)),
            nearest_port: n.port.as_ref().map(|p| p.0.as_str()),
            nearest_port_km: n.port.as_ref().map(|p| km_rounded(p.1)),
            nearest_city: n.city.as_ref().map(|c| c.0.as_str()),
            nearest_city_km: n.city.as_ref().map(|c| km_rounded(c.1)),
        }
    }

    /// As text fields in [`FIELDS`] order (empty when unknown; km with one decimal).
    pub fn texts(&self) -> [String; 7] {
        let s = |v: Option<&str>| v.unwrap_or_default().to_owned();
        let km = |v: Option<f64>| v.map_or_else(String::new, |km| format!("{km:.1}"));
        [
            s(self.nearest_airfield_icao),
            s(self.nearest_airfield),
            km(self.nearest_airfield_km),
            s(self.nearest_port),
            km(self.nearest_port_km),
            s(self.nearest_city),
            km(self.nearest_city_km),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::facilities::HubFacilities;

    #[test]
    fn fields_from_a_site() {
        let site = Site {
            nearest: HubFacilities {
                airfield: Some((Some("UKBB".into()), "Boryspil".into(), 0.4567)),
                port: None,
                city: Some(("Kyiv".into(), 31.04)),
            },
            ..Site::default()
        };
        let p = NearestProperties::of(&site);
        assert_eq!(p.nearest_airfield_km, Some(0.5));
        assert_eq!(
            p.texts(),
            ["UKBB", "Boryspil", "0.5", "", "", "Kyiv", "31.0"].map(String::from)
        );
        let v = serde_json::to_value(&p).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        let mut expected = FIELDS.map(String::from).to_vec();
        expected.sort();
        let mut keys = keys;
        keys.sort();
        assert_eq!(keys, expected);
        assert_eq!(v["nearest_port"], serde_json::Value::Null);
    }
}
