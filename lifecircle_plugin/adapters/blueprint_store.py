"""Saving a blueprint layer's edits: atomically, and never over a value someone else saved meanwhile.

Atomic (``save_edits``): QGIS 3.22 commits a buffered edit session as several provider calls,
each its own SQLite transaction (deletes first, then adds, ...), so a process killed in the
middle leaves half the edits on disk (measured: deletes written, adds lost). ``save_edits``
checks the hard constraints, then writes the whole edit buffer through a private OGR connection
inside one SQLite transaction and only then drops the buffer: the file holds either the old or
the new state, and a failed save keeps every edit in the buffer.

Concurrent edits: an ``EditBaseline`` remembers, for every field of a saved feature that an edit
session changes, the value the file held when that edit began. Before writing, ``save_edits``
reads those fields from the file again; when another session, another layer on the same file or
QGIS's own commit changed one meanwhile, it refuses with ``EditConflict`` naming the project and
the field, and keeps the edits. (The check reads through QGIS just before the write: a writer
slipping into those milliseconds is not caught.)

Edits of a layer removed from the project with unsaved changes are captured as
``PendingEdits`` and can be replayed onto the layer opened again.
"""
import datetime as _dt
import math
import dataclasses

from osgeo import gdal, ogr
from qgis.core import (
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeature,
    QgsFeatureRequest,
    QgsFieldConstraints,
    QgsGeometry,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from .blueprint_layer import STAMP_FIELDS, BlueprintLayerError, geopackage_path
from .values import plain_value
from ..core.blueprint import FIELD_BY_NAME
from ..core.errors import LifeCircleError


class SaveRefused(BlueprintLayerError):
    """``save_edits`` refused the edits; nothing was written and the edit buffer is kept.

    ``problems`` lists (feature id, field name, message) for every hard-constraint breach.
    """

    def __init__(self, message, problems=(), message_zh=None):
        super().__init__(message, message_zh, "blueprint.save_refused")
        self.problems = tuple(problems)


# ---------------------------------------------------------------------------------------
# Concurrent edits


def _project_label(layer, fid):
    """'P001「滨江驿站」' of a feature (through the edit buffer), or 'feature 3'."""
    feature = layer.getFeature(fid)
    names = {f.name().casefold(): f.name() for f in layer.fields()}
    pid = plain_value(feature.attribute(names["project_id"])) if "project_id" in names else None
    name = plain_value(feature.attribute(names["name"])) if "name" in names else None
    label = str(pid) if pid is not None else f"feature {fid}"
    return f"{label}「{name}」" if name else label


def _field_label(layer, name, chinese):
    spec = FIELD_BY_NAME.get(name)
    if spec is not None:
        return spec.alias_zh if chinese else spec.alias_en
    return layer.fields().field(name).displayName() if layer.fields().lookupField(name) >= 0 else name


def _same_value(stored, now):
    """Equal as stored values: numbers within rounding, times to the second."""
    if isinstance(stored, (int, float)) and isinstance(now, (int, float)) \
            and not isinstance(stored, bool) and not isinstance(now, bool):
        return math.isclose(stored, now, rel_tol=1e-12, abs_tol=1e-12)
    if isinstance(stored, _dt.datetime) and isinstance(now, _dt.datetime):
        return stored.replace(microsecond=0) == now.replace(microsecond=0)
    return stored == now


def _shown(value):
    return "（空）/ (empty)" if value is None else f"「{value}」"


@dataclasses.dataclass(frozen=True)
class Conflict:
    """A field edited here whose stored value another writer changed since the edit began."""

    fid: int
    field: str
    stored_then: object
    stored_now: object
    ours: object


def conflict_lines(layer, conflicts, limit=10):
    """(English lines, Chinese lines) naming each conflict's project, field and the three values."""
    lines_en, lines_zh = [], []
    for conflict in conflicts[:limit]:
        project = _project_label(layer, conflict.fid)
        lines_en.append(f"• {project}, field {_field_label(layer, conflict.field, False)} "
                        f"({conflict.field}): {_shown(conflict.stored_then)} when you began, now "
                        f"{_shown(conflict.stored_now)}, yours {_shown(conflict.ours)}")
        lines_zh.append(f"• 项目 {project} 的「{_field_label(layer, conflict.field, True)}」：开始编辑时为"
                        f"{_shown(conflict.stored_then)}，现为{_shown(conflict.stored_now)}，你的修改为"
                        f"{_shown(conflict.ours)}")
    more = len(conflicts) - len(lines_en)
    if more > 0:
        lines_en.append(f"… and {more} more")
        lines_zh.append(f"……另有 {more} 处")
    return lines_en, lines_zh


class EditConflict(LifeCircleError):
    """``save_edits`` found values changed in the file since they were edited here; nothing was
    written, the edits are kept. ``conflicts`` lists them (``Conflict``)."""

    def __init__(self, layer, conflicts):
        self.conflicts = tuple(conflicts)
        lines_en, lines_zh = conflict_lines(layer, self.conflicts)
        super().__init__(
            "blueprint.edit_conflict",
            f"Edits of layer '{layer.name()}' were not saved: {len(self.conflicts)} value(s) you edited were "
            "changed in the file meanwhile (by another layer, QGIS session or program):\n" + "\n".join(lines_en)
            + "\nYour edits are kept. Check the other change, then undo yours or save again choosing to "
            "overwrite it.",
            f"图层「{layer.name()}」的修改未保存：你修改的 {len(self.conflicts)} 个值在此期间已被他人修改"
            "（另一图层、另一个 QGIS 或其他程序）：\n" + "\n".join(lines_zh)
            + "\n你的修改仍保留。请核对对方的修改，然后撤销你的修改，或再次保存并选择覆盖。")


class EditBaseline:
    """The stored values of the fields an edit session changed, as they were when each edit began.

    ``remember`` is called for every changed value (the layer's ``attributeValueChanged``);
    only the first change of a field of a saved feature is noted. ``clear`` after a save or
    a rollback. Stamp fields (edited_by, edited_at) change with every edit and are not compared.
    """

    def __init__(self):
        self.stored = {}  # (fid, field name) -> value in the file when the edit began

    def remember(self, layer, fid, index):
        if fid < 0 or not 0 <= index < layer.fields().count():  # a new feature has no stored value
            return
        name = layer.fields().at(index).name()
        if (fid, name) in self.stored or name in STAMP_FIELDS:
            return
        provider_index = layer.dataProvider().fields().lookupField(name)
        if provider_index < 0:  # a virtual or joined field is not stored
            return
        request = QgsFeatureRequest(fid).setFlags(QgsFeatureRequest.NoGeometry)
        stored = next(layer.dataProvider().getFeatures(request), None)
        self.stored[(fid, name)] = plain_value(stored.attribute(provider_index)) if stored is not None else None

    def clear(self):
        self.stored.clear()

    def conflicts(self, layer):
        """``Conflict``s of the layer's edit buffer against the file as it is now."""
        buffer = layer.editBuffer()
        if buffer is None or not self.stored:
            return []
        fields = layer.fields()
        deleted = set(buffer.deletedFeatureIds())  # deleting is no overwrite: no conflict
        edited = {}
        for fid, values in buffer.changedAttributeValues().items():
            if fid in deleted:
                continue
            for index, value in values.items():
                if (fid, fields.at(index).name()) in self.stored:
                    edited.setdefault(fid, {})[fields.at(index).name()] = plain_value(value)
        if not edited:
            return []
        provider_fields = layer.dataProvider().fields()
        request = QgsFeatureRequest().setFilterFids(list(edited)).setFlags(QgsFeatureRequest.NoGeometry)
        now = {feature.id(): feature for feature in layer.dataProvider().getFeatures(request)}
        found = []
        for fid, values in sorted(edited.items()):
            if fid not in now:  # deleted meanwhile: the write itself refuses, naming the feature
                continue
            for name, ours in sorted(values.items()):
                stored_now = plain_value(now[fid].attribute(provider_fields.lookupField(name)))
                stored_then = self.stored[(fid, name)]
                if not _same_value(stored_then, stored_now) and not _same_value(ours, stored_now):
                    found.append(Conflict(fid, name, stored_then, stored_now, ours))
        return found

    def refuse_conflicts(self, layer):
        """Raise ``EditConflict`` when the file changed under the edits; nothing is written."""
        found = self.conflicts(layer)
        if found:
            raise EditConflict(layer, found)

    def accept(self, conflicts):
        """Take the values now stored as the new starting point: the next save overwrites them."""
        for conflict in conflicts:
            self.stored[(conflict.fid, conflict.field)] = conflict.stored_now


# ---------------------------------------------------------------------------------------
# Edits of a removed layer


@dataclasses.dataclass
class PendingEdits:
    """The unsaved edits of a layer, captured before it goes away, to replay on the layer reopened.

    ``changed`` maps feature id to ``{field name: value}``; ``added`` lists (attributes by
    field name, geometry) of new features; ``geometries`` maps feature id to its new geometry.
    """

    source: str
    layer_name: str
    changed: dict = dataclasses.field(default_factory=dict)
    geometries: dict = dataclasses.field(default_factory=dict)
    added: list = dataclasses.field(default_factory=list)
    deleted: list = dataclasses.field(default_factory=list)
    baseline: EditBaseline = dataclasses.field(default_factory=EditBaseline)

    @classmethod
    def capture(cls, layer, baseline=None):
        """The unsaved edits of ``layer`` (None when it has none)."""
        buffer = layer.editBuffer() if layer.isEditable() else None
        if buffer is None or not buffer.isModified():
            return None
        fields = layer.fields()
        deleted = set(buffer.deletedFeatureIds())
        edits = cls(layer.source(), layer.name(), baseline=baseline or EditBaseline())
        for fid, values in buffer.changedAttributeValues().items():
            if fid >= 0 and fid not in deleted:
                edits.changed[fid] = {fields.at(i).name(): value for i, value in values.items()}
        edits.geometries = {fid: QgsGeometry(g) for fid, g in buffer.changedGeometries().items()
                            if fid >= 0 and fid not in deleted}
        for fid in sorted(buffer.addedFeatures(), reverse=True):  # -1, -2, ...: the order they were added
            feature = buffer.addedFeatures()[fid]
            edits.added.append(({fields.at(i).name(): v for i, v in enumerate(feature.attributes())},
                                QgsGeometry(feature.geometry())))
        edits.deleted = sorted(fid for fid in deleted if fid >= 0)
        return edits

    def count(self):
        """Features the edits touch: changed, added and deleted."""
        return len(set(self.changed) | set(self.geometries)) + len(self.added) + len(self.deleted)

    def apply(self, layer, description):
        """Replay the edits into ``layer``'s edit buffer as one undoable command named ``description``;
        False when the layer refuses one."""
        if not layer.isEditable() and not layer.startEditing():
            return False
        fields = layer.fields()
        layer.beginEditCommand(description)
        ok = True
        for fid, values in self.changed.items():
            for name, value in values.items():
                index = fields.lookupField(name)
                ok &= index >= 0 and layer.changeAttributeValue(fid, index, value)
        for fid, geometry in self.geometries.items():
            ok &= layer.changeGeometry(fid, QgsGeometry(geometry))
        for values, geometry in self.added:
            feature = QgsFeature(fields)
            feature.setGeometry(QgsGeometry(geometry))
            for name, value in values.items():
                if fields.lookupField(name) >= 0 and name != "fid":
                    feature.setAttribute(name, value)
            ok &= layer.addFeature(feature)
        ok &= not self.deleted or layer.deleteFeatures(self.deleted)
        if not ok:
            layer.destroyEditCommand()
            return False
        layer.endEditCommand()
        return True


# ---------------------------------------------------------------------------------------
# Saving


def hard_constraint_problems(layer):
    """(fid, field, message) for every added or changed feature breaking a hard constraint.

    Checks the NOT NULL, unique and expression constraints of strength "hard" in one pass
    over the layer (QgsVectorLayerUtils.validateAttribute would query the layer once per
    value for uniqueness, far too slow for a large edit).
    """
    buffer = layer.editBuffer()
    if buffer is None:
        return []
    touched = (set(buffer.addedFeatures()) | set(buffer.changedAttributeValues())
               | set(buffer.changedGeometries())) - set(buffer.deletedFeatureIds())
    if not touched:
        return []
    hard = QgsFieldConstraints.ConstraintStrengthHard
    fields = layer.fields()
    checks = []  # (index, not null?, unique?, prepared expression or None, description)
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    keys = set(layer.dataProvider().pkAttributeIndexes())  # the provider fills them (fid)
    for index in range(fields.count()):
        if index in keys:
            continue
        constraints = fields.at(index).constraints()

        def is_hard(kind, constraints=constraints):
            return bool(constraints.constraints() & kind) and constraints.constraintStrength(kind) == hard
        expression = None
        if is_hard(QgsFieldConstraints.ConstraintExpression) and constraints.constraintExpression():
            expression = QgsExpression(constraints.constraintExpression())
            expression.prepare(context)
        not_null, unique = is_hard(QgsFieldConstraints.ConstraintNotNull), is_hard(QgsFieldConstraints.ConstraintUnique)
        if not_null or unique or expression is not None:
            checks.append((index, not_null, unique, expression,
                           constraints.constraintDescription() or constraints.constraintExpression()))
    if not checks:
        return []
    unique_indexes = [c[0] for c in checks if c[2]]
    seen = {index: {} for index in unique_indexes}  # value -> feature ids holding it
    problems = []
    for feature in layer.getFeatures():
        attributes = feature.attributes()
        for index in unique_indexes:
            value = plain_value(attributes[index])
            if value is not None:
                seen[index].setdefault(value, []).append(feature.id())
        if feature.id() not in touched:
            continue
        context.setFeature(feature)
        label = plain_value(feature.attribute("project_id")) if fields.lookupField("project_id") >= 0 else None
        label = label or f"feature {feature.id()}"
        for index, not_null, _, expression, description in checks:
            name, display = fields.at(index).name(), fields.at(index).displayName()
            value = plain_value(attributes[index])
            if not_null and value is None:
                problems.append((feature.id(), name, f"{label}: {display} 为必填项 / is required"))
            elif expression is not None and not expression.evaluate(context):
                problems.append((feature.id(), name, f"{label}: {display} — {description}"))
    for index in unique_indexes:
        name, display = fields.at(index).name(), fields.at(index).displayName()
        for value, holders in seen[index].items():
            if len(holders) > 1:
                for fid in holders:
                    if fid in touched:
                        problems.append((fid, name, f"{display}「{value}」重复 / is used {len(holders)} times"))
    return problems


def save_edits(layer, stop_editing=True, baseline=None):
    """Write a layer's pending edits in one transaction; raise SaveRefused/BlueprintLayerError otherwise.

    Before writing, values changed in the file since ``baseline`` (an ``EditBaseline``) noted
    them raise ``EditConflict``, and every added or changed feature is checked against the hard
    constraints: breaches raise ``SaveRefused`` (with ``problems``); nothing is written then. On any failure
    the edit buffer is kept, so no edit is lost. A layer already in a transaction group
    (project transaction mode) is committed by QGIS, which is then atomic already.
    Returns the number of features added, changed and deleted.
    """
    if not layer.isEditable():
        return 0
    buffer = layer.editBuffer()
    if baseline is not None:
        baseline.refuse_conflicts(layer)
    problems = hard_constraint_problems(layer)
    if problems:
        listed = "\n".join(message for _, _, message in problems[:20])
        more = f"\n… and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise SaveRefused(f"Edits of layer '{layer.name()}' were not saved: {len(problems)} value(s) break a "
                          f"rule:\n{listed}{more}\nCorrect them and save again.", problems,
                          f"图层「{layer.name()}」的修改未保存：{len(problems)} 个值违反规则：\n{listed}"
                          f"{more.replace('… and', '……另有')}\n请改正后再保存。")
    count = (len(buffer.addedFeatures()) + len(set(buffer.changedAttributeValues())
             | set(buffer.changedGeometries())) + len(buffer.deletedFeatureIds()))
    if layer.dataProvider().transaction() is not None:
        if not layer.commitChanges(stop_editing):
            errors = "; ".join(layer.commitErrors())
            raise BlueprintLayerError(f"Layer '{layer.name()}' could not be saved: {errors}. Your edits are kept.",
                                      f"图层「{layer.name()}」保存失败：{errors}。你的修改仍保留。")
        return count
    path, table = geopackage_path(layer)
    if buffer.deletedAttributeIds():
        raise BlueprintLayerError(
            f"Layer '{layer.name()}': deleting fields is not saved by the blueprint tools "
            "(it could lose data); undo that change, or save with QGIS's own 'Save Layer Edits'.")
    _replay_in_transaction(layer, buffer, path, table)
    layer.rollBack(stop_editing)  # the edits are on disk now; drop the buffer without writing again
    if not stop_editing and not layer.isEditable():
        layer.startEditing()
    layer.dataProvider().reloadData()
    layer.reload()
    layer.triggerRepaint()
    return count


