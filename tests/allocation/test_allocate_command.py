"""`fmek allocate` body: a valid result file, or exit code 2 with a message on bad input."""

import json

from fmek.allocation.cli import allocate
from tests.routing.allocation_builders import doctor, raw_instance, request


def test_allocate_writes_a_result_for_every_request(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(
        json.dumps(
            raw_instance(
                [doctor("d1", [("07:00", "15:00")])], [request("r1"), request("r2", quals=["x"])]
            )
        )
    )
    out = tmp_path / "result.json"
    assert allocate(path, 1.0, out) == 0
    result = json.loads(out.read_text())
    assert result["format"] == "fmek-allocation-result/1"
    assert [a["request"] for a in result["assignments"]] == ["r1"]
    assert [u["request"] for u in result["unassigned"]] == ["r2"]


def test_a_malformed_instance_exits_2_without_a_traceback(tmp_path, capsys):
    path = tmp_path / "instance.json"
    raw = raw_instance([doctor("d1", [("07:00", "15:00")])], [request("r1")])
    raw["now"] = "2025-03-10T07:00:00"
    path.write_text(json.dumps(raw))
    assert allocate(path, 1.0, None) == 2
    err = capsys.readouterr().err
    assert "no UTC offset" in err and "Traceback" not in err


def test_unreadable_or_non_json_input_exits_2(tmp_path):
    assert allocate(tmp_path / "missing.json", 1.0, None) == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert allocate(bad, 1.0, None) == 2
