"""lifecircle:classifyfacilities — raw POI categories (OSM tags, AMap/Gaode types) to 十全十美 service codes."""
import re
from collections import Counter

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
)
from qgis.PyQt.QtCore import QVariant

from ..lifecircle_plugin.core.classify import SOURCES, classify, count_unmapped, load_mapping
from ..lifecircle_plugin.core.services import UnknownServiceError, format_services
from .base import LifeCircleAlgorithm
from ..lifecircle_plugin.adapters.values import plain_value
from ..lifecircle_plugin.adapters.layer_io import checked_features, raise_if_cancelled
from ..lifecircle_plugin.adapters.styles import add_aliases

# GDAL's OSM driver keeps the tags without a column of their own in one hstore text field.
OTHER_TAGS_FIELD = "other_tags"
_HSTORE_PAIR = re.compile(r'"((?:[^"\\]|\\.)*)"\s*=>\s*(?:"((?:[^"\\]|\\.)*)"|NULL)')
_HSTORE_ESCAPE = re.compile(r"\\(.)")

RESULT_FIELDS = ("services", "services_zh", "matched_by")
# How a feature got its services (the matched_by field).
MATCHED_EXISTING = "existing"
MATCHED_MAPPING = "mapping"
MATCHED_NOT_A_SERVICE = "not_a_service"
MATCHED_UNMAPPED = "unmapped"
MATCHED_NO_CATEGORY = "no_category"
_LOGGED_CATEGORIES = 20
_CANCEL_CHECK_EVERY = 1000


def parse_other_tags(text):
    """OSM tags from GDAL's ``other_tags`` hstore text (``"key"=>"value","k2"=>"v2"``) as a dict."""
    if text is None:
        return {}
    return {_HSTORE_ESCAPE.sub(r"\1", key): _HSTORE_ESCAPE.sub(r"\1", value)
            for key, value in _HSTORE_PAIR.findall(str(text)) if value}


def matched_by(result):
    """Where a Classification's services came from, for the matched_by field."""
    if result.kept:
        return MATCHED_EXISTING
    if result.services:
        return MATCHED_MAPPING
    if result.unmapped:
        return MATCHED_UNMAPPED
    if result.ignored:
        return MATCHED_NOT_A_SERVICE
    return MATCHED_NO_CATEGORY


