"""What extraction passes between its steps: a happening, the article's offensive frame and
context, the sides that can hold ground, and the patterns several steps share.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from geo import event_dates
from geo.actors import ActorMention
from geo.dates import DateMention, DateRange
from geo.extract.triggers import Trigger
from geo.factions import UNKNOWN_ID, load_factions
from geo.gazetteer import Place, PlaceMention

# --- happenings -----------------------------------------------------------------------------

_NEAR = re.compile(
    r"(?:near|outskirts of|around|outside|close to|(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)? of|countryside of|vicinity of|edge of)\s+(?:the\s+)?(?:\w+\s+of\s+)?$",
    re.IGNORECASE,
)
_WHOLE = re.compile(
    r"(?:all of|the whole of|the entire|entire|entirety of|whole|full control of|complete control of|all)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_HELPER_VERB = re.compile(
    r"\b(?:helped|help|helps|helping|assisted|backed|supported|aided|enabled)\b", re.IGNORECASE
)
_BACKED_BY_BEFORE = re.compile(
    r"\b(?:backed|supported|aided|assisted|helped|covered)\s+by\s+(?:[\w'’\-]+\s+){0,3}$", re.IGNORECASE
)
_BACKED_BY = re.compile(r"\b(?:backed|supported|aided|assisted|helped)\s+by\b", re.IGNORECASE)
_BY = re.compile(r"^\s*(?:\w+\s+){0,6}(?:led |launched |carried out )?by\s+(?:the\s+)?$", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_BY_OR_TO = re.compile(r"\b(?:by|to|into the hands of)\s+(?:the\s+)?$", re.IGNORECASE)
_OF_MODIFIER = re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
# "Fighters of the SDF raised ...", "forces loyal to X": after a force noun these name the side.
_MEMBERS_OF = re.compile(
    r"\b(?:fighters|forces|members|units|troops|soldiers|militants|gunmen|militiamen|militias?|commanders|groups|men)"
    r"\s+(?:of|(?:loyal|affiliated|belonging)\s+(?:to|with))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "Hezbollah fighters and the army": a force noun may follow a name inside a run.
_RUN_GLUE = re.compile(
    r"^\s*(?:(?:fighters|forces|troops|militants|militiamen|units|soldiers|gunmen)\s+)?"
    r"(?:,|and|,\s*and|or|\(|\)|\)\s*,?)?\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_PRONOUN_SUBJECT = re.compile(r"\b(?:He|She|They|It)\s+$")
_COREFERENT_OFFENSIVE = re.compile(r"\b(?:offensive|assault|campaign|operation)\b", re.IGNORECASE)
# Types that tell the same kind of happening: a side's claim of a capture is a capture told by it.
_TYPE_FAMILY = {"control_claim": "captured"}


@lru_cache(maxsize=1)
def territorial_sides() -> frozenset[str]:
    """The sides that can hold ground: the `territorial` column of data/factions.csv."""
    return frozenset(fid for fid, f in load_factions().items() if f.territorial) - {UNKNOWN_ID}


# A named group says more than the umbrella "opposition" it belongs to.
_SPECIFICITY = {
    "opposition": 1,
    "hts": 2,
    "sna": 2,
    "regime": 2,
    "government": 2,
    "sdf": 2,
    "us_coalition": 2,
    "isis": 2,
    "druze": 2,
}
# "fighting X from the Y group", "attacks on Y": a side after one of these is an object, not the
# subject of the verb that follows ("Kurdish forces fighting IS militants have seized ...").
_OBJECT_MARKER = re.compile(
    r"\b(?:against|fighting|battling|from|with|of|on|at|in|into|to|for|towards?|near|between|"
    r"including|targeting|attacking)\s+(?:the\s+|its\s+|their\s+)?(?:[\"“][^\"”]{1,40}[\"”]\s*\(|[\"“(])?$",
    re.IGNORECASE,
)
# "fighting (jihadist) militants of the X": a verb or preposition before a members phrase.
_VERB_OBJECT = re.compile(
    r"\b(?:against|fighting|battling|from|with|on|at|targeting|attacking|killed|killing)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
# After "X said (that)": a pronoun or bare force noun as the subject is the speaker's own side
# ("the army said it had taken", "the coalition said that it had launched", "they have taken").
# A verb continuing a list of verbs with the same subject: ", entered", ", and seized", " but has since".
_COORDINATED_VERB = re.compile(
    r"(?:,\s*(?:and\s+)?|\b(?:and|but)\s+(?:has|have|had)?\s*(?:since|later|then|also)?\s*)$"
)
_REPORTED_SUBJECT = re.compile(
    r"^\s*[,:]?\s*(?:(?:on|late|early|in)\s+\w+(?:\s+\d{1,4}(?:,\s*\d{4})?)?\s+)?(?:that\s+)?"
    r"(?:it|they|its\s+\w+|their\s+\w+|(?:the\s+)?(?:forces|units|troops|fighters))(?:\s+\w+){0,4}\s*$",
    re.IGNORECASE,
)
# "It also captured ...": a sentence opening on a pronoun continues the last sentence's subject.
_OPENING_PRONOUN = re.compile(r"^\s*(?:It|They)(?:\s+\w+){0,3}\s*$")
# "... in overnight airstrikes", "with heavy shelling": a trigger noun in a prepositional phrase.
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|with|through|during|via|using)\s+(?:[\w’'\-]+\s+){0,3}$", re.IGNORECASE
)
_BETWEEN = re.compile(r"^\s*(?:\w+\s+){0,3}?between\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass
class Happening:
    trigger: Trigger
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    assoc: list[ActorMention] = field(default_factory=list)
    actor1_id: str = ""
    actor2_id: str = ""
    notes: list[str] = field(default_factory=list)
    date_range: DateRange | None = None


@dataclass(frozen=True)
class OffensiveFrame:
    """The article's offensive, gathered from every sentence that names it: news reports tell one
    story, so a later "the offensive" refers back to it. Its side is the most specific one named
    ("forces led by HTS" over "anti-regime groups"), its date the first one given."""

    actor1: str = ""
    actor1_sentence: int = 0
    actor2: str = ""
    actor2_sentence: int = 0
    dates: DateRange | None = None
    dates_sentence: int = 0


@dataclass
class ArticleContext:
    """What earlier sentences established, for sentences that refer back to it."""

    published: date
    frame: OffensiveFrame = field(default_factory=OffensiveFrame)
    last_speaker: ActorMention | None = None
    last_town: Place | None = None  # the last Syrian town or village named, for "the town"
    last_types: frozenset[str] = frozenset()  # the kinds of happening the sentence before told
    last_sides: dict[str, ActorMention] = field(default_factory=dict)  # by kind: airstrike, captured
    sentences_since_side: dict[str, int] = field(default_factory=dict)
    dates: event_dates.ArticleDates | None = None  # the article's date context (geo.event_dates)
    last_subject: ActorMention | None = None


def _shift_place(m: PlaceMention, offset: int) -> PlaceMention:
    return replace(m, start=m.start - offset, end=m.end - offset)


def _shift_actor(m: ActorMention, offset: int) -> ActorMention:
    return replace(m, start=m.start - offset, end=m.end - offset)


def _shift_date(m: DateMention, offset: int) -> DateMention:
    return replace(m, start=m.start - offset, end=m.end - offset)
