"""The small, awkward data sets of the hostile-input suite (tests/qgis/test_hostile_*.py), written with OGR.

Everything lies in CGCS2000 / 3-degree Gauss-Kruger CM 120E (EPSG:4549) around (X0, Y0) on a 200 m grid
of walking lines, except the coordinate-fix layers (EPSG:4326). Layer names say what is wrong with them.
"""
import os

from osgeo import ogr, osr

X0, Y0 = 640000.0, 3454000.0
STEP = 200.0
GRID = 4  # 5 x 5 nodes, 800 m square

# A folder nobody may create files in, even root (sysfs); absent in a chroot without /sys mounted.
READ_ONLY = "/sys"


def read_only_folder_available():
    probe = os.path.join(READ_ONLY, "lifecircle-probe.csv")
    try:
        open(probe, "x").close()  # a probe: does this folder refuse new files even to root?
    except PermissionError:
        return True
    except OSError:
        return False
    os.remove(probe)
    return False


TEXT, REAL, INT, DATE = ogr.OFTString, ogr.OFTReal, ogr.OFTInteger, ogr.OFTDate


def at(i, j):
    return X0 + i * STEP, Y0 + j * STEP


def point(i, j):
    x, y = at(i, j)
    return f"POINT ({x} {y})"


def square(i, j, half=40.0):
    x, y = at(i, j)
    return f"POLYGON (({x - half} {y - half}, {x + half} {y - half}, {x + half} {y + half}, {x - half} {y + half}, " \
           f"{x - half} {y - half}))"


def write_layer(path, name, geometry_type, fields, rows, epsg=4549):
    """Add layer ``name`` to the GeoPackage ``path``: fields [(name, OGR type)], rows [(wkt or None, values)]."""
    driver = ogr.GetDriverByName("GPKG")
    source = ogr.Open(str(path), 1) if path.exists() else driver.CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    layer = source.CreateLayer(name, srs, geometry_type)
    for field_name, field_type in fields:
        layer.CreateField(ogr.FieldDefn(field_name, field_type))
    for wkt, values in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        if wkt is not None:
            feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        for (field_name, _), value in zip(fields, values):
            if value is not None:
                feature.SetField(field_name, value)
        layer.CreateFeature(feature)
    source = None
    return f"{path}|layername={name}"


def grid_lines():
    lines = []
    for k in range(GRID + 1):
        (xa, ya), (xb, yb) = at(0, k), at(GRID, k)
        lines.append(f"LINESTRING ({xa} {ya}, {xb} {yb})")
        (xa, ya), (xb, yb) = at(k, 0), at(k, GRID)
        lines.append(f"LINESTRING ({xa} {ya}, {xb} {yb})")
    return lines


