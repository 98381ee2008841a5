"""Actors: the words a text uses for the sides of the war, mapped to faction ids.

Vocabulary is data: faction names and aliases come from `data/factions.csv`; nationality
adjectives, capitals used for governments (only when they speak or act: "Moscow said", never
"in Moscow"), leaders and states from `data/actor_words.csv`.
The grammar here only decides *when* a word names an actor ("Russian aircraft", "Moscow said",
"anti-regime forces", "opposition-held") and what role the phrase hints at. The text's own words
are always kept with the id.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo import paths
from geo.factions import UNKNOWN_ID, load_factions

ACTOR_WORDS = paths.DATA / "actor_words.csv"

# Nouns after which a nationality adjective names a state's forces or government.
FORCE_NOUNS = (
    r"armed forces|army|forces|troops|soldiers|aircraft|warplanes|war planes|jets|fighter jets|air force|"
    r"airstrikes|air strikes|strikes|drones?|helicopters|military|government|regime|authorities|officials|"
    r"navy|artillery|militias?|gunmen|fighters|units|special forces|intelligence|foreign ministry|"
    r"defen[cs]e ministry|ministry of defen[cs]e|president|presidency|leader|officers|security forces"
)
_GROUP_NOUNS = r"forces|groups|rebels|fighters|factions|militants|insurgents|protesters|protests|coalition|alliance|gunmen|militias?|offensive"
_METONYM_VERB = (
    r"(?:said|says|say|has|had|have|will|would|is|was|urged|announced|accused|denied|warned|told|called|"
    r"backed|backs|supports|supported|claimed|confirmed|condemned|insisted|stated|added|responded|rejected|"
    r"welcomed|vowed|sent|deployed|'s|’s)"
)


class ActorDataError(ValueError):
    """An actor vocabulary file is unusable; the message names the file and row."""


@dataclass(frozen=True)
class ActorMention:
    start: int  # offsets into the text given to find_actors
    end: int
    text: str  # the words as written, e.g. "PKK/YPG terrorist group", "Syrian and Russian aircraft"
    actor: str  # faction or actor id
    role: str = ""  # "" | "holder" (X-held) | "ally" (in support of X) | "led" (X-led forces)
    opponent: str | None = None  # implied by "anti-X": the side this actor fights


@dataclass(frozen=True)
class ActorWord:
    word: str
    actor: str
    kind: str  # adjective | metonym | person | country | phrase


def read_actor_words(path: Path = ACTOR_WORDS, known: set[str] | None = None) -> list[ActorWord]:
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"word", "actor", "kind", "basis"} - set(reader.fieldnames or [])
        if missing:
            raise ActorDataError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for line, row in enumerate(reader, start=2):
            if row["kind"] not in {"adjective", "metonym", "person", "country", "phrase"}:
                raise ActorDataError(f"{path}, row {line}: unknown kind {row['kind']!r}")
            if known is not None and row["actor"] not in known:
                raise ActorDataError(f"{path}, row {line}: unknown actor {row['actor']!r}")
            if not row["word"].strip() or not row["basis"].strip():
                raise ActorDataError(f"{path}, row {line}: word and basis must not be empty")
            rows.append(ActorWord(row["word"].strip(), row["actor"], row["kind"]))
    return rows


def _words_pattern(words: list[str]) -> str:
    """Alternation, longest first, with flexible hyphens/spaces and optional apostrophes."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        # Words join by spaces or hyphens ("al-Sham", "al Sham"); apostrophes may be curly.
        words_in = [re.escape(w).replace("'", "['’]") for w in re.split(r"[\s\-]+", word)]
        escaped = r"[\s\-]+".join(words_in)
        parts.append(escaped)
    return "|".join(parts)


_TOKEN = re.compile(r"\w+(?:['’/.]\w+)*")
_JOIN = re.compile(r"[\s\-]+")
_HELD = re.compile(r"[\s\-](?:held|controlled|run)\b", re.IGNORECASE)
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
        i = 0
        while i < len(tokens):
            hit = self._match_at(text, tokens, keys, i)
            if hit is None:
                i += 1
                continue
            j, actor = hit
            found.append((tokens[i].start(), tokens[j - 1].end(), actor))
            i = j
        return found

    def _match_at(
        self, text: str, tokens: list[re.Match[str]], keys: list[str], i: int
    ) -> tuple[int, str] | None:
        entries = self._by_first.get(keys[i])
        if not entries or (tokens[i].start() > 0 and text[tokens[i].start() - 1] == "-"):
            return None
        for wanted, exact, actor in entries:
            j = i + len(wanted)
            if j > len(tokens) or tuple(keys[i:j]) != wanted:
                continue
            if exact is not None and tuple(t.group() for t in tokens[i:j]) != exact:
                continue
            if any(
                not _JOIN.fullmatch(text[tokens[k].end() : tokens[k + 1].start()]) for k in range(i, j - 1)
            ):
                continue
            return j, actor
        return None


