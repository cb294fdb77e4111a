"""The 十全十美 service vocabulary: one canonical list of codes, names in both languages.

Facilities arrive with service names typed by hand, as codes ("health") or Chinese
names ("医疗卫生"), often several in one field. Everything downstream works on codes.
"""
import re
from dataclasses import dataclass

from .errors import LifeCircleError


@dataclass(frozen=True)
class Service:
    code: str
    name_zh: str
    name_en: str
    required: bool  # 十全 (the ten essentials) when True, 十美 (enhancements) when False


SERVICES = (
    Service("party", "党群服务", "party & public service", True),
    Service("deliberation", "社区议事", "community deliberation", True),
    Service("employment", "就业关怀", "employment support", True),
    Service("health", "医疗卫生", "medical & health", True),
    Service("elderly", "为老服务", "elderly services", True),
    Service("nursery", "保育托幼", "nursery & early childhood", True),
    Service("culture", "文化活动", "cultural activities", True),
    Service("sports", "体育健身", "sports & fitness", True),
    Service("emergency", "急救防灾", "first aid & disaster prevention", True),
    Service("public_space", "公共空间", "public space", True),
    Service("ecology", "自然生态", "nature & ecology", False),
    Service("learning", "全民学习", "lifelong learning", False),
    Service("childcare_after_school", "儿童托管", "after-school childcare", False),
    Service("allday_health", "全时健康", "round-the-clock health", False),
    Service("elderly_wellness", "老年康养", "elderly wellness & care", False),
    Service("daily_life", "生活服务", "daily-life services", False),
    Service("culture_spread", "文化传播", "cultural outreach", False),
    Service("innovation", "双创场所", "start-up & innovation space", False),
    Service("smart", "智慧场景", "smart-city services", False),
    Service("municipal", "市政环保", "municipal & environmental", False),
)

SERVICE_CODES = tuple(s.code for s in SERVICES)
REQUIRED_CODES = tuple(s.code for s in SERVICES if s.required)
OPTIONAL_CODES = tuple(s.code for s in SERVICES if not s.required)
BY_CODE = {s.code: s for s in SERVICES}

_LOOKUP = {}
for _s in SERVICES:
    for _key in (_s.code, _s.name_zh, _s.name_en):
        _LOOKUP[_key.casefold()] = _s.code

# Separators planners use between several services in one field.
_SPLIT = re.compile(r"[,;，；、|/\n]+")


class UnknownServiceError(LifeCircleError, ValueError):
    """A service name that is neither a code nor a Chinese/English name of the list."""

    def __init__(self, name, context=""):
        self.name = name
        self.context = context
        accepted = ", ".join(f"{s.code} ({s.name_zh})" for s in SERVICES)
        where = f" {context}" if context else ""
        super().__init__("service.unknown", f"Unknown service '{name}'{where}. Accepted services: {accepted}",
                         f"未知服务“{name}”{where}。可用的服务：{accepted}")


def service_code(name, context=""):
    """Canonical code for one service given as a code, Chinese or English name."""
    code = _LOOKUP.get(str(name).strip().casefold())
    if code is None:
        raise UnknownServiceError(str(name).strip(), context)
    return code


def parse_services(value, context=""):
    """Codes listed in one field value, in list order, without duplicates.

    Accepts ``,`` ``;`` ``、`` (and their full-width forms) between names; NULL or blank
    gives an empty tuple. Raises UnknownServiceError naming the first unknown entry.
    """
    if value is None:
        return ()
    text = str(value).strip()
    if not text or text.upper() == "NULL":
        return ()
    codes = {service_code(part, context) for part in _SPLIT.split(text) if part.strip()}
    return tuple(c for c in SERVICE_CODES if c in codes)


def services_present(facility_services):
    """Codes offered by at least one facility, in the canonical 十全十美 order."""
    offered = {code for codes in facility_services for code in codes}
    return tuple(code for code in SERVICE_CODES if code in offered)


def format_services(codes, language="code"):
    """Join codes for storage (``code``) or display (``zh``/``en``), in list order."""
    wanted = set(codes)
    ordered = [BY_CODE[c] for c in SERVICE_CODES if c in wanted]
    if language == "zh":
        return "、".join(s.name_zh for s in ordered)
    if language == "en":
        return ", ".join(s.name_en for s in ordered)
    return ",".join(s.code for s in ordered)


def service_label(code):
    """A service as reports name it: Chinese name and code ('党群服务 party'); unknown codes as they are."""
    service = BY_CODE.get(code)
    return f"{service.name_zh} {code}" if service else code
