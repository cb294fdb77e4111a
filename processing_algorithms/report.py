"""Reports of LifeCircle's algorithms: one self-contained HTML file and a PDF (QGIS print layout) beside it.

Usage from an algorithm (see ``coverage_report`` for a full example)::

    report = Report("步行覆盖报告", "Walking coverage report")
    report.add_headline(text)
    report.add_map(title, [units, facilities, residents, network], crs)   # top layer first
    report.add_chart(BarChart(...))
    report.add_table(Table(...))
    report.add_parameters(alg, parameters, context, results)   # also lists input layers as sources
    html_path, pdf_path = report.write(path, feedback)

Maps are rendered by QGIS from memory layers (``network_layer``, ``residents_layer``,
``facilities_layer``, ``units_layer``, ``marked_layer``); everything runs headless and inside
qgis_process. Section titles are bilingual source strings translated in the context "Report".
"""
import configparser
import datetime
import math
import os
import tempfile

import numpy as np
import shapely
from qgis.core import (
    Qgis,
    QgsFeature,
    QgsField,
    QgsFillSymbol,
    QgsGeometry,
    QgsLayerTree,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutMultiFrame,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTable,
    QgsLayoutTableColumn,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsLayoutUtils,
    QgsLineSymbol,
    QgsMapRendererCustomPainterJob,
    QgsMapSettings,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsPrintLayout,
    QgsProcessingDestinationParameter,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterMapLayer,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
    QgsProject,
    QgsProviderRegistry,
    QgsRectangle,
    QgsRenderContext,
    QgsScaleBarSettings,
    QgsSymbolLayerUtils,
    QgsTableCell,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMetaObject,
    QObject,
    QRectF,
    QSize,
    Qt,
    QThread,
    pyqtSlot,
)
from qgis.PyQt.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter



from ..lifecircle_plugin.core.coverage import WHOLE_AREA, headline, summarize
from ..lifecircle_plugin.core.report_content import (
    CJK_FONT_STACK,
    SERIES_COLOURS,
    WHOLE_AREA_COLOUR,
    BarChart,
    Table,
    bar_chart_svg,
    credits_for,
    document_html,
    format_share,
    legend_html,
    paragraph_html,
    png_img_html,
    section_html,
    table_html,
)
from ..lifecircle_plugin.core.services import BY_CODE, REQUIRED_CODES, format_services
from .layer_io import raise_if_cancelled, read_layer
from .styles import style_path

# pylupdate5 reads a bare translate("Context", "text") call; a wrapper function would hide the strings.
translate = QCoreApplication.translate

PLUGIN_DIR = os.path.dirname(os.path.dirname(__file__))
CSS_PATH = os.path.join(PLUGIN_DIR, "resources", "report.css")

# The PDF page: A4 portrait, millimetres.
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 15.0
CONTENT_W = PAGE_W - 2 * MARGIN
GAP = 5.0
MM_PER_PT = 25.4 / 72.0
LEGEND_X = 60.0  # the legend starts this far right of the scale bar
TABLE_CHAR_MM = 1.45  # width of a Latin character of the 7.5 pt table text (CJK: 1.8 times)
KEEP_WITH_NEXT = 25.0  # a heading moves to the next page unless this much room follows it
MAP_PX_WIDTH = 1400
MIN_MAP_MARGIN_M = 50.0  # room around what a map shows, in the working CRS's metres


class ReportError(QgsProcessingException):
    """The report cannot be written: the message names the file or item concerned."""


def plugin_version():
    """LifeCircle's version from metadata.txt."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(os.path.join(PLUGIN_DIR, "metadata.txt"), encoding="utf-8")
    return parser.get("general", "version", fallback="?")


def cjk_font_family():
    """The first installed font family able to show Chinese (None when there is none)."""
    installed = set(QFontDatabase().families())
    for family in CJK_FONT_STACK:
        if family in installed:
            return family
    return None


# --- memory layers for the maps -----------------------------------------------------------------


def _layer_type(geometries):
    kinds = {g.geom_type for g in geometries if g is not None and not g.is_empty}
    if kinds <= {"Point"}:
        return "Point"
    if kinds <= {"Point", "MultiPoint"}:
        return "MultiPoint"
    if kinds <= {"LineString", "MultiLineString"}:
        return "MultiLineString"
    if kinds <= {"Polygon", "MultiPolygon"}:
        return "MultiPolygon"
    raise ReportError(translate("Report", "A map layer mixes geometry types ({0}); give one kind of geometry per layer.").format(
        ", ".join(sorted(kinds))))


def shapely_layer(name, geometries, crs, fields=(), rows=None):
    """A memory layer of shapely ``geometries`` (in ``crs``) with ``fields`` [(name, QVariant type)]
    and one row of values per geometry; None or empty geometries are left out."""
    geometries = list(geometries)
    rows = list(rows) if rows is not None else [()] * len(geometries)
    if len(rows) != len(geometries):
        raise ReportError(translate("Report", "Map layer '{0}': {1} rows of values for {2} geometries.").format(
            name, len(rows), len(geometries)))
    layer = QgsVectorLayer(_layer_type(geometries), name, "memory")
    layer.setCrs(crs)
    provider = layer.dataProvider()
    provider.addAttributes([QgsField(n, t) for n, t in fields])
    layer.updateFields()
    features = []
    for geometry, values in zip(geometries, rows):
        if geometry is None or geometry.is_empty:
            continue
        qgs_geometry = QgsGeometry()
        qgs_geometry.fromWkb(shapely.to_wkb(geometry))
        feature = QgsFeature(layer.fields())
        feature.setGeometry(qgs_geometry)
        feature.setAttributes(list(values))
        features.append(feature)
    provider.addFeatures(features)
    layer.updateExtents()
    return layer


def network_layer(network, crs):
    """The walking network's edges (core WalkingNetwork) as thin grey lines."""
    lines = shapely.multilinestrings(network.segments()) if network.edge_count else None
    layer = shapely_layer(translate("Report", "步行网络 / Walking network"), [lines], crs)
    layer.renderer().setSymbol(QgsLineSymbol.createSimple({"color": "150,150,150,255", "width": "0.2"}))
    return layer


