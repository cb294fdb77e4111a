"""The one builder of memory layers: shapely geometries and rows of values into a QGIS layer, as the
reports' maps and the sample district load them."""
from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication


def geometry_type_of(name, geometries):
    """The one geometry type that holds every geometry given (points stay single; lines and polygons
    become multi), or a refusal naming the layer when they mix kinds."""
    kinds = {g.geom_type for g in geometries if g is not None and not g.is_empty}
    if kinds <= {"Point"}:
        return "Point"
    if kinds <= {"Point", "MultiPoint"}:
        return "MultiPoint"
    if kinds <= {"LineString", "MultiLineString"}:
        return "MultiLineString"
    if kinds <= {"Polygon", "MultiPolygon"}:
        return "MultiPolygon"
    raise QgsProcessingException(QCoreApplication.translate(
        "MemoryLayer", "Map layer '{0}' mixes geometry types ({1}); a layer holds one kind of geometry.").format(
        name, ", ".join(sorted(kinds))))


def memory_layer(name, geometries, crs, fields=(), rows=None, geometry_type=None):
    """A memory layer named ``name`` of shapely ``geometries`` (in ``crs``), with ``fields`` [(name, QVariant
    type)] and one row of values per geometry. None or empty geometries are left out. ``geometry_type`` (a
    WKB type name such as "MultiPolygon") is the one declared; without it, the type that holds them all."""
    import shapely  # here, not at module level: QGIS's start stays light

    geometries = list(geometries)
    rows = list(rows) if rows is not None else [()] * len(geometries)
    if len(rows) != len(geometries):
        raise QgsProcessingException(QCoreApplication.translate(
            "MemoryLayer", "Map layer '{0}': {1} rows of values for {2} geometries.").format(
            name, len(rows), len(geometries)))
    layer = QgsVectorLayer(geometry_type or geometry_type_of(name, geometries), name, "memory")
    layer.setCrs(crs)
    provider = layer.dataProvider()
    provider.addAttributes([QgsField(field_name, field_type) for field_name, field_type in fields])
    layer.updateFields()
    features = []
    for geometry, values in zip(geometries, rows):
        if geometry is None or geometry.is_empty:
            continue
        qgs_geometry = QgsGeometry()
        qgs_geometry.fromWkb(shapely.to_wkb(geometry))
        feature = QgsFeature(layer.fields())
        feature.setGeometry(qgs_geometry)
        feature.setAttributes(list(values))
        features.append(feature)
    provider.addFeatures(features)
    layer.updateExtents()
    return layer
