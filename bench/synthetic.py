"""Synthetic inputs for the benchmark, made at run time and never committed: event stores of any
size, and ~1,000-word articles built from templates.

Both draw real names from the project's own vocabularies (Syrian places from the gazetteer,
sides from `data/factions.csv`), so the code under test does its real work on them. Everything
is seeded: two runs measure the same data. Synthetic records say so in their `notes` and
`date_basis`, and their sources are titled "Synthetic ...", so they can never pass for evidence.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from geo.factions import Faction
from geo.gazetteer import Gazetteer, Place
from geo.records import STORED_COLUMNS, EventRecord
from geo.sources import Source
from geo.store import Store, common

# OCHA writes some places with both their names ("Qantarra - Qantaret Kikan"); news text uses one.
SIMPLE_NAME = re.compile(r"[A-Za-z][A-Za-z']*(?:[ -][A-Za-z']+)*")
FIRST_DAY = date(2012, 1, 1)
LAST_DAY = date(2024, 12, 8)
RECORDS_PER_SOURCE = 100
# ACLED-like mix: mostly fighting and strikes, a tenth of them changing or claiming control.
EVENT_MIX = {
    "clashes": 30,
    "airstrike": 24,
    "offensive": 9,
    "captured": 11,
    "control_claim": 7,
    "withdrawal": 5,
    "statement": 12,
    "other": 2,
}
# Which side acts, by event type: territorial sides fight and hold, states strike and speak.
GROUND_SIDES = ("regime", "hts", "sna", "opposition", "sdf", "isis", "us_coalition")
AIR_SIDES = ("regime", "russia", "turkey", "usa", "israel", "us_coalition")
SPEAKERS = ("regime", "russia", "turkey", "usa", "iran", "western", "sdf", "hts")
# How a report names each side (aliases of data/factions.csv and data/actor_words.csv).
SIDE_WORDS = {
    "regime": "the Syrian army",
    "hts": "Hayat Tahrir al-Sham",
    "sna": "the Syrian National Army",
    "opposition": "rebel forces",
    "sdf": "the Syrian Democratic Forces",
    "isis": "the Islamic State group",
    "us_coalition": "the US-led coalition",
    "russia": "Russian forces",
    "turkey": "the Turkish army",
    "usa": "US forces",
    "israel": "Israeli forces",
    "iran": "Iranian forces",
    "western": "Western governments",
}
SENTENCES = {
    "clashes": "{a} clashed with {b} near {place} {when}.",
    "airstrike": "Aircraft of {a} struck positions in {place} {when}, a monitoring group said.",
    "offensive": "{a} launched an offensive on {place} {when}.",
    "captured": "{a} captured {place} from {b} {when}.",
    "control_claim": "Residents said {place} was controlled by {a} {when}.",
    "withdrawal": "{a} withdrew from {place} {when}.",
    "statement": "{a} said in a statement {when} that the situation around {place} was stable.",
    "other": "{a} delivered aid to {place} {when}.",
}


@dataclass(frozen=True)
class Vocabulary:
    """The names synthetic text is made of."""

    places: tuple[Place, ...]  # Syrian points with a sub-district, biggest first
    governorates: tuple[Place, ...]  # adm1 areas, for "all of X province" claims
    names: dict[str, str]  # faction id -> a phrase a text would use for it (SIDE_WORDS)


def vocabulary(gazetteer: Gazetteer, factions: dict[str, Faction]) -> Vocabulary:
    places = [
        p
        for p in gazetteer.places()
        if p.in_syria
        and p.kind in {"city", "town", "village"}
        and p.admin3
        and p.latitude is not None
        and SIMPLE_NAME.fullmatch(p.name)
    ]
    places.sort(key=lambda p: (-(p.population or 0), p.place_id))
    governorates = sorted(
        (p for p in gazetteer.places() if p.kind == "adm1" and p.area_adm3), key=lambda p: p.place_id
    )
    unknown = sorted(set(SIDE_WORDS) - set(factions))
    if unknown:
        raise ValueError(f"bench.synthetic: no faction {unknown} in data/factions.csv")
    return Vocabulary(tuple(places), tuple(governorates), dict(SIDE_WORDS))


def _weighted_place(rng: random.Random, places: Sequence[Place]) -> Place:
    """Few places have many events, many have few: a Zipf-like draw over places by size."""
    rank = int(len(places) * rng.random() ** 3.0)
    return places[min(rank, len(places) - 1)]


def _date_range(rng: random.Random) -> tuple[date, date, int, str]:
    start = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    roll = rng.random()
    if roll < 0.6:
        return start, start, 1, f"on {start:%-d %B %Y}"
    if roll < 0.85:
        return start, min(start + timedelta(days=6), LAST_DAY), 2, f"in the week of {start:%-d %B %Y}"
    end = min(start + timedelta(days=30), LAST_DAY)
    return start, end, 3, f"in {start:%B %Y}"


def synthetic_records(count: int, vocab: Vocabulary, seed: int = 7) -> list[tuple[Source, list[EventRecord]]]:
    """`count` event records in sources of RECORDS_PER_SOURCE, each record quoting its own
    sentence at the right offsets of its source's text."""
    return list(iter_synthetic_records(count, vocab, seed))


