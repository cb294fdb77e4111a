"""Make docs/screenshot_dock.png: real QGIS desktop under Xvfb with the 社区蓝图 dock open.

Run from the repository root with the venv's Python:

    .venv/bin/python tests/qgis/gui_screenshot.py [--out docs/screenshot_dock.png] [--work /tmp/lifecircle_shot]

It (1) writes the sample district (丹浦桥街道) and a blueprint GeoPackage whose projects are
the district's candidate sites, plus a QGIS project, into the work folder; (2) makes a
throwaway QGIS profile there with this checkout symlinked as plugin ``lifecircle`` and
enabled, in the zh_CN locale; (3) starts ``qgis`` under ``xvfb-run`` with this same file as
``--code``: inside QGIS it opens the dock, selects a project that breaks a rule, grabs the
main window to the PNG and quits. Not a pytest test (the name does not start with test_).
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

STAGE_VARIABLE = "LIFECIRCLE_SCREENSHOT_OUT"
FIRST_YEAR = 2027
CONTEXT_LAYERS = ("units", "river", "parks", "compounds", "roads", "facilities")
CONTEXT_STYLES = {
    "units": {"color": "0,0,0,0", "outline_color": "#6a3d9a", "outline_width": "0.6", "outline_style": "dash"},
    "river": {"color": "#a6cee3", "outline_style": "no"},
    "parks": {"color": "#b2df8a", "outline_style": "no"},
    "compounds": {"color": "#f0ebe0", "outline_color": "#c8bfae", "outline_width": "0.2"},
    "roads": {"line_color": "#9a9a9a", "line_width": "0.4"},
    "facilities": {"name": "square", "color": "#1f78b4", "size": "2.2", "outline_color": "white"},
}


# -- inside QGIS (--code) ----------------------------------------------------------------------


def take_screenshot_in_qgis(out_path):
    """Open the dock on the blueprint, select a rule-breaking project, grab the window, quit."""
    from qgis.core import QgsApplication, QgsMessageLog
    from qgis.PyQt.QtCore import Qt, QTimer
    from qgis.utils import iface, plugins

    window = iface.mainWindow()
    window.resize(1600, 1000)
    window.showMaximized()

    def open_dock():
        plugin = plugins.get("lifecircle")
        if plugin is None or plugin.blueprint_dock is None:
            QgsMessageLog.logMessage("screenshot: the lifecircle plugin or its dock is missing", "LifeCircle")
            QgsApplication.exit(3)
            return
        dock = plugin.blueprint_dock
        next(a for a in plugin.actions if a.isCheckable()).trigger()
        layer = dock.current_layer()
        iface.setActiveLayer(layer)
        iface.mapCanvas().setExtent(layer.extent().buffered(250))
        hub = next(fid for fid, record in dock.session.records.items()
                   if record["name"] == "徐家汇路临时停车场地块")
        dock.select_project(hub)  # a 人民坊 with one service: the form shows why that is not enough
        window.resizeDocks([dock], [600], Qt.Orientation.Horizontal)
        QTimer.singleShot(2500, grab)

    def grab():
        iface.messageBar().clearWidgets()
        window.grab().save(out_path)
        # Under Xvfb, QGIS 3.22's own shutdown either crashes in QgisApp::setMapStyleDockLayer or
        # waits on a dialog nobody sees; the picture is saved, so leave without tearing down.
        os._exit(0 if os.path.exists(out_path) else 4)

    QTimer.singleShot(3000, open_dock)


# -- preparing the data and the profile -------------------------------------------------------


def candidate_projects(district):
    """Blueprint projects from the sample district's candidate sites, with a few rule breaches
    left in on purpose so the screenshot shows the live checks."""
    plans = {
        "丹浦浜南岸空地": dict(kind="renminfang", services="party,health,elderly,nursery", year=FIRST_YEAR,
                         budget=2600, status="planned", unit="DPQ-01"),
        "徐家汇路临时停车场地块": dict(kind="renminfang", services="party", year=FIRST_YEAR + 1, budget=1800),
        "原丽园路街道工厂": dict(kind="facility", services="employment,learning", year=FIRST_YEAR + 1,
                          budget=600),
        "蒙自路沿街商铺": dict(kind="liuyiting", services="daily_life", year=FIRST_YEAR + 2, budget=90),
        "鲁班路底层架空层": dict(kind="liuyiting", services="public_space,smart", year=FIRST_YEAR, budget=120),
        "日晖东路闲置门面": dict(kind="liuyiting", services="daily_life", year=None, budget=60),
        "丹浦公园东北角": dict(kind="liuyiting", services="public_space", year=FIRST_YEAR + 1, budget=45),
        "鲁班公园西南角": dict(kind="liuyiting", services="ecology", year=FIRST_YEAR + 2, budget=30),
        "汝南街存量办公楼": dict(kind="renminfang", services="party,culture,sports", year=FIRST_YEAR + 2,
                          budget=2100),
        "建国中路垃圾房改造": dict(kind="facility", services="municipal", year=None, budget=None),
        "东北片闲置仓库": dict(kind="facility", services="elderly_wellness", year=FIRST_YEAR + 1, budget=700,
                         status="under_construction"),
    }
    units = district.layer("units")
    projects = []
    for geometry, record in district.layer("candidates").features:
        plan = plans.get(record["name"])
        if plan is None:
            continue
        unit = plan.get("unit") or next((u["unit_id"] for g, u in units.features if g.contains(geometry)), None)
        values = dict(project_id=f"P{len(projects) + 1:03d}", name=record["name"], kind=plan["kind"],
                      services=plan["services"], floor_area_m2=record["floor_area_m2"], unit_id=unit,
                      status=plan.get("status", "reserve"), reserve_year=plan["year"],
                      budget_wan=plan["budget"])
        if plan["year"] == FIRST_YEAR and plan.get("status") == "planned":
            values.update(content="新建社区综合服务中心", implementation_path="新建", implementer="丹浦桥街道办事处",
                          funding_source="区级财政", start_date="2027-03-01", end_date="2027-12-31",
                          design_team="社区规划师团队")
        projects.append((geometry.wkt, values))
    return projects


def write_project(work):
    """Sample district layers + blueprint GeoPackage + project file; returns the .qgz path."""
    from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransformContext,
                           QgsFeature, QgsFillSymbol, QgsGeometry, QgsLineSymbol, QgsMarkerSymbol,
                           QgsProject, QgsSingleSymbolRenderer, QgsVectorFileWriter, QgsVectorLayer,
                           QgsWkbTypes)

    from lifecircle.lifecircle_plugin.adapters.blueprint_layer import POINT, create_blueprint, open_blueprint
    from lifecircle.lifecircle_plugin.core.blueprint import PlanWindow
    from lifecircle.lifecircle_plugin.core.sample_district import (SAMPLE_CRS, STREET_NAME,
                                                                   generate_sample_district)
    from lifecircle.processing_algorithms.sample_district import SampleDistrictAlgorithm

    app = QgsApplication([], False)
    app.initQgis()
    district = generate_sample_district()
    context_path = str(work / "sample_district.gpkg")
    crs = QgsCoordinateReferenceSystem(SAMPLE_CRS)
    for number, name in enumerate(CONTEXT_LAYERS):
        memory = SampleDistrictAlgorithm.memory_layer(district.layer(name), crs)
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName, options.layerName = "GPKG", name
        options.actionOnExistingFile = (QgsVectorFileWriter.CreateOrOverwriteFile if number == 0
                                        else QgsVectorFileWriter.CreateOrOverwriteLayer)
        error = QgsVectorFileWriter.writeAsVectorFormatV3(memory, context_path, QgsCoordinateTransformContext(),
                                                          options)
        if error[0] != QgsVectorFileWriter.NoError:
            raise RuntimeError(f"Writing sample layer {name} to {context_path} failed: {error[1]}")

    blueprint_path = work / "blueprint.gpkg"
    blueprint = create_blueprint(blueprint_path, PlanWindow(STREET_NAME, FIRST_YEAR), POINT, crs=SAMPLE_CRS)
    features = []
    for wkt, values in candidate_projects(district):
        feature = QgsFeature(blueprint.fields())
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        for name, value in values.items():
            feature[name] = value
        features.append(feature)
    if not blueprint.dataProvider().addFeatures(features)[0]:
        raise RuntimeError(f"Adding the sample projects to {blueprint_path} failed.")
    del blueprint

    project = QgsProject.instance()
    project.setCrs(QgsCoordinateReferenceSystem(SAMPLE_CRS))
    for name in reversed(CONTEXT_LAYERS):
        layer = QgsVectorLayer(f"{context_path}|layername={name}", name, "ogr")
        if name in CONTEXT_STYLES:
            symbol = (QgsLineSymbol if layer.geometryType() == QgsWkbTypes.LineGeometry
                      else QgsFillSymbol if layer.geometryType() == QgsWkbTypes.PolygonGeometry
                      else QgsMarkerSymbol).createSimple(CONTEXT_STYLES[name])
            layer.setRenderer(QgsSingleSymbolRenderer(symbol))
        project.addMapLayer(layer)
    project.addMapLayer(open_blueprint(str(blueprint_path), display_name="社区蓝图 projects"))
    project_path = work / "dapuqiao_blueprint.qgz"
    if not project.write(str(project_path)):
        raise RuntimeError(f"Writing {project_path} failed: {project.error()}")
    app.exitQgis()
    return project_path


def make_profile(work, repository):
    """A fresh profile under ``work`` with the checkout linked as plugin 'lifecircle', enabled, zh_CN."""
    profile = work / "profiles" / "profiles" / "shot"
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    link = plugins / "lifecircle"
    if not link.exists():
        link.symlink_to(repository, target_is_directory=True)
    settings = profile / "QGIS" / "QGIS3.ini"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("[PythonPlugins]\nlifecircle=true\n\n[locale]\noverrideFlag=true\nuserLocale=zh_CN\n\n"
                        "[qgis]\nshowTips=false\ncheckVersion=false\n", encoding="utf-8")
    return work / "profiles"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/screenshot_dock.png")
    parser.add_argument("--work", default="/tmp/lifecircle_shot")
    arguments = parser.parse_args()
    repository = Path(__file__).resolve().parents[2]
    work = Path(arguments.work)
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    out = Path(arguments.out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    project_path = write_project(work)
    profiles = make_profile(work, repository)
    command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis", "--noversioncheck", "--nologo",
               "--profiles-path", str(profiles), "--profile", "shot", "--project", str(project_path),
               "--code", str(Path(__file__).resolve())]
    environment = dict(os.environ, **{STAGE_VARIABLE: str(out)})
    environment.pop("QT_QPA_PLATFORM", None)
    if out.exists():
        out.unlink()
    qgis = subprocess.Popen(command, env=environment, start_new_session=True)
    try:
        returncode = qgis.wait(timeout=180)
    except subprocess.TimeoutExpired:
        os.killpg(qgis.pid, signal.SIGTERM)  # xvfb-run, its Xvfb and QGIS: the group this call started
        qgis.wait()
        sys.exit(f"QGIS did not finish within 180 s; no screenshot at {out}.")
    if returncode != 0 or not out.exists():
        sys.exit(f"QGIS exited with {returncode}; no screenshot at {out}.")
    print(f"Screenshot written to {out}")


if os.environ.get(STAGE_VARIABLE):
    take_screenshot_in_qgis(os.environ[STAGE_VARIABLE])
elif __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import lifecircle_bootstrap  # noqa: F401 (imports the checkout as package 'lifecircle', as the tests do)

    main()
