"""OSM walkability judged once per combination of tags gives what judging each way gives."""
from lifecircle_plugin.core.walkability import osm_walkable, osm_walkable_each

WAYS = [("footway", None, None), ("motorway", None, None), ("motorway", "yes", None), ("residential", "no", None),
        ("service", None, "private"), ("service", None, "no"), (None, None, None), ("Trunk ", "NULL", None),
        ("footway", None, None), ("construction", "designated", None), (7, None, None)]


def test_each_way_judged_as_alone():
    highways, foots, accesses = zip(*WAYS)
    assert osm_walkable_each(highways, foots, accesses) == [osm_walkable(*way) for way in WAYS]
    assert osm_walkable_each(highways, foots, accesses) == [
        True, False, True, False, True, False, True, False, True, True, True]


def test_a_list_valued_tag_is_judged_too():
    ways = WAYS + [(["footway", "steps"], None, None), ("primary", ["no"], None)]
    highways, foots, accesses = zip(*ways)
    assert osm_walkable_each(highways, foots, accesses) == [osm_walkable(*way) for way in ways]
