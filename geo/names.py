"""Place-name folding: one key under which press, OCHA and GeoNames spellings of a name meet.

`fold(name)` is the index key. It folds case, diacritics, apostrophes, hyphens and punctuation,
drops Arabic articles (al-, el-, ash-, ez-, ... as separate or hyphenated tokens, and assimilated
or glued forms such as "Ezzor" and "Elhayat"), and folds transliteration variants with general
rules rather than a table: q/k, kh/k, gh/g, dh/d, ph/f, doubled letters, a trailing -h
after a vowel, and every run of vowels (with y and w where they act as vowels) reduced to one
slot. So "Homs"/"Hims", "Tal"/"Tell"/"Tall", "Deir ez-Zor"/"Dayr az Zawr"/"Deir Ezzor" and
"Khan Shaykhun"/"Khan Sheikhoun" share a key.

Because the key forgets vowel quality, a match also needs the vowels to agree: `fold_parts`
also returns each vowel slot's class (a; e, i, y -> i; o, u, w -> u; a run keeps its class
sequence, "ay" -> "ai") and `vowels_agree` allows one step of difference per word (one class
changed, or one added to a run). "Homs"/"Hims" and "Sheikh"/"Shaykh" agree; "Home"/"Hama"
(two slots) do not.

The second half of the module lists the English words of news text that are never, or only
with evidence, place names; `geo.gazetteer` applies them.

Arabic script is normalised (harakat, tatweel, alef forms, ta marbuta, alef maqsura, hamza
seats, a leading ال) and kept as Arabic: an Arabic name matches Arabic text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of a block of text."""
    return frozenset(text.split())


# Arabic articles as romanised in names, standing alone or hyphenated ("al-Bab", "Deir ez-Zor").
ARTICLES = word_set("al el ar er as es ash esh at et ath eth ad ed adh edh az ez an en")
# Articles that are also English words: part of a name only when hyphenated to it ("As-Sweida").
ENGLISH_LIKE_ARTICLES = word_set("as at an ad en et ash ed es er")

APOSTROPHES = "'’‘`´ʼʿʾʹ′"
_APOSTROPHE_TABLE = str.maketrans("", "", APOSTROPHES)
# Letters NFKD does not decompose into ASCII.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ə": "a",
        "Ə": "A",
        "ħ": "h",
        "Ħ": "H",
    }
)
_ARABIC_LETTERS = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_TABLE = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ک": "ك", "ی": "ي"}
)

VOWELS = frozenset("aeiou")
_CONSONANT_MAP = (
    (re.compile(r"qu(?=[aeiouy])"), "k"),  # "Quamishli" = "Qamishli"
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck|q|c"), "k"),
    (re.compile(r"kh"), "k"),  # OCHA writes both "Shaykun" and "Shaykhun"
    (re.compile(r"gh"), "g"),  # OCHA "Shugur" for "Shughur"
    (re.compile(r"dh"), "d"),
    (re.compile(r"dj"), "j"),
)
_TRAILING_H = re.compile(r"(?<=[aeiou])h$")
_DOUBLED = re.compile(r"(.)\1+")
# A glued, assimilated article: "Ezzor" (ez-Zor), "Arraqqa" (ar-Raqqa).
_ASSIMILATED_ARTICLE = re.compile(r"^[ae](?=(tt|dd|rr|zz|ss|nn)[aeiouy])")
# A glued al-/el- inside a name: "Zahrat Elhayat", "Mashta Elhiu".
_GLUED_ARTICLE = re.compile(r"^(?:al|el)(?=[bdfghjklmnpqrstvwxz][a-z]{2})")


def is_arabic(token: str) -> bool:
    return bool(_ARABIC_LETTERS.search(token))


def normalise_arabic(text: str) -> str:
    """Arabic spelling variants to one form; a leading ال on each word is dropped."""
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_TABLE)
    words = []
    for word in text.split():
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        words.append(word)
    return " ".join(words)


