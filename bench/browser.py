"""Browser figures: the real app (`streamlit run serve.py`, as `make run` starts it) driven by headless Chromium.

Every timing is taken in the page where it can be: a capture listener notes `performance.now()`
when the key or mouse button goes down, and a `requestAnimationFrame` poll in the page returns
when the map iframe's unit paths carry the expected `fill` colours (or the clicked town's excerpt
shows, in the map's popup or the evidence panel). Bytes are the sizes of the WebSocket frames the browser receives from
`/_stcore/stream` between the key press and the moment the app is idle and no frame has arrived
for `QUIET_S` (so a second rerun that a step causes is counted with it, and nothing else is); a
step's bytes also count the map's state route (serve.py), which the map asks for the new date.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# The browser is launched, and the map found, exactly as the tests do.
from serve import STATE_ROUTE
from tests.conftest import CHROMIUM_ARGS, MAP_FRAME, ROOT, AppServer, chromium_path

VIEWPORT = {"width": 1280, "height": 1000}
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
QUIET_S = 0.6
TIMEOUT_MS = 120_000

# True (with the time) once the non-stale map iframe shows every expected unit fill.
JS_FILLS = """
([frameSel, fills, since]) => {
  const el = document.querySelector(frameSel);
  if (!el || el.getBoundingClientRect().height < 50) return false;
  const doc = el.contentDocument;
  if (!doc) return false;
  const want = Object.keys(fills).length;
  let seen = 0;
  for (const p of doc.querySelectorAll("path.adm3")) {
    const m = /(?:^|\\s)adm3-(\\S+)/.exec(p.getAttribute("class") || "");
    if (!m || !(m[1] in fills)) continue;
    if ((p.getAttribute("fill") || "").toLowerCase() !== fills[m[1]]) return false;
    seen += 1;
  }
  if (seen < want) return false;
  return {at: performance.now(), since: since ? window.__benchT0 : null};
}
"""
# True once the clicked place's excerpt can be read: in the map's popup (the runtime opens it at
# the click, from the state already sent: it names the place and shows the start of its newest
# sentence, at most three lines of it) or in the evidence panel (non-stale), whichever comes
# first. `where` says which. A popup counts only when it is laid out and fully opaque.
JS_EXCERPT = """
([frameSel, heading, sentence]) => {
  const el = document.querySelector(frameSel);
  const doc = el && el.contentDocument;
  if (doc) {
    for (const pop of doc.querySelectorAll(".leaflet-popup")) {
      const head = pop.querySelector(".leaflet-popup-content b");
      const line = pop.querySelector(".fl-pop-line, .fl-quote");  // ours; the naive map's
      if (!head || !line || !head.textContent.trim().startsWith(heading)) continue;
      if (!line.textContent.includes(sentence)) continue;
      const box = line.getBoundingClientRect();
      if (box.height < 1 || doc.defaultView.getComputedStyle(pop).opacity !== "1") continue;
      return {at: performance.now(), since: window.__benchT0, where: "popup"};
    }
  }
  const live = '[data-testid="stElementContainer"][data-stale="false"] ';
  const heads = [...document.querySelectorAll(live + "h4")].map((h) => h.textContent.trim());
  if (!heads.some((h) => h.startsWith(heading))) return false;
  const quotes = [...document.querySelectorAll(live + ".fl-excerpt")].map((q) => q.textContent);
  if (!quotes.some((q) => q.includes(sentence))) return false;
  return {at: performance.now(), since: window.__benchT0, where: "panel"};
}
"""
# True once the evidence panel (non-stale) shows the heading and the excerpt expected.
JS_PANEL = """
([heading, sentence]) => {
  const live = '[data-testid="stElementContainer"][data-stale="false"] ';
  const heads = [...document.querySelectorAll(live + "h4")].map((h) => h.textContent.trim());
  if (!heads.some((h) => h.startsWith(heading))) return false;
  const quotes = [...document.querySelectorAll(live + ".fl-excerpt")].map((q) => q.textContent);
  if (!quotes.some((q) => q.includes(sentence))) return false;
  return {at: performance.now(), since: window.__benchT0};
}
"""
# True once `text` is rendered (innerText leaves out what is not laid out), polled as the fills are.
JS_TEXT_SHOWN = "(text) => Boolean(document.body && document.body.innerText.includes(text))"
JS_KEY_CLOCK = """
() => { if (!window.__benchKeys) { window.__benchKeys = true;
  document.addEventListener("keydown", () => { window.__benchT0 = performance.now(); }, true); } }
