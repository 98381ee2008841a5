/* Frontlines map runtime, served from /app/static/frontlines/ (copied there at set-up).
 *
 * frontlinesInit(map) draws the static layers from window.frontlinesBase (a data file loaded
 * just before, see geo/mapview.py): sub-district shapes, governorate borders and bilingual
 * labels, and the SVG patterns used for hatching. window.frontlines.apply(group, state) then
 * applies one date's state (geo.dashboard.frame_state): fills, hatching, tooltips and popups of
 * the units, and town and event markers, put into `group` so that the next date's group
 * replaces them. What a store generation determines of the marks (frame_table: the towns' points
 * and names) is a static file the state names, loaded once.
 *
 * Strings that are HTML (town tooltips in the marks, event markers' tooltips) were escaped on
 * the server; everything else is escaped here with esc() before it is put into HTML.
 *
 * When the timeline's slider moves, the map draws the new date at once from the server's state
 * route (drawAhead), before the page's rerun brings the same state with the evidence panel.
 *
 * The map also fits itself to the page (fitFrame): its frame is as high as the viewport below
 * its top on wide screens (so a click never scrolls the page), shorter than the screen on phones
 * (so a finger outside it scrolls the page), and Syria is fitted to the real frame size.
 */
(function () {
  "use strict";
  // Leaflet focuses the map on mouse-down to take arrow keys; a plain focus() scrolls the
  // page to show the whole frame, so the mouse-up lands elsewhere and the click is lost.
  if (L.Map.Keyboard) {
    L.Map.Keyboard.prototype._onMouseDown = function () {
      if (!this._focused) this._map._container.focus({preventScroll: true});
    };
  }
  const esc = (s) => String(s == null ? "" : s).replace(/[&<>"']/g,
    (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  const statusWords = {s: "settled", p: "possibly changed", c: "changing hands", x: "contested"};

  function addPatterns(defs) {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("width", "0");
    svg.setAttribute("height", "0");
    svg.style.position = "absolute";
    svg.innerHTML = "<defs>" + defs + "</defs>";
    document.body.appendChild(svg);
  }

  function pane(map, name, zIndex, interactive) {
    map.createPane(name).style.zIndex = zIndex;
    if (!interactive) map.getPane(name).style.pointerEvents = "none";
  }

  const FRAME_CSS = "iframe[data-fl-map] { height: var(--fl-map-h) !important; }";

  function fitFrame(F) {
    const fe = window.frameElement;
    if (!fe || !fe.isConnected) return;
    const pdoc = fe.ownerDocument, pwin = pdoc.defaultView;
    let top = fe.getBoundingClientRect().top + (pwin.scrollY || 0);
    for (let el = fe.parentElement; el; el = el.parentElement) top += el.scrollTop || 0;
    const vh = pwin.innerHeight, phone = pwin.innerWidth < 640;
    // Phones: tall enough for Syria at the frame's width, never more than 60% of the screen.
    let h = phone ? Math.min(Math.round(vh * 0.6), Math.round(fe.clientWidth * 0.95) + 40)
                  : Math.round(vh - top - 12);
    h = Math.max(h, phone ? 260 : 380);
    if (Math.abs(h - (F.frameH || 0)) < 2) return;
    F.frameH = h;
    pdoc.documentElement.style.setProperty("--fl-map-h", h + "px");
    document.documentElement.style.setProperty("--fl-h", h + "px");
    F.map.invalidateSize(false);
    if (!F.userMoved) fitSyria(F);
  }

  function fitSyria(F) {
    F.fitting = true;
    F.map.fitBounds(window.frontlinesBase.bounds, {animate: false, padding: [4, 4]});
    F.fitting = false;
  }

  function claimFrame(F, title) {
    const fe = window.frameElement;
    if (!fe) return;
    // A real name for screen readers instead of the component's ("streamlit_folium.st_folium").
    fe.setAttribute("title", title);
    fe.setAttribute("data-fl-map", "");
    const pdoc = fe.ownerDocument;
    if (!pdoc.getElementById("fl-frame-css")) {
      const style = pdoc.createElement("style");
      style.id = "fl-frame-css";
      style.textContent = FRAME_CSS;
      pdoc.head.appendChild(style);
    }
    fe.ownerDocument.defaultView.addEventListener("resize", () => fitFrame(F));
    window.addEventListener("resize", () => { if (!F.userMoved) fitSyria(F); });
  }

  function touchFriendly(F) {
    // On touch screens one finger scrolls the page, even over the map; two fingers move and
    // zoom it (Leaflet's pinch zoom also pans).
    if (!(L.Browser.touch && L.Browser.mobile)) return;
    F.map.dragging.disable();
    const hint = L.control({position: "bottomleft"});
    hint.onAdd = () => {
      const div = L.DomUtil.create("div", "fl-touch-hint");
      div.textContent = "Two fingers move the map";
      return div;
    };
    hint.addTo(F.map);
  }

  // The style sheet, legend and attributions come with the static data, not in the map's
  // document, which streamlit-folium resends on every rerun.
  function addChrome(map, base) {
    const style = document.createElement("style");
    style.textContent = base.css;
    document.head.appendChild(style);
    const legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
      const div = L.DomUtil.create("div", "fl-legend");
      div.innerHTML = "<details><summary>Legend</summary>" + base.legend + "</details>";
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    legend.addTo(map);
    for (const text of base.attribution) map.attributionControl.addAttribution(text);
  }

  window.frontlinesInit = function (map) {
    const base = window.frontlinesBase;
    const F = window.frontlines = {map: map, units: {}, props: {}, styles: base.styles, selected: null};
    addChrome(map, base);
    addPatterns(base.defs);
    claimFrame(F, base.title);
    touchFriendly(F);
    map.on("dragstart", () => { F.userMoved = true; });
    map.on("zoomstart", () => { if (!F.fitting) F.userMoved = true; });
    pane(map, "hatch", 420, false);
    pane(map, "borders", 450, false);
    pane(map, "points", 620, true);
    pane(map, "events", 630, true);
    const unknown = base.styles.unknown;
    L.geoJSON(base.units, {
      style: (f) => ({color: "#6b6b6b", weight: 0.6, fillColor: unknown.colour, fillOpacity: 0.55,
                      className: "adm3 adm3-" + f.properties.id}),
      onEachFeature: (f, layer) => {
        F.units[f.properties.id] = layer;
        F.props[f.properties.id] = f.properties;
        layer.bindTooltip(esc(f.properties.n), {sticky: true, direction: "auto"});
        // Small popups that never pan the map away: the panel beside the map has the rest.
        layer.bindPopup("", {maxWidth: 240, autoPan: false});
        layer.on("click", () => F.select(f.properties.id, false));
      },
    }).addTo(map);
    L.geoJSON(base.adm1, {pane: "borders", interactive: false,
      style: (f) => ({color: "#1d1d1d", weight: 2.2, fill: false, className: "adm1 adm1-" + f.properties.id})}).addTo(map);
    L.geoJSON(base.adm0, {pane: "borders", interactive: false,
      style: () => ({color: "#000", weight: 3, fill: false, className: "adm0"})}).addTo(map);
    // Label points and alignment come from the data (hand-placed where neighbours collide).
    for (const g of base.labels) {
      L.marker([g[0], g[1]], {pane: "borders", interactive: false, keyboard: false,
        icon: L.divIcon({className: "fl-gov-label fl-align-" + (g[4] || "center"), iconSize: null,
          html: "<span>" + esc(g[2]) + "</span><span dir='rtl' lang='ar'>" + esc(g[3]) + "</span>"})}).addTo(map);
    }
    // The marks kept from one date to the next (see apply): one group on the map from the start,
    // so that streamlit-folium hears of clicks on them (it listens on the map's layers after each
    // state; events on a group's members reach the group).
    F.keep = L.featureGroup().addTo(map);
    F.apply = (group, state) => {
      F.latest = state;
      // The rerun's state replaces one drawn ahead of it (followSlider), event symbols and all.
      if (F.aheadGroup) { map.removeLayer(F.aheadGroup); F.aheadGroup = null; }
      F.group = group;
      F.shownDay = state.d;
      if (state.m && F.marksUrl !== state.m) {
        // A new store generation's marks (or the first): load them, then draw the latest state.
        loadMarks(state.m, () => {
          F.marksUrl = state.m;
          if (F.latest !== state) return;
          apply(F, group, state);
          fitFrame(F);
          select(F, F.selected, false);
        });
        return;
      }
      apply(F, group, state);
      fitFrame(F);
    };
    F.select = (id, pan) => select(F, id, pan);
    F.drawAhead = (day) => drawAhead(F, day);
    followSlider(F);
    setTimeout(() => fitFrame(F), 0);
  };

  // The slider's labels are geo.dashboard.stop_label's ("3 Feb 2026"): the date they name.
  const MONTHS = {Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12};
  function labelDay(text) {
    const m = /^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})$/.exec(text || "");
    if (!m || !MONTHS[m[2]]) return null;
    const two = (n) => String(n).padStart(2, "0");
    return m[3] + "-" + two(MONTHS[m[2]]) + "-" + two(m[1]);
  }

  // Drawing ahead of the page: when the timeline's slider (in the page around the map) moves to
  // a date, the map asks the server's state route (serve.py) for that date's state and draws it
  // at once, instead of waiting for the page's rerun, which then brings the same state (drawn
  // again at no cost: apply changes only what differs) with the evidence panel. Without the
  // route (`streamlit run app.py`) or for a date it does not know, the map waits as before.
  const STATE_ROUTE = "/api/frontlines/state";
  function followSlider(F) {
    const fe = window.frameElement;
    if (!fe || !window.fetch || !window.MutationObserver) return;
    const pdoc = fe.ownerDocument;
    const sliderDay = () => {
      const el = pdoc.querySelector(".st-key-fl-controls .stSlider input");
      return el ? labelDay(el.getAttribute("aria-valuetext")) : null;
    };
    new MutationObserver(() => {
      const day = sliderDay();
      if (day && day !== F.sliderDay) {
        F.sliderDay = day;
        drawAhead(F, day);
      }
    }).observe(pdoc.body, {subtree: true, attributes: true, attributeFilter: ["aria-valuetext"]});
    F.sliderDay = sliderDay();
  }

  // One request at a time: while the slider is dragged its label changes at every stop it
  // passes, and the server is asked only for where it is when the previous answer is in.
  function drawAhead(F, day) {
    const latest = F.latest;
    if (F.asking || F.noRoute || !latest || !latest.g || day === F.shownDay || F.marksUrl !== latest.m) return;
    F.asking = true;
    const url = STATE_ROUTE + "?g=" + encodeURIComponent(latest.g) + "&day=" + encodeURIComponent(day);
    fetch(url, {credentials: "same-origin"}).then((r) => {
      if (r.status === 404) return null;
      const json = (r.headers.get("content-type") || "").startsWith("application/json");
      if (!r.ok || !json) { F.noRoute = true; return null; }
      return r.json();
    }).then((state) => {
      // Only if the slider is still there, nothing newer was drawn and the generation holds.
      if (!state || state.d !== day || F.sliderDay !== day || F.shownDay === day) return;
      if (!F.latest || F.latest.g !== state.g || F.marksUrl !== state.m) return;
      // The event symbols of the date shown go with it (the rest is changed in place).
      if (F.group) F.group.clearLayers();
      if (F.aheadGroup) F.map.removeLayer(F.aheadGroup);
      F.aheadGroup = L.featureGroup().addTo(F.map);
      F.shownDay = day;
      F.aheadDrawn = (F.aheadDrawn || 0) + 1;
      apply(F, F.aheadGroup, state);
      select(F, F.selected, false);
    }).catch(() => {}).finally(() => {
      F.asking = false;
      if (F.sliderDay && F.sliderDay !== day) drawAhead(F, F.sliderDay);
    });
  }

  // The marks a store generation determines (geo.dashboard.frame_table), a static file per
  // generation: each town's point, names and tooltip, a point inside each sub-district.
  function loadMarks(url, done) {
    const script = document.createElement("script");
    script.src = url;
    script.onload = done;
    document.head.appendChild(script);
  }

  function select(F, id, pan) {
    if (F.selectedEl) F.selectedEl.classList.remove("fl-selected");
    F.selectedEl = null;
    const changed = id !== F.selected;
    F.selected = id;
    if (!id) return;
    const layer = F.units[id];
    let el = layer ? layer._path : null;
    if (!el) el = document.querySelector("path.fl-town-" + String(id).replace(/[^A-Za-z0-9_-]/g, "_"));
    if (!el) return;
    el.classList.add("fl-selected");
    F.selectedEl = el;
    // Found by name (not clicked): bring it into view if it is not.
    if (pan && changed && layer && !F.map.getBounds().contains(layer.getBounds().getCenter())) {
      F.map.panTo(layer.getBounds().getCenter(), {animate: false});
    }
  }

  function holderLine(F, u) {
    const side = F.styles[u[0]] || F.styles.unknown, other = F.styles[u[2]];
    let line = esc(side.name);
    if (u[1] === "c" && other) line += " &rarr; " + esc(other.name) + " (changing hands)";
    if (u[1] === "x" && other) line += " / " + esc(other.name) + " (contested)";
    return line;
  }

  // A popup is short (name, holder, the newest sentence cut at three lines): it shows at the click,
  // from what the browser already has, while the panel beside the map fills in with every excerpt;
  // a large popup would cover the map.
  function unitPopup(F, p, state, u) {
    let more;
    if (u[4] != null) more = state.p[u[4]];  // the newest sentence, plain text
    else if (u[5] != null && p.bl && p.bl[u[5]]) more = p.bl[u[5]];
    else more = "No evidence for this date.";
    return "<b>" + esc(p.n) + "</b> <span class='fl-pop-sub'>" + esc(p.d) + ", " + esc(p.g) +
      "</span><br>" + holderLine(F, u) + oneLine(more);
  }

  function oneLine(text) {
    let html = "<span class='fl-pop-line' title='" + esc(text) + "'>" + esc(text) + "</span>";
    // On a phone the panel is below the map: one more tap scrolls to it.
    if (isPhone()) html += "<a href='#' class='fl-to-panel'>Read the evidence &darr;</a>";
    return html;
  }

  function isPhone() {
    const fe = window.frameElement;
    return !!fe && fe.ownerDocument.defaultView.innerWidth < 640;
  }

  document.addEventListener("click", (e) => {
    if (!e.target.closest || !e.target.closest(".fl-to-panel")) return;
    e.preventDefault();
    const panel = window.frameElement && window.frameElement.ownerDocument.querySelector(".st-key-fl-panel");
    if (panel) panel.scrollIntoView({block: "start"});
  });

  // A unit's state as geo.dashboard.frame_state codes it -> [side, status, other side, since
  // (ISO day), newest sentence's index, background line's index].
  function unitState(marks, code) {
    const side = (k) => (typeof k === "number" ? (k < 0 ? "" : marks.sides[k]) : k);
    const since = code[3] ? new Date(code[3] * 864e5).toISOString().slice(0, 10) : "";
    return [side(code[0]), code[1], side(code[2]), since, code[4], code[5]];
  }

  // A date's marks are kept from one step to the next and changed only where the date changes
  // them (fills, tooltips, hatching, towns, summed events): creating hundreds of SVG and canvas
  // shapes anew on every step was most of the browser's work. Only the event symbols (at most a
  // few hundred, and none where events are summed) go into `group`, which the next step replaces.
  function apply(F, group, state) {
    const unknown = F.styles.unknown, marks = window.frontlinesMarks;
    const states = {};
    marks.units.forEach((id, k) => { if (state.u[k]) states[id] = unitState(marks, state.u[k]); });
    const sideOf = (k) => F.styles[typeof k === "number" ? marks.sides[k] : k] || unknown;
    const drawn = F.drawn = F.drawn || {units: {}, hatch: {}, towns: {}, clusters: {}};
    for (const id in F.units) {
      const layer = F.units[id], p = F.props[id];
      const u = states[id] || ["unknown", "s", "", ""];
      const side = F.styles[u[0]] || unknown, other = F.styles[u[2]];
      let tip = "<b>" + esc(p.n) + "</b> <small>" + esc(p.d) + ", " + esc(p.g) + "</small><br>" + esc(side.name);
      if (u[1] === "c" && other) tip += " &rarr; " + esc(other.name) + " (changing hands)";
      if (u[1] === "p" && other) tip += " &rarr; " + esc(other.name) + "? (possibly changed)";
      if (u[1] === "x" && other) tip += " / " + esc(other.name) + " (contested)";
      if (u[3]) tip += "<br><small>since " + esc(u[3]) + "</small>";
      const popup = unitPopup(F, p, state, u);
      const was = drawn.units[id] || {};
      if (was.controller !== u[0]) {
        layer.setStyle({fillColor: side.colour, fillOpacity: u[0] === "unknown" ? 0.55 : 0.8});
        if (layer._path) layer._path.setAttribute("data-controller", u[0]);
      }
      if (was.status !== u[1] && layer._path) layer._path.setAttribute("data-status", statusWords[u[1]]);
      if (was.tip !== tip) layer.setTooltipContent(tip);
      if (was.popup !== popup) layer.setPopupContent(popup);
      drawn.units[id] = {controller: u[0], status: u[1], tip: tip, popup: popup};
      let mark = null;
      if (u[1] === "c" && other) mark = "fl-changing-" + u[2];
      else if (u[1] === "p" && other) mark = "fl-possible-" + u[2];
      else if (u[1] === "x" && other) mark = "fl-contested-" + u[2];
      else if (side.pattern !== "solid") mark = "fl-pattern-" + u[0];
      const hatch = drawn.hatch[id];
      if (hatch && hatch.mark !== mark) {
        F.keep.removeLayer(hatch.layer);
        delete drawn.hatch[id];
      }
      if (mark && !drawn.hatch[id]) {
        const layer2 = L.geoJSON(layer.feature, {pane: "hatch", interactive: false,
          style: () => ({stroke: false, fillColor: "url(#" + mark + ")", fillOpacity: 1,
                         className: "fl-mark fl-mark-" + id})}).addTo(F.keep);
        drawn.hatch[id] = {mark: mark, layer: layer2};
      }
    }
    const towns = {};
    for (const t of state.towns) {
      // [position in the marks' towns, holder, excerpts so far, newest sentence's index in p]
      const [id, lat, lng, name, unlisted] = marks.towns[t[0]];
      const side = sideOf(t[1]);
      let tip = name;
      if (state.crowded) tip += "<br><small>" + t[2] + " excerpt" + (t[2] !== 1 ? "s" : "") + ": click for the panel</small>";
      // Where towns are many, they come without popups (a click opens the evidence panel).
      const popup = t[3] != null ? tip + "<br>" + esc(side.name) + oneLine("\u201c" + state.p[t[3]] + "\u201d") : null;
      const place = lat + "," + lng + "," + unlisted;
      let was = drawn.towns[id];
      if (was && was.place !== place) {
        F.keep.removeLayer(was.marker);
        was = null;
      }
      if (!was) {
        // A name the gazetteer lacks is drawn as a ring with no fill: its point is its area's, not
        // its own, and the ring leaves a town at that point visible and clickable inside it.
        const marker = L.circleMarker([lat, lng], {pane: "points", radius: unlisted ? 11 : 7,
          color: unlisted ? "#444" : "#111", weight: unlisted ? 4 : 2, fill: !unlisted, fillColor: side.colour, fillOpacity: 1,
          className: "fl-town fl-town-" + String(id).replace(/[^A-Za-z0-9_-]/g, "_") + (unlisted ? " fl-town-unlisted" : "")})
          .bindTooltip(tip, {direction: "top"});
        if (popup) marker.bindPopup(popup, {maxWidth: 240, autoPan: false});
        marker.on("click", () => F.select(id, false));
        marker.addTo(F.keep);
        towns[id] = {place: place, marker: marker, colour: side.colour, tip: tip, popup: popup};
        continue;
      }
      const marker = was.marker;
      if (was.colour !== side.colour) marker.setStyle({fillColor: side.colour});
      if (was.tip !== tip) marker.setTooltipContent(tip);
      if (was.popup !== popup) {
        if (!popup) marker.unbindPopup();
        else if (!was.popup) marker.bindPopup(popup, {maxWidth: 240, autoPan: false});
        else marker.setPopupContent(popup);
      }
      towns[id] = {place: place, marker: marker, colour: side.colour, tip: tip, popup: popup};
    }
    for (const id in drawn.towns) if (!towns[id]) F.keep.removeLayer(drawn.towns[id].marker);
    drawn.towns = towns;
    for (const e of state.ev) {
      const [lat, lng, type, recent, count, tip, slot] = e;
      const sym = F.styles.__symbols[type] || "?";
      const html = "<span class='fl-ev-sym'>" + sym + "</span>" + (count > 1 ? "<b>" + count + "</b>" : "");
      L.marker([lat, lng], {pane: "events", keyboard: false,
        icon: L.divIcon({className: "fl-ev fl-ev-" + type + (recent ? " fl-ev-recent" : ""), html: html,
                         iconSize: [18, 18], iconAnchor: [-6 - 18 * slot, 22]})})
        .bindTooltip(tip).addTo(group);
    }
    // Many events: one canvas circle per place or per sub-district, sized by its count (DOM
    // markers would be slow). One renderer for every date: each would stay on the map.
    const clusters = {};
    for (const c of state.clusters || []) {
      // Per sub-district: [unit, count, recent, latest place, its dates]; per place:
      // [lat, lng, count, recent, place].
      let point, count, recent, tip, key;
      if (typeof c[0] === "string") {
        const p = F.props[c[0]] || {n: c[0], d: ""};
        [point, count, recent, key] = [marks.unitPoints[c[0]], c[1], c[2], c[0]];
        tip = count + " events in " + esc(p.n) + " (" + esc(p.d) + "); latest at " + esc(c[3]) + ", " + esc(c[4]);
      } else {
        [point, count, recent, key] = [[c[0], c[1]], c[2], c[3], c[0] + "," + c[1]];
        tip = count + " events at " + esc(c[4]);
      }
      const radius = Math.min(4 + Math.sqrt(count), 18), fill = recent ? "#ff7a00" : "#ffffff";
      const was = drawn.clusters[key];
      if (!was) {
        F.canvas = F.canvas || L.canvas({padding: 0.2, pane: "events"});
        const marker = L.circleMarker(point, {renderer: F.canvas, radius: radius,
          color: "#222", weight: 1, fillColor: fill, fillOpacity: 0.85}).bindTooltip(tip).addTo(F.keep);
        clusters[key] = {marker: marker, radius: radius, fill: fill, tip: tip};
        continue;
      }
      if (was.radius !== radius) was.marker.setRadius(radius);
      if (was.fill !== fill) was.marker.setStyle({fillColor: fill});
      if (was.tip !== tip) was.marker.setTooltipContent(tip);
      clusters[key] = {marker: was.marker, radius: radius, fill: fill, tip: tip};
    }
    for (const key in drawn.clusters) if (!clusters[key]) F.keep.removeLayer(drawn.clusters[key].marker);
    drawn.clusters = clusters;
  }
})();
