#!/usr/bin/env python3
"""Build maps/ukraine_ngca_pre2022.geojson: the dated control reference layer.

Input: Natural Earth 1:10m "admin-0 disputed areas", the two Ukrainian polygons
(Crimea B89, Donbass B90), as extracted to ne_10m_ukraine_ngca_pre2022.geojson
(public domain; see /work/shared/data/README.md). These are the areas outside
Ukrainian government control BEFORE 24 February 2022. Natural Earth has no later
line, and none is made up here.

Output: one feature per line, properties in the plan file's control-feature
schema (layer, name, kind, source, as_of), coordinates rounded to 5 decimals,
exterior rings counter-clockwise. Standard library only.

Usage:
  build_reference.py --input NE_FILE --out maps/ukraine_ngca_pre2022.geojson
"""
import argparse
import json

DECIMALS = 5
AS_OF = "2022-02-23"
SOURCE = "Natural Earth 1:10m admin-0 disputed areas (public domain): areas outside Ukrainian government control before 24 Feb 2022"
NAMES = {"B89": "Crimea (before 24 Feb 2022)", "B90": "Donbass NGCA (before 24 Feb 2022)"}


def rnd(v):
    return round(v, DECIMALS)


def signed_area(ring):
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2.0


def clean(ring, ccw):
    out = []
    for x, y in ring:
        p = [rnd(x), rnd(y)]
        if not out or out[-1] != p:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    if len(out) < 4:
        return None
    if (signed_area(out) > 0) != ccw:
        out.reverse()
    return out


def polygons(geom):
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return geom["coordinates"]
    raise SystemExit("unexpected geometry " + geom["type"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    with open(args.input, encoding="utf-8") as f:
        src = json.load(f)
    lines = []
    for feat in src["features"]:
        code = feat["properties"]["BRK_A3"]
        if code not in NAMES:
            raise SystemExit("unexpected feature " + code)
        polys = []
        for poly in polygons(feat["geometry"]):
            rings = [clean(r, i == 0) for i, r in enumerate(poly)]
            if rings[0] is None:
                continue
            polys.append([r for r in rings if r is not None])
        geometry = ({"type": "Polygon", "coordinates": polys[0]} if len(polys) == 1
                    else {"type": "MultiPolygon", "coordinates": polys})
        props = {
            "layer": "control",
            "name": NAMES[code],
            "kind": "occupied",
            "source": SOURCE,
            "as_of": AS_OF,
            "ne_brk_a3": code,
            "ne_note": feat["properties"].get("NOTE_BRK"),
        }
        lines.append(json.dumps({"type": "Feature", "properties": props, "geometry": geometry},
                                separators=(",", ":"), ensure_ascii=False))
    lines.sort()
    with open(args.out, "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        f.write(",\n".join(lines))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
