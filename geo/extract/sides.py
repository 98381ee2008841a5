"""Who did it: the sides of a happening by their role in its clause (subject, loser, agent, ally,
speaker), carried over from the sentence before where the text leaves them out.
"""

import re
from dataclasses import replace

from geo.actors import ActorMention
from geo.extract.context import (
    _BACKED_BY,
    _BACKED_BY_BEFORE,
    _BETWEEN,
    _BY,
    _BY_OR_TO,
    _COORDINATED_VERB,
    _COREFERENT_OFFENSIVE,
    _FROM,
    _HELPER_VERB,
    _MEMBERS_OF,
    _OBJECT_MARKER,
    _OF_MODIFIER,
    _OPENING_PRONOUN,
    _PREPOSITION_BEFORE,
    _PRONOUN_SUBJECT,
    _REPORTED_SUBJECT,
    _RUN_GLUE,
    _TYPE_FAMILY,
    _VERB_OBJECT,
    ArticleContext,
    Happening,
    OffensiveFrame,
    territorial_sides,
)
from geo.extract.places import _NEW_CLAUSE
from geo.extract.triggers import _GENERIC_ATTACK, _inside, _quoted_spans


def _actor_run(actors: list[ActorMention], index: int, sentence: str) -> list[ActorMention]:
    """The coordinated run ending at actors[index]: "the United States, France, Germany and Britain"."""
    run = [actors[index]]
    j = index - 1
    while j >= 0:
        a, b = actors[j], run[0]
        if a.end > b.start or _RUN_GLUE.match(sentence[a.end : b.start]):
            run.insert(0, a)
            j -= 1
        else:
            break
    return run


def _subject(
    actors: list[ActorMention], before: int, sentence: str, after: int = 0, clause_subject: bool = False
) -> tuple[ActorMention | None, list[ActorMention]]:
    """The subject before position `before`: the nearest actor that is not an ally, a holder, or
    an "of the X" modifier; a coordinated run gives its first as subject and the rest as associates."""
    candidates = [
        i
        for i, a in enumerate(actors)
        if after <= a.start
        and a.end <= before
        and a.role not in {"ally", "holder"}
        and (
            not _OF_MODIFIER.search(sentence[max(0, a.start - 8) : a.start])
            or _MEMBERS_OF.search(sentence[max(0, a.start - 30) : a.start])
        )
    ]
    # Sides named as objects ("fighting IS militants", "(IS)" after one) are not the subject when
    # a side before them is: "Kurdish forces fighting militants from IS have seized".
    objects = set()
    for i in candidates:
        a = actors[i]
        glue = sentence[actors[i - 1].end : a.start] if i else ""
        window = sentence[max(after, a.start - 60) : a.start]
        members = _MEMBERS_OF.search(sentence, max(0, a.start - 60), a.start)
        # "fighting militants of the IS": the members phrase is itself an object (the verb may
        # be the trigger just before the clause).
        as_object = (
            _OBJECT_MARKER.search(window)
            if members is None
            else _VERB_OBJECT.search(sentence, max(0, members.start() - 40), members.start())
        )
        if as_object or (i - 1 in objects and re.fullmatch(r"[\s\"”“]*\(?", glue)):
            objects.add(i)
    # Only objects in the clause: its subject is further back ("X fighting Y have seized" gets X
    # from the happening before), never the object.
    candidates = [i for i in candidates if i not in objects]
    if not candidates:
        return None, []
    if clause_subject:
        # "X destroyed targets and killed Y fighters in airstrikes": the trigger modifies the
        # clause's verb, so its side is the clause's subject, the first side named in it.
        candidates = candidates[:1]
    run = [a for a in _actor_run(actors, candidates[-1], sentence) if a.role not in {"ally", "holder"}]
    return run[0], run[1:]


