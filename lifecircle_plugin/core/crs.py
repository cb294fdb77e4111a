"""Choosing where to measure: distances are taken in metres, never in degrees."""
from .errors import LifeCircleError


def utm_epsg(lon, lat):
    """EPSG code of the WGS 84 / UTM zone containing a lon/lat (Shanghai: 32651)."""
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise LifeCircleError("crs.not_degrees", f"({lon}, {lat}) is not a longitude/latitude in degrees.",
                              f"（{lon}, {lat}）不是以度为单位的经纬度。")
    zone = min(int((lon + 180.0) // 6.0) + 1, 60)
    return (32600 if lat >= 0 else 32700) + zone
