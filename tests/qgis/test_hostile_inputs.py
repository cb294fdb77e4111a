"""Hostile but realistic input to all ten algorithms, through processing.run: every run is right, or refused
with a message naming the thing (in the user's language), and never costs the files of an earlier run.

Table-driven: each Case names the algorithm, the parameters and what must happen. ``outcome`` sorts what
happened into traceback / silent / generic / clear / correct; a case passes only as clear or correct.
Set HOSTILE_TALLY=<file> to get the tally of a run as JSON (how issue 8's before/after counts are made).
"""
import csv
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt.QtCore import QCoreApplication, QSettings, QTranslator

import hostile_data as hd
from conftest import ROOT, RecordingFeedback, qgis_language

TEMP = "TEMPORARY_OUTPUT"
BUG_SENTENCE = "bug in LifeCircle"
PYTHON_ERRORS = ("Traceback", "could not convert", "GEOSException", "Error:", "object has no attribute",
                 "codec can't decode", "NoneType", "invalid literal", "unsupported operand")
LOCALE_KEY = "locale/userLocale"
TALLY = {}


@dataclass
class Case:
    id: str
    alg: str
    params: Callable  # (ds, tmp) -> parameters
    expect: str  # "refuse" | "ok"
    needles: tuple = ()  # text the refusal must contain ({tmp} is replaced by the case's folder)
    check: Optional[Callable] = None  # (results, feedback, ds, tmp) -> asserts, for "ok"
    setup: Optional[Callable] = None  # (ds, tmp) -> None, before the run (previous files, broken inputs)
    previous: tuple = ()  # file names in tmp written before the run that must stay byte for byte
    cancel: object = False  # True: on the first progress report; "start": before the run
    locale: Optional[str] = None


# --- the data -----------------------------------------------------------------------------------

class DataSet(dict):
    """{layer name: URI} of the hostile GeoPackage, plus the blueprint made by createblueprint."""

    path: Path
    blueprint_path: Path


@pytest.fixture(scope="module")
def ds(lifecircle_provider, tmp_path_factory):
    import processing

    folder = tmp_path_factory.mktemp("hostile")
    data = DataSet(hd.build(folder / "hostile.gpkg"))
    data.path = folder / "hostile.gpkg"
    data.blueprint_path = folder / "blueprint.gpkg"
    processing.run("lifecircle:createblueprint", {"STREET": "测试街道", "FIRST_YEAR": 2027,
                                                  "OUTPUT": str(data.blueprint_path)})
    from osgeo import ogr
    source = ogr.Open(str(data.blueprint_path), 1)
    layer = source.GetLayerByName("projects")
    rows = [("P01", "滨江驿站", "liuyiting", "planned", 2027, 150.0, "culture", "2027-03-01", (2, 2)),
            ("P02", "人民坊", "renminfang", "reserve", 2028, 900.0, "party,health,elderly", "2028-04-01", (3, 1)),
            ("P03", "口袋公园", "public_space", "reserve", 2029, None, None, None, (1, 3))]
    for pid, name, kind, status, year, area, services, start, (i, j) in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(ogr.CreateGeometryFromWkt(hd.point(i, j)))
        for key, value in (("project_id", pid), ("name", name), ("kind", kind), ("status", status),
                           ("reserve_year", year), ("floor_area_m2", area), ("services", services),
                           ("start_date", start), ("end_date", "2027-12-31" if start else None),
                           ("implementer", "街道"), ("funding_source", "区财政"), ("budget_wan", 50.0)):
            if value is not None:
                feature.SetField(key, value)
        layer.CreateFeature(feature)
    source = None
    data["blueprint"] = f"{data.blueprint_path}|layername=projects"
    return data


def blueprint_copy(tmp, ds, column=None, raw=None):
    """A copy of the blueprint in ``tmp``, with ``raw`` stored as it is in ``column`` of project P01."""
    path = tmp / "blueprint_copy.gpkg"
    shutil.copy(ds.blueprint_path, path)
    if column:
        hd.set_raw(path, "projects", column, raw)
    return f"{path}|layername=projects"


# --- valid parameters of every algorithm ----------------------------------------------------------

def wc(ds, tmp, **o):
    p = {"NETWORK": ds["roads"], "FACILITIES": ds["facilities"], "SERVICE_FIELD": "services",
         "DEMAND": ds["residents"], "POPULATION_FIELD": "population", "UNITS": ds["units"], "UNIT_ID_FIELD": "unit_id",
         "OUTPUT_DEMAND": TEMP, "OUTPUT_SUMMARY": TEMP, "OUTPUT_GAPS": TEMP}
    p.update(o)
    return p


