"""Map tools the dock uses to place a new project: a click for point layers, a drawn polygon
for polygon layers. Both emit ``captured(QgsGeometry)`` in the map canvas's CRS."""
from qgis.core import QgsGeometry, QgsPointXY, QgsWkbTypes
from qgis.gui import QgsMapTool, QgsRubberBand
from qgis.PyQt.QtCore import QCoreApplication, Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor

RUBBER_BAND_COLOUR = QColor(200, 30, 60, 160)
RUBBER_BAND_FILL = QColor(200, 30, 60, 50)


class PointCaptureTool(QgsMapTool):
    """Left click: emit the clicked point."""

    captured = pyqtSignal(QgsGeometry)

    def __init__(self, canvas):
        super().__init__(canvas)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def canvasReleaseEvent(self, event):  # QGIS API
        if event.button() == Qt.MouseButton.LeftButton:
            self.captured.emit(QgsGeometry.fromPointXY(self.toMapCoordinates(event.pos())))


class PolygonCaptureTool(QgsMapTool):
    """Left clicks add vertices, right click (or Enter) closes the polygon, Backspace removes
    the last vertex, Esc starts over. A rubber band shows the polygon while it is drawn."""

    captured = pyqtSignal(QgsGeometry)
    message = pyqtSignal(str)

    def __init__(self, canvas):
        super().__init__(canvas)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.vertices = []
        self.rubber_band = QgsRubberBand(canvas, QgsWkbTypes.PolygonGeometry)
        self.rubber_band.setStrokeColor(RUBBER_BAND_COLOUR)
        self.rubber_band.setFillColor(RUBBER_BAND_FILL)
        self.rubber_band.setWidth(2)

    def _show(self, moving_point=None):
        points = self.vertices + ([moving_point] if moving_point is not None else [])
        self.rubber_band.setToGeometry(QgsGeometry.fromPolygonXY([points]) if len(points) >= 3
                                       else QgsGeometry.fromPolylineXY(points), None)

    def canvasMoveEvent(self, event):  # QGIS API
        if self.vertices:
            self._show(QgsPointXY(self.toMapCoordinates(event.pos())))

    def canvasReleaseEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton:
            self.vertices.append(QgsPointXY(self.toMapCoordinates(event.pos())))
            self._show()
        elif event.button() == Qt.MouseButton.RightButton:
            self.finish()

    def keyPressEvent(self, event):
        if event.key() == Qt.Key.Key_Escape:
            self.reset()
        elif event.key() == Qt.Key.Key_Backspace and self.vertices:
            self.vertices.pop()
            self._show()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish()
        else:
            event.ignore()

    def finish(self):
        """Emit the polygon when it has three vertices or more (else say so); start a new one."""
        vertices = self.vertices
        self.reset()
        if len(vertices) >= 3:
            self.captured.emit(QgsGeometry.fromPolygonXY([vertices]))
        else:
            self.message.emit(QCoreApplication.translate(
                "PolygonCaptureTool", "A project polygon needs at least three vertices; {0} given. "
                "Click the corners, then right-click to close it.").format(len(vertices)))

    def reset(self):
        self.vertices = []
        self.rubber_band.reset(QgsWkbTypes.PolygonGeometry)

    def deactivate(self):
        self.reset()
        super().deactivate()

    def remove_rubber_band(self):
        """Take the rubber band off the canvas for good (when the dock goes away)."""
        self.reset()
        self.canvas().scene().removeItem(self.rubber_band)
