"""`python -m geo review …` and `sources …`: reviews from scripts, applied by `events` and
`control`, and one-line errors with exit code 2. Articles are written here; the gazetteer is real."""

from __future__ import annotations

import json

import pytest

from geo.cli import main
from tests.test_cli import store, write  # noqa: F401  (the store fixture)

HAMA = "Rebels take Hama\nHTS-led forces captured Hama on Thursday, residents said.\n"
HOMS = "Fighting near Homs\nHTS-led forces captured Homs on Friday, residents said.\n"


def run_json(capsys, *argv):
    assert main(list(argv)) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def hama(tmp_path, store, capsys):  # noqa: F811
    assert main(["ingest", str(write(tmp_path, "hama.txt", HAMA)), "--published", "2024-12-06"]) == 0
    capsys.readouterr()
    (captured,) = [r for r in run_json(capsys, "events") if r["event_type"] == "captured"]
    return captured


def homs_place_id(tmp_path, capsys):
    records = run_json(capsys, "extract", str(write(tmp_path, "homs.txt", HOMS)), "--published", "2024-12-07")
    (captured,) = [r for r in records if r["event_type"] == "captured"]
    return captured["place_id"], captured["admin3"]


def test_confirm_marks_the_record_and_names_the_reviewer(hama, capsys):
    assert (
        main(["review", "confirm", hama["event_id"], "--reviewer", "Rana", "--reason", "matches the photo"])
        == 0
    )
    assert capsys.readouterr().out.startswith(f"review 1: confirmed {hama['event_id']} by Rana")
    (row,) = [r for r in run_json(capsys, "events") if r["event_id"] == hama["event_id"]]
    assert (row["reviewed"], row["reviewer"]) == ("confirmed", "Rana")
    (review,) = run_json(capsys, "review", "list", "--event", hama["event_id"])
    assert review["reason"] == "matches the photo" and review["record_present"] is True


def test_a_place_correction_moves_the_record_and_the_colour_follows(tmp_path, hama, capsys):
    place_id, homs_unit = homs_place_id(tmp_path, capsys)
    before = {u["adm3_id"]: u for u in run_json(capsys, "control", "--date", "2024-12-06")}
    assert before[hama["admin3"]]["controller"] == "hts"
    assert (
        main(["review", "correct", hama["event_id"], "--set", f"place_id={place_id}", "--reviewer", "Rana"])
        == 0
    )
    capsys.readouterr()
    (row,) = [r for r in run_json(capsys, "events") if r["event_id"] == hama["event_id"]]
    assert (row["place_id"], row["admin3"], row["reviewed"]) == (place_id, homs_unit, "corrected")
    after = {u["adm3_id"]: u for u in run_json(capsys, "control", "--date", "2024-12-06")}
    assert after[homs_unit]["controller"] == "hts" and after[homs_unit]["reviewed"] is True
    assert after[homs_unit]["reviewers"] == ["Rana"]
    assert after[hama["admin3"]]["controller"] != "hts"
    (review,) = run_json(capsys, "review", "list")
    assert review["changes"]["place_id"] == [hama["place_id"], place_id]


def test_a_rejected_capture_no_longer_colours_the_map_and_undo_restores_it(hama, capsys):
    assert main(["review", "reject", hama["event_id"], "--reviewer", "Omar"]) == 0
    capsys.readouterr()
    assert hama["event_id"] not in {r["event_id"] for r in run_json(capsys, "events")}
    listed = {r["event_id"]: r for r in run_json(capsys, "events", "--include-rejected")}
    assert listed[hama["event_id"]]["reviewed"] == "rejected"
    after = {u["adm3_id"]: u for u in run_json(capsys, "control", "--date", "2024-12-06")}
    assert after[hama["admin3"]]["controller"] != "hts"
    assert main(["review", "undo", "--reviewer", "Omar"]) == 0
    assert "undone: review 1 (reject" in capsys.readouterr().out
    restored = {u["adm3_id"]: u for u in run_json(capsys, "control", "--date", "2024-12-06")}
    assert restored[hama["admin3"]]["controller"] == "hts"


def test_sources_remove_takes_the_records_and_reviews_with_it(hama, capsys):
    assert main(["review", "confirm", hama["event_id"], "--reviewer", "Rana"]) == 0
    capsys.readouterr()
    (listed,) = run_json(capsys, "sources", "list")
    assert listed["source_id"] == "hama" and listed["records"] >= 1
    assert main(["sources", "remove", "hama"]) == 0
    assert "hama: removed, with" in capsys.readouterr().out
    assert run_json(capsys, "events") == [] and run_json(capsys, "review", "list") == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["review", "confirm", "ev-nope"], "ev-nope: no event record with this id in"),
        (["review", "correct", "{ev}"], "give at least one --set FIELD=VALUE"),
        (["review", "correct", "{ev}", "--set", "notes=x"], "--set: 'notes' cannot be corrected"),
        (["review", "correct", "{ev}", "--set", "date_end=tomorrow"], "date_end: 'tomorrow' is not a date"),
        (
            ["review", "correct", "{ev}", "--set", "place_id=gn:0"],
            "place_id: no place 'gn:0' in the gazetteer",
        ),
        (["review", "correct", "{ev}", "--set", "actor1=martians"], "actor1: 'martians' is not a side"),
        (["review", "reject", "{ev}", "--set", "actor1=hts"], "--set is only for `review correct`"),
        (["review", "confirm", "{ev}", "--reviewer", " "], "reviewer: a name is needed"),
        (["review", "confirm"], "review confirm: give the EVENT_ID"),
        (["review", "undo"], "no review to undo"),
        (["review", "list", "--event", "ev-nope"], "--event: no record or review 'ev-nope'"),
        (["sources", "remove", "nope"], "nope: no source with this id"),
        (["sources", "remove"], "give the SOURCE_ID to remove"),
    ],
)
def test_bad_review_input_is_one_line_and_exit_2(hama, capsys, argv, message):
    argv = [a.replace("{ev}", hama["event_id"]) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert run_json(capsys, "review", "list") == []
