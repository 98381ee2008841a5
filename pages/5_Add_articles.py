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
from geo import annotate, intake
from geo.actors import find_actors
from geo.dates import find_dates
from geo.evidence import TYPE_WORDS, esc, side_name, source_link
from geo.preview import TABLE_COLUMNS, Decision, PreviewError, decisions, map_link, preview_map, record_rows
from geo.records import EVENT_TYPES
from geo.sources import MAX_BYTES, Source, SourceError
from pages.review_widgets import ask_reviewer, show_notice

view.page_setup("Add articles")

PREVIEW_MAP_HEIGHT = 300


@dataclasses.dataclass(frozen=True)
class Checked:
    """One draft with the fields shown: its source (or the line saying why there is none), and
    why it repeats a text already stored or earlier in the batch, if it does."""

    draft: intake.Draft
    source: Source | None = None
    problem: str = ""
    duplicate: str = ""


def batch() -> int:
    """The preview's number: a new preview gets fresh widgets (their keys carry it)."""
    return st.session_state.setdefault("add_batch", 0)


def form() -> int:
    """The inputs' number: after a save, the paste box and the file list start empty."""
    return st.session_state.setdefault("add_form", 0)


def new_batch(drafts: list[intake.Draft], errors: list[str]) -> None:
    st.session_state.add_batch = batch() + 1
    st.session_state.add_drafts = drafts
    st.session_state.add_errors = errors


def read_pasted(key: str) -> None:
    try:
        new_batch([intake.read_pasted(st.session_state.get(key, ""))], [])
    except SourceError as exc:
        new_batch([], [str(exc)])


def prefilled(draft: intake.Draft) -> dict:
    """The fields as the preview first shows them (what the widgets return for a draft)."""
    return {
        "title": draft.title,
        "outlet": draft.outlet or "",
        "url": draft.url or "",
        "published": draft.published,
    }


def read_uploads(files: list, sources: dict[str, Source]) -> None:
    """Every file read and, where its publication date is known, its records extracted (the
    preview then finds them cached), under a progress bar that stays to say what was read."""
    drafts, errors, made = [], [], []
    n = len(files)
    bar = st.progress(0.0, text=f"Reading {n} files…")
    for i, f in enumerate(files):
        bar.progress(i / n, text=f"Reading {f.name} ({i + 1} of {n})")
        try:
            draft = intake.read_upload(f.name, f.getvalue())
        except SourceError as exc:
            errors.append(str(exc))
            continue
        drafts.append(draft)
        checked = check(draft, prefilled(draft), sources, made)
        if checked.source is not None and not checked.duplicate:
            bar.progress((i + 0.5) / n, text=f"Extracting the records of {f.name} ({i + 1} of {n})")
            view.preview_records(checked.source)
            made.append(checked.source)
    bar.progress(
        1.0, text=f"Read {len(drafts)} of {n} files" + (f"; {len(errors)} refused" if errors else "")
    )
    new_batch(drafts, errors)


def inputs(data: view.Data) -> None:
    paste, upload = st.tabs(["Paste text", "Upload files"])
    with paste:
        key = f"add_paste_{form()}"
        st.text_area(
            "Article text: the title on line 1, the article after it",
            key=key,
            height=220,
            max_chars=MAX_BYTES,
            placeholder="Rebels take Saraqib after two days of clashes\nOpposition fighters captured …",
        )
        st.button("Preview the pasted article", on_click=read_pasted, args=(key,), type="primary")
    with upload:
        files = st.file_uploader(
            f"Files: .txt (title on line 1), .md, or saved web pages (.html); several at once, up to "
            f"{MAX_BYTES // (1024 * 1024)} MB each",
            type=[s.lstrip(".") for s in intake.SUFFIXES],
            accept_multiple_files=True,
            max_upload_size=MAX_BYTES // (1024 * 1024),
            key=f"add_files_{form()}",
        )
        if files:
            signature = tuple(f.file_id for f in files)
            if st.session_state.get("add_read") != signature:
                st.session_state.add_read = signature
                read_uploads(files, data.sources)


def fields_of(i: int, draft: intake.Draft) -> dict:
    key = f"add_{batch()}_{i}"
    left, right = st.columns(2)
    title = left.text_input("Title", value=draft.title, key=f"{key}_title", max_chars=intake.MAX_TITLE)
    outlet = right.text_input(
        "Outlet", value=draft.outlet or "", key=f"{key}_outlet", max_chars=intake.MAX_OUTLET
    )
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


