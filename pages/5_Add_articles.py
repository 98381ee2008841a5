"""Add articles: paste an article or upload files (.txt, .md, saved .html pages), check each one's
title, outlet, address and publication date, look at the records it would give (its text with
place, side and date words marked, the records in a table, their points on a small map), untick
or edit records, then save. Nothing is stored before "Save"; a bad article stops the save with
one line naming it. Reading is `geo.intake`, the preview's meaning `geo.preview`; the map pages
show the new records on their next run (their caches are keyed on the store's generation).
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import pages as view
from geo import annotate, intake, paths
from geo.actors import find_actors
from geo.dates import find_dates
from geo.evidence import TYPE_WORDS, esc, side_name
from geo.preview import EVENT_TYPES, TABLE_COLUMNS, Decision, decisions, preview_map, record_rows
from geo.sources import MAX_BYTES, Source, SourceError
from geo.store import open_store

st.set_page_config(page_title="Add articles · Frontlines", layout="wide")

PREVIEW_MAP_HEIGHT = 300


@dataclasses.dataclass(frozen=True)
class Checked:
    """One draft with the fields shown: its source (or the line saying why there is none)."""

    draft: intake.Draft
    fields: dict
    source: Source | None = None
    problem: str = ""
    duplicate: str = ""


def batch() -> int:
    return st.session_state.setdefault("add_batch", 0)


def new_batch(drafts: list[intake.Draft], errors: list[str]) -> None:
    st.session_state.add_batch = batch() + 1
    st.session_state.add_drafts = drafts
    st.session_state.add_errors = errors


def read_pasted() -> None:
    try:
        new_batch([intake.read_pasted(st.session_state.get("add_paste", ""))], [])
    except SourceError as exc:
        new_batch([], [str(exc)])


def read_uploads(files: list) -> None:
    """Every file read (and, where its date is known, extracted) under a progress bar."""
    drafts, errors = [], []
    bar = st.progress(0.0, text=f"Reading {len(files)} files…")
    for i, f in enumerate(files):
        bar.progress(i / len(files), text=f"Reading {f.name} ({i + 1} of {len(files)})")
        try:
            draft = intake.read_upload(f.name, f.getvalue())
        except SourceError as exc:
            errors.append(str(exc))
            continue
        drafts.append(draft)
        if draft.published is not None:
            bar.progress((i + 0.5) / len(files), text=f"Extracting records from {f.name}")
            try:
                view.preview_records(intake.make_source(draft, **prefilled(draft)))
            except SourceError:
                pass  # shown with the draft's fields below
    bar.progress(1.0, text=f"Read {len(drafts)} of {len(files)} files")
    new_batch(drafts, errors)


def prefilled(draft: intake.Draft) -> dict:
    return {"title": draft.title, "outlet": draft.outlet, "url": draft.url, "published": draft.published}


def inputs() -> None:
    paste, upload = st.tabs(["Paste text", "Upload files"])
    with paste:
        st.text_area(
            "Article text: the title on line 1, the article after it",
            key="add_paste",
            height=220,
            max_chars=MAX_BYTES // 4,
            placeholder="Rebels take Saraqib after two days of clashes\nOpposition fighters captured …",
        )
        st.button("Preview the pasted article", on_click=read_pasted, type="primary")
    with upload:
        files = st.file_uploader(
            f"Files: .txt (title on line 1), .md, or saved web pages (.html); up to "
            f"{MAX_BYTES // (1024 * 1024)} MB each",
            type=[s.lstrip(".") for s in intake.SUFFIXES],
            accept_multiple_files=True,
            key="add_files",
        )
        if files:
            signature = tuple(f.file_id for f in files)
            if st.session_state.get("add_read") != signature:
                st.session_state.add_read = signature
                read_uploads(files)


def fields_of(i: int, draft: intake.Draft) -> dict:
    key = f"add_{batch()}_{i}"
    left, right = st.columns(2)
    title = left.text_input("Title", value=draft.title, key=f"{key}_title", max_chars=intake.MAX_TITLE)
    outlet = right.text_input("Outlet", value=draft.outlet or "", key=f"{key}_outlet", max_chars=intake.MAX_OUTLET)
    url = left.text_input("URL", value=draft.url or "", key=f"{key}_url", max_chars=intake.MAX_URL)
    published = right.date_input(
        "Publication date",
        value=draft.published,
        max_value=date.today(),
        min_value=date(1990, 1, 1),
        format="YYYY-MM-DD",
        key=f"{key}_published",
        help=draft.published_basis or "Not found in the file: enter it (relative dates are read against it).",
    )
    return {"title": title, "outlet": outlet, "url": url, "published": published}


def check(drafts: list[intake.Draft], fields: list[dict], sources: dict[str, Source]) -> list[Checked]:
    """Each draft made into its source with ids unique against the store and each other, and
    duplicates of the store's texts or of an earlier draft marked."""
    taken = set(sources)
    by_sha = {s.sha256: s for s in sources.values()}
    out = []
    made: list[Source] = []
    for draft, given in zip(drafts, fields, strict=True):
        try:
            source = intake.make_source(draft, taken=taken, **given)
        except SourceError as exc:
            out.append(Checked(draft, given, problem=str(exc)))
            continue
        taken.add(source.source_id)
        made.append(source)
        out.append(Checked(draft, given, source))
    dupes = intake.duplicates(made, by_sha.get)
    index = {id(s): i for i, s in enumerate(made)}
    return [
        dataclasses.replace(c, duplicate=dupes.get(index[id(c.source)], "")) if c.source else c for c in out
    ]


