"""Actors: the words a text uses for the sides of the war, mapped to faction ids.

Vocabulary is data: faction names and aliases come from `data/factions.csv`; nationality
adjectives, capitals used for governments (only when they speak or act: "Moscow said", never
"in Moscow"), leaders and states from `data/actor_words.csv`.
The grammar here only decides *when* a word names an actor ("Russian aircraft", "Moscow said",
"anti-regime forces", "opposition-held") and what role the phrase hints at. The text's own words
are always kept with the id.

Sides by date. A word may name different sides in different periods: "the Syrian army" is Assad's
up to 7 December 2024 and the transitional government's from 8 December 2024; "al-Sharaa" leads
HTS before and the state after. `data/actor_words.csv` gives such words one row per period
(`valid_from`, `valid_to`, inclusive ISO days, empty = open), and factions.csv dates a faction's own
names (`valid_from`, `valid_to`, `successor`). `find_actors(text, published)` reads every word as of
the publication day and keeps all its periods on the mention (`senses`), so that an event dated
on the other side of a change can be read again as of its own date (`ActorMention.on`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from geo import paths
from geo.errors import FrontlinesError
from geo.factions import UNKNOWN_ID, load_factions, parse_day
from geo.tables import read_rows

ACTOR_WORDS = paths.DATA / "actor_words.csv"

# Nouns after which a nationality adjective names a state's forces or government.
FORCE_NOUNS = (
    r"armed forces|army|forces|troops|soldiers|aircraft|warplanes|war planes|jets|fighter jets|air force|"
    r"airstrikes|air strikes|strikes|drones?|helicopters|military|government|regime|authorities|officials|"
    r"navy|artillery|militias?|gunmen|fighters|units|special forces|intelligence|foreign ministry|"
    r"defen[cs]e ministry|ministry of defen[cs]e|president|presidency|leader|officers|security forces|"
    r"patrols?|warplane|jet|helicopter|tanks|convoys?|armou?red vehicles|positions|outposts|bases?|"
    r"checkpoints?|ground forces|air defen[cs]es?|state (?:television|TV|media|news agency)"
)
# Event nouns ("strike", "shelling") are left out: they are the happening's own trigger words, and
# the nationality before them is matched on its own ("Israeli" in "Israeli strike").
_GROUP_NOUNS = r"forces|groups|rebels|fighters|factions|militants|insurgents|protesters|protests|coalition|alliance|gunmen|militias?|offensive"
_METONYM_VERB = (
    r"(?:said|says|say|has|had|have|will|would|is|was|urged|announced|accused|denied|warned|told|called|"
    r"backed|backs|supports|supported|claimed|confirmed|condemned|insisted|stated|added|responded|rejected|"
    r"welcomed|vowed|sent|deployed|'s|’s)"
)


class ActorDataError(FrontlinesError, ValueError):
    """An actor vocabulary file is unusable; the message names the file and row."""


# (valid_from, valid_to, actor): the side a word names from one day to another, both inclusive,
# None for an open end. A word's senses never overlap.
Sense = tuple[date | None, date | None, str]
KINDS = frozenset({"adjective", "metonym", "person", "country", "phrase", "anaphor", "aircraft"})
# A bare army word ("the army", "troops") refers back to the last of these named with an army noun.
STATE_FORCES = frozenset({"regime", "government", "turkey", "israel", "russia", "usa", "iran"})
_ARMY_NOUN = re.compile(r"\b(?:army|military|forces|troops|soldiers|armed forces)\b", re.IGNORECASE)
# A bare air word ("F-16 jets", "warplanes") refers back to the last side named as striking from
# the air: with an air noun ("Russian warplanes") or followed by one ("Turkey resumed air strikes").
AIR_SIDES = STATE_FORCES | {"us_coalition"}
_AIR_NOUN = re.compile(
    r"\b(?:air ?force|warplanes?|war planes?|jets?|aircraft|planes?|helicopters?|drones?|air ?strikes?|"
    r"air raids?|airstrikes?|bombing|bombers?)\b",
    re.IGNORECASE,
)


def sense_on(senses: tuple[Sense, ...], day: date | None) -> str | None:
    """The side the word names on `day`; None for `day` means today (the open-ended period)."""
    for start, end, actor in senses:
        if day is None:
            if end is None:
                return actor
        elif (start is None or start <= day) and (end is None or day <= end):
            return actor
    return None


def _period(start: date | None, end: date | None) -> str:
    if start and end:
        return f"from {start} to {end}"
    if start:
        return f"from {start}"
    return f"up to {end}" if end else "at any date"


@dataclass(frozen=True)
class ActorMention:
    start: int  # offsets into the text given to find_actors
    end: int
    text: str  # the words as written, e.g. "PKK/YPG terrorist group", "Syrian and Russian aircraft"
    actor: str  # faction or actor id
    role: str = ""  # "" | "holder" (X-held) | "ally" (in support of X) | "led" (X-led forces)
    opponent: str | None = None  # implied by "anti-X": the side this actor fights
    senses: tuple[Sense, ...] = ()  # every period of a dated word; empty when the word is undated
    basis: str = ""  # why a dated or referring word got its side, for the record's notes

    def on(self, day: date) -> str | None:
        """The side of a dated word as of another day (an event's own date); the same side for an
        undated word."""
        return sense_on(self.senses, day) if self.senses else self.actor

    @property
    def dated(self) -> bool:
        return len({actor for _, _, actor in self.senses}) > 1


@dataclass(frozen=True)
class ActorWord:
    word: str
    actor: str
    kind: str  # adjective | metonym | person | country | phrase | anaphor
    valid_from: date | None = None
    valid_to: date | None = None


def _fold_word(word: str) -> str:
    return re.sub(r"[\s\-'’.]+", " ", word.lower()).strip().removeprefix("the ")


def read_actor_words(path: Path = ACTOR_WORDS, known: set[str] | None = None) -> list[ActorWord]:
    """The rows of the vocabulary file, checked: kinds, actors, dates, and no word with two sides
    on one day (the periods of a word must not overlap)."""
    rows: list[ActorWord] = []
    lines: list[str] = []

    def parse(row: dict[str, str], where: str) -> ActorWord:
        if row["kind"] not in KINDS:
            raise ActorDataError(f"{where}: unknown kind {row['kind']!r}")
        if known is not None and row["actor"] not in known:
            raise ActorDataError(f"{where}: unknown actor {row['actor']!r}")
        if not row["word"] or not row["basis"]:
            raise ActorDataError(f"{where}: word and basis must not be empty")
        start = parse_day(row.get("valid_from", ""), "valid_from", where, ActorDataError)
        end = parse_day(row.get("valid_to", ""), "valid_to", where, ActorDataError)
        if start and end and end < start:
            raise ActorDataError(f"{where}: valid_to {end} is before valid_from {start}")
        word = ActorWord(row["word"], row["actor"], row["kind"], start, end)
        for other, other_line in zip(rows, lines, strict=True):
            if (
                _fold_word(other.word) == _fold_word(word.word)
                and other.actor != word.actor
                and _overlap(other, word)
            ):
                raise ActorDataError(
                    f"{where}: {word.word!r} {_period(start, end)} overlaps {other_line} "
                    f"({other.actor} {_period(other.valid_from, other.valid_to)})"
                )
        rows.append(word)
        lines.append(where.rpartition(", ")[2])
        return word

    read_rows(path, ("word", "actor", "kind", "basis"), parse, ActorDataError, "the actor vocabulary")
    return rows


def _overlap(a: ActorWord, b: ActorWord) -> bool:
    lo = max(a.valid_from or date.min, b.valid_from or date.min)
    hi = min(a.valid_to or date.max, b.valid_to or date.max)
    return lo <= hi


def _senses(words: list[ActorWord]) -> dict[str, tuple[Sense, ...]]:
    """Word (as first written) -> its periods, ordered by start."""
    by_fold: dict[str, tuple[str, list[Sense]]] = {}
    for w in words:
        entry = by_fold.setdefault(_fold_word(w.word), (w.word, []))
        entry[1].append((w.valid_from, w.valid_to, w.actor))
    return {word: tuple(sorted(s, key=lambda x: x[0] or date.min)) for word, s in by_fold.values()}


def _words_pattern(words: list[str]) -> str:
    """Alternation, longest first, with flexible hyphens/spaces and optional apostrophes."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        # Words join by spaces or hyphens ("al-Sham", "al Sham"); apostrophes may be curly.
        words_in = [re.escape(w).replace("'", "['’]") for w in re.split(r"[\s\-]+", word)]
        escaped = r"[\s\-]+".join(words_in)
        if word[:1].islower():  # a lower-case word may open a sentence: "Government forces ..."
            escaped = f"[{word[0]}{word[0].upper()}]" + escaped[1:]
        parts.append(escaped)
    return "|".join(parts)


# States with no side in this table whose forces are named in Syria reporting (Iraqi forces at
# the border, Lebanese troops); a state word right after one of them is theirs, not Syria's.
_FOREIGN_BEFORE = re.compile(
    r"\b(?:Iraqi|Lebanese|Jordanian|Egyptian|Saudi|Qatari|Emirati|Kuwaiti|Yemeni|Libyan|Ukrainian|"
    r"(?:Iraq|Lebanon|Jordan|Egypt|Saudi Arabia|Qatar|Ukraine|Libya|Yemen)['’]s)(?:\s+(?:new|interim|central))?\s+$"
)
_FORCE_ACT = re.compile(
    r"\b(?:struck|strikes?|hit|attack(?:ed|s)?|shell(?:ed|ing)|bomb(?:ed|ing)|raid(?:ed|s)?|fired|"
    r"advanc(?:ed|ing)|captur(?:ed|ing)|seiz(?:ed|ing)|incursion|invaded|deployed|troops|forces|army|military)\b",
    re.IGNORECASE,
)
_WITH_BEFORE = re.compile(r"\b(?:with|under)\s+(?:the\s+)?$", re.IGNORECASE)
_SUPPORT_AFTER = re.compile(
    r"\s+(?:air\s+|military\s+|aerial\s+)?(?:support|backing|help|cover)\b", re.IGNORECASE
)
_BASED = re.compile(r"[\-–](?:based|born|registered|headquartered)\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")
_TOKEN = re.compile(r"\w+(?:['’/.]\w+)*")
_JOIN = re.compile(r"[\s\-]+")
# "opposition-held": the hyphen marks the compound; "al-Hijri held the city" is a verb.
_HELD = re.compile(r"[\-–](?:held|controlled|run)\b", re.IGNORECASE)
_LED = re.compile(rf"[\s\-](?:led|allied|aligned)(?:\s+(?:{_GROUP_NOUNS}))?\b")


def _key(token: str) -> str:
    return token.lower().replace("’", "'")


class _Names:
    """Multi-word names found by walking the text's tokens once (a regex alternation of several
    hundred names costs far more). Words join by spaces or hyphens; all-caps acronyms and short
    names must match in their own case ("IS" is not "is")."""

    def __init__(self, names: dict[str, str]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...] | None, str]]] = {}
        for name, actor in names.items():
            tokens = tuple(_TOKEN.findall(name))
            if not tokens:
                continue
            exact = tokens if name.isupper() or len(name) <= 3 else None
            self._by_first.setdefault(_key(tokens[0]), []).append((tuple(map(_key, tokens)), exact, actor))
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def find(self, text: str, tokens: list[re.Match[str]]) -> list[tuple[int, int, str]]:
        """Leftmost-longest, non-overlapping matches, as a regex scan would give."""
        found = []
        keys = [_key(t.group()) for t in tokens]
        # "the army's", "the SDF’s": a possessive ending on a name's last word is not part of it.
        bare = [_POSSESSIVE.sub("", k) for k in keys]
        i = 0
        while i < len(tokens):
            hit = self._match_at(text, tokens, keys, i, bare)
            if hit is None:
                i += 1
                continue
            j, actor, _ = hit
            following = self._match_at(text, tokens, keys, i + 1, bare) if i + 1 < j else None
            if following is not None and following[0] > j:
                i += 1  # "the US-led coalition": the longer name starting inside wins over "the US"
                continue
            end = tokens[j - 1].end() - (len(keys[j - 1]) - len(bare[j - 1]) if hit[2] else 0)
            found.append((tokens[i].start(), end, actor))
            i = j
        return found

    def _match_at(
        self, text: str, tokens: list[re.Match[str]], keys: list[str], i: int, bare: list[str]
    ) -> tuple[int, str, bool] | None:
        """(end token, actor, whether the last word's possessive was dropped) of the longest name
        at token i."""
        entries = self._by_first.get(keys[i]) or self._by_first.get(bare[i])
        if not entries or (tokens[i].start() > 0 and text[tokens[i].start() - 1] == "-"):
            return None
        following = keys[i + 1] if i + 1 < len(keys) else None
        following_bare = bare[i + 1] if i + 1 < len(keys) else None
        for wanted, exact, actor in entries:
            j = i + len(wanted)
            if j > len(tokens) or (j > i + 1 and wanted[1] not in (following, following_bare)):
                continue
            if tuple(keys[i:j]) == wanted:
                dropped = False
            elif tuple(keys[i : j - 1]) == wanted[:-1] and bare[j - 1] == wanted[-1]:
                dropped = True
            else:
                continue
            last = tokens[j - 1].group()
            if (
                exact is not None
                and (
                    *(t.group() for t in tokens[i : j - 1]),
                    _POSSESSIVE.sub("", last) if dropped else last,
                )
                != exact
            ):
                continue
            if any(
                not _JOIN.fullmatch(text[tokens[k].end() : tokens[k + 1].start()]) for k in range(i, j - 1)
            ):
                continue
            return j, actor, dropped
        return None


