"""The form of the selected project, with the core's rule findings shown next to each field.

Every editor is checked live with ``core.blueprint.check_project`` as the planner types.
A field is written to the layer's edit buffer (one undoable command) when its editor is left
or its choice changes; a value the core cannot read (e.g. 'abc' as an area) is refused: the
editor keeps the text, marked, and the refusal is shown beside it, never silently dropped.
"""
from qgis.PyQt.QtCore import QCoreApplication, QEvent, QObject, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (QComboBox, QFormLayout, QLabel, QLineEdit, QListView, QListWidget,
                                 QListWidgetItem, QPlainTextEdit, QScrollArea, QTabWidget,
                                 QVBoxLayout, QWidget)

from ..adapters.blueprint_layer import STAMP_FIELDS
from ..core.blueprint import (DATE, DATETIME, ERROR, FIELDS, GROUPS, check_project,
                              findings_by_field, parse_record)
from ..core.services import SERVICES, format_services
from .blueprint_session import EditRefused, display_text, follow_session, project_label
from .project_list_model import ERROR_COLOUR, WARNING_COLOUR, choice_label, field_label, ui_language

REFUSED_STYLE = "border: 2px solid #b00020;"


class _FocusOutWatcher(QObject):
    """Calls ``callback`` when the watched multi-line editor loses focus (it has no editingFinished)."""

    def __init__(self, callback, parent):
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, watched, event):  # Qt API
        if event.type() == QEvent.Type.FocusOut:
            self.callback()
        return False


