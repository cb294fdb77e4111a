"""The one converter of QGIS attribute values into plain Python, for the core rules and the messages."""
from qgis.PyQt.QtCore import QDate, QDateTime

_PLAIN_TYPES = (int, float, str, bool)  # already plain: skips the costly isNull() lookup (city-scale reads)


def plain_value(value):
    """A QGIS attribute value as plain Python: NULL -> None, QDate -> date, QDateTime -> datetime."""
    if value is None or type(value) in _PLAIN_TYPES:
        return value
    if isinstance(value, QDateTime):
        return value.toPyDateTime() if value.isValid() else None
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    is_null = getattr(value, "isNull", None)
    if callable(is_null) and is_null():  # QVariant NULL
        return None
    return value
