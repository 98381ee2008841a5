"""Not a page: the review controls that the Map's evidence panel and the Events page share.

A person confirms, rejects or corrects one record (geo/reviews.py). The name they review under
is asked once per browser session; there are no accounts (authentication belongs at the reverse
proxy, see the README). Every write is one store transaction made in a button's callback, before
the page reruns, so the rerun reads the new store generation and the map follows at once.
Names, reasons and record text are untrusted: shown escaped, or as widget labels (plain text).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

import pages as view
from geo.errors import FrontlinesError
from geo.evidence import TYPE_WORDS, esc, side_name
from geo.place_search import correction_place_id
from geo.records import EVENT_TYPES, EventRecord
from geo.reviews import NewReview, correction, describe
from geo.reviews import reviewer_name as checked_name

OPEN = "review_open"  # session key: which record's review form is open ("<where>_<event id>")
NOTICE = "review_notice"  # session key: (kind, plain text) of the last review's outcome


def plain(text: str, css_class: str = "fl-review-note", role: str = "") -> None:
    """Untrusted text as text: escaped inside a <div>, which Markdown leaves alone."""
    role_attr = f" role='{role}'" if role else ""
    st.markdown(f"<div class='{css_class}'{role_attr}>{esc(text)}</div>", unsafe_allow_html=True)


def show_notice() -> None:
    """The outcome of the last review or undo in this session, once."""
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        kind, text = notice
        plain(text, f"fl-review-notice fl-review-{kind}", "alert" if kind == "error" else "status")


def tell(kind: str, text: str) -> None:
    st.session_state[NOTICE] = (kind, text)


def ask_reviewer(key: str) -> str | None:
    """The session's reviewer name, asking for it the first time."""
    name = view.reviewer_name()
    if name:
        plain(f"Reviewing as {name}", "fl-review-note fl-reviewer")
        return name
    st.text_input("Your name, stored with each review you make", key=f"{key}_who", max_chars=80)
    st.button("Start reviewing", key=f"{key}_who_ok", on_click=_set_reviewer, args=(key,))
    return None


def _set_reviewer(key: str) -> None:
    try:
        st.session_state["reviewer"] = checked_name(st.session_state.get(f"{key}_who"))
    except FrontlinesError as exc:
        tell("error", str(exc))


def _save(review: NewReview) -> None:
    try:
        with view.open_writer() as store:
            stored = store.add_review(review)
    except FrontlinesError as exc:
        tell("error", f"Not saved: {exc}")
        return
    st.session_state[OPEN] = None
    undo = " (Undo my last review restores it.)" if stored.action == "reject" else ""
    tell("ok", f"Saved: {describe(stored)}{undo}")


def _verdict(record: EventRecord, action: str, key: str) -> None:
    who = view.reviewer_name()
    if not who:
        return
    try:
        review = NewReview(record.event_id, action, who, reason=st.session_state.get(f"{key}_reason", ""))
    except FrontlinesError as exc:
        tell("error", f"Not saved: {exc}")
        return
    _save(review)


def _correct(record: EventRecord, factions, key: str) -> None:
    who = view.reviewer_name()
    if not who:
        return
    state = st.session_state
    values: dict[str, str] = {}
    picked = state.get(f"{key}_place")
    if picked and picked != KEEP_PLACE:
        values["place_id"] = state.get(f"{key}_places", {})[picked]
    for name in ("event_type", "actor1", "actor2"):
        if state.get(f"{key}_{name}", getattr(record, name)) != getattr(record, name):
            values[name] = state[f"{key}_{name}"]
    for name in ("date_start", "date_end"):
        picked = state.get(f"{key}_{name}")
        if isinstance(picked, date) and picked.isoformat() != getattr(record, name):
            values[name] = picked.isoformat()
    try:
        changes = correction(record, values, places=view.gazetteer(), sides=factions)
        review = NewReview(record.event_id, "correct", who, changes, state.get(f"{key}_reason", ""))
    except FrontlinesError as exc:
        tell("error", f"Not saved: {exc}")
        return
    _save(review)


KEEP_PLACE = "keep the place"