def sa(ds, tmp, **o):
    p = {"NETWORK": ds["roads"], "FACILITIES": ds["facilities"], "SERVICE_FIELD": "services", "BANDS": "5,10",
         "OUTPUT": TEMP, "OUTPUT_UNREACHABLE": TEMP}
    p.update(o)
    return p


def ss(ds, tmp, **o):
    p = {"NETWORK": ds["roads"], "DEMAND": ds["residents"], "POPULATION_FIELD": "population",
         "FACILITIES": ds["facilities"], "SERVICE_FIELD": "services", "CANDIDATES": ds["candidates"],
         "FLOOR_AREA_FIELD": "floor_area", "KIND": 0, "COUNT": 1, "OUTPUT": TEMP, "OUTPUT_AUDIT": TEMP}
    p.update(o)
    return p


def cb(ds, tmp, **o):
    p = {"STREET": "测试街道", "FIRST_YEAR": 2027, "OUTPUT": str(tmp / "bp.gpkg")}
    p.update(o)
    return p


def vb(ds, tmp, **o):
    p = {"INPUT": ds["blueprint"], "OUTPUT": TEMP}
    p.update(o)
    return p


def ea(ds, tmp, **o):
    p = {"INPUT": ds["blueprint"], "OUTPUT_CSV": str(tmp / "list.csv")}
    p.update(o)
    return p


def fc(ds, tmp, **o):
    p = {"INPUT": ds["fc_points_zm"], "SOURCE_SYSTEM": 2, "TARGET_SYSTEM": 0, "OUTPUT": TEMP}
    p.update(o)
    return p


def cf(ds, tmp, **o):
    p = {"INPUT": ds["pois"], "SOURCE": 1, "TYPE_FIELD": "type", "OUTPUT": TEMP, "OUTPUT_UNMAPPED": TEMP}
    p.update(o)
    return p


def pn(ds, tmp, **o):
    p = {"NETWORK": ds["roads"], "OUTPUT": TEMP}
    p.update(o)
    return p


def sd(ds, tmp, **o):
    p = {"OUTPUT": str(tmp / "district.gpkg")}
    p.update(o)
    return p


BUILDERS = {"walkingcoverage": wc, "serviceareas": sa, "suggestsites": ss, "createblueprint": cb,
            "validateblueprint": vb, "exportannuallist": ea, "fixchinacoords": fc, "classifyfacilities": cf,
            "preparenetwork": pn, "sampledistrict": sd}


def with_params(alg, **overrides):
    """Parameters of ``alg`` with ``overrides``; values may be callables (ds, tmp) -> value."""
    def make(ds, tmp):
        resolved = {k: (v(ds, tmp) if callable(v) else v) for k, v in overrides.items()}
        return BUILDERS[alg](ds, tmp, **resolved)
    return make


def layer(name):
    return lambda ds, tmp: ds[name]


def in_tmp(name):
    return lambda ds, tmp: str(tmp / name)


# --- checks of outputs ------------------------------------------------------------------------------

def as_layer(value):
    if isinstance(value, QgsVectorLayer):
        return value
    result = QgsVectorLayer(value, "output", "ogr")
    assert result.isValid(), value
    return result


def logged(*needles):
    def check(results, feedback, ds, tmp):
        for needle in needles:
            assert needle in feedback.log, f"{needle!r} not in the log:\n{feedback.log}"
    return check


def all_checks(*checks):
    def check(results, feedback, ds, tmp):
        for one in checks:
            one(results, feedback, ds, tmp)
    return check


def output_holds(key, count=None, geometry=None):
    """Output ``key`` is a layer with ``count`` features whose geometries match its declared type."""
    def check(results, feedback, ds, tmp):
        out = as_layer(results[key])
        if count is not None:
            assert out.featureCount() == count
        declared = QgsWkbTypes.geometryType(out.wkbType())
        for feature in out.getFeatures():
            if feature.hasGeometry() and declared != QgsWkbTypes.UnknownGeometry:
                assert QgsWkbTypes.geometryType(feature.geometry().wkbType()) == declared, \
                    f"{feature.geometry().asWkt()[:60]} in a layer declared {QgsWkbTypes.displayString(out.wkbType())}"
        if geometry is not None:
            geometry(out)
    return check


def finding_mentions(*needles):
    """validateblueprint's findings name each of ``needles``."""
    def check(results, feedback, ds, tmp):
        text = " ".join(str(v) for f in as_layer(results["OUTPUT"]).getFeatures() for v in f.attributes())
        for needle in needles:
            assert needle in text, f"{needle!r} in no finding: {text[:500]}"
    return check


def gpkg_layers(path):
    from osgeo import ogr
    source = ogr.Open(str(path))
    return [source.GetLayer(i).GetName() for i in range(source.GetLayerCount())]


