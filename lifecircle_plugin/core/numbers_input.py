"""The one parser of numbers typed by planners ('1,200', '250平方米', '３００㎡'), shared by the blueprint
review, the site rules of suggestsites, the standards file and the dock."""
import math
import numbers
import re
import unicodedata

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
# Unit suffixes planners type after numbers; compared after NFKC (so ㎡ and m² read as m2).
AREA_UNITS = ("平方米", "平米", "m2")
BUDGET_UNITS = ("万元", "万")
YEAR_UNITS = ("年",)


def is_blank(value):
    """None, QGIS NULL (an object whose isNull() is true) or blank text."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    is_null = getattr(value, "isNull", None)
    if callable(is_null):
        try:
            return bool(is_null())
        except TypeError:
            return False
    return False


def parse_number(value, units=()):
    """``value`` as float: None when blank/NULL, NaN when it is not a number.

    Text may carry thousands separators ('1,200'), full-width digits and one of ``units`` after the
    number ('250平方米'); booleans are not numbers. Infinite values are returned as they are (callers
    that need finite numbers check ``math.isfinite``).
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return math.nan
    if isinstance(value, numbers.Real):
        return float(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    lowered = text.casefold()
    for unit in units:
        if lowered.endswith(unit):
            text = text[: len(text) - len(unit)].strip()
            break
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        return math.nan
    return float(text)
