"""Styling outputs as they load into QGIS: the QML styles in resources/styles, by output and geometry."""
import os

from qgis.core import QgsProcessingLayerPostProcessorInterface, QgsWkbTypes
from qgis.PyQt.QtCore import QCoreApplication

STYLE_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "styles")
_GEOMETRY_SUFFIX = {QgsWkbTypes.PointGeometry: "point", QgsWkbTypes.LineGeometry: "line",
                    QgsWkbTypes.PolygonGeometry: "polygon"}
# sip deletes a post-processor that Python no longer references before QGIS calls it.
_ALIVE = []
_ALIVE_MAX = 64


def style_path(style, geometry_type=None):
    """resources/styles/<style>_<point|line|polygon>.qml when it exists, else <style>.qml (or None)."""
    suffix = _GEOMETRY_SUFFIX.get(geometry_type)
    for name in ([f"{style}_{suffix}.qml"] if suffix else []) + [f"{style}.qml"]:
        path = os.path.join(STYLE_DIR, name)
        if os.path.exists(path):
            return path
    return None


class QmlStyler(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, style):
        super().__init__()
        self.style = style

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API)
        path = style_path(self.style, layer.geometryType())
        if path is None:
            return
        message, ok = layer.loadNamedStyle(path)
        if not ok:
            feedback.pushWarning(QCoreApplication.translate("QmlStyler", "Style {0} not applied: {1}").format(
                os.path.basename(path), message))
        layer.triggerRepaint()


def style_on_load(context, destination, style):
    """Apply resources/styles/<style>*.qml to an output when Processing loads it into the project."""
    if not destination or not context.willLoadLayerOnCompletion(destination):
        return
    styler = QmlStyler(style)
    _ALIVE.append(styler)
    del _ALIVE[:-_ALIVE_MAX]
    context.layerToLoadOnCompletionDetails(destination).setPostProcessor(styler)
