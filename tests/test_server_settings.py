"""Safe defaults: loopback only, XSRF protection on, small uploads, no usage statistics, no error
details in the browser. Checked in the settings and on the running app."""

from __future__ import annotations

import tomllib
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def test_the_settings_file_keeps_the_safe_defaults():
    server = CONFIG["server"]
    assert server["address"] == "127.0.0.1"
    assert server["enableXsrfProtection"] is True
    assert server["maxUploadSize"] <= 10
    assert server["headless"] is True and server["enableStaticServing"] is True
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_make_run_binds_to_loopback_unless_told_otherwise():
    makefile = (ROOT / "Makefile").read_text()
    assert "HOST ?= 127.0.0.1" in makefile
    assert "--server.address $(HOST)" in makefile


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on `port`, from the kernel's table."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_the_running_app_listens_on_loopback_only(app_server):
    assert listening_addresses(app_server.port) == {"0100007F"}  # 127.0.0.1


def test_the_running_app_refuses_requests_without_the_xsrf_token(app_server):
    request = urllib.request.Request(
        f"{app_server.url}/_stcore/upload_file/session/file", data=b"--x--", method="PUT"
    )
    try:
        urllib.request.urlopen(request, timeout=5)
    except urllib.error.HTTPError as exc:
        assert exc.code == 403
    else:
        raise AssertionError("an upload without the XSRF token was accepted")
