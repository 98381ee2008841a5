"""Settings: every environment variable is declared once in geo/settings.py, read only through
it, and listed in the README's table exactly as declared."""

from __future__ import annotations

import re

from geo import paths, settings
from tests.conftest import ROOT

BEGIN, END = "<!-- settings:begin -->", "<!-- settings:end -->"
CODE = [ROOT / "app.py", ROOT / "Makefile", *(ROOT / d for d in ("geo", "pages", "bench", "tests"))]
# A read of a named variable (a plain `{**os.environ}` copy for a child process is not one).
ENV_READ = re.compile(r"os\.environ\s*(\.get\s*\(|\[)|os\.getenv\s*\(|environ\.get\s*\(")


def code_files():
    for place in CODE:
        yield from ([place] if place.is_file() else sorted(place.rglob("*.py")))


def readme_table() -> str:
    readme = (ROOT / "README.md").read_text()
    assert readme.count(BEGIN) == 1 and readme.count(END) == 1, "README.md: the settings markers are missing"
    return readme.split(BEGIN)[1].split(END)[0].strip()


def test_the_readme_table_is_the_declared_settings():
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme_table(), re.M))
    declared = {s.name for s in settings.SETTINGS}
    assert not declared - documented, f"README.md: settings table lacks {sorted(declared - documented)}"
    assert not documented - declared, (
        f"README.md: settings table names unknown {sorted(documented - declared)}"
    )
    assert readme_table() == settings.markdown_table(), "README.md: paste `python -m geo.settings` output"


def test_the_table_check_would_catch_a_missing_or_extra_row():
    table = settings.markdown_table()
    fewer = settings.markdown_table(settings.SETTINGS[:-1])
    extra = settings.Setting("FRONTLINES_NOT_A_SETTING", "unset", "nothing")
    assert fewer != table and settings.markdown_table((*settings.SETTINGS, extra)) != table
    assert "| `FRONTLINES_NOT_A_SETTING` | unset | app | nothing |" in settings.markdown_table((extra,))


def test_every_setting_is_declared_once_and_says_what_it_is():
    names = [s.name for s in settings.SETTINGS]
    assert len(names) == len(set(names))
    for s in settings.SETTINGS:
        assert s.default and s.meaning and s.used_by in ("app", "benchmark", "tests"), s.name
        assert "|" not in s.default + s.meaning, f"{s.name}: a '|' would break the README table"


def test_only_the_settings_module_reads_the_environment():
    readers = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in code_files()
        if path != ROOT / "geo" / "settings.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if ENV_READ.search(line) and path != ROOT / "tests" / "test_settings.py"
    ]
    assert not readers, f"read the environment through geo/settings.py instead: {readers}"


def test_every_frontlines_name_in_the_code_is_declared():
    declared = {s.name for s in settings.SETTINGS}
    mentioned = {
        name
        for path in code_files()
        for name in re.findall(r"\bFRONTLINES_[A-Z_]*[A-Z]\b", path.read_text())
        # test_provision.py declares its own settings for a made-up upstream file
        if not name.startswith("FRONTLINES_TEST") and name != "FRONTLINES_NOT_A_SETTING"
    }
    assert mentioned <= declared, f"undeclared: {sorted(mentioned - declared)}"


def test_a_setting_reads_its_variable_or_none(monkeypatch):
    monkeypatch.delenv("FRONTLINES_CACHE", raising=False)
    assert settings.CACHE.read() is None
    monkeypatch.setenv("FRONTLINES_CACHE", "/somewhere/else")
    assert settings.CACHE.read() == "/somewhere/else"


def test_paths_follow_the_settings(tmp_path, monkeypatch):
    monkeypatch.delenv("FRONTLINES_CACHE", raising=False)
    monkeypatch.delenv("FRONTLINES_STORE", raising=False)
    assert paths.cache_dir() == ROOT / ".cache"
    assert paths.store_path() == ROOT / ".cache" / "events.sqlite"
    monkeypatch.setenv("FRONTLINES_CACHE", str(tmp_path))
    assert paths.store_path() == tmp_path / "events.sqlite"
    monkeypatch.setenv("FRONTLINES_STORE", str(tmp_path / "other.sqlite"))
    assert paths.store_path() == tmp_path / "other.sqlite"