def iter_synthetic_records(
    count: int, vocab: Vocabulary, seed: int = 7
) -> Iterator[tuple[Source, list[EventRecord]]]:
    """`synthetic_records`, one source at a time (a million records need not all be in memory)."""
    rng = random.Random(seed)
    kinds, weights = zip(*EVENT_MIX.items(), strict=True)
    for first in range(0, count, RECORDS_PER_SOURCE):
        source_id = f"synthetic-{first // RECORDS_PER_SOURCE:05d}"
        title = f"Synthetic benchmark source {first // RECORDS_PER_SOURCE} (not a real article)"
        text = title + "\n"
        records = []
        for n in range(first, min(first + RECORDS_PER_SOURCE, count)):
            kind = rng.choices(kinds, weights)[0]
            pool = AIR_SIDES if kind == "airstrike" else SPEAKERS if kind == "statement" else GROUND_SIDES
            a = rng.choice(pool)
            b = rng.choice([s for s in GROUND_SIDES if s != a])
            start, end, precision, when = _date_range(rng)
            area = kind == "captured" and rng.random() < 0.03
            place = rng.choice(vocab.governorates) if area else _weighted_place(rng, vocab.places)
            place_words = f"all of {place.name} province" if area else place.name
            sentence = SENTENCES[kind].format(
                a=vocab.names[a], b=vocab.names[b], place=place_words, when=when
            )
            sentence = sentence[0].upper() + sentence[1:]
            at = len(text)
            mention = sentence.index(place.name)
            text += sentence + " "
            records.append(
                EventRecord(
                    event_id=f"syn-{n:07d}",
                    source_id=source_id,
                    sentence=sentence,
                    sentence_start=at,
                    sentence_end=at + len(sentence),
                    mention=place.name,
                    mention_start=at + mention,
                    mention_end=at + mention + len(place.name),
                    place=place.name,
                    place_id=place.place_id,
                    latitude=None if area else place.latitude,
                    longitude=None if area else place.longitude,
                    geo_precision=3 if area else 1,
                    admin1=place.admin1 or "",
                    admin1_name=place.admin1_name or "",
                    admin2=place.admin2 or "",
                    admin2_name=place.admin2_name or "",
                    admin3="" if area else place.admin3 or "",
                    admin3_name="" if area else place.admin3_name or "",
                    area_adm3="|".join(place.area_adm3) if area else "",
                    coverage="whole" if area else "",
                    date_start=start.isoformat(),
                    date_end=end.isoformat(),
                    time_precision=precision,
                    date_basis=f"synthetic: '{when}'",
                    event_type=kind,
                    trigger=kind,
                    actor1=a,
                    actor2=b if kind in {"clashes", "captured"} else "",
                    assoc_actor1="",
                    actor1_text=vocab.names[a],
                    actor2_text=vocab.names[b] if kind in {"clashes", "captured"} else "",
                    notes="synthetic benchmark record",
                )
            )
        published = max(date.fromisoformat(r.date_end) for r in records)
        source = Source(source_id, title, text.rstrip(), published, "synthetic benchmark source")
        yield source, records


def write_store(path: Path, count: int, vocab: Vocabulary, seed: int = 7) -> Path:
    """A fresh SQLite store at `path` holding `count` synthetic records."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with Store(path) as store:
        for source, records in synthetic_records(count, vocab, seed):
            store.ingest(source, records, "synthetic")
    return path


def write_store_bulk(path: Path, count: int, vocab: Vocabulary, seed: int = 7) -> Path:
    """`write_store` for a million records: every source but the last is inserted in one
    transaction (executemany), the last through `Store.ingest`, which gives the store its new
    generation. The same records as `write_store`, in minutes instead of an hour."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    columns = ", ".join(STORED_COLUMNS)
    insert_event = f"INSERT INTO events ({columns}) VALUES ({', '.join('?' * len(STORED_COLUMNS))})"
    sources = iter_synthetic_records(count, vocab, seed)
    last = None
    with Store(path) as store, store.transaction() as db:
        for item in sources:
            if last is not None:
                source, records = last
                db.execute(
                    f"INSERT INTO sources VALUES ({', '.join('?' * len(common.SOURCE_COLUMNS))})",
                    common.source_row(source, "synthetic", 0.0),
                )
                db.executemany(insert_event, [tuple(getattr(r, c) for c in STORED_COLUMNS) for r in records])
            last = item
    if last is not None:
        with Store(path) as store:
            store.ingest(last[0], last[1], "synthetic")
    return path


