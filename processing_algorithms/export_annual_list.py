"""lifecircle:exportannuallist — the annual implementation list and the 3-year reserve list, as XLSX and CSV."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)

from ..lifecircle_plugin.adapters import blueprint_layer
from ..lifecircle_plugin.core.annual_list import annual_list, reserve_list, write_csv, write_xlsx
from .base import LifeCircleAlgorithm
from ..lifecircle_plugin.adapters.layer_io import stored_text_values


class ExportAnnualListAlgorithm(LifeCircleAlgorithm):
    NAME = "exportannuallist"
    GROUP_ID = "blueprint"

    INPUT = "INPUT"
    YEAR = "YEAR"
    OUTPUT_XLSX = "OUTPUT_XLSX"
    OUTPUT_CSV = "OUTPUT_CSV"
    OUTPUT_RESERVE_CSV = "OUTPUT_RESERVE_CSV"
    PROJECTS = "PROJECTS"

    def displayName(self):
        return self.tr("Export annual implementation list")

    def group(self):
        return self.tr("Community blueprint")

    def shortHelpString(self):
        return self.tr(
            "Writes the annual implementation list (年度项目实施清单) of the chosen year and the whole 3-year "
            "reserve list from a blueprint layer, with the columns of the official list in Chinese (construction "
            "content, implementation path, implementing body, funding source, schedule, design team, …), sorted "
            "by basic unit and priority, with the number of projects and the budget per year.\n\n"
            "XLSX: one workbook with the annual list and the reserve list as two sheets. CSV: UTF-8 with BOM so "
            "Excel shows the Chinese. Only the files you name are written; each is replaced in one step. "
            "Cancelled projects are left out; a project whose values cannot be read stops the export and is "
            "named.\n\n"
            "The street and plan years come from the blueprint GeoPackage; STREET and FIRST_YEAR override them "
            "(and are needed for layers stored elsewhere). YEAR defaults to the plan's first year.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Blueprint projects layer"), [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterNumber(
            self.YEAR, self.tr("Year of the annual list (empty: the plan's first year)"),
            QgsProcessingParameterNumber.Integer, optional=True, minValue=2000, maxValue=2100))
        self.addParameter(QgsProcessingParameterString(
            self.STREET, self.tr("Street or town (empty: from the blueprint's metadata)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.FIRST_YEAR, self.tr("First year of the plan (empty: from the blueprint's metadata)"),
            QgsProcessingParameterNumber.Integer, optional=True, minValue=2000, maxValue=2100))
        # The workbook is what a dialog run produces by default (a temporary file unless a path is chosen).
        for name, description, file_filter, by_default in (
                (self.OUTPUT_XLSX, self.tr("Annual and reserve lists (XLSX)"), self.tr("Excel workbooks (*.xlsx)"),
                 True),
                (self.OUTPUT_CSV, self.tr("Annual list (CSV)"), self.tr("CSV files (*.csv)"), False),
                (self.OUTPUT_RESERVE_CSV, self.tr("3-year reserve list (CSV)"), self.tr("CSV files (*.csv)"), False)):
            self.addParameter(QgsProcessingParameterFileDestination(
                name, description, file_filter, optional=True, createByDefault=by_default))
        self.addOutput(QgsProcessingOutputNumber(self.PROJECTS, self.tr("Projects on the annual list")))

    def compute(self, parameters, context, feedback):
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        targets = {name: self.parameterAsFileOutput(parameters, name, context)
                   for name in (self.OUTPUT_XLSX, self.OUTPUT_CSV, self.OUTPUT_RESERVE_CSV)}
        if not any(targets.values()):
            raise QgsProcessingException(self.tr("Name at least one file to write (XLSX, annual CSV or reserve "
                                                 "CSV)."))
        workbook = targets[self.OUTPUT_XLSX]
        if workbook and not workbook.lower().endswith(".xlsx"):  # Excel refuses a workbook under .xls or .csv
            raise QgsProcessingException(self.tr(
                "The workbook is written as an Excel .xlsx file, but {0} has another extension: Excel would not "
                "open it. Name the file with .xlsx at the end.").format(self.final_path(workbook)))
        self.require_fields(parameters, self.INPUT, layer, ("project_id", "name", "kind", "status", "reserve_year"),
                            self.tr("a community blueprint"))
        window = self.street_plan_window(parameters, context, layer)
        year = window.first_year if parameters.get(self.YEAR) in (None, "") else \
            self.parameterAsInt(parameters, self.YEAR, context)
        fids, records = blueprint_layer.layer_records(layer)
        stored = stored_text_values(layer)
        for fid, record in zip(fids, records):
            record.update(stored.get(fid, {}))
        annual = annual_list(records, window, year)
        reserve = reserve_list(records, window)
        outputs = {}
        if targets[self.OUTPUT_XLSX]:
            write_xlsx(targets[self.OUTPUT_XLSX], [annual, reserve])
        if targets[self.OUTPUT_CSV]:
            write_csv(targets[self.OUTPUT_CSV], annual)
        if targets[self.OUTPUT_RESERVE_CSV]:
            write_csv(targets[self.OUTPUT_RESERVE_CSV], reserve)
        for name, path in targets.items():
            if path:
                outputs[name] = path
                feedback.pushInfo(self.tr("Written: {0}").format(path))
        count = len(annual.project_rows)
        feedback.pushInfo(self.tr("{0}: {1} project(s) on the {2} list, {3} on the {4} reserve list.").format(
            window.street, count, year, len(reserve.project_rows), window.label_zh))
        outputs[self.PROJECTS] = count
        return outputs