def file_written(name):
    def check(results, feedback, ds, tmp):
        assert (tmp / name).is_file() and (tmp / name).stat().st_size > 0
        assert not [p for p in tmp.iterdir() if ".lifecircle-" in p.name]
    return check


# --- previous files ---------------------------------------------------------------------------------

PREVIOUS = b"results of an earlier run\n"


def previous_files(*names):
    def setup(ds, tmp):
        for name in names:
            (tmp / name).write_bytes(PREVIOUS + name.encode())
    return setup


# --- the cases --------------------------------------------------------------------------------------

CASES = []


def case(*args, **kwargs):
    CASES.append(Case(*args, **kwargs))


# 1. Outputs that cannot be written: read-only, a folder, a missing folder, for every file output.
FILE_OUTPUTS = {
    "walkingcoverage": [("OUTPUT_DEMAND", "gpkg"), ("OUTPUT_SUMMARY", "csv"), ("OUTPUT_GAPS", "gpkg"),
                        ("OUTPUT_REPORT", "html")],
    "serviceareas": [("OUTPUT", "gpkg"), ("OUTPUT_UNREACHABLE", "gpkg")],
    "suggestsites": [("OUTPUT", "gpkg"), ("OUTPUT_AUDIT", "csv"), ("OUTPUT_REPORT", "html")],
    "createblueprint": [("OUTPUT", "gpkg")],
    "validateblueprint": [("OUTPUT", "gpkg"), ("OUTPUT_REPORT", "html")],
    "exportannuallist": [("OUTPUT_XLSX", "xlsx"), ("OUTPUT_CSV", "csv"), ("OUTPUT_RESERVE_CSV", "csv")],
    "fixchinacoords": [("OUTPUT", "gpkg")],
    "classifyfacilities": [("OUTPUT", "gpkg"), ("OUTPUT_UNMAPPED", "csv")],
    "preparenetwork": [("OUTPUT", "gpkg"), ("OUTPUT_EXCLUDED", "gpkg")],
    "sampledistrict": [("OUTPUT", "gpkg")],
}
for alg, outputs in FILE_OUTPUTS.items():
    for key, ext in outputs:
        case(f"{alg}-{key}-read-only", alg, with_params(alg, **{key: f"/sys/out.{ext}"}), "refuse",
             (f"/sys/out.{ext}", "read-only"))
        case(f"{alg}-{key}-is-a-folder", alg, with_params(alg, **{key: lambda ds, tmp: str(tmp)}), "refuse",
             ("{tmp}", "folder"))
        case(f"{alg}-{key}-missing-folder", alg,
             with_params(alg, **{key: lambda ds, tmp, ext=ext: str(tmp / "no" / "such" / f"out.{ext}")}),
             "refuse", ("{tmp}/no/such/out." + ext, "does not exist"))

# 2. A cancelled run leaves the files of the earlier run as they were, and nothing else.
CANCEL_OUTPUTS = {
    "walkingcoverage": dict(OUTPUT_DEMAND="d.gpkg", OUTPUT_SUMMARY="s.csv", OUTPUT_GAPS="g.gpkg"),
    "serviceareas": dict(OUTPUT="a.gpkg", OUTPUT_UNREACHABLE="u.gpkg"),
    "suggestsites": dict(OUTPUT="sites.gpkg", OUTPUT_AUDIT="audit.csv"),
    "validateblueprint": dict(OUTPUT="review.gpkg"),
    "fixchinacoords": dict(OUTPUT="fixed.gpkg"),
    "classifyfacilities": dict(OUTPUT="classified.gpkg", OUTPUT_UNMAPPED="unmapped.csv"),
    "preparenetwork": dict(OUTPUT="net.gpkg", OUTPUT_EXCLUDED="excluded.gpkg"),
    "sampledistrict": dict(OUTPUT="district.gpkg"),
    "exportannuallist": dict(OUTPUT_CSV="list.csv", OUTPUT_XLSX="list.xlsx"),
}
for alg, outputs in CANCEL_OUTPUTS.items():
    case(f"{alg}-cancel-keeps-previous-files", alg,
         with_params(alg, **{k: in_tmp(v) for k, v in outputs.items()}), "ok",
         setup=previous_files(*outputs.values()), previous=tuple(outputs.values()),
         cancel="start" if alg == "exportannuallist" else True)

# 3. A failure after the first outputs were begun leaves the earlier files as they were.
case("walkingcoverage-late-failure-keeps-previous", "walkingcoverage",
     with_params("walkingcoverage", OUTPUT_DEMAND=in_tmp("d.gpkg"), OUTPUT_SUMMARY=in_tmp("s.csv"),
                 OUTPUT_GAPS=in_tmp("g.gpkg"), OUTPUT_REPORT="/sys/report.html"),
     "refuse", ("/sys/report.html",), setup=previous_files("d.gpkg", "s.csv", "g.gpkg"),
     previous=("d.gpkg", "s.csv", "g.gpkg"))
