"""Articles added from the browser: pasted text and uploaded files become drafts, and a draft
whose fields the user has confirmed becomes a `geo.sources.Source`.

Formats: plain text (`.txt`, and pasted text: the title on line 1, as `python -m geo ingest`
reads it), Markdown (`.md`: the title from the first heading, else line 1; the markup stripped to
text with markdown-it-py) and saved web pages (`.html`: the article's text, title, outlet and
address with trafilatura, the publication date with htmldate). Nothing here reaches the network:
both libraries are given a parsed document, never a string (htmldate downloads a string that
looks like a URL).

The bad-input rules are the command line's (`geo.sources`): the size limit, UTF-8 text (a web
page may declare another encoding), words after the title, a publication date that is not in the
future, an http(s) address. Every problem
is a `SourceError` whose one line names the file ("pasted text" for a paste) and the problem.
A source id is a slug of the title, unique against the ids already taken; duplicates (the same
text, by its sha256) are found against the store and within one batch (`duplicates`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.sources import MAX_BYTES, Source, SourceError, decode_text, parse_published, safe_url, slug_of

PASTED = "pasted text"
TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES
MAX_TITLE = 300
MAX_OUTLET = 200
MAX_URL = 2000
# "Save as" in a browser writes the page's address into a comment at the top of the file.
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Draft:
    """An article as read, before the user confirms its fields. `text` is what is stored when the
    title is kept: a plain-text file's own text (so its hash matches the same file ingested from
    the command line), or the title line and the extracted body for Markdown and web pages."""

    name: str  # the file's name, or PASTED: what every message names
    kind: str  # "text", "markdown" or "html"
    title: str
    body: str  # the article after its title, as plain text
    text: str
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    published_basis: str = ""  # how `published` was found, when it was


def _one_line(value: str | None) -> str:
    return _SPACES.sub(" ", value or "").strip()


def _split_title(text: str) -> tuple[str, str]:
    """Line 1 and the rest, as `geo.sources.read_source` cuts them."""
    title, _, body = text.partition("\n")
    return title.strip(), body


def read_pasted(text: str) -> Draft:
    """Pasted text: like a `.txt` file, the title on line 1 and the article after it. The text
    is checked as a file's bytes are (size, NUL bytes, control characters, words)."""
    if not text.strip():
        raise SourceError(f"{PASTED}: nothing was pasted")
    text = decode_text(text.encode("utf-8"), Path(PASTED))
    return _plain(PASTED, text)


def _plain(name: str, text: str) -> Draft:
    text = text.lstrip("\r\n")
    title, body = _split_title(text)
    return Draft(name, "text", title, body, text)


def read_upload(name: str, raw: bytes) -> Draft:
    """An uploaded file, read by its suffix; anything else is refused with one line."""
    suffix = Path(name).suffix.lower()
    where = Path(name)
    if suffix not in SUFFIXES:
        raise SourceError(
            f"{name}: cannot read {suffix or 'a file without a suffix'} files (give .txt, .md or .html)"
        )
    if suffix in HTML_SUFFIXES:
        return read_html(name, raw)
    text = decode_text(raw, where)
    return read_markdown(name, text) if suffix in MARKDOWN_SUFFIXES else _plain(name, text)


# --- Markdown ------------------------------------------------------------------------------------


def _inline_text(token) -> str:
    """The words of an inline token: link and emphasis markup dropped, images by their alt text,
    raw HTML tags dropped (the words between them stay), line breaks kept."""
    out = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append(_inline_text(child) or child.content)
    return "".join(out)


def _html_block_text(html: str) -> str:
    import lxml.html

    try:
        fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises several kinds for broken markup; such a block has no text
        return ""
    for element in fragment.xpath(".//script|.//style"):
        element.drop_tree()
    return _one_line(fragment.text_content())


