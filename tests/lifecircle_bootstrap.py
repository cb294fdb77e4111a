"""What both test folders share, importing no QGIS: the checkout imported as the package ``lifecircle`` (as
QGIS imports the plugin folder), and the real data beside the checkout. ``tests/core`` runs with plain pytest
anywhere; ``tests/qgis`` needs QGIS (see the conftest of each)."""
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"

if "lifecircle" not in sys.modules:
    _spec = importlib.util.spec_from_file_location(
        "lifecircle", ROOT / "__init__.py", submodule_search_locations=[str(ROOT)]
    )
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["lifecircle"] = _module
    _spec.loader.exec_module(_module)


def shared_data(*parts):
    """Path inside ../shared/data, skipping the test when that real data set is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data {path} is absent (it is provided beside the checkout as ../shared/data)")
    return path
