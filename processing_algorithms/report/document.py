"""The report document: what a report says, in reading order, independent of HTML or PDF.

A ``Report`` is built during ``compute`` (on the algorithm's thread): text, figures, maps (memory layers
from ``maps``), charts and tables (``core.report_content``), the run's parameters and the data sources.
``write_report`` then writes the HTML and the PDF from it on the main thread.
"""
import datetime
import re
from dataclasses import dataclass, field

from qgis.core import (
    Qgis,
    QgsProcessingDestinationParameter,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterMapLayer,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
)
from qgis.PyQt.QtCore import QCoreApplication, QThread

from ...lifecircle_plugin.core.report_content import BarChart, Table, credits_for
from .maps import full_extent, layer_title

translate = QCoreApplication.translate

# A space after a number, before its unit or a following number part, never breaks a line:
# "3,000 人", "310 m²", "82.4 %", "15 分钟".
_NUMBER_SPACE = re.compile(r"(?<=[\d%])[ ](?=(?:m²|m|km|km/h|s|%|人|分钟|个|处|项|名|年|万元|×)(?![A-Za-z]))")


def keep_numbers_whole(text):
    """``text`` with the spaces between a number and its unit made non-breaking."""
    return _NUMBER_SPACE.sub("\u00a0", str(text))


@dataclass
class Figure:
    """One key figure of the headline: a value in large type and what it counts."""

    value: str
    label: str


@dataclass
class MapSection:
    """A titled map: ``layers`` top first, in ``crs`` (the working metric CRS), over ``extent``."""

    title: str
    layers: list
    crs: object
    extent: object
    note: str = ""


@dataclass
class MapGrid:
    """Small maps side by side (one per service, say) sharing one legend: ``maps`` are MapSections whose
    layers share their names and symbols; the legend shows the first map's layers."""

    title: str
    maps: list
    note: str = ""


@dataclass
class Source:
    """One input layer as the sources table lists it (``key`` tells layers apart)."""

    key: str
    roles: list
    layer: str
    provider: str
    source: str
    crs: str
    features: int


