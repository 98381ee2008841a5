"""Article sources: reading `<slug>.txt` (title on line 1, then the text as published) and the
optional `<slug>.json` beside it (title, outlet, published, published_basis, url, and
source_basis: how the outlet and URL were established, for the people who keep the data).

Text from articles is untrusted. Everything read here is checked, and every problem becomes a
`SourceError` whose message names the file and the problem in one line.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from geo.errors import FrontlinesError

MAX_BYTES = 5 * 1024 * 1024
METADATA_FIELDS = {"title", "outlet", "published", "published_basis", "url", "source_basis"}
_SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class SourceError(FrontlinesError, ValueError):
    """A source file or its metadata is unusable; the message names the file and the problem."""


@dataclass(frozen=True)
class Source:
    source_id: str  # the file's slug, e.g. "kremlin-continues-to-support-assad"
    title: str
    text: str  # the whole file (title line included); record offsets index into this
    published: date
    published_basis: str
    outlet: str | None = None
    url: str | None = None
    path: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def body_start(self) -> int:
        """Offset where the text after the title line begins."""
        newline = self.text.find("\n")
        return len(self.text) if newline < 0 else newline + 1


class SourceKey(NamedTuple):
    """What a store compares to call a re-ingest "unchanged": the text's hash, the publication
    day (relative dates are read against it) and the description. Equal keys, same extractor:
    the stored records stand, so a bulk ingest need not extract the file again."""

    sha256: str
    published: str  # YYYY-MM-DD
    title: str
    outlet: str | None
    url: str | None
    published_basis: str

    @classmethod
    def of(cls, source: Source) -> SourceKey:
        return cls(
            source.sha256,
            source.published.isoformat(),
            source.title,
            source.outlet,
            source.url,
            source.published_basis,
        )


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain web address (http or https), else None: never a script link."""
    if url and re.fullmatch(r"https?://[^\s<>\"']+", url.strip(), flags=re.IGNORECASE):
        return url.strip()
    return None


def slug_of(path: Path) -> str:
    ascii_stem = unicodedata.normalize("NFKD", path.stem).encode("ascii", "ignore").decode()
    slug = _SLUG_UNSAFE.sub("-", ascii_stem.lower()).strip("-")
    return slug[:80] or "source"


def decode_text(raw: bytes, path: Path) -> str:
    """Bytes of an article -> text, refusing what is not a UTF-8 text article."""
    if not raw.strip():
        raise SourceError(f"{path}: file is empty")
    if len(raw) > MAX_BYTES:
        raise SourceError(
            f"{path}: file is too large ({len(raw) / 1e6:.1f} MB; the limit is {MAX_BYTES / 1e6:.0f} MB)"
        )
    if b"\x00" in raw:
        raise SourceError(f"{path}: binary file (contains NUL bytes), not a text article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path}: not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "convert it to UTF-8 first"
        ) from None
    if len(_CONTROL.findall(text[:65536])) > 8:
        raise SourceError(f"{path}: binary file (control characters), not a text article")
    if not any(ch.isalpha() for ch in text):
        raise SourceError(f"{path}: no words in the file")
    return text


def _parse_date(value: object, path: Path, field: str) -> date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise SourceError(f"{path}: {field} must be a date written YYYY-MM-DD, not {value!r:.40}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SourceError(f"{path}: {field} {value!r} is not a real date") from None


def parse_published(value: object, where: Path | str, today: date | None = None) -> date:
    """A publication date given by a user: YYYY-MM-DD, not in the future."""
    published = _parse_date(value, Path(str(where)), "publication date")
    today = today or date.today()
    if published > today:
        raise SourceError(f"{where}: publication date {published} is in the future (today is {today})")
    return published


def read_metadata(path: Path) -> dict[str, object]:
    """The `.json` beside an article, checked field by field."""
    try:
        raw = path.read_bytes()
        meta = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SourceError(f"{path}: metadata is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise SourceError(f"{path}: broken JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(meta, dict):
        raise SourceError(f"{path}: metadata must be a JSON object")
    unknown = set(meta) - METADATA_FIELDS
    if unknown:
        raise SourceError(
            f"{path}: unknown field(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(METADATA_FIELDS))}"
        )
    for field in METADATA_FIELDS - {"published"}:
        if meta.get(field) is not None and not isinstance(meta[field], str):
            raise SourceError(f"{path}: {field} must be a string or null")
    url = meta.get("url")
    if url and not re.match(r"https?://", str(url)):
        raise SourceError(f"{path}: url must start with http:// or https://")
    return meta


def read_source(path: Path, published: str | None = None, today: date | None = None) -> Source:
    """Read an article file and its metadata. `published` (YYYY-MM-DD) overrides the metadata's."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    text = decode_text(path.read_bytes(), path)
    meta_path = path.with_suffix(".json")
    meta = read_metadata(meta_path) if meta_path.is_file() else {}
    title = text.splitlines()[0].strip() if text.strip() else ""
    body = text.split("\n", 1)[1] if "\n" in text else ""
    if not any(ch.isalpha() for ch in body):
        raise SourceError(
            f"{path}: no sentences after the title line (line 1 is the title, the article follows it)"
        )
    if published is not None:
        when = parse_published(published, path, today)
        basis = "given on the command line (--published)"
    elif meta.get("published") is not None:
        when = parse_published(meta["published"], meta_path, today)
        basis = str(meta.get("published_basis") or f"given in {meta_path.name}")
    else:
        raise SourceError(
            f"{path}: no publication date (give --published YYYY-MM-DD or a 'published' field in {meta_path.name})"
        )
    return Source(
        source_id=slug_of(path),
        title=str(meta.get("title") or title)[:300],
        text=text,
        published=when,
        published_basis=basis,
        outlet=meta.get("outlet") or None,  # type: ignore[arg-type]
        url=meta.get("url") or None,  # type: ignore[arg-type]
        path=str(path),
    )
