"""The blueprint GeoPackage on the QGIS side: create, configure, read and upgrade the ``projects`` layer.

Shared by the Processing algorithms and the dock. The rules live in ``core.blueprint``; this
module turns its field catalogue into QGIS fields, aliases, value maps, constraints, defaults,
an edit form and a default style, and keeps the plan window (street, years) in the GeoPackage.
Saving edits is ``blueprint_store``'s job.

Where things are stored, so that they survive reopening the file:

- Field set-up (aliases, widgets, constraints, defaults, form) and the symbology are saved as
  the layer's *default style* in the GeoPackage's ``layer_styles`` table; QGIS applies it
  whenever the layer is opened.
- The plan window lives in a small attribute table ``lifecircle_plan`` (columns ``key``,
  ``value``; the keys of ``PlanWindow.to_metadata``) in the same GeoPackage: plain rows any
  OGR client can read, written in one SQLite transaction. One plan per GeoPackage.
"""
import os

from osgeo import gdal, ogr
from qgis.core import (
    QgsAttributeEditorContainer,
    QgsAttributeEditorField,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsDefaultValue,
    QgsEditFormConfig,
    QgsEditorWidgetSetup,
    QgsField,
    QgsFieldConstraints,
    QgsFields,
    QgsPalLayerSettings,
    QgsProject,
    QgsProviderRegistry,
    QgsRuleBasedRenderer,
    QgsSymbol,
    QgsTextFormat,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import Qt, QVariant
from qgis.PyQt.QtGui import QColor

from ..core.blueprint import (
    DATE,
    DATETIME,
    DEFAULT_SETTINGS,
    DOUBLE,
    FIELD_BY_NAME,
    FIELDS,
    GROUPS,
    HUB,
    INT,
    KINDS,
    LAYER_NAME,
    PAVILION,
    STATUSES,
    STRING,
    BlueprintValueError,
    PlanWindow,
    UpgradePlan,
    check_blueprint,
    invalid_geometry_finding,
    upgrade_plan,
)
from ..core.errors import LifeCircleError
from .values import plain_value

PLAN_TABLE = "lifecircle_plan"
STYLE_NAME = "lifecircle_blueprint"
POINT, POLYGON = 0, 1
GEOMETRY_TYPES = {POINT: QgsWkbTypes.Point, POLYGON: QgsWkbTypes.MultiPolygon}
DEFAULT_CRS = "EPSG:4549"  # CGCS2000 / 3-degree Gauss-Kruger CM 120E: Shanghai's metric grid
OTHER_TAB = "其他字段"
STAMP_FIELDS = ("edited_by", "edited_at")  # stamped on every edit (by defaults or the dock), never typed

_QVARIANT_OF = {STRING: QVariant.String, INT: QVariant.Int, DOUBLE: QVariant.Double,
                DATE: QVariant.Date, DATETIME: QVariant.DateTime}
_KIND_OF_QVARIANT = {QVariant.String: STRING, QVariant.Int: INT, QVariant.LongLong: INT,
                     QVariant.UInt: INT, QVariant.ULongLong: INT, QVariant.Double: DOUBLE,
                     QVariant.Date: DATE, QVariant.DateTime: DATETIME}
# Symbol colours per project type; the categories follow the KINDS catalogue.
_KIND_COLOURS = {HUB: "#d7301f", PAVILION: "#fc8d59", "facility": "#4575b4",
                 "public_space": "#1a9850", "other": "#878787"}


class BlueprintLayerError(BlueprintValueError, LifeCircleError):
    """A blueprint layer or file cannot be used as asked; the message names it and says what to do.

    ``message_zh`` defaults to the English text where no Chinese is given yet.
    """

    def __init__(self, message_en, message_zh=None, code="blueprint.layer"):
        LifeCircleError.__init__(self, code, message_en, message_zh)


# ---------------------------------------------------------------------------------------
# Locating the GeoPackage behind a layer


def geopackage_path(layer):
    """(path, layer name) of the GeoPackage table a layer reads; raise when it is not a GeoPackage."""
    if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
        raise BlueprintLayerError(f"'{getattr(layer, 'name', lambda: layer)()}' is not a valid vector "
                                  "layer; open the blueprint GeoPackage again.")
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    path = parts.get("path") or ""
    if layer.providerType() != "ogr" or not path.lower().endswith(".gpkg"):
        raise BlueprintLayerError(
            f"Layer '{layer.name()}' is not stored in a GeoPackage ({layer.source()}); a blueprint is a "
            ".gpkg file: create one with 'Create blueprint' or export the layer to GeoPackage.")
    return path, parts.get("layerName") or LAYER_NAME


def open_blueprint(path, layer_name=LAYER_NAME, display_name=None):
    """Open the projects layer of a blueprint GeoPackage (its default style applies itself)."""
    if not os.path.exists(path):
        raise BlueprintLayerError(f"Blueprint file {path} does not exist; check the path or create it "
                                  "with 'Create blueprint'.")
    layer = QgsVectorLayer(f"{path}|layername={layer_name}", display_name or layer_name, "ogr")
    if not layer.isValid():
        raise BlueprintLayerError(f"GeoPackage {path} has no readable layer '{layer_name}'; choose the "
                                  "layer holding the projects.")
    return layer


# ---------------------------------------------------------------------------------------
# Creating


def blueprint_fields():
    """The catalogue as QgsFields (types and string widths)."""
    fields = QgsFields()
    for spec in FIELDS:
        field = QgsField(spec.name, _QVARIANT_OF[spec.type])
        if spec.type == STRING and spec.length:
            field.setLength(spec.length)
        fields.append(field)
    return fields


def create_blueprint(path, window: PlanWindow, geometry=POINT, crs=DEFAULT_CRS, overwrite=False):
    """Create the ``projects`` layer in GeoPackage ``path`` and return it, configured and styled.

    ``geometry``: ``POINT`` (0) or ``POLYGON`` (1, stored as MultiPolygon). ``crs``: an auth id
    or QgsCoordinateReferenceSystem. An existing file gains the layer; an existing ``projects``
    layer is refused unless ``overwrite`` (then it is replaced, its data lost). The plan window
    is written to the ``lifecircle_plan`` table and the set-up saved as the default style.
    """
    if geometry not in GEOMETRY_TYPES:
        raise BlueprintLayerError(f"Geometry {geometry!r} for blueprint {path}: use 0 (points) or 1 "
                                  "(polygons).")
    crs = crs if isinstance(crs, QgsCoordinateReferenceSystem) else QgsCoordinateReferenceSystem(crs)
    if not crs.isValid():
        raise BlueprintLayerError(f"Blueprint {path}: the CRS is not valid; choose one such as "
                                  f"{DEFAULT_CRS}.")
    path = os.path.abspath(os.fspath(path))
    if not path.lower().endswith(".gpkg"):
        raise BlueprintLayerError(f"Blueprint file {path} must end in .gpkg (a GeoPackage).")
    exists = os.path.exists(path)
    if exists and LAYER_NAME in geopackage_tables(path) and not overwrite:
        raise BlueprintLayerError(
            f"GeoPackage {path} already holds a '{LAYER_NAME}' layer; open it instead (upgrade it if "
            "fields are missing) or choose another file.")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = LAYER_NAME
    options.fileEncoding = "UTF-8"
    options.actionOnExistingFile = (QgsVectorFileWriter.CreateOrOverwriteLayer if exists
                                    else QgsVectorFileWriter.CreateOrOverwriteFile)
    writer = QgsVectorFileWriter.create(path, blueprint_fields(), GEOMETRY_TYPES[geometry], crs,
                                        QgsCoordinateTransformContext(), options)
    if writer.hasError() != QgsVectorFileWriter.NoError:
        message = writer.errorMessage()
        del writer
        raise BlueprintLayerError(f"Cannot create {path}: {message}. Check the folder exists and is "
                                  "writable.")
    del writer  # closes the file
    write_plan_window(path, window)
    layer = open_blueprint(path)
    configure_layer(layer, window)
    save_default_style(layer)
    return layer


def geopackage_tables(path):
    """Names of the tables (layers) of a GeoPackage file."""
    dataset = gdal.OpenEx(path, gdal.OF_VECTOR)
    if dataset is None:
        raise BlueprintLayerError(f"{path} cannot be opened as a GeoPackage; is it another kind of file?")
    return [dataset.GetLayer(i).GetName() for i in range(dataset.GetLayerCount())]


# ---------------------------------------------------------------------------------------
# Configuring: aliases, widgets, constraints, defaults, form, style


def configure_layer(layer, window: PlanWindow = None, settings=DEFAULT_SETTINGS):
    """Apply aliases, value maps, widgets, constraints, defaults, the tabbed form and the style.

    Only catalogue fields present on the layer are touched; other fields keep their set-up and
    appear on a separate form tab. ``window`` bounds the reserve-year check (soft); without it
    the year is not constrained. In memory only: call ``save_default_style`` to keep it.
    """
    fields = layer.fields()
    for spec in FIELDS:
        index = fields.lookupField(spec.name)
        if index < 0:
            continue
        layer.setFieldAlias(index, spec.alias_zh)
        layer.setEditorWidgetSetup(index, _widget_for(spec))
        if spec.default_expression:
            layer.setDefaultValueDefinition(
                index, QgsDefaultValue(spec.default_expression, spec.default_on_update))
        for constraint in (QgsFieldConstraints.ConstraintNotNull, QgsFieldConstraints.ConstraintUnique,
                           QgsFieldConstraints.ConstraintExpression):
            layer.removeFieldConstraint(index, constraint)
        if spec.required:
            layer.setFieldConstraint(index, QgsFieldConstraints.ConstraintNotNull,
                                     QgsFieldConstraints.ConstraintStrengthHard)
        if spec.name == "project_id":
            layer.setFieldConstraint(index, QgsFieldConstraints.ConstraintUnique,
                                     QgsFieldConstraints.ConstraintStrengthHard)
        rule = _expression_constraint(spec, window, settings)
        if rule:
            expression, description, strength = rule
            layer.setConstraintExpression(index, expression, description)
            layer.setFieldConstraint(index, QgsFieldConstraints.ConstraintExpression, strength)
    fid_index = fields.lookupField("fid")
    if fid_index >= 0:
        layer.setEditorWidgetSetup(fid_index, QgsEditorWidgetSetup("Hidden", {}))
    layer.setEditFormConfig(_edit_form(layer))
    layer.setRenderer(_renderer(layer))
    layer.setLabeling(_labeling())
    layer.setLabelsEnabled(True)
    layer.triggerRepaint()


def _widget_for(spec):
    if spec.value_map:
        # A list of one-entry dicts keeps the catalogue order in the drop-down.
        return QgsEditorWidgetSetup("ValueMap", {"map": [{c.zh: c.code} for c in spec.value_map]})
    if spec.type == DATE:
        return QgsEditorWidgetSetup("DateTime", {"field_format": "yyyy-MM-dd", "display_format": "yyyy-MM-dd",
                                                 "calendar_popup": True, "allow_null": True})
    if spec.type == DATETIME:
        return QgsEditorWidgetSetup("DateTime", {"field_format": "yyyy-MM-dd HH:mm:ss",
                                                 "display_format": "yyyy-MM-dd HH:mm",
                                                 "calendar_popup": True, "allow_null": True})
    return QgsEditorWidgetSetup("TextEdit", {"IsMultiline": spec.multiline, "UseHtml": False})


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


def _number(value):
    return f"{float(value):g}"


def _expression_constraint(spec, window, settings):
    """(expression, Chinese description, strength) for one field, or None.

    Hard: what can never be right (a code outside the value map, a negative area). Soft
    (a warning the planner may override while drafting): the reviewer's rules that depend on
    other fields, which ``lifecircle:validateblueprint`` reports as errors before submission.
    """
    name = _quote(spec.name)
    hard, soft = QgsFieldConstraints.ConstraintStrengthHard, QgsFieldConstraints.ConstraintStrengthSoft
    if spec.value_map:
        codes = ", ".join("'" + c.code + "'" for c in spec.value_map)
        options = "、".join(c.zh for c in spec.value_map)
        return f"{name} IS NULL OR {name} IN ({codes})", f"{spec.alias_zh}须为：{options}", hard
    if spec.name == "justification":
        kind, area = _quote("kind"), _quote("floor_area_m2")
        soft_max, hard_max = _number(settings.pavilion_max_m2), _number(settings.pavilion_hard_max_m2)
        expression = (f"coalesce({kind}, '') <> '{PAVILION}' OR coalesce({area}, 0) <= {soft_max} OR "
                      f"({area} <= {hard_max} AND length(trim(coalesce({name}, ''))) > 0)")
        return (expression, f"六艺亭建筑面积一般不超过 {soft_max} m²；{soft_max}–{hard_max} m² 须填写需求论证；"
                            f"超过 {hard_max} m² 不宜按六艺亭建设", soft)
    if spec.name == "reserve_year" and window is not None:
        return (f"{name} IS NULL OR ({name} >= {window.first_year} AND {name} <= {window.last_year})",
                f"储备年份应在本轮储备计划年度（{window.label_zh}）内", soft)
    if spec.name == "end_date":
        start = _quote("start_date")
        return (f"{start} IS NULL OR {name} IS NULL OR {name} >= {start}", "计划完成时间不应早于计划开工时间", soft)
    if spec.minimum is not None:
        minimum = _number(spec.minimum)
        description = f"{spec.alias_zh}不能为负数" if spec.minimum == 0 else f"{spec.alias_zh}应不小于 {minimum}"
        return f"{name} IS NULL OR {name} >= {minimum}", description, hard
    return None


def _edit_form(layer):
    config = layer.editFormConfig()
    config.setLayout(QgsEditFormConfig.TabLayout)
    root = config.invisibleRootContainer()
    root.clear()
    fields = layer.fields()
    placed = set()
    for group in GROUPS:
        tab = QgsAttributeEditorContainer(group.zh, root)
        for spec in FIELDS:
            index = fields.lookupField(spec.name)
            if spec.group == group.code and index >= 0:
                tab.addChildElement(QgsAttributeEditorField(spec.name, index, tab))
                placed.add(index)
        if tab.children():
            root.addChildElement(tab)
    others = [i for i in range(fields.count()) if i not in placed and fields.at(i).name() != "fid"]
    if others:
        tab = QgsAttributeEditorContainer(OTHER_TAB, root)
        for index in others:
            tab.addChildElement(QgsAttributeEditorField(fields.at(index).name(), index, tab))
        root.addChildElement(tab)
    for name in STAMP_FIELDS:
        index = fields.lookupField(name)
        if index >= 0:
            config.setReadOnly(index, True)
    return config


def _renderer(layer):
    """Colour by kind, and within each kind a style per status (planned dashed, cancelled faded)."""
    root = QgsRuleBasedRenderer.Rule(None)
    for kind in KINDS:
        kind_rule = QgsRuleBasedRenderer.Rule(None, 0, 0, f"\"kind\" = '{kind.code}'", kind.zh)
        for status in STATUSES:
            kind_rule.appendChild(QgsRuleBasedRenderer.Rule(
                _project_symbol(layer, kind.code, status.code), 0, 0, f"\"status\" = '{status.code}'",
                status.zh))
        unknown = QgsRuleBasedRenderer.Rule(_project_symbol(layer, kind.code, None), 0, 0, "", "未填状态")
        unknown.setIsElse(True)
        kind_rule.appendChild(unknown)
        root.appendChild(kind_rule)
    other = QgsRuleBasedRenderer.Rule(_project_symbol(layer, None, None), 0, 0, "", "未填类型")
    other.setIsElse(True)
    root.appendChild(other)
    return QgsRuleBasedRenderer(root)


# Status → (fill opacity 0–255, stroke style): the more certain a project, the more solid it is drawn.
_STATUS_LOOK = {
    "reserve": (150, Qt.PenStyle.DashLine),
    "planned": (200, Qt.PenStyle.DashLine),
    "under_construction": (230, Qt.PenStyle.SolidLine),
    "completed": (255, Qt.PenStyle.SolidLine),
    "cancelled": (50, Qt.PenStyle.DotLine),
}


def _project_symbol(layer, kind, status):
    symbol = QgsSymbol.defaultSymbol(layer.geometryType())
    colour = QColor(_KIND_COLOURS.get(kind, "#878787"))
    opacity, stroke = _STATUS_LOOK.get(status, (110, Qt.PenStyle.DotLine))
    colour.setAlpha(opacity)
    symbol.setColor(colour)
    symbol_layer = symbol.symbolLayer(0)
    if hasattr(symbol_layer, "setStrokeStyle"):
        symbol_layer.setStrokeStyle(stroke)
        symbol_layer.setStrokeColor(QColor(_KIND_COLOURS.get(kind, "#878787")).darker(130))
    if layer.geometryType() != QgsWkbTypes.PolygonGeometry and hasattr(symbol, "setSize"):
        symbol.setSize(4.0 if kind == HUB else 2.6)
    return symbol


def _labeling():
    settings = QgsPalLayerSettings()
    settings.fieldName = "name"
    text = QgsTextFormat()
    text.setSize(9)
    settings.setFormat(text)
    return QgsVectorLayerSimpleLabeling(settings)


def save_default_style(layer):
    """Store the layer's current set-up and symbology as its default style in the GeoPackage."""
    geopackage_path(layer)
    # Replace an earlier copy ourselves: QGIS 3.22 asks in a modal dialog before overwriting a style.
    _, ids, names, _, _ = layer.listStylesInDatabase()
    for style_id, name in zip(ids, names):
        if name == STYLE_NAME and not layer.deleteStyleFromDatabase(style_id)[0]:
            raise BlueprintLayerError(f"Cannot replace the saved style of layer '{layer.name()}' in its "
                                      "GeoPackage; check the file is writable.")
    error = layer.saveStyleToDatabase(STYLE_NAME, "LifeCircle blueprint: fields, form and symbology",
                                      True, "")
    if error:
        raise BlueprintLayerError(f"Cannot save the style of layer '{layer.name()}' into its GeoPackage: "
                                  f"{error}. Check the file is writable.")


# ---------------------------------------------------------------------------------------
# Plan metadata


def _path_of(target):
    if isinstance(target, QgsVectorLayer):
        return geopackage_path(target)[0]
    return os.fspath(target)


def write_plan_window(target, window: PlanWindow):
    """Store the plan window in the ``lifecircle_plan`` table of a GeoPackage (path or layer).

    The table's rows are replaced in one transaction. When ``target`` is a layer, its soft
    reserve-year constraint is updated too (save the default style to keep it).
    """
    if not isinstance(window, PlanWindow):
        raise BlueprintLayerError(f"write_plan_window needs a PlanWindow, not {window!r}.")
    path = _path_of(target)
    dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    if dataset is None:
        raise BlueprintLayerError(f"Cannot open {path} for writing the plan window; check it exists, is a "
                                  "GeoPackage and is writable.")
    table = dataset.GetLayerByName(PLAN_TABLE)
    if table is None:
        table = dataset.CreateLayer(PLAN_TABLE, geom_type=ogr.wkbNone, options=["FID=fid"])
        for name in ("key", "value"):
            table.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    if dataset.StartTransaction() != 0:
        raise BlueprintLayerError(f"{path} is locked by another program; close it and try again.")
    for feature in list(table):
        table.DeleteFeature(feature.GetFID())
    for key, value in window.to_metadata().items():
        feature = ogr.Feature(table.GetLayerDefn())
        feature.SetField("key", key)
        feature.SetField("value", value)
        table.CreateFeature(feature)
    if dataset.CommitTransaction() != 0:
        raise BlueprintLayerError(f"Cannot write the plan window into {path}: {gdal.GetLastErrorMsg()}.")
    dataset = None  # closes the file
    if isinstance(target, QgsVectorLayer):
        index = target.fields().lookupField("reserve_year")
        if index >= 0:
            expression, description, strength = _expression_constraint(FIELD_BY_NAME["reserve_year"], window,
                                                                        DEFAULT_SETTINGS)
            target.setConstraintExpression(index, expression, description)
            target.setFieldConstraint(index, QgsFieldConstraints.ConstraintExpression, strength)


def plan_metadata(target):
    """The raw key/values of the ``lifecircle_plan`` table ({} when the GeoPackage has none)."""
    path = _path_of(target)
    dataset = gdal.OpenEx(path, gdal.OF_VECTOR)
    if dataset is None:
        raise BlueprintLayerError(f"Cannot open {path} to read the plan window; check it exists.")
    table = dataset.GetLayerByName(PLAN_TABLE)
    if table is None:
        return {}
    return {feature.GetField("key"): feature.GetField("value") for feature in table}


def read_plan_window(target):
    """The PlanWindow stored with a blueprint (GeoPackage path or layer), or None when none is stored.

    A layer that is not a GeoPackage has none (None). Broken metadata raises, naming the key.
    """
    if isinstance(target, QgsVectorLayer):
        try:
            geopackage_path(target)
        except BlueprintLayerError:
            return None
    metadata = plan_metadata(target)
    if not metadata:
        return None
    return PlanWindow.from_metadata(metadata)


# ---------------------------------------------------------------------------------------
# Finding and upgrading layers


def is_blueprint_layer(layer):
    """True for a vector layer carrying the required catalogue fields (project_id, name, kind, status)."""
    if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
        return False
    names = {n.casefold() for n in layer.fields().names()}
    return all(spec.name.casefold() in names for spec in FIELDS if spec.required)


def blueprint_layers(project=None):
    """Blueprint layers of a project (default: the current one), in layer-tree order when possible."""
    project = project or QgsProject.instance()
    ordered = [node.layer() for node in project.layerTreeRoot().findLayers()]
    seen = {layer.id() for layer in ordered if layer is not None}
    ordered += [layer for layer in project.mapLayers().values() if layer.id() not in seen]
    return [layer for layer in ordered if is_blueprint_layer(layer)]


def layer_upgrade_plan(layer):
    """What ``upgrade_layer`` would do (``core.blueprint.UpgradePlan``); changes nothing.

    Catalogue fields of a type the catalogue cannot hold (e.g. boolean) count as type conflicts.
    """
    types, odd = {}, []
    for field in layer.fields():
        if field.name() == "fid":
            continue
        kind = _KIND_OF_QVARIANT.get(field.type())
        spec = FIELD_BY_NAME.get(field.name()) or FIELD_BY_NAME.get(field.name().casefold())
        if kind is None and spec is not None:
            odd.append((field.name(), field.typeName() or QVariant.typeToName(field.type()), spec.type))
        types[field.name()] = kind
    plan = upgrade_plan(types)
    if odd:
        plan = UpgradePlan(plan.add, plan.type_conflicts + tuple(odd), plan.extra)
    return plan


def upgrade_layer(layer, window: PlanWindow = None):
    """Add the missing catalogue fields to a layer (never alters existing ones); returns the plan.

    Only on request: the caller shows ``plan.summary_zh()`` first. The layer must not be in
    edit mode. Afterwards the layer is configured and, for a GeoPackage, its default style is
    saved and ``window`` (when given) written as its plan window.
    """
    if layer.isEditable():
        raise BlueprintLayerError(f"Layer '{layer.name()}' is being edited; save or discard the edits "
                                  "before upgrading it.")
    plan = layer_upgrade_plan(layer)
    if plan.add:
        added = [blueprint_fields().field(spec.name) for spec in plan.add]
        if not layer.dataProvider().addAttributes(added):
            raise BlueprintLayerError(
                f"Layer '{layer.name()}' refused the new fields "
                f"{', '.join(s.name for s in plan.add)}: {'; '.join(layer.dataProvider().errors())}. "
                "Check the file is writable.")
        layer.updateFields()
    in_geopackage = True
    try:
        geopackage_path(layer)
    except BlueprintLayerError:
        in_geopackage = False
    if window is not None and in_geopackage:
        write_plan_window(layer, window)
    configure_layer(layer, window or (read_plan_window(layer) if in_geopackage else None))
    if in_geopackage:
        save_default_style(layer)
    return plan


# ---------------------------------------------------------------------------------------
# Reading records and checking


def feature_record(feature, fields=None):
    """One feature's attributes as a plain dict (field name -> value), as the core rules take them."""
    fields = fields or feature.fields()
    return {field.name(): plain_value(value) for field, value in zip(fields, feature.attributes())}


def layer_records(layer, request=None):
    """(feature ids, records) of a layer (edits in progress included), in iteration order."""
    fids, records = [], []
    fields = layer.fields()
    features = layer.getFeatures(request) if request is not None else layer.getFeatures()
    for feature in features:
        fids.append(feature.id())
        records.append(feature_record(feature, fields))
    return fids, records


def check_layer(layer, window: PlanWindow, settings=DEFAULT_SETTINGS, stored=None):
    """Findings of the whole layer: ``check_blueprint`` plus missing/invalid geometries.

    Each finding's ``index`` is the position in the returned ``fids`` list: ``(fids, findings)``.
    ``stored``: {fid: {field: value}} read from the file in place of what QGIS reads (text the file
    keeps in a numeric or date column, see ``layer_io.stored_text_values``).
    """
    fids, records, invalid = [], [], []
    fields = layer.fields()
    for index, feature in enumerate(layer.getFeatures()):
        fids.append(feature.id())
        record = feature_record(feature, fields)
        record.update((stored or {}).get(feature.id(), {}))
        records.append(record)
        reason = geometry_problem(feature.geometry())
        if reason is not None:
            pid, name = record.get("project_id"), record.get("name")
            invalid.append(invalid_geometry_finding(None if pid is None else str(pid).strip(),
                                                    name, reason, index=index))
    return fids, check_blueprint(records, window, settings) + invalid


def geometry_problem(geometry):
    """None when a geometry is present and valid, else the reason ('no geometry', GEOS's text)."""
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return "无几何 / no geometry"
    if geometry.isGeosValid():
        return None
    errors = geometry.validateGeometry()
    return "; ".join(e.what() for e in errors) or "invalid"