def article_preview(data: view.Data, source: Source, records: list) -> None:
    marks = annotate.article_marks(
        source,
        view.gazetteer().find(source.text),
        find_actors(source.text, source.published),
        find_dates(source.text, source.published),
        records,
        data.factions,
    )
    # Nothing is on the map yet: the marks say what they are, but link nowhere.
    marks = [dataclasses.replace(m, href="") for m in marks]
    st.markdown(annotate.legend_html(), unsafe_allow_html=True)
    with st.container(border=True, height=260):
        st.markdown(annotate.article_html(source, marks), unsafe_allow_html=True)


def records_editor(key: str, records: list, factions) -> list[dict]:
    sides = [""] + sorted(factions)
    table = pd.DataFrame(record_rows(records), columns=TABLE_COLUMNS)
    edited = st.data_editor(
        table,
        key=key,
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        disabled=["place", "sentence", "event_id"],
        column_config={
            "keep": st.column_config.CheckboxColumn("Keep", help="Untick to reject this record"),
            "event_type": st.column_config.SelectboxColumn(
                "Event type", options=list(EVENT_TYPES), format_func=lambda t: TYPE_WORDS.get(t, t), required=True
            ),
            "place": st.column_config.TextColumn("Place"),
            "actor1": st.column_config.SelectboxColumn(
                "Side 1", options=sides, format_func=lambda a: side_name(a, factions) if a else "—"
            ),
            "actor2": st.column_config.SelectboxColumn(
                "Side 2", options=sides, format_func=lambda a: side_name(a, factions) if a else "—"
            ),
            "date_start": st.column_config.DateColumn("From", format="YYYY-MM-DD", required=True),
            "date_end": st.column_config.DateColumn("To", format="YYYY-MM-DD", required=True),
            "sentence": st.column_config.TextColumn("Sentence", width="large"),
            "event_id": None,
        },
    )
    return edited.to_dict("records")


def draft_preview(data: view.Data, i: int, checked: Checked) -> list[Decision] | None:
    """The draft's preview; its decisions, or None when it cannot be saved as it is."""
    source = checked.source
    if checked.problem:
        st.error(checked.problem)
        return None
    assert source is not None
    if checked.duplicate:
        st.warning(f"{checked.draft.name}: not saved: {checked.duplicate}.")
        return None
    records = view.preview_records(source)
    placed = sum(r.has_point or bool(r.area_adm3) for r in records)
    st.markdown(
        f"<small>Source id <code>{esc(source.source_id)}</code> · {len(records)} proposed record"
        f"{'s' if len(records) != 1 else ''} ({placed} placed)</small>",
        unsafe_allow_html=True,
    )
    article_preview(data, source, records)
    if not records:
        st.info("No event record in this article: it can be stored, but it changes nothing on the map.")
        return []
    left, right = st.columns([3, 2])
    with left:
        rows = records_editor(f"add_{batch()}_{i}_records", records, data.factions)
    try:
        chosen = decisions(
            records, rows, name=checked.draft.name, published=source.published, factions=data.factions
        )
    except SourceError as exc:  # never: decisions raise PreviewError
        st.error(str(exc))
        return None
    except view.DATA_ERRORS as exc:
        st.error(str(exc))
        return None
    rejected = {d.event_id for d in chosen if d.action == "reject"}
    with right:
        st_folium(
            preview_map(records, rejected, view.preview_governorates(), data.factions),
            height=PREVIEW_MAP_HEIGHT,
            returned_objects=[],
            use_container_width=True,
            key=f"add_{batch()}_{i}_map",
        )
        unplaced = len(records) - sum(r.has_point for r in records)
        if unplaced:
            st.caption(f"{unplaced} record{'s' if unplaced != 1 else ''} with no point (an area, or no place).")
    return chosen