def _resolve_actors(
    h: Happening,
    actors: list[ActorMention],
    sentence: str,
    ctx: ArticleContext,
    clause_start: int,
    region_end: int,
    previous: Happening | None,
) -> None:
    """Sides of one happening from its own clause: the subject before the trigger (from the end
    of the previous happening), the loser in "X lost control of", the agent in "fell to X"."""
    t = h.trigger
    quotes = _quoted_spans(sentence)
    # A side quoted is visible only to a happening quoted with it ("'Turkish forces shelled X,'
    # a monitor said"): outside words never reach into a quotation, nor the reverse.
    own_quote = next(((qs, qe) for qs, qe in quotes if qs <= t.start and t.end <= qe), None)
    visible = [
        a
        for a in actors
        if (own_quote is not None and own_quote[0] <= a.start and a.end <= own_quote[1])
        or (own_quote is None and not _inside(quotes, a.start, a.end))
    ]
    helpers = [
        a
        for a in visible
        if clause_start <= a.start
        and a.end <= t.start
        and _HELPER_VERB.search(sentence[a.end : t.start])
        and not _BACKED_BY.search(sentence[a.end : t.start])  # "X backed by Y": X is helped, not helping
    ]
    subject_pool = [a for a in visible if a not in helpers]
    after = [a for a in visible if t.end <= a.start < region_end]

    if t.voice in {"loser", "fell", "passive"}:
        loser_or_place, _ = _subject(subject_pool, t.start, sentence, clause_start)
        by = next((a for a in after if _BY_OR_TO.search(sentence[max(0, a.start - 20) : a.start])), None)
        h.actor1 = by
        if t.voice == "loser":
            h.actor2 = loser_or_place
    elif t.voice == "relative":
        # "towns it controls": the pronoun's antecedent is the nearest side named before it.
        h.actor1, h.assoc = _subject(subject_pool, t.start + 1, sentence)
    elif fused := [a for a in subject_pool if a.start < t.start < a.end and a.role not in {"ally", "holder"}]:
        # "Russian airstrikes killed ...", "Syrian and Russian air strikes": the nationality
        # before the trigger noun is its agent (the name and the trigger share the noun).
        h.actor1, h.assoc = fused[0], fused[1:]
    else:
        prep = _PREPOSITION_BEFORE.search(sentence[max(clause_start, t.head_start - 40) : t.head_start])
        inside = prep is not None and any(
            max(clause_start, t.head_start - 40) + prep.start() <= a.start < t.head_start
            for a in subject_pool
        )
        h.actor1, h.assoc = _subject(
            subject_pool, t.head_start, sentence, clause_start, clause_subject=prep is not None and not inside
        )
        if (
            h.actor1 is None
            and t.voice == "speech"
            and _PRONOUN_SUBJECT.search(sentence[: t.start])
            and ctx.last_speaker
        ):
            h.actor1 = ctx.last_speaker
            h.notes.append(
                f'speaker "{sentence[: t.start].split()[-1]}" taken as {ctx.last_speaker.actor} from the previous statement'
            )
        # "the army said it had taken ...": the pronoun after a speech verb is the speaker.
        if (
            h.actor1 is None
            and previous
            and previous.trigger.voice == "speech"
            and previous.actor1
            and t.event_type != "statement"
            and _REPORTED_SUBJECT.match(sentence[previous.trigger.end : t.start])
        ):
            h.actor1 = previous.actor1
            h.notes.append(
                f'actor1 {previous.actor1.actor}: the subject after "{previous.trigger.text}" is the speaker, '
                f'"{previous.actor1.text}"'
            )
        # "It also captured ...": a pronoun opening the sentence is the last sentence's subject.
        if (
            h.actor1 is None
            and previous is None
            and ctx.last_subject
            and t.event_type != "statement"
            and _OPENING_PRONOUN.match(sentence[: t.start])
        ):
            h.actor1 = ctx.last_subject
            h.notes.append(
                f'actor1 {ctx.last_subject.actor}: "{sentence[: t.start].split()[0]}" continues the last '
                f'subject, "{ctx.last_subject.text}"'
            )
        # "X made advances on Tuesday, capturing a town": the participle shares the clause's subject.
        if (
            h.actor1 is None
            and previous
            and previous.actor1
            and "statement" not in (t.event_type, previous.trigger.event_type)
            and t.text.split()[0].endswith("ing")
            and re.search(r",\s*$", sentence[: t.start])
        ):
            h.actor1 = previous.actor1
            h.notes.append(
                f'actor1 {previous.actor1.actor}: "{t.text}" after a comma shares the subject of '
                f'"{previous.trigger.text}", "{previous.actor1.text}"'
            )
        # "X backed by Russian air strikes recaptured Y": the support phrase is not the subject;
        # the side named before it is, and the supporter is its associate.
        backed = (
            _BACKED_BY_BEFORE.search(sentence[: previous.trigger.start])
            if h.actor1 is None and previous is not None
            else None
        )
        if backed is not None:
            subject, _ = _subject(subject_pool, backed.start(), sentence)
            if subject is not None:
                h.actor1 = subject
                if previous.actor1 is not None and previous.actor1.actor != subject.actor:
                    h.assoc = [*h.assoc, previous.actor1]
                h.notes.append(
                    f'actor1 {subject.actor}: "{subject.text}" is the subject; "{backed.group().strip()}" only supports it'
                )
        # "anti-regime groups' offensive last week claimed ...": the offensive's side did it; "took
        # X, entered Y" and "took X but has since withdrawn": coordinated verbs share the subject.
        between = sentence[previous.trigger.end : t.start] if previous else ""
        if (
            h.actor1 is None
            and previous
            and previous.actor1
            and "statement" not in (t.event_type, previous.trigger.event_type)
            and not re.search(r"[;:]", between)
            and not _NEW_CLAUSE.search(between)
            and (
                not re.search(r",", between)
                or (
                    _COORDINATED_VERB.search(between)
                    and not any(previous.trigger.end <= a.start < t.start for a in visible)
                )
            )
        ):
            h.actor1 = previous.actor1
            if re.search(r",", between):
                h.notes.append(
                    f'actor1 {previous.actor1.actor}: "{t.text}" shares the subject of "{previous.trigger.text}", '
                    f'"{previous.actor1.text}"'
                )
        # "the withdrawal of government forces": the side that left follows its noun.
        if h.actor1 is None and t.event_type == "withdrawal" and t.text.lower().startswith("withdrawal"):
            h.actor1 = next(
                (a for a in after if re.fullmatch(r"\s+of\s+(?:the\s+)?", sentence[t.end : a.start])), None
            )
        if h.actor1 is None and t.voice in {"noun", "speech"}:
            # "the offensive by HTS", "said Peskov": the agent may follow.
            h.actor1 = next(
                (
                    a
                    for a in after
                    if a.role not in {"ally", "holder"}
                    and (
                        # "said Peskov." names the speaker; "said the army took X" names the subject
                        # of what was said.
                        (
                            t.voice == "speech"
                            and a.start - t.end <= 3
                            and re.match(r"\s*(?:[,.;:)\"”]|$)", sentence[a.end :])
                        )
                        or _BY.search(sentence[t.end : a.start])
                    )
                ),
                None,
            )

    # "clashes between X and Y": both sides follow the trigger.
    if h.actor1 is None and t.event_type == "clashes":
        first = next((a for a in after if _BETWEEN.match(sentence[t.end : a.start])), None)
        if first is not None:
            h.actor1 = first
            h.actor2 = next(
                (
                    a
                    for a in after
                    if a.start >= first.end
                    and re.fullmatch(r"\s*and\s+(?:the\s+)?", sentence[first.end : a.start])
                ),
                None,
            )

    # The other side: an explicit "from X", an "X-held" place, an "anti-X" subject, or a side named
    # in the object region after the trigger ("captured X where the Y group ...").
    if h.actor2 is None and h.trigger.event_type in {"captured", "offensive", "airstrike", "clashes"}:
        from_side = next((a for a in after if _FROM.search(sentence[max(0, a.start - 12) : a.start])), None)
        holder = next((a for a in visible if a.role == "holder"), None)
        object_side = next(
            (
                a
                for a in after
                if a.role not in {"ally"}
                and a is not h.actor1
                and (h.actor1 is None or a.actor != h.actor1.actor)
            ),
            None,
        )
        h.actor2 = from_side or holder or object_side
    h.assoc = [
        *helpers,
        *h.assoc,
        *(a for a in visible if a.role == "ally" and t.start - 60 <= a.start <= region_end),
    ]

    h.actor1_id = h.actor1.actor if h.actor1 else ""
    h.actor2_id = h.actor2.actor if h.actor2 else ""
    if not h.actor2_id and h.actor1 and h.actor1.opponent:
        h.actor2_id = h.actor1.opponent
        h.notes.append(f'actor2 {h.actor2_id}: implied by "{h.actor1.text}"')
    if h.actor2_id == h.actor1_id:
        h.actor2, h.actor2_id = None, ""
    if t.voice == "speech" and h.actor1:
        ctx.last_speaker = h.actor1
    if h.actor1 and t.event_type != "statement":
        ctx.last_subject = h.actor1
    for label, mention in (("actor1", h.actor1), ("actor2", h.actor2)):
        if mention is not None and mention.basis and getattr(h, f"{label}_id") == mention.actor:
            h.notes.append(f"{label} {mention.actor}: {mention.basis}")