def residents_layer(geometries, crs, essentials_reached):
    """Residents coloured by the number of the ten essentials within reach (the coverage QML style)."""
    from qgis.PyQt.QtCore import QVariant

    layer = shapely_layer(translate("Report", "居民（可达必备服务数）/ Residents (essentials within reach)"), geometries, crs,
                          [("n_required_ok", QVariant.Int)], [[int(n)] for n in essentials_reached])
    path = style_path("coverage_residents", layer.geometryType())
    if path:
        message, ok = layer.loadNamedStyle(path)
        if not ok:
            raise ReportError(translate("Report", "Style {0} cannot be applied to the report map: {1}").format(path, message))
    return layer


def facilities_layer(geometries, crs, name=None):
    """Facilities as dark squares (polygons drawn at a point inside them)."""
    points = [None if g is None or g.is_empty else shapely.point_on_surface(g) for g in geometries]
    layer = shapely_layer(name or translate("Report", "设施 / Facilities"), points, crs)
    layer.renderer().setSymbol(QgsMarkerSymbol.createSimple(
        {"name": "square", "color": "8,48,107,255", "outline_color": "255,255,255,255", "size": "2.2"}))
    return layer


def _label_layer(layer, field_name, family, size=9.0, colour="#222222"):
    text = QgsTextFormat()
    text.setFont(QFont(family or QFont().family()))
    text.setSize(size)
    text.setColor(QColor(colour))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor("white"))
    text.setBuffer(buffer)
    settings = QgsPalLayerSettings()
    settings.fieldName = field_name
    settings.setFormat(text)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def units_layer(geometries, crs, unit_ids):
    """Basic units as dashed outlines labelled with their ids."""
    from qgis.PyQt.QtCore import QVariant

    layer = shapely_layer(translate("Report", "基本单元 / Basic units"), geometries, crs, [("unit_id", QVariant.String)],
                          [[None if u is None else str(u)] for u in unit_ids])
    layer.renderer().setSymbol(QgsFillSymbol.createSimple(
        {"color": "0,0,0,0", "outline_color": "40,40,40,255", "outline_width": "0.6", "outline_style": "dash"}))
    _label_layer(layer, "unit_id", cjk_font_family(), size=10.0)
    return layer


def marked_layer(name, geometries, crs, labels=None, colour="#d7301f", shape="star", size=4.5):
    """Points to point out (chosen sites, review findings): large markers with optional labels.

    Polygons and lines are marked at a point on them."""
    from qgis.PyQt.QtCore import QVariant

    points = [None if g is None or g.is_empty else shapely.point_on_surface(g) for g in geometries]
    labels = list(labels) if labels is not None else [None] * len(points)
    layer = shapely_layer(name, points, crs, [("label", QVariant.String)],
                          [[None if text is None else str(text)] for text in labels])
    layer.renderer().setSymbol(QgsMarkerSymbol.createSimple(
        {"name": shape, "color": QColor(colour).name(), "outline_color": "255,255,255,255", "size": str(size)}))
    if any(text is not None for text in labels):
        _label_layer(layer, "label", cjk_font_family(), size=9.0, colour=colour)
    return layer


def layer_title(layer):
    """A layer's name, with its sublayer when it is one table of a file (sample_district › roads)."""
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    sublayer = parts.get("layerName") or ""
    return f"{layer.name()} › {sublayer}" if sublayer and sublayer != layer.name() else layer.name()


# --- map rendering --------------------------------------------------------------------------------


def _full_extent(layers):
    """All layers' features with a margin; a lone point or a straight row gets room around it."""
    drawn = [layer for layer in layers if layer.featureCount()]
    if not drawn:
        raise ReportError(translate("Report", "The map '{0}' has nothing to draw: its layers have no features.").format(
            ", ".join(layer.name() for layer in layers)))
    extent = QgsRectangle(drawn[0].extent())
    for layer in drawn[1:]:
        extent.combineExtentWith(layer.extent())
    margin = max(0.04 * max(extent.width(), extent.height()), MIN_MAP_MARGIN_M)
    return QgsRectangle(extent.xMinimum() - margin, extent.yMinimum() - margin,
                        extent.xMaximum() + margin, extent.yMaximum() + margin)


def _png_bytes(image):
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def _nice_length(metres):
    """The largest 1/2/5 × 10^k not above ``metres``."""
    power = 10 ** math.floor(math.log10(metres))
    return max(m * power for m in (1, 2, 5) if m * power <= metres)