_WORD_SPLIT = re.compile(r"[^0-9A-Za-z\u0620-\u06ff]+")


@lru_cache(maxsize=1 << 16)
def split_words(name: str) -> tuple[str, ...]:
    """The words of a name with their case kept: diacritics and apostrophes removed, Arabic
    normalised, split at anything that is not a letter or digit."""
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = text.translate(_SPECIAL_LETTERS).translate(_APOSTROPHE_TABLE)
    if is_arabic(text):
        text = normalise_arabic(text)
    return tuple(w for w in _WORD_SPLIT.split(text) if w)


def raw_tokens(name: str) -> list[str]:
    """The words of a name, lowercased (Arabic normalised)."""
    return [w.lower() for w in split_words(name)]


def _vowel_runs(token: str) -> list[tuple[str, str]]:
    """Split a Latin token into ("c", consonant) and ("v", vowel run) pieces.

    y and w are consonants at the start of a token and between two vowels (unless they only
    lengthen the vowel before them: "iya", "uwa"); elsewhere they are vowels ("Dayr", "Zawr",
    "Sweida", "Qamishly").
    """
    pieces: list[tuple[str, str]] = []
    n = len(token)
    for i, ch in enumerate(token):
        if ch in VOWELS:
            is_vowel = True
        elif ch in "yw":
            prev = token[i - 1] if i else ""
            nxt = token[i + 1] if i + 1 < n else ""
            between_vowels = prev in VOWELS and nxt in VOWELS
            lengthens = (ch == "y" and prev in "ie") or (ch == "w" and prev in "ou")
            is_vowel = i > 0 and (not between_vowels or lengthens)
            if is_vowel and between_vowels and lengthens:
                continue  # "iya" -> "ia": the glide only lengthens the vowel
        else:
            is_vowel = False
        if is_vowel:
            if pieces and pieces[-1][0] == "v":
                pieces[-1] = ("v", pieces[-1][1] + ch)
            else:
                pieces.append(("v", ch))
        else:
            pieces.append(("c", ch))
    return pieces


def _vowel_class(run: str) -> str:
    classes = "".join("a" if c == "a" else "u" if c in "ouw" else "i" for c in run)
    return _DOUBLED.sub(r"\1", classes)


@lru_cache(maxsize=1 << 16)
def fold_token(token: str, initial: bool = True) -> tuple[str, str]:
    """(key, vowel classes) of one already-ASCII word; `initial` if it starts the name."""
    if not token or is_arabic(token) or not token.isascii():
        return token, ""
    token = _ASSIMILATED_ARTICLE.sub("", token) if len(token) >= 5 else token
    if not initial:
        token = _GLUED_ARTICLE.sub("", token)
    for pattern, replacement in _CONSONANT_MAP:
        token = pattern.sub(replacement, token)
    token = _DOUBLED.sub(r"\1", _TRAILING_H.sub("", token))
    key = []
    classes = []
    for kind, piece in _vowel_runs(token):
        if kind == "v":
            key.append("a")
            classes.append(_vowel_class(piece))
        else:
            key.append(piece)
    return "".join(key), "|".join(classes)


def content_tokens(tokens: list[str]) -> list[str]:
    """Drop article tokens, unless nothing else would be left."""
    kept = [t for t in tokens if t not in ARTICLES]
    return kept or tokens