class ProjectForm(QWidget):
    """Editors for every catalogue field of one project, grouped in the catalogue's tabs.

    ``editors[name]`` is the editor of a field and ``finding_labels[name]`` the label beside it
    that shows its findings (and refusals). ``message`` is emitted with text for the dock's
    message bar when an edit is refused.
    """

    message = pyqtSignal(str)

    def __init__(self, language=None, parent=None):
        super().__init__(parent)
        self.language = language or ui_language()
        self.session = None
        self.fid = None
        self.refused = {}  # field -> refusal text, for values kept in the editor but not stored
        self.editors = {}
        self.finding_labels = {}
        self._loading = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        for group in GROUPS:
            page = QWidget()
            form = QFormLayout(page)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for spec in (s for s in FIELDS if s.group == group.code):
                form.addRow(field_label(spec.name, self.language), self._field_widget(spec))
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            self.tabs.addTab(scroll, group.zh if self.language == "zh" else group.en)
        self.set_project(None, None)

    def tr(self, text):
        return QCoreApplication.translate("ProjectForm", text)

    # -- building --------------------------------------------------------------------------

    def _field_widget(self, spec):
        editor = self._editor(spec)
        editor.setObjectName(f"field_{spec.name}")
        self.editors[spec.name] = editor
        label = QLabel()
        label.setWordWrap(True)
        label.setObjectName(f"findings_{spec.name}")
        label.hide()
        self.finding_labels[spec.name] = label
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(editor)
        column.addWidget(label)
        return box

    def _editor(self, spec):
        name = spec.name
        if name == "services":
            editor = QListWidget()
            for service in SERVICES:
                text = service.name_zh if self.language == "zh" else f"{service.name_zh}  {service.name_en}"
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, service.code)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setToolTip(self.tr("十全 (required)") if service.required else self.tr("十美 (optional)"))
                editor.addItem(item)
            # Two columns (十全, then 十美) of ten rows, all in view: no ticked service is scrolled away.
            editor.setFlow(QListView.Flow.TopToBottom)
            editor.setWrapping(True)
            editor.setResizeMode(QListView.ResizeMode.Adjust)
            editor.setUniformItemSizes(True)
            rows = (len(SERVICES) + 1) // 2
            editor.setFixedHeight(editor.sizeHintForRow(0) * rows + 2 * editor.frameWidth()
                                  + editor.horizontalScrollBar().sizeHint().height())
            editor.itemChanged.connect(lambda _item: self._on_changed(name, commit=True))
            return editor
        if name == "unit_id":  # typed, or chosen among the IDs of the dock's units layer
            editor = QComboBox()
            editor.setEditable(True)
            editor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            editor.lineEdit().textEdited.connect(lambda _text: self._on_changed(name, commit=False))
            editor.lineEdit().editingFinished.connect(lambda: self.commit_field(name))
            editor.activated.connect(lambda _index: self.commit_field(name))
            return editor
        if spec.value_map:
            editor = QComboBox()
            editor.addItem("", None)
            for choice in spec.value_map:
                editor.addItem(choice_label(spec.value_map, choice.code, self.language), choice.code)
            editor.currentIndexChanged.connect(lambda _index: self._on_changed(name, commit=True))
            return editor
        if spec.multiline:
            editor = QPlainTextEdit()
            editor.setTabChangesFocus(True)
            editor.setMaximumHeight(64)
            editor.textChanged.connect(lambda: self._on_changed(name, commit=False))
            editor.installEventFilter(_FocusOutWatcher(lambda: self.commit_field(name), editor))
            return editor
        editor = QLineEdit()
        if spec.type == DATE:
            editor.setPlaceholderText("2027-03-01")
        elif spec.type == DATETIME:
            editor.setPlaceholderText("2027-03-01 09:30")
        if name in STAMP_FIELDS:
            editor.setReadOnly(True)
        else:
            editor.textEdited.connect(lambda _text: self._on_changed(name, commit=False))
            editor.editingFinished.connect(lambda: self.commit_field(name))
        return editor

    # -- values ----------------------------------------------------------------------------

    def raw_value(self, name):
        """What the editor of ``name`` holds, as the core reads it (None when empty)."""
        editor = self.editors[name]
        if name == "services":
            codes = [editor.item(i).data(Qt.ItemDataRole.UserRole) for i in range(editor.count())
                     if editor.item(i).checkState() == Qt.CheckState.Checked]
            return format_services(codes) or None
        if isinstance(editor, QComboBox) and editor.isEditable():
            return editor.currentText().strip() or None
        if isinstance(editor, QComboBox):
            return editor.currentData()
        text = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
        return text.strip() or None

    def set_raw_value(self, name, value):
        """Put a stored value in the editor of ``name`` without writing it back."""
        editor = self.editors[name]
        self._loading = True
        try:
            if name == "services":
                codes = set(parse_record({"services": value})["services"] or ())
                for i in range(editor.count()):
                    item = editor.item(i)
                    ticked = item.data(Qt.ItemDataRole.UserRole) in codes
                    item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            elif isinstance(editor, QComboBox) and editor.isEditable():
                editor.setEditText(display_text(name, value))
            elif isinstance(editor, QComboBox):
                code = parse_record({name: value})[name]
                index = editor.findData(code) if code is not None else 0
                if index < 0:  # an unknown code stays visible so the finding makes sense
                    editor.addItem(str(value), str(value))
                    index = editor.count() - 1
                editor.setCurrentIndex(index)
            elif isinstance(editor, QPlainTextEdit):
                if editor.toPlainText() != display_text(name, value):
                    editor.setPlainText(display_text(name, value))
            else:
                editor.setText(display_text(name, value))
        finally:
            self._loading = False

    def set_unit_ids(self, ids):
        """Offer ``ids`` (of the basic units layer) in the unit field's drop-down; its text stays."""
        editor = self.editors["unit_id"]
        text = editor.currentText()
        self._loading = True
        try:
            editor.clear()
            editor.addItems(list(ids))
            editor.setEditText(text)
        finally:
            self._loading = False

    def form_record(self):
        """The project as the form shows it: stored values overlaid with every editor's content."""
        record = dict(self.session.record(self.fid)) if self._has_project() else {}
        for name in self.editors:
            if name not in STAMP_FIELDS:
                record[name] = self.raw_value(name)
        return record

    # -- project ---------------------------------------------------------------------------

    def set_session(self, session):
        follow_session(self, session)
        self.set_project(None, session)

    def _signal_slots(self):
        return ((self.session.recordChanged, self._on_record_changed),
                (self.session.reloaded, self._on_reloaded),
                (self.session.layerGone, self._on_reloaded))

    def _has_project(self):
        return self.session is not None and self.fid in self.session.records

    def set_project(self, fid, session=None):
        """Show project ``fid`` (None: nothing selected, editors disabled)."""
        if session is not None:
            self.session = session
        self.fid = fid
        self.refused = {}
        enabled = self._has_project()
        for editor in self.editors.values():
            editor.setEnabled(enabled)
            editor.setStyleSheet("")
        self._load()

    def _load(self):
        record = self.session.record(self.fid) if self._has_project() else {}
        for name in self.editors:
            if name not in self.refused:
                self.set_raw_value(name, record.get(name))
        self.update_findings()

    def _on_record_changed(self, fid):
        if fid == self.fid:
            self._load()

    def _on_reloaded(self):
        if self._has_project():
            self._load()
        else:  # the project was deleted, rolled back or its layer removed
            self.set_project(None)

    # -- checks and edits ------------------------------------------------------------------

    def _on_changed(self, name, commit):
        if self._loading:
            return
        self.update_findings()
        if commit:
            self.commit_field(name)

    def update_findings(self):
        """Run ``check_project`` on what the form shows and put each finding beside its field."""
        if not self._has_project():
            self.title.setText(self.tr("Select a project in the list, or add one on the map."))
            for label in self.finding_labels.values():
                label.hide()
            return
        record = self.form_record()
        findings = self.session.visible_findings(
            self.fid, check_project(record, self.session.window, self.session.settings))
        # A refused value's reading problem is said once, as the refusal.
        findings = [f for f in findings if f.field not in self.refused
                    or f.message(self.language) not in self.refused[f.field]]
        grouped = findings_by_field(findings)
        not_stored = self.tr("Not stored:")
        for name, label in self.finding_labels.items():
            # Each line in its severity's colour: errors and warnings can share a field.
            lines = []
            if name in self.refused:
                lines.append((ERROR_COLOUR, f"<b>{self._escape(not_stored)}</b> {self._escape(self.refused[name])}"))
            for finding in grouped.get(name, []):
                colour = ERROR_COLOUR if finding.severity == ERROR else WARNING_COLOUR
                lines.append((colour, self._escape(finding.message(self.language))))
            label.setText("<br>".join(f'<span style="color:{colour.name()}">{text}</span>'
                                      for colour, text in lines))
            label.setVisible(bool(lines))
        errors = sum(f.severity == ERROR for f in findings) + len(self.refused)
        warnings = sum(f.severity != ERROR for f in findings)
        self.title.setText(self.tr("<b>{0}</b> — {1} error(s), {2} warning(s)").format(
            self._escape(project_label(record)), errors, warnings))

    @staticmethod
    def _escape(text):
        return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def commit_field(self, name):
        """Write the editor of ``name`` to the layer unless it already holds that value.

        A refused value stays in the editor, marked, with the refusal shown beside it and
        sent to ``message``.
        """
        if self._loading or not self._has_project() or self.session.layer is None:
            return
        raw = self.raw_value(name)
        stored = self.session.record(self.fid).get(name)
        editor = self.editors[name]
        try:
            typed = self.session.typed_values({name: raw}, self.fid)[name]
            if typed != parse_record({name: stored})[name]:
                self.session.set_values(self.fid, {name: raw}, self.tr("Edit {0} of {1}").format(
                    field_label(name, self.language), self.session.record(self.fid).get("project_id")))
        except EditRefused as error:
            text = "; ".join(f.message(self.language) for f in error.findings) or str(error)
            self.refused[name] = text
            editor.setStyleSheet(REFUSED_STYLE)
            self.update_findings()
            self.message.emit(self.tr("{0}: not stored — {1}").format(field_label(name, self.language), text))
            return
        if name in self.refused:
            del self.refused[name]
            editor.setStyleSheet("")
            self._load()