@dataclass
class Report:
    """A report of one run: add content in reading order; ``write_report`` writes HTML and PDF.

    ``items`` is a list of (kind, payload): kind is "headline" (str), "figures" (list of Figure),
    "paragraph" (str), "heading" (str), "map" (MapSection), "maps" (MapGrid), "chart" (BarChart) or
    "table" (Table)."""

    title_zh: str
    title_en: str
    items: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    created: str = field(default_factory=lambda: datetime.datetime.now().strftime("%Y-%m-%d %H:%M"))

    @property
    def title(self):
        return f"{self.title_zh} / {self.title_en}"

    # --- content ------------------------------------------------------------------------------

    def add_headline(self, text):
        """The result in one sentence, in large type."""
        self.items.append(("headline", keep_numbers_whole(text)))

    def add_figures(self, figures):
        """Key figures in a row under the headline: Figure(value, label) or (value, label) pairs."""
        figures = [f if isinstance(f, Figure) else Figure(*f) for f in figures]
        self.items.append(("figures", [Figure(keep_numbers_whole(f.value), keep_numbers_whole(f.label))
                                       for f in figures]))

    def add_heading(self, text):
        """A section heading."""
        self.items.append(("heading", str(text)))

    def add_paragraph(self, text):
        """A paragraph of plain text."""
        self.items.append(("paragraph", keep_numbers_whole(text)))

    def add_map(self, title, layers, crs, extent=None, note=""):
        """A map of ``layers`` (top first; None entries are skipped) in ``crs``, the working metric CRS;
        ``extent`` defaults to all layers with a margin. Every layer appears in the legend."""
        self.items.append(("map", self.map_section(title, layers, crs, extent, note)))

    def add_map_grid(self, title, maps, note=""):
        """Small maps side by side: ``maps`` from ``map_section``, their layers named and styled alike."""
        if not maps:
            raise QgsProcessingException(translate("Report", "The report map grid '{0}' has no maps.").format(title))
        self.items.append(("maps", MapGrid(str(title), list(maps), keep_numbers_whole(note))))

    @staticmethod
    def map_section(title, layers, crs, extent=None, note=""):
        """A MapSection (see ``add_map``), for ``add_map_grid``."""
        layers = [layer for layer in layers if layer is not None]
        if not layers:
            raise QgsProcessingException(translate("Report", "The report map '{0}' has no layers.").format(title))
        return MapSection(str(title), layers, crs, extent or full_extent(title, layers), keep_numbers_whole(note))

    def add_chart(self, chart):
        """A BarChart (core.report_content): inline SVG in the HTML, a vector picture in the PDF."""
        if not isinstance(chart, BarChart):
            raise QgsProcessingException(translate("Report", "add_chart takes a BarChart, not {0}.").format(
                type(chart).__name__))
        self.items.append(("chart", chart))

    def add_table(self, table):
        """A Table (core.report_content); its cells keep numbers and units together."""
        if not isinstance(table, Table):
            raise QgsProcessingException(translate("Report", "add_table takes a Table, not {0}.").format(
                type(table).__name__))
        self.items.append(("table", table))

    def add_parameters(self, alg, parameters, context, results):
        """Every parameter of the run, readable (layer names, option texts); input layers also go to the
        data sources. ``results``: the algorithm's outputs, to show where they were written."""
        rows = [(definition.description(), self._parameter_text(alg, definition, parameters, context, results),
                 definition.name()) for definition in alg.parameterDefinitions()]
        self.add_table(Table(translate("Report", "运行参数 / Parameters used"),
                             (translate("Report", "参数 / Parameter"), translate("Report", "取值 / Value"),
                              translate("Report", "代码 / Code")), rows))

    def add_sources(self, layers, role=""):
        """Layers whose data the report shows, listed with provider, source, CRS and credits."""
        for layer in layers:
            if layer is None:
                continue
            memory = layer.providerType() == "memory"
            key = layer.id() if memory or not layer.publicSource() else layer.publicSource()
            for source in self.sources:
                if source.key == key:
                    if role and role not in source.roles:
                        source.roles.append(role)
                    break
            else:
                self.sources.append(Source(
                    key, [role] if role else [], layer_title(layer), layer.providerType(),
                    translate("Report", "临时图层 / temporary layer") if memory else layer.publicSource() or "—",
                    layer.crs().authid() or layer.crs().description() or "—", layer.featureCount()))

    def _parameter_text(self, alg, definition, parameters, context, results):
        name = definition.name()
        if isinstance(definition, QgsProcessingDestinationParameter):
            return self._output_text(results.get(name), context)
        if parameters.get(name) is None and definition.defaultValue() is None:
            return "—"
        if isinstance(definition, (QgsProcessingParameterFeatureSource, QgsProcessingParameterVectorLayer,
                                   QgsProcessingParameterMapLayer)):
            layer = alg.parameterAsVectorLayer(parameters, name, context)
            if layer is None:
                return "—"
            self.add_sources([layer], definition.description())
            return layer_title(layer)
        if isinstance(definition, QgsProcessingParameterEnum):
            index = alg.parameterAsEnum(parameters, name, context)
            options = definition.options()
            return options[index] if 0 <= index < len(options) else str(index)
        if isinstance(definition, QgsProcessingParameterBoolean):
            return (translate("Report", "是 / yes") if alg.parameterAsBoolean(parameters, name, context)
                    else translate("Report", "否 / no"))
        if isinstance(definition, QgsProcessingParameterNumber):
            return f"{alg.parameterAsDouble(parameters, name, context):g}"
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

    # --- what every report ends with ------------------------------------------------------------

    def subtitle_lines(self, version):
        return [translate("Report", "LifeCircle {0} · QGIS {1} · 生成于 / created {2}").format(
            version, Qgis.QGIS_VERSION, self.created)]

    def sources_table(self):
        return Table(translate("Report", "数据来源 / Data sources"),
                     (translate("Report", "用途 / Role"), translate("Report", "图层 / Layer"),
                      translate("Report", "格式 / Provider"), translate("Report", "来源 / Source"),
                      translate("Report", "坐标系 / CRS"), translate("Report", "要素数 / Features")),
                     [("; ".join(s.roles) or "—", s.layer, s.provider, s.source, s.crs, s.features)
                      for s in self.sources], numeric_columns=(5,))

    def credits(self, version):
        return credits_for(source.source for source in self.sources) + [
            translate("Report", "地图由 QGIS {0} 绘制 / Maps rendered by QGIS {0}").format(Qgis.QGIS_VERSION),
            translate("Report", "LifeCircle 15分钟社区生活圈 {0}").format(version)]

    def map_layers(self):
        """Every memory layer the maps draw."""
        for kind, payload in self.items:
            if kind == "map":
                yield from payload.layers
            elif kind == "maps":
                for section in payload.maps:
                    yield from section.layers

    def move_to_thread(self, thread):
        """Hand the map layers to ``thread`` (QObjects belong to the thread that made them; the layout that
        draws them runs on the main thread)."""
        for layer in self.map_layers():
            if layer.thread() != thread and layer.thread() == QThread.currentThread():
                layer.moveToThread(thread)
