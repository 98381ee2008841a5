"""Provisioning: local folders first, then the download URL; always the pinned checksum."""

import hashlib
import http.server
import threading
from dataclasses import replace
from functools import partial

import pytest

from geo import provision, settings

PAYLOAD = b'{"type": "Topology", "arcs": [], "objects": {}}'


@pytest.fixture
def upstream(tmp_path, monkeypatch):
    """A small upstream file with its own checksum, provisioned into a temporary cache."""
    monkeypatch.setenv("FRONTLINES_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("FRONTLINES_TEST_URL", raising=False)
    # Settings of its own, so the user's FRONTLINES_BOUNDARIES cannot leak into these tests.
    return provision.UpstreamFile(
        name="units.topojson",
        sha256=hashlib.sha256(PAYLOAD).hexdigest(),
        url=None,
        folder_setting=settings.Setting("FRONTLINES_TEST", "unset", "a test folder", "tests"),
        url_setting=settings.Setting("FRONTLINES_TEST_URL", "unset", "a test URL", "tests"),
        shared_folder=tmp_path / "shared",
    )


@pytest.fixture
def http_folder(tmp_path):
    """A static HTTP server on 127.0.0.1 serving a folder."""
    folder = tmp_path / "www"
    folder.mkdir()
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_env_folder_wins_over_shared_folder(upstream, tmp_path, monkeypatch):
    (tmp_path / "env").mkdir()
    (tmp_path / "env" / upstream.name).write_bytes(PAYLOAD)
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / upstream.name).write_bytes(b"wrong")
    monkeypatch.setenv("FRONTLINES_TEST", str(tmp_path / "env"))
    path = provision.provision(upstream)
    assert path.read_bytes() == PAYLOAD
    assert path.parent == tmp_path / "cache" / "upstream"


def test_shared_folder_is_used_when_no_env_folder(upstream, tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / upstream.name).write_bytes(PAYLOAD)
    assert provision.provision(upstream).read_bytes() == PAYLOAD


def test_local_file_with_wrong_checksum_is_refused(upstream, tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / upstream.name).write_bytes(PAYLOAD + b" ")
    with pytest.raises(provision.ProvisionError, match=r"units\.topojson: refused, sha256 is"):
        provision.provision(upstream)
    assert not (tmp_path / "cache" / "upstream" / upstream.name).exists()


def test_downloads_from_url_and_checks_it(upstream, http_folder):
    folder, base = http_folder
    (folder / "u.topojson").write_bytes(PAYLOAD)
    path = provision.provision(replace(upstream, url=f"{base}/u.topojson"))
    assert path.read_bytes() == PAYLOAD


def test_download_with_wrong_checksum_is_refused_and_nothing_is_kept(upstream, http_folder, tmp_path):
    folder, base = http_folder
    (folder / "u.topojson").write_bytes(b"tampered")
    with pytest.raises(provision.ProvisionError, match="refused"):
        provision.provision(replace(upstream, url=f"{base}/u.topojson"))
    assert not (tmp_path / "cache" / "upstream" / upstream.name).exists()


def test_failed_download_says_which_url(upstream, http_folder):
    _, base = http_folder
    with pytest.raises(provision.ProvisionError, match=r"download from .*/missing failed"):
        provision.provision(replace(upstream, url=f"{base}/missing"))


def test_url_can_come_from_the_environment(upstream, http_folder, monkeypatch):
    folder, base = http_folder
    (folder / "u.topojson").write_bytes(PAYLOAD)
    monkeypatch.setenv("FRONTLINES_TEST_URL", f"{base}/u.topojson")
    assert provision.provision(upstream).read_bytes() == PAYLOAD


def test_cached_copy_is_reused_and_a_damaged_one_replaced(upstream, tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / upstream.name).write_bytes(PAYLOAD)
    path = provision.provision(upstream)
    path.write_bytes(b"damaged")
    assert provision.provision(upstream).read_bytes() == PAYLOAD


def test_optional_file_absent_everywhere_is_none(upstream):
    assert provision.provision_optional(upstream) is None


def test_missing_required_file_names_where_it_looked(upstream):
    with pytest.raises(provision.NotFoundError, match=r"units\.topojson: not found in"):
        provision.provision(upstream)


def test_pinned_boundary_checksum_is_the_one_the_issue_gives():
    assert provision.BOUNDARIES.sha256 == "371ea3ef84fdcd6ca7e6af7200d2178360a53e4efce00d4cd9ae2b7dda815fb1"


def test_static_assets_are_copied_from_the_xstatic_packages(tmp_path):
    dest = provision.install_static_assets(tmp_path / "leaflet")
    assert (dest / "leaflet.js").stat().st_size > 100_000
    assert (dest / "jquery.min.js").stat().st_size > 50_000
    assert (dest / "images" / "marker-icon.png").exists()