def render_map_png(layers, crs, extent, width_px=MAP_PX_WIDTH):
    """The layers (top first) drawn by QGIS into a PNG (bytes), with a scale bar in the corner."""
    aspect = extent.height() / extent.width()
    size = QSize(width_px, max(200, int(round(width_px * aspect))))
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(crs)
    settings.setOutputSize(size)
    settings.setOutputDpi(160)
    settings.setExtent(extent)
    settings.setBackgroundColor(QColor("white"))
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    settings.setFlag(QgsMapSettings.DrawLabeling, True)
    image = QImage(size, QImage.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    job = QgsMapRendererCustomPainterJob(settings, painter)
    job.renderSynchronously()
    _draw_scale_bar(painter, settings, size)
    painter.end()
    return _png_bytes(image)


def _draw_scale_bar(painter, settings, size):
    metres_per_px = settings.mapUnitsPerPixel() * QgsUnitTypes.fromUnitToUnitFactor(
        settings.destinationCrs().mapUnits(), QgsUnitTypes.DistanceMeters)
    length_m = _nice_length(size.width() * 0.2 * metres_per_px)
    length_px = length_m / metres_per_px
    x, y = 24, size.height() - 28
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.fillRect(QRectF(x - 8, y - 30, length_px + 90, 44), QColor(255, 255, 255, 210))
    painter.fillRect(QRectF(x, y - 6, length_px / 2, 6), QColor("black"))
    painter.setPen(QColor("black"))
    painter.drawRect(QRectF(x, y - 6, length_px, 6))
    font = QFont(cjk_font_family() or QFont().family())
    font.setPixelSize(18)
    painter.setFont(font)
    painter.drawText(int(x), int(y - 10), "0")
    label = f"{length_m / 1000:g} km" if length_m >= 1000 else f"{length_m:g} m"
    painter.drawText(int(x + length_px - 8), int(y - 10), label)


def legend_entries(layers):
    """(PNG of the symbol or None for a heading, label) for the HTML legend, layer by layer."""
    entries = []
    for layer in layers:
        items = [item for item in layer.renderer().legendSymbolItems() if item.symbol() is not None]
        if len(items) == 1:
            entries.append((_symbol_png(items[0].symbol()), layer.name()))
            continue
        entries.append((None, layer.name()))
        entries.extend((_symbol_png(item.symbol()), item.label()) for item in items)
    return entries


def _symbol_png(symbol):
    pixmap = QgsSymbolLayerUtils.symbolPreviewPixmap(symbol, QSize(18, 18))
    return _png_bytes(pixmap.toImage())


class _MainThreadCall(QObject):
    """A function called from the application's main thread (see ``on_main_thread``)."""

    def __init__(self, function):
        super().__init__()
        self.function = function
        self.result = None
        self.error = None

    @pyqtSlot()
    def call(self):
        try:
            self.result = self.function()
        except Exception as err:  # handed back to the worker thread, which raises it
            self.error = err


def on_main_thread(function):
    """Call ``function`` on the main thread and return its result, waiting for it.

    Print layouts are graphics scenes, which Qt allows only on the main thread; QGIS's own layout
    export algorithms never run in a background thread. The Processing dialog runs algorithms in
    one while the main thread keeps its event loop turning, which is what answers this call."""
    application = QCoreApplication.instance()
    if application is None or QThread.currentThread() == application.thread():
        return function()
    caller = _MainThreadCall(function)
    caller.moveToThread(application.thread())
    QMetaObject.invokeMethod(caller, "call", Qt.BlockingQueuedConnection)
    if caller.error is not None:
        raise caller.error
    return caller.result


# --- the report ---------------------------------------------------------------------------------


class Report:
    """A report of one run: add headline, maps, charts and tables in reading order, then ``write``.

    The HTML embeds everything (maps as PNG, charts as SVG, CSS) so that it is one file; the PDF
    is a QGIS print layout of the same content (maps as vector, tables flowing over pages).
    """

    def __init__(self, title_zh, title_en):
        self.title = f"{title_zh} / {title_en}"
        self.created = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        self.items = []  # (kind, payload) in reading order
        self.sources = []  # (role, layer)
        self.font_family = cjk_font_family()

    # adding content

    def add_headline(self, text):
        """A sentence in large type: the result in one line."""
        self.items.append(("headline", str(text)))

    def add_paragraph(self, text):
        """A paragraph of plain text."""
        self.items.append(("paragraph", str(text)))

    def add_map(self, title, layers, crs, extent=None):
        """A map of ``layers`` (top first) in ``crs``, the working metric CRS; ``extent`` defaults to all
        layers, with a margin."""
        layers = [layer for layer in layers if layer is not None]
        if not layers:
            raise ReportError(translate("Report", "The map '{0}' has no layers.").format(title))
        extent = extent or _full_extent(layers)
        self.items.append(("map", {"title": str(title), "layers": layers, "crs": crs, "extent": extent,
                                   "png": render_map_png(layers, crs, extent)}))

    def add_chart(self, chart):
        """A BarChart (core.report_content): inline SVG in the HTML, a vector picture in the PDF."""
        if not isinstance(chart, BarChart):
            raise ReportError(translate("Report", "add_chart takes a BarChart, not {0}.").format(type(chart).__name__))
        self.items.append(("chart", chart))

    def add_table(self, table):
        """A Table (core.report_content)."""
        if not isinstance(table, Table):
            raise ReportError(translate("Report", "add_table takes a Table, not {0}.").format(type(table).__name__))
        self.items.append(("table", table))

    def add_parameters(self, alg, parameters, context, results=None):
        """Every parameter of the run, readable (layer names, option texts); input layers also go
        to the data sources. ``results``: the algorithm's outputs, to show where they were written."""
        rows = []
        for definition in alg.parameterDefinitions():
            name = definition.name()
            value = self._parameter_text(alg, definition, parameters, context, results or {})
            rows.append((definition.description(), value, name))
        self.add_table(Table(translate("Report", "运行参数 / Parameters used"),
                             (translate("Report", "参数 / Parameter"), translate("Report", "取值 / Value"), translate("Report", "代码 / Code")), rows))

    def _parameter_text(self, alg, definition, parameters, context, results):
        name = definition.name()
        if (parameters.get(name) is None and definition.defaultValue() is None
                and not isinstance(definition, QgsProcessingDestinationParameter)):
            return "—"
        if isinstance(definition, (QgsProcessingParameterFeatureSource, QgsProcessingParameterVectorLayer,
                                   QgsProcessingParameterMapLayer)):
            layer = alg.parameterAsVectorLayer(parameters, name, context)
            if layer is None:
                return "—"
            self.sources.append((definition.description(), layer))
            return layer_title(layer)
        if isinstance(definition, QgsProcessingParameterEnum):
            index = alg.parameterAsEnum(parameters, name, context)
            options = definition.options()
            return options[index] if 0 <= index < len(options) else str(index)
        if isinstance(definition, QgsProcessingParameterBoolean):
            return translate("Report", "是 / yes") if alg.parameterAsBoolean(parameters, name, context) else translate("Report", "否 / no")
        if isinstance(definition, QgsProcessingParameterNumber):
            return f"{alg.parameterAsDouble(parameters, name, context):g}"
        if isinstance(definition, QgsProcessingDestinationParameter):
            return self._output_text(results.get(name), context)
        return alg.parameterAsString(parameters, name, context) or "—"

    @staticmethod
    def _output_text(value, context):
        if value is None:
            return translate("Report", "未写出 / not written")
        if isinstance(value, str):
            layer = QgsProcessingUtils.mapLayerFromString(value, context, False)
            if layer is not None and layer.providerType() == "memory":
                return translate("Report", "临时图层 / temporary layer")
            return value
        return str(value)

    def add_sources(self, layers, role=""):
        """Layers whose data the report shows, listed with provider, source and credits."""
        for layer in layers:
            if layer is not None:
                self.sources.append((role, layer))

    # writing

    def write(self, html_path, feedback=None):
        """Write the HTML at ``html_path`` and the PDF beside it (same name, .pdf): (html, pdf)."""
        base, extension = os.path.splitext(html_path)
        if extension.lower() not in (".html", ".htm"):
            raise ReportError(translate("Report", "Give the report a name ending in .html, not '{0}'; the PDF is written "
                                  "beside it with the same name.").format(html_path))
        pdf_path = base + ".pdf"
        folder = os.path.dirname(os.path.abspath(html_path))
        if not os.path.isdir(folder):
            raise ReportError(translate("Report", "The report's folder '{0}' does not exist; create it or choose another "
                                  "path.").format(folder))
        if self.font_family is None and feedback is not None:
            feedback.pushWarning(translate("Report", "No Chinese font is installed: Chinese text in the PDF may show as boxes. "
                                     "Install fonts-noto-cjk (Debian/Ubuntu) or any CJK font."))
        with open(CSS_PATH, encoding="utf-8") as css_file:
            css = css_file.read()
        try:
            with open(html_path, "w", encoding="utf-8") as out:
                out.write(document_html(self.title, self._subtitle_lines(), self._html_sections(), css))
        except OSError as err:
            raise ReportError(translate("Report", "Cannot write the report '{0}': {1}").format(html_path, err)) from err
        on_main_thread(lambda: self._write_pdf(pdf_path))
        return html_path, pdf_path

    def _subtitle_lines(self):
        return [translate("Report", "LifeCircle {0} · QGIS {1} · 生成于 / created {2}").format(
            plugin_version(), Qgis.QGIS_VERSION, self.created)]

    def _unique_sources(self):
        """(roles, layer) per distinct layer source, in order of first mention."""
        seen = {}
        for role, layer in self.sources:
            key = layer.publicSource() or layer.id()
            roles, _layer = seen.setdefault(key, ([], layer))
            if role and role not in roles:
                roles.append(role)
        return list(seen.values())

    def _sources_table(self):
        rows = []
        for roles, layer in self._unique_sources():
            rows.append(("; ".join(roles) or "—", layer_title(layer), layer.providerType(),
                         layer.publicSource() or "—", layer.crs().authid() or layer.crs().description(),
                         layer.featureCount()))
        return Table(translate("Report", "数据来源 / Data sources"),
                     (translate("Report", "用途 / Role"), translate("Report", "图层 / Layer"), translate("Report", "格式 / Provider"), translate("Report", "来源 / Source"),
                      translate("Report", "坐标系 / CRS"), translate("Report", "要素数 / Features")), rows, numeric_columns=(5,))

    def _credits(self):
        credits = credits_for(layer.publicSource() for _roles, layer in self._unique_sources())
        return credits + [translate("Report", "地图由 QGIS {0} 绘制 / Maps rendered by QGIS {0}").format(Qgis.QGIS_VERSION),
                          translate("Report", "LifeCircle 15分钟社区生活圈 {0}").format(plugin_version())]

    def _html_sections(self):
        sections = []
        for kind, payload in self.items:
            if kind == "headline":
                sections.append(paragraph_html(payload, "headline"))
            elif kind == "paragraph":
                sections.append(paragraph_html(payload))
            elif kind == "map":
                body = (f'<figure>{png_img_html(payload["png"], payload["title"])}'
                        f'<figcaption>{legend_html(legend_entries(payload["layers"]))}</figcaption></figure>')
                sections.append(section_html(payload["title"], body))
            elif kind == "chart":
                sections.append(f"<figure>{bar_chart_svg(payload)}</figure>")
            elif kind == "table":
                sections.append(table_html(payload))
        sections.append(section_html(translate("Report", "数据来源 / Data sources"), table_html(self._sources_table())))
        credits = "\n".join(paragraph_html(text, "credits") for text in self._credits())
        sections.append(section_html(translate("Report", "版权与致谢 / Credits"), credits))
        return sections

    def _write_pdf(self, pdf_path):
        project = QgsProject()
        layout = _FlowLayout(project, self.font_family)
        with tempfile.TemporaryDirectory(prefix="lifecircle-report-") as scratch:
            layout.label(self.title, 16, bold=True)
            for line in self._subtitle_lines():
                layout.label(line, 8.5, colour="#555555")
            for index, (kind, payload) in enumerate(self.items):
                if kind == "headline":
                    layout.label(payload, 12, bold=True, colour="#1f4e79")
                elif kind == "paragraph":
                    layout.label(payload, 9)
                elif kind == "map":
                    layout.map(payload["title"], payload["layers"], payload["crs"], payload["extent"])
                elif kind == "chart":
                    svg_path = os.path.join(scratch, f"chart{index}.svg")
                    with open(svg_path, "w", encoding="utf-8") as svg:
                        svg.write(bar_chart_svg(payload, font_family=self.font_family))
                    layout.picture(svg_path, _svg_aspect(payload))
                elif kind == "table":
                    layout.table(payload)
            layout.table(self._sources_table())
            layout.label(translate("Report", "版权与致谢 / Credits"), 11, bold=True, keep_with_next=KEEP_WITH_NEXT)
            for text in self._credits():
                layout.label(text, 8.5)
            layout.export(pdf_path)


def _svg_aspect(chart):
    svg = bar_chart_svg(chart)
    head = svg[:200]
    width = float(head.split('width="')[1].split('"')[0])
    height = float(head.split('height="')[1].split('"')[0])
    return height / width


MIN_TABLE_ROW_MM = 2.5


class _FlowLayout:
    """A print layout filled top to bottom like a document: items go below each other, new A4 pages
    as needed, tables split over pages between rows."""

    def __init__(self, project, font_family):
        self.project = project
        self.family = font_family or QFont().family()
        self.layout = QgsPrintLayout(project)
        self.layout.initializeDefaults()
        self.layout.pageCollection().page(0).setPageSize(QgsLayoutSize(PAGE_W, PAGE_H))
        self.page = 0
        self.y = MARGIN
        self.keep = []  # layer trees and frames Python must keep alive until export
        # Tables are measured in a layout that is never exported.
        self.scratch = QgsPrintLayout(project)
        self.scratch.initializeDefaults()

    def _font(self, size, bold=False):
        font = QFont(self.family)
        font.setPointSizeF(size)
        font.setBold(bold)
        return font

    def _text_format(self, size, bold=False):
        text = QgsTextFormat()
        text.setFont(self._font(size, bold))
        text.setSize(size)
        return text

    def _new_page(self):
        page = QgsLayoutItemPage(self.layout)
        page.setPageSize(QgsLayoutSize(PAGE_W, PAGE_H))
        self.layout.pageCollection().addPage(page)
        self.page += 1
        self.y = MARGIN

    def _room_for(self, height):
        if self.y + height > PAGE_H - MARGIN and self.y > MARGIN:
            self._new_page()

    def _place(self, item, height, x=MARGIN, width=CONTENT_W):
        item.attemptResize(QgsLayoutSize(width, height))
        item.attemptMove(QgsLayoutPoint(x, self.y), page=self.page)

    def label(self, text, size, bold=False, colour="#222222", keep_with_next=0.0):
        """A text block across the page; its height is estimated from the text length.

        ``keep_with_next``: room (mm) that must follow on the same page (headings)."""
        em = size * MM_PER_PT
        chars_per_line = CONTENT_W / (0.55 * em)
        lines = sum(max(1, math.ceil(_display_width(line) / chars_per_line)) for line in text.split("\n"))
        height = lines * em * 1.45 + 1.0
        self._room_for(height + keep_with_next)
        item = QgsLayoutItemLabel(self.layout)
        item.setText(text)
        item.setFont(self._font(size, bold))
        item.setFontColor(QColor(colour))
        item.setMarginX(0)
        item.setMarginY(0)
        item.setHAlign(Qt.AlignLeft)
        self.layout.addLayoutItem(item)
        self._place(item, height)
        self.y += height + 1.5

    def map(self, title, layers, crs, extent):
        """A titled map, framed, with a scale bar below it and a legend beside the scale bar."""
        self.label(title, 11, bold=True, keep_with_next=80.0)
        height = min(CONTENT_W * extent.height() / extent.width(), 150.0)
        legend = QgsLayoutItemLegend(self.layout)
        legend.setTitle(translate("Report", "图例 / Legend"))
        legend.setAutoUpdateModel(False)
        tree = QgsLayerTree()
        for layer in layers:
            tree.addLayer(layer)
        self.keep.append(tree)
        legend.model().setRootGroup(tree)
        for style in (QgsLegendStyle.Title, QgsLegendStyle.Group, QgsLegendStyle.Subgroup,
                      QgsLegendStyle.SymbolLabel):
            legend.setStyleFont(style, self._font(10 if style == QgsLegendStyle.Title else 8,
                                                  bold=style != QgsLegendStyle.SymbolLabel))
        legend.setColumnCount(2)
        legend.setSymbolHeight(3.5)
        legend.setSymbolWidth(5.0)
        self.layout.addLayoutItem(legend)
        # The legend sizes itself only once painted: measure it now, as QGIS would.
        context = QgsLayoutUtils.createRenderContextForLayout(self.layout, None)
        legend_size = QgsLegendRenderer(legend.model(), legend.legendSettings()).minimumSize(context)
        legend.attemptResize(QgsLayoutSize(legend_size.width(), legend_size.height()))
        legend_height = legend_size.height()
        self._room_for(height + GAP + legend_height + (0.0 if legend_size.width() <= CONTENT_W - LEGEND_X
                                                       else 12.0))
        item = QgsLayoutItemMap(self.layout)
        item.setCrs(crs)
        item.setLayers(layers)
        item.setKeepLayerSet(True)
        item.setFrameEnabled(True)
        item.setBackgroundColor(QColor("white"))
        self.layout.addLayoutItem(item)
        self._place(item, height)
        item.zoomToExtent(extent)
        self.y += height + 2.0
        scale_bar = QgsLayoutItemScaleBar(self.layout)
        scale_bar.setLinkedMap(item)
        scale_bar.applyDefaultSettings()
        scale_bar.setStyle("Single Box")
        scale_bar.setUnits(QgsUnitTypes.DistanceMeters)
        scale_bar.setUnitLabel("m")
        scale_bar.setNumberOfSegments(2)
        scale_bar.setNumberOfSegmentsLeft(0)
        scale_bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeFitWidth)
        scale_bar.setMinimumBarWidth(20)
        scale_bar.setMaximumBarWidth(40)
        scale_bar.setTextFormat(self._text_format(8))
        self.layout.addLayoutItem(scale_bar)
        scale_bar.attemptMove(QgsLayoutPoint(MARGIN, self.y), page=self.page)
        scale_bar.resizeToMinimumWidth()
        legend.setLinkedMap(item)
        scale_bar_height = scale_bar.sizeWithUnits().height()
        if legend_size.width() <= CONTENT_W - LEGEND_X:
            legend.attemptMove(QgsLayoutPoint(MARGIN + LEGEND_X, self.y), page=self.page)
            self.y += max(legend_height, scale_bar_height) + GAP
        else:
            self.y += scale_bar_height + 2.0
            legend.attemptMove(QgsLayoutPoint(MARGIN, self.y), page=self.page)
            self.y += legend_height + GAP

    def picture(self, svg_path, aspect):
        """An SVG (a chart) across the page."""
        height = CONTENT_W * aspect
        if height > PAGE_H - 2 * MARGIN:
            height = PAGE_H - 2 * MARGIN
        self._room_for(height)
        item = QgsLayoutItemPicture(self.layout)
        item.setResizeMode(QgsLayoutItemPicture.Zoom)
        item.setPicturePath(svg_path, QgsLayoutItemPicture.FormatSVG)
        self.layout.addLayoutItem(item)
        width = min(CONTENT_W, height / aspect)
        self._place(item, height, width=width)
        self.y += height + GAP

    def _manual_table(self, layout, table, rows, widths):
        """A ManualTable of ``rows`` in ``layout``, formatted like every report table, without frames."""
        multi = QgsLayoutItemManualTable.create(layout)
        layout.addMultiFrame(multi)
        multi.setHeaders([QgsLayoutTableColumn(str(h)) for h in table.headers])
        multi.setIncludeTableHeader(True)
        contents = []
        for row in rows:
            cells = []
            for column, value in enumerate(row):
                text = table.cell_text(value)
                cell = QgsTableCell(_break_long_words(text, widths[column]) if widths else text)
                if column in table.numeric_columns:
                    cell.setHorizontalAlignment(Qt.AlignRight)
                cells.append(cell)
            contents.append(cells)
        multi.setTableContents(contents)
        multi.setHeaderTextFormat(self._text_format(8, bold=True))
        multi.setContentTextFormat(self._text_format(7.5))
        multi.setCellMargin(1.0)
        multi.setGridStrokeWidth(0.15)
        multi.setGridColor(QColor("#999999"))
        multi.setHeaderHAlignment(QgsLayoutTable.HeaderLeft)
        multi.setResizeMode(QgsLayoutMultiFrame.UseExistingFrames)
        if widths:
            multi.setColumnWidths(widths)
            multi.setWrapBehavior(QgsLayoutTable.WrapText)
        return multi

    def _add_frame(self, layout, multi, height, page=0, y=0.0):
        frame = QgsLayoutFrame(layout, multi)
        frame.attemptResize(QgsLayoutSize(CONTENT_W, height))
        frame.attemptMove(QgsLayoutPoint(MARGIN, y), page=page)
        multi.addFrame(frame)
        self.keep.append(frame)
        return frame

    def _fits(self, table, rows, widths, height):
        """Whether QGIS shows all ``rows`` (with the header) in a frame ``height`` mm tall.

        A QGIS table reports as its height the frames it needs; with a 1 mm probe frame after
        the first, the total exceeds ``height`` exactly when the rows overflow the first frame."""
        probe = self._manual_table(self.scratch, table, rows, widths)
        self._add_frame(self.scratch, probe, height)
        self._add_frame(self.scratch, probe, 1.0)
        probe.refreshAttributes()
        return probe.totalHeight() <= height + 1e-6

    def _rows_fitting(self, table, rows, widths, height):
        """How many of ``rows``, from the first, fit in ``height`` mm (bisection on the count)."""
        # No row is lower than one line of table text: searching past that count only costs time.
        low, high = 0, min(len(rows), int(height / MIN_TABLE_ROW_MM) + 1)
        while low < high:
            middle = (low + high + 1) // 2
            if self._fits(table, rows[:middle], widths, height):
                low = middle
            else:
                high = middle - 1
        return low

    def _height_needed(self, table, rows, widths, most):
        """The frame height (mm, to 0.5 mm) that shows ``rows`` whole; ``most`` is known to suffice."""
        low, high = 0.0, most
        while high - low > 0.5:
            middle = (low + high) / 2
            if self._fits(table, rows, widths, middle):
                high = middle
            else:
                low = middle
        return high

    def table(self, table):
        """A titled table, split between rows over as many pages as it needs (header on each page)."""
        self.label(table.title, 11, bold=True, keep_with_next=KEEP_WITH_NEXT)
        if not table.rows:
            self.label(translate("Report", "无 / none"), 8.5)
            return
        widths = None
        probe = self._manual_table(self.scratch, table, table.rows, None)
        probe.recalculateTableSize()
        if probe.totalWidth() > CONTENT_W:
            widths = _column_widths(table, CONTENT_W - 2.0 * len(table.headers))
        rows = table.rows
        while True:
            available = PAGE_H - MARGIN - self.y
            count = self._rows_fitting(table, rows, widths, available)
            if count == 0:
                if self.y > MARGIN + 12.0:
                    self._new_page()
                    continue
                raise ReportError(translate("Report", "Table '{0}' has a row too tall for a page.").format(table.title))
            chunk, rows = rows[:count], rows[count:]
            height = available if rows else self._height_needed(table, chunk, widths, available)
            multi = self._manual_table(self.layout, table, chunk, widths)
            self._add_frame(self.layout, multi, height, self.page, self.y)
            multi.refreshAttributes()
            if not rows:
                self.y += height + GAP
                return
            self._new_page()

    def export(self, pdf_path):
        exporter = QgsLayoutExporter(self.layout)
        settings = QgsLayoutExporter.PdfExportSettings()
        settings.dpi = 200
        settings.rasterizeWholeImage = False
        settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText
        result = exporter.exportToPdf(pdf_path, settings)
        if result != QgsLayoutExporter.Success:
            raise ReportError(translate("Report", "QGIS could not write the PDF '{0}' (export error {1}: {2}).").format(
                pdf_path, int(result), exporter.errorMessage()))


