/* Directory map. The page works without it: the list beside the map shows the same places.
   Leaflet and Leaflet.markercluster come from our static files (xstatic wheels). */
(function () {
  "use strict";

  function readConfig(el) {
    try { return JSON.parse(el.getAttribute("data-map")); } catch (e) { return null; }
  }

  function baseMap(el, config) {
    el.innerHTML = "";
    var map = L.map(el, { scrollWheelZoom: false });
    var tiles = L.tileLayer(config.tiles, { attribution: config.attribution, maxZoom: 18 }).addTo(map);
    // Offline, or the tile server is down: say so once; the markers (and the list) still work.
    var message = el.getAttribute("data-tiles-error");
    var notice = null;
    tiles.on("tileerror", function () {
      if (notice || !message) return;
      notice = L.control({ position: "topright" });
      notice.onAdd = function () {
        var p = L.DomUtil.create("p", "map-tiles-error");
        p.setAttribute("role", "status");
        p.textContent = message;
        return p;
      };
      notice.addTo(map);
      el.classList.add("map-no-tiles");
    });
    tiles.on("tileload", function () {
      if (!notice) return;
      notice.remove();
      notice = null;
      el.classList.remove("map-no-tiles");
    });
    return map;
  }

  // Leaflet puts a string it is given (popup, tooltip, divIcon) into innerHTML: what comes from
  // the places (titles, communes) is always given as DOM nodes built with textContent.
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function popupContent(point) {
    var box = element("div");
    var title = box.appendChild(element("p", "popup-title"));
    var link = title.appendChild(element("a", null, point[3]));
    link.setAttribute("href", point[5]);
    box.appendChild(element("p", "popup-meta", point[4]));
    if (point[6] || point[7]) {
      var badges = box.appendChild(element("p"));
      if (point[6]) {
        badges.appendChild(element("span", "badge badge-espap", "esp@p"));
        badges.appendChild(document.createTextNode(" "));
      }
      if (point[7]) badges.appendChild(element("span", "badge badge-ticket", "Ticket déclic"));
    }
    return box;
  }

  function marker(point) {
    // point: [id, lat, lng, title, commune, url, espap, ticket]
    var m = L.circleMarker([point[1], point[2]], {
      radius: 8, weight: 2, color: "#ffffff", fillColor: point[6] ? "#1f3f8a" : "#0d5c63", fillOpacity: 1
    });
    m.bindPopup(function () { return popupContent(point); });
    return m;
  }

  function clusterMarker(cluster, map) {
    // cluster: [lat, lng, count] computed by the server for wide zooms
    var size = cluster[2] < 100 ? 34 : cluster[2] < 1000 ? 42 : 50;
    var icon = L.divIcon({
      html: element("span", null, cluster[2]), className: "server-cluster", iconSize: [size, size]
    });
    var m = L.marker([cluster[0], cluster[1]], { icon: icon, keyboard: true, title: cluster[2] + " lieux" });
    m.on("click", function () { map.setView([cluster[0], cluster[1]], Math.min(map.getZoom() + 2, 18)); });
    return m;
  }

  function directoryMap(el) {
    var config = readConfig(el);
    if (!config || !window.L) return;
    var map = baseMap(el, config);
    map.setView([44.62, 1.66], 9); // the Lot
    var legend = document.querySelector("[data-map-legend]");
    if (legend) legend.hidden = false;
    var layer = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 45 })
      : L.layerGroup();
    layer.addTo(map);
    var query = el.getAttribute("data-query") || "";
    var whole = false, first = true, pending = null;

    function load() {
      if (whole) return;
      var b = map.getBounds();
      var params = (query ? query + "&" : "") + "zoom=" + map.getZoom() + "&bbox=" +
        [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (n) { return n.toFixed(4); }).join(",");
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(config.api + "?" + params, { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          layer.clearLayers();
          var markers = data.points.map(marker);
          data.clusters.forEach(function (c) { markers.push(clusterMarker(c, map)); });
          if (layer.addLayers) layer.addLayers(markers); else markers.forEach(function (m) { layer.addLayer(m); });
          whole = data.whole;
          if (first && data.whole && data.points.length) {
            first = false;
            var bounds = L.latLngBounds(data.points.map(function (p) { return [p[1], p[2]]; }));
            map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 });
          }
          first = false;
        })
        .catch(function () {});
    }
    map.on("moveend", load);
    load();
  }

  function placeMap(el) {
    var config = readConfig(el);
    if (!config || !window.L) return;
    var lat = parseFloat(el.getAttribute("data-lat")), lng = parseFloat(el.getAttribute("data-lng"));
    var map = baseMap(el, config);
    map.setView([lat, lng], 15);
    L.circleMarker([lat, lng], { radius: 10, weight: 3, color: "#ffffff", fillColor: "#b3400a", fillOpacity: 1 })
      .addTo(map).bindTooltip(element("span", null, el.getAttribute("data-title")));
  }

  function nearMe() {
    var button = document.querySelector("[data-near-me]");
    var form = document.querySelector("[data-directory-filters]");
    if (!button || !form || !navigator.geolocation) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.querySelector("[name=lat]").value = pos.coords.latitude.toFixed(5);
        form.querySelector("[name=lng]").value = pos.coords.longitude.toFixed(5);
        form.querySelector("[name=pres_de]").value = "";
        form.submit();
      }, function () {
        button.disabled = false;
        button.textContent = button.getAttribute("data-error") || button.textContent;
      }, { timeout: 10000 });
    });
    // Typing a commune replaces a position found earlier.
    form.querySelector("[name=pres_de]").addEventListener("input", function () {
      form.querySelector("[name=lat]").value = "";
      form.querySelector("[name=lng]").value = "";
    });
  }

  function filtersBox() {
    // Phones: the filters fold away under a "Filters" button so that the results come first.
    var box = document.querySelector("[data-filters-box]");
    if (!box) return;
    var narrow = window.matchMedia("(max-width: 59.99rem)");
    if (narrow.matches && !box.querySelector(".has-error")) box.open = false;
    narrow.addEventListener("change", function (e) { if (!e.matches) box.open = true; });
  }

  function start() {
    filtersBox();
    var el = document.getElementById("directory-map");
    if (el) directoryMap(el);
    var place = document.getElementById("place-map");
    if (place) placeMap(place);
    nearMe();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
