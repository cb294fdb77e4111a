"""Pure logic of LifeCircle: numpy/scipy/shapely/pyproj only; no Qt, no QGIS."""