case("suggestsites-late-failure-keeps-previous", "suggestsites",
     with_params("suggestsites", OUTPUT=in_tmp("sites.gpkg"), OUTPUT_AUDIT=in_tmp("audit.csv"),
                 OUTPUT_REPORT=in_tmp("missing/report.html")),
     "refuse", ("{tmp}/missing/report.html",), setup=previous_files("sites.gpkg", "audit.csv"),
     previous=("sites.gpkg", "audit.csv"))
case("exportannuallist-csv-then-bad-xlsx-keeps-previous", "exportannuallist",
     with_params("exportannuallist", OUTPUT_CSV=in_tmp("list.csv"), OUTPUT_XLSX=lambda ds, tmp: str(tmp)),
     "refuse", ("folder",), setup=previous_files("list.csv"), previous=("list.csv",))
case("walkingcoverage-bad-population-keeps-previous", "walkingcoverage",
     with_params("walkingcoverage", POPULATION_FIELD="pop_text", OUTPUT_DEMAND=in_tmp("d.gpkg")),
     "refuse", ("pop_text",), setup=previous_files("d.gpkg"), previous=("d.gpkg",))

# 4. A successful run replaces the earlier files whole.
case("walkingcoverage-replaces-previous-files", "walkingcoverage",
     with_params("walkingcoverage", OUTPUT_SUMMARY=in_tmp("s.csv"), OUTPUT_GAPS=in_tmp("g.gpkg")), "ok",
     check=all_checks(file_written("s.csv"), file_written("g.gpkg"),
                      lambda r, f, ds, tmp: "unit_id" in (tmp / "s.csv").read_text(encoding="utf-8")),
     setup=previous_files("s.csv", "g.gpkg"))
case("walkingcoverage-shapefile-with-its-side-files", "walkingcoverage",
     with_params("walkingcoverage", OUTPUT_GAPS=in_tmp("gaps.shp")), "ok",
     check=all_checks(file_written("gaps.shp"), file_written("gaps.dbf"), file_written("gaps.shx")),
     setup=previous_files("gaps.dbf"))
case("walkingcoverage-report-names-final-paths", "walkingcoverage",
     with_params("walkingcoverage", OUTPUT_SUMMARY=in_tmp("s.csv"), OUTPUT_REPORT=in_tmp("r.html")), "ok",
     check=all_checks(file_written("r.html"), file_written("r.pdf"), lambda r, f, ds, tmp: (
         str(tmp / "s.csv") in (tmp / "r.html").read_text(encoding="utf-8")
         and ".lifecircle-" not in (tmp / "r.html").read_text(encoding="utf-8"))))
case("createblueprint-without-extension", "createblueprint", with_params("createblueprint", OUTPUT=in_tmp("plan")),
     "ok", check=file_written("plan.gpkg"))
case("exportannuallist-xlsx-and-csv", "exportannuallist",
     with_params("exportannuallist", OUTPUT_XLSX=in_tmp("l.xlsx"), OUTPUT_CSV=in_tmp("l.csv")), "ok",
     check=all_checks(file_written("l.xlsx"), file_written("l.csv")), setup=previous_files("l.csv"))
case("sampledistrict-into-geopackage-with-other-layers", "sampledistrict",
     with_params("sampledistrict", OUTPUT=lambda ds, tmp: str(shutil.copy(ds.blueprint_path, tmp / "bp.gpkg"))),
     "refuse", ("bp.gpkg", "projects"))
case("createblueprint-existing-projects-layer", "createblueprint",
     with_params("createblueprint", OUTPUT=lambda ds, tmp: str(shutil.copy(ds.blueprint_path, tmp / "bp.gpkg"))),
     "refuse", ("bp.gpkg", "projects"))

# 5. The exclusion expression: refused when it does not parse or names a field the layer lacks.
for alg in ("walkingcoverage", "serviceareas", "suggestsites", "preparenetwork"):
    case(f"{alg}-expression-does-not-parse", alg,
         with_params(alg, EXCLUDE_EXPRESSION="highway IN ('footway', 'steps'"), "refuse",
         ("highway IN ('footway', 'steps'",))
    case(f"{alg}-expression-missing-field", alg,
         with_params(alg, EXCLUDE_EXPRESSION="\"highwy\" = 'trunk'"), "refuse", ("highwy",))
case("preparenetwork-expression-excludes-trunk", "preparenetwork",
     with_params("preparenetwork", NETWORK=layer("roads_trunk"), EXCLUDE_EXPRESSION="\"highway\" = 'trunk'"),
     "ok", check=lambda r, f, ds, tmp: r["EXCLUDED_COUNT"] == 1)

