"""Run inside real QGIS desktop (``qgis --code tests/qgis/gui_chinese_check.py``) by tests/qgis/test_gui_chinese.py.

It opens the Processing toolbox on the LifeCircle group, each LifeCircle algorithm's dialog and the 社区蓝图
dock on a blueprint (projects list and reserve board), and writes every text a planner can read there to the
JSON file named by LIFECIRCLE_GUI_REPORT, then leaves QGIS. With LIFECIRCLE_GUI_SHOTS set to a folder it also
saves screenshots there (the README's). Not a pytest test: the name does not start with test_.
"""
import json
import os
import traceback

REPORT_VARIABLE = "LIFECIRCLE_GUI_REPORT"
SHOTS_VARIABLE = "LIFECIRCLE_GUI_SHOTS"
# The algorithm whose dialog the README shows, filled as a planner would on the sample district.
SHOWN_ALGORITHM = "lifecircle:walkingcoverage"
START_DELAY_MS = 2500


def widget_texts(root):
    """Every text a user reads in ``root`` and its children: labels, buttons, titles, tab names, enum
    choices, list and table cells and headers, help browsers. Layer and field pickers are skipped: they
    show the user's own data names."""
    from qgis.gui import QgsFieldComboBox, QgsMapLayerComboBox
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtWidgets import (QAbstractButton, QAbstractItemView, QComboBox, QGroupBox, QLabel,
                                     QLineEdit, QTabWidget, QTextEdit, QWidget)

    texts = []

    def model_texts(model):
        try:
            columns = model.columnCount()
        except TypeError:  # a list model: sip hides its (private) columnCount
            columns = 1
        for row in range(min(model.rowCount(), 200)):
            for column in range(columns):
                value = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
                if value:
                    texts.append(str(value))
        for column in range(columns):
            header = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
            if header:
                texts.append(str(header))

    for widget in [root] + root.findChildren(QWidget):
        if isinstance(widget, (QgsMapLayerComboBox, QgsFieldComboBox)):
            continue
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif type(widget) is QComboBox:  # enum choices; layer and field pickers are subclasses
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTextEdit):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model_texts(widget.model())
        if widget.windowTitle() and widget.isWindow():
            texts.append(widget.windowTitle())
    return [t for t in texts if t and t.strip()]


def toolbox_texts(window):
    """The LifeCircle group of the Processing toolbox, expanded: provider, groups and algorithm names; and a
    function scrolling the toolbox to that group."""
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtWidgets import QAbstractItemView
    from qgis.utils import plugins

    toolbox = plugins["processing"].toolbox
    toolbox.show()
    toolbox.raise_()
    tree = toolbox.algorithmTree
    model = tree.model()
    texts = []

    def has_ours(parent):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            algorithm = tree.algorithmForIndex(index)
            if algorithm is not None and algorithm.provider().id() == "lifecircle":
                return True
            if algorithm is None and has_ours(index):
                return True
        return False

    def collect(parent):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            algorithm = tree.algorithmForIndex(index)
            if algorithm is None and has_ours(index):
                tree.expand(index)
                if parent == tree.rootIndex():
                    provider.append(index)
                texts.append(index.data(Qt.ItemDataRole.DisplayRole))
                collect(index)
            elif algorithm is not None and algorithm.provider().id() == "lifecircle":
                texts.append(index.data(Qt.ItemDataRole.DisplayRole))

    provider = []
    collect(tree.rootIndex())
    top = QAbstractItemView.ScrollHint.PositionAtTop
    return [t for t in texts if t], lambda: provider and tree.scrollTo(provider[0], top)


def run_checks(report_path, shots):
    import processing
    from qgis.core import QgsApplication, QgsProject
    from qgis.PyQt.QtCore import QEventLoop, QTimer
    from qgis.utils import iface, plugins

    window = iface.mainWindow()
    window.resize(1600, 1000)
    window.showMaximized()
    report = {"translation": QgsApplication.instance().translation(), "toolbox": [], "dialogs": {}, "dock": [],
              "board": [], "errors": []}

    def settle(milliseconds=300):
        """Let QGIS lay out and paint for a while (a nested event loop)."""
        loop = QEventLoop()
        QTimer.singleShot(milliseconds, loop.quit)
        loop.exec()

    def layer_named(name):
        return next(layer for layer in QgsProject.instance().mapLayers().values() if layer.name() == name)

    def finish(code=0):
        with open(report_path, "w", encoding="utf-8") as handle:
            json.dump(report, handle, ensure_ascii=False, indent=1)
        # QGIS 3.22's own shutdown under Xvfb crashes or waits on an unseen dialog: leave directly.
        os._exit(code)

    def check():
        try:
            plugin = plugins.get("lifecircle")
            if plugin is None or plugin.provider is None:
                report["errors"].append("the lifecircle plugin or its provider is not loaded")
                finish(3)
            report["qgis_menus"] = [action.text() for action in window.menuBar().actions()]
            report["toolbox"], show_our_group = toolbox_texts(window)
            for algorithm in plugin.provider.algorithms():
                parameters = {}
                if algorithm.id() == SHOWN_ALGORITHM:
                    parameters = {"NETWORK": layer_named("roads"), "FACILITIES": layer_named("facilities"),
                                  "DEMAND": layer_named("compounds"), "GATES": layer_named("gates"),
                                  "UNITS": layer_named("units"), "THRESHOLDS": 1}
                dialog = processing.createAlgorithmDialog(algorithm.id(), parameters)
                dialog.resize(1100, 900)
                dialog.show()
                settle(400)
                report["dialogs"][algorithm.id()] = widget_texts(dialog)
                if algorithm.id() == SHOWN_ALGORITHM:
                    fields = {name: dialog.mainWidget().wrappers[name].parameterValue()
                              for name in ("SERVICE_FIELD", "POPULATION_FIELD", "UNIT_ID_FIELD")}
                    report["preselected_fields"] = {k: v if isinstance(v, str) else None for k, v in fields.items()}
                    if shots:
                        dialog.grab().save(os.path.join(shots, "screenshot_dialog.png"))
                dialog.close()
                dialog.deleteLater()
            dock = plugin.blueprint_dock
            next(action for action in plugin.actions if action.isCheckable()).trigger()
            layer = dock.current_layer()
            iface.setActiveLayer(layer)
            iface.mapCanvas().setExtent(layer.extent().buffered(250))
            hub = next(fid for fid, record in dock.session.records.items()
                       if record["name"] == "徐家汇路临时停车场地块")
            dock.select_project(hub)  # a 人民坊 with one service: the form shows why that is not enough
            window.resizeDocks([dock], [620], 1)
            iface.mapCanvas().refreshAllLayers()
            show_our_group()  # the LifeCircle group at the top of the toolbox, as a planner opens it
            settle(2500)  # the map renders before the picture
            report["dock"] = widget_texts(dock)
            if shots:
                iface.messageBar().clearWidgets()
                window.grab().save(os.path.join(shots, "screenshot_zh_hans.png"))
            dock.tabs.setCurrentIndex(1)
            settle(400)
            report["board"] = widget_texts(dock.tabs.currentWidget())
            finish(0)
        except Exception:  # everything goes to the report the test reads
            report["errors"].append(traceback.format_exc())
            finish(4)

    QTimer.singleShot(START_DELAY_MS, check)


if os.environ.get(REPORT_VARIABLE):
    run_checks(os.environ[REPORT_VARIABLE], os.environ.get(SHOTS_VARIABLE))