def markdown_blocks(text: str) -> list[tuple[str, str]]:
    """Markdown -> its blocks in order as (kind, plain text): "heading" or "text". A block keeps
    its line breaks; the body joins each block into one line, as the extractor never joins lines."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    blocks: list[tuple[str, str]] = []
    heading = False
    for token in tokens:
        if token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        elif token.type == "inline":
            words = _inline_text(token).strip()
            if words:
                blocks.append(("heading" if heading else "text", words))
        elif token.type in ("fence", "code_block") and token.content.strip():
            blocks.append(("text", token.content.strip()))
        elif token.type == "html_block" and (words := _html_block_text(token.content)):
            blocks.append(("text", words))
    return blocks


def read_markdown(name: str, text: str) -> Draft:
    """The title is the first heading's text (the others stay in the body as lines), else the
    first line of the text; the body is the remaining blocks, one paragraph a line."""
    blocks = markdown_blocks(text)
    if not blocks:
        raise SourceError(f"{name}: no words in the file once the Markdown markup is removed")
    first = next((i for i, (kind, _) in enumerate(blocks) if kind == "heading"), None)
    if first is not None:
        title = _one_line(blocks[first][1])
        rest = [words for i, (_, words) in enumerate(blocks) if i != first]
    else:
        title, rest_of_first = _split_title(blocks[0][1])
        rest = [rest_of_first, *(words for _, words in blocks[1:])]
    body = "\n".join(line for line in map(_one_line, rest) if line)
    return Draft(name, "markdown", title, body, f"{title}\n{body}")


# --- saved web pages ------------------------------------------------------------------------------


def _parse_html(name: str, raw: bytes):
    import lxml.html
    from lxml.etree import ParserError

    try:
        return lxml.html.document_fromstring(raw)
    except (ParserError, ValueError):
        raise SourceError(f"{name}: not a web page (no HTML document in the file)") from None


def _check_page_bytes(name: str, raw: bytes) -> None:
    """A web page gets an article's checks (size, binary, words), but its encoding is the page's
    own: a page saved in a legacy encoding (windows-1256 for many Arabic sites) declares it in a
    <meta charset>, which the HTML parser follows."""
    try:
        decode_text(raw, Path(name))
    except SourceError as exc:
        if "not UTF-8 text" not in str(exc) or not re.search(rb"<meta[^>]+charset", raw[:4096], re.I):
            raise


def read_html(name: str, raw: bytes) -> Draft:
    """A saved web page: the article's text, title, outlet (the site's name) and address by
    trafilatura, the publication date by htmldate from the page's markup (its meta tags and
    structured data; dates in the running text are not taken for the publication date)."""
    import htmldate
    import trafilatura

    _check_page_bytes(name, raw)
    doc = trafilatura.bare_extraction(
        _parse_html(name, raw), with_metadata=True, include_comments=False, include_tables=False
    )
    text = (doc.text or "") if doc is not None else ""
    if not any(ch.isalpha() for ch in text):
        raise SourceError(f"{name}: no article text found in the web page")
    title = _one_line(doc.title)
    lines = text.split("\n")
    if title and _one_line(lines[0]) == title:
        lines = lines[1:]  # trafilatura repeats the page's headline as its first line
    if not title:
        title, lines = _one_line(lines[0]), lines[1:]
    body = "\n".join(line for line in lines if line.strip())
    found = htmldate.find_date(_parse_html(name, raw), extensive_search=False, original_date=True)
    published = date.fromisoformat(found) if found else None
    saved_from = _SAVED_FROM.search(raw[:4096].decode("utf-8", "replace"))
    url = safe_url(doc.url) or (safe_url(saved_from.group(1)) if saved_from else None)
    return Draft(
        name,
        "html",
        title[:MAX_TITLE],
        body,
        f"{title[:MAX_TITLE]}\n{body}",
        outlet=_one_line(doc.sitename)[:MAX_OUTLET] or None,
        url=url,
        published=published,
        published_basis=f"found in the page's markup by htmldate ({name})" if published else "",
    )


# --- from a confirmed draft to a source -----------------------------------------------------------


def unique_slug(title: str, taken: Iterable[str]) -> str:
    """A source id from the title, as the command line makes one from a file name, with -2, -3,
    ... added when it is taken."""
    base = slug_of(Path(title.replace("/", " ").replace(".", " ") or "source"))
    used = set(taken)
    slug, n = base, 1
    while slug in used:
        n += 1
        slug = f"{base[: 80 - len(str(n)) - 1]}-{n}"
    return slug


def make_source(
    draft: Draft,
    *,
    title: str,
    outlet: str | None,
    url: str | None,
    published: date | None,
    taken: Iterable[str] = (),
    today: date | None = None,
) -> Source:
    """The source a draft becomes with the fields the user confirmed; refuses what the command
    line refuses. `taken` are the source ids already in use (the store's, the batch's)."""
    name = draft.name
    title = _one_line(title)
    if not title:
        raise SourceError(f"{name}: no title (line 1 of the text, or the Title field)")
    if len(title) > MAX_TITLE:
        raise SourceError(f"{name}: title is longer than {MAX_TITLE} characters")
    if not any(ch.isalpha() for ch in draft.body):
        raise SourceError(
            f"{name}: no sentences after the title line (line 1 is the title, the article follows it)"
        )
    if published is None:
        raise SourceError(f"{name}: no publication date (enter it in the Publication date field)")
    published = parse_published(published.isoformat(), name, today)
    outlet = _one_line(outlet)
    if len(outlet) > MAX_OUTLET:
        raise SourceError(f"{name}: outlet is longer than {MAX_OUTLET} characters")
    url = (url or "").strip()
    if url and (len(url) > MAX_URL or safe_url(url) is None):
        raise SourceError(f"{name}: the URL must be a web address starting with http:// or https://")
    if published == draft.published and draft.published_basis:
        basis = draft.published_basis
    else:
        basis = f"given when the article was added in the browser ({name})"
    text = draft.text if title == draft.title else f"{title}\n{draft.body}"
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise SourceError(f"{name}: article is too large (the limit is {MAX_BYTES / 1e6:.0f} MB)")
    return Source(
        source_id=unique_slug(title, taken),
        title=title,
        text=text,
        published=published,
        published_basis=basis,
        outlet=outlet or None,
        url=url or None,
        path=None,
    )


def duplicate_of(
    source: Source, stored: Callable[[str], Source | None], earlier: Iterable[Source] = ()
) -> str:
    """Why `source` is not new, in words: its text is already stored (`stored(sha256)`, e.g.
    `Store.source_by_sha256`, finds it) or is an earlier article's of the same batch; else ""."""
    sha = source.sha256
    if (found := stored(sha)) is not None:
        return f"the same text is already stored as “{found.title}” ({found.source_id})"
    twin = next((s for s in earlier if s.sha256 == sha), None)
    return f"the same text as “{twin.title}” earlier in this batch" if twin else ""