class ClassifyFacilitiesAlgorithm(LifeCircleAlgorithm):
    NAME = "classifyfacilities"
    GROUP_ID = "data"
    ICON = "classifyfacilities.svg"

    INPUT = "INPUT"
    SOURCE = "SOURCE"
    TYPE_FIELD = "TYPE_FIELD"
    KEEP_EXISTING = "KEEP_EXISTING"
    MAPPING = "MAPPING"
    MAPPING_ONLY = "MAPPING_ONLY"
    OUTPUT = "OUTPUT"
    OUTPUT_UNMAPPED = "OUTPUT_UNMAPPED"
    WITH_SERVICE = "WITH_SERVICE"
    WITHOUT_SERVICE = "WITHOUT_SERVICE"

    def displayName(self):
        return self.tr("Classify facilities into 十全十美 services")

    def group(self):
        return self.tr("Data preparation")

    def shortHelpString(self):
        return self.tr(
            "Maps raw POI categories to 十全十美 service codes, so that the facilities can be used by the "
            "walking analyses.\n\n"
            "OpenStreetMap: the tags are read from the layer's fields named after them (amenity, healthcare, "
            "leisure, shop, social_facility, ...) and from an 'other_tags' field as GDAL's OSM driver writes "
            "it. AMap/Gaode: the type path (大类;中类;小类, several joined by |) is read from the type field.\n\n"
            "The built-in table resources/poi_mapping.csv documents every mapping. Give your own CSV (same "
            "columns: source, key, value, requires, services, note) to add or override rows: a row with the "
            "same source, key, value and requires replaces the built-in one, and an empty services column "
            "switches a mapping off. Tick 'use the mapping file alone' to ignore the built-in table.\n\n"
            "With an existing services field, features that already list services keep them; blank ones are "
            "classified.\n\n"
            "Output: the input features with 'services' (codes), 'services_zh' (Chinese names) and "
            "'matched_by': existing (kept from the services field), mapping, not_a_service (a known category "
            "such as a bus stop or school), unmapped (no mapping row matched) or no_category. Fields of the "
            "input with these names are replaced. A table lists the categories that could not be mapped, "
            "with their counts: add them to your mapping file.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Facilities (POIs)"), [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterEnum(
            self.SOURCE, self.tr("Categories come from"),
            options=[self.tr("OpenStreetMap tags"), self.tr("AMap/Gaode type")], defaultValue=0))
        self.addParameter(QgsProcessingParameterField(
            self.TYPE_FIELD, self.tr("AMap type field"), defaultValue="type", parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.String, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.KEEP_EXISTING, self.tr("Existing services field (kept where filled)"),
            parentLayerParameterName=self.INPUT, type=QgsProcessingParameterField.String, optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.MAPPING, self.tr("Your mapping table (CSV), on top of the built-in one"), extension="csv",
            optional=True))
        mapping_only = QgsProcessingParameterBoolean(
            self.MAPPING_ONLY, self.tr("Use the mapping file alone (ignore the built-in table)"), defaultValue=False)
        mapping_only.setFlags(mapping_only.flags() | mapping_only.FlagAdvanced)
        self.addParameter(mapping_only)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Classified facilities"), QgsProcessing.TypeVectorAnyGeometry))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_UNMAPPED, self.tr("Categories not mapped"), QgsProcessing.TypeVector, optional=True,
            createByDefault=True))
        self.addOutput(QgsProcessingOutputNumber(self.WITH_SERVICE, self.tr("Features with a service")))
        self.addOutput(QgsProcessingOutputNumber(self.WITHOUT_SERVICE, self.tr("Features without a service")))

    def load_mapping(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.MAPPING, context)
        mapping_only = self.parameterAsBoolean(parameters, self.MAPPING_ONLY, context)
        if mapping_only and not path:
            raise QgsProcessingException(self.tr(
                "'Use the mapping file alone' is ticked but no mapping file is given: choose your mapping CSV "
                "or untick the option to use the built-in table."))
        mapping = load_mapping(path or None, extend_builtin=not mapping_only)
        if path:
            feedback.pushInfo(self.tr("Mapping: {0} rows ({1}).").format(
                len(mapping), path if mapping_only else self.tr("built-in table and {0}").format(path)))
        else:
            feedback.pushInfo(self.tr("Mapping: the built-in table ({0} rows).").format(len(mapping)))
        return mapping

    def record_fields(self, source, kind, mapping, type_field, existing_field):
        """Fields to read per feature; raises when the layer has none that carry a category."""
        names = source.fields().names()
        name = source.sourceName()
        for field in (type_field if kind == "amap" else None, existing_field):
            if field and field not in names:
                raise QgsProcessingException(self.tr("Layer '{0}' has no field '{1}'. Fields present: {2}.").format(
                    name, field, ", ".join(names)))
        if kind == "amap":
            if not type_field:
                raise QgsProcessingException(self.tr(
                    "Choose the field of layer '{0}' that holds the AMap type (大类;中类;小类).").format(name))
            fields = [type_field]
        else:
            fields = [f for f in mapping.osm_relevant_keys if f in names]
            if OTHER_TAGS_FIELD in names:
                fields.append(OTHER_TAGS_FIELD)
            if not fields:
                raise QgsProcessingException(self.tr(
                    "Layer '{0}' has no OpenStreetMap tag field (such as amenity, healthcare, leisure, shop or "
                    "other_tags). Fields present: {1}. For AMap/Gaode data choose 'AMap/Gaode type' and its type "
                    "field.").format(name, ", ".join(names)))
        if existing_field and existing_field not in fields:
            fields.append(existing_field)
        return fields

    def read_records(self, source, fields, feedback):
        """(feature ids, attribute dicts) with OSM other_tags unpacked; field columns win over other_tags."""
        indices = [source.fields().lookupField(f) for f in fields]
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes(indices)
        fids, records = [], []
        # geometries are checked when written (write_features)
        for count, feature in enumerate(checked_features(source, request, source.sourceName(), None, feedback,
                                                         check_validity=False)):
            if count % _CANCEL_CHECK_EVERY == 0:
                raise_if_cancelled(feedback)
            attributes = feature.attributes()
            values = {f: plain_value(attributes[i]) for f, i in zip(fields, indices)}
            record = parse_other_tags(values.pop(OTHER_TAGS_FIELD, None))
            record.update({key: value for key, value in values.items() if value is not None})
            fids.append(feature.id())
            records.append(record)
        return fids, records

    def compute(self, parameters, context, feedback):
        source = self.source(parameters, self.INPUT, context)
        name = source.sourceName()
        kind = SOURCES[self.parameterAsEnum(parameters, self.SOURCE, context)]
        type_field = self.parameterAsString(parameters, self.TYPE_FIELD, context)
        existing_field = self.parameterAsString(parameters, self.KEEP_EXISTING, context) or None
        mapping = self.load_mapping(parameters, context, feedback)
        fields = self.record_fields(source, kind, mapping, type_field, existing_field)
        feedback.pushInfo(self.tr("Reading categories of '{0}' from: {1}.").format(name, ", ".join(fields)))
        fids, records = self.read_records(source, fields, feedback)
        feedback.setProgress(30)
        try:
            results = classify(records, mapping, source=kind, type_field=type_field, services_field=existing_field)
        except UnknownServiceError as err:
            bad = next(i for i, record in enumerate(records)
                       if self.fails_on_existing(record, mapping, kind, type_field, existing_field))
            raise QgsProcessingException(self.tr(
                "Layer '{0}', feature {1}, field '{2}': unknown service '{3}'. Correct it (codes or Chinese "
                "names of 十全十美) or clear it to have the feature classified.").format(
                name, fids[bad], existing_field, err.name)) from err
        by_fid = dict(zip(fids, results))
        feedback.setProgress(50)

        outputs = self.write_features(parameters, context, feedback, source, by_fid)
        unmapped = count_unmapped(results)
        if self.output_requested(parameters, self.OUTPUT_UNMAPPED, context):
            outputs.update(self.write_unmapped(parameters, context, unmapped))
        self.log_outcome(feedback, name, results, unmapped, existing_field)
        with_service = sum(1 for r in results if r.services)
        outputs[self.WITH_SERVICE] = with_service
        outputs[self.WITHOUT_SERVICE] = len(results) - with_service
        feedback.setProgress(100)
        return outputs

    @staticmethod
    def fails_on_existing(record, mapping, kind, type_field, existing_field):
        """True when classifying this one record stops on an unknown service in its existing field."""
        try:
            classify([record], mapping, source=kind, type_field=type_field, services_field=existing_field)
        except UnknownServiceError:
            return True
        return False

    def write_features(self, parameters, context, feedback, source, by_fid):
        """The input features with the result fields (replacing input fields of the same names)."""
        replaced = [f.name() for f in source.fields() if f.name().lower() in RESULT_FIELDS]
        if replaced:
            feedback.pushWarning(self.tr("Field(s) {0} of '{1}' are replaced by the classification.").format(
                ", ".join(replaced), source.sourceName()))
        kept_index = [i for i, f in enumerate(source.fields()) if f.name().lower() not in RESULT_FIELDS]
        fields = QgsFields()
        for i in kept_index:
            fields.append(source.fields().at(i))
        for field_name in RESULT_FIELDS:
            fields.append(QgsField(field_name, QVariant.String))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, source.wkbType(),
                                          source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        total = max(len(by_fid), 1)
        # POIs share a few service combinations: format each once.
        labels = {}
        for count, feature in enumerate(checked_features(source, QgsFeatureRequest(), source.sourceName(), context,
                                                         feedback)):
            if count % _CANCEL_CHECK_EVERY == 0:
                raise_if_cancelled(feedback)
                feedback.setProgress(50 + 45 * count / total)
            result = by_fid[feature.id()]
            attributes = feature.attributes()
            out = QgsFeature(fields)
            out.setGeometry(feature.geometry())
            label = labels.get(result.services)
            if label is None:
                label = labels[result.services] = [format_services(result.services) or None,
                                                   format_services(result.services, "zh") or None]
            out.setAttributes([attributes[i] for i in kept_index] + label + [matched_by(result)])
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        add_aliases(context, dest)
        return {self.OUTPUT: dest}

    def write_unmapped(self, parameters, context, unmapped):
        fields = QgsFields()
        fields.append(QgsField("category", QVariant.String))
        fields.append(QgsField("count", QVariant.Int))
        sink, dest = self.table_sink(parameters, self.OUTPUT_UNMAPPED, context, fields)
        for category, count in unmapped.most_common():
            out = QgsFeature(fields)
            out.setAttributes([category, count])
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        add_aliases(context, dest)
        return {self.OUTPUT_UNMAPPED: dest}

    def log_outcome(self, feedback, name, results, unmapped, existing_field):
        how = Counter(matched_by(r) for r in results)
        without = sum(1 for r in results if not r.services)
        feedback.pushInfo(self.tr(
            "'{0}': {1} of {2} features got at least one service ({3} by the mapping, {4} kept from '{5}').").format(
            name, len(results) - without, len(results), how[MATCHED_MAPPING], how[MATCHED_EXISTING],
            existing_field or "-"))
        per_service = Counter(code for r in results for code in r.services)
        if per_service:
            feedback.pushInfo(self.tr("Features per service: {0}").format(", ".join(
                f"{code} {format_services([code], 'zh')}: {n}" for code, n in sorted(
                    per_service.items(), key=lambda item: -item[1]))))
        if without:
            feedback.pushWarning(self.tr(
                "{0} features got no service: {1} with categories that are no 十全十美 service (transport, "
                "schools, ...), {2} with categories no mapping row matched, {3} with no category at all.").format(
                without, how[MATCHED_NOT_A_SERVICE], how[MATCHED_UNMAPPED], how[MATCHED_NO_CATEGORY]))
        if unmapped:
            shown = unmapped.most_common(_LOGGED_CATEGORIES)
            feedback.pushWarning(self.tr(
                "{0} categories could not be mapped (features per category): {1}{2}. Add them to your "
                "mapping CSV (see the 'Categories not mapped' table).").format(
                len(unmapped), "; ".join(f"{category} ({count})" for category, count in shown),
                " …" if len(unmapped) > _LOGGED_CATEGORIES else ""))
        ignored = Counter(category for r in results if not r.services for category in r.ignored)
        if ignored:
            feedback.pushInfo(self.tr("Categories known to be no 十全十美 service: {0}").format("; ".join(
                f"{category} ({count})" for category, count in ignored.most_common(_LOGGED_CATEGORIES))))
