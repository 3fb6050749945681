/* The workspace's few behaviours, in plain JavaScript (no CDN, no framework):
   - the desk: drag-and-drop reordering of widgets, saved at once (the ↑/↓ buttons do the same
     without a mouse or without script);
   - forms asking for confirmation (data-confirm);
   - on a phone, the side navigation folded under one button naming the current entry (without
     script, or on a wide screen, it stays open);
   - file uploads: drag and drop, several files, a progress bar
   (the notification bell has its own script, bell.js, loaded on every page). */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // -- confirmations ---------------------------------------------------------------------
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // -- the side navigation on a phone ---------------------------------------------------
  var navToggle = document.querySelector("[data-ws-nav-toggle]");
  if (navToggle && window.matchMedia) {
    var navMenu = document.getElementById(navToggle.getAttribute("aria-controls"));
    var narrow = window.matchMedia("(max-width: 56rem)");
    var here = navMenu.querySelector('[aria-current="page"]') || navMenu.querySelector(".ws-nav-link.is-active");
    if (here) {
      var words = Array.prototype.filter.call(here.childNodes, function (node) {
        return !(node.classList && node.classList.contains("ws-icon"));
      });
      navToggle.querySelector("[data-ws-nav-current]").textContent = words.map(function (node) { return node.textContent; }).join("").trim();
    }
    var showNav = function () {
      navToggle.hidden = !narrow.matches;
      navMenu.hidden = narrow.matches && navToggle.getAttribute("aria-expanded") !== "true";
    };
    navToggle.setAttribute("aria-expanded", "false");
    navToggle.addEventListener("click", function () {
      navToggle.setAttribute("aria-expanded", navToggle.getAttribute("aria-expanded") === "true" ? "false" : "true");
      showNav();
    });
    if (narrow.addEventListener) narrow.addEventListener("change", showNav);
    showNav();
  }

  // -- desk reordering --------------------------------------------------------------------
  var list = document.querySelector(".ws-widgets[data-reorder-url]");
  if (list) {
    var status = document.querySelector("[data-reorder-status]");
    var dragged = null;

    var save = function () {
      var keys = Array.prototype.map.call(list.querySelectorAll(".ws-widget"), function (li) {
        return li.dataset.key;
      });
      refreshButtons();
      return fetch(list.dataset.reorderUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ order: keys }),
      }).then(function (response) {
        if (status) status.textContent = response.ok ? (document.documentElement.lang === "en" ? "Order saved." : "Ordre enregistré.") : "Erreur";
        list.dataset.saved = response.ok ? "1" : "0";
      });
    };

    var refreshButtons = function () {
      var items = list.querySelectorAll(".ws-widget");
      items.forEach(function (li, index) {
        var up = li.querySelector("[data-move=up]");
        var down = li.querySelector("[data-move=down]");
        if (up) up.disabled = index === 0;
        if (down) down.disabled = index === items.length - 1;
      });
    };

    list.addEventListener("dragstart", function (event) {
      var li = event.target.closest ? event.target.closest(".ws-widget") : null;
      if (!li) return;
      dragged = li;
      li.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", li.dataset.key);
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      var target = event.target.closest(".ws-widget");
      list.querySelectorAll(".is-drop-target").forEach(function (el) { el.classList.remove("is-drop-target"); });
      if (target && target !== dragged) target.classList.add("is-drop-target");
    });
    list.addEventListener("drop", function (event) {
      if (!dragged) return;
      event.preventDefault();
      var target = event.target.closest(".ws-widget");
      if (target && target !== dragged) {
        var rect = target.getBoundingClientRect();
        var after = event.clientY > rect.top + rect.height / 2 || event.clientX > rect.left + rect.width / 2;
        list.insertBefore(dragged, after ? target.nextSibling : target);
        save();
      }
    });
    list.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("is-dragging");
      list.querySelectorAll(".is-drop-target").forEach(function (el) { el.classList.remove("is-drop-target"); });
      dragged = null;
    });

    // The ↑/↓ buttons move the card in place and keep the focus on it (no page reload).
    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) return;
      event.preventDefault();
      var li = button.closest(".ws-widget");
      if (button.dataset.move === "up" && li.previousElementSibling) {
        list.insertBefore(li, li.previousElementSibling);
      } else if (button.dataset.move === "down" && li.nextElementSibling) {
        list.insertBefore(li.nextElementSibling, li);
      } else {
        return;
      }
      save();
      var same = li.querySelector("[data-move=" + button.dataset.move + "]");
      (same && !same.disabled ? same : li.querySelector("[data-move]:not([disabled])") || li).focus();
    });
  }

  // -- file uploads: drag and drop, several files, a progress bar -------------------------
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    var bar = form.querySelector("[data-progress]");
    var status = form.querySelector("[data-upload-status]");
    var send = function (files) {
      if (!files || !files.length || !window.FormData) return false;
      var data = new FormData(form);
      data.delete("files");
      Array.prototype.forEach.call(files, function (file) { data.append("files", file); });
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRFToken", csrfToken());
      if (bar) { bar.hidden = false; bar.value = 0; }
      xhr.upload.addEventListener("progress", function (event) {
        if (bar && event.lengthComputable) bar.value = Math.round((event.loaded * 100) / event.total);
      });
      xhr.addEventListener("load", function () {
        var result = {};
        try { result = JSON.parse(xhr.responseText); } catch (e) { result = { errors: [xhr.statusText] }; }
        if (result.errors && result.errors.length) {
          if (bar) bar.hidden = true;
          if (status) {
            status.innerHTML = "";
            result.errors.forEach(function (text) {
              var p = document.createElement("p");
              p.className = "field-error";
              p.textContent = text;
              status.appendChild(p);
            });
          }
          if (result.saved && result.saved.length) window.setTimeout(function () { window.location.reload(); }, 2500);
        } else {
          window.location.reload();
        }
      });
      xhr.send(data);
      return true;
    };
    form.addEventListener("submit", function (event) {
      if (input && input.files && input.files.length && send(input.files)) event.preventDefault();
    });
    ["dragenter", "dragover"].forEach(function (name) {
      form.addEventListener(name, function (event) { event.preventDefault(); form.classList.add("is-over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      form.addEventListener(name, function () { form.classList.remove("is-over"); });
    });
    form.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) send(event.dataTransfer.files);
    });
  });

})();