"""
# The page position of a point on the map, and a mouse-down clock in the map's own window that
# writes the top page's time (the listener is a closure of the top page).
JS_POINT = """
([frameSel, lat, lng, close]) => {
  const el = document.querySelector(frameSel);
  const w = el.contentWindow;
  let map = null;
  for (const k of Object.keys(w)) {
    try { if (w[k] instanceof w.L.Map) { map = w[k]; break; } } catch (e) {}
  }
  if (!map) return null;
  if (close) { map.closePopup(); return {}; }
  w.addEventListener("mousedown", () => { window.__benchT0 = performance.now(); }, true);
  const pt = map.latLngToContainerPoint([lat, lng]);
  const box = map.getContainer().getBoundingClientRect(), frame = el.getBoundingClientRect();
  return {x: frame.left + el.clientLeft + box.left + pt.x, y: frame.top + el.clientTop + box.top + pt.y};
}
"""


class App(AppServer):
    """The tests' app server with a map variant: `mode` is FRONTLINES_MAP_MODE, `store` an
    event store other than the user's (FRONTLINES_STORE). `launch()` and `wait_healthy()` are
    separate so start-up can be timed."""

    def __init__(self, mode: str, store: Path | str | None, log_dir: Path) -> None:
        env = {"FRONTLINES_MAP_MODE": mode, **({"FRONTLINES_STORE": str(store)} if store is not None else {})}
        super().__init__(env=env, log_dir=log_dir, name=f"app-{mode}")
        self.mode = mode

    def wait_healthy(self, timeout: float = 60.0, poll: float = 0.02) -> float:
        return super().wait_healthy(timeout, poll)


FLOOR_TEXT = "Streamlit floor: nothing but this line"


class FloorApp(AppServer):
    """A one-line Streamlit app (`st.write`), started as ours is and with our Streamlit settings
    (.streamlit/config.toml), in a directory of its own: the start that no Streamlit app, ours
    included, can beat on this machine. It is measured in the same rounds as ours, so that the
    start's target can be read against it."""

    def __init__(self, log_dir: Path) -> None:
        root = Path(tempfile.mkdtemp(prefix="frontlines-bench-floor-"))
        (root / ".streamlit").mkdir()
        shutil.copyfile(ROOT / ".streamlit" / "config.toml", root / ".streamlit" / "config.toml")
        (root / "floor.py").write_text(
            f"import streamlit as st\n\nst.write({FLOOR_TEXT!r})\n", encoding="utf-8"
        )
        super().__init__(root=root, log_dir=log_dir, name="app-floor", script="floor.py")
        self.mode = "floor"

    def stop(self) -> None:
        super().stop()
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class Wire:
    """The frames a page receives on Streamlit's WebSocket: (perf_counter time, bytes, payload)."""

    keep_payloads: bool = False
    frames: list[tuple[float, int, bytes | None]] = field(default_factory=list)

    def attach(self, page) -> Wire:
        page.on("websocket", self._on_socket)
        return self

    def _on_socket(self, ws) -> None:
        if ws.url.endswith("/_stcore/stream"):
            ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload: str | bytes) -> None:
        data = payload.encode("utf-8") if isinstance(payload, str) else payload
        self.frames.append((time.perf_counter(), len(data), data if self.keep_payloads else None))

    def bytes_since(self, index: int) -> int:
        return sum(size for _, size, _ in self.frames[index:])


def settle(page, wire: Wire, since: int, quiet: float = QUIET_S, timeout: float = 60.0) -> None:
    """Wait until the app is idle and no frame has arrived for `quiet` seconds (at least one
    frame must have arrived after index `since`)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        page.wait_for_timeout(50)
        if len(wire.frames) <= since:
            continue
        if time.perf_counter() - wire.frames[-1][0] >= quiet and page.query_selector(APP_IDLE):
            return
    raise RuntimeError(f"the app did not settle within {timeout}s")


def wait_fills(page, fills: Mapping[str, str], since_key: bool) -> dict:
    handle = page.wait_for_function(
        JS_FILLS, arg=[MAP_FRAME, dict(fills), since_key], polling="raf", timeout=TIMEOUT_MS
    )
    return handle.json_value()


def component_sizes(wire: Wire, since: int = 0) -> list[int]:
    """Sizes of the map component's arguments (its HTML/JS document) in the frames received."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    sizes = []
    for _, _, payload in wire.frames[since:]:
        if payload is None:
            continue
        msg = ForwardMsg.FromString(payload)
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            continue
        element = msg.delta.new_element
        if element.WhichOneof("type") == "component_instance" and "st_folium" in (
            element.component_instance.component_name
        ):
            sizes.append(len(element.component_instance.json_args.encode("utf-8")))
    return sizes


