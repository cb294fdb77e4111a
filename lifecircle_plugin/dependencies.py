"""Which Python libraries the plugin needs, and what to tell a user whose QGIS lacks them."""
import importlib
import importlib.util
import os
import sys
import sysconfig


def python_tag():
    """The folder name of this Python's own libraries: interpreter and platform, e.g. 'cp311-linux_x86_64'.
    shapely ships compiled code, so a folder serves only the Python and platform it was built for."""
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"cp{sys.version_info[0]}{sys.version_info[1]}-{platform}"


# Libraries QGIS's Python lacks (shapely 2, openpyxl) are installed by `make setup`/`make deploy`/`make package`
# into ext-libs/<python tag>/: one package serves QGIS builds with different Pythons (3.11 on Debian 12's
# QGIS 3.22, 3.13 on Debian 13's QGIS 3.40, 3.12 on Windows' OSGeo4W QGIS 3.40).
EXT_LIBS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "ext-libs")
PRIVATE_LIBS = os.path.join(EXT_LIBS, python_tag())

# (module, minimum version, Debian package, pip requirement)
REQUIRED = (
    ("numpy", "1.21", "python3-numpy", "numpy<2"),
    ("scipy", "1.9", "python3-scipy", "scipy"),
    ("shapely", "2.0", "python3-shapely", "shapely>=2"),
    ("pyproj", "3.0", "python3-pyproj", "pyproj"),
    ("openpyxl", "3.0", "python3-openpyxl", "openpyxl"),
)


def _version_tuple(text):
    parts = []
    for piece in str(text).split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def use_private_libs():
    """Put the plugin's own ext-libs folder first on sys.path, once, when it exists."""
    if os.path.isdir(PRIVATE_LIBS) and PRIVATE_LIBS not in sys.path:
        sys.path.insert(0, PRIVATE_LIBS)


def _installed_version(module):
    """The version of the module Python would import, or None when it cannot be imported.

    Read from the name of its distribution's metadata folder beside it (``shapely-2.0.6.dist-info``,
    Debian's ``numpy-1.24.2.egg-info``), so that checking costs QGIS's start no import of numpy, scipy,
    shapely, pyproj or openpyxl (nor of importlib.metadata, itself 80 ms); imported only when there is
    no such folder.
    """
    if module in sys.modules:  # already imported (by QGIS or another plugin): that copy is the one in use
        return getattr(sys.modules[module], "__version__", "0")
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    location = spec.submodule_search_locations[0] if spec.submodule_search_locations else spec.origin
    folder = os.path.dirname(location or "")
    wanted = module.lower().replace("-", "_")
    try:
        entries = os.listdir(folder)
    except OSError:
        entries = []
    for entry in entries:
        stem, extension = os.path.splitext(entry)
        name, _, version = stem.partition("-")
        if extension in (".dist-info", ".egg-info") and name.lower().replace("-", "_") == wanted and version:
            return version.split("-")[0]
    try:
        return getattr(importlib.import_module(module), "__version__", "0")
    except ImportError:
        return None


def missing_dependencies():
    """[(module, found version or None, minimum, Debian package, pip requirement)] for what is lacking."""
    missing = []
    for module, minimum, debian, pip_name in REQUIRED:
        found = _installed_version(module)
        if found is None:
            missing.append((module, None, minimum, debian, pip_name))
            continue
        if _version_tuple(found) < _version_tuple(minimum):
            missing.append((module, found, minimum, debian, pip_name))
    return missing


# Debian 12's package of these is too old (python3-shapely 1.8, and QGIS 3.22 runs on Debian 12): pip, not apt.
PIP_ON_DEBIAN = ("shapely",)


def install_hint(missing, platform=sys.platform):
    """The commands that fix it on this platform, in the order a user should try them."""
    pip = " ".join(f'"{m[4]}"' for m in missing)
    if platform.startswith("win"):
        return f"In the OSGeo4W Shell (Start menu, as administrator): python -m pip install {pip}"
    if platform == "darwin":
        return f"/Applications/QGIS.app/Contents/MacOS/bin/python3 -m pip install {pip}"
    lines = []
    debian = [m[3] for m in missing if m[0] not in PIP_ON_DEBIAN]
    if debian:
        lines.append(f"sudo apt-get install {' '.join(debian)}")
    pip_only = " ".join(f'"{m[4]}"' for m in missing if m[0] in PIP_ON_DEBIAN)
    if pip_only:
        lines.append(f"python3 -m pip install --user {pip_only}  (add --break-system-packages if pip answers "
                     "externally-managed-environment)")
    lines.append("or, from the plugin's source folder: make deploy")
    return "\n".join(lines)


if __name__ == "__main__":  # the Makefile asks for the folder name of a Python's libraries
    print(python_tag())