def place_choices(hits) -> dict[str, str]:
    """Search hits as {label: gazetteer id}; a label two places share gets the id appended."""
    choices: dict[str, str] = {}
    for hit in hits:
        label = f"{hit.entry.name} ({hit.entry.detail})"
        pid = correction_place_id(hit.entry)
        choices[label if label not in choices else f"{label} [{pid}]"] = pid
    return choices


def _toggle(key: str) -> None:
    st.session_state[OPEN] = None if st.session_state.get(OPEN) == key else key


def review_controls(record: EventRecord, data: view.Data, where: str, *, always_open: bool = False) -> None:
    """A "Review" button under a record, and its form when open (one form at a time)."""
    key = f"{where}_{record.event_id}"
    is_open = always_open or st.session_state.get(OPEN) == key
    if not always_open:
        st.button(
            "Close review" if is_open else "Review",
            key=f"{key}_toggle",
            type="tertiary",
            on_click=_toggle,
            args=(key,),
            help="Confirm, reject or correct this record; your review is stored beside it.",
        )
    if is_open:
        with st.container(border=True, key=f"fl-review-{key}"):
            review_form(record, data, key)


def review_form(record: EventRecord, data: view.Data, key: str) -> None:
    who = ask_reviewer(key)
    if not who:
        return
    st.text_input("Why (optional, stored with the review)", key=f"{key}_reason", max_chars=1000)
    left, right = st.columns(2)
    left.button("Confirm", key=f"{key}_confirm", on_click=_verdict, args=(record, "confirm", key))
    right.button("Reject", key=f"{key}_reject", on_click=_verdict, args=(record, "reject", key))
    st.markdown("**Or correct it**")
    query = st.text_input(
        "Place: search in English or Arabic",
        key=f"{key}_query",
        max_chars=100,
        help=f"Now: {record.place or 'no place'}",
    )
    hits = view.correction_search().search(query, 8) if query.strip() else []
    if query.strip() and not hits:
        st.caption("No place in Syria matches.")
    if hits:
        # The labels are the options (the place's id is looked up from them on saving): a
        # selectbox's value is then what the user read, in the browser and in AppTest alike.
        st.session_state[f"{key}_places"] = place_choices(hits)
        st.selectbox("Matches", [KEEP_PLACE, *st.session_state[f"{key}_places"]], key=f"{key}_place")
    else:
        st.session_state.pop(f"{key}_place", None)
    st.selectbox(
        "Event type",
        EVENT_TYPES,
        index=EVENT_TYPES.index(record.event_type) if record.event_type in EVENT_TYPES else 0,
        format_func=lambda t: TYPE_WORDS.get(t, t),
        key=f"{key}_event_type",
    )
    sides = ["", *data.factions]
    for name, label in (("actor1", "Side that acted"), ("actor2", "Side acted on")):
        current = getattr(record, name)
        st.selectbox(
            label,
            sides if current in sides else [*sides, current],
            index=(sides if current in sides else [*sides, current]).index(current),
            format_func=lambda f: side_name(f, data.factions) if f else "none",
            key=f"{key}_{name}",
        )
    start, end = st.columns(2)
    start.date_input(
        "From", date.fromisoformat(record.date_start), key=f"{key}_date_start", format="YYYY-MM-DD"
    )
    end.date_input("To", date.fromisoformat(record.date_end), key=f"{key}_date_end", format="YYYY-MM-DD")
    st.button(
        "Save correction",
        key=f"{key}_correct",
        type="primary",
        on_click=_correct,
        args=(record, data.factions, key),
    )


def undo_button(where: str) -> None:
    """ "Undo my last review", for the session's reviewer."""
    who = view.reviewer_name()
    if who:
        st.button("Undo my last review", key=f"{where}_undo", type="tertiary", on_click=_undo, args=(who,))


def _undo(who: str) -> None:
    try:
        with view.open_writer() as store:
            undone = store.undo_last_review(who)
    except FrontlinesError as exc:
        tell("error", f"Not undone: {exc}")
        return
    if undone is None:
        tell("ok", f"{who} has no review to undo.")
    else:
        tell("ok", f"Undone: {describe(undone)}")
