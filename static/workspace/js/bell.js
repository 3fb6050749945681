/* The notification bell of the header: the unread count rendered with the page, then kept
   live from the workspace WebSocket (events notification.new / notification.count). */
(function () {
  "use strict";
  var bell = document.querySelector("[data-bell]");
  if (bell && "WebSocket" in window) {
    var counter = bell.querySelector("[data-bell-count]");
    var label = bell.querySelector("[data-bell-label]");
    var setCount = function (n) {
      if (!counter) return;
      counter.textContent = n > 99 ? "99+" : String(n);
      counter.hidden = n <= 0;
      bell.dataset.count = String(n);
      if (label && bell.dataset.labelTemplate) label.textContent = bell.dataset.labelTemplate.replace("%s", String(n));
    };
    var handle = function (data) {
      if (data.type === "notification.new" || data.type === "notification.count") {
        if (typeof data.unread === "number") setCount(data.unread);
      }
    };
    // One WebSocket per tab: on the chat page the chat's socket carries the notifications too.
    document.addEventListener("maillage:message", function (event) { handle(event.detail || {}); });
    var connect = function (delay) {
      if (document.querySelector("[data-chat]")) return;
      var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
      var socket;
      try {
        socket = new WebSocket(scheme + window.location.host + "/ws/");
      } catch (e) {
        return;
      }
      socket.addEventListener("message", function (event) {
        var data;
        try { data = JSON.parse(event.data); } catch (e) { return; }
        handle(data);
      });
      socket.addEventListener("close", function (event) {
        if (event.code === 4401) return;
        var next = Math.min((delay || 1000) * 2, 60000);
        window.setTimeout(function () { connect(next); }, next);
      });
    };
    connect(1000);
  }
})();