def build(path):
    """Write every layer of the suite into ``path``; returns {name: layer URI}."""
    layers = {}
    road_fields = [("highway", TEXT), ("name", TEXT), ("cost", REAL), ("cost_text", TEXT)]
    roads = [(wkt, ["footway", f"road {n}", 1.0, "1" if n else "steep"]) for n, wkt in enumerate(grid_lines())]
    layers["roads"] = write_layer(path, "roads", ogr.wkbLineString, road_fields, roads)
    curved = roads[2:] + [
        (f"CIRCULARSTRING ({at(0, 0)[0]} {at(0, 0)[1]}, {at(1, 1)[0] - 60} {at(1, 1)[1] + 60}, "
         f"{at(2, 2)[0]} {at(2, 2)[1]})", ["footway", "arc", 1.0, "1"]),
        (f"COMPOUNDCURVE (({at(0, 4)[0]} {at(0, 4)[1]}, {at(1, 4)[0]} {at(1, 4)[1]}), "
         f"CIRCULARSTRING ({at(1, 4)[0]} {at(1, 4)[1]}, {at(1, 4)[0] + 100} {at(1, 4)[1] - 100}, "
         f"{at(2, 4)[0]} {at(2, 4)[1]}))", ["footway", "compound", 1.0, "1"]),
        (f"MULTICURVE (CIRCULARSTRING ({at(3, 0)[0]} {at(3, 0)[1]}, {at(3, 0)[0] + 100} {at(3, 0)[1] + 100}, "
         f"{at(4, 0)[0]} {at(4, 0)[1]}))", ["footway", "multicurve", 1.0, "1"]),
    ]
    layers["roads_curved"] = write_layer(path, "roads_curved", ogr.wkbMultiCurve, road_fields, curved)
    trunk = [(wkt, ["trunk" if n == 0 else "footway", f"road {n}", 1.0, "1"]) for n, wkt in enumerate(grid_lines())]
    layers["roads_trunk"] = write_layer(path, "roads_trunk", ogr.wkbLineString, road_fields, trunk)

    facility_fields = [("name", TEXT), ("services", TEXT)]
    facilities = [(point(1, 1), ["clinic", "health,elderly,party"]), (point(3, 3), ["nursery", "nursery,culture"]),
                  (point(1, 3), ["centre", "party,deliberation,employment,sports"])]
    layers["facilities"] = write_layer(path, "facilities", ogr.wkbPoint, facility_fields, facilities)

    resident_fields = [("name", TEXT), ("population", REAL), ("pop_text", TEXT)]
    residents = [(point(i, j), [f"home {i}{j}", 100.0 + 10 * i + j, "12" if i else "abc"])
                 for i in range(0, GRID + 1, 2) for j in range(0, GRID + 1, 2)]
    layers["residents"] = write_layer(path, "residents", ogr.wkbPoint, resident_fields, residents)
    far = residents + [(f"POINT ({X0 + 5000} {Y0 + 5000})", ["far away", 50.0, "50"])]
    layers["residents_far"] = write_layer(path, "residents_far", ogr.wkbPoint, resident_fields, far)
    huge = [(wkt, [name, 1e308, text]) for wkt, (name, _, text) in residents]
    layers["residents_huge"] = write_layer(path, "residents_huge", ogr.wkbPoint, resident_fields, huge)
    mixed = residents[:4] + [(square(3, 1), ["compound", 300.0, "300"])]
    layers["residents_mixed"] = write_layer(path, "residents_mixed", ogr.wkbUnknown, resident_fields, mixed)
    x, y = at(2, 2)
    curved_compounds = [
        (f"CURVEPOLYGON (CIRCULARSTRING ({x - 50} {y}, {x + 50} {y}, {x - 50} {y}))", ["round", 200.0, "200"]),
        (f"MULTISURFACE ({square(1, 2)[8:]})", ["multisurface", 80.0, "80"]),
    ]
    layers["residents_curved"] = write_layer(path, "residents_curved", ogr.wkbMultiSurface, resident_fields,
                                             curved_compounds)

    unit_fields = [("unit_id", TEXT)]
    left = f"POLYGON (({X0 - 100} {Y0 - 100}, {X0 + 400} {Y0 - 100}, {X0 + 400} {Y0 + 900}, {X0 - 100} {Y0 + 900}, " \
           f"{X0 - 100} {Y0 - 100}))"
    right = f"POLYGON (({X0 + 400} {Y0 - 100}, {X0 + 900} {Y0 - 100}, {X0 + 900} {Y0 + 900}, {X0 + 400} {Y0 + 900}, " \
            f"{X0 + 400} {Y0 - 100}))"
    layers["units"] = write_layer(path, "units", ogr.wkbPolygon, unit_fields, [(left, ["U1"]), (right, ["U2"])])
    layers["units_null_id"] = write_layer(path, "units_null_id", ogr.wkbPolygon, unit_fields,
                                          [(left, ["U1"]), (right, [None])])
    layers["units_dup_id"] = write_layer(path, "units_dup_id", ogr.wkbPolygon, unit_fields,
                                         [(left, ["U1"]), (right, ["U1"])])
    curved_left = f"CURVEPOLYGON (COMPOUNDCURVE (({X0 - 100} {Y0 - 100}, {X0 + 400} {Y0 - 100}, {X0 + 400} " \
                  f"{Y0 + 900}, {X0 - 100} {Y0 + 900}), CIRCULARSTRING ({X0 - 100} {Y0 + 900}, {X0 - 150} " \
                  f"{Y0 + 400}, {X0 - 100} {Y0 - 100})))"
    layers["units_curved"] = write_layer(path, "units_curved", ogr.wkbCurvePolygon, unit_fields,
                                         [(curved_left, ["U1"])])

    candidate_fields = [("name", TEXT), ("floor_area", TEXT), ("area_num", REAL)]
    candidates = [(point(2, 2), ["a", "250平方米", 250.0]), (point(2, 4), ["b", "1,200", 1200.0]),
                  (point(4, 2), ["c", "150", 150.0]), (point(0, 2), ["d", "abc", 100.0])]
    layers["candidates"] = write_layer(path, "candidates", ogr.wkbPoint, candidate_fields, candidates)

    # Coordinate fixing: GCJ-02 longitudes/latitudes in Shanghai
    lon, lat = 121.47, 31.23
    fc_fields = [("name", TEXT)]
    layers["fc_points_zm"] = write_layer(path, "fc_points_zm", ogr.wkbPointZM, fc_fields,
                                         [(f"POINT ZM ({lon} {lat} 12.5 7)", ["a"]),
                                          (f"POINT ZM ({lon + 0.01} {lat} 3 1)", ["b"])], epsg=4326)
    layers["fc_mixed"] = write_layer(path, "fc_mixed", ogr.wkbUnknown, fc_fields, [
        (f"POINT ({lon} {lat})", ["point"]),
        (f"LINESTRING ({lon} {lat}, {lon + 0.01} {lat + 0.01})", ["line"]),
        (f"POLYGON (({lon} {lat}, {lon + 0.01} {lat}, {lon + 0.01} {lat + 0.01}, {lon} {lat}))", ["polygon"]),
        (None, ["no geometry"])], epsg=4326)
    layers["fc_points_null"] = write_layer(path, "fc_points_null", ogr.wkbPoint, fc_fields,
                                           [(f"POINT ({lon} {lat})", ["a"]), (None, ["no geometry"])], epsg=4326)
    layers["fc_points_undeclared"] = write_layer(path, "fc_points_undeclared", ogr.wkbUnknown, fc_fields,
                                                 [(f"POINT ({lon} {lat})", ["a"]), (None, ["no geometry"])], epsg=4326)
    layers["fc_line_z"] = write_layer(path, "fc_line_z", ogr.wkbLineString25D, fc_fields,
                                      [(f"LINESTRING Z ({lon} {lat} 10, {lon + 0.02} {lat} 30)", ["z"])], epsg=4326)
    layers["fc_curved"] = write_layer(path, "fc_curved", ogr.wkbCircularString, fc_fields,
                                      [(f"CIRCULARSTRING ({lon} {lat}, {lon + 0.01} {lat + 0.01}, {lon + 0.02} {lat})",
                                        ["arc"])], epsg=4326)

    poi_fields = [("name", TEXT), ("type", TEXT)]
    layers["pois"] = write_layer(path, "pois", ogr.wkbPoint, poi_fields, [
        (point(1, 1), ["clinic", "医疗保健服务;诊所;诊所"]),
        (point(2, 2), ["shop", "购物服务;便民商店/便利店;便利店"])])
    return layers


def set_raw(path, table, column, value, fid=1):
    """Store ``value`` as it is in a GeoPackage column (SQLite keeps text in a REAL or DATE column, as a
    spreadsheet import or another program may leave it)."""
    source = ogr.Open(str(path), 1)  # GDAL's connection has the ST_ functions the GeoPackage triggers call
    quoted = "'" + value.replace("'", "''") + "'"
    source.ExecuteSQL(f'UPDATE "{table}" SET "{column}" = {quoted} WHERE fid = {int(fid)}', dialect="SQLITE")
    source = None
