"""The house's layering, read from the source (no import): the core knows no QGIS, the QGIS adapters know
neither Processing algorithms nor the dock, and memory layers and QGIS value conversion are written once."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "lifecircle_plugin"
QGIS_MODULES = ("qgis", "PyQt5", "PyQt6", "osgeo")


def imported_modules(path):
    """Absolute names of what ``path`` imports (relative imports resolved against the checkout)."""
    package = path.relative_to(ROOT).parent.parts
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = list(package[:len(package) - node.level + 1]) if node.level else []
            names.add(".".join(base + ([node.module] if node.module else [])))
    return names


def python_files(folder):
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_core_imports_no_qgis_qt_or_gdal():
    offenders = {str(p.relative_to(ROOT)): sorted(n for n in imported_modules(p) if n.split(".")[0] in QGIS_MODULES)
                 for p in python_files(PLUGIN / "core")}
    assert not {k: v for k, v in offenders.items() if v}


def test_the_adapters_import_neither_algorithms_nor_the_dock():
    files = python_files(PLUGIN / "adapters")
    assert {p.name for p in files} >= {"layer_io.py", "values.py", "memory_layer.py", "styles.py",
                                       "blueprint_layer.py", "blueprint_store.py"}
    for path in files:
        wrong = [n for n in imported_modules(path)
                 if n.startswith(("processing_algorithms", "lifecircle_plugin.gui", "processing"))]
        assert not wrong, f"{path.name} imports {wrong}"


def _sources():
    return {p: p.read_text(encoding="utf-8") for folder in (PLUGIN, ROOT / "processing_algorithms")
            for p in python_files(folder)}


def test_memory_layers_are_built_in_one_place():
    builders = [str(p.relative_to(ROOT)) for p, text in _sources().items()
                if '"memory")' in text or "'memory')" in text]
    assert builders == ["lifecircle_plugin/adapters/memory_layer.py"]


def test_qgis_values_are_converted_in_one_place():
    definitions = [str(p.relative_to(ROOT)) for p, text in _sources().items()
                   for node in ast.walk(ast.parse(text))
                   if isinstance(node, ast.FunctionDef) and node.name in ("plain_value", "_plain")]
    assert definitions == ["lifecircle_plugin/adapters/values.py"]
