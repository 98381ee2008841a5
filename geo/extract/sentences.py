"""Sentences with offsets: news text cut at sentence ends, abbreviations and quotes kept whole.

Hand-written rather than pysbd or spaCy: a line is never merged with the next (captions, bullets
and datelines stand alone in news pages) and every offset must point into the original text.
"""

import re
from dataclasses import dataclass

# --- sentences ------------------------------------------------------------------------------

_ABBREVIATIONS = {
    *["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"],
    *[
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "st",
        "no",
        "vol",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "jr",
        "sr",
        "prof",
        "rev",
        "gov",
        "sen",
        "rep",
    ],
    *["u.s", "u.n", "u.k", "e.u", "a.m", "p.m"],
}
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|[.!?]+[\"”’')\]]*$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str, start: int = 0) -> list[Sentence]:
    """Sentences of `text[start:]`, one line at most each, with offsets into `text`."""
    sentences: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text[start:]):
        line_start = start + line.start()
        piece_start = 0
        body = line.group()
        for end in _END.finditer(body):
            word = re.search(r"([\w.]+)$", body[: end.start()])
            if word and end.group().startswith(".") and _is_abbreviation(word.group(1)):
                continue
            _add_sentence(sentences, text, line_start + piece_start, line_start + end.end())
            piece_start = end.end()
        _add_sentence(sentences, text, line_start + piece_start, line_start + len(body))
    return sentences


def _is_abbreviation(word: str) -> bool:
    lowered = word.lower()
    return (
        lowered in _ABBREVIATIONS
        or bool(re.fullmatch(r"[A-Z]", word))
        or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", lowered))
    )


def _add_sentence(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(ch.isalpha() for ch in text[start:end]):
        out.append(Sentence(start, end, text[start:end]))