def save(checked: list[Checked], chosen: list[list[Decision]], reviewer: str | None) -> list[str]:
    """Store every savable article with its records (and the user's decisions), each in its own
    transaction, after checking all of them; the lines say what was stored."""
    from geo.extract import EXTRACTOR_VERSION

    lines = []
    with open_store(paths.store_path()) as store:
        stored = {s.sha256: s for s in store.sources()}
        for c, decided in zip(checked, chosen, strict=True):
            source = c.source
            assert source is not None
            if source.sha256 in stored:
                lines.append(f"{c.draft.name}: not saved: already stored as {stored[source.sha256].source_id}")
                continue
            records = view.preview_records(source)
            kept = apply_decisions(records, decided)
            result = store.ingest(source, kept, EXTRACTOR_VERSION)
            stored[source.sha256] = source
            lines.append(
                f"{source.title} ({result.source_id}): {result.action}, {result.records} records"
                + (f", {len(decided)} reviewed by {reviewer}" if decided and reviewer else "")
            )
    return lines


def apply_decisions(records: list, decided: list[Decision]) -> list:
    rejected = {d.event_id for d in decided if d.action == "reject"}
    corrections = {d.event_id: d.changes for d in decided if d.action == "correct"}
    out = []
    for r in records:
        if r.event_id in rejected:
            continue
        changes = corrections.get(r.event_id, {})
        out.append(dataclasses.replace(r, **{f: new for f, (_, new) in changes.items()}) if changes else r)
    return out


def main() -> None:
    data = view.load_data()
    st.markdown(annotate.ARTICLE_CSS, unsafe_allow_html=True)
    st.title("Add articles")
    st.caption(
        "Paste an article or upload files; check the preview; untick or correct records; save. "
        "Nothing is stored before Save."
    )
    for line in st.session_state.pop("add_saved", ()):
        st.success(line)
    inputs()
    for line in st.session_state.get("add_errors", ()):
        st.error(line)
    drafts: list[intake.Draft] = st.session_state.get("add_drafts", [])
    if not drafts:
        return

    st.subheader(f"Preview of {len(drafts)} article{'s' if len(drafts) != 1 else ''}")
    fields = []
    for i, draft in enumerate(drafts):
        with st.container(border=True, key=f"fl-draft-{i}"):
            st.markdown(f"**{esc(draft.name)}**", unsafe_allow_html=True)
            fields.append(fields_of(i, draft))
    checked = check(drafts, fields, data.sources)
    chosen: list[list[Decision] | None] = []
    for i, c in enumerate(checked):
        with st.container(border=True, key=f"fl-preview-{i}"):
            st.markdown(f"#### {esc(c.source.title if c.source else c.draft.name)}", unsafe_allow_html=True)
            chosen.append(draft_preview(data, i, c))

    savable = [(c, d) for c, d in zip(checked, chosen, strict=True) if d is not None]
    blocked = [c for c, d in zip(checked, chosen, strict=True) if d is None and not c.duplicate]
    reviewed = sum(len(d) for _, d in savable)
    reviewer = view.reviewer_name(ask=reviewed > 0)
    if blocked:
        st.error(f"Fix the {len(blocked)} article(s) marked above first: nothing is saved until then.")
    label = f"Save {len(savable)} article{'s' if len(savable) != 1 else ''}"
    if st.button(label, type="primary", disabled=bool(blocked) or not savable or (reviewed > 0 and not reviewer)):
        lines = save([c for c, _ in savable], [d for _, d in savable], reviewer)
        st.session_state.add_saved = lines
        new_batch([], [])
        st.rerun()


main()