# 6. Curved geometries (CAD, survey): segmentized on read, said in the log.
SEGMENTIZED = "segmentized"
for alg in ("walkingcoverage", "serviceareas", "suggestsites", "preparenetwork"):
    case(f"{alg}-curved-network", alg, with_params(alg, NETWORK=layer("roads_curved")), "ok",
         check=logged(SEGMENTIZED))
for alg in ("walkingcoverage", "suggestsites"):
    case(f"{alg}-curved-residents", alg, with_params(alg, DEMAND=layer("residents_curved")), "ok",
         check=logged(SEGMENTIZED))
    case(f"{alg}-curved-units", alg, with_params(alg, UNITS=layer("units_curved"), UNIT_ID_FIELD="unit_id"),
         "ok", check=logged(SEGMENTIZED))
case("serviceareas-curved-residents", "serviceareas",
     with_params("serviceareas", DEMAND=layer("residents_curved"), POPULATION_FIELD="population"), "ok",
     check=logged(SEGMENTIZED))
case("fixchinacoords-curved-line", "fixchinacoords", with_params("fixchinacoords", INPUT=layer("fc_curved")),
     "ok", check=output_holds("OUTPUT", 1))
case("validateblueprint-curved-network", "validateblueprint",
     with_params("validateblueprint", NETWORK=layer("roads_curved"), DEMAND=layer("residents"),
                 POPULATION_FIELD="population", UNITS=layer("units"), UNIT_ID_FIELD="unit_id",
                 FACILITIES=layer("facilities"), SERVICE_FIELD="services"), "ok", check=logged(SEGMENTIZED))

# 7. Residents mixing points and polygons; output geometry types match what is written.
case("walkingcoverage-mixed-residents", "walkingcoverage",
     with_params("walkingcoverage", DEMAND=layer("residents_mixed")), "ok",
     check=all_checks(output_holds("OUTPUT_DEMAND", 5), output_holds("OUTPUT_GAPS")))
case("suggestsites-mixed-residents", "suggestsites", with_params("suggestsites", DEMAND=layer("residents_mixed")),
     "ok", check=output_holds("OUTPUT"))
case("serviceareas-mixed-residents", "serviceareas",
     with_params("serviceareas", DEMAND=layer("residents_mixed"), POPULATION_FIELD="population"), "ok",
     check=output_holds("OUTPUT"))


# 8. fixchinacoords: geometry types, Z and M, NULL geometry, densified Z.
def keeps_z_and_m(out):
    values = [(f.geometry().constGet().z(), f.geometry().constGet().m()) for f in out.getFeatures()]
    assert QgsWkbTypes.hasZ(out.wkbType()) and QgsWkbTypes.hasM(out.wkbType())
    assert values == [(12.5, 7.0), (3.0, 1.0)]


def null_stays_null(out):
    features = list(out.getFeatures())
    assert [f["name"] for f in features if not f.hasGeometry()] == ["no geometry"]


def densified_z_interpolated(out):
    geometry = next(out.getFeatures()).geometry()
    zs = [v.z() for v in geometry.vertices()]
    assert len(zs) > 2 and all(10.0 <= z <= 30.0 for z in zs) and zs == sorted(zs)


case("fixchinacoords-keeps-z-and-m", "fixchinacoords", fc, "ok", check=output_holds("OUTPUT", 2, keeps_z_and_m))
case("fixchinacoords-mixed-geometry-types", "fixchinacoords", with_params("fixchinacoords", INPUT=layer("fc_mixed")),
     "refuse", ("points", "lines", "polygons"))
case("fixchinacoords-undeclared-type-of-one-kind", "fixchinacoords",
     with_params("fixchinacoords", INPUT=layer("fc_points_undeclared")), "ok",
     check=output_holds("OUTPUT", 2, null_stays_null))
case("fixchinacoords-null-geometry", "fixchinacoords", with_params("fixchinacoords", INPUT=layer("fc_points_null")),
     "ok", check=output_holds("OUTPUT", 2, null_stays_null))
case("fixchinacoords-null-geometry-into-geopackage", "fixchinacoords",
     with_params("fixchinacoords", INPUT=layer("fc_points_null"), OUTPUT=in_tmp("fixed.gpkg")), "ok",
     check=all_checks(output_holds("OUTPUT", 2, null_stays_null),
                      lambda r, f, ds, tmp: gpkg_layers(tmp / "fixed.gpkg") == ["fixed"]))
case("fixchinacoords-densify-z", "fixchinacoords",
     with_params("fixchinacoords", INPUT=layer("fc_line_z"), DENSIFY_M=200), "ok",
     check=output_holds("OUTPUT", 1, densified_z_interpolated))