_OGR_TYPE_OF = {QVariant.String: ogr.OFTString, QVariant.Int: ogr.OFTInteger, QVariant.LongLong: ogr.OFTInteger64,
                QVariant.Double: ogr.OFTReal, QVariant.Date: ogr.OFTDate, QVariant.DateTime: ogr.OFTDateTime}


def _set_ogr_field(feature, index, value):
    value = plain_value(value)
    if value is None:
        feature.SetFieldNull(index)
    elif isinstance(value, _dt.datetime):
        feature.SetField(index, value.year, value.month, value.day, value.hour, value.minute,
                         value.second + value.microsecond / 1e6, 0)
    elif isinstance(value, _dt.date):
        feature.SetField(index, value.year, value.month, value.day, 0, 0, 0, 0)
    elif isinstance(value, bool):
        feature.SetField(index, int(value))
    elif isinstance(value, (int, float, str)):
        feature.SetField(index, value)
    else:
        feature.SetField(index, str(value))


def _replay_in_transaction(layer, buffer, path, table):
    """Apply an edit buffer to the GeoPackage through its own OGR connection, in one SQLite transaction.

    Not through a second QGIS layer: QGIS shares one GDAL dataset among the layers of a file,
    so a QgsTransactionGroup opened while the layer is being edited does not isolate the
    writes (measured: slow, and its commit is a no-op). A private OGR connection is plain
    SQLite: BEGIN, the changes, COMMIT; a crash before COMMIT leaves the old state.
    """
    gdal.ErrorReset()
    dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    target = dataset.GetLayerByName(table) if dataset is not None else None
    if target is None:
        reason = gdal.GetLastErrorMsg()
        raise BlueprintLayerError(f"Cannot open {path} (layer '{table}') for writing: {reason}. "
                                  f"Is it read-only or locked? Your edits of '{layer.name()}' are kept.",
                                  f"无法写入 {path}（图层「{table}」）：{reason}。文件是否只读或被其他程序占用？"
                                  f"图层「{layer.name()}」的修改仍保留。")
    if dataset.StartTransaction() != 0:
        reason = gdal.GetLastErrorMsg()
        raise BlueprintLayerError(f"Cannot start a transaction on {path}: {reason}. "
                                  f"Your edits of '{layer.name()}' are kept.",
                                  f"无法在 {path} 上开始事务：{reason}。图层「{layer.name()}」的修改仍保留。")
    committed = False
    try:
        _write_buffer(layer, buffer, target)
        if dataset.CommitTransaction() != 0:
            raise BlueprintLayerError(f"the commit failed ({gdal.GetLastErrorMsg()})")
        committed = True
    except (BlueprintLayerError, RuntimeError) as error:
        detail_zh = error.message_zh if isinstance(error, LifeCircleError) else str(error)
        raise BlueprintLayerError(f"Saving layer '{layer.name()}' to {path} failed, nothing was written: "
                                  f"{error}. Your edits are kept; correct the problem and save again.",
                                  f"图层「{layer.name()}」保存到 {path} 失败，未写入任何内容：{detail_zh}。"
                                  "你的修改仍保留；请解决问题后再保存。") from error
    finally:
        if not committed:
            dataset.RollbackTransaction()
        dataset = None  # closes the connection


