"""LifeCircle plugin package: ``core`` is pure logic, ``gui`` the dock, ``plugin`` the QGIS glue."""
