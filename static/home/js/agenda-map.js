/* The map of the month's events on the agenda. The page works without it: the list beside the
   map gives the same events, day by day. Leaflet comes from our static files (xstatic wheel);
   the data come from {{ agenda_map|json_script:"agenda-map-data" }}: no inline script (CSP). */
(function () {
  "use strict";

  // Leaflet puts strings it is given (popups, divIcons) into innerHTML: what comes from the pages
  // (titles, communes) is always given as DOM nodes built with textContent.
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function link(text, href) {
    if (!href) return element("span", null, text);
    var a = element("a", null, text);
    a.setAttribute("href", href);
    return a;
  }

  function popupContent(place) {
    var box = element("div", "agenda-popup");
    box.appendChild(element("p", "agenda-popup-title")).appendChild(link(place.title, place.url));
    box.appendChild(element("p", "agenda-popup-meta", place.commune));
    var list = box.appendChild(element("ul", "agenda-popup-events"));
    place.events.forEach(function (event) {
      var item = list.appendChild(element("li"));
      var when = item.appendChild(element("time", "agenda-popup-when", event.when));
      when.setAttribute("datetime", event.start);
      item.appendChild(link(event.title, event.url));
    });
    return box;
  }

  function marker(place, labels) {
    var count = place.events.length;
    var size = count < 10 ? 30 : 36;
    var icon = L.divIcon({
      className: "agenda-marker",
      html: element("span", null, count),
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
      popupAnchor: [0, -size / 2]
    });
    var title = (count === 1 ? labels.one : labels.many).replace("%(place)s", place.title).replace("%(count)s", count);
    var m = L.marker([place.lat, place.lng], { icon: icon, title: title, alt: title, keyboard: true, riseOnHover: true });
    m.bindPopup(function () { return popupContent(place); }, { maxWidth: 280, autoPanPadding: [16, 16] });
    return m;
  }

  function tilesNotice(tiles, el) {
    // Offline, or the tile server is down: say so once, under the map (an overlay would hide
    // the popups on a phone); the markers and the list still work.
    var notice = document.getElementById("agenda-map-notice");
    tiles.on("tileerror", function () {
      el.classList.add("map-no-tiles");
      if (notice) notice.hidden = false;
    });
    tiles.on("tileload", function () {
      el.classList.remove("map-no-tiles");
      if (notice) notice.hidden = true;
    });
  }

  function start() {
    var el = document.getElementById("agenda-map");
    var source = document.getElementById("agenda-map-data");
    if (!el || !source || !window.L) return;
    var data;
    try { data = JSON.parse(source.textContent); } catch (e) { return; }
    if (!data || !data.places || !data.places.length) return;
    el.innerHTML = "";
    var map = L.map(el, { scrollWheelZoom: false });
    var tiles = L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 18 }).addTo(map);
    tilesNotice(tiles, el);
    var labels = {
      one: el.getAttribute("data-marker-one") || "%(place)s (1)",
      many: el.getAttribute("data-marker-many") || "%(place)s (%(count)s)"
    };
    var points = data.places.map(function (place) {
      marker(place, labels).addTo(map);
      return [place.lat, place.lng];
    });
    if (points.length === 1) map.setView(points[0], 12);
    else map.fitBounds(L.latLngBounds(points), { padding: [28, 28], maxZoom: 12 });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
