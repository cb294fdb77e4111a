"""lifecircle:blueprintmap — the community blueprint as a print-ready map (一图) with the 3-year reserve table."""
import os

from qgis.core import (
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProject,
)
from qgis.PyQt.QtCore import QSize

from ..lifecircle_plugin.adapters import blueprint_layer
from ..lifecircle_plugin.core.annual_list import reserve_list
from ..lifecircle_plugin.core.report_content import SERIES_COLOURS, Table, credits_for
from ..lifecircle_plugin.core.services import BY_CODE, SERVICE_CODES
from .base import LifeCircleAlgorithm
from ..lifecircle_plugin.adapters.layer_io import raise_if_cancelled, working_crs
from .report.document import MapSection
from .report.layout import PdfLayout, add_map_item, add_scale_bar
from .report.maps import categorized_layer, full_extent, label_layer, layer_title, report_font, units_layer
from .report.writer import plugin_version, written_together

# numpy, shapely and the core's engines are imported in the methods that use them (see provider.py).

# (width, height) in mm of the paper choices, in the order of the PAPER option list.
PAPERS = ((420.0, 297.0), (297.0, 420.0), (297.0, 210.0), (210.0, 297.0))
MARGIN = 12.0
SEVERAL = "several"
# Reserve table columns: (column key of core.annual_list, numeric).
RESERVE_COLUMNS = (("index", True), ("unit_id", False), ("project_id", False), ("name", False),
                   ("kind", False), ("status", False), ("floor_area_m2", True), ("budget_wan", True),
                   ("implementer", False))


