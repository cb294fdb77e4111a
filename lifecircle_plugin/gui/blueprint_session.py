"""One blueprint layer as the dock sees it: its projects kept in step with the layer, and edits.

``BlueprintSession`` mirrors the features of a ``projects`` layer as plain records (dicts of
field name to value, read through the edit buffer) and re-reads them whenever the layer says
it changed, wherever the change came from (this dock, the attribute table, the layer being
reloaded). Every edit goes through the layer's edit buffer inside one edit command, so QGIS's
undo/redo and Save/Cancel apply. The session never holds on to a deleted layer: on
``willBeDeleted`` it lets go and emits ``layerGone``.

The session never loses an edit silently: it notes the stored value of every field it edits
(``EditBaseline``) so a save over someone else's newer value is refused, and when the layer is
removed from the project with unsaved edits it keeps them as ``pending`` (``PendingEdits``) for
the dock to restore on the layer opened again.

The rules all come from ``core.blueprint``; this module only turns what a planner typed into
layer values and refuses what cannot be stored.
"""
import datetime as _dt
import re

from qgis.core import NULL, QgsApplication, QgsFeatureRequest, QgsProject, QgsVectorLayerUtils
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QDate, QDateTime, QObject, QTime, pyqtSignal

from ..adapters.blueprint_layer import BlueprintLayerError, geopackage_path, is_blueprint_layer, read_plan_window
from ..adapters.values import plain_value
from ..adapters.blueprint_store import EditBaseline, PendingEdits, conflict_lines, save_edits
from ..core.blueprint import (DATE, DATETIME, DEFAULT_SETTINGS, DOUBLE, FIELD_BY_NAME, FIELD_NAMES,
                              INT, BlueprintValueError, PlanWindow, check_blueprint, check_project,
                              is_movable, move_to_year, parse_record)
from ..core.errors import LifeCircleError
from ..core.services import format_services

PROJECT_ID_PATTERN = re.compile(r"^P(\d+)$", re.IGNORECASE)
# Findings a new project is spared until the planner edits the field or saves: what is missing
# from a project just placed on the map is not yet an error.
NOT_YET_REACHED_RULES = ("required_field_missing", "list_column_missing")


class EditRefused(LifeCircleError):
    """An edit the session did not apply; ``findings`` (possibly empty) say which rule refused it.

    ``message`` is already in the UI language (translated with ``tr``).
    """

    def __init__(self, message, findings=(), code="blueprint.edit_refused"):
        super().__init__(code, message, message)
        self.findings = tuple(findings)


def error_text(error, language):
    """A refusal's text in the UI language ('zh' or 'en')."""
    return error.message(language) if isinstance(error, LifeCircleError) else str(error)


def layer_field_names(layer):
    """``{casefolded name: actual name}`` of a vector layer's fields."""
    return {f.name().casefold(): f.name() for f in layer.fields()}


def plan_window_of(layer, language="en"):
    """(PlanWindow, problem text or '' in ``language``) of a blueprint layer.

    The window stored in the blueprint GeoPackage when there is one; otherwise (a layer not
    in a GeoPackage, or no or broken plan metadata) a window starting next year, named after
    the layer, with a problem text saying so, for the dock to show.
    """
    try:
        window = read_plan_window(layer)
    except (BlueprintValueError, LifeCircleError) as error:
        problem = error_text(error, language)
    else:
        if window is not None:
            return window, ""
        problem = QCoreApplication.translate(
            "BlueprintSession", "Layer '{0}' has no stored plan window (street and years).").format(
            layer.name())
    window = PlanWindow(layer.name() or "?", _dt.date.today().year + 1)
    return window, problem + " " + QCoreApplication.translate(
        "BlueprintSession",
        "Assuming {0}–{1}; set the plan with Processing ▸ LifeCircle ▸ Create blueprint.").format(
        window.first_year, window.last_year)


def display_text(name, value):
    """How the form shows a stored value: '' for NULL, ISO dates, 800 rather than 800.0."""
    value = plain_value(value)
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and FIELD_BY_NAME.get(name) is not None:
        return str(int(value))
    return str(value)


