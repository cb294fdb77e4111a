"""lifecircle:serviceareas — polygons of the ground reachable on foot from facilities, per band."""
from qgis.core import (
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..lifecircle_plugin.core.defaults import DEFAULT_BANDS_MIN, DEFAULT_BUFFER_M
from ..lifecircle_plugin.core.services import BY_CODE, format_services
from .base import LifeCircleAlgorithm, decimals
from ..lifecircle_plugin.adapters.layer_io import cancel_check, progress_between, raise_if_cancelled
from ..lifecircle_plugin.adapters.styles import add_aliases, style_on_load

# numpy, shapely and the core's engines are imported in the methods that use them (see provider.py).


class ServiceAreasAlgorithm(LifeCircleAlgorithm):
    NAME = "serviceareas"
    GROUP_ID = "analysis"
    ICON = "serviceareas.svg"

    BANDS = "BANDS"
    PER_FACILITY = "PER_FACILITY"
    BUFFER_M = "BUFFER_M"
    OUTPUT = "OUTPUT"
    OUTPUT_UNREACHABLE = "OUTPUT_UNREACHABLE"

    def displayName(self):
        return self.tr("Walking catchments (service areas)")

    def group(self):
        return self.tr("Life-circle analysis")

    def shortHelpString(self):
        return self.tr(
            "Polygons of the ground reachable on foot from facilities within one or several time bands "
            "(default 5, 10 and 15 minutes), one per service or one per facility.\n\n"
            "Each polygon is built from the walking network itself: the streets walked within the band, "
            "whole or the part reached from each end, widened by a walkable buffer. Nothing is interpolated "
            "between streets, so a river crossed only at bridges, or a facility on a detached part of the "
            "network (island), gives the shape the walk really has. Bands nest: the 5-minute polygon lies "
            "inside the 10-minute one.\n\n"
            "Services: codes or Chinese names separated by commas (e.g. health,为老服务); empty for every "
            "service the facilities offer. Dissolved (default): one polygon per service and band, walking "
            "from all its facilities at once. Per facility: one polygon per facility, service and band.\n\n"
            "With a residents layer, 'population' sums the residents whose access point is reached within "
            "the band over the network (not those merely inside the polygon: a buffer may spill across a "
            "wall or river the walk does not cross).\n\n"
            "Facilities farther than the snap distance from the network, or without geometry, are listed "
            "in the second output with the reason.")

    def initAlgorithm(self, config=None):
        self.add_network_parameters()
        self.add_facility_parameters()
        self.add_services_parameter()
        self.addParameter(QgsProcessingParameterString(
            self.BANDS, self.tr("Bands (minutes, comma separated)"),
            defaultValue=",".join(f"{b:g}" for b in DEFAULT_BANDS_MIN)))
        self.addParameter(QgsProcessingParameterBoolean(
            self.PER_FACILITY, self.tr("One polygon per facility (else dissolved per service)"),
            defaultValue=False))
        self.addParameter(decimals(QgsProcessingParameterNumber(
            self.BUFFER_M, self.tr("Walkable buffer on each side of the walked streets (m)"),
            QgsProcessingParameterNumber.Double, defaultValue=DEFAULT_BUFFER_M, minValue=1.0, maxValue=500.0), 1))
        self.add_demand_parameters(optional=True)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Walking catchments"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_UNREACHABLE, self.tr("Facilities that cannot be reached"), QgsProcessing.TypeVectorPoint,
            optional=True, createByDefault=True))

    def bands(self, parameters, context):
        from ..lifecircle_plugin.core.catchments import BandsError, parse_bands

        text = self.parameterAsString(parameters, self.BANDS, context)
        try:
            return parse_bands(text)
        except BandsError as err:
            if err.entry is None:
                raise QgsProcessingException(self.tr(
                    "No band given: list the minutes of each band, e.g. 5,10,15.")) from err
            raise QgsProcessingException(self.tr(
                "Band '{0}' in '{1}' is not a positive number of minutes: list the minutes of each band "
                "separated by commas, e.g. 5,10,15.").format(err.entry, text)) from err

    def compute(self, parameters, context, feedback):
        from ..lifecircle_plugin.core.catchments import service_areas
        from ..lifecircle_plugin.core.routing import attach_points

        bands = self.bands(parameters, context)
        network, crs = self.read_network(parameters, context, feedback)
        output_crs = self.parameterAsSource(parameters, self.NETWORK, context).sourceCrs()
        feedback.setProgress(20)
        facilities, fac_points, services = self.read_facilities(parameters, context, feedback, crs)
        codes = self.chosen_services(parameters, context, facilities, services)
        demand = population = res_points = None
        if self.parameterAsSource(parameters, self.DEMAND, context) is not None:
            demand, res_points, population = self.read_demand(parameters, context, feedback, crs)
            snap = self.parameterAsDouble(parameters, self.MAX_SNAP_M, context)
            self.warn_beyond_snap(demand, res_points, attach_points(network, res_points.xy, snap).attached, snap,
                                  feedback)
        per_facility = self.parameterAsBoolean(parameters, self.PER_FACILITY, context)
        feedback.setProgress(25)
        feedback.setProgressText(self.tr("Walking from the facilities and drawing the catchments"))

        result = service_areas(
            network, fac_points, services, bands, services=codes, per_facility=per_facility,
            buffer_m=self.parameterAsDouble(parameters, self.BUFFER_M, context),
            speed_kmh=self.parameterAsDouble(parameters, self.WALK_SPEED_KMH, context),
            max_snap_m=self.parameterAsDouble(parameters, self.MAX_SNAP_M, context),
            demand=res_points, population=population, progress=progress_between(feedback, 25, 85),
            cancel=cancel_check(feedback))
        self.log_outcome(result, facilities, feedback, parameters, context)

        to_output = QgsCoordinateTransform(crs, output_crs, context.transformContext())
        outputs = {}
        outputs.update(self.write_catchments(parameters, context, feedback, result, facilities, output_crs,
                                             to_output))
        if self.output_requested(parameters, self.OUTPUT_UNREACHABLE, context):
            outputs.update(self.write_unreachable(parameters, context, feedback, result, facilities, services,
                                                  output_crs, to_output))
        feedback.pushInfo(self.tr("{0} catchment polygon(s) for {1} service(s) and bands {2} min ({3}).").format(
            len(result.catchments), len(result.services), ", ".join(f"{b:g}" for b in result.bands_min),
            self.tr("per facility") if per_facility else self.tr("dissolved per service")))
        feedback.setProgress(100)
        return outputs

    def log_outcome(self, result, facilities, feedback, parameters, context):
        import numpy as np

        snap = self.parameterAsDouble(parameters, self.MAX_SNAP_M, context)
        if not result.catchments:
            raise QgsProcessingException(self.tr(
                "No facility of layer '{0}' offering the chosen services lies within {1:g} m of the walking "
                "network. Check that the layers cover the same area and CRS, or raise the snap distance."
                ).format(facilities.name, snap))
        if result.unreachable:
            feedback.pushWarning(self.tr(
                "{0} facilities of '{1}' cannot be reached (farther than {2:g} m from the network, or without "
                "geometry) and have no catchment: {3}").format(
                len(result.unreachable), facilities.name, snap,
                ", ".join(facilities.describe(i) for i, _ in result.unreachable[:20])))
        on_island = np.flatnonzero(result.facility_island > 0)
        if len(on_island):
            feedback.pushWarning(self.tr(
                "{0} facilities of '{1}' sit on a detached part of the network (island); their catchments "
                "cover only that part: {2}").format(
                len(on_island), facilities.name, ", ".join(facilities.describe(i) for i in on_island[:20])))
        for code in result.services:
            if result.facilities_per_service[code] == 0:
                feedback.pushWarning(self.tr(
                    "No facility offering {0} {1} reaches the network: that service has no catchment.").format(
                    code, BY_CODE[code].name_zh))

    def write_catchments(self, parameters, context, feedback, result, facilities, output_crs, to_output):
        import numpy as np
        import shapely

        from ..lifecircle_plugin.core.catchments import NOT_DISSOLVED

        fields = QgsFields()
        for name, kind in (("service", QVariant.String), ("service_zh", QVariant.String),
                           ("band_min", QVariant.Double), ("facility_fid", QVariant.LongLong),
                           ("facility_name", QVariant.String), ("area_m2", QVariant.Double),
                           ("population", QVariant.Double)):
            fields.append(QgsField(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields,
                                          QgsWkbTypes.MultiPolygon, output_crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        names = facilities.values.get("name", [None] * len(facilities))
        for count, catchment in enumerate(result.catchments):
            if count % 100 == 0:
                raise_if_cancelled(feedback)
            dissolved = catchment.facility == NOT_DISSOLVED
            polygon = catchment.geometry
            if polygon.geom_type == "Polygon":
                polygon = shapely.MultiPolygon([polygon])
            out = QgsFeature(fields)
            out.setGeometry(self.output_geometry(polygon, to_output))
            out.setAttributes([
                catchment.service, BY_CODE[catchment.service].name_zh, float(catchment.band_min),
                None if dissolved else int(facilities.fids[catchment.facility]),
                None if dissolved else names[catchment.facility],
                catchment.area_m2,
                None if np.isnan(catchment.population) else float(catchment.population)])
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        style_on_load(context, dest, "catchments")
        return {self.OUTPUT: dest}

    def write_unreachable(self, parameters, context, feedback, result, facilities, services, output_crs,
                          to_output):
        import shapely

        from ..lifecircle_plugin.core.catchments import REASON_BEYOND_SNAP, REASON_NO_GEOMETRY

        fields = QgsFields()
        for name, kind in (("fid", QVariant.LongLong), ("name", QVariant.String),
                           ("services", QVariant.String), ("reason", QVariant.String)):
            fields.append(QgsField(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_UNREACHABLE, context, fields,
                                          QgsWkbTypes.Point, output_crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_UNREACHABLE))
        snap = self.parameterAsDouble(parameters, self.MAX_SNAP_M, context)
        reasons = {
            REASON_BEYOND_SNAP: self.tr("farther than {0:g} m from the walking network").format(snap),
            REASON_NO_GEOMETRY: self.tr("no geometry"),
        }
        names = facilities.values.get("name", [None] * len(facilities))
        for count, (index, reason) in enumerate(result.unreachable):
            if count % 1000 == 0:
                raise_if_cancelled(feedback)
            out = QgsFeature(fields)
            shape = facilities.geometries[index]
            if shape is not None:
                out.setGeometry(self.output_geometry(shapely.point_on_surface(shape), to_output))
            out.setAttributes([int(facilities.fids[index]), names[index], format_services(services[index]),
                               reasons[reason]])
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        add_aliases(context, dest)
        return {self.OUTPUT_UNREACHABLE: dest}

    def output_geometry(self, shape, to_output):
        """A shapely geometry in the working CRS as a QgsGeometry in the output CRS."""
        import shapely

        geometry = QgsGeometry()
        geometry.fromWkb(shapely.to_wkb(shape))
        if not to_output.isShortCircuited() and geometry.transform(to_output) != 0:
            raise QgsProcessingException(self.tr(
                "A catchment cannot be transformed to {0}. Check the network layer's CRS.").format(
                to_output.destinationCrs().authid()))
        return geometry
