"""The text side of matching: tokens of an article and the words around a candidate name
(cues such as "in" or "the village of", qualifiers such as "province", capitalised neighbours).

Hand-written because the evidence is specific to English war reporting on Syria: no NLP library
knows that "the western Aleppo countryside" asks for an area or that "Mayor" before a name makes
it a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from geo.gazetteer.model import Place
from geo.names import (
    ADJECTIVAL_SUFFIXES,
    ARTICLES,
    COMMON_ENGLISH_WORDS,
    ENGLISH_LIKE_ARTICLES,
    NEVER_PLACE_WORDS,
    TITLE_WORDS,
    fold_token,
    is_arabic,
    split_words,
    word_set,
)

# --------------------------------------------------------------------------------------------
# Words of the surrounding text (compared in lowercase, never folded)

LOCATIVE_WORDS = word_set(
    """
    in near at from to into outside around toward towards through across inside within via
    between beyond reach reached reaching enter entered entering captured capture capturing
    seized seize seizing took take taking retook retake recaptured recapture stormed storm
    shelled shelling bombed bombing bombarded struck strike strikes hit targeted targeting
    besieged besieging encircled surrounded liberated overran overrun controls controlled
    control held hold holds attacked raided advanced advancing withdrew evacuated fled
    displaced returned deployed stationed based
    """
)
# Nouns that, followed by "of", introduce a place ("the village of X", "the fall of X").
OF_NOUNS = word_set(
    """
    village villages town towns city cities hamlet settlement district districts neighbourhood
    neighbourhoods neighborhood neighborhoods suburb suburbs outskirts countryside area areas
    region province governorate camp base airbase airport crossing locality localities
    municipality subdistrict vicinity hills farms heart centre center north south east west
    northeast northwest southeast southwest entrance edge gates axis fall capture siege battle
    liberation recapture shelling bombing bombardment residents inhabitants people streets
    """
)
PLACE_NOUNS = word_set(
    """
    village villages town towns city cities hamlet settlement neighbourhood neighborhood
    suburb suburbs district districts locality
    """
)
# Words skipped when looking back for a cue ("captured the strategic town of X").
FILLER_WORDS = word_set(
    """
    the a an of northern southern eastern western northeastern northwestern southeastern
    southwestern central rural nearby neighbouring neighboring key strategic small large
    former important border frontline rebel held regime opposition controlled besieged
    two three four five several many other adjacent remote major vital
    """
)
DIRECTION_WORDS = word_set(
    """
    northern southern eastern western northeastern northwestern southeastern southwestern
    north south east west northeast northwest southeast southwest central
    """
)
# Qualifier words after or before a name, and which kind of place they ask for.
AFTER_QUALIFIERS = {
    "province": "adm1",
    "provinces": "adm1",
    "governorate": "adm1",
    "governorates": "adm1",
    "muhafaza": "adm1",
    "district": "adm2",
    "districts": "adm2",
    "nahiya": "adm3",
    "nahia": "adm3",
    "nahiyah": "adm3",
    "subdistrict": "adm3",
    "subdistricts": "adm3",
    "countryside": "countryside",
    "region": "area",
    "city": "point",
    "town": "point",
    "village": "point",
    "villages": "point",
    "towns": "point",
    "airbase": "site",
    "airport": "site",
    "camp": "site",
}
BEFORE_QUALIFIERS = {
    "province": "adm1",
    "governorate": "adm1",
    "district": "adm2",
    "subdistrict": "adm3",
    "countryside": "countryside",
    "city": "point",
    "town": "point",
    "village": "point",
}
PLURAL_QUALIFIERS = frozenset({"provinces", "governorates", "districts", "subdistricts"})
_LIST_GAP = re.compile(r"\s*(?:,|/|&)?\s*(?:(?:and|or)\s+)?(?:the\s+)?", re.IGNORECASE)

# --------------------------------------------------------------------------------------------
# Tokens of the text

_TOKEN = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670])+"
    r"(?:['’ʼ‘`](?:[^\W_]|[\u0300-\u036f])+)*"
)
_JOINING_GAPS = frozenset({" ", "\u00a0", "-", "\u2010", "\u2011"})
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
_SENTENCE_END = frozenset(".!?\n")
_OPENERS = frozenset(" \t\"“”‘'«(»[")


@dataclass(slots=True)
class _Token:
    start: int
    end: int  # end of the word, before a possessive 's
    full_end: int
    text: str
    lower: str
    joined: bool  # one space or hyphen since the previous token: may continue a name
    spaced: bool  # only whitespace since the previous token: may carry a cue
    hyphen: bool
    cased: str  # "upper", "lower" or "none" (Arabic, digits)
    acronym: bool
    article: bool
    foldable: bool
    key_first: str
    key_rest: str
    vowels_first: str
    vowels_rest: str


@lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str:
    return "".join(w.lower() for w in split_words(word))


@dataclass(frozen=True)
class _WordInfo:
    """What a word is, independent of where it stands (cached per distinct word)."""

    lower: str
    key: str  # the word folded to ASCII letters (or normalised Arabic)
    cased: str  # "upper", "lower" or "none" (Arabic, digits)
    acronym: bool  # all capitals, at most 4 letters: "US", "SDF", "SANA"
    article: bool
    arabic: bool
    key_first: str
    vowels_first: str
    key_rest: str
    vowels_rest: str


@lru_cache(maxsize=1 << 16)
def _word_info(word: str) -> _WordInfo:
    letters = [c for c in word if c.isalpha()]
    first = letters[0] if letters else word[0]
    cased = "upper" if first.isupper() else "lower" if first.islower() else "none"
    key = _word_key(word)
    key_first, vowels_first = fold_token(key, True)
    key_rest, vowels_rest = fold_token(key, False)
    return _WordInfo(
        lower=word.lower(),
        key=key,
        cased=cased,
        acronym=bool(letters) and all(c.isupper() for c in letters) and len(word) <= 4,
        article=key in ARTICLES and cased != "none",
        arabic=is_arabic(word),
        key_first=key_first,
        vowels_first=vowels_first,
        key_rest=key_rest,
        vowels_rest=vowels_rest,
    )


# Arabic words glue "and", "in", "to", "so" to the next word: "ومنبج" = "and Manbij".
_ARABIC_CLITICS = ("و", "ب", "ل", "ف")


def _tokenize(text: str, lower_vocab: frozenset[str], first_keys: frozenset[str]) -> list[_Token]:
    tokens: list[_Token] = []
    prev_end = 0
    for match in _TOKEN.finditer(text):
        start, full_end = match.span()
        word = match.group()
        end = full_end
        if len(word) > 4 and word[-2:].lower() in ("'s", "’s"):
            end = full_end - 2
            word = word[:-2]
        info = _word_info(word)
        if info.arabic and info.key_first not in first_keys and word.startswith(_ARABIC_CLITICS):
            stripped = _word_info(word[1:]) if len(word) > 3 else info
            if stripped.key_first in first_keys:
                start, word, info = start + 1, word[1:], stripped
        gap = text[prev_end:start]
        hyphen = gap in _HYPHENS
        foldable = (
            info.cased != "lower" or info.article or (hyphen and bool(tokens)) or info.key in lower_vocab
        ) and not word.isdigit()
        tokens.append(
            _Token(
                start=start,
                end=end,
                full_end=full_end,
                text=word,
                lower=info.lower,
                joined=bool(tokens) and gap in _JOINING_GAPS,
                spaced=bool(tokens) and (gap in _HYPHENS or not gap.strip()),
                hyphen=hyphen,
                cased=info.cased,
                acronym=info.acronym,
                article=info.article,
                foldable=foldable,
                key_first=info.key_first,
                key_rest=info.key_rest,
                vowels_first=info.vowels_first,
                vowels_rest=info.vowels_rest,
            )
        )
        prev_end = full_end
    return tokens


@dataclass
class _Context:
    start: int
    end: int
    name_start: int  # the name itself with an attached article, without qualifier words
    next_token: int
    cue: str  # "none", "locative" or "strong"
    qualifier: str | None
    article: bool  # an Arabic article is attached ("al-Hol", "Al Bab")
    acronym: bool
    # A capitalised word joined before or after that is no common English word: part of a
    # person's or organisation's name ("Mustafa Bali", "Dana White").
    capitalised_before: bool
    capitalised_after: bool
    after_never: bool
    after_title: bool  # "Mayor Dana White"
    sentence_start: bool
    adjectival: bool  # "US-led", "Iran-backed"


@dataclass
class _Found:
    start: int
    end: int
    next_token: int
    last_token: int
    chosen: int
    alternatives: list[int]
    rule: str
    qualifier: str | None
    first_token: int = -1  # the name's first content token
    place: Place | None = None  # set for a place not in the index (an unlisted name)
    role: str = "place"
    note: str = ""


def _sentence_start(text: str, position: int) -> bool:
    k = position - 1
    while k >= 0 and text[k] in _OPENERS:
        k -= 1
    return k < 0 or text[k] in _SENTENCE_END


def _caps_ok(token: _Token, caps: str) -> bool:
    if token.acronym:
        return caps == f"={token.text}"
    if caps == "any":
        return True
    if caps.startswith("="):
        return False
    return token.cased != "lower" or token.hyphen


def _qualifier_word(tokens: list[_Token], j: int) -> tuple[str | None, int]:
    """The qualifier word at token j ("sub-district" is two tokens), and its last token."""
    if j >= len(tokens):
        return None, j
    word = tokens[j].lower
    if (
        word == "sub"
        and j + 1 < len(tokens)
        and tokens[j + 1].joined
        and tokens[j + 1].lower.startswith("district")
    ):
        return "sub" + tokens[j + 1].lower, j + 1
    return word, j


def _context(text: str, tokens: list[_Token], seq: list[int], previous: _Found | None) -> _Context:
    first, last = seq[0], seq[-1]
    start_token = first
    article = False
    if first > 0 and tokens[first - 1].article and tokens[first].joined:
        art = tokens[first - 1]
        if tokens[first].hyphen or _word_key(art.lower) not in ENGLISH_LIKE_ARTICLES:
            start_token = first - 1
            article = True
    start, end, next_token = tokens[start_token].start, tokens[last].end, last + 1

    qualifier = None
    # After: "Idlib province", "Aleppo's (western) countryside", "Afrin district".
    j = last + 1
    if j < len(tokens) and tokens[j].spaced:
        if tokens[j].lower in DIRECTION_WORDS and j + 1 < len(tokens) and tokens[j + 1].spaced:
            word, k = _qualifier_word(tokens, j + 1)
            if word != "countryside":
                word = None
        else:
            word, k = _qualifier_word(tokens, j)
        if word in AFTER_QUALIFIERS:
            qualifier = AFTER_QUALIFIERS[word]
            end, next_token = tokens[k].end, k + 1
    # Before: "the province of Idlib", "rural Aleppo".
    if qualifier is None and start_token > 0 and tokens[start_token].spaced:
        before = tokens[start_token - 1]
        if before.lower == "rural":
            qualifier, start = "countryside", before.start
        elif before.lower == "of" and start_token >= 2 and before.spaced:
            noun = tokens[start_token - 2]
            word = noun.lower
            if (
                word == "district"
                and start_token >= 3
                and tokens[start_token - 3].lower == "sub"
                and noun.joined
            ):
                word, noun = "subdistrict", tokens[start_token - 3]
            if word in BEFORE_QUALIFIERS:
                qualifier = BEFORE_QUALIFIERS[word]
                if qualifier != "point":  # "the province of Idlib" is one phrase; "the city of" is not
                    start = noun.start

    cue = _cue(tokens, start_token)
    if cue == "none" and previous is not None and _in_list(text, tokens, previous, start_token, last):
        cue = "locative"  # "the villages of A, B and C": B and C inherit A's evidence

    first_tok, last_tok = tokens[first], tokens[last]
    # "Tahrir al-Sham", "Jaish al-Islam": a never-place word joined before the name.
    after_never = (
        start_token > 0
        and tokens[start_token].joined
        and tokens[start_token - 1].cased == "upper"
        and tokens[start_token - 1].end == tokens[start_token - 1].full_end  # not "Syria's Hama"
        and _word_key(tokens[start_token - 1].lower) in NEVER_PLACE_WORDS
    )
    before_cap = (
        start_token > 0
        and tokens[start_token].joined
        and tokens[start_token - 1].cased == "upper"
        # "Lebanon's Akkar", "Syria's Hama": a possessive ends the name before.
        and tokens[start_token - 1].end == tokens[start_token - 1].full_end
        # Even first in a sentence: "Mustafa Bali said" (common words like "In" are excluded).
        and _word_key(tokens[start_token - 1].lower) not in COMMON_ENGLISH_WORDS
    )
    after_cap = (
        last + 1 < len(tokens)
        and tokens[last + 1].joined
        and last_tok.end == last_tok.full_end
        and tokens[last + 1].cased == "upper"
        and _word_key(tokens[last + 1].lower) not in AFTER_QUALIFIERS
    )
    return _Context(
        start=start,
        end=end,
        name_start=tokens[start_token].start,
        next_token=next_token,
        cue=cue,
        qualifier=qualifier,
        article=article,
        acronym=first_tok.acronym,
        sentence_start=_sentence_start(text, tokens[start_token].start),
        capitalised_before=before_cap,
        capitalised_after=after_cap,
        after_never=after_never,
        after_title=start_token > 0
        and tokens[start_token].spaced
        and tokens[start_token - 1].lower.rstrip(".") in TITLE_WORDS,
        adjectival=last + 1 < len(tokens)
        and tokens[last + 1].hyphen
        and tokens[last + 1].lower in ADJECTIVAL_SUFFIXES,
    )


def _in_list(text: str, tokens: list[_Token], previous: _Found, start_token: int, last: int) -> bool:
    """Is this name the next item of a list that began with the previous mention?

    After "and"/"or" it is; after a bare comma only if the list goes on after it
    ("A, B and C", "A, B, C"), since "in Aleppo, Peskov said" is no list.
    """
    gap = text[previous.end : tokens[start_token].start]
    if not gap.strip() or not _LIST_GAP.fullmatch(gap):
        return False
    if re.search(r"\b(?:and|or)\b|&|/", gap, re.IGNORECASE):
        return True
    after = text[tokens[last].full_end :].lstrip()
    return after.startswith((",", "and ", "or ", "&"))


def _cue(tokens: list[_Token], start_token: int) -> str:
    """Look back over filler words for a locative word ("in", "captured") or "village of"."""
    strong = False
    j = start_token - 1
    steps = 0
    while j >= 0 and steps < 6 and tokens[j + 1].spaced:
        word = tokens[j].lower
        if word == "of" and j > 0 and tokens[j - 1].lower in OF_NOUNS:
            strong = strong or tokens[j - 1].lower in PLACE_NOUNS
            return "strong" if strong else "locative"
        if word in PLACE_NOUNS:
            strong = True
        elif word in LOCATIVE_WORDS:
            return "strong" if strong else "locative"
        elif word not in FILLER_WORDS:
            break
        j -= 1
        steps += 1
    return "strong" if strong else "none"