# 9. Text fields where numbers belong; impossible populations.
for alg in ("walkingcoverage", "serviceareas", "suggestsites"):
    case(f"{alg}-text-population", alg, with_params(alg, DEMAND=layer("residents"), POPULATION_FIELD="pop_text"),
         "refuse", ("residents", "pop_text", "home 00"))
    case(f"{alg}-population-1e308", alg,
         with_params(alg, DEMAND=layer("residents_huge"), POPULATION_FIELD="population"), "refuse",
         ("residents_huge", "population"))
for alg in ("walkingcoverage", "serviceareas", "preparenetwork"):
    case(f"{alg}-text-cost-field", alg, with_params(alg, COST_FIELD="cost_text"), "refuse",
         ("roads", "cost_text", "'steep'"))
case("suggestsites-floor-area-units-and-thousands", "suggestsites",
     with_params("suggestsites", KIND=1, OUTPUT_AUDIT=in_tmp("audit.csv")), "ok",
     check=lambda r, f, ds, tmp: {row["name"]: row for row in csv.DictReader(
         open(tmp / "audit.csv", encoding="utf-8-sig"))}["b"]["rule"] != "floor_area_invalid")
case("suggestsites-floor-area-250-square-metres", "suggestsites",
     with_params("suggestsites", KIND=0, OUTPUT_AUDIT=in_tmp("audit.csv")), "ok",
     check=lambda r, f, ds, tmp: {row["name"]: row for row in csv.DictReader(
         open(tmp / "audit.csv", encoding="utf-8-sig"))}["a"]["rule"] != "floor_area_invalid")


# 10. CSV files as Chinese Excel saves them, and files that are no CSV.
def standards(encoding, text="service,minutes\nelderly,5\n保育托幼,10\n"):
    def make(ds, tmp):
        path = tmp / "standards.csv"
        path.write_bytes(text.encode(encoding) if encoding != "utf-8-sig" else b"\xef\xbb\xbf" + text.encode())
        return str(path)
    return make


for encoding in ("gb18030", "utf-8-sig", "utf-8"):
    case(f"walkingcoverage-standards-{encoding}", "walkingcoverage",
         with_params("walkingcoverage", STANDARDS=standards(encoding)), "ok", check=logged("elderly"))


def binary_file(name, data=b"PK\x03\x04\x00\x00binary\x00"):
    def make(ds, tmp):
        (tmp / name).write_bytes(data)
        return str(tmp / name)
    return make


case("walkingcoverage-standards-binary", "walkingcoverage",
     with_params("walkingcoverage", STANDARDS=binary_file("standards.csv")), "refuse", ("standards.csv",))
case("walkingcoverage-standards-folder", "walkingcoverage",
     with_params("walkingcoverage", STANDARDS=lambda ds, tmp: str(tmp)), "refuse", ("{tmp}",))
MAPPING = "source,key,value,requires,services,note\namap,type,购物服务;便民商店/便利店;便利店,,生活服务,便利店\n"
for encoding in ("gb18030", "utf-8-sig"):
    case(f"classifyfacilities-mapping-{encoding}", "classifyfacilities",
         with_params("classifyfacilities", MAPPING=lambda ds, tmp, e=encoding: standards(e, MAPPING)(ds, tmp)),
         "ok", check=lambda r, f, ds, tmp: r["WITH_SERVICE"] == 2)
case("classifyfacilities-mapping-binary", "classifyfacilities",
     with_params("classifyfacilities", MAPPING=binary_file("mapping.csv")), "refuse", ("mapping.csv",))

# 11. A damaged file named as a layer: "cannot be read", not "not found".
for alg, key in (("walkingcoverage", "NETWORK"), ("fixchinacoords", "INPUT"), ("validateblueprint", "INPUT"),
                 ("exportannuallist", "INPUT"), ("classifyfacilities", "INPUT"), ("preparenetwork", "NETWORK")):
    case(f"{alg}-{key}-corrupt-file", alg,
         with_params(alg, **{key: binary_file("broken.gpkg", b"SQLite format 3\x00" + b"\x07" * 2000)}),
         "refuse", ("broken.gpkg", "cannot be read"))

# 12. Units with NULL or duplicate ids; residents beyond the snap distance: warned, naming features.
for alg in ("walkingcoverage", "suggestsites"):
    case(f"{alg}-unit-null-id", alg, with_params(alg, UNITS=layer("units_null_id"), UNIT_ID_FIELD="unit_id"),
         "ok", check=logged("units_null_id", "NULL"))
    case(f"{alg}-unit-duplicate-id", alg, with_params(alg, UNITS=layer("units_dup_id"), UNIT_ID_FIELD="unit_id"),
         "ok", check=logged("units_dup_id", "U1"))
