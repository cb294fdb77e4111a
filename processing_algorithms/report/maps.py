"""Map layers of the reports: shapely geometries into styled memory layers, and the report's font.

Every function returns a QgsVectorLayer that a ``MapSection`` draws (top layer first). Names are the
legend's labels, bilingual source strings translated in the context "Report".
"""
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProcessingException,
    QgsProviderRegistry,
    QgsRectangle,
    QgsRendererCategory,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayerSimpleLabeling,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant
from qgis.PyQt.QtGui import QColor, QFont, QFontDatabase

from ...lifecircle_plugin.core.report_content import CJK_FONT_STACK
from ...lifecircle_plugin.adapters.memory_layer import memory_layer
from ...lifecircle_plugin.adapters.styles import style_path

# shapely is imported in the functions using it: QGIS's start loads this module (with the Processing provider),
# shapely loads when an algorithm runs.

# pylupdate5 reads a bare translate("Context", "text") call; a wrapper function would hide the strings.
translate = QCoreApplication.translate

MIN_MAP_MARGIN_M = 50.0  # room around what a map shows, in the working CRS's metres


def cjk_font_family():
    """The installed font family that shows Chinese best (None when none can).

    Qt names a family in the system's language (文泉驿微米黑 under a Chinese locale, WenQuanYi Micro Hei
    otherwise), so the fonts are found by what they can write, and CJK_FONT_STACK only orders them."""
    database = QFontDatabase()
    chinese = database.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not chinese:
        return None
    for family in CJK_FONT_STACK:
        if family in chinese:
            return family
    proportional = [family for family in chinese if not database.isFixedPitch(family)]
    return (proportional or chinese)[0]


def report_font(size_pt, bold=False, family=None):
    """The report's font (Chinese-capable when installed) at ``size_pt`` points."""
    font = QFont(family or cjk_font_family() or QFont().family())
    font.setPointSizeF(size_pt)
    font.setBold(bold)
    return font


def network_layer(network, crs):
    """The walking network's edges (core WalkingNetwork) as thin grey lines."""
    import shapely

    lines = shapely.multilinestrings(network.segments()) if network.edge_count else None
    layer = memory_layer(translate("Report", "步行网络 / Walking network"), [lines], crs)
    layer.renderer().setSymbol(QgsLineSymbol.createSimple({"color": "150,150,150,255", "width": "0.2"}))
    return layer


def residents_layer(geometries, crs, essentials_reached):
    """Residents coloured by the number of the ten essentials within reach (the coverage QML style)."""
    layer = memory_layer(translate("Report", "居民（可达十全服务数）/ Residents (essentials within reach)"),
                          geometries, crs, [("n_required_ok", QVariant.Int)], [[int(n)] for n in essentials_reached])
    path = style_path("coverage_residents", layer.geometryType())
    if path:
        message, ok = layer.loadNamedStyle(path)
        if not ok:
            raise QgsProcessingException(translate(
                "Report", "Style {0} cannot be applied to the report map: {1}").format(path, message))
    return layer


