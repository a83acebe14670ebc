"""parse_instance rejects malformed instances with a message naming the field."""

import copy

import pytest

from routing.allocation.model import parse_instance
from tests.routing.allocation_builders import doctor, raw_instance, request


def valid():
    return raw_instance(
        [doctor("d1", [("07:00", "15:00")])], [request("r1", fixed=("d1", "09:00"))]
    )


def test_a_valid_instance_parses_with_aware_times():
    inst = parse_instance(valid())
    assert inst.requests[0].fixed is not None
    assert inst.requests[0].fixed.doctor == "d1"
    assert inst.now.utcoffset() is not None


def broken(change):
    raw = copy.deepcopy(valid())
    change(raw)
    return raw


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(format="fmek-allocation/2"), "format"),
        (lambda r: r.pop("now"), "missing key 'now'"),
        (lambda r: r.update(now="2025-03-10T07:00:00"), "no UTC offset"),
        (lambda r: r["requests"][0].update(deadline="2025-03-10T20:00:00"), "no UTC offset"),
        (lambda r: r["requests"][0].update(release="tomorrow"), "not an ISO 8601"),
        (lambda r: r["requests"].append(copy.deepcopy(r["requests"][0])), "duplicate request"),
        (lambda r: r["doctors"].append(copy.deepcopy(r["doctors"][0])), "duplicate doctor"),
        (lambda r: r["requests"][0]["fixed"].update(doctor="nobody"), "unknown doctor"),
        (lambda r: r["requests"][0].pop("location"), "missing key 'location'"),
        (lambda r: r["requests"][0].update(duration_min=0), "duration_min"),
        (lambda r: r["requests"][0].update(priority="high"), "priority"),
        (lambda r: r["travel"].update(speed_kmh=0), "speed_kmh"),
        (lambda r: r["doctors"][0]["shifts"].append(r["doctors"][0]["shifts"][0]), "overlapping"),
        (lambda r: r["doctors"][0]["base"].update(lat=123), "out of range"),
        (lambda r: r.update(doctors={}), "expected a list"),
    ],
)
def test_malformed_instances_are_rejected_with_a_clear_message(change, message):
    with pytest.raises(ValueError, match=message):
        parse_instance(broken(change))