def layer_value(name, typed):
    """A typed value (as ``parse_record`` reads it) in the form QGIS stores for field ``name``."""
    if typed is None:
        return NULL
    spec = FIELD_BY_NAME[name]
    if name == "services":
        return format_services(typed) or NULL
    if spec.type == DATE:
        return QDate(typed.year, typed.month, typed.day)
    if spec.type == DATETIME:
        return QDateTime(QDate(typed.year, typed.month, typed.day),
                         QTime(typed.hour, typed.minute, typed.second))
    if spec.type == INT:
        return int(typed)
    if spec.type == DOUBLE:
        return float(typed)
    return typed


def follow_session(widget, session):
    """Point ``widget.session`` at ``session``, moving the connections ``widget._signal_slots()`` lists."""
    if widget.session is not None:
        for signal, slot in widget._signal_slots():
            signal.disconnect(slot)
    widget.session = session
    if session is not None:
        for signal, slot in widget._signal_slots():
            signal.connect(slot)


def project_label(record):
    """'name (P001)', or the ID alone when the project has no name yet."""
    parsed = parse_record(record)
    name, pid = parsed["name"], parsed.project_id or "?"
    return f"{name} ({pid})" if name else pid


def next_project_id(records):
    """``P<n>`` one above the highest ``P<number>`` ID in use, zero-padded to three digits."""
    highest = 0
    for record in records:
        match = PROJECT_ID_PATTERN.match(str(record.get("project_id") or "").strip())
        if match:
            highest = max(highest, int(match.group(1)))
    return f"P{highest + 1:03d}"


