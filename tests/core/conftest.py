"""The pure core's tests: numpy, scipy, shapely and pyproj only. They run with plain pytest anywhere
(`pytest -p no:pytest_qgis --confcutdir tests/core tests/core`); a run that pulled QGIS or Qt in fails."""
import sys

import pytest

from lifecircle_bootstrap import ROOT, SHARED_DATA, shared_data  # noqa: F401 (for the tests: from conftest import)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    loaded = sorted(name for name in sys.modules if name.split(".")[0] in ("qgis", "PyQt5", "PyQt6", "sip"))
    if loaded:
        print(f"\ntests/core imported {', '.join(loaded[:5])}: the core and its tests must not need QGIS or Qt")
        session.exitstatus = 1
