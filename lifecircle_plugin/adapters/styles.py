"""Outputs made ready as they load into QGIS: the QML styles in resources/styles (by output and geometry)
and the Chinese alias of every field LifeCircle named (core/field_aliases.py)."""
import os

from qgis.core import QgsProcessingLayerPostProcessorInterface, QgsWkbTypes
from qgis.PyQt.QtCore import QCoreApplication

from ..core.field_aliases import alias_zh

STYLE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "resources", "styles")
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


def keep_alive(post_processor):
    """Hold a reference to a layer post-processor until QGIS has called it (sip would delete it before)."""
    _ALIVE.append(post_processor)
    del _ALIVE[:-_ALIVE_MAX]
    return post_processor


def set_aliases(layer):
    """Give every field LifeCircle named its Chinese alias (an alias the user set is kept); the number set."""
    count = 0
    for index, field in enumerate(layer.fields()):
        alias = alias_zh(field.name())
        if alias and not field.alias():
            layer.setFieldAlias(index, alias)
            count += 1
    return count


class QmlStyler(QgsProcessingLayerPostProcessorInterface):
    """Applies a style (when ``style`` is given and has a QML) and the Chinese field aliases."""

    def __init__(self, style=None):
        super().__init__()
        self.style = style

    def clone(self):
        """A fresh copy (staged outputs move to their final paths, which drops the attached post-processors)."""
        return QmlStyler(self.style)

    def postProcessLayer(self, layer, context, feedback):  # QGIS API
        path = style_path(self.style, layer.geometryType()) if self.style else None
        if path is not None:
            message, ok = layer.loadNamedStyle(path)
            if not ok:
                feedback.pushWarning(QCoreApplication.translate("QmlStyler", "Style {0} not applied: {1}").format(
                    os.path.basename(path), message))
        if hasattr(layer, "setFieldAlias"):
            set_aliases(layer)
        layer.triggerRepaint()


def style_on_load(context, destination, style=None):
    """Apply resources/styles/<style>*.qml (when ``style`` is given) and the Chinese field aliases to an
    output when Processing loads it into the project: the one helper every algorithm's outputs go through."""
    if not destination or not context.willLoadLayerOnCompletion(destination):
        return
    context.layerToLoadOnCompletionDetails(destination).setPostProcessor(keep_alive(QmlStyler(style)))


def add_aliases(context, destination):
    """The Chinese field aliases, for an output without a style of its own."""
    style_on_load(context, destination)
