"""lifecircle:exportwebmap — the residents' 15-minute digital map (生活圈数字地图), an offline web folder."""
import hashlib
from datetime import datetime, timezone

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..lifecircle_plugin.core.blueprint import KIND_ZH, STATUS_ZH
from ..lifecircle_plugin.core.defaults import DEFAULT_MINUTES, DEFAULT_SEARCH_MINUTES
from ..lifecircle_plugin.core.services import REQUIRED_CODES, SERVICES
from ..lifecircle_plugin.core.webmap_folder import check_leaflet, write_webmap_folder
from .base import LifeCircleAlgorithm, decimals
from ..lifecircle_plugin.adapters.layer_io import cancel_check, progress_between, raise_if_cancelled, read_layer

# numpy, shapely and the core's engines are imported in the methods that use them (see provider.py).

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
TILE_SYSTEM_CHOICES = ("auto", "wgs84", "gcj02")
# Streets are simplified to this tolerance (m) and coordinates kept to 6 decimals (~0.1 m) for a light page.
STREET_SIMPLIFY_M = 1.0
DECIMALS = 6
# Margin (degrees) of the GCJ-02 lattice around the grid, so taps on the shifted map fall inside it.
SHIFT_MARGIN_DEG = 0.01


def transform_xy(xy, transform):
    """Many coordinates at once through one QgsCoordinateTransform (as one multipoint geometry)."""
    import numpy as np
    import shapely

    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    if not len(xy):
        return xy
    geometry = QgsGeometry()
    geometry.fromWkb(shapely.to_wkb(shapely.multipoints(xy)))
    try:
        geometry.transform(transform)
    except QgsCsException as err:
        raise QgsProcessingException(QCoreApplication.translate(
            "ExportWebMapAlgorithm",
            "Coordinates in {0} cannot be converted to {1} for the web map (x {2:g} to {3:g}, y {4:g} to {5:g}): "
            "they lie outside the area of the CRS. Check the CRS and the coordinates of the layers.").format(
            transform.sourceCrs().authid(), transform.destinationCrs().authid(), xy[:, 0].min(), xy[:, 0].max(),
            xy[:, 1].min(), xy[:, 1].max())) from err
    return shapely.get_coordinates(shapely.from_wkb(bytes(geometry.asWkb())))


def transform_geometries(geometries, transform):
    """Shapely geometries with every vertex transformed (one batch for all of them)."""
    import numpy as np
    import shapely

    geometries = np.asarray(geometries, dtype=object)
    if not len(geometries):
        return geometries
    return shapely.set_coordinates(geometries.copy(), transform_xy(shapely.get_coordinates(geometries), transform))


def flat_rings(polygon):
    """Exterior and interior rings of a (multi)polygon as flat [lon, lat, lon, lat, …] lists."""
    import numpy as np
    import shapely

    rings = []
    for part in shapely.get_parts(polygon):
        for ring in [part.exterior, *part.interiors]:
            rings.append(np.round(np.asarray(ring.coords)[:, :2], DECIMALS).ravel().tolist())
    return rings


