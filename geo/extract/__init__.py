"""Extraction: an article becomes ACLED-style event records, each quoting its exact sentence.

Steps, all rule-based and explainable (every inference is written into the record's notes), one
module each:

1. `sentences`: the text after the title line is cut into sentences, keeping offsets.
2. Place, actor and date words are found once over the whole text (`geo.gazetteer`,
   `geo.actors`, `geo.dates`) and shared out to their sentences (`article`).
3. `triggers`: the words that name a happening (captured, airstrike, offensive, clashes,
   withdrawal, control_claim, statement, other), outside planned, denied or unattributed
   quotations; neighbouring words of one happening are one.
4. `places`: each place goes to the happening that governs it, unless it only locates another
   place, is where people went, or stands past a new clause; "the town" refers back.
5. `sides`: each happening gets its sides by their role (subject, loser, agent, ally, speaker).
6. `timing`: its date range from its own words, the article's date context or a default.
7. `rows`: one record per (place, happening); `article` decides which placeless ones are kept.

`context` holds what the steps pass between them. The headline is not extracted: it summarises
the body, and its happenings are reported there.
"""

from geo.extract.article import extract, extract_many
from geo.extract.sentences import Sentence, split_sentences
from geo.extract.triggers import TRIGGER_RULES, Trigger, TriggerRule, find_triggers

# Bump when the rules change: stored sources extracted by another version are extracted again.
EXTRACTOR_VERSION = "3"

__all__ = [
    "EXTRACTOR_VERSION",
    "TRIGGER_RULES",
    "Sentence",
    "Trigger",
    "TriggerRule",
    "extract",
    "extract_many",
    "find_triggers",
    "split_sentences",
]