@dataclass
class Session:
    """One browser page on one app: a Streamlit session whose frames are counted."""

    app: App
    context: object
    page: object
    wire: Wire

    requests: list = field(default_factory=list)

    @classmethod
    def open(cls, browser, app: App, keep_payloads: bool = False) -> Session:
        """A fresh browser context (empty cache) on the app; every finished request is kept."""
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        wire = Wire(keep_payloads).attach(page)
        session = cls(app, context, page, wire)
        page.on("requestfinished", lambda request: session.requests.append(request))
        page.goto(app.url, wait_until="commit", timeout=TIMEOUT_MS)
        return session

    def close(self) -> None:
        self.context.close()

    def wait_map(self, fills: Mapping[str, str]) -> None:
        wait_fills(self.page, fills, since_key=False)
        settle(self.page, self.wire, 0)
        self.page.evaluate(JS_KEY_CLOCK)

    def slider_text(self) -> str:
        return self.page.get_by_role("slider").first.get_attribute("aria-valuetext") or ""

    def focus_slider(self) -> None:
        self.page.get_by_role("slider").first.focus()

    def step(self, key: str, fills: Mapping[str, str] | None, label: str) -> tuple[float | None, int]:
        """Press `key` on the slider: (ms until the new fills show, or None when the colours do
        not change; bytes received for the step). `label` is the stop the slider must reach."""
        n0, r0 = len(self.wire.frames), len(self.requests)
        self.page.keyboard.press(key)
        latency = None
        if fills is not None:
            seen = wait_fills(self.page, fills, since_key=True)
            latency = seen["at"] - seen["since"]
        settle(self.page, self.wire, n0)
        if self.slider_text() != label:
            raise RuntimeError(f"slider shows {self.slider_text()!r}, expected {label!r}")
        return latency, self.wire.bytes_since(n0) + self.route_bytes_since(r0)

    def route_bytes_since(self, index: int) -> int:
        """Bytes of the map's state route (serve.py; gzipped) in the requests finished since `index`."""
        sizes = [r.sizes() for r in self.requests[index:] if STATE_ROUTE in r.url]
        return sum(size["responseBodySize"] + size["responseHeadersSize"] for size in sizes)

    def click_point(self, lat: float, lng: float, heading: str, sentence: str) -> dict:
        """Click the map at a town: ms until its excerpt can be read (popup or panel, `where`),
        ms until the panel shows it too, and the bytes received."""
        # An open popup may cover the town; Leaflet removes a closed one after a 200 ms fade.
        self.page.evaluate(JS_POINT, [MAP_FRAME, lat, lng, True])
        self.page.wait_for_timeout(300)
        point = self.page.evaluate(JS_POINT, [MAP_FRAME, lat, lng, False])
        if point is None:
            raise RuntimeError("no Leaflet map found in the map iframe")
        n0 = len(self.wire.frames)
        self.page.mouse.click(point["x"], point["y"])
        seen = self.page.wait_for_function(
            JS_EXCERPT, arg=[MAP_FRAME, heading, sentence], polling="raf", timeout=TIMEOUT_MS
        ).json_value()
        panel = self.page.wait_for_function(
            JS_PANEL, arg=[heading, sentence], polling="raf", timeout=TIMEOUT_MS
        ).json_value()
        settle(self.page, self.wire, n0)
        return {
            "excerpt_ms": seen["at"] - seen["since"],
            "where": seen["where"],
            "panel_ms": panel["at"] - panel["since"],
            "bytes": self.wire.bytes_since(n0),
        }


def launch(playwright):
    args = {"args": CHROMIUM_ARGS, "headless": True}
    if path := chromium_path():
        args["executable_path"] = path
    return playwright.chromium.launch(**args)


def measure_start(browser, app: App, fills: Mapping[str, str]) -> tuple[dict[str, float], Session]:
    """Start the app and open it in a fresh browser context (empty cache): seconds from the
    process start to health, and to the map showing the latest date's colours. The start is timed
    in a page without the bench's listeners: passing every WebSocket frame's payload and every
    request to this process cost 0.15-0.2 s of a 100,000-event start on 2 cores. The bytes are
    then counted on a second visit, in a fresh context (the same page, the same bytes), whose
    session is returned for the steps."""
    app.launch()
    healthy = app.wait_healthy()
    bare = browser.new_context(viewport=VIEWPORT)
    page = bare.new_page()
    page.goto(app.url, wait_until="commit", timeout=TIMEOUT_MS)
    wait_fills(page, fills, since_key=False)
    visible = time.perf_counter() - app.started
    bare.close()
    session = Session.open(browser, app, keep_payloads=True)
    wait_fills(session.page, fills, since_key=False)
    settle(session.page, session.wire, 0)
    session.page.evaluate(JS_KEY_CLOCK)
    static = 0
    for request in session.requests:
        if "/app/static/" in request.url:
            static += request.sizes()["responseBodySize"]
    sizes = component_sizes(session.wire)
    session.wire.keep_payloads = False
    return {
        "healthy_s": healthy,
        "visible_s": visible,
        "document_bytes": float(sizes[0]) if sizes else float("nan"),
        "documents_sent": float(len(sizes)),
        "load_bytes": float(session.wire.bytes_since(0)),
        "static_bytes": float(static),
    }, session


def measure_floor(browser, app: FloorApp) -> dict[str, float]:
    """`measure_start` for the one-line app: seconds from the process start to health, and to
    its line shown, in a page as bare as the one ours is timed in."""
    app.launch()
    healthy = app.wait_healthy()
    bare = browser.new_context(viewport=VIEWPORT)
    page = bare.new_page()
    page.goto(app.url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function(JS_TEXT_SHOWN, arg=FLOOR_TEXT, polling="raf", timeout=TIMEOUT_MS)
    visible = time.perf_counter() - app.started
    bare.close()
    return {"healthy_s": healthy, "visible_s": visible}


def temp_logs() -> Path:
    return Path(tempfile.mkdtemp(prefix="frontlines-bench-logs-"))


def dump(obj: object) -> str:
    return json.dumps(obj, indent=1, default=str)
