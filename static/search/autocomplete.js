/* Autocomplete of the header search box: titles and member names the user may see, from
   /recherche/suggestions/ (JSON). An ARIA 1.2 combobox: arrows move, Enter opens, Escape closes.
   Without JavaScript the box is a plain search form. */
(function () {
  "use strict";
  var input = document.querySelector("[data-search-autocomplete]");
  if (!input || !window.fetch) { return; }
  var form = input.form;
  var url = input.getAttribute("data-search-autocomplete");
  var list = document.createElement("ul");
  list.id = "header-q-suggestions";
  list.className = "search-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", input.getAttribute("data-label") || "");
  list.hidden = true;
  form.style.position = "relative";
  form.appendChild(list);
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  form.appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("autocomplete", "off");

  var timer = null;
  var active = -1;
  var items = [];
  var lastQuery = "";

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function select(index) {
    items.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0) { input.setAttribute("aria-activedescendant", items[index].id); }
    else { input.removeAttribute("aria-activedescendant"); }
  }

  function show(results) {
    close();
    results.forEach(function (result, i) {
      var li = document.createElement("li");
      li.id = "header-q-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.url = result.url;
      var label = document.createElement("span");
      label.textContent = result.label;
      var kind = document.createElement("span");
      kind.className = "muted";
      kind.textContent = " · " + result.kind;
      li.appendChild(label);
      li.appendChild(kind);
      li.addEventListener("mousedown", function (event) { event.preventDefault(); window.location.href = result.url; });
      list.appendChild(li);
      items.push(li);
    });
    var template = input.getAttribute(results.length ? "data-count-label" : "data-none-label") || "";
    status.textContent = template.replace("%s", results.length);
    if (results.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
  }

  function load() {
    var query = input.value.trim();
    if (query.length < 2) { close(); status.textContent = ""; return; }
    if (query === lastQuery) { return; }
    lastQuery = query;
    fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (body) { if (input.value.trim() === query) { show(body.results || []); } })
      .catch(function () { close(); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(load, 180);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && items.length) { event.preventDefault(); select((active + 1) % items.length); }
    else if (event.key === "ArrowUp" && items.length) { event.preventDefault(); select(active <= 0 ? items.length - 1 : active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); window.location.href = items[active].dataset.url; }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