class BlueprintMapAlgorithm(LifeCircleAlgorithm):
    NAME = "blueprintmap"
    GROUP_ID = "blueprint"
    ICON = "blueprintmap.svg"

    INPUT = "INPUT"
    PAPER = "PAPER"
    DPI = "DPI"
    OUTPUT_PDF = "OUTPUT_PDF"
    OUTPUT_PNG = "OUTPUT_PNG"

    def flags(self):
        # Print layouts are Qt graphics scenes, which run on the main thread only (as QGIS's own layout exports).
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def displayName(self):
        return self.tr("Blueprint map for print")

    def group(self):
        return self.tr("Community blueprint")

    def shortHelpString(self):
        return self.tr(
            "The community blueprint as a print-ready map, the 一图 that residents and the three meetings "
            "(一图三会) read: projects coloured by kind and drawn by status, each labelled with its id and name; "
            "basic units; existing facilities by service; the street's name and the plan years as title; legend, "
            "scale bar, north arrow and the data sources. A second page lists the 3-year reserve plan as a "
            "table by year (projects, floor area, budget, implementing body, with subtotals).\n\n"
            "Paper: A3 or A4, landscape or portrait. Outputs: a PDF (both pages) and, optionally, the map page "
            "as PNG at the chosen resolution. The street and plan years come from the blueprint GeoPackage; "
            "STREET and FIRST_YEAR override them (and are needed for layers stored elsewhere).")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Blueprint projects layer"), [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterString(
            self.STREET, self.tr("Street or town (empty: from the blueprint's metadata)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.FIRST_YEAR, self.tr("First year of the plan (empty: from the blueprint's metadata)"),
            QgsProcessingParameterNumber.Integer, optional=True, minValue=2000, maxValue=2100))
        self.add_unit_parameters()
        self.add_facility_parameters(optional=True)
        self.addParameter(QgsProcessingParameterEnum(
            self.PAPER, self.tr("Paper"),
            options=[self.tr("A3 landscape"), self.tr("A3 portrait"), self.tr("A4 landscape"),
                     self.tr("A4 portrait")], defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.DPI, self.tr("Resolution of the PNG (dpi)"), QgsProcessingParameterNumber.Integer,
            defaultValue=200, minValue=72, maxValue=600))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_PDF, self.tr("Blueprint map (PDF)"), self.tr("PDF files (*.pdf)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_PNG, self.tr("Blueprint map page (PNG)"), self.tr("PNG images (*.png)"), optional=True,
            createByDefault=False))

    # --- the run -----------------------------------------------------------------------------

    def compute(self, parameters, context, feedback):
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        pdf_path = self.parameterAsFileOutput(parameters, self.OUTPUT_PDF, context)
        png_path = self.parameterAsFileOutput(parameters, self.OUTPUT_PNG, context)
        for path, extension in ((pdf_path, ".pdf"), (png_path, ".png")):
            if path and os.path.splitext(path)[1].lower() != extension:
                raise QgsProcessingException(self.tr("Give the file '{0}' a name ending in {1}.").format(
                    path, extension))
        window = self.street_plan_window(parameters, context, layer)
        if layer.featureCount() == 0 or not layer.crs().isValid():
            raise QgsProcessingException(self.tr(
                "Layer '{0}' has no project to draw (or no coordinate reference system); add projects to the "
                "blueprint first.").format(layer.name()))
        crs = working_crs(layer, layer.name(), context, feedback)
        _, records = blueprint_layer.layer_records(layer)
        reserve = reserve_list(records, window)
        feedback.setProgress(10)

        projects = layer.clone()
        projects.setName(self.tr("蓝图项目（按类型与状态）/ Blueprint projects by kind and status"))
        blueprint_layer.configure_layer(projects, window)
        label_layer(projects, "coalesce(\"project_id\", '') || ' ' || coalesce(\"name\", '')", size=7.5,
                    expression=True)
        layers = [projects]
        units = self.read_units(parameters, context, feedback, crs)
        if units is not None:
            layers.append(units_layer(units, crs))
        facilities = self.facilities_by_service(parameters, context, feedback, crs)
        if facilities is not None:
            layers.insert(1, facilities)
        raise_if_cancelled(feedback)
        feedback.setProgress(30)

        project = QgsProject()
        page_size = PAPERS[self.parameterAsEnum(parameters, self.PAPER, context)]
        pdf = PdfLayout(project, page_size=page_size, margin=MARGIN, table_pt=9.0 if max(page_size) > 300 else 7.5)
        self.map_page(pdf, window, layers, crs, units)
        self.reserve_pages(pdf, window, reserve, records)
        raise_if_cancelled(feedback)
        feedback.setProgress(60)

        outputs = {}
        with written_together([path for path in (pdf_path, png_path) if path]) as staged:
            pdf.export_pdf(staged[pdf_path])
            if png_path:
                self.export_map_png(pdf, staged[png_path], self.parameterAsInt(parameters, self.DPI, context))
            raise_if_cancelled(feedback)
        outputs[self.OUTPUT_PDF] = pdf_path
        feedback.pushInfo(self.tr("Written: {0}").format(pdf_path))
        if png_path:
            outputs[self.OUTPUT_PNG] = png_path
            feedback.pushInfo(self.tr("Written: {0}").format(png_path))
        feedback.pushInfo(self.tr("{0}: {1} project(s) on the map, {2} on the {3} reserve list.").format(
            window.street, layer.featureCount(), len(reserve.project_rows), window.label_zh))
        feedback.setProgress(100)
        return outputs

    def facilities_by_service(self, parameters, context, feedback, crs):
        """Existing facilities as a memory layer coloured by their service (one colour for several)."""
        import shapely

        if self.parameterAsSource(parameters, self.FACILITIES, context) is None:
            return None
        data, _points, services = self.read_facilities(parameters, context, feedback, crs)
        keys = [codes[0] if len(codes) == 1 else SEVERAL if codes else None for codes in services]
        points = [None if g is None or g.is_empty else shapely.point_on_surface(g) for g in data.geometries]
        present = [code for code in SERVICE_CODES if code in set(keys)] + ([SEVERAL] if SEVERAL in keys else [])
        categories = [(code, self.tr("多项服务 / several services"), "#333333") if code == SEVERAL else
                      (code, f"{BY_CODE[code].name_zh} / {BY_CODE[code].name_en}",
                       SERIES_COLOURS[index % len(SERIES_COLOURS)]) for index, code in enumerate(present)]
        return categorized_layer(self.tr("现有设施（按服务）/ Existing facilities by service"), points, crs, keys,
                                 categories, point_size=2.4, outlined=True, shape="square")

    # --- the pages ---------------------------------------------------------------------------

    def map_page(self, pdf, window, layers, crs, units):
        """Page 1: title, the map with north arrow, the legend and scale bar beside (landscape) or below it
        (portrait), and the sources at the foot."""
        layout, width, height = pdf.layout, pdf.page_w, pdf.page_h
        title = self.tr("{0}社区蓝图（{1}—{2}年）/ Community blueprint of {0}, {1}–{2}").format(
            window.street, window.first_year, window.last_year)
        title_h = pdf.add_label(title, report_font(18 if width > 300 else 14, bold=True), MARGIN, MARGIN,
                                width - 2 * MARGIN)
        sources = self.sources_text(layers, units)
        foot_font = report_font(7)
        foot_h = pdf.label_height(sources, foot_font, width - 2 * MARGIN)
        top = MARGIN + title_h + 3.0
        bottom = height - MARGIN - foot_h - 2.0
        landscape = width > height
        panel = 80.0 if landscape else 0.0
        legend, size = pdf.legend(layers, panel - 4.0 if landscape else width - 2 * MARGIN)
        legend.setTitle(self.tr("图例 / Legend"))
        map_w = width - 2 * MARGIN - panel
        map_h = bottom - top - (0.0 if landscape else size.height() + 16.0)
        section = MapSection(title, layers, crs, full_extent(title, layers))
        map_item = add_map_item(layout, section, MARGIN, top, map_w, map_h)
        legend.setLinkedMap(map_item)
        legend.setLegendFilterByMapEnabled(True)
        if landscape:
            legend.attemptMove(QgsLayoutPoint(MARGIN + map_w + 4.0, top))
            add_scale_bar(layout, map_item, MARGIN + map_w + 4.0, bottom - 12.0, max_width=panel - 10.0)
        else:
            add_scale_bar(layout, map_item, MARGIN, top + map_h + 3.0)
            legend.attemptMove(QgsLayoutPoint(MARGIN + 60.0, top + map_h + 3.0))
        foot = QgsLayoutItemLabel(layout)
        foot.setText(sources)
        foot.setFont(foot_font)
        layout.addLayoutItem(foot)
        foot.attemptResize(QgsLayoutSize(width - 2 * MARGIN, foot_h))
        foot.attemptMove(QgsLayoutPoint(MARGIN, height - MARGIN - foot_h))

    def sources_text(self, layers, units):
        """Where the map's data come from, with the credits they need."""
        sources = [layer_title(layers[0]) + " (" + layers[0].publicSource() + ")"]
        credits = credits_for(layer.publicSource() for layer in layers)
        return self.tr("数据来源 / Sources: {0}. {1}LifeCircle {2}, QGIS.").format(
            "; ".join(sources + ([units.name] if units is not None else [])),
            "".join(f"{credit}. " for credit in credits), plugin_version())

    def reserve_pages(self, pdf, window, reserve, records):
        """Page 2 on: the 3-year reserve plan, one table per year with its subtotal, then the total."""
        pdf.new_page()
        pdf.text(self.tr("{0}{1}项目储备清单 / 3-year project reserve of {0}, {2}–{3}").format(
            window.street, window.label_zh, window.first_year, window.last_year), 14, bold=True, space_after=3.0)
        headers = {"index": self.tr("序号"), "unit_id": self.tr("基本单元"), "project_id": self.tr("项目编号"),
                   "name": self.tr("项目名称"), "kind": self.tr("项目类型"), "status": self.tr("状态"),
                   "floor_area_m2": self.tr("建筑面积（m²）"), "budget_wan": self.tr("投资估算（万元）"),
                   "implementer": self.tr("实施主体")}
        numeric = tuple(i for i, (_key, is_number) in enumerate(RESERVE_COLUMNS) if is_number)
        rows_of_year, year_index = {year: [] for year in window.years}, 0
        for row in reserve.rows:
            year = window.years[min(year_index, len(window.years) - 1)]
            values = [self.cell(row[key]) for key, _number in RESERVE_COLUMNS]
            if row.is_total and row["reserve_year"] is None:
                total = row  # the 3-year total; the unscheduled section after it is counted in the note below
                break
            rows_of_year[year].append(values)
            if row.is_total:
                year_index += 1
        for year in window.years:
            pdf.table(Table(self.tr("{0}年 / {0}").format(year), [headers[k] for k, _n in RESERVE_COLUMNS],
                            rows_of_year[year], numeric_columns=numeric))
        pdf.text(self.cell(total["name"]) + self.tr("；投资估算合计 {0} 万元 / total budget {0} ×10k CNY").format(
            self.cell(total["budget_wan"])), 10, bold=True)
        unscheduled = sum(1 for record in records if record.get("reserve_year") in (None, "")
                          and record.get("status") != "cancelled")
        if unscheduled:
            pdf.text(self.tr("另有 {0} 个项目未填储备年份，未列入 / {0} project(s) without a reserve year are not "
                             "listed.").format(unscheduled), 9)

    @staticmethod
    def cell(value):
        """A list value as the printed table shows it: numbers with separators, years plain."""
        if value is None:
            return None
        if isinstance(value, float):
            return f"{value:,.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
        return str(value)

    def export_map_png(self, pdf, png_path, dpi):
        """Page 1 (the map) as PNG at ``dpi``."""
        size = QSize(round(pdf.page_w / 25.4 * dpi), round(pdf.page_h / 25.4 * dpi))
        image = QgsLayoutExporter(pdf.layout).renderPageToImage(0, size, dpi)
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        if image.isNull() or not image.save(png_path, "PNG"):
            raise QgsProcessingException(self.tr(
                "QGIS could not write the image '{0}'; check the folder and the free space.").format(png_path))
