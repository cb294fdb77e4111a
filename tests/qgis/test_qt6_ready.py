"""Forward readiness for QGIS 4 (Qt 6): the sources use Qt only through QGIS's `qgis.PyQt` shim, with no
name Qt 6 removed and every Qt enum member scoped (Qt.ItemDataRole.DisplayRole, which PyQt5 5.15 accepts
and PyQt6 requires). Fails on any new use, with the scoped spelling to write instead."""
import re
import subprocess

import pytest
from qgis.PyQt import QtCore, QtGui, QtWidgets

from conftest import ROOT

QT_MODULES = (QtCore, QtGui, QtWidgets)
# Names PyQt6/Qt 6 removed (or that bypass the shim), with what to use instead.
REMOVED = {
    r"\bfrom PyQt5\b|\bimport PyQt5\b": "import from qgis.PyQt",
    r"\.exec_\(": "exec()",
    r"\bQRegExp\b": "QRegularExpression",
    r"\bQDesktopWidget\b": "QScreen (QGuiApplication.screens())",
    r"\bimport\b.*\bQtWebKit|\bQtWebKit\w*\.[A-Za-z]|\bQgsLayoutItemHtml\b":
        "no QtWebKit (not in Debian 13's QGIS 3.40, nor in Qt 6 builds)",
    r"\bQGLWidget\b": "QOpenGLWidget",
    r"\bQFontMetrics\w*\(.*\)\.width\(": "horizontalAdvance()",
}
MEMBER = re.compile(r"\b(Qt|Q[A-Z][A-Za-z]*)\.([A-Z][A-Za-z0-9_]*)\b(?!\s*[.(])")


def scoped_spelling(class_name, member):
    """'Qt.ItemDataRole.DisplayRole' for ('Qt', 'DisplayRole'); None when it is not an unscoped enum member.
    QVariant's field types are left as they are: QGIS 3.22's QgsField takes only QVariant.Type, and QGIS 4
    wants QMetaType.Type (accepted from 3.38 on): the one change left for the move to Qt 6 (see README)."""
    if class_name == "QVariant":
        return None
    for module in QT_MODULES:
        cls = getattr(module, class_name, None)
        if cls is None:
            continue
        value = getattr(cls, member, None)
        enum_type = type(value)
        parts = getattr(enum_type, "__qualname__", "").split(".")
        if value is None or isinstance(value, type) or len(parts) != 2 or parts[0] != class_name:
            return None
        return f"{class_name}.{parts[1]}.{member}" if hasattr(getattr(cls, parts[1], None), member) else None
    return None


def plugin_sources():
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", "*.py"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return [ROOT / name for name in sorted(listed) if (ROOT / name).exists()]


@pytest.fixture(scope="module")
def source_lines():
    return [(path.relative_to(ROOT), number, line)
            for path in plugin_sources()
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if not line.lstrip().startswith("#")]


def test_sources_exist(source_lines):
    assert len({path for path, _, _ in source_lines}) > 40


def test_no_name_qt6_removed(source_lines):
    found = [f"{path}:{number}: {line.strip()} → {instead}"
             for path, number, line in source_lines
             for pattern, instead in REMOVED.items() if re.search(pattern, line)
             and path.name != "test_qt6_ready.py"]
    assert not found, "Qt 6 removed these:\n" + "\n".join(found)


def test_every_qt_enum_member_is_scoped(source_lines):
    found = [f"{path}:{number}: {match.group(0)} → {spelling}"
             for path, number, line in source_lines
             for match in MEMBER.finditer(line)
             if (spelling := scoped_spelling(match.group(1), match.group(2)))]
    assert not found, "Unscoped Qt enum members (PyQt6 accepts only the scoped form):\n" + "\n".join(found)


def test_the_check_sees_an_unscoped_member():
    assert scoped_spelling("Qt", "DisplayRole") == "Qt.ItemDataRole.DisplayRole"
    assert scoped_spelling("QMessageBox", "Yes") == "QMessageBox.StandardButton.Yes"
    assert scoped_spelling("Qt", "ItemDataRole") is None  # the enum type itself
