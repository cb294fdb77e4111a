"""Writing the residents' digital map folder: index.html, data.js, the page's script and style, Leaflet.

The folder appears whole or not at all: everything is written into a staging folder beside the target,
which then replaces it. A folder that holds anything other than an earlier export is never replaced.
"""
import html
import json
import os
import shutil
import uuid

from .errors import LifeCircleError

WEBMAP_ASSETS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "resources", "webmap")
# Where make setup / package / deploy put Leaflet (from web/package-lock.json), beside the plugin's Python libs.
LEAFLET_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "ext-libs", "web", "leaflet")
LEAFLET_FILES = ("leaflet.js", "leaflet.css", "LICENSE", "images")
GENERATOR_MARK = '<meta name="generator" content="LifeCircle exportwebmap">'


class WebMapFolderError(LifeCircleError):
    """The output folder or the map library cannot be used."""


def check_leaflet(leaflet_dir=None):
    """Refuse, naming the folder and the fix, when the map library is not installed with the plugin."""
    leaflet_dir = leaflet_dir or LEAFLET_DIR
    missing = [name for name in LEAFLET_FILES if not os.path.exists(os.path.join(leaflet_dir, name))]
    if missing:
        raise WebMapFolderError(
            "webmap.leaflet_missing",
            f"The web map library Leaflet is missing from {leaflet_dir} ({', '.join(missing)}). Install the "
            "plugin with 'make deploy' or from the zip of 'make package' (in a source checkout: 'make setup').",
            f"缺少网页地图库 Leaflet：{leaflet_dir}（缺 {', '.join(missing)}）。请用“make deploy”或"
            "“make package”生成的插件包安装（源代码目录中运行“make setup”）。")


def _is_earlier_export(folder):
    index = os.path.join(folder, "index.html")
    if not os.path.isfile(index):
        return False
    with open(index, encoding="utf-8", errors="replace") as stream:
        return GENERATOR_MARK in stream.read(4096)


def write_webmap_folder(folder, title, data, assets_dir=WEBMAP_ASSETS, leaflet_dir=None):
    """Write the map into ``folder`` (created; an earlier export there is replaced); returns index.html's path."""
    leaflet_dir = leaflet_dir or LEAFLET_DIR
    check_leaflet(leaflet_dir)
    folder = os.path.abspath(folder)
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise WebMapFolderError(
            "webmap.folder_is_file",
            f"The output folder {folder} is a file; give the path of a new or empty folder for the web map.",
            f"输出文件夹 {folder} 是一个文件；请给出新文件夹或空文件夹的路径，用于存放数字地图。")
    if os.path.exists(folder) and os.listdir(folder) and not _is_earlier_export(folder):
        raise WebMapFolderError(
            "webmap.folder_in_use",
            f"The output folder {folder} already holds other files; choose an empty or new folder "
            "(an earlier web map export there is replaced).",
            f"输出文件夹 {folder} 中已有其他文件；请选择空文件夹或新文件夹（之前导出的数字地图会被替换）。")
    parent = os.path.dirname(folder)
    try:
        os.makedirs(parent, exist_ok=True)
        staging = os.path.join(parent, f".{os.path.basename(folder)}.partial-{uuid.uuid4().hex[:8]}")
        os.makedirs(staging)
    except OSError as err:
        raise WebMapFolderError(
            "webmap.folder_unwritable",
            f"Cannot write the web map into {folder}: {err.strerror}. Choose a folder you may write to.",
            f"无法写入数字地图文件夹 {folder}：{err.strerror}。请选择有写入权限的文件夹。") from err
    try:
        with open(os.path.join(assets_dir, "index.html"), encoding="utf-8") as stream:
            page = stream.read().replace("{{TITLE}}", html.escape(title))
        with open(os.path.join(staging, "index.html"), "w", encoding="utf-8") as stream:
            stream.write(page)
        with open(os.path.join(staging, "data.js"), "w", encoding="utf-8") as stream:
            # A script assigning a global, not JSON to fetch: a page opened from file:// cannot fetch its files.
            stream.write("window.LIFECIRCLE_DATA = ")
            json.dump(data, stream, ensure_ascii=False, separators=(",", ":"))
            stream.write(";\n")
        for name in ("app.js", "style.css"):
            shutil.copy2(os.path.join(assets_dir, name), staging)
        shutil.copytree(leaflet_dir, os.path.join(staging, "leaflet"))
        if os.path.exists(folder):
            retired = f"{staging}.old"
            os.rename(folder, retired)
            os.rename(staging, folder)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.rename(staging, folder)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise WebMapFolderError(
            "webmap.folder_unwritable",
            f"Cannot write the web map into {folder}: {err.strerror} ({err.filename}). Nothing was written.",
            f"无法写入数字地图文件夹 {folder}：{err.strerror}（{err.filename}）。未写入任何文件。") from err
    except BaseException:  # cancelled or failed: no half-written folder stays behind
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return os.path.join(folder, "index.html")