def _date_sides(h: Happening, sentence: str, ctx: ArticleContext) -> None:
    """A dated word read as of publication ("the Syrian army" in 2025 is the government's) is read
    again as of the day the event began, when the text dates it and that day lies on the other side
    of the change ("the Syrian army took Aleppo in 2016", told in 2025; "last week" in an article of
    10 December 2024). An undated event keeps the publication's reading."""
    published = ctx.published
    r = h.date_range
    if r is None or not (h.dates or (ctx.frame.dates and _refers_to_offensive(h, sentence))):
        return
    for label, mention in (("actor1", h.actor1), ("actor2", h.actor2)):
        if mention is None or not mention.senses or getattr(h, f"{label}_id") != mention.actor:
            continue
        then = mention.on(r.start)
        if then and then != mention.actor:
            setattr(h, f"{label}_id", then)
            h.notes.append(
                f'{label} {then}: "{mention.text}" read as of the event\'s first day {r.start}, '
                f"not the publication's ({published}), where it would be {mention.actor}"
            )
    if h.actor1_id and h.actor1_id == h.actor2_id:
        h.actor2, h.actor2_id = None, ""


def _refers_to_offensive(h: Happening, sentence: str) -> re.Match[str] | None:
    if h.trigger.event_type not in {"captured", "offensive"}:
        return None
    return _COREFERENT_OFFENSIVE.search(sentence)