def check(draft: intake.Draft, given: dict, sources: dict[str, Source], earlier: list[Source]) -> Checked:
    """The draft made into its source, its id unique against the store's and the batch's, and
    marked when its text repeats a stored one or an earlier draft's."""
    taken = set(sources) | {s.source_id for s in earlier}
    try:
        source = intake.make_source(draft, taken=taken, **given)
    except SourceError as exc:
        return Checked(draft, problem=str(exc))
    by_sha = {s.sha256: s for s in sources.values()}
    return Checked(draft, source, duplicate=intake.duplicate_of(source, by_sha.get, earlier))


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
    st.markdown(annotate.legend_html(linked=False), unsafe_allow_html=True)
    # A long article scrolls in its own box, so the records and the map stay in view.
    with st.container(border=True, height=320 if len(source.text) > 1500 else "content"):
        st.markdown(annotate.article_html(source, marks), unsafe_allow_html=True)


def records_editor(key: str, records: list, factions) -> list[dict]:
    sides = ["", *sorted(factions)]
    table = pd.DataFrame(record_rows(records), columns=TABLE_COLUMNS)
    edited = st.data_editor(
        table,
        key=key,
        hide_index=True,
        width="stretch",
        num_rows="fixed",
        disabled=["place", "sentence", "event_id"],
        column_config={
            "keep": st.column_config.CheckboxColumn(
                "Keep", help="Untick to reject this record", width="small"
            ),
            "event_type": st.column_config.SelectboxColumn(
                "Event type",
                options=list(EVENT_TYPES),
                format_func=lambda t: TYPE_WORDS.get(t, t),
                required=True,
            ),
            "place": st.column_config.TextColumn("Place", width="medium"),
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
        st.error(view.as_text(checked.problem))
        return None
    assert source is not None  # a draft without a problem has its source
    if checked.duplicate:
        st.warning(view.as_text(f"{checked.draft.name}: not saved: {checked.duplicate}."))
        return None
    records = view.preview_records(source)
    placed = sum(r.has_point or bool(r.area_adm3) for r in records)
    # One HTML block: Markdown leaves its inside alone, so a title's own *, [ or # stay text.
    st.markdown(f"<h4 class='fl-preview-title'>{esc(source.title)}</h4>", unsafe_allow_html=True)
    st.markdown(
        f"<small>Source id <code>{esc(source.source_id)}</code> · {len(records)} proposed record"
        f"{'s' if len(records) != 1 else ''} ({placed} placed)</small>",
        unsafe_allow_html=True,
    )
    article_preview(data, source, records)
    if not records:
        st.info("No event record in this article: it can be stored, but it changes nothing on the map.")
        return []
    # Edits are kept by row: another text or date gives other records, so a fresh table.
    rows = records_editor(
        f"add_{batch()}_{i}_records_{source.sha256[:12]}_{source.published}", records, data.factions
    )
    try:
        chosen = decisions(
            records, rows, name=checked.draft.name, published=source.published, sides=data.factions
        )
    except PreviewError as exc:
        st.error(view.as_text(exc))
        return None
    rejected = {d.event_id for d in chosen if d.action == "reject"}
    left, right = st.columns([1, 1])
    right.caption(
        "The points of the proposed records: orange if kept, grey if unticked; hover one for what "
        "happened there. Records of an area (a governorate) or with no place have no point."
    )
    with left:
        st_folium(
            preview_map(records, rejected, view.preview_governorates(), data.factions),
            height=PREVIEW_MAP_HEIGHT,
            returned_objects=[],
            use_container_width=True,
            key=f"add_{batch()}_{i}_map",
        )
        unplaced = len(records) - sum(r.has_point for r in records)
        if unplaced:
            st.caption(
                f"{unplaced} record{'s' if unplaced != 1 else ''} with no point (an area, or no place)."
            )
    return chosen


def save(
    checked: list[Checked], chosen: list[list[Decision]], reviewer: str | None
) -> list[tuple[str, str, str]]:
    """Store each article with its records and the reviews made in the preview, one transaction
    each (an article is stored whole or not at all). Returns, per article, a line saying what was
    stored ("success") or why not ("warning", "error"), and the HTML of its links (the map at its
    newest placed record, its page on Sources). A text that another browser stored meanwhile is
    not stored twice; a store that fails stops the save there, the articles before it stay stored."""
    from geo.extract import EXTRACTOR_VERSION

    out = []
    with view.open_writer() as store:
        for c, decided in zip(checked, chosen, strict=True):
            source = c.source
            assert source is not None  # only checked sources are offered for saving
            if repeat := intake.duplicate_of(source, store.source_by_sha256):
                out.append(("warning", f"{c.draft.name}: not saved: {repeat}", ""))
                continue
            taken = {s.source_id for s in store.sources()}
            if source.source_id in taken:
                # Another browser stored a different text under this id since the preview: a new
                # id, so that neither replaces the other (record ids depend on the text alone).
                source = dataclasses.replace(source, source_id=intake.unique_slug(source.title, taken))
            records = view.preview_records(source)
            reviews = [d.as_review(reviewer) for d in decided] if reviewer else []
            try:
                result = store.ingest(source, records, EXTRACTOR_VERSION, reviews=reviews)
            except view.DATA_ERRORS as exc:
                out.append(("error", f"{c.draft.name}: not saved: {exc}", ""))
                break
            line = f"Saved “{source.title}” as {result.source_id}: {result.records} records" + (
                f", {len(reviews)} reviewed by {reviewer}" if reviews else ""
            )
            links = [f'<a href="{esc(source_link(result.source_id))}" target="_self">Read it on Sources</a>']
            if where := map_link(records, {d.event_id for d in decided if d.action == "reject"}):
                links.insert(0, f'<a href="{esc(where)}" target="_self">Open it on the map</a>')
            out.append(("success", line, " · ".join(links)))
    return out


def main() -> None:
    data = view.load_data()
    st.markdown(annotate.ARTICLE_CSS, unsafe_allow_html=True)
    st.title("Add articles")
    st.caption(
        "Paste an article or upload files; check the preview; untick or correct records; save. "
        "Nothing is stored before Save."
    )
    for kind, line, links in st.session_state.pop("add_saved", ()):
        {"success": st.success, "warning": st.warning, "error": st.error}[kind](view.as_text(line))
        if links:
            st.markdown(f"<div class='fl-saved-links'>{links}</div>", unsafe_allow_html=True)
    inputs(data)
    for line in st.session_state.get("add_errors", ()):
        st.error(view.as_text(line))
    drafts: list[intake.Draft] = st.session_state.get("add_drafts", [])
    if not drafts:
        return

    st.subheader(f"Preview of {len(drafts)} article{'s' if len(drafts) != 1 else ''}")
    checked: list[Checked] = []
    chosen: list[list[Decision] | None] = []
    for i, draft in enumerate(drafts):
        with st.container(border=True, key=f"fl-draft-{i}"):
            st.markdown(f"**{esc(draft.name)}**", unsafe_allow_html=True)
            given = fields_of(i, draft)
            earlier = [c.source for c in checked if c.source is not None]
            checked.append(check(draft, given, data.sources, earlier))
            chosen.append(draft_preview(data, i, checked[-1]))

    savable = [(c, d) for c, d in zip(checked, chosen, strict=True) if d is not None]
    blocked = [c for c, d in zip(checked, chosen, strict=True) if d is None and not c.duplicate]
    reviewed = sum(len(d) for _, d in savable)
    # Unticked or edited records are reviews: they need the session's reviewer, asked once.
    reviewer = ask_reviewer("add") if reviewed else view.reviewer_name()
    show_notice()
    if blocked:
        st.error(f"Fix the {len(blocked)} article(s) marked above first: nothing is saved until then.")
    label = f"Save {len(savable)} article{'s' if len(savable) != 1 else ''}"
    if st.button(
        label, type="primary", disabled=bool(blocked) or not savable or (reviewed > 0 and not reviewer)
    ):
        try:
            st.session_state.add_saved = save([c for c, _ in savable], [d for _, d in savable], reviewer)
        except view.DATA_ERRORS as exc:  # the store cannot be opened: nothing was stored
            st.session_state.add_saved = [("error", f"Nothing saved: {exc}", "")]
        st.session_state.add_form = form() + 1
        new_batch([], [])
        st.rerun()


main()