def _display_width(text):
    """Width of a text in Latin-character units (a CJK character counts 1.8)."""
    return sum(1.8 if ord(ch) > 0x2E80 else 1 for ch in text)


def _column_widths(table, width):
    """Column widths (mm) summing to ``width``: each column at least as wide as its longest word (up to
    a third of ``width``), the rest shared by how much more room each column's longest text wants."""
    texts = [[str(h)] + [table.cell_text(row[i]) for row in table.rows] for i, h in enumerate(table.headers)]
    least = [min(width / 3, TABLE_CHAR_MM * max(_display_width(word) for text in column for word in text.split()
                                                or [""])) for column in texts]
    wanted = [TABLE_CHAR_MM * max(_display_width(text) for text in column) for column in texts]
    spare = width - sum(least)
    if spare <= 0:
        return [w * width / sum(least) for w in least]
    extra = [max(0.0, w - low) for w, low in zip(wanted, least)]
    if sum(extra) <= 0:
        return [low + spare / len(least) for low in least]
    return [low + spare * e / sum(extra) for low, e in zip(least, extra)]


def _break_long_words(text, width_mm):
    """Cut words wider than ``width_mm`` into lines, since QGIS wraps table text only at spaces."""
    capacity = max(1, int(width_mm / TABLE_CHAR_MM))
    lines = []
    for line in text.split("\n"):
        words = []
        for word in line.split(" "):
            while _display_width(word) > capacity:
                cut, used = 0, 0
                while cut < len(word) and used + _display_width(word[cut]) <= capacity:
                    used += _display_width(word[cut])
                    cut += 1
                words.append(word[:cut] + "\n")
                word = word[cut:]
            words.append(word)
        lines.append(" ".join(words).replace("\n ", "\n"))
    return "\n".join(lines)