def _apply_frame(h: Happening, sentence: str, frame: OffensiveFrame) -> None:
    """Fill a happening's missing sides from the article's offensive, when its sentence refers to it."""
    if not _refers_to_offensive(h, sentence):
        return
    if not h.actor1_id and frame.actor1 and frame.actor1 != h.actor2_id:
        h.actor1_id = frame.actor1
        h.notes.append(
            f"actor1 {frame.actor1}: the side leading the offensive, named in sentence {frame.actor1_sentence}"
        )
    if not h.actor2_id and frame.actor2 and frame.actor2 != h.actor1_id:
        h.actor2_id = frame.actor2
        h.notes.append(
            f"actor2 {frame.actor2}: the side the offensive is against, named in sentence {frame.actor2_sentence}"
        )


_SPEAKER_ITSELF = re.compile(
    r"\s*(?:that\s+)?(?:it|they|its (?:forces|fighters|units|troops)|their (?:forces|fighters))\s+(?:had\s+|has\s+|have\s+)?$",
    re.IGNORECASE,
)


def _attacks_refer_back(happenings: list[Happening], ctx: ArticleContext) -> None:
    """ "Russian jets struck Jisr al-Shughur. Thursday's assaults also hit X": an attack word with no
    aircraft of its own continues the air strikes told just before it."""
    for h in happenings:
        t = h.trigger
        if (
            t.event_type == "other"
            and "airstrike" in ctx.last_types
            and _GENERIC_ATTACK.fullmatch(t.text.lower())
        ):
            h.trigger = replace(t, event_type="airstrike")
            h.notes.append(f'"{t.text}" continues the air strikes told in the sentence before')
    _continue_sides(happenings, ctx)
    ctx.last_types = frozenset(h.trigger.event_type for h in happenings) - {"statement"} or ctx.last_types


def _continue_sides(happenings: list[Happening], ctx: ArticleContext) -> None:
    """ "The Turkish military captured five villages. The villages of A and B were captured from
    the YPG": an air strike, or a capture told in the passive, that names no side continues the
    side of the same kind of happening told in the sentence just before."""
    ctx.sentences_since_side = {kind: age + 1 for kind, age in ctx.sentences_since_side.items()}
    for h in happenings:
        kind = _TYPE_FAMILY.get(h.trigger.event_type, h.trigger.event_type)
        if kind not in {"airstrike", "captured"} or h.actor1_id or h.actor1:
            continue
        if kind == "captured" and h.trigger.voice not in {"passive", "noun"}:
            continue
        side = ctx.last_sides.get(kind)
        if side is not None and ctx.sentences_since_side.get(kind, 99) <= 2:
            h.actor1, h.actor1_id = side, side.actor
            if h.actor2_id == side.actor:
                h.actor2, h.actor2_id = None, ""
            h.notes.append(
                f'actor1 {side.actor}: continues the side of the {kind} told just before, "{side.text}"'
            )
    for h in happenings:
        kind = _TYPE_FAMILY.get(h.trigger.event_type, h.trigger.event_type)
        if kind in {"airstrike", "captured"} and h.actor1 is not None:
            ctx.last_sides[kind] = h.actor1
            ctx.sentences_since_side[kind] = 0


def _mark_own_claims(happenings: list[Happening], sentence: str) -> None:
    """ "The SNA said it had captured X": a capture whose only source is the side that made it is
    that side's claim (control_claim), not a capture the article asserts."""
    speakers = [
        h for h in happenings if h.trigger.event_type == "statement" and h.actor1_id in territorial_sides()
    ]
    for h in happenings:
        if h.trigger.event_type != "captured":
            continue
        speaker = next((sp for sp in reversed(speakers) if sp.trigger.end <= h.trigger.start), None)
        if speaker is None:
            continue
        if not h.actor1_id and _SPEAKER_ITSELF.fullmatch(sentence[speaker.trigger.end : h.trigger.start]):
            h.actor1, h.actor1_id = speaker.actor1, speaker.actor1_id
            h.notes.append(
                f'actor1 {h.actor1_id}: "it" is the speaker, {speaker.actor1.text if speaker.actor1 else ""}'
            )
        if h.actor1_id == speaker.actor1_id:
            h.trigger = replace(h.trigger, event_type="control_claim")
            h.notes.append(
                f"control claim: the capture is told only by the side that made it ({h.actor1_id})"
            )