def categorized_layer(name, geometries, crs, values, categories, point_size=1.2, outlined=False, opacity=1.0,
                      shape="circle"):
    """Points, lines or polygons coloured by a value per geometry; ``categories``: [(value, legend label,
    colour)] in legend order. ``outlined``: points and polygons get a thin outline; ``opacity`` below 1 lets
    what lies under polygons show through; ``shape``: the marker of points."""
    layer = memory_layer(name, geometries, crs, [("category", QVariant.String)], [[str(v)] for v in values])
    kind = layer.geometryType()
    renderer_categories = []
    for value, label, colour in categories:
        if kind == QgsWkbTypes.PointGeometry:
            symbol = QgsMarkerSymbol.createSimple(dict(
                {"name": shape, "color": colour, "size": str(point_size)},
                **({"outline_color": "255,255,255,255"} if outlined else {"outline_style": "no"})))
        elif kind == QgsWkbTypes.LineGeometry:
            symbol = QgsLineSymbol.createSimple({"color": colour, "width": "0.6"})
        else:
            symbol = QgsFillSymbol.createSimple(dict(
                {"color": colour},
                **({"outline_color": "90,90,90,255", "outline_width": "0.1"} if outlined else {"outline_style": "no"})))
        symbol.setOpacity(opacity if kind == QgsWkbTypes.PolygonGeometry else 1.0)
        renderer_categories.append(QgsRendererCategory(str(value), symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("category", renderer_categories))
    return layer


def two_class_layer(name, geometries, crs, flags, true_label, false_label, true_colour, false_colour):
    """Points or polygons in two colours by a flag per geometry (e.g. residents beyond or within reach)."""
    return categorized_layer(name, geometries, crs, [int(bool(f)) for f in flags],
                             [(1, true_label, true_colour), (0, false_label, false_colour)])


def context_layer(name, geometries, crs, colour):
    """Background features (parks, transit stops, streets) in one colour: points as small squares, lines as
    lines, polygons as a light fill."""
    layer = memory_layer(name, geometries, crs)
    kind = layer.geometryType()
    if kind == QgsWkbTypes.PointGeometry:
        symbol = QgsMarkerSymbol.createSimple({"name": "square", "color": colour, "outline_style": "no",
                                               "size": "1.4"})
    elif kind == QgsWkbTypes.LineGeometry:
        symbol = QgsLineSymbol.createSimple({"color": colour, "width": "0.6"})
    else:
        symbol = QgsFillSymbol.createSimple({"color": colour, "outline_style": "no"})
    layer.renderer().setSymbol(symbol)
    return layer


def facilities_layer(geometries, crs, name=None, colour="8,48,107,255", size=2.2):
    """Facilities as dark squares (polygons drawn at a point inside them)."""
    import shapely

    points = [None if g is None or g.is_empty else shapely.point_on_surface(g) for g in geometries]
    layer = memory_layer(name or translate("Report", "设施 / Facilities"), points, crs)
    layer.renderer().setSymbol(QgsMarkerSymbol.createSimple(
        {"name": "square", "color": colour, "outline_color": "255,255,255,255", "size": str(size)}))
    return layer


def label_layer(layer, field_name, size=9.0, colour="#222222", expression=False):
    """Label every feature of ``layer`` with ``field_name`` (or an expression) in the report's font, with a
    white halo; no label is left out for lack of room."""
    text = QgsTextFormat()
    text.setFont(report_font(size))
    text.setSize(size)
    text.setColor(QColor(colour))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor("white"))
    text.setBuffer(buffer)
    settings = QgsPalLayerSettings()
    settings.fieldName = field_name
    settings.isExpression = expression
    settings.setFormat(text)
    settings.displayAll = True  # every feature labelled, even where labels crowd (projects a metre apart)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def units_layer(units, crs, name=None):
    """Basic units (``BasicUnits`` of the base class) as dashed outlines labelled with their ids."""
    layer = memory_layer(name or translate("Report", "基本单元 / Basic units"), units.geometries, crs,
                          [("unit_id", QVariant.String)], [[u] for u in units.ids])
    layer.renderer().setSymbol(QgsFillSymbol.createSimple(
        {"color": "0,0,0,0", "outline_color": "40,40,40,255", "outline_width": "0.6", "outline_style": "dash"}))
    label_layer(layer, "unit_id", size=10.0)
    return layer


def flagged_units_layer(units, crs, failing, name):
    """The units in ``failing`` (ids) hatched in red: units that break a rule."""
    keep = [i for i, unit_id in enumerate(units.ids) if unit_id in set(failing)]
    layer = memory_layer(name, [units.geometries[i] for i in keep], crs)
    layer.renderer().setSymbol(QgsFillSymbol.createSimple(
        {"color": "215,48,31,60", "outline_color": "215,48,31,255", "outline_width": "0.8"}))
    return layer


def marked_layer(name, geometries, crs, labels=None, colour="#d7301f", shape="star", size=4.5):
    """Points to point out (chosen sites, projects): large markers with optional labels.

    Polygons and lines are marked at a point on them."""
    import shapely

    points = [None if g is None or g.is_empty else shapely.point_on_surface(g) for g in geometries]
    labels = list(labels) if labels is not None else [None] * len(points)
    layer = memory_layer(name, points, crs, [("label", QVariant.String)],
                          [[None if text is None else str(text)] for text in labels])
    layer.renderer().setSymbol(QgsMarkerSymbol.createSimple(
        {"name": shape, "color": QColor(colour).name(), "outline_color": "255,255,255,255", "size": str(size)}))
    if any(text is not None for text in labels):
        label_layer(layer, "label", size=8.0, colour=colour)
    return layer


def layer_title(layer):
    """A layer's name, with its sublayer when it is one table of a file (sample_district › roads)."""
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    sublayer = parts.get("layerName") or ""
    return f"{layer.name()} › {sublayer}" if sublayer and sublayer != layer.name() else layer.name()


def full_extent(title, layers):
    """All layers' features with a margin; a lone point or a straight row gets room around it."""
    drawn = [layer for layer in layers if layer.featureCount()]
    if not drawn:
        raise QgsProcessingException(translate(
            "Report", "The report map '{0}' has nothing to draw: its layers ({1}) have no features.").format(
            title, ", ".join(layer.name() for layer in layers)))
    extent = QgsRectangle(drawn[0].extent())
    for layer in drawn[1:]:
        extent.combineExtentWith(layer.extent())
    margin = max(0.04 * max(extent.width(), extent.height()), MIN_MAP_MARGIN_M)
    return QgsRectangle(extent.xMinimum() - margin, extent.yMinimum() - margin,
                        extent.xMaximum() + margin, extent.yMaximum() + margin)
