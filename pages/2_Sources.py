"""Sources page: an article in full, with the place, actor and date words the extractor
recognises marked (places of records link to the main map at that record), its outlet,
publication date and how it was established, and the records extracted from it.

`?source=<id>&at=<offset>` (the evidence panel's links, `geo.evidence.source_link`) shows that
article alone with the sentence at that offset outlined and scrolled into view. The marks are
found again here with the extractor's own finders; the HTML is built and escaped by
`geo.annotate`.

Below the article: its records a reviewer rejected (not on the map), reviews whose record the
extractor no longer makes, and removing the source with its records and reviews (after a
confirmation; the store does it in one transaction).
"""

from __future__ import annotations

import streamlit as st

import pages as view
from geo import annotate, page_views
from geo.actors import find_actors
from geo.dates import find_dates
from geo.errors import FrontlinesError
from geo.evidence import day_words, esc
from geo.reviews import describe, orphaned
from geo.sources import Source
from pages.review_widgets import plain, show_notice, tell

view.page_setup("Sources")

# A fixed script (no data in it): bring the outlined sentence into view once it is drawn.
SCROLL_TO_SENTENCE = """<script>
(function () {
  let tries = 0;
  function go() {
    const el = document.getElementById("fl-at");
    if (el) { el.scrollIntoView({block: "center"}); }
    else if (tries++ < 50) { setTimeout(go, 100); }
  }
  go();
})();
</script>"""


def pick_source(data: view.Data, request: annotate.SourceRequest) -> Source:
    if request.source_id:
        st.markdown('<a href="Sources" target="_self">← All sources</a>', unsafe_allow_html=True)
        return data.sources[request.source_id]
    newest = sorted(data.sources.values(), key=lambda s: (s.published, s.source_id), reverse=True)
    chosen = st.selectbox(
        f"Article ({len(newest)} stored, newest first)",
        [s.source_id for s in newest],
        format_func=lambda sid: f"{data.sources[sid].title} · {day_words(data.sources[sid].published)}",
        key="src_choice",
    )
    return data.sources[chosen]


def article_marks(data: view.Data, source: Source, records: list) -> list[annotate.Mark]:
    gazetteer = view.gazetteer()
    text = source.text
    return annotate.article_marks(
        source,
        gazetteer.find(text),
        find_actors(text, source.published),
        find_dates(text, source.published),
        records,
        data.factions,
    )


def main() -> None:
    data = view.load_data()
    st.markdown(annotate.ARTICLE_CSS, unsafe_allow_html=True)
    st.title("Sources")
    request = annotate.parse_source_params(dict(st.query_params), data.sources)
    for notice in request.notices:
        st.info(notice)
    show_notice()
    if not data.sources:
        st.info("No article is stored yet: ingest one with `python -m geo ingest FILE`.")
        return

    source = pick_source(data, request)
    records = [r for r in data.timeline.records if r.source_id == source.source_id]
    st.markdown(f"<h2>{esc(source.title)}</h2>", unsafe_allow_html=True)
    st.markdown(annotate.source_facts_html(source, len(records)), unsafe_allow_html=True)
    st.markdown(annotate.legend_html(request.at is not None), unsafe_allow_html=True)
    marks = article_marks(data, source, records)
    with st.container(border=True):
        st.markdown(annotate.article_html(source, marks, request.at), unsafe_allow_html=True)
    if request.at is not None:
        st.html(SCROLL_TO_SENTENCE, unsafe_allow_javascript=True)

    with st.expander(f"The {len(records)} event records extracted from this article"):
        governorates = page_views.governorate_names(data.timeline)
        st.dataframe(
            page_views.event_table(
                page_views.newest_first(records), data.factions, governorates, data.sources
            ),
            hide_index=True,
            width="stretch",
            column_order=[
                "date_start",
                "date_end",
                "time_precision",
                "type",
                "place",
                "geo_precision",
                "actor1",
                "actor2",
                "sentence",
                "event_id",
                "reviewed",
            ],
        )
    review_notes(data, source)
    remove_source(source, len(records))


def review_notes(data: view.Data, source: Source) -> None:
    reviews, every_record = view.review_facts(data)
    mine = [r for r in every_record if r.source_id == source.source_id]
    rejected = [r for r in mine if r.reviewed == "rejected"]
    if rejected:
        st.markdown(
            f"**{len(rejected)} record{'s' if len(rejected) != 1 else ''} rejected by a reviewer** (not on the map)"
        )
        for r in rejected:
            plain(
                f"{r.event_type} · {r.place or 'no place'} · {r.date_start}: “{r.sentence}” (rejected by {r.reviewer})"
            )
    gone = orphaned([r for r in reviews if r.source_id == source.source_id], (r.event_id for r in mine))
    if gone:
        st.markdown(
            f"**{len(gone)} review{'s' if len(gone) != 1 else ''} of records the extractor no longer makes** "
            "(kept, and applied again if a later extraction makes the record again)"
        )
        for r in gone:
            plain(f"{r.event_id}: {describe(r)}")


def _remove(source_id: str) -> None:
    try:
        with view.open_writer() as store:
            removed = store.remove_source(source_id)
    except FrontlinesError as exc:
        tell("error", f"Not removed: {exc}")
        return
    st.session_state.pop("src_choice", None)
    if "source" in st.query_params:
        del st.query_params["source"]
    tell("ok", f"Removed {source_id} with its {removed} records and their reviews.")


def remove_source(source: Source, count: int) -> None:
    with st.expander("Remove this source"):
        st.caption(
            f"Removes the article, its {count} records on the map and every review of them from the "
            "store; the map follows at once. Adding the article again brings its records back, not the reviews."
        )
        sure = st.checkbox("Yes, remove this source", key=f"remove_ok_{source.source_id}")
        st.button(
            "Remove source",
            key=f"remove_{source.source_id}",
            disabled=not sure,
            type="primary",
            on_click=_remove,
            args=(source.source_id,),
        )


main()
