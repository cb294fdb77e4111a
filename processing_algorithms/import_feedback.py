"""lifecircle:importfeedback — residents' feedback (居民意见) into points and the needs list (需求清单)."""
from collections import Counter

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..lifecircle_plugin.core.feedback import (
    MAX_EXAMPLES,
    check_lonlat,
    classify,
    load_keywords,
    mask_contacts,
    needs_list,
    read_csv,
    read_geojson,
    remove_duplicates,
    service_name_zh,
)
from .base import LifeCircleAlgorithm
from ..lifecircle_plugin.adapters.layer_io import raise_if_cancelled, unit_of_points

# numpy, shapely and the core's engines are imported in the methods that use them (see provider.py).

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
# CSV coordinates: lon/lat in one of the chinacoords systems, or x/y in a stated CRS.
CSV_SYSTEMS = ("wgs84", "gcj02", "bd09", "xy")
GEOJSON_EXTENSIONS = (".geojson", ".json")


class ImportFeedbackAlgorithm(LifeCircleAlgorithm):
    NAME = "importfeedback"
    GROUP_ID = "residents"
    ICON = "importfeedback.svg"

    INPUT = "INPUT"
    CSV_COORDINATES = "CSV_COORDINATES"
    CSV_CRS = "CSV_CRS"
    KEYWORDS = "KEYWORDS"
    INCLUDE_CONTACT = "INCLUDE_CONTACT"
    OUTPUT = "OUTPUT"
    OUTPUT_NEEDS = "OUTPUT_NEEDS"
    ENTRIES = "ENTRIES"
    DUPLICATES = "DUPLICATES"

    def displayName(self):
        return self.tr("Import residents' feedback (needs list)")

    def group(self):
        return self.tr("Residents' map and feedback")

    def shortHelpString(self):
        return self.tr(
            "Reads residents' feedback: the GeoJSON files exported from the digital map (several at once; an "
            "entry found in more than one is counted once) or a CSV from paper or online forms, UTF-8 or "
            "GB18030, with columns lon/lat (经度/纬度) in WGS 84, GCJ-02 or BD-09, or x/y in a stated CRS, and "
            "text (意见), optionally category (类别), contact (联系方式), date (日期), votes (附议).\n\n"
            "Each entry is classified to a 十全十美 service: the category chosen, else its text by the "
            "built-in Chinese keyword table (resources/feedback_keywords.csv) with your own table "
            "(keyword,service) on top, else 其他; and assigned to the basic unit it lies in.\n\n"
            "Outputs: the entries as points (category, service, text, unit, date, votes, weight = 1 + votes, "
            "usable as demand in suggestsites) and the needs list (需求清单): unit × service with the number "
            "of entries, supporting votes and up to three example texts. Contact details are left out, and "
            "phone numbers or e-mail addresses in texts masked, unless INCLUDE_CONTACT is set.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, self.tr("Feedback files (GeoJSON exports of the digital map, or CSV)"),
            QgsProcessing.TypeFile))
        self.addParameter(QgsProcessingParameterEnum(
            self.CSV_COORDINATES, self.tr("Coordinates of a CSV"),
            options=[self.tr("Longitude/latitude, WGS 84"), self.tr("Longitude/latitude, GCJ-02 (AMap/Gaode, Tencent)"),
                     self.tr("Longitude/latitude, BD-09 (Baidu)"), self.tr("x/y in the CRS below")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterCrs(
            self.CSV_CRS, self.tr("CRS of the x/y columns"), optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.KEYWORDS, self.tr("Your keyword table (CSV: keyword, service), on top of the built-in one"),
            extension="csv", optional=True))
        self.add_unit_parameters()
        self.addParameter(QgsProcessingParameterBoolean(
            self.INCLUDE_CONTACT, self.tr("Copy contact details to the outputs"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Feedback points"), QgsProcessing.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_NEEDS, self.tr("Needs list (unit × service)"), QgsProcessing.TypeVector,
            optional=True, createByDefault=True))
        self.addOutput(QgsProcessingOutputNumber(self.ENTRIES, self.tr("Feedback entries")))
        self.addOutput(QgsProcessingOutputNumber(self.DUPLICATES, self.tr("Duplicates removed")))

    def compute(self, parameters, context, feedback):
        paths = self.parameterAsFileList(parameters, self.INPUT, context)
        if not paths:
            raise QgsProcessingException(self.tr("Choose at least one feedback file (GeoJSON or CSV)."))
        system = CSV_SYSTEMS[self.parameterAsEnum(parameters, self.CSV_COORDINATES, context)]
        include_contact = self.parameterAsBoolean(parameters, self.INCLUDE_CONTACT, context)
        keywords = load_keywords(self.parameterAsFile(parameters, self.KEYWORDS, context) or None)

        entries = []
        for number, path in enumerate(paths):
            raise_if_cancelled(feedback)
            feedback.setProgress(50 * number / len(paths))
            if path.lower().endswith(GEOJSON_EXTENSIONS):
                read = read_geojson(path)
                check_lonlat(read)
            else:
                read = read_csv(path, xy_columns=system == "xy")
                self.to_wgs84(read, system, parameters, context, feedback)
            feedback.pushInfo(self.tr("{0}: {1} entries.").format(path, len(read)))
            entries += read
        entries, duplicates = remove_duplicates(entries)
        if duplicates:
            feedback.pushInfo(self.tr("{0} duplicate entries removed (found in more than one file).").format(
                duplicates))
        if not entries:
            raise QgsProcessingException(self.tr("The feedback files hold no entry."))
        for entry in entries:
            classify(entry, keywords)
        self.assign_units(entries, parameters, context, feedback)
        feedback.setProgress(70)

        by_how = Counter(e.matched_by.split(":")[0] for e in entries)
        feedback.pushInfo(self.tr("{0} entries: {1} by the category chosen, {2} by keywords, {3} left as 其他.").format(
            len(entries), by_how["category"], by_how["keyword"], by_how["none"]))
        by_service = Counter(e.service for e in entries)
        feedback.pushInfo(self.tr("Entries per service: {0}").format(", ".join(
            f"{service_name_zh(code)} {count}" for code, count in by_service.most_common())))
        outputs = self.write_points(parameters, context, feedback, entries, include_contact)
        if self.output_requested(parameters, self.OUTPUT_NEEDS, context):
            outputs.update(self.write_needs(parameters, context, entries, include_contact))
        feedback.setProgress(100)
        outputs[self.ENTRIES] = len(entries)
        outputs[self.DUPLICATES] = duplicates
        return outputs

    def to_wgs84(self, entries, system, parameters, context, feedback):
        """CSV coordinates into WGS 84 longitude/latitude, in place."""
        import numpy as np

        from ..lifecircle_plugin.core.chinacoords import convert, outside_china

        if not entries:
            return
        if system == "xy":
            crs = self.parameterAsCrs(parameters, self.CSV_CRS, context)
            if not crs.isValid():
                raise QgsProcessingException(self.tr(
                    "Give the CRS of the x/y columns of {0} (CSV_CRS), e.g. EPSG:4549.").format(entries[0].origin))
            transform = QgsCoordinateTransform(crs, WGS84, context.transformContext())
            for entry in entries:
                point = transform.transform(QgsPointXY(entry.x, entry.y))
                entry.x, entry.y = point.x(), point.y()
            check_lonlat(entries)
            return
        check_lonlat(entries)
        if system != "wgs84":
            lon = np.array([e.x for e in entries])
            lat = np.array([e.y for e in entries])
            outside = int(outside_china(lon, lat).sum())
            if outside:
                feedback.pushWarning(self.tr(
                    "{0} entries lie outside China, where no {1} shift applies; they are kept unchanged.").format(
                    outside, system.upper()))
            lon, lat = convert(lon, lat, system, "wgs84")
            for entry, x, y in zip(entries, lon, lat):
                entry.x, entry.y = float(x), float(y)

    def assign_units(self, entries, parameters, context, feedback):
        import numpy as np

        units = self.read_units(parameters, context, feedback, WGS84)
        if units is None:
            return
        xy = np.array([(e.x, e.y) for e in entries])
        for entry, unit in zip(entries, unit_of_points(xy, units, units.ids)):
            entry.unit = unit
        outside = sum(e.unit is None for e in entries)
        if outside:
            feedback.pushWarning(self.tr(
                "{0} entries lie outside every unit of '{1}'; they are listed without a unit.").format(
                outside, units.name))

    def write_points(self, parameters, context, feedback, entries, include_contact):
        fields = QgsFields()
        for name, kind in (("id", QVariant.String), ("category", QVariant.String), ("service", QVariant.String),
                           ("service_zh", QVariant.String), ("matched_by", QVariant.String),
                           ("text", QVariant.String), ("unit", QVariant.String), ("date", QVariant.String),
                           ("votes", QVariant.Int), ("weight", QVariant.Int), ("source", QVariant.String)):
            fields.append(QgsField(name, kind))
        if include_contact:
            fields.append(QgsField("contact", QVariant.String))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Point, WGS84)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for number, entry in enumerate(entries):
            if number % 1000 == 0:
                raise_if_cancelled(feedback)
            out = QgsFeature(fields)
            out.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(entry.x, entry.y)))
            values = [entry.entry_id or None, entry.category or None, entry.service, service_name_zh(entry.service),
                      entry.matched_by, entry.text if include_contact else mask_contacts(entry.text), entry.unit,
                      entry.date or None, entry.votes, entry.weight, entry.origin.rsplit(" ", 2)[0]]
            out.setAttributes(values + ([entry.contact or None] if include_contact else []))
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        return {self.OUTPUT: dest}

    def write_needs(self, parameters, context, entries, include_contact):
        fields = QgsFields()
        for name, kind in (("unit", QVariant.String), ("service", QVariant.String), ("service_zh", QVariant.String),
                           ("entries", QVariant.Int), ("votes", QVariant.Int), ("weight", QVariant.Int)):
            fields.append(QgsField(name, kind))
        for k in range(1, MAX_EXAMPLES + 1):
            fields.append(QgsField(f"example_{k}", QVariant.String))
        sink, dest = self.table_sink(parameters, self.OUTPUT_NEEDS, context, fields)
        for row in needs_list(entries, include_contact):
            out = QgsFeature(fields)
            examples = row.examples + [None] * (MAX_EXAMPLES - len(row.examples))
            out.setAttributes([row.unit, row.service, service_name_zh(row.service), row.entries, row.votes,
                               row.weight] + examples)
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        return {self.OUTPUT_NEEDS: dest}
