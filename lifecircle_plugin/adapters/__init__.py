"""The QGIS side of LifeCircle, in one place: what turns QGIS layers into core data and core results into
QGIS layers, shared by the Processing algorithms and the dock.

  layer_io         QGIS layers into core arrays in one metric CRS; float columns out as NULL-aware values
  values           the one converter of QGIS attribute values (NULL, QDate, QDateTime) into plain Python
  memory_layer     the one builder of memory layers from shapely geometries and rows
  styles           QML styles and Chinese field aliases applied as outputs load
  blueprint_layer  the blueprint GeoPackage's schema, form, style and plan window
  blueprint_store  saving the blueprint's edits: atomic, refusing concurrent overwrites

Nothing here imports the Processing framework's algorithms or the dock: they import from here.
"""
