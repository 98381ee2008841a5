"""Provisioning: obtain upstream data files (checksummed) and the map's static assets.

Nothing obtained here is committed. The boundary file is looked for, in order, in the folder
`$FRONTLINES_BOUNDARIES`, in `../shared/data/boundaries/source/`, and at its pinned download URL;
whatever the origin, its sha256 must match or it is refused. The larger places gazetteer is
optional and is only copied when a checked copy is present locally.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from geo import paths, settings
from geo.errors import FrontlinesError


class ProvisionError(FrontlinesError, RuntimeError):
    """A data file could not be obtained or failed its checksum."""


class NotFoundError(ProvisionError):
    """A data file is in none of the places it is looked for, and has no download URL."""


@dataclass(frozen=True)
class UpstreamFile:
    name: str
    sha256: str
    url: str | None
    folder_setting: settings.Setting  # a folder searched before `shared_folder`
    url_setting: settings.Setting  # a download URL that wins over `url`
    shared_folder: Path


BOUNDARIES = UpstreamFile(
    name="geoBoundaries-SYR-ADM3_simplified.topojson",
    sha256="371ea3ef84fdcd6ca7e6af7200d2178360a53e4efce00d4cd9ae2b7dda815fb1",
    url=(
        "https://raw.githubusercontent.com/wmgeolab/geoBoundaries/"
        "2b792f749f964045f81b6388b2ef8ee929499b9c/releaseData/gbHumanitarian/SYR/ADM3/"
        "geoBoundaries-SYR-ADM3_simplified.topojson"
    ),
    folder_setting=settings.BOUNDARIES,
    url_setting=settings.BOUNDARIES_URL,
    shared_folder=paths.SHARED / "data" / "boundaries" / "source",
)

PLACES = UpstreamFile(
    name="syr_places.csv",
    sha256="da9e3ff680abea1c384b9934a1c7064ddcd8008ec2e1b9f9464f991ba1aa62d2",
    url=None,
    folder_setting=settings.PLACES,
    url_setting=settings.PLACES_URL,
    shared_folder=paths.SHARED / "data" / "places",
)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def upstream_dir() -> Path:
    return paths.cache_dir() / "upstream"


def _install(data_from: Path, upstream: UpstreamFile, dest: Path) -> Path:
    """Check `data_from` against the pinned checksum, then move it into place atomically."""
    got = sha256_of(data_from)
    if got != upstream.sha256:
        raise ProvisionError(
            f"{upstream.name}: refused, sha256 is {got} but {upstream.sha256} is pinned (from {data_from})"
        )
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=dest.parent, delete=False, suffix=".part") as tmp:
        tmp_path = Path(tmp.name)
    try:
        shutil.copyfile(data_from, tmp_path)
        tmp_path.chmod(0o644)
        os.replace(tmp_path, dest)
    finally:
        tmp_path.unlink(missing_ok=True)
    return dest


def _download(url: str, name: str, timeout: float) -> Path:
    with tempfile.NamedTemporaryFile(delete=False, suffix=".download") as tmp:
        tmp_path = Path(tmp.name)
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                shutil.copyfileobj(response, tmp)
        except (urllib.error.URLError, OSError) as exc:
            tmp_path.unlink(missing_ok=True)
            raise ProvisionError(f"{name}: download from {url} failed: {exc}") from exc
    return tmp_path


def candidate_folders(upstream: UpstreamFile) -> list[Path]:
    folders = []
    if folder := upstream.folder_setting.read():
        folders.append(Path(folder))
    folders.append(upstream.shared_folder)
    return folders


def provision(upstream: UpstreamFile, url: str | None = None, timeout: float = 30.0) -> Path:
    """Return the checked local copy of `upstream`, obtaining it if needed.

    A local candidate that exists but fails its checksum is refused outright rather than
    skipped: a wrong file where the right one is expected is a problem the user must see.
    """
    dest = upstream_dir() / upstream.name
    if dest.exists() and sha256_of(dest) == upstream.sha256:
        return dest
    for folder in candidate_folders(upstream):
        candidate = folder / upstream.name
        if candidate.is_file():
            return _install(candidate, upstream, dest)
    url = url or upstream.url_setting.read() or upstream.url
    if not url:
        raise NotFoundError(
            f"{upstream.name}: not found in {', '.join(map(str, candidate_folders(upstream)))}"
            " and no download URL is known"
        )
    downloaded = _download(url, upstream.name, timeout)
    try:
        return _install(downloaded, upstream, dest)
    finally:
        downloaded.unlink(missing_ok=True)


def provision_optional(upstream: UpstreamFile) -> Path | None:
    """Like `provision`, but a file that is simply absent everywhere is not an error."""
    try:
        return provision(upstream)
    except NotFoundError:
        return None


def install_static_assets(dest: Path | None = None) -> Path:
    """Copy Leaflet and jQuery from their PyPI xstatic packages into `static/leaflet/`.

    Streamlit serves `static/` at /app/static, so maps load these instead of a CDN.
    """
    import xstatic.pkg.jquery as xjquery
    import xstatic.pkg.leaflet as xleaflet

    dest = dest or paths.static_dir() / "leaflet"
    dest.mkdir(parents=True, exist_ok=True)
    leaflet = Path(xleaflet.BASE_DIR)
    for name in ("leaflet.js", "leaflet.css"):
        shutil.copyfile(leaflet / name, dest / name)
    shutil.copytree(leaflet / "images", dest / "images", dirs_exist_ok=True)
    shutil.copyfile(Path(xjquery.BASE_DIR) / "jquery.min.js", dest / "jquery.min.js")
    return dest
