"""`make eval`'s by-period summary: the scorer's ratios, pooled per period of the war."""

import json

import pytest

from bench import accuracy


def _row(core, matched, preds, preds_matched, date_scored=0, date_exact=0, actor_ok=0):
    return {
        "core": core,
        "core_matched": matched,
        "preds": preds,
        "preds_matched": preds_matched,
        "place_truth": core,
        "place_found": matched,
        "date_scored": date_scored,
        "date_exact": date_exact,
        "actor_ok": actor_ok,
    }


def test_periods_pool_counts_not_ratios():
    per_article = {
        "01_x_2013-05-01_a": _row(4, 2, 4, 2, date_scored=2, date_exact=1, actor_ok=2),
        "02_x_2015-05-01_b": _row(1, 1, 1, 1),
        "03_x_2025-01-01_c": _row(2, 0, 3, 0),
    }
    rows = {label: (count, figures) for label, count, figures in accuracy.by_period(per_article)}
    count, early = rows["2012–16"]
    assert count == 2
    assert early["recall"] == pytest.approx(3 / 5)  # pooled, not the mean of 0.5 and 1.0
    assert early["date exact or in range"] == pytest.approx(0.5)
    assert early["actor"] == pytest.approx(2 / 3)
    assert rows["2017–20"] == (0, dict.fromkeys(accuracy.COLUMNS))
    assert rows["2024–26"][1]["precision"] == 0
    assert rows["all"][0] == 3


def test_table_marks_empty_periods_and_rounds():
    text = accuracy.table({"01_x_2019-05-01_a": _row(3, 2, 4, 3)})
    assert "| 2017–20 | 1 | 0.67 | 0.75 |" in text
    assert "| 2012–16 | 0 | – |" in text


def test_bad_report_is_one_line_naming_the_file(tmp_path, capsys):
    bad = tmp_path / "report.json"
    bad.write_text(json.dumps({"per_article": {"no-date-here": _row(1, 1, 1, 1)}}))
    assert accuracy.main([str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(str(bad)) and "\n" not in err