# --- articles for the extraction figure --------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# One paragraph each: {a}/{b} are sides, {p}/{q} places, {g} a governorate, {w} date words.
EVENT_PARAGRAPHS = (
    "{a} captured {p} from {b} {w}, according to a war monitor. Fighters were filmed in the main "
    "square of the town, and residents said the shelling had stopped by the evening.",
    "Warplanes struck {p} and {q} {w}, killing at least {n} people, a monitoring group said. "
    "Rescue workers said they were still searching the rubble for survivors.",
    "{a} launched an offensive on {p} {w}, pushing toward {q} along the main road. Local "
    "sources said {b} had sent reinforcements to the area.",
    "Heavy clashes broke out between {a} and {b} near {p} {w}. The fighting forced hundreds of "
    "families to flee toward {q}, aid workers said.",
    "{b} withdrew from {p} {w} after days of fighting, a commander told reporters. The road "
    "between {p} and {q} was closed to civilians.",
    "Residents said {p} was controlled by {a} {w}, and that checkpoints had been set up on every "
    "road leading out of the town.",
    "{a} seized control of all of {g} province {w}, the group said in a statement that could not "
    "be independently verified.",
    "A spokesman for {a} said {w} that its forces would not leave {p}. He added that talks with "
    "{b} over the fate of {q} had stalled.",
)
FILLER = (
    "Humanitarian groups warned that the winter would worsen conditions for displaced families "
    "living in crowded camps along the border.",
    "The war, which began with protests in 2011, has killed hundreds of thousands of people and "
    "displaced about half of the country's pre-war population.",
    "Prices of bread and fuel have risen sharply in recent months, and many shops in the market "
    "now open only a few hours a day.",
    "Diplomats met in Geneva to discuss a political settlement, but the talks ended without an "
    "agreement on the next round.",
    "Electricity reaches most homes for only two or three hours a day, and water is trucked in "
    "from wells outside the city.",
    "Teachers said that many schools had been damaged and that classes were being held in tents "
    "and private houses.",
)


def _date_words(rng: random.Random, published: date) -> str:
    back = published - timedelta(days=rng.randrange(1, 40))
    choice = rng.randrange(6)
    if choice == 0:
        return f"on {WEEKDAYS[(published - timedelta(days=rng.randrange(1, 7))).weekday()]}"
    if choice == 1:
        return "last week"
    if choice == 2:
        return f"on {back:%B} {back.day}"
    if choice == 3:
        return f"on {back.day} {back:%B %Y}"
    if choice == 4:
        return f"{rng.choice(['two', 'three', 'four'])} days ago"
    return "earlier this month" if back.month == published.month else f"in early {back:%B}"


def synthetic_articles(
    count: int, vocab: Vocabulary, words: int = 1000, seed: int = 11, prefix: str = "synthetic-article"
) -> list[Source]:
    """`count` articles of about `words` words: event paragraphs with varied places, sides and
    date words, between background paragraphs, as a news report is written."""
    rng = random.Random(seed)
    sides = [s for s in GROUND_SIDES if s in vocab.names]
    articles = []
    for n in range(count):
        published = FIRST_DAY + timedelta(days=rng.randrange(365 * 4, (LAST_DAY - FIRST_DAY).days))
        first = _weighted_place(rng, vocab.places)
        title = f"Fighting reported around {first.name} (synthetic article {n})"
        paragraphs: list[str] = []
        total = 0
        while total < words:
            if rng.random() < 0.6:
                a, b = rng.sample(sides, 2)
                p = _weighted_place(rng, vocab.places)
                q = _weighted_place(rng, vocab.places)
                while q.name == p.name:
                    q = _weighted_place(rng, vocab.places)
                paragraph = rng.choice(EVENT_PARAGRAPHS).format(
                    a=vocab.names[a],
                    b=vocab.names[b],
                    p=p.name,
                    q=q.name,
                    g=rng.choice(vocab.governorates).name,
                    w=_date_words(rng, published),
                    n=rng.randrange(2, 40),
                )
            else:
                paragraph = rng.choice(FILLER)
            paragraph = paragraph[0].upper() + paragraph[1:]
            paragraphs.append(paragraph)
            total += len(paragraph.split())
        text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
        articles.append(Source(f"{prefix}-{n:03d}", title, text, published, "synthetic benchmark article"))
    return articles


def write_articles(folder: Path, articles: Sequence[Source]) -> list[Path]:
    """Each article as `<slug>.txt` with its `<slug>.json` (publication date), as users add them."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for article in articles:
        path = folder / f"{article.source_id}.txt"
        path.write_text(article.text, encoding="utf-8")
        meta = {"title": article.title, "published": article.published.isoformat()}
        path.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
        paths.append(path)
    return paths