class BlueprintSession(QObject):
    """The projects of one blueprint layer, its rule findings, and the edits the dock makes.

    ``records`` maps feature id to ``{field: value}`` (NULL as None, dates as Python dates)
    for the catalogue fields the layer has; ``fids`` lists the ids in layer order.
    """

    reloaded = pyqtSignal()
    recordChanged = pyqtSignal(int)  # Qt naming
    editingChanged = pyqtSignal(bool)
    layerGone = pyqtSignal()
    overwriting = pyqtSignal(str)  # QGIS's own Save is writing over values saved elsewhere: what they were

    def tr(self, text):
        """Translate with this class's context, where pylupdate5 files ``self.tr("…")``."""
        return QCoreApplication.translate("BlueprintSession", text)

    def __init__(self, layer, window, settings=DEFAULT_SETTINGS, parent=None, language="en"):
        super().__init__(parent)
        if not is_blueprint_layer(layer):
            name = layer.name() if layer is not None else None
            raise BlueprintLayerError(
                f"Layer '{name}' is not a blueprint layer: it needs the fields project_id, name, kind and "
                "status; create it with 'Create blueprint'.",
                f"图层「{name}」不是社区蓝图图层：需要字段 project_id、name、kind 和 status；请用“创建社区蓝图”创建。",
                "blueprint.not_a_blueprint")
        self.window = window
        self.settings = settings
        self.language = language  # of the refusals the core words in both languages
        self.records = {}
        self.fids = []
        self.baseline = EditBaseline()
        self.pending = None  # PendingEdits of the layer, once it was removed with unsaved edits
        self.unreached = {}  # fid of a project added here -> fields the planner has edited
        self._layer = layer
        self._connections = []
        for signal, slot in (
                (layer.willBeDeleted, self._forget_layer),
                (QgsProject.instance().layerWillBeRemoved[str], self._on_layer_will_be_removed),
                (layer.attributeValueChanged, self._remember_stored),
                (layer.attributeValueChanged, self._on_attribute_changed),
                (layer.afterRollBack, self.baseline.clear),
                (layer.afterCommitChanges, self.baseline.clear),
                (layer.beforeCommitChanges, self._warn_commit_over_newer_values),
                (layer.featureAdded, self.reload),
                (layer.featuresDeleted, self.reload),
                (layer.afterRollBack, self.reload),
                (layer.afterCommitChanges, self.reload),
                (layer.updatedFields, self.reload),
                (layer.dataChanged, self.reload),
                (layer.dataSourceChanged, self.reload),
                (layer.editingStarted, self._on_editing_changed),
                (layer.editingStopped, self._on_editing_changed)):
            signal.connect(slot)
            self._connections.append((signal, slot))
        self.reload()

    # -- the layer -------------------------------------------------------------------------

    @property
    def layer(self):
        """The layer, or None once it was removed from the project and deleted."""
        return self._layer

    def close(self):
        """Disconnect from the layer; the session keeps its last records but edits no more."""
        for signal, slot in self._connections:
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):  # already gone with the layer
                pass
        self._connections = []
        self._layer = None

    def _on_layer_will_be_removed(self, layer_id):
        """Keep the unsaved edits while the layer still exists (it is deleted right after)."""
        layer = self._layer
        if layer is not None and not sip.isdeleted(layer) and layer.id() == layer_id:
            self.pending = PendingEdits.capture(layer, self.baseline)

    def _forget_layer(self):
        self.close()
        self.records, self.fids = {}, []
        self.layerGone.emit()

    def _alive(self, layer):
        return layer is not None and self._layer is layer and not sip.isdeleted(layer)

    def _gone_text(self):
        text = self.tr("The blueprint layer was removed from the project; choose another blueprint layer.")
        if self.pending is not None:
            text += " " + self.tr("Its {0} unsaved edit(s) are kept: add the layer again to restore them."
                                  ).format(self.pending.count())
        return text

    def _require_layer(self):
        if not self._alive(self._layer):
            raise EditRefused(self._gone_text(), code="blueprint.layer_removed")
        return self._layer

    def _remember_stored(self, fid, index, _value):
        if self._alive(self._layer):
            self.baseline.remember(self._layer, fid, index)

    def _warn_commit_over_newer_values(self, *_):
        """QGIS's own Save (attribute table, toolbar) commits without asking and cannot be vetoed
        from Python in 3.22: say which values saved elsewhere it writes over, and what they were."""
        layer = self._layer
        found = self.baseline.conflicts(layer) if self._alive(layer) else []
        if found:
            lines_en, lines_zh = conflict_lines(layer, found)
            self.overwriting.emit(self.tr(
                "QGIS's own Save of layer '{0}' is writing over {1} value(s) saved elsewhere since you edited "
                "them; the values it replaces are listed (now, before yours):").format(layer.name(), len(found))
                + "\n" + "\n".join(lines_zh if self.language == "zh" else lines_en))

    def unsaved_count(self):
        """Projects with unsaved edits: added, changed and deleted (0 when not editing)."""
        layer = self._layer
        buffer = layer.editBuffer() if self._alive(layer) and layer.isEditable() else None
        if buffer is None:
            return 0
        changed = set(buffer.changedAttributeValues()) | set(buffer.changedGeometries())
        return len(changed - set(buffer.addedFeatures())) + len(buffer.addedFeatures()) + \
            len(buffer.deletedFeatureIds())

    def is_editing(self):
        return self._layer is not None and self._layer.isEditable()

    def _on_editing_changed(self):
        self.editingChanged.emit(self.is_editing())
        self.reload()

    # -- records ---------------------------------------------------------------------------

    def reload(self, *_):
        """Re-read every feature (through the edit buffer) and emit ``reloaded``."""
        layer = self._layer
        if layer is None:
            return
        names = layer_field_names(layer)
        present = [(name, names[name.casefold()]) for name in FIELD_NAMES if name.casefold() in names]
        records, fids = {}, []
        request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry)
        for feature in layer.getFeatures(request):
            records[feature.id()] = {name: plain_value(feature[actual]) for name, actual in present}
            fids.append(feature.id())
        self.records, self.fids = records, fids
        self.unreached = {fid: edited for fid, edited in self.unreached.items() if fid in records}
        self.reloaded.emit()

    def _on_attribute_changed(self, fid, index, value):
        record = self.records.get(fid)
        layer = self._layer
        if record is None or layer is None or not 0 <= index < layer.fields().count():
            self.reload()
            return
        name = layer.fields().at(index).name()
        catalogue_name = next((n for n in FIELD_NAMES if n.casefold() == name.casefold()), None)
        if catalogue_name is not None:
            record[catalogue_name] = plain_value(value)
            self.recordChanged.emit(fid)

    def record(self, fid):
        """The record of feature ``fid``; raise naming the id when the layer has no such feature."""
        self._require_layer()
        try:
            return self.records[fid]
        except KeyError:
            raise EditRefused(self.tr("Feature {0} is not in the blueprint layer (deleted or not saved)."
                                      ).format(fid)) from None

    def findings(self, fid):
        """``check_project`` findings of one project (see ``visible_findings``)."""
        return self.visible_findings(fid, check_project(self.record(fid), self.window, self.settings))

    def visible_findings(self, fid, findings):
        """``findings`` of project ``fid`` without the missing values of fields a project added in
        this session has not had edited yet (until ``reveal_unreached``, called on save)."""
        edited = self.unreached.get(fid)
        if edited is None:
            return list(findings)
        return [f for f in findings if f.rule not in NOT_YET_REACHED_RULES or f.field in edited]

    def reveal_unreached(self):
        """Show every finding of the new projects from now on (a save was asked for)."""
        if self.unreached:
            self.unreached = {}
            self.reload()

    def blueprint_findings(self):
        """``{fid: [findings]}`` from ``check_blueprint`` over all projects (duplicate IDs included)."""
        found = {fid: [] for fid in self.fids}
        for finding in check_blueprint([self.records[fid] for fid in self.fids], self.window,
                                       self.settings):
            found[self.fids[finding.index]].append(finding)
        return {fid: self.visible_findings(fid, findings) for fid, findings in found.items()}

    # -- edits -----------------------------------------------------------------------------

    def _start_editing(self):
        layer = self._require_layer()
        if not layer.isEditable() and not layer.startEditing():
            raise EditRefused(self.tr("Layer '{0}' cannot be edited (read-only data source); save a "
                                      "copy as GeoPackage and edit that.").format(layer.name()))
        return self._require_layer()  # a slot of editingChanged or reloaded may have removed it

    def _field_index(self, layer, name):
        index = layer.fields().lookupField(name)
        if index < 0:
            raise EditRefused(self.tr("Layer '{0}' has no field '{1}'; upgrade the blueprint layer to add "
                                      "it.").format(layer.name(), name))
        return index

    def _run_command(self, layer, text, apply):
        """Run ``apply`` as one edit command; refuse clearly when the layer went away meanwhile
        (a slot of ``reloaded`` may remove it from the project)."""
        layer.beginEditCommand(text)
        try:
            result = apply()
        except Exception:
            if not self._alive(layer):
                raise EditRefused(self._gone_text(), code="blueprint.layer_removed") from None
            layer.destroyEditCommand()
            raise
        if not self._alive(layer):
            raise EditRefused(self._gone_text(), code="blueprint.layer_removed")
        layer.endEditCommand()
        return result

    def _write(self, layer, fid, values):
        for name, value in values.items():
            if not layer.changeAttributeValue(fid, self._field_index(layer, name), value):
                raise EditRefused(self.tr("Layer '{0}' refused the new value of '{1}' for feature {2}."
                                          ).format(layer.name(), name, fid))
        self._stamp(layer, fid)

    def _stamp(self, layer, fid):
        """Record who edited and when, unless the layer's own on-update defaults do it."""
        stamps = {"edited_by": QgsApplication.userFullName() or QgsApplication.userLoginName(),
                  "edited_at": QDateTime.currentDateTime()}
        for name, value in stamps.items():
            index = layer.fields().lookupField(name)
            if index >= 0 and not layer.defaultValueDefinition(index).applyOnUpdate():
                layer.changeAttributeValue(fid, index, value)

    def typed_values(self, raw_values, fid=None):
        """Read raw form values ``{field: text or value}`` as the core does; refuse unreadable ones.

        Returns ``{field: typed value}``; raises EditRefused carrying the coercion findings
        (a number that is not a number, an unknown type or service) so nothing is stored wrongly.
        With ``fid`` the findings name that project.
        """
        unknown = [name for name in raw_values if name not in FIELD_BY_NAME]
        if unknown:
            raise EditRefused(self.tr("Unknown blueprint field(s): {0}.").format(", ".join(unknown)))
        base = dict(self.record(fid)) if fid is not None else {}
        parsed = parse_record({**base, **raw_values})
        problems = [f for f in parsed.findings if f.field in raw_values]
        if problems:
            raise EditRefused("; ".join(f.message_en for f in problems), problems)
        return {name: parsed[name] for name in raw_values}

    def set_values(self, fid, raw_values, description=None):
        """Write ``{field: raw value}`` to feature ``fid`` as one undoable edit command."""
        typed = self.typed_values(raw_values, fid)
        layer = self._start_editing()
        if fid in self.unreached:
            self.unreached[fid].update(raw_values)
        text = description or self.tr("Edit project {0}").format(", ".join(raw_values))
        self._run_command(layer, text, lambda: self._write(
            layer, fid, {name: layer_value(name, value) for name, value in typed.items()}))

    def move(self, fids, year):
        """Move projects to reserve ``year`` (None = unscheduled) by ``core.move_to_year``.

        All or nothing: when the core refuses one project (works started, year outside the
        plan), nothing moves and EditRefused names every refused project.
        """
        plans, refusals = [], []
        for fid in fids:
            record = self.record(fid)
            if not is_movable(record):
                refusals.append(self.tr("Cannot move {0}: its works have started (under construction or "
                                        "completed), so its reserve year is a record; change the status "
                                        "first if it is wrong.").format(project_label(record)))
                continue
            try:
                plans.append((fid, move_to_year(record, year, self.window)))
            except (BlueprintValueError, LifeCircleError) as error:
                refusals.append(error_text(error, self.language))
        if refusals:
            raise EditRefused("\n".join(refusals))
        plans = [(fid, changes) for fid, changes in plans if changes]
        if not plans:
            return
        layer = self._start_editing()
        target = self.tr("unscheduled") if year is None else str(year)
        text = self.tr("Move {0} project(s) to {1}").format(len(plans), target)

        def apply():
            for fid, changes in plans:
                self._write(layer, fid, {name: layer_value(name, value) for name, value in changes.items()})

        self._run_command(layer, text, apply)

    def add_project(self, geometry, raw_values=None):
        """Add a project with ``geometry`` (in the layer's CRS); return its (temporary) feature id.

        The new project gets the next free ``P<n>`` ID and the layer's default values; other
        fields stay empty for the planner to fill in (the form shows what is still missing).
        """
        values = {"project_id": next_project_id(self.records.values())}
        values.update(raw_values or {})
        typed = self.typed_values(values)
        layer = self._start_editing()
        attributes = {self._field_index(layer, name): layer_value(name, value)
                      for name, value in typed.items()}
        feature = QgsVectorLayerUtils.createFeature(layer, geometry, attributes, layer.createExpressionContext())

        def apply():
            if not layer.addFeature(feature):
                raise EditRefused(self.tr("Layer '{0}' refused the new project (check its geometry type)."
                                          ).format(layer.name()))
            self.unreached[feature.id()] = set()
            self.recordChanged.emit(feature.id())  # its findings were listed before it was spared
            return feature.id()

        return self._run_command(layer, self.tr("Add project {0}").format(values["project_id"]), apply)

    def delete(self, fids):
        """Delete projects as one undoable command."""
        for fid in fids:
            self.record(fid)
        layer = self._start_editing()

        def apply():
            if not layer.deleteFeatures(list(fids)):
                raise EditRefused(self.tr("Layer '{0}' refused to delete features {1}."
                                          ).format(layer.name(), ", ".join(map(str, fids))))

        self._run_command(layer, self.tr("Delete {0} project(s)").format(len(fids)), apply)

    def save(self, overwrite=False):
        """Save the edit buffer: atomically into a blueprint GeoPackage (``save_edits``, which
        refuses values breaking a hard constraint and then keeps the edits), by QGIS's commit
        for any other data source. Values someone else saved since they were edited here are
        refused (``EditConflict``) unless ``overwrite``. Failures raise with the reason; no edit
        is lost."""
        layer = self._require_layer()
        if not layer.isEditable():
            return
        if overwrite:
            self.baseline.accept(self.baseline.conflicts(layer))
        try:
            geopackage_path(layer)
        except BlueprintLayerError:
            self.baseline.refuse_conflicts(layer)
            if not layer.commitChanges():
                raise EditRefused(self.tr("Saving layer '{0}' failed:\n{1}").format(
                    layer.name(), "\n".join(layer.commitErrors()))) from None
            return
        save_edits(layer, baseline=self.baseline)

    def cancel(self):
        """Roll back every unsaved edit and stop editing."""
        layer = self._require_layer()
        if layer.isEditable():
            layer.rollBack()

    def restore(self, pending):
        """Replay ``pending`` edits (of this layer, removed earlier) into the edit buffer."""
        layer = self._start_editing()
        if not pending.apply(layer, self.tr("Restore {0} unsaved edit(s)").format(pending.count())):
            raise EditRefused(self.tr("The kept edits of '{0}' no longer fit the layer (features deleted "
                                      "or fields changed meanwhile); they were not restored.").format(
                pending.layer_name), code="blueprint.restore_refused")
        self.baseline.stored.update(pending.baseline.stored)

    def undo(self):
        self._require_layer().undoStack().undo()

    def redo(self):
        self._require_layer().undoStack().redo()
