"""lifecircle:preparenetwork — clean a walking network once (filter, noding, gaps, islands) for reuse."""
from qgis.core import (
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingUtils,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from .base import EXCLUDED_BY_EXPRESSION, EXCLUDED_BY_OSM_TAGS, LifeCircleAlgorithm
from ..lifecircle_plugin.adapters.layer_io import checked_features, raise_if_cancelled
from ..lifecircle_plugin.adapters.styles import style_on_load

# numpy, shapely and the core's engines are imported in the methods that use them (see provider.py).

# OSM tags quoted in the reason a way was left out.
OSM_REASON_TAGS = ("highway", "foot", "access")
_CANCEL_CHECK_EVERY = 1000
_LOGGED_ISLANDS = 10
_LOGGED_IDS = 10


class PrepareNetworkAlgorithm(LifeCircleAlgorithm):
    NAME = "preparenetwork"
    GROUP_ID = "data"
    ICON = "preparenetwork.svg"

    OUTPUT = "OUTPUT"
    OUTPUT_EXCLUDED = "OUTPUT_EXCLUDED"
    EDGE_COUNT = "EDGE_COUNT"
    ISLAND_COUNT = "ISLAND_COUNT"
    EXCLUDED_COUNT = "EXCLUDED_COUNT"

    def displayName(self):
        return self.tr("Prepare walking network")

    def group(self):
        return self.tr("Data preparation")

    def shortHelpString(self):
        return self.tr(
            "Cleans a walking network once, so that it can be checked on the map and reused: leaves out what "
            "cannot be walked (the exclusion expression, or OpenStreetMap rules when the layer has a 'highway' "
            "field: foot=no, expressways, motorways, construction), splits lines at every crossing when asked "
            "(CAD/survey lines; OpenStreetMap lines join only at shared vertices, so bridges stay apart), "
            "joins line ends closer than the gap tolerance to another line, drops duplicate and zero-length "
            "pieces and flags the parts that are cut off from the rest (islands).\n\n"
            "Output: one line per edge, in the network layer's CRS, with edge_id, source_fid (the input "
            "feature; NULL for gap connectors), length_m, cost_factor, island (0 = the main, largest part) "
            "and is_connector. Optionally, the input features left out with the reason. The log counts "
            "crossings split, gaps closed, duplicates and zero-length pieces dropped, and lists the islands "
            "with their sizes.\n\n"
            "To reuse the output as the walking network of the other tools, choose: Line junctions = shared "
            "vertices only, gap tolerance 0 (already closed), cost factor field 'cost_factor'. Walking "
            "distances are then the same as on the raw layer with the cleaning options used here.")

    def initAlgorithm(self, config=None):
        self.add_network_cleaning_parameters(settings_advanced=False)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Prepared walking network"), QgsProcessing.TypeVectorLine))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_EXCLUDED, self.tr("Lines left out"), QgsProcessing.TypeVectorLine, optional=True,
            createByDefault=True))
        self.addOutput(QgsProcessingOutputNumber(self.EDGE_COUNT, self.tr("Edges")))
        self.addOutput(QgsProcessingOutputNumber(self.ISLAND_COUNT, self.tr("Islands (parts cut off the main one)")))
        self.addOutput(QgsProcessingOutputNumber(self.EXCLUDED_COUNT, self.tr("Input lines left out")))

    def compute(self, parameters, context, feedback):
        source = self.source(parameters, self.NETWORK, context)
        lines = self.read_network_lines(parameters, context, feedback)
        feedback.setProgress(30)
        network = self.build_walking_network(lines, parameters, context, feedback)
        feedback.setProgress(60)
        self.report_islands(network, feedback)

        outputs = self.write_edges(parameters, context, feedback, source, lines, network)
        reasons = self.exclusion_reasons(parameters, context, lines)
        outputs.update(self.write_excluded(parameters, context, feedback, source, lines, reasons))
        if reasons:
            feedback.pushInfo(self.tr("{0} input feature(s) left out: {1}{2}").format(
                len(reasons), "; ".join(f"{lines.data.describe(i)}: {reason}"
                                        for i, reason in list(reasons.items())[:_LOGGED_IDS]),
                " …" if len(reasons) > _LOGGED_IDS else ""))
        feedback.pushInfo(self.tr(
            "Reuse: set this layer as the walking network with Line junctions = shared vertices only, gap "
            "tolerance 0 and cost factor field 'cost_factor'."))
        outputs[self.EDGE_COUNT] = network.edge_count
        outputs[self.ISLAND_COUNT] = network.report.components - 1
        outputs[self.EXCLUDED_COUNT] = len(reasons)
        feedback.setProgress(100)
        return outputs

    def report_islands(self, network, feedback):
        """Log every part of the network with its edges and length, the main part first."""
        import numpy as np

        component = network.edge_component()
        edges = np.bincount(component, minlength=network.report.components)
        length_km = np.bincount(component, weights=network.edge_length, minlength=network.report.components) / 1000
        feedback.pushInfo(self.tr("Main part: {0} edges, {1:.2f} km.").format(int(edges[0]), length_km[0]))
        if network.report.components > 1:
            shown = range(1, min(network.report.components, _LOGGED_ISLANDS + 1))
            feedback.pushWarning(self.tr("{0} island(s) cut off the main part: {1}{2}").format(
                network.report.components - 1,
                "; ".join(self.tr("island {0}: {1} edges, {2:.0f} m").format(k, int(edges[k]), 1000 * length_km[k])
                          for k in shown),
                " …" if network.report.components - 1 > _LOGGED_ISLANDS else ""))

    def exclusion_reasons(self, parameters, context, lines):
        """Why each input feature was left out: {index in lines.data: reason}."""
        import numpy as np

        data = lines.data
        reasons = {}
        expression = self.parameterAsExpression(parameters, self.EXCLUDE_EXPRESSION, context)
        for i in np.flatnonzero(lines.excluded):
            if lines.exclusion_rule == EXCLUDED_BY_EXPRESSION:
                reasons[int(i)] = self.tr("excluded by the expression {0}").format(expression)
            elif lines.exclusion_rule == EXCLUDED_BY_OSM_TAGS:
                tags = ", ".join(f"{key}={data.values[key][i]}" for key in OSM_REASON_TAGS
                                 if key in data.values and data.values[key][i] not in (None, ""))
                reasons[int(i)] = self.tr("not walkable by its OpenStreetMap tags ({0})").format(tags)
        for i, geometry in enumerate(data.geometries):
            if i not in reasons and (geometry is None or geometry.is_empty):
                reasons[i] = self.tr("no geometry")
        return dict(sorted(reasons.items()))

    def node_points(self, context, lines, network, target_crs):
        """Node coordinates transformed from the working CRS back to the network layer's CRS."""
        if lines.crs == target_crs:
            return [QgsPointXY(x, y) for x, y in network.node_xy]
        transform = QgsCoordinateTransform(lines.crs, target_crs, context.transformContext())
        return [transform.transform(QgsPointXY(x, y)) for x, y in network.node_xy]

    def write_edges(self, parameters, context, feedback, source, lines, network):
        import numpy as np

        fields = QgsFields()
        for name, kind in (("edge_id", QVariant.Int), ("source_fid", QVariant.LongLong), ("length_m", QVariant.Double),
                           ("cost_factor", QVariant.Double), ("island", QVariant.Int),
                           ("is_connector", QVariant.Bool)):
            fields.append(QgsField(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.LineString,
                                          source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        points = self.node_points(context, lines, network, source.sourceCrs())
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where(network.edge_length > 0, network.edge_cost / network.edge_length, 1.0)
        island = network.edge_component()
        for e in range(network.edge_count):
            if e % _CANCEL_CHECK_EVERY == 0:
                raise_if_cancelled(feedback)
                feedback.setProgress(60 + 35 * e / network.edge_count)
            owner = int(network.edge_feature[e])
            out = QgsFeature(fields)
            out.setGeometry(QgsGeometry.fromPolylineXY([points[network.edge_u[e]], points[network.edge_v[e]]]))
            out.setAttributes([e, int(lines.data.fids[owner]) if owner >= 0 else None,
                               float(network.edge_length[e]), float(factor[e]), int(island[e]), owner < 0])
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        style_on_load(context, dest, "prepared_network")
        return {self.OUTPUT: dest}

    def write_excluded(self, parameters, context, feedback, source, lines, reasons):
        """The input features left out, with the reason; skipped when that output is not asked for."""
        extra = QgsFields()
        extra.append(QgsField("reason", QVariant.String))
        fields = QgsProcessingUtils.combineFields(source.fields(), extra)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_EXCLUDED, context, fields, source.wkbType(),
                                          source.sourceCrs())
        if sink is None:
            if parameters.get(self.OUTPUT_EXCLUDED) not in (None, ""):
                raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_EXCLUDED))
            return {}
        reason_of_fid = {int(lines.data.fids[i]): reason for i, reason in reasons.items()}
        request = QgsFeatureRequest().setFilterFids(list(reason_of_fid))
        # the lines read_network_lines kept: their validity was checked then
        for count, feature in enumerate(checked_features(source, request, lines.data.name, context, feedback,
                                                         check_validity=False)):
            if count % _CANCEL_CHECK_EVERY == 0:
                raise_if_cancelled(feedback)
            out = QgsFeature(fields)
            out.setGeometry(feature.geometry())
            out.setAttributes(feature.attributes() + [reason_of_fid[feature.id()]])
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        style_on_load(context, dest, "excluded_lines")
        return {self.OUTPUT_EXCLUDED: dest}
