#!/usr/bin/env python3
"""Build maps/cities.geojson, maps/airfields.geojson and maps/ports.geojson.

Places in Ukraine and its neighbours (see COUNTRIES and BOX below), from:
  * Natural Earth 1:10m populated places, airports and ports, as the Europe
    extracts in shared/data/ (public domain; read from disk, never downloaded);
  * the PyPI package airportsdata (MIT), pinned in requirements.txt: its
    airports.csv is read from the installed package.

It needs no network: build.sh installs airportsdata into its venv first, or run
it with any Python that has airportsdata==AIRPORTSDATA_VERSION installed.
Countries are assigned with maps/countries.geojson (German point of view, so
Crimea is Ukraine), which must exist (build_maps.py writes it).

Usage:
  build_places.py [--shared-data DIR] [--out-dir maps/]
"""
import argparse
import csv
import json
import math
import os
import re
import sys

AIRPORTSDATA_VERSION = "20260905"
AIRPORTSDATA_DATE = "2026-09-05"

# Ukraine and the countries that border it, by land or across the Black Sea's
# north-western shore: Poland, Slovakia, Hungary, Romania, Moldova, Belarus,
# Russia. Russia (and anything else) is clipped to BOX.
COUNTRIES = ["UKR", "POL", "SVK", "HUN", "ROU", "MDA", "BLR", "RUS"]
ISO2_TO_3 = {"UA": "UKR", "PL": "POL", "SK": "SVK", "HU": "HUN", "RO": "ROU",
             "MD": "MDA", "BY": "BLR", "RU": "RUS"}
# lon_min, lat_min, lon_max, lat_max
BOX = (13.5, 43.0, 41.5, 56.5)

# Two sources placing the same ICAO code further apart than this are reported.
CROSS_CHECK_KM = 5.0
# An unmatched Natural Earth airport (no ICAO code) is the same airfield as an
# airportsdata entry this close.
MATCH_KM = 5.0
# A port or city that falls in no country polygon (the 1:10m coast leaves some
# harbours offshore) takes the nearest country within this distance.
OFFSHORE_KM = 25.0

DECIMALS = 5

# Natural Earth spelling -> current official romanisation (Ukrainian national
# system, Cabinet of Ministers resolution 55 of 2010), and the cities renamed
# since (Kirovohrad -> Kropyvnytskyi 2016, Illichivsk -> Chornomorsk 2016).
UKRAINIAN_NAMES = {
    "Kiev": "Kyiv",
    "Lvov": "Lviv",
    "Odessa": "Odesa",
    "Mykolayiv": "Mykolaiv",
    "Zaporizhzhya": "Zaporizhzhia",
    "Khmelnytskyy": "Khmelnytskyi",
    "Kamyanets-Podilskyy": "Kamianets-Podilskyi",
    "Uzhgorod": "Uzhhorod",
    "Illichivsk": "Chornomorsk",
    "Kryvyy Rih": "Kryvyi Rih",
    "Makiyivka": "Makiivka",
    "Berdyansk": "Berdiansk",
    "Kirovohrad": "Kropyvnytskyi",
    "Izmayil": "Izmail",
    "Vinnytsya": "Vinnytsia",
    "Kupyansk": "Kupiansk",
    "Sevastapol": "Sevastopol",
    "Yevpatoriya": "Yevpatoriia",
    "Dzhankoy": "Dzhankoi",
    "Chernobyl": "Chornobyl",
}

# Natural Earth airport `type` -> use.
NE_USE = {
    "major": "civil",
    "mid": "civil",
    "small": "civil",
    "military": "military",
    "military mid": "military",
    "military major": "military",
    "mid and military": "mixed",
    "major and military": "mixed",
}
# airportsdata has no type: its names say "Air Base" for military fields and
# "International Airport" for civil ones; anything else stays unknown.
MILITARY_NAME = re.compile(r"\b(air ?base|military|naval air)\b", re.I)
CIVIL_NAME = re.compile(r"\binternational airport\b", re.I)


def rnd(v):
    return round(float(v), DECIMALS)


