"""The committed layers after 2020 (data/snapshots/layers.csv and the tables it names) against the
boundaries, the factions and the 2020 baseline, and the reference rows the issue and the reports
read require.

Needs the real data: the layers, data/baseline/control-2020-03-06.csv, data/factions.csv and the
boundaries.
"""

from __future__ import annotations

import csv
from datetime import date

import pytest

from geo.baseline import load_baseline
from geo.boundaries import load_boundaries
from geo.factions import load_factions
from geo.snapshots import ControlLayers, layer_summary, load_layers

# (P-code, day, controller, controller2 or None): the examples and rows from the reports.
REFERENCE = [
    ("SY010000", "2024-12-12", "government", None),  # Damascus after the fall (issue 12)
    ("SY080000", "2025-06-01", "sdf", None),  # Al-Hasakeh, the regime's square gone (issue 12)
    ("SY080200", "2025-06-01", "sdf", None),  # Qamishli likewise
    ("SY020500", "2024-12-08", "sdf", None),  # Manbij the day Assad fell ...
    ("SY020500", "2024-12-10", "sna", None),  # ... and after the SNA took it on 9 Dec
    ("SY020500", "2025-06-01", "government", None),  # SNA integrated into the army (17 May 2025)
    ("SY020402", "2024-12-12", "sna", None),  # Tal Rifaat, SNA from 1-2 Dec 2024
    ("SY090100", "2024-12-09", "sdf", None),  # Deir ez-Zor city, SDF for a few days ...
    ("SY090100", "2024-12-12", "government", "sdf"),  # ... then the new authorities; SDF across the river
    ("SY140000", "2024-12-12", "israel", "opposition"),  # Quneitra: the buffer zone
    ("SY030801", "2024-12-12", "government", "israel"),  # Mount Hermon's summit
    ("SY130000", "2024-12-12", "druze", None),  # Suwayda city after the fall
    ("SY120000", "2024-12-12", "opposition", None),  # Dar'a, the southern factions ...
    ("SY120001", "2025-05-01", "government", None),  # ... until the 8th Brigade dissolved (13 Apr 2025)
    ("SY070000", "2025-01-28", "hts", None),  # Idlib, HTS to its dissolution ...
    ("SY070000", "2025-01-29", "government", None),  # ... then the state
    ("SY060200", "2025-04-01", "government", None),  # Jableh after the March 2025 insurgency
    ("SY020501", "2025-03-01", "sna", "sdf"),  # Tishrin Dam front, SDF holds the dam
    ("SY020000", "2025-06-01", "government", "sdf"),  # Aleppo with SDF-run Sheikh Maqsoud ...
    ("SY020000", "2026-01-12", "government", None),  # ... until January 2026
    ("SY130000", "2025-08-01", "druze", "government"),  # Suwayda city after July 2025
    ("SY130001", "2025-08-01", "government", "druze"),  # al-Mazraa, west of the city
    ("SY020202", "2026-01-16", "sdf", None),  # Deir Hafer the day before ...
    ("SY020202", "2026-01-17", "government", None),  # ... the army entered
    ("SY020503", "2026-01-18", "government", None),  # Maskanah
    ("SY110300", "2026-01-19", "government", None),  # Tabqa with its dam
    ("SY110100", "2026-01-19", "government", None),  # Raqqa city
    ("SY090102", "2026-01-19", "government", None),  # Basira, east bank of Deir ez-Zor
    ("SY110100", "2026-01-17", "sdf", None),  # Raqqa before
    ("SY020600", "2026-01-25", "sdf", None),  # Kobani, encircled
    ("SY020600", "2026-02-13", "sdf", "government"),  # Kobani under the integration deal
    ("SY080000", "2026-02-13", "sdf", "government"),  # Hasakah city under the integration deal
    ("SY080006", "2026-01-22", "government", None),  # al-Hol
]


@pytest.fixture(scope="module")
def adm3():
    return load_boundaries().adm3


@pytest.fixture(scope="module")
def layers(adm3):
    return load_layers(adm3_ids=set(adm3["adm3_id"]))


@pytest.fixture(scope="module")
def control(adm3, layers):
    factions = load_factions()
    return ControlLayers(load_baseline(factions=factions, adm3_ids=set(adm3["adm3_id"])), layers, factions)


def test_the_layers_from_the_fall_of_assad_to_2026_real_data(layers):
    assert layers[0].id == "fall-of-assad"
    assert layers[0].kind == "transition" and layers[0].date == date(2024, 12, 8)
    assert all(layer.kind == "snapshot" for layer in layers[1:])
    assert [layer.date for layer in layers] == sorted(layer.date for layer in layers)
    assert layers[-1].date >= date(2026, 1, 21)


def test_every_row_names_its_unit_as_the_boundaries_do_real_data(layers, adm3):
    names = {u.adm3_id: (u.adm3_name, u.adm2_name, u.adm1_name) for u in adm3.itertuples()}
    for layer in layers:
        with layer.path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                assert (row["adm3_name"], row["adm2_name"], row["adm1_name"]) == names[row["adm3_id"]], (
                    layer.id,
                    row["adm3_id"],
                )


def test_the_transition_lists_exactly_what_assad_held_real_data(layers, adm3):
    baseline = load_baseline(adm3_ids=set(adm3["adm3_id"]))
    held = {pcode for pcode, row in baseline.items() if "regime" in row.controllers}
    fall = layers[0]
    assert {row.adm3_id for row in fall.rows} == held
    assert all("regime" not in row.controllers for row in fall.rows)
    # Most of it passes to the government; the exceptions are the ones the reports name.
    by_side = {row.adm3_id: row.controller for row in fall.rows}
    assert sum(side == "government" for side in by_side.values()) > len(held) / 2
    assert {by_side[p] for p in ("SY080000", "SY080200", "SY090105")} == {"sdf"}
    assert {by_side[p] for p in held if p.startswith("SY13")} == {"druze"}


def test_nothing_is_regime_after_the_fall_real_data(control, adm3):
    for day in (date(2024, 12, 8), date(2025, 6, 1), date(2026, 2, 13)):
        for pcode in adm3["adm3_id"]:
            row = control.base_on(pcode, day)
            assert row is not None and "regime" not in row.controllers, (pcode, day)


@pytest.mark.parametrize(("pcode", "day", "controller", "controller2"), REFERENCE)
def test_reference_rows_real_data(control, pcode, day, controller, controller2):
    row = control.base_on(pcode, date.fromisoformat(day))
    assert (row.controller, row.controller2) == (controller, controller2), row


def test_every_row_is_sourced_and_low_confidence_says_why_real_data(layers):
    for layer in layers:
        assert layer.source and layer.basis
        for row in layer.rows:
            assert row.sources, (layer.id, row.adm3_id)
            assert all(len(s) > 15 for s in row.sources), (layer.id, row.adm3_id)
            if row.confidence == "low":
                # A low row must say what is uncertain, not just assert.
                words = ("not", "disagree", "unclear", "contested", "rests on", "inferred", "whether")
                assert any(w in row.basis.lower() for w in words), (layer.id, row.adm3_id, row.basis)


def test_summary_for_the_method_page_real_data(layers, capsys):
    summary = layer_summary(layers)
    assert len(summary) == len(layers)
    with capsys.disabled():
        print()
        for label, day, _source, counts in summary:
            print(f"{day} {label}: {counts}")
    for _label, _day, source, counts in summary:
        assert source and sum(counts.values()) > 0
