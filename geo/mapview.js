/* Frontlines map runtime, served from /app/static/frontlines/ (copied there at set-up).
 *
 * frontlinesInit(map) draws the static layers from window.frontlinesBase (a data file loaded
 * just before, see geo/mapview.py): sub-district shapes, governorate borders and bilingual
 * labels, and the SVG patterns used for hatching. window.frontlines.apply(group, state) then
 * applies one date's state: fills, hatching, tooltips and popups of the units, and town and event
 * markers, put into `group` so that the next date's group replaces them.
 *
 * Strings in `state` that are HTML (popups, tooltips of markers) were escaped on the server;
 * everything else is escaped here with esc() before it is put into HTML.
 */
(function () {
  "use strict";
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

  window.frontlinesInit = function (map) {
    const base = window.frontlinesBase;
    const F = window.frontlines = {map: map, units: {}, props: {}, styles: base.styles};
    addPatterns(base.defs);
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
        layer.bindTooltip(esc(f.properties.n), {sticky: true});
        layer.bindPopup("", {maxWidth: 320});
      },
    }).addTo(map);
    L.geoJSON(base.adm1, {pane: "borders", interactive: false,
      style: (f) => ({color: "#1d1d1d", weight: 2.2, fill: false, className: "adm1 adm1-" + f.properties.id})}).addTo(map);
    L.geoJSON(base.adm0, {pane: "borders", interactive: false,
      style: () => ({color: "#000", weight: 3, fill: false, className: "adm0"})}).addTo(map);
    for (const g of base.labels) {
      L.marker([g[0], g[1]], {pane: "borders", interactive: false, keyboard: false,
        icon: L.divIcon({className: "fl-gov-label", iconSize: null,
          html: "<span>" + esc(g[2]) + "</span><span dir='rtl'>" + esc(g[3]) + "</span>"})}).addTo(map);
    }
    F.apply = (group, state) => apply(F, group, state);
  };

  function unitPopup(F, p, state, u) {
    if (u[4] != null) return state.p[u[4]];
    if (state.baseline && p.bp) return p.bp;
    return "<b>" + esc(p.n) + "</b><div class='fl-sub'>" + esc(p.d) + ", " + esc(p.g) +
      "</div><div class='fl-quote'>" + esc(window.frontlinesBase.noEvidence) + "</div>";
  }

  function apply(F, group, state) {
    const unknown = F.styles.unknown;
    for (const id in F.units) {
      const layer = F.units[id], p = F.props[id];
      const u = state.u[id] || ["unknown", "s", "", ""];
      const side = F.styles[u[0]] || unknown, other = F.styles[u[2]];
      layer.setStyle({fillColor: side.colour, fillOpacity: u[0] === "unknown" ? 0.55 : 0.8});
      if (layer._path) {
        layer._path.setAttribute("data-controller", u[0]);
        layer._path.setAttribute("data-status", statusWords[u[1]]);
      }
      let tip = "<b>" + esc(p.n) + "</b> <small>" + esc(p.d) + ", " + esc(p.g) + "</small><br>" + esc(side.name);
      if (u[1] === "c" && other) tip += " &rarr; " + esc(other.name) + " (changing hands)";
      if (u[1] === "p" && other) tip += " &rarr; " + esc(other.name) + "? (possibly changed)";
      if (u[1] === "x" && other) tip += " / " + esc(other.name) + " (contested)";
      if (u[3]) tip += "<br><small>since " + esc(u[3]) + "</small>";
      layer.setTooltipContent(tip);
      layer.setPopupContent(unitPopup(F, p, state, u));
      let mark = null;
      if (u[1] === "c" && other) mark = "fl-changing-" + u[2];
      else if (u[1] === "p" && other) mark = "fl-possible-" + u[2];
      else if (u[1] === "x" && other) mark = "fl-contested-" + u[2];
      else if (side.pattern !== "solid") mark = "fl-pattern-" + u[0];
      if (mark) {
        L.geoJSON(layer.feature, {pane: "hatch", interactive: false,
          style: () => ({stroke: false, fillColor: "url(#" + mark + ")", fillOpacity: 1,
                         className: "fl-mark fl-mark-" + id})}).addTo(group);
      }
    }
    for (const t of state.towns) {
      const colour = (F.styles[t[3]] || unknown).colour;
      // A name the gazetteer lacks is drawn as a ring with no fill: its point is its area's, not
      // its own, and the ring leaves a town at that point visible and clickable inside it.
      const town = L.circleMarker([t[0], t[1]], {pane: "points", radius: t[6] ? 11 : 7,
        color: t[6] ? "#444" : "#111", weight: t[6] ? 4 : 2, fill: !t[6], fillColor: colour, fillOpacity: 1,
        className: "fl-town fl-town-" + String(t[2]).replace(/[^A-Za-z0-9_-]/g, "_") + (t[6] ? " fl-town-unlisted" : "")})
        .bindTooltip(t[4], {direction: "top"});
      // Where towns are many, they come without popups (a click opens the evidence panel).
      if (t[5]) town.bindPopup(t[5], {maxWidth: 320});
      town.addTo(group);
    }
    for (const e of state.ev) {
      const [lat, lng, type, recent, count, tip, slot] = e;
      const sym = F.styles.__symbols[type] || "?";
      const html = "<span class='fl-ev-sym'>" + sym + "</span>" + (count > 1 ? "<b>" + count + "</b>" : "");
      L.marker([lat, lng], {pane: "events", keyboard: false,
        icon: L.divIcon({className: "fl-ev fl-ev-" + type + (recent ? " fl-ev-recent" : ""), html: html,
                         iconSize: [18, 18], iconAnchor: [-6 - 18 * slot, 22]})})
        .bindTooltip(tip).addTo(group);
    }
    if (state.clusters && state.clusters.length) {
      // Many events: one canvas circle per place or per sub-district, sized by its count (DOM
      // markers would be slow). One renderer for every date: each would stay on the map.
      F.canvas = F.canvas || L.canvas({padding: 0.2, pane: "events"});
      for (const c of state.clusters) {
        L.circleMarker([c[0], c[1]], {renderer: F.canvas, radius: Math.min(4 + Math.sqrt(c[2]), 18),
          color: "#222", weight: 1, fillColor: c[3] ? "#ff7a00" : "#ffffff", fillOpacity: 0.85})
          .bindTooltip(c[4]).addTo(group);
      }
    }
  }
})();
