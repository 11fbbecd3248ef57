#!/usr/bin/env python3
"""Sanity checks for maps/countries.geojson and maps/ukraine_oblasts.geojson.

Standard library only. Exit status 1 if a hard check fails; self-intersections
and label points outside their polygon are reported but do not fail.

Usage: check_maps.py [MAPS_DIR]   (default: the folder above this script)
"""
import json
import math
import os
import re
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
MAPS = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(HERE)

COUNTRY_KEYS = {"iso_a3", "name", "name_long", "iso_n3", "continent",
                "label_lon", "label_lat", "min_label", "max_label"}
OBLAST_KEYS = {"iso_3166_2", "name", "name_long", "adm1_code", "type", "label_lon", "label_lat"}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def ok(msg):
    print("ok:  ", msg)


def load(path):
    def bad_const(c):
        raise ValueError("non-finite number %s" % c)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    d = json.loads(text, parse_constant=bad_const)
    if d.get("type") != "FeatureCollection":
        raise ValueError("not a FeatureCollection")
    return d, len(text.encode("utf-8"))


def polys_of(geom):
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return geom["coordinates"]
    raise ValueError("geometry type %s" % geom["type"])


def signed_area(r):
    return sum(r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1] for i in range(len(r) - 1)) / 2


def ring_contains(ring, x, y):
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def contains(geom, x, y):
    for p in polys_of(geom):
        if ring_contains(p[0], x, y) and not any(ring_contains(h, x, y) for h in p[1:]):
            return True
    return False


def five_decimals(v):
    return round(v, 5) == v


def check_geometry(tag, geom, issues):
    nv = 0
    for p in polys_of(geom):
        for k, r in enumerate(p):
            nv += len(r)
            if len(r) < 4:
                issues["short ring"] += 1
            if r[0] != r[-1]:
                issues["unclosed ring"] += 1
            for i, (x, y) in enumerate(r):
                if not (math.isfinite(x) and math.isfinite(y)):
                    issues["non-finite"] += 1
                if not (-180 <= x <= 180 and -90 <= y <= 90):
                    issues["out of range"] += 1
                if not (five_decimals(x) and five_decimals(y)):
                    issues["more than 5 decimals"] += 1
                if i and r[i - 1] == r[i]:
                    issues["duplicate consecutive vertex"] += 1
            a = signed_area(r)
            if (k == 0 and a <= 0) or (k > 0 and a >= 0):
                issues["wrong orientation"] += 1
    return nv


# ------------------------------------------------------------ self-intersection

def _orient(a, b, c):
    v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return (v > 0) - (v < 0)


