"""LifeCircle (15分钟社区生活圈): QGIS plugin entry point."""


def classFactory(iface):  # name fixed by QGIS
    from .lifecircle_plugin.plugin import LifeCirclePlugin

    return LifeCirclePlugin(iface)