for alg in ("walkingcoverage", "suggestsites", "serviceareas"):
    case(f"{alg}-resident-beyond-snap", alg,
         with_params(alg, DEMAND=layer("residents_far"), POPULATION_FIELD="population"), "ok",
         check=logged("far away"))

case("validateblueprint-resident-beyond-snap", "validateblueprint",
     with_params("validateblueprint", NETWORK=layer("roads"), DEMAND=layer("residents_far"),
                 POPULATION_FIELD="population", UNITS=layer("units"), UNIT_ID_FIELD="unit_id",
                 FACILITIES=layer("facilities"), SERVICE_FIELD="services"), "ok", check=logged("far away"))

# 13. Blueprint values the column cannot hold; layers that are no blueprint.
case("validateblueprint-text-in-real-floor-area", "validateblueprint",
     with_params("validateblueprint", INPUT=lambda ds, tmp: blueprint_copy(tmp, ds, "floor_area_m2", "约150平方米")),
     "ok", check=finding_mentions("约150平方米", "P01"))
case("exportannuallist-text-in-real-floor-area", "exportannuallist",
     with_params("exportannuallist", INPUT=lambda ds, tmp: blueprint_copy(tmp, ds, "floor_area_m2", "约150平方米")),
     "refuse", ("约150平方米", "P01"))
case("validateblueprint-impossible-date", "validateblueprint",
     with_params("validateblueprint", INPUT=lambda ds, tmp: blueprint_copy(tmp, ds, "start_date", "2027/13/45")),
     "ok", check=finding_mentions("2027/13/45", "a date such as"))
case("exportannuallist-impossible-date", "exportannuallist",
     with_params("exportannuallist", INPUT=lambda ds, tmp: blueprint_copy(tmp, ds, "start_date", "2027/13/45")),
     "refuse", ("2027/13/45", "a date such as"))
case("exportannuallist-not-a-blueprint", "exportannuallist",
     with_params("exportannuallist", INPUT=layer("residents"), STREET="测试街道", FIRST_YEAR=2027), "refuse",
     ("residents", "project_id", "reserve_year"))
case("validateblueprint-not-a-blueprint", "validateblueprint",
     with_params("validateblueprint", INPUT=layer("residents"), FIRST_YEAR=2027), "refuse",
     ("residents", "project_id"))
case("validateblueprint-floor-area-as-text-number", "validateblueprint",
     with_params("validateblueprint", INPUT=lambda ds, tmp: blueprint_copy(tmp, ds, "floor_area_m2", "1,200")),
     "ok", check=finding_mentions("P01", "1200 m² exceeds"))

# 14. Refusals in the user's language (QGIS 3.22 writes zh-Hans; zh_CN from older settings).
for locale in ("zh-Hans", "zh_CN"):
    case(f"walkingcoverage-read-only-{locale}", "walkingcoverage",
         with_params("walkingcoverage", OUTPUT_SUMMARY="/sys/s.csv"), "refuse", ("/sys/s.csv", "只读"),
         locale=locale)
    case(f"walkingcoverage-standards-binary-{locale}", "walkingcoverage",
         with_params("walkingcoverage", STANDARDS=binary_file("standards.csv")), "refuse",
         ("standards.csv", "无法作为 CSV"), locale=locale)
    case(f"serviceareas-bad-bands-{locale}", "serviceareas", with_params("serviceareas", BANDS="5,x"), "refuse",
         ("x", "分钟"), locale=locale)
case("walkingcoverage-read-only-en_US", "walkingcoverage",
     with_params("walkingcoverage", OUTPUT_SUMMARY="/sys/s.csv"), "refuse", ("/sys/s.csv", "read-only"),
     locale="en_US")


# --- running a case ---------------------------------------------------------------------------------

