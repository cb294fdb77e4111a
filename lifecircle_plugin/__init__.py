"""LifeCircle plugin package: ``core`` is pure logic, ``adapters`` its QGIS side (layers in and out, styles, the
blueprint layer and its store), ``gui`` the dock, ``plugin`` the QGIS glue."""