class ActorFinder:
    """Compiled actor patterns, built once from the vocabulary files. `aliases` maps a name to
    its side, or to its dated senses (a faction whose names change side on a day)."""

    def __init__(self, aliases: dict[str, str | tuple[Sense, ...]], words: list[ActorWord]) -> None:
        # A capital listed as an alias ("Damascus" for the regime) names the side only when it
        # speaks or acts; the metonym rule below decides that, so it is not matched literally.
        metonyms = {self._fold(w.word) for w in words if w.kind == "metonym"}
        names: dict[str, tuple[Sense, ...]] = {
            k: ((None, None, v),) if isinstance(v, str) else v
            for k, v in aliases.items()
            if self._fold(k) not in metonyms
        }
        names.update(
            _senses([w for w in words if w.kind in {"person", "country", "phrase", "anaphor", "aircraft"}])
        )
        self._anaphors = {self._fold(w.word) for w in words if w.kind == "anaphor"}
        self._aircraft = {self._fold(w.word) for w in words if w.kind == "aircraft"}
        self._names = _Names(names)
        self._by_fold = {self._fold(k): v for k, v in names.items()}
        self._adjectives = {
            self._fold(k): v for k, v in _senses([w for w in words if w.kind == "adjective"]).items()
        }
        self._metonyms = {
            self._fold(k): v for k, v in _senses([w for w in words if w.kind == "metonym"]).items()
        }
        self._longest_name = max((len(_TOKEN.findall(n)) for n in names), default=1)
        adj = _words_pattern([w.word for w in words if w.kind == "adjective"])
        met = _words_pattern([w.word for w in words if w.kind == "metonym"])
        # A digit may run into a name in scraped text ("January 5, 2015Kurdish forces").
        boundary_l, boundary_r = r"(?<![^\W\d]|\-)", r"(?![\w])"
        # "Syrian and Russian aircraft": each adjective of the coordinated run names its own side.
        self._adj_run_re = re.compile(
            rf"{boundary_l}(?P<run>(?:{adj})(?:\s*(?:,|and|or)\s*(?:{adj}))*)\s+(?P<noun>(?i:{FORCE_NOUNS})){boundary_r}"
        )
        self._adj_re = re.compile(rf"{boundary_l}(?:{adj}){boundary_r}")
        self._metonym_re = re.compile(
            rf"{boundary_l}(?:the\s+)?(?P<word>{met})(?=\s*{_METONYM_VERB}\b|['’]s\b|\s+(?:government|authorities)\b)",
            re.IGNORECASE,
        )
        self._kremlin_re = re.compile(r"\b(?:the\s+)?(?P<word>Kremlin|Pentagon)\b")
        self._anti_re = re.compile(
            rf"\b[Aa]nti[\s\-](?P<target>regime|government|Assad|HTS|SDF|Kurdish|ISIS|IS)(?:\s+(?:{_GROUP_NOUNS}))?\b"
        )
        self._ally_re = re.compile(
            r"\b(?:in support of|on the side of|backing|allied (?:with|to)|with the (?:help|support|backing) of|"
            r"alongside|allies of)\s+$",
            re.IGNORECASE,
        )

    @staticmethod
    def _fold(word: str) -> str:
        return _fold_word(word)

    def _lookup(self, word: str) -> tuple[Sense, ...] | None:
        folded = self._fold(word)
        return (
            self._by_fold.get(folded)
            or self._adjectives.get(folded)
            or self._metonyms.get(folded)
            or self._by_fold.get(folded.removesuffix(" s"))
        )

    def _side_before(
        self, text: str, tokens: list[re.Match[str]], ends: dict[int, int], at: int
    ) -> tuple[int, tuple[Sense, ...]] | None:
        """The longest name, adjective or capital ending at `at` ("opposition" in "opposition-held")."""
        last = ends.get(at)
        if last is None:
            return None
        for first in range(max(0, last - self._longest_name + 1), last + 1):
            if tokens[first].start() > 0 and text[tokens[first].start() - 1] == "-":
                continue
            if tokens[first].group().lower() == "the" and first < last:
                continue  # "the US-led coalition": the side is "US", not "the US"
            senses = self._lookup(text[tokens[first].start() : at])
            if senses:
                return tokens[first].start(), senses
        return None

    def find(self, text: str, published: date | None = None) -> list[ActorMention]:
        """Every actor mention in text order; a longer phrase wins over the words inside it. Dated
        words are read as of `published` (None: as of today)."""
        found: list[ActorMention] = []
        tokens = list(_TOKEN.finditer(text))
        ends = {t.end(): i for i, t in enumerate(tokens)}

        def add(
            start: int,
            end: int,
            senses: tuple[Sense, ...] | None,
            role: str = "",
            opponent: str | None = None,
            word: str = "",
        ) -> None:
            if not senses:
                return
            actor = sense_on(senses, published)
            if not actor:
                return
            dated = len({a for _, _, a in senses}) > 1 or senses[0][:2] != (None, None)
            basis = ""
            if dated:
                s_from, s_to, _ = next(x for x in senses if x[2] == actor)
                basis = f'"{word or text[start:end]}" names {actor} {_period(s_from, s_to)}' + (
                    f" (read as of {published})" if published else ""
                )
            found.append(
                ActorMention(
                    start, end, text[start:end], actor, role, opponent, senses if dated else (), basis
                )
            )

        for m in self._anti_re.finditer(text):
            target_senses = self._lookup(m["target"])
            target = sense_on(target_senses, published) if target_senses else None
            if target == "regime":  # "anti-regime forces", "anti-government rebels" before 8 December 2024
                add(m.start(), m.end(), ((None, None, "opposition"),), opponent=target)
        for regex, role in ((_HELD, "holder"), (_LED, "led")):
            for m in regex.finditer(text):
                side = self._side_before(text, tokens, ends, m.start())
                if side and not self._lookup(text[side[0] : m.end()]):  # "US-led coalition" is a name
                    add(side[0], m.end(), side[1], role=role, word=text[side[0] : m.start()])
        for m in self._adj_run_re.finditer(text):
            noun_end = m.end()
            for adj in self._adj_re.finditer(m["run"]):
                add(m.start("run") + adj.start(), noun_end, self._lookup(adj.group()), word=adj.group())
        for start, end, senses in self._names.find(text, tokens):
            add(start, end, senses)
        for regex in (self._metonym_re, self._kremlin_re):
            for m in regex.finditer(text):
                add(m.start("word"), m.end("word"), self._metonyms.get(self._fold(m["word"])))
        # "the Britain-based Observatory", "a London-based monitor": a place of business, not a side.
        found = [m for m in found if not _BASED.match(text, m.end)]
        chosen = [m for m in _longest_first(found) if not self._foreign_state_word(text, m)]
        chosen = self._refer_back(text, chosen)
        return [self._with_ally_role(text, m) for m in chosen]

    def _foreign_state_word(self, text: str, m: ActorMention) -> bool:
        """ "Iraqi government forces", "Lebanon's army", "Iraqi troops": a word that would read as
        Syria's state (or refer back) belongs to another state named just before it."""
        folded = self._fold(m.text)
        generic = m.actor in {"regime", "government"} or folded in self._anaphors or folded in self._aircraft
        return generic and _FOREIGN_BEFORE.search(text, max(0, m.start - 30), m.start) is not None

    def _refer_back(self, text: str, mentions: list[ActorMention]) -> list[ActorMention]:
        """A bare army word ("the army", "troops") is the head of a name just before it ("SDF
        troops": dropped, the name stands) or refers back to the last state force named with an
        army noun ("the Turkish military ... the military said"), or to the only state named so
        far when that is not Syria ("Israel struck ... the military said"); else it keeps its own
        reading, Syria's army of the day. A bare air word refers back likewise or is dropped."""
        out: list[ActorMention] = []
        for m in mentions:
            folded = self._fold(m.text)
            if folded in self._aircraft:
                if out and out[-1].end <= m.start and not text[out[-1].end : m.start].strip():
                    continue
                air = next(
                    (
                        a
                        for a in reversed(out)
                        if a.actor in AIR_SIDES
                        and (
                            _AIR_NOUN.search(a.text)
                            or _AIR_NOUN.search(text, a.end, min(m.start, a.end + 60))
                        )
                    ),
                    None,
                )
                if air is not None:  # else the aircraft are unnamed: no side is guessed
                    basis = f'"{m.text}" refers back to "{air.text}" ({air.actor}), the last side named in the air'
                    out.append(replace(m, actor=air.actor, senses=air.senses, basis=basis))
                continue
            if folded not in self._anaphors:
                out.append(m)
                continue
            if out and out[-1].end <= m.start and not text[out[-1].end : m.start].strip():
                continue
            antecedent = next(
                (
                    a
                    for a in reversed(out)
                    if a.actor in STATE_FORCES
                    and _ARMY_NOUN.search(a.text)
                    and self._fold(a.text) not in self._anaphors
                ),
                None,
            )
            states = {a.actor for a in out if a.actor in STATE_FORCES}
            if antecedent is None and len(states) == 1 and not states & {"regime", "government"}:
                # "Israel struck ... the military said": the only state the article has named, if
                # it was named acting by force ("Russia said it would help" is not).
                antecedent = next(
                    (
                        a
                        for a in reversed(out)
                        if a.actor in states and _FORCE_ACT.search(text, a.end, min(m.start, a.end + 60))
                    ),
                    None,
                )
            if antecedent is not None:
                m = replace(
                    m,
                    actor=antecedent.actor,
                    senses=antecedent.senses,
                    basis=f'"{m.text}" refers back to "{antecedent.text}" ({antecedent.actor})',
                )
            else:
                m = replace(m, basis=m.basis + "; no other army named before it, so Syria's own")
            out.append(m)
        return out

    def _with_ally_role(self, text: str, mention: ActorMention) -> ActorMention:
        if mention.role:
            return mention
        if self._ally_re.search(text[max(0, mention.start - 40) : mention.start]) or (
            _WITH_BEFORE.search(text, max(0, mention.start - 12), mention.start)
            and _SUPPORT_AFTER.match(text, mention.end)
        ):  # "in support of X", "with Russian air support"
            return replace(mention, role="ally")
        return mention