def outcome(c, ds, tmp):
    """(category, detail): traceback, silent, generic, clear or correct."""
    import processing

    params = c.params(ds, tmp)
    if c.setup:
        c.setup(ds, tmp)
    before = {name: (tmp / name).read_bytes() for name in c.previous}
    feedback = RecordingFeedback()
    if c.cancel == "start":
        feedback.cancel()
    elif c.cancel:
        feedback.progressChanged.connect(lambda _progress: feedback.cancel())
    settings = QSettings()
    old_locale = settings.value(LOCALE_KEY)
    if c.locale:
        settings.setValue(LOCALE_KEY, c.locale)
    translator = None
    if c.locale and c.locale.startswith("zh"):  # as the plugin does when QGIS speaks Chinese
        translator = QTranslator()
        assert translator.load(str(ROOT / "i18n" / "lifecircle_zh_CN.qm"))
        QCoreApplication.installTranslator(translator)
    error = None
    try:
        results = processing.run(f"lifecircle:{c.alg}", params, feedback=feedback)
    except QgsProcessingException as err:
        error = str(err)
    except Exception as err:  # a traceback is what is being counted
        return "traceback", f"{type(err).__name__}: {err}"
    finally:
        if translator is not None:
            QCoreApplication.removeTranslator(translator)
        if c.locale:
            if old_locale is None:
                settings.remove(LOCALE_KEY)
            else:
                settings.setValue(LOCALE_KEY, old_locale)
    leftovers = [p.name for p in tmp.iterdir() if ".lifecircle-" in p.name or p.name.endswith(("-wal", "-journal"))]
    changed = [name for name, data in before.items() if not (tmp / name).exists() or
               (tmp / name).read_bytes() != data]
    if changed or leftovers:
        return "silent", f"earlier files changed {changed} or partial files left {leftovers}"
    if error is not None:
        if BUG_SENTENCE in error or any(p in error for p in PYTHON_ERRORS) or "Traceback" in feedback.log:
            return "traceback", error
        if c.expect == "refuse":
            needles = [n.replace("{tmp}", str(tmp)) for n in c.needles]
            missing = [n for n in needles if n.lower() not in error.lower()]
            return ("generic", f"{error!r} lacks {missing}") if missing else ("clear", error)
        return "generic", error
    if c.expect == "refuse":
        return "silent", f"ran without refusing: {results}"
    if c.check:
        try:
            passed = c.check(results, feedback, ds, tmp)
        except (AssertionError, KeyError, StopIteration) as err:
            return "silent", f"wrong output: {err}"
        if passed is False:
            return "silent", f"wrong output: {results}"
    return "correct", ""


@pytest.fixture(scope="module", autouse=True)
def tally():
    yield TALLY
    path = os.environ.get("HOSTILE_TALLY")
    if path:
        counts = {}
        for category, _ in TALLY.values():
            counts[category] = counts.get(category, 0) + 1
        Path(path).write_text(json.dumps({"counts": counts, "cases": TALLY}, ensure_ascii=False, indent=1),
                              encoding="utf-8")


def test_the_table_covers_every_algorithm_with_enough_cases():
    assert len(CASES) >= 140 and len({c.id for c in CASES}) == len(CASES)
    assert {c.alg for c in CASES} == set(BUILDERS)


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_hostile_case(c, ds, tmp_path):
    if hd.READ_ONLY + "/" in str(c.needles) and not hd.read_only_folder_available():
        pytest.skip(f"{hd.READ_ONLY} takes new files here (a chroot without sysfs)")
    category, detail = outcome(c, ds, tmp_path)
    TALLY[c.id] = (category, detail)
    assert category in ("clear", "correct"), f"{category}: {detail}"



# --- errors that are no refusal -------------------------------------------------------------------

def test_an_unexpected_error_is_reported_as_a_bug_with_its_traceback_in_the_log(ds, tmp_path, monkeypatch):
    import processing
    from lifecircle.processing_algorithms.prepare_network import PrepareNetworkAlgorithm

    def broken(self, parameters, context, feedback):
        return {"EDGE_COUNT": 1 // 0}

    monkeypatch.setattr(PrepareNetworkAlgorithm, "compute", broken)
    (tmp_path / "net.gpkg").write_bytes(PREVIOUS)
    feedback = RecordingFeedback()
    with pytest.raises(QgsProcessingException) as caught:
        processing.run("lifecircle:preparenetwork", pn(ds, tmp_path, OUTPUT=str(tmp_path / "net.gpkg")),
                       feedback=feedback)
    assert BUG_SENTENCE in str(caught.value) and "Traceback" not in str(caught.value)
    assert "Traceback" in feedback.log and "ZeroDivisionError" in feedback.log
    assert [p.name for p in tmp_path.iterdir()] == ["net.gpkg"] and (tmp_path / "net.gpkg").read_bytes() == PREVIOUS


def test_a_core_refusal_speaks_the_language_of_qgis(ds, tmp_path, monkeypatch):
    import processing
    from lifecircle.lifecircle_plugin.core.errors import LifeCircleError
    from lifecircle.processing_algorithms.prepare_network import PrepareNetworkAlgorithm

    def refuse(self, parameters, context, feedback):
        raise LifeCircleError("test.refusal", "The layer 'roads' is refused.", "图层“roads”被拒绝。")

    monkeypatch.setattr(PrepareNetworkAlgorithm, "compute", refuse)
    for locale, expected in (("zh-Hans", "图层“roads”被拒绝。"), ("zh_CN", "图层“roads”被拒绝。"),
                             ("en_US", "The layer 'roads' is refused.")):
        with qgis_language(locale), pytest.raises(QgsProcessingException, match=expected):
            processing.run("lifecircle:preparenetwork", pn(ds, tmp_path))
