"""The analyses' defaults and choices, as the algorithms' parameters offer them: plain values, kept out of the
numpy/scipy/shapely modules that use them, so that registering the algorithms (at QGIS's start) loads none
of those."""

# Walking coverage (coverage.walking_coverage): threshold, walking speed, snap distance and search limit.
DEFAULT_MINUTES = 15.0
DEFAULT_SPEED_KMH = 4.0
DEFAULT_MAX_SNAP_M = 150.0
DEFAULT_SEARCH_MINUTES = 60.0

# How the lines of a walking network join (network.build_network).
NODING_SHARED_VERTICES = 0
NODING_ALL_CROSSINGS = 1

# Service areas (catchments.service_areas).
DEFAULT_BANDS_MIN = (5.0, 10.0, 15.0)
DEFAULT_BUFFER_M = 50.0

# Accessibility (accessibility.Decay): the distance decay methods and the E2SFCA bands.
METHOD_2SFCA, METHOD_E2SFCA, METHOD_GAUSSIAN = 0, 1, 2
METHOD_NAMES = ("2SFCA", "E2SFCA", "Gaussian")
DEFAULT_BANDS = (5.0, 10.0, 15.0)
DEFAULT_WEIGHTS = (1.0, 0.68, 0.22)

# Coordinate systems of chinacoords.convert.
# CGCS2000 and WGS 84 (G1762) differ by a few centimetres: their ellipsoids share the
# semi-major axis and differ only in flattening by ~1e-11, and both frames are aligned to
# ITRF. That is far below the accuracy of GCJ-02/BD-09 data (metres), so CGCS2000
# lon/lat is treated as WGS 84 here.
SYSTEMS = ("wgs84", "cgcs2000", "gcj02", "bd09")

# The sample district (sample_district.generate_sample_district): its seed and its layers, in order.
DEFAULT_SEED = 2024
LAYER_NAMES = (
    "boundary", "units", "river", "roads", "compounds", "gates", "residents",
    "facilities", "candidates", "transit_stops", "parks",
)