def _write_buffer(layer, buffer, target):
    """Deletes, new fields, geometry and attribute changes, then new features, onto an OGR layer."""
    definition = target.GetLayerDefn()
    for field in buffer.addedAttributes():
        kind = _OGR_TYPE_OF.get(field.type())
        if kind is None:
            raise BlueprintLayerError(f"new field '{field.name()}' has type {field.typeName()}, which the "
                                      "blueprint cannot store; use text, integer, decimal or date")
        definition_field = ogr.FieldDefn(field.name(), kind)
        if target.CreateField(definition_field) != 0:
            raise BlueprintLayerError(f"adding field '{field.name()}' failed ({gdal.GetLastErrorMsg()})")
    definition = target.GetLayerDefn()
    source_fields = layer.fields()
    columns = {definition.GetFieldDefn(i).GetName().casefold(): i for i in range(definition.GetFieldCount())}
    mapping = {i: columns[source_fields.at(i).name().casefold()] for i in range(source_fields.count())
               if source_fields.at(i).name().casefold() in columns}  # the fid column is not an OGR field
    multi = QgsWkbTypes.isMultiType(layer.wkbType())

    def ogr_geometry(geometry):
        if geometry is None or geometry.isNull():
            return None
        geometry = type(geometry)(geometry)
        if multi:
            geometry.convertToMultiType()
        return ogr.CreateGeometryFromWkb(bytes(geometry.asWkb()))

    deleted = set(buffer.deletedFeatureIds())
    for fid in sorted(deleted):
        if target.DeleteFeature(fid) != 0:
            raise BlueprintLayerError(f"deleting feature {fid} failed ({gdal.GetLastErrorMsg()})")
    geometries, attributes = buffer.changedGeometries(), buffer.changedAttributeValues()
    for fid in sorted((set(geometries) | set(attributes)) - deleted):
        feature = target.GetFeature(fid)
        if feature is None:
            raise BlueprintLayerError(f"feature {fid} is no longer in the file (deleted by another program?)",
                                      f"要素 {fid} 已不在文件中（可能已被其他程序删除）")
        if fid in geometries:
            feature.SetGeometry(ogr_geometry(geometries[fid]))
        for index, value in attributes.get(fid, {}).items():
            if index in mapping:
                _set_ogr_field(feature, mapping[index], value)
        if target.SetFeature(feature) != 0:
            raise BlueprintLayerError(f"changing feature {fid} failed ({gdal.GetLastErrorMsg()})")
    added = buffer.addedFeatures()
    for fid in sorted(added, reverse=True):  # -1, -2, ...: the order they were added
        source = added[fid]
        feature = ogr.Feature(definition)
        feature.SetGeometry(ogr_geometry(source.geometry()))
        for index, value in enumerate(source.attributes()):
            if index in mapping and plain_value(value) is not None:  # a new OGR feature starts all NULL
                _set_ogr_field(feature, mapping[index], value)
        if target.CreateFeature(feature) != 0:
            raise BlueprintLayerError(f"adding a feature failed ({gdal.GetLastErrorMsg()})")