def _longest_first(mentions: list[ActorMention]) -> list[ActorMention]:
    """Drop mentions that overlap a longer one; coordinated adjectives share a noun, so they may
    end at the same place but never start at the same place."""
    kept: list[ActorMention] = []
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if all(
            m.end <= k.start or m.start >= k.end or (m.end == k.end and m.start != k.start and _is_run(m, k))
            for k in kept
        ):
            kept.append(m)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _is_run(a: ActorMention, b: ActorMention) -> bool:
    # Two mentions of one coordinated run ("Syrian and Russian aircraft") end on the same noun;
    # "Turkish state media" is one name, not a run with "state media".
    outer, inner = (a, b) if a.start < b.start else (b, a)
    joined = re.search(r"(?:,|\band\b|\bor\b)", outer.text[: inner.start - outer.start])
    return a.role == b.role == "" and a.actor != b.actor and joined is not None


@lru_cache(maxsize=1)
def default_finder() -> ActorFinder:
    return build_finder(load_factions(), ACTOR_WORDS)


def build_finder(factions: dict, words_path: Path = ACTOR_WORDS) -> ActorFinder:
    """The finder for a factions table and a vocabulary file. A dated word must not also be an
    (undated) faction name: its side on a day would depend on which file won."""
    aliases: dict[str, str | tuple[Sense, ...]] = {}
    for faction in factions.values():
        if faction.id == UNKNOWN_ID:
            continue  # "unknown gunmen" names no side
        senses = faction_senses(faction.id, factions)
        for alias in (faction.name, *faction.aliases):
            aliases[alias] = senses if senses else faction.id
    words = read_actor_words(words_path, known=set(factions))
    dated_words = {_fold_word(w.word): w for w in words if w.valid_from or w.valid_to}
    for alias, value in aliases.items():
        clash = dated_words.get(_fold_word(alias))
        if clash is not None:
            owner = value if isinstance(value, str) else value[0][2]
            raise ActorDataError(
                f"{words_path}: dated word {clash.word!r} is also a name of {owner!r} in the factions "
                "table; keep it in one file"
            )
    return ActorFinder(aliases, words)


def faction_senses(fid: str, factions: dict) -> tuple[Sense, ...]:
    """The dated senses of a faction's names (factions.csv valid_from / valid_to / successor);
    empty when they name the faction at any date."""
    f = factions[fid]
    if not (f.valid_from or f.valid_to):
        return ()
    senses: list[Sense] = [(f.valid_from, f.valid_to, fid)]
    if f.valid_to and f.successor:
        senses.append((f.valid_to + timedelta(days=1), None, f.successor))
    return tuple(senses)


def find_actors(text: str, published: date | None = None) -> list[ActorMention]:
    """Actor mentions of `text`, dated words read as of `published` (the article's publication
    day; None, for callers with no date, reads them as of today)."""
    return default_finder().find(text, published)