def in_box(lon, lat):
    return BOX[0] <= lon <= BOX[2] and BOX[1] <= lat <= BOX[3]


def haversine_km(lon1, lat1, lon2, lat2):
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


# ------------------------------------------------------------ countries

class CountryIndex:
    """Point-in-polygon over maps/countries.geojson, with a nearest fallback."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        self.polys = []  # (iso, bbox, [rings])
        for f in data["features"]:
            iso = f["properties"]["iso_a3"]
            g = f["geometry"]
            parts = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
            for rings in parts:
                xs = [p[0] for p in rings[0]]
                ys = [p[1] for p in rings[0]]
                bbox = (min(xs), min(ys), max(xs), max(ys))
                if bbox[2] < BOX[0] - 2 or bbox[0] > BOX[2] + 2 or bbox[3] < BOX[1] - 2 or bbox[1] > BOX[3] + 2:
                    continue
                self.polys.append((iso, bbox, rings))

    @staticmethod
    def _ring_contains(ring, x, y):
        inside = False
        j = len(ring) - 1
        for i in range(len(ring)):
            xi, yi = ring[i][0], ring[i][1]
            xj, yj = ring[j][0], ring[j][1]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
        return inside

    def containing(self, lon, lat):
        for iso, b, rings in self.polys:
            if b[0] <= lon <= b[2] and b[1] <= lat <= b[3]:
                if self._ring_contains(rings[0], lon, lat) and not any(
                        self._ring_contains(h, lon, lat) for h in rings[1:]):
                    return iso
        return None

    def nearest(self, lon, lat, max_km):
        """(iso, km) of the nearest polygon vertex within max_km, or (None, None)."""
        pad = max_km / 60.0
        best = (None, None)
        for iso, b, rings in self.polys:
            if lon < b[0] - pad * 2 or lon > b[2] + pad * 2 or lat < b[1] - pad or lat > b[3] + pad:
                continue
            for ring in rings:
                for p in ring:
                    if abs(p[1] - lat) > pad or abs(p[0] - lon) > pad * 2:
                        continue
                    d = haversine_km(lon, lat, p[0], p[1])
                    if d <= max_km and (best[1] is None or d < best[1]):
                        best = (iso, d)
        return best

    def country(self, lon, lat, what, log):
        iso = self.containing(lon, lat)
        if iso is not None:
            return iso
        iso, km = self.nearest(lon, lat, OFFSHORE_KM)
        if iso is not None:
            log.append("offshore: %s at %.5f, %.5f is in no country polygon; nearest is %s (%.2f km)"
                       % (what, lon, lat, iso, km))
        return iso


# ------------------------------------------------------------ writing

def feature_line(props, lon, lat):
    f = {"type": "Feature", "properties": props,
         "geometry": {"type": "Point", "coordinates": [rnd(lon), rnd(lat)]}}
    return json.dumps(f, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def write_collection(path, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write('{"type":"FeatureCollection","features":[\n')
        fh.write(",\n".join(lines))
        fh.write("\n]}\n")


def load_geojson(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)["features"]


# ------------------------------------------------------------ cities

def build_cities(shared, countries, out_path, log):
    rows = []
    for f in load_geojson(os.path.join(shared, "ne_10m_populated_places_europe.geojson")):
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"][:2]
        if not in_box(lon, lat):
            continue
        if p.get("featurecla") == "Historic place":
            continue  # Chornobyl: a place name, not a town that could host anything
        ne_iso = p["adm0_a3"]
        iso = countries.country(lon, lat, "city " + p["name"], log) or ne_iso
        if iso not in COUNTRIES:
            continue
        if iso != ne_iso:
            log.append("country: city %s is %s in Natural Earth, %s by maps/countries.geojson (kept %s)"
                       % (p["name"], ne_iso, iso, iso))
        ne_name = p["nameascii"] or p["name"]
        name = UKRAINIAN_NAMES.get(ne_name, ne_name) if iso == "UKR" else p["name"]
        pop = p.get("pop_max")
        pop = int(pop) if isinstance(pop, (int, float)) and pop > 0 else None
        cla = p.get("featurecla", "")
        capital = "national" if cla.startswith("Admin-0 capital") else (
            "regional" if cla.startswith("Admin-1") else None)
        rows.append((iso, -(pop or 0), name, {
            "name": name, "name_ne": p["name"], "country": iso, "population": pop,
            "capital": capital, "scalerank": int(p["scalerank"]),
        }, lon, lat))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    write_collection(out_path, [feature_line(r[3], r[4], r[5]) for r in rows])
    return rows


# ------------------------------------------------------------ airfields

def airportsdata_csv():
    try:
        import airportsdata  # noqa: F401  (MIT, pinned in requirements.txt)
    except ImportError:
        sys.exit("build_places.py: airportsdata==%s is not installed "
                 "(pip install airportsdata==%s)" % (AIRPORTSDATA_VERSION, AIRPORTSDATA_VERSION))
    if airportsdata.__version__ != AIRPORTSDATA_VERSION:
        sys.exit("build_places.py: airportsdata %s is installed, the build pins %s"
                 % (airportsdata.__version__, AIRPORTSDATA_VERSION))
    return os.path.join(os.path.dirname(airportsdata.__file__), "airports.csv")


def build_airfields(shared, countries, out_path, log, cross):
    ad = {}
    with open(airportsdata_csv(), encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            iso = ISO2_TO_3.get(r["country"])
            lon, lat = float(r["lon"]), float(r["lat"])
            if iso is None or not in_box(lon, lat):
                continue
            ad[r["icao"]] = dict(r, lon=lon, lat=lat, iso=iso)

    ne = []
    for f in load_geojson(os.path.join(shared, "ne_10m_airports_europe.geojson")):
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"][:2]
        if not in_box(lon, lat):
            continue
        iso = countries.country(lon, lat, "airport " + p["name"], log)
        if iso not in COUNTRIES:
            continue
        ne.append((p, lon, lat, iso))

    out = {}  # key -> record
    for icao, r in ad.items():
        name = r["name"].strip()
        use = "military" if MILITARY_NAME.search(name) else ("civil" if CIVIL_NAME.search(name) else None)
        out[icao] = {"icao": icao, "iata": r["iata"] or None, "name": name, "use": use,
                     "country": r["iso"], "lon": r["lon"], "lat": r["lat"],
                     "sources": "airportsdata", "ne_km": None, "ne_type": None}

    for p, lon, lat, iso in ne:
        icao = p.get("gps_code") or None
        if icao is None or icao not in out:
            # No code (Rostov's two fields), or a code airportsdata lacks:
            # the nearest airportsdata field within MATCH_KM is the same one.
            best = None
            for rec in out.values():
                d = haversine_km(lon, lat, rec["lon"], rec["lat"])
                if d <= MATCH_KM and (best is None or d < best[0]):
                    best = (d, rec["icao"])
            if best is not None:
                log.append("match: Natural Earth airport %r (code %s) is %s by position (%.2f km)"
                           % (p["name"], icao, best[1], best[0]))
                icao = best[1]
        use = NE_USE.get(p.get("type"))
        if icao is not None and icao in out:
            rec = out[icao]
            d = haversine_km(lon, lat, rec["lon"], rec["lat"])
            cross.append((icao, rec["name"], d))
            rec["ne_km"] = round(d, 2)
            rec["ne_type"] = p.get("type")
            rec["sources"] = "airportsdata+naturalearth"
            if use is not None:
                rec["use"] = use  # Natural Earth states the type; airportsdata only implies it
            if d > CROSS_CHECK_KM:
                # Rule: Natural Earth's position wins. It is a curated 1:10m layer;
                # airportsdata's few bad entries are off by 10-30 km near borders.
                log.append("DISAGREE: %s %s: airportsdata %.5f, %.5f vs Natural Earth %.5f, %.5f = %.1f km "
                           "> %.0f km; using Natural Earth's position"
                           % (icao, rec["name"], rec["lon"], rec["lat"], lon, lat, d, CROSS_CHECK_KM))
                rec["lon"], rec["lat"] = lon, lat
                rec["position"] = "naturalearth"
        else:
            key = icao or ("NE:" + p["name"])
            out[key] = {"icao": icao, "iata": p.get("iata_code") or None, "name": p["name"],
                        "use": use, "country": iso, "lon": lon, "lat": lat,
                        "sources": "naturalearth", "ne_km": None, "ne_type": p.get("type")}

    # The airportsdata country code is trusted for fields it lists; report
    # where the map's polygons say otherwise (Crimea: both say UKR).
    for rec in out.values():
        iso = countries.country(rec["lon"], rec["lat"], "airfield " + rec["name"], log)
        if iso is not None and iso != rec["country"]:
            log.append("country: airfield %s %s is %s in its source, %s by maps/countries.geojson (kept %s)"
                       % (rec["icao"], rec["name"], rec["country"], iso, iso))
            rec["country"] = iso

    rows = sorted(out.values(), key=lambda r: (r["country"], r["icao"] or "~", r["name"]))
    lines = []
    for r in rows:
        props = {"icao": r["icao"], "iata": r["iata"], "name": r["name"], "use": r["use"],
                 "country": r["country"], "sources": r["sources"], "ne_type": r["ne_type"],
                 "ne_km": r["ne_km"], "position": r.get("position", "airportsdata"
                                                         if "airportsdata" in r["sources"] else "naturalearth")}
        lines.append(feature_line(props, r["lon"], r["lat"]))
    write_collection(out_path, lines)
    return rows


# ------------------------------------------------------------ ports

def build_ports(shared, countries, out_path, log):
    rows = []
    for f in load_geojson(os.path.join(shared, "ne_10m_ports_europe.geojson")):
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"][:2]
        if not in_box(lon, lat):
            continue
        iso = countries.country(lon, lat, "port " + p["name"], log)
        if iso not in COUNTRIES:
            continue
        name = UKRAINIAN_NAMES.get(p["name"], p["name"]) if iso == "UKR" else p["name"]
        rows.append((iso, name, {"name": name, "name_ne": p["name"], "country": iso,
                                 "scalerank": int(p["scalerank"])}, lon, lat))
    rows.sort(key=lambda r: (r[0], r[1]))
    write_collection(out_path, [feature_line(r[2], r[3], r[4]) for r in rows])
    return rows


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    maps = os.path.dirname(here)
    repo = os.path.dirname(maps)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared-data", default=os.environ.get(
        "SHARED_DATA", os.path.join(os.path.dirname(repo), "shared", "data")))
    ap.add_argument("--out-dir", default=maps)
    a = ap.parse_args()
    if not os.path.isfile(os.path.join(a.shared_data, "ne_10m_airports_europe.geojson")):
        sys.exit("build_places.py: no Natural Earth extracts in %s (use --shared-data DIR)" % a.shared_data)
    countries = CountryIndex(os.path.join(a.out_dir, "countries.geojson"))
    log, cross = [], []
    cities = build_cities(a.shared_data, countries, os.path.join(a.out_dir, "cities.geojson"), log)
    fields = build_airfields(a.shared_data, countries, os.path.join(a.out_dir, "airfields.geojson"), log, cross)
    ports = build_ports(a.shared_data, countries, os.path.join(a.out_dir, "ports.geojson"), log)
    for line in log:
        print(line)
    print("cross-check (Natural Earth vs airportsdata, same ICAO):")
    for icao, name, d in sorted(cross):
        print("  %s %-45s %6.2f km%s" % (icao, name, d, "  > %.0f km" % CROSS_CHECK_KM if d > CROSS_CHECK_KM else ""))

    def per_country(rows, key):
        counts = {}
        for r in rows:
            counts[key(r)] = counts.get(key(r), 0) + 1
        return ", ".join("%s %d" % (c, counts[c]) for c in COUNTRIES if c in counts)
    print("cities.geojson: %d (%s)" % (len(cities), per_country(cities, lambda r: r[0])))
    print("airfields.geojson: %d (%s)" % (len(fields), per_country(fields, lambda r: r["country"])))
    print("ports.geojson: %d (%s)" % (len(ports), per_country(ports, lambda r: r[0])))


if __name__ == "__main__":
    main()