def _on_seg(a, b, c):
    return min(a[0], b[0]) <= c[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= c[1] <= max(a[1], b[1])


def _classify(a, b, c, d):
    """0: disjoint, 1: proper crossing, 2: touch/overlap."""
    o1, o2, o3, o4 = _orient(a, b, c), _orient(a, b, d), _orient(c, d, a), _orient(c, d, b)
    if o1 * o2 < 0 and o3 * o4 < 0:
        return 1
    if (o1 == 0 and _on_seg(a, b, c)) or (o2 == 0 and _on_seg(a, b, d)) or \
       (o3 == 0 and _on_seg(c, d, a)) or (o4 == 0 and _on_seg(c, d, b)):
        return 2
    return 0


def self_intersections(poly):
    """Crossings and touches between non-adjacent edges of one polygon's rings."""
    segs = []  # (ring, index, a, b)
    total_len = 0.0
    for ri, r in enumerate(poly):
        for i in range(len(r) - 1):
            segs.append((ri, i, r[i], r[i + 1]))
            total_len += abs(r[i + 1][0] - r[i][0]) + abs(r[i + 1][1] - r[i][1])
    if len(segs) < 4:
        return [], []
    cell = max(total_len / len(segs) * 4, 1e-4)
    grid = defaultdict(list)
    for si, (_, _, a, b) in enumerate(segs):
        for gx in range(int(math.floor(min(a[0], b[0]) / cell)), int(math.floor(max(a[0], b[0]) / cell)) + 1):
            for gy in range(int(math.floor(min(a[1], b[1]) / cell)), int(math.floor(max(a[1], b[1]) / cell)) + 1):
                grid[(gx, gy)].append(si)
    ringlen = [len(r) - 1 for r in poly]
    seen = set()
    crossings, touches = [], []
    for members in grid.values():
        for x in range(len(members)):
            s1 = members[x]
            r1, i1, a, b = segs[s1]
            for y in range(x + 1, len(members)):
                s2 = members[y]
                if (s1, s2) in seen:
                    continue
                seen.add((s1, s2))
                r2, i2, c, d = segs[s2]
                if r1 == r2:
                    n = ringlen[r1]
                    if abs(i1 - i2) == 1 or abs(i1 - i2) == n - 1:
                        continue  # adjacent edges share a vertex by construction
                k = _classify(a, b, c, d)
                if k == 1:
                    crossings.append(((a[0] + b[0] + c[0] + d[0]) / 4, (a[1] + b[1] + c[1] + d[1]) / 4))
                elif k == 2:
                    touches.append(c if _on_seg(a, b, c) else a)
    return crossings, touches


def report_self_intersections(tag, feats, keyprop):
    any_found = False
    for f in feats:
        key = f["properties"][keyprop]
        cr, to = [], []
        for p in polys_of(f["geometry"]):
            c, t = self_intersections(p)
            cr += c
            to += t
        if cr or to:
            any_found = True
            where = ", ".join("%.4fE %.4fN" % tuple(pt) for pt in (cr or to)[:3])
            print("note: %s %s: %d edge crossing(s), %d touch(es) e.g. at %s"
                  % (tag, key, len(cr), len(to), where))
    if not any_found:
        ok("%s: no self-intersections or touching edges" % tag)


# ------------------------------------------------------------ checks

def find(feats, keyprop, x, y):
    return [f["properties"][keyprop] for f in feats if contains(f["geometry"], x, y)]


def nearest(feats, keyprop, x, y):
    """Feature with the vertex closest to (x, y), and that distance in degrees."""
    best = (math.inf, None)
    for f in feats:
        for p in polys_of(f["geometry"]):
            for r in p:
                for v in r:
                    d = math.hypot(v[0] - x, v[1] - y)
                    if d < best[0]:
                        best = (d, f["properties"][keyprop])
    return best


def check_point(feats, keyprop, tag, name, x, y, want):
    got = find(feats, keyprop, x, y)
    if got == [want]:
        ok("%s: %s (%.2f, %.2f) -> %s" % (tag, name, x, y, got[0]))
        return
    if not got:
        d, key = nearest(feats, keyprop, x, y)
        if key == want and d < 0.05:
            print("note: %s: %s (%.2f, %.2f) lies in water at this scale; nearest feature %s (%.3f deg)"
                  % (tag, name, x, y, key, d))
            return
    fail("%s: %s (%.2f, %.2f) -> %s (want %s)" % (tag, name, x, y, got, want))


def main():
    cpath = os.path.join(MAPS, "countries.geojson")
    opath = os.path.join(MAPS, "ukraine_oblasts.geojson")
    try:
        cd, csize = load(cpath)
        od, osize = load(opath)
    except Exception as e:  # noqa
        fail("cannot load: %s" % e)
        return 1
    ok("valid JSON, no NaN/Infinity")
    cf, of = cd["features"], od["features"]

    # ---- countries
    issues = defaultdict(int)
    cv = 0
    codes = []
    for f in cf:
        p = f["properties"]
        if set(p) != COUNTRY_KEYS:
            fail("countries %s: properties %s" % (p.get("iso_a3"), sorted(p)))
        if not re.fullmatch(r"[A-Z]{3}", p.get("iso_a3") or ""):
            fail("countries: bad iso_a3 %r (%s)" % (p.get("iso_a3"), p.get("name")))
        codes.append(p["iso_a3"])
        cv += check_geometry(p["iso_a3"], f["geometry"], issues)
        if p["label_lon"] is None or not contains(f["geometry"], p["label_lon"], p["label_lat"]):
            print("note: countries %s: label point not inside its polygon" % p["iso_a3"])
    dups = sorted({c for c in codes if codes.count(c) > 1})
    if dups:
        fail("countries: duplicate iso_a3 %s" % dups)
    for k, v in issues.items():
        fail("countries: %d x %s" % (v, k))
    if not 60 <= len(cf) <= 100:
        fail("countries: %d features, expected 60..100" % len(cf))
    for need in ("UKR", "RUS", "FRA", "NOR", "XKX", "DEU", "POL", "TUR", "KAZ", "BLR",
                 "CAN", "AUS", "NZL", "JPN", "USA"):
        if need not in codes:
            fail("countries: %s missing" % need)
    print("countries.geojson: %d bytes (%.2f MB), %d features, %d vertices"
          % (csize, csize / 1e6, len(cf), cv))

    # ---- oblasts
    issues = defaultdict(int)
    ov = 0
    for f in of:
        p = f["properties"]
        if set(p) != OBLAST_KEYS:
            fail("oblasts %s: properties %s" % (p.get("iso_3166_2"), sorted(p)))
        if not re.fullmatch(r"UA-\d\d", p.get("iso_3166_2") or ""):
            fail("oblasts: bad iso_3166_2 %r" % p.get("iso_3166_2"))
        if p.get("type") not in ("oblast", "city", "autonomous republic"):
            fail("oblasts: bad type %r" % p.get("type"))
        ov += check_geometry(p["iso_3166_2"], f["geometry"], issues)
        if not contains(f["geometry"], p["label_lon"], p["label_lat"]):
            fail("oblasts %s: label point not inside its polygon" % p["iso_3166_2"])
    for k, v in issues.items():
        fail("oblasts: %d x %s" % (v, k))
    isos = [f["properties"]["iso_3166_2"] for f in of]
    if len(of) != 27 or len(set(isos)) != 27:
        fail("oblasts: %d features, %d distinct codes, expected 27" % (len(of), len(set(isos))))
    print("ukraine_oblasts.geojson: %d bytes (%.2f MB), %d features, %d vertices"
          % (osize, osize / 1e6, len(of), ov))

    # ---- point-in-polygon sanity
    pts = [("Kyiv", 30.52, 50.45, "UA-30"), ("Simferopol", 34.10, 44.95, "UA-43"),
           ("Sevastopol", 33.52, 44.62, "UA-40"), ("Sevastopol centre", 33.52, 44.60, "UA-40"),
           ("Donetsk", 37.80, 48.00, "UA-14"),
           ("Lviv", 24.03, 49.84, "UA-46"), ("Kharkiv", 36.23, 49.99, "UA-63"),
           ("Odesa", 30.73, 46.48, "UA-51")]
    for name, x, y, want in pts:
        check_point(of, "iso_3166_2", "oblasts", name, x, y, want)
    cpts = [("Warsaw", 21.01, 52.23, "POL"), ("Simferopol", 34.10, 44.95, "UKR"),
            ("Sevastopol", 33.52, 44.62, "UKR"), ("Sevastopol centre", 33.52, 44.60, "UKR"),
            ("Kyiv", 30.52, 50.45, "UKR"),
            ("Donetsk", 37.80, 48.00, "UKR"), ("Moscow", 37.62, 55.75, "RUS"),
            ("Paris", 2.35, 48.86, "FRA"), ("Oslo", 10.75, 59.91, "NOR"),
            ("Pristina", 21.17, 42.66, "XKX"), ("Berlin", 13.40, 52.52, "DEU"),
            ("Ottawa", -75.70, 45.42, "CAN"), ("Canberra", 149.13, -35.28, "AUS"),
            ("Wellington", 174.78, -41.29, "NZL"), ("Tokyo", 139.69, 35.69, "JPN"),
            ("Washington", -77.04, 38.90, "USA")]
    for name, x, y, want in cpts:
        check_point(cf, "iso_a3", "countries", name, x, y, want)
    for name, x, y in [("Simferopol", 34.10, 44.95), ("Sevastopol centre", 33.52, 44.60),
                       ("Kerch", 36.47, 45.36), ("Dzhankoi", 34.40, 45.71)]:
        got = find(cf, "iso_a3", x, y)
        (ok if got == ["UKR"] else fail)("Crimea: %s in UKR and not in RUS: %s" % (name, got))

    # every oblast label should fall inside the UKR outline
    ukr = [f for f in cf if f["properties"]["iso_a3"] == "UKR"][0]
    outside = [f["properties"]["iso_3166_2"] for f in of
               if not contains(ukr["geometry"], f["properties"]["label_lon"], f["properties"]["label_lat"])]
    (ok if not outside else fail)("oblast label points inside the UKR country polygon (outside: %s)" % outside)

    # ---- self-intersections (report only)
    report_self_intersections("countries", cf, "iso_a3")
    report_self_intersections("oblasts", of, "iso_3166_2")

    print("%d hard check(s) failed" % len(failures) if failures else "all hard checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