class ExportWebMapAlgorithm(LifeCircleAlgorithm):
    NAME = "exportwebmap"
    GROUP_ID = "residents"
    ICON = "exportwebmap.svg"

    NAME_FIELD = "NAME_FIELD"
    HOURS_FIELD = "HOURS_FIELD"
    PROJECTS = "PROJECTS"
    BOUNDARY = "BOUNDARY"
    CELL_M = "CELL_M"
    TITLE = "TITLE"
    TILE_URL = "TILE_URL"
    TILE_SYSTEM = "TILE_SYSTEM"
    TILE_ATTRIBUTION = "TILE_ATTRIBUTION"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    INDEX = "INDEX"
    CELLS = "CELLS"
    FACILITIES_SHOWN = "FACILITIES_SHOWN"

    def displayName(self):
        return self.tr("Residents' 15-minute digital map (web)")

    def group(self):
        return self.tr("Residents' map and feedback")

    def shortHelpString(self):
        return self.tr(
            "Writes a self-contained folder (index.html, data.js, the Leaflet map library) that residents open "
            "from a USB stick, a shared folder or any static web host, with no network at all: the walkable "
            "streets, the facilities by service with popups (name, services, opening hours), the planned "
            "projects of a blueprint, the basic units, and a Chinese interface.\n\n"
            "Tapping anywhere shows the walking minutes to the nearest facility of each of the ten essentials, "
            "marking those beyond their threshold: precomputed on a grid of CELL_M cells by the same engine "
            "as walkingcoverage (a cell holds the minutes of a resident at its centre). An area needing more "
            "than 2,000,000 cells is refused: raise CELL_M.\n\n"
            "A feedback form keeps residents' comments in the browser and exports them as a GeoJSON file "
            "for the residents' committee (read it back with importfeedback). A print view lays the map "
            "out on A4 or A3 with title, legend, north arrow and scale.\n\n"
            "TILE_URL (optional) adds online base tiles; for AMap/Gaode and Tencent tiles (GCJ-02, decided "
            "from the host or stated in TILE_SYSTEM) every feature is shifted to GCJ-02 so it sits on them.")

    def initAlgorithm(self, config=None):
        self.add_network_parameters()
        self.add_facility_parameters()
        self.addParameter(QgsProcessingParameterField(
            self.NAME_FIELD, self.tr("Facility name field"), parentLayerParameterName=self.FACILITIES,
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.HOURS_FIELD, self.tr("Opening hours field"), parentLayerParameterName=self.FACILITIES,
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PROJECTS, self.tr("Blueprint projects (planned projects shown on the map)"),
            [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon], optional=True))
        self.add_unit_parameters()
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BOUNDARY, self.tr("Map area (polygons; empty: the network's extent)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.STANDARDS, self.tr("Per-service thresholds (CSV: service, minutes; empty: 15 minutes each)"),
            extension="csv", optional=True))
        self.addParameter(decimals(QgsProcessingParameterNumber(
            self.CELL_M, self.tr("Grid cell size (m)"), QgsProcessingParameterNumber.Double,
            defaultValue=50.0, minValue=5.0, maxValue=1000.0), 0))
        self.addParameter(QgsProcessingParameterString(
            self.TITLE, self.tr("Title of the map"), defaultValue="15分钟社区生活圈数字地图"))
        self.addParameter(QgsProcessingParameterString(
            self.TILE_URL, self.tr("Online base tiles (URL with {z}/{x}/{y}; empty: none)"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.TILE_SYSTEM, self.tr("Coordinates of the tiles"),
            options=[self.tr("Decide from the host (AMap/Gaode, Tencent: GCJ-02; others: WGS 84)"),
                     self.tr("WGS 84 (OpenStreetMap, 天地图)"), self.tr("GCJ-02 (AMap/Gaode, Tencent)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterString(
            self.TILE_ATTRIBUTION, self.tr("Credit line of the tiles"), optional=True))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.OUTPUT_FOLDER, self.tr("Web map folder")))
        self.addOutput(QgsProcessingOutputFile(self.INDEX, self.tr("Web map page (index.html)")))
        self.addOutput(QgsProcessingOutputNumber(self.CELLS, self.tr("Grid cells with minutes")))
        self.addOutput(QgsProcessingOutputNumber(self.FACILITIES_SHOWN, self.tr("Facilities on the map")))

    def compute(self, parameters, context, feedback):
        import numpy as np
        import shapely

        from ..lifecircle_plugin.core.chinacoords import wgs84_to_gcj02
        from ..lifecircle_plugin.core.webmap_grid import (TILES_GCJ02, encode_minutes, grid_minutes, minute_step,
                                                          plan_grid, shift_lattice, tile_system)

        check_leaflet()
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        tile_url = self.parameterAsString(parameters, self.TILE_URL, context).strip()
        tiles = None
        if tile_url:
            system = tile_system(tile_url, TILE_SYSTEM_CHOICES[self.parameterAsEnum(
                parameters, self.TILE_SYSTEM, context)])
            tiles = {"url": tile_url, "system": system,
                     "attribution": self.parameterAsString(parameters, self.TILE_ATTRIBUTION, context)}
            feedback.pushInfo(self.tr("Tiles {0} are taken as {1}.").format(tile_url, system.upper()))
        thresholds = self.read_thresholds(parameters, context, DEFAULT_MINUTES)
        speed = self.parameterAsDouble(parameters, self.WALK_SPEED_KMH, context)
        cell_m = self.parameterAsDouble(parameters, self.CELL_M, context)

        lines = self.read_network_lines(parameters, context, feedback)
        network = self.build_walking_network(lines, parameters, context, feedback)
        crs = lines.crs
        feedback.setProgress(10)
        to_wgs84 = QgsCoordinateTransform(crs, WGS84, context.transformContext())
        to_metric = QgsCoordinateTransform(WGS84, crs, context.transformContext())
        area = self.read_area(parameters, context, feedback, crs, network)

        # The grid: planned (and refused when too large) before any walking is computed.
        lon_min, lat_min, lon_max, lat_max = shapely.bounds(transform_geometries([area], to_wgs84)[0])
        grid = plan_grid(lon_min, lat_min, lon_max, lat_max, cell_m)
        lon, lat = grid.centres()
        centre_xy = transform_xy(np.column_stack([lon, lat]), to_metric)
        inside = shapely.contains_xy(area, centre_xy[:, 0], centre_xy[:, 1])
        feedback.pushInfo(self.tr("Grid: {0} × {1} cells of {2:g} m, {3} inside the map area.").format(
            grid.nx, grid.ny, cell_m, int(inside.sum())))

        facilities, fac_points, services = self.read_facilities(
            parameters, context, feedback, crs, extra_fields=self.facility_fields(parameters, context))
        raise_if_cancelled(feedback)
        feedback.setProgressText(self.tr("Walking minutes from every cell, one pass per service"))

        minutes, result = grid_minutes(
            network, fac_points, services, centre_xy, inside, thresholds, speed,
            self.parameterAsDouble(parameters, self.MAX_SNAP_M, context), DEFAULT_SEARCH_MINUTES,
            progress=progress_between(feedback, 15, 80), cancel=cancel_check(feedback))
        if not np.isfinite(result.facility_snap_m).any():
            raise QgsProcessingException(self.tr(
                "No facility of layer '{0}' lies within {1:g} m of the walking network. Check that the layers "
                "cover the same area and CRS, or raise the snap distance.").format(
                facilities.name, self.parameterAsDouble(parameters, self.MAX_SNAP_M, context)))
        with_minutes = int(np.isfinite(result.snap_m).sum())
        if with_minutes < inside.sum():
            feedback.pushInfo(self.tr(
                "{0} cells inside the area are farther than {1:g} m from the network and show no minutes "
                "(water, large closed sites).").format(
                int(inside.sum()) - with_minutes, self.parameterAsDouble(parameters, self.MAX_SNAP_M, context)))
        self.report_outside(facilities, area, feedback)

        feedback.setProgressText(self.tr("Writing the web map"))
        shift = wgs84_to_gcj02 if tiles and tiles["system"] == TILES_GCJ02 else None

        def display(geometries):
            """Geometries in the metric CRS to what the page draws: lon/lat, shifted onto GCJ-02 tiles."""
            moved = transform_geometries(geometries, to_wgs84)
            if shift is not None and len(moved):
                xy = shapely.get_coordinates(moved)
                moved = shapely.set_coordinates(moved, np.column_stack(shift(xy[:, 0], xy[:, 1])))
            return moved

        step = minute_step(result.search_minutes)
        title = self.parameterAsString(parameters, self.TITLE, context).strip() or "15分钟社区生活圈数字地图"
        generated = datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")
        data = {
            "title": title,
            "generated": generated,
            # Feedback is stored per title, so entries survive a re-export of the same map.
            "mapId": hashlib.sha1(title.encode("utf-8")).hexdigest()[:12],
            "speedKmh": speed,
            "cellM": cell_m,
            "searchMinutes": result.search_minutes,
            "maxSnapM": self.parameterAsDouble(parameters, self.MAX_SNAP_M, context),
            "services": [{"code": s.code, "zh": s.name_zh, "required": s.required} for s in SERVICES],
            "thresholds": {code: thresholds[code] for code in REQUIRED_CODES},
            "grid": dict(grid.as_dict(), codes=list(REQUIRED_CODES), step=step,
                         minutes=encode_minutes(minutes, REQUIRED_CODES, step)),
            "shift": (shift_lattice(lon_min - SHIFT_MARGIN_DEG, lat_min - SHIFT_MARGIN_DEG,
                                    lon_max + SHIFT_MARGIN_DEG, lat_max + SHIFT_MARGIN_DEG) if shift else None),
            "tiles": tiles,
            "boundary": flat_rings(display([area])[0]),
            "streets": self.street_lines(lines, area, display),
            "facilities": self.facility_items(parameters, context, facilities, services, display),
            "projects": self.project_items(parameters, context, feedback, crs, display),
            "units": self.unit_items(parameters, context, feedback, crs, display),
        }
        raise_if_cancelled(feedback)
        index = write_webmap_folder(folder, title, data)
        feedback.pushInfo(self.tr("Web map written: {0} ({1} facilities, {2} planned projects). Open it in any "
                                  "browser, or copy the whole folder to a web host.").format(
            index, len(data["facilities"]), len(data["projects"])))
        feedback.setProgress(100)
        return {self.OUTPUT_FOLDER: folder, self.INDEX: index, self.CELLS: with_minutes,
                self.FACILITIES_SHOWN: len(data["facilities"])}

    def read_area(self, parameters, context, feedback, crs, network):
        """The map area in the working CRS: the boundary polygons dissolved, else the network's extent."""
        import numpy as np
        import shapely

        source = self.source(parameters, self.BOUNDARY, context, required=False)
        if source is None:
            x_min, y_min = network.node_xy.min(axis=0)
            x_max, y_max = network.node_xy.max(axis=0)
            feedback.pushInfo(self.tr("No map area given: the network's extent is used."))
            return shapely.box(x_min, y_min, x_max, y_max)
        data = read_layer(source, source.sourceName(), crs, context, feedback)
        polygons = [g for g in data.geometries if g is not None]
        if not polygons:
            raise QgsProcessingException(self.tr("Map area layer '{0}' has no polygon.").format(data.name))
        return shapely.union_all(shapely.make_valid(np.array(polygons, dtype=object)))

    def facility_fields(self, parameters, context):
        return [self.parameterAsString(parameters, name, context) for name in (self.NAME_FIELD, self.HOURS_FIELD)
                if self.parameterAsString(parameters, name, context)]

    def report_outside(self, facilities, area, feedback):
        import numpy as np
        import shapely

        present = np.array([g is not None for g in facilities.geometries], dtype=bool)
        outside = np.flatnonzero(present & ~shapely.intersects(area, np.where(present, facilities.geometries, None)))
        if len(outside):
            feedback.pushWarning(self.tr(
                "{0} facilities of '{1}' lie outside the map area; they are drawn and still count for the "
                "minutes near the edge: {2}").format(
                len(outside), facilities.name, ", ".join(facilities.describe(i) for i in outside[:20])))

    def street_lines(self, lines, area, display):
        import numpy as np
        import shapely

        walkable = lines.data.geometries[~lines.excluded]
        walkable = walkable[np.array([g is not None for g in walkable], dtype=bool)]
        near = walkable[shapely.intersects(walkable, area.buffer(100.0))]
        simplified = display(shapely.simplify(near, STREET_SIMPLIFY_M))
        return [np.round(shapely.get_coordinates(part), DECIMALS).ravel().tolist()
                for part in shapely.get_parts(simplified)]

    def facility_items(self, parameters, context, facilities, services, display):
        import shapely

        name_field = self.parameterAsString(parameters, self.NAME_FIELD, context) or (
            "name" if "name" in facilities.values else None)
        hours_field = self.parameterAsString(parameters, self.HOURS_FIELD, context)
        missing = [None] * len(facilities)
        names = facilities.values.get(name_field, missing) if name_field else missing
        hours = facilities.values.get(hours_field, missing) if hours_field else missing
        keep = [i for i, g in enumerate(facilities.geometries) if g is not None and services[i]]
        points = display(shapely.point_on_surface(facilities.geometries[keep])) if keep else []
        return [{"lon": round(p.x, DECIMALS), "lat": round(p.y, DECIMALS), "services": list(services[i]),
                 "name": None if names[i] is None else str(names[i]),
                 "hours": None if hours[i] is None else str(hours[i])} for i, p in zip(keep, points)]

    def project_items(self, parameters, context, feedback, crs, display):
        import shapely

        source = self.source(parameters, self.PROJECTS, context, required=False)
        if source is None:
            return []
        present = [f for f in ("name", "kind", "status", "reserve_year", "content")
                   if source.fields().lookupField(f) >= 0]
        data = read_layer(source, source.sourceName(), crs, context, feedback, fields=present)
        values = {f: data.values.get(f, [None] * len(data)) for f in ("name", "kind", "status", "reserve_year",
                                                                        "content")}
        keep = [i for i, g in enumerate(data.geometries) if g is not None
                and values["status"][i] not in ("cancelled", "已取消")]
        shown = display(data.geometries[keep]) if keep else []
        items = []
        for i, geometry in zip(keep, shown):
            kind = values["kind"][i]
            item = {"name": values["name"][i], "kind_zh": KIND_ZH.get(kind, kind or "项目"),
                    "status_zh": STATUS_ZH.get(values["status"][i], values["status"][i]),
                    "year": values["reserve_year"][i], "content": values["content"][i]}
            if geometry.geom_type in ("Polygon", "MultiPolygon"):
                item["rings"] = flat_rings(geometry)
            else:
                point = shapely.point_on_surface(geometry)
                item["point"] = [round(point.x, DECIMALS), round(point.y, DECIMALS)]
            items.append({k: (v if v is None or isinstance(v, (int, float, list)) else str(v))
                          for k, v in item.items()})
        return items

    def unit_items(self, parameters, context, feedback, crs, display):
        units = self.read_units(parameters, context, feedback, crs)
        if units is None:
            return []
        keep = [i for i, g in enumerate(units.geometries) if g is not None]
        shown = display(units.geometries[keep]) if keep else []
        return [{"id": units.ids[i], "rings": flat_rings(g)} for i, g in zip(keep, shown)]