class ActorFinder:
    """Compiled actor patterns, built once from the vocabulary files."""

    def __init__(self, aliases: dict[str, str], words: list[ActorWord]) -> None:
        # A capital listed as an alias ("Damascus" for the regime) names the side only when it
        # speaks or acts; the metonym rule below decides that, so it is not matched literally.
        metonyms = {self._fold(w.word) for w in words if w.kind == "metonym"}
        names = {k: v for k, v in aliases.items() if self._fold(k) not in metonyms}
        names.update({w.word: w.actor for w in words if w.kind in {"person", "country", "phrase"}})
        self._names = _Names(names)
        self._by_fold = {self._fold(k): v for k, v in names.items()}
        self._adjectives = {self._fold(w.word): w.actor for w in words if w.kind == "adjective"}
        self._metonyms = {self._fold(w.word): w.actor for w in words if w.kind == "metonym"}
        self._longest_name = max((len(_TOKEN.findall(n)) for n in names), default=1)
        adj = _words_pattern([w.word for w in words if w.kind == "adjective"])
        met = _words_pattern([w.word for w in words if w.kind == "metonym"])
        boundary_l, boundary_r = r"(?<![\w\-])", r"(?![\w])"
        # "Syrian and Russian aircraft": each adjective of the coordinated run names its own side.
        self._adj_run_re = re.compile(
            rf"{boundary_l}(?P<run>(?:{adj})(?:\s*(?:,|and|or)\s*(?:{adj}))*)\s+(?P<noun>{FORCE_NOUNS}){boundary_r}"
        )
        self._adj_re = re.compile(rf"{boundary_l}(?:{adj}){boundary_r}")
        self._metonym_re = re.compile(
            rf"{boundary_l}(?:the\s+)?(?P<word>{met})(?=\s*{_METONYM_VERB}\b|['’]s\b)", re.IGNORECASE
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
        return re.sub(r"[\s\-'’.]+", " ", word.lower()).strip().removeprefix("the ")

    def _lookup(self, word: str) -> str | None:
        folded = self._fold(word)
        return (
            self._by_fold.get(folded)
            or self._adjectives.get(folded)
            or self._metonyms.get(folded)
            or self._by_fold.get(folded.removesuffix(" s"))
        )

    def _side_before(
        self, text: str, tokens: list[re.Match[str]], ends: dict[int, int], at: int
    ) -> tuple[int, str] | None:
        """The longest name, adjective or capital ending at `at` ("opposition" in "opposition-held")."""
        last = ends.get(at)
        if last is None:
            return None
        for first in range(max(0, last - self._longest_name + 1), last + 1):
            if tokens[first].start() > 0 and text[tokens[first].start() - 1] == "-":
                continue
            actor = self._lookup(text[tokens[first].start() : at])
            if actor:
                return tokens[first].start(), actor
        return None

    def find(self, text: str) -> list[ActorMention]:
        """Every actor mention in text order; a longer phrase wins over the words inside it."""
        found: list[ActorMention] = []
        tokens = list(_TOKEN.finditer(text))
        ends = {t.end(): i for i, t in enumerate(tokens)}

        def add(start: int, end: int, actor: str | None, role: str = "", opponent: str | None = None) -> None:
            if actor:
                found.append(ActorMention(start, end, text[start:end], actor, role, opponent))

        for m in self._anti_re.finditer(text):
            target = self._lookup(m["target"]) or ("regime" if m["target"].lower() == "government" else None)
            add(m.start(), m.end(), "opposition" if target == "regime" else None, opponent=target)
        for regex, role in ((_HELD, "holder"), (_LED, "led")):
            for m in regex.finditer(text):
                side = self._side_before(text, tokens, ends, m.start())
                if side:
                    add(side[0], m.end(), side[1], role=role)
        for m in self._adj_run_re.finditer(text):
            noun_end = m.end()
            for adj in self._adj_re.finditer(m["run"]):
                add(m.start("run") + adj.start(), noun_end, self._lookup(adj.group()))
        for start, end, actor in self._names.find(text, tokens):
            add(start, end, actor)
        for regex in (self._metonym_re, self._kremlin_re):
            for m in regex.finditer(text):
                add(m.start("word"), m.end("word"), self._metonyms.get(self._fold(m["word"])))
        chosen = _longest_first(found)
        return [self._with_ally_role(text, m) for m in chosen]

    def _with_ally_role(self, text: str, mention: ActorMention) -> ActorMention:
        if not mention.role and self._ally_re.search(text[max(0, mention.start - 40) : mention.start]):
            return ActorMention(
                mention.start, mention.end, mention.text, mention.actor, "ally", mention.opponent
            )
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
    # Two mentions of one coordinated run ("Syrian and Russian aircraft") end on the same noun.
    return a.role == b.role == "" and a.actor != b.actor


@lru_cache(maxsize=1)
def default_finder() -> ActorFinder:
    factions = load_factions()
    aliases: dict[str, str] = {}
    for faction in factions.values():
        if faction.id == UNKNOWN_ID:
            continue  # "unknown gunmen" names no side
        aliases[faction.name] = faction.id
        for alias in faction.aliases:
            aliases[alias] = faction.id
    return ActorFinder(aliases, read_actor_words(known=set(factions)))


def find_actors(text: str) -> list[ActorMention]:
    return default_finder().find(text)