# --- the walking-coverage report -----------------------------------------------------------------

# Shanghai 2035 master plan: 99% of residents with community services within 15 minutes.
COVERAGE_TARGET = 0.99
MAX_UNITS_PER_SERVICE_CHART = 6


def _service_label(code):
    service = BY_CODE.get(code)
    return f"{service.name_zh} {code}" if service else code


def _read_units(alg, parameters, context, feedback, crs):
    """The basic units' polygons and ids in ``crs`` (None when no unit layer is given)."""
    source = alg.source(parameters, alg.UNITS, context, required=False)
    if source is None:
        return None
    id_field = alg.parameterAsString(parameters, alg.UNIT_ID_FIELD, context)
    units = read_layer(source, source.sourceName(), crs, context, feedback, fields=[id_field])
    return units.geometries, units.values[id_field]


def coverage_report(alg, parameters, context, feedback, html_path, network, crs, facilities, demand, result,
                    population, unit_ids, results):
    """The walking-coverage report (lifecircle:walkingcoverage): map of residents by essentials within
    reach, charts per service and unit, tables, parameters and sources. Returns (html, pdf) paths."""
    population = np.asarray(population, dtype=float)
    share, total = headline(result, population)
    rows = summarize(result, population, unit_ids)
    units = sorted({row.unit_id for row in rows} - {WHOLE_AREA})
    columns = units + [WHOLE_AREA]
    by_key = {(row.unit_id, row.service): row for row in rows}
    unit_header = {u: u for u in units}
    unit_header[WHOLE_AREA] = translate("Report", "全域 / whole area")
    essentials = [code for code in REQUIRED_CODES if code in result.services]

    report = Report("15分钟社区生活圈步行覆盖报告", "15-minute walking coverage report")
    report.add_headline(translate("Report", "{0} 的 {1:,.0f} 名居民可在各自步行阈值内到达全部十项必备服务 / {0} of {1:,.0f} "
                            "residents reach all ten essentials within their thresholds.").format(
        format_share(share), total))

    raise_if_cancelled(feedback)
    unit_layer = None
    unit_data = _read_units(alg, parameters, context, feedback, crs)
    if unit_data is not None:
        unit_layer = units_layer(unit_data[0], crs, unit_data[1])
    report.add_map(
        translate("Report", "各居民点步行可达的必备服务数 / Essentials within walking reach of each resident"),
        [unit_layer, facilities_layer(facilities.geometries, crs),
         residents_layer(demand.geometries, crs, result.required_ok_count()), network_layer(network, crs)], crs)
    raise_if_cancelled(feedback)

    per_unit_series = columns if len(units) <= MAX_UNITS_PER_SERVICE_CHART else [WHOLE_AREA]
    colours = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(per_unit_series) - 1)]
    report.add_chart(BarChart(
        translate("Report", "各项必备服务覆盖率 / Coverage of each essential service"),
        [_service_label(code) for code in essentials],
        [(unit_header[u], [by_key[(u, code)].share for code in essentials]) for u in per_unit_series],
        target=COVERAGE_TARGET, target_label=translate("Report", "2035 目标 99% / 2035 target 99%"),
        colours=colours + [WHOLE_AREA_COLOUR]))
    if len(essentials) == len(REQUIRED_CODES):
        report.add_chart(BarChart(
            translate("Report", "各单元十项必备全达比例 / Residents reaching all ten essentials, by unit"),
            [unit_header[u] for u in columns],
            [(translate("Report", "十项全达 / all ten"), [by_key[(u, "all_required")].share for u in columns])],
            target=COVERAGE_TARGET, target_label=translate("Report", "2035 目标 99% / 2035 target 99%")))

    whole = {code: by_key[(WHOLE_AREA, code)] for code in result.services}
    headline_rows = [(BY_CODE[code].name_zh, BY_CODE[code].name_en, result.thresholds[code],
                      result.facilities_per_service.get(code, 0), whole[code].covered_population,
                      format_share(whole[code].share)) for code in essentials]
    if len(essentials) == len(REQUIRED_CODES):
        all_ten = by_key[(WHOLE_AREA, "all_required")]
        headline_rows.append((translate("Report", "十项全达"), translate("Report", "all ten essentials"), None, None,
                              all_ten.covered_population, format_share(all_ten.share)))
    report.add_table(Table(
        translate("Report", "十项必备服务（全域）/ The ten essentials, whole area"),
        (translate("Report", "服务"), translate("Report", "Service"), translate("Report", "阈值（分钟）/ Threshold (min)"), translate("Report", "设施数 / Facilities"),
         translate("Report", "覆盖人口 / Residents covered"), translate("Report", "覆盖率 / Share")),
        headline_rows, numeric_columns=(2, 3, 4, 5)))

    offered = [code for code in result.services
               if code in essentials or result.facilities_per_service.get(code, 0) > 0]
    unit_rows = [(translate("Report", "居民 / residents"),) + tuple(by_key[(u, offered[0])].population for u in columns)]
    for code in offered + (["all_required"] if len(essentials) == len(REQUIRED_CODES) else []):
        label = _service_label(code) if code != "all_required" else translate("Report", "十项全达 / all ten")
        unit_rows.append((label,) + tuple(format_share(by_key[(u, code)].share) for u in columns))
    missing = [code for code in result.services if code not in offered]
    note = translate("Report", "十美服务中无任何设施的未列出 / Enhancements without any facility are left out: {0}").format(
        format_services(missing, "zh")) if missing else ""
    report.add_table(Table(
        translate("Report", "各单元各项服务覆盖率 / Coverage by unit and service"),
        (translate("Report", "服务 / Service"),) + tuple(unit_header[u] for u in columns), unit_rows, note=note,
        numeric_columns=tuple(range(1, len(columns) + 1))))

    report.add_parameters(alg, parameters, context, dict(results, **{alg.OUTPUT_REPORT: html_path}))
    raise_if_cancelled(feedback)
    return report.write(html_path, feedback)