def fold_parts(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Per-token (keys, vowel classes) of a name."""
    tokens = content_tokens(raw_tokens(name))
    folded = [fold_token(t, i == 0) for i, t in enumerate(tokens)]
    return tuple(k for k, _ in folded), tuple(v for _, v in folded)


def fold(name: str) -> str:
    """The matching key of a name: equal keys are candidate spellings of the same name."""
    return " ".join(fold_parts(name)[0])


def _run_distance(x: str, y: str) -> int:
    """0 for equal vowel runs; 1 for one changed or added class ("u"/"i", "ai"/"i"); else 2."""
    if x == y:
        return 0
    if len(x) == len(y):
        return 1 if sum(p != q for p, q in zip(x, y, strict=True)) == 1 else 2
    shorter, longer = sorted((x, y), key=len)
    if len(longer) - len(shorter) == 1 and any(
        longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer))
    ):
        return 1
    return 2


@lru_cache(maxsize=1 << 16)
def vowels_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Per token, the vowel runs of two equal keys may differ by one step at most."""
    for x, y in zip(a, b, strict=True):
        if x == y:
            continue
        xs, ys = x.split("|"), y.split("|")
        if len(xs) != len(ys) or sum(_run_distance(p, q) for p, q in zip(xs, ys, strict=True)) > 1:
            return False
    return True


# Words that never begin a place name taken from the data sources (GeoNames, OCHA, admin
# names): demonyms, institutions, armed groups, news agencies and the people who fill Syria
# news. A village whose name starts with one of these is lost; curated spellings (aliases,
# foreign places, regions, places_extra) are not checked against this list.
NEVER_PLACE_WORDS = word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec
    syria syrian syrians russia russian russians turkish turk turks turkiye kurdish kurd kurds
    iranian iranians iraqi iraqis lebanese israeli israelis american americans british french
    german european europeans arab arabs arabic alawite alawites sunni sunnis shia shiite shiites
    druze christian christians muslim muslims islamic islamist islamists jihadi jihadist jihadists
    assyrian armenian circassian turkmen yazidi palestinian jordanian saudi qatari emirati egyptian
    ukrainian chinese western westerners
    president presidential minister ministry ministers prime kremlin pentagon white house
    government regime army forces force military state national democratic free council security
    united nations union coalition observatory human rights defence defense foreign affairs interior
    spokesperson spokesman spokeswoman parliament congress senate general commander colonel
    brigade brigades division corps battalion front movement party republic republican
    revolutionary guard guards committee agency news press media official officials ambassador
    envoy embassy court police intelligence operations operation command centre center
    hts hayat tahrir jabhat nusra ahrar jaish faylaq liwa katibat hezbollah hizbollah hamas daesh
    isis isil ypg ypj pkk pyd sdf sna fsa nato unhcr ocha icrc afp reuters anadolu sana sohr
    tass ria cnn bbc dpa qaeda qaida wagner rojava sham levant harakat ansar saraya kataib firqat
    jund tawhid zenki badia muharram ramadan eid jaysh jeish hurras tanzim asayish asayesh
    bashar assad hafez maher asma makhlouf putin vladimir dmitry dmitri peskov sergei sergey
    lavrov shoigu zakharova erdogan recep tayyip hakan fidan biden trump donald blinken antony
    obama macron emmanuel scholz starmer sunak netanyahu khamenei raisi pezeshkian araghchi
    zarif nasrallah julani jolani golani jawlani sharaa baghdadi pedersen guterres zelensky
    volodymyr mazloum abdi
    """
)

# Common English words that are capitalised at the start of a sentence, in headlines or in
# names of things, and fold to the key of some Syrian village ("Home" ~ Hama, "Hole" ~ Houla,
# "Mare" ~ Mare'). Alone they are not taken as a place from the data sources unless an Arabic
# article is attached ("al-Hol") or the text says "village of" / "town of".
COMMON_ENGLISH_WORDS = word_set(
    """
    a about above across after again against ago ahead all almost along already also although
    always am among amid an and another any anyone are around as at away back be because been
    before behind being below beneath beside besides between beyond both but by can could did
    do does done down during each early earlier either else even ever every few first for from
    further had has have having he her here hers him his how however i if in inside into is it
    its itself just last late later least less like many may me meanwhile might more most much
    must my near nearly neither never new next no nor not now of off often on once one only onto
    or other others our out outside over own past per perhaps rather same second several shall
    she should since so some still such than that the their them then there these they third
    this those though through thus to today together tomorrow too toward towards under until up
    upon us very via was we well were what when where whether which while who whom whose why
    will with within without would yesterday yet you your
    able accord according account act action add added address advance advances aid aim air
    allies ally amir analysis announced anti area areas arms army assault attack attacks
    authorities back bad bank base bases battle bay beach big bill bird black blast blue board
    body bomb bombs book border born box boy bread bridge brief bring brother call called camp
    can capital car care case cash castle cause cease central chain chair chance change chief
    child children church city civil civilians claim claims clash clashes close coast code cold
    come commerce common company control cost country court cover crisis cross crown cup cut
    damage dam date day days deal dear death deep deal desert died direct do dog door down dr
    draw drive drone drones drop east eastern economy edge effort end energy enemy entry escape
    even event events eye face fact fair faith fall family far farm fast father fear feed field
    fight fighters fighting figure fire firm five fix flag fled flight floor flow food foot
    force forest form fort fortune four fresh front fuel full fund future gain gains game gas
    gate general give glass global goal god gold good gold grand great green ground group
    groups growth guard gulf gun half hall hand hard head health heart heat held help high hill
    hills historic hold hole holy home hope horse hospital host hot hour house huge human hunt
    idea image inner iron island issue job join joint just key kill killed killing king knight
    lake land large last law lead leader leaders leading left legal less level liberty life
    light line link list little live local long lord loss lost love low lower main major make
    man march mare mark market mass may mayor mean meet member men message middle might mile
    mill mine mission moon more morning mother motion mount mountain move mr mrs ms name narrow
    nation near new news night nine north northern note now number oil old one open order
    outer pace palace palm park part party pass path peace people place plain plan plant point
    police pool poor port post power press prime prison public queen quick race rain range
    rapid rear rebel rebels record red relief report reports rest return rich ridge right ring
    rise river road rock role roof room rose round rule run rural safe said sale salt sand save
    say says school sea seat second see seed self send service seven shell shield ship shop
    short shot side sign silver sir site six sky small snow soft soil son south southern space
    spring square staff stage star start station steel step stone stop store storm street
    strike strong sun support sure table talk talks tank tea team ten term test thank three
    tide time told top total tower town trade trail train tree trip troops true truce trust
    truth turn two union unit upper urban valley victory view village voice wall war water wave
    way weapon week west western wide wild win wind winter wise woman women word work world
    year years young zone
    tell sam seen shin nazi khan harem chine rai greater
    anna mary maria sara sarah salem abraham adam david eden jesus john lena maya mona
    noor nour omar ali hassan hussein layla
    """
)

# First words that make a many-word village name look like a person's name ("Abu Mohammed",
# "Sheikh Ahmed"): such a minor village needs a locative cue.
PERSON_NAME_PREFIXES = word_set("abu abou umm um bin ibn bint beni bani sheikh shaykh shaikh sheik haj hajji")

# Titles before a person's name: "Mayor Dana White", "Gen. Hama ..." are not places.
TITLE_WORDS = word_set(
    """
    mr mrs ms miss dr prof sir dame lord president vice minister premier governor mayor deputy
    gen general lt lieutenant col colonel maj major brig brigadier capt captain sgt sergeant
    cmdr commander admiral marshal chief leader envoy ambassador spokesman spokeswoman
    spokesperson secretary chairman chairwoman director king queen prince princess emir sultan
    sheikha imam cleric mufti pope bishop patriarch father judge senator sen rep congressman
    congresswoman reporter correspondent journalist analyst activist researcher photographer
    """
)
# Participles that turn a country name into an adjective: "US-led", "Iran-backed".
ADJECTIVAL_SUFFIXES = word_set(
    """
    led backed based held controlled allied brokered sponsored run supported funded aligned
    affiliated linked born made owned trained armed
    """
)
