/* Maillage chat client. One WebSocket per tab. Nothing is lost: the server stores each
   message before fanning it out; after a reconnection the client sends the last id it saw and
   receives what it missed, in order; ids already shown are never shown twice. User text is
   always inserted as text (never as HTML).
   The page hands the script its addresses and lists, so none is written here: on [data-chat],
   data-socket-url (the socket, e.g. /ws/?modules=chat) and data-messages-url (the open room's
   messages, for the earlier ones); in JSON scripts, chat-i18n (the strings), chat-reactions
   (the reactions the server accepts) and chat-history (the open room's latest messages). */
(function () {
  "use strict";
  var root = document.querySelector("[data-chat]");
  if (!root) return;

  var T = JSON.parse(document.getElementById("chat-i18n").textContent);
  var me = Number(root.dataset.user);
  var currentRoom = Number(root.dataset.room) || null;
  var maxLength = Number(root.dataset.maxLength) || 4000;
  var list = root.querySelector("[data-messages]");
  var statusBox = root.querySelector("[data-chat-status]");
  var typingBox = root.querySelector("[data-typing]");
  var composer = root.querySelector("[data-composer]");
  var textarea = composer ? composer.querySelector("textarea") : null;
  var canWrite = Boolean(composer);  // no composer: a read-only room (archived group, guest)
  var replyBox = root.querySelector("[data-reply]");
  var presenceBox = root.querySelector("[data-room-presence]");
  var attachSelect = root.querySelector("[data-attachment]");
  var emptyNote = root.querySelector("[data-empty]");
  var REACTIONS = JSON.parse(document.getElementById("chat-reactions").textContent);
  var messagesUrl = root.dataset.messagesUrl || "";
  var URL_RE = /(https?:\/\/[^\s<]+[^\s<.,;:!?)\]'"])/g;

  var seen = new Set();          // message ids shown in this page
  var lastId = 0;                // highest message id received, all rooms
  var roomLast = {};             // room id -> highest message id known in that room
  var gapAsked = {};             // room id -> the gap already asked for
  var pending = new Map();       // local_id -> {text, room, reply_to, node}
  var unread = {};               // room id -> count
  var rooms = {};                // room id -> snapshot entry
  var presence = {};             // user id -> {status, last_seen}
  var typingTimers = {};
  var names = {};                // user id -> display name, from the messages seen
  var replyTo = null;
  var socket = null;
  var attempts = 0;
  var heartbeat = null;
  var lastTypingSent = 0;
  var firstConnection = true;
  var baseTitle = document.title;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function appendRichText(container, text) {
    text.split("\n").forEach(function (line, index) {
      if (index) container.appendChild(document.createElement("br"));
      var last = 0;
      line.replace(URL_RE, function (match, _url, offset) {
        if (offset > last) container.appendChild(document.createTextNode(line.slice(last, offset)));
        var link = el("a", null, match);
        link.href = match;
        link.rel = "noopener nofollow ugc";
        container.appendChild(link);
        last = offset + match.length;
        return match;
      });
      if (last < line.length) container.appendChild(document.createTextNode(line.slice(last)));
    });
  }

  function formatSize(bytes) {
    if (bytes < 1024) return bytes + " o";
    if (bytes < 1024 * 1024) return Math.round(bytes / 1024) + " Ko";
    return (bytes / 1024 / 1024).toFixed(1).replace(".", ",") + " Mo";
  }

  /* A file of the Files module: a link to it (its page checks the policy again), a thumbnail
     for an image; removed or hidden files say so. */
  function renderAttachment(attachment) {
    if (attachment.removed) return el("p", "chat-file is-gone muted small", T.file_removed);
    if (attachment.hidden) return el("p", "chat-file is-gone muted small", T.file_hidden);
    var box = el("p", "chat-file");
    if (attachment.image) {
      var thumb = el("img", "chat-file-thumb");
      thumb.src = attachment.image;
      thumb.alt = "";
      thumb.loading = "lazy";
      box.appendChild(thumb);
    }
    box.appendChild(el("span", "chat-file-ext", attachment.extension));
    var link = el("a", null, attachment.name);
    link.href = attachment.url;
    box.appendChild(link);
    box.appendChild(el("span", "muted small", " " + formatSize(attachment.size) + " · " + attachment.space));
    return box;
  }

  function formatTime(iso) {
    var date = new Date(iso);
    // the network's time, as the pages the server renders show it, whatever the browser's zone
    return date.toLocaleString("fr-FR", { timeZone: "Europe/Paris", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  }

  /* ---- rendering -------------------------------------------------------------------- */

  function renderMessage(message, node) {
    node = node || el("li");
    node.className = "chat-message" + (message.author.id === me ? " is-mine" : "");
    node.id = "m" + message.id;
    node.dataset.id = message.id;
    node.dataset.author = message.author.id;
    names[message.author.id] = message.author.name;
    node.textContent = "";
    node.appendChild(el("span", "chat-author", message.author.name));
    var time = el("time", null, formatTime(message.created_at));
    time.dateTime = message.created_at;
    node.appendChild(time);
    if (message.edited && !message.deleted) node.appendChild(el("span", "muted small", " · " + T.edited));
    if (message.reply_to) {
      var quote = el("blockquote", "chat-quote");
      quote.appendChild(el("strong", null, message.reply_to.author + " : "));
      quote.appendChild(document.createTextNode(message.reply_to.text));
      node.appendChild(quote);
    }
    var body = el("div", "chat-text");
    if (message.deleted) body.appendChild(el("em", null, T.deleted));
    else appendRichText(body, message.text);
    node.appendChild(body);
    if (message.attachment && !message.deleted) node.appendChild(renderAttachment(message.attachment));
    if (!message.deleted) {
      var reactions = el("div", "chat-reactions");
      Object.keys(message.reactions || {}).forEach(function (emoji) {
        var users = message.reactions[emoji];
        var button = el("button", "reaction" + (users.indexOf(me) >= 0 ? " is-mine" : ""), emoji + " " + users.length);
        button.type = "button";
        button.setAttribute("aria-pressed", users.indexOf(me) >= 0 ? "true" : "false");
        button.addEventListener("click", function () { send({ type: "chat.react", id: message.id, emoji: emoji }); });
        reactions.appendChild(button);
      });
      var tools = el("div", "chat-tools");
      var react = el("details", "chat-react");
      react.appendChild(el("summary", null, T.react));
      REACTIONS.forEach(function (emoji) {
        var b = el("button", "reaction", emoji);
        b.type = "button";
        b.addEventListener("click", function () { react.open = false; send({ type: "chat.react", id: message.id, emoji: emoji }); });
        react.appendChild(b);
      });
      tools.appendChild(react);
      var replyButton = el("button", "btn btn-link btn-small", T.reply);
      replyButton.type = "button";
      replyButton.addEventListener("click", function () { startReply(message); });
      tools.appendChild(replyButton);
      if (message.author.id === me) {
        var edit = el("button", "btn btn-link btn-small", T.edit);
        edit.type = "button";
        edit.addEventListener("click", function () { startEdit(message, node); });
        var del = el("button", "btn btn-link btn-small", T.delete);
        del.type = "button";
        del.addEventListener("click", function () {
          if (window.confirm(T.confirm_delete)) send({ type: "chat.delete", id: message.id });
        });
        tools.appendChild(edit);
        tools.appendChild(del);
      }
      node.appendChild(reactions);
      if (canWrite) node.appendChild(tools);
    }
    return node;
  }

  function startEdit(message, node) {
    var body = node.querySelector(".chat-text");
    var form = el("form", "chat-edit");
    var input = el("textarea");
    input.value = message.text;
    input.maxLength = maxLength;
    input.setAttribute("aria-label", T.edit);
    var save = el("button", "btn btn-primary btn-small", T.save);
    var cancel = el("button", "btn btn-small", T.cancel);
    cancel.type = "button";
    form.appendChild(input);
    form.appendChild(save);
    form.appendChild(cancel);
    body.replaceWith(form);
    input.focus();
    cancel.addEventListener("click", function () { renderMessage(message, node); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send({ type: "chat.edit", id: message.id, text: input.value });
    });
  }

  function startReply(message) {
    replyTo = message.id;
    replyBox.hidden = false;
    replyBox.querySelector("[data-reply-text]").textContent = T.replying + " " + message.author.name + " : " + message.text.slice(0, 80);
    textarea.focus();
  }

  function atBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  }

  /* Each live message names the one before it in its room: if the client has not seen that
     one (an event dropped on the way), it asks the server for the room's messages after the
     last one it saw. They arrive with "resumed" and take their place in id order. */
  function noteLast(roomId, id) {
    if (roomLast[roomId] === undefined || id > roomLast[roomId]) roomLast[roomId] = id;
  }

  function checkGap(message) {
    var known = roomLast[message.room];
    if (message.prev && known !== undefined && message.prev > known && gapAsked[message.room] !== known) {
      gapAsked[message.room] = known;
      send({ type: "chat.resume", room: message.room, last_id: known });
    }
  }

  function insertInOrder(node, id) {
    var after = null;
    var nodes = list.querySelectorAll(".chat-message[data-id]");
    for (var i = nodes.length - 1; i >= 0; i -= 1) {
      if (Number(nodes[i].dataset.id) > id) after = nodes[i];
      else break;
    }
    list.insertBefore(node, after);
  }

  function showMessage(message, options) {
    options = options || {};
    if (message.id > lastId) lastId = message.id;
    if (!options.resumed) checkGap(message);
    noteLast(message.room, message.id);
    if (message.room !== currentRoom) {
      if (!seen.has(message.id) && message.author.id !== me && !options.resumed) {
        unread[message.room] = (unread[message.room] || 0) + 1;
        renderUnread();
      }
      seen.add(message.id);
      return;
    }
    if (seen.has(message.id)) return;   // never twice
    seen.add(message.id);
    if (emptyNote) { emptyNote.remove(); emptyNote = null; }
    if (typingTimers[message.author.id] && typingBox) {   // they sent what they were typing
      clearTimeout(typingTimers[message.author.id]);
      delete typingTimers[message.author.id];
      typingBox.textContent = "";
    }
    var stick = atBottom() || message.author.id === me;
    var node = null;
    if (message.local_id && pending.has(message.local_id)) {
      node = pending.get(message.local_id).node;
      pending.delete(message.local_id);
    }
    node = renderMessage(message, node);
    insertInOrder(node, message.id);
    if (stick) list.scrollTop = list.scrollHeight;
    markRead();
  }

  function updateMessage(message) {
    var node = document.getElementById("m" + message.id);
    if (node && message.room === currentRoom) renderMessage(message, node);
  }

  function renderUnread() {
    var total = 0;
    Object.keys(unread).forEach(function (roomId) {
      var count = Number(roomId) === currentRoom ? 0 : unread[roomId];
      total += count;
      var badge = root.querySelector('[data-unread="' + roomId + '"]');
      if (badge) {
        badge.hidden = !count;
        badge.firstChild.nodeValue = String(count);
      }
    });
    document.title = (total ? "(" + total + ") " : "") + baseTitle;
    document.dispatchEvent(new CustomEvent("chat:unread", { detail: { total: total } }));
  }

  function renderPresence() {
    if (!presenceBox || !currentRoom || !rooms[currentRoom]) return;
    var others = (rooms[currentRoom].members || []).filter(function (id) { return id !== me; });
    var statusOf = function (id) { return (presence[id] || { status: "offline" }).status; };
    var label = function (id) {
      var state = presence[id] || { status: "offline" };
      var text = (names[id] || "") + " : " + (T[state.status] || state.status);
      if (state.status === "offline" && state.last_seen) text += " (" + T.seen + " " + formatTime(new Date(state.last_seen * 1000).toISOString()) + ")";
      return text;
    };
    if (others.length <= 2) {          // a conversation or a thread of three: everyone's state
      presenceBox.textContent = others.map(label).join(" · ");
      return;
    }
    var online = others.filter(function (id) { return statusOf(id) !== "offline"; });  // a large room: who is here
    presenceBox.textContent = online.length ? online.map(label).join(" · ") : T.nobody_online;
  }

  function markRead() {
    if (!currentRoom || document.hidden || !lastShownId()) return;
    send({ type: "chat.read", room: currentRoom, id: lastShownId() });
    unread[currentRoom] = 0;
    renderUnread();
  }

  function lastShownId() {
    var nodes = list ? list.querySelectorAll(".chat-message[data-id]") : [];
    return nodes.length ? Number(nodes[nodes.length - 1].dataset.id) : 0;
  }

  /* ---- socket ------------------------------------------------------------------------ */

  function send(payload) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(payload));
      return true;
    }
    return false;
  }

  function setStatus(text) {
    statusBox.hidden = !text;
    statusBox.textContent = text || "";
  }

  function socketAddress() {
    var address = new URL(root.dataset.socketUrl, window.location.href);
    address.protocol = address.protocol === "https:" ? "wss:" : "ws:";
    return address.href;
  }

  function connect() {
    socket = new WebSocket(socketAddress());
    socket.addEventListener("open", function () {
      attempts = 0;
      setStatus("");
      clearInterval(heartbeat);
      heartbeat = setInterval(function () { send({ type: "ping" }); }, 25000);
      if (!firstConnection) send({ type: "chat.resume", last_id: lastId });
      else {
        // what the open room received between the page and the socket
        if (currentRoom) send({ type: "chat.resume", room: currentRoom, last_id: roomLast[currentRoom] || 0 });
        markRead();
      }
      firstConnection = false;
      pending.forEach(function (item, localId) {   // what could not leave before
        send({ type: "chat.send", room: item.room, text: item.text, local_id: localId, reply_to: item.reply_to, attachment: item.attachment });
      });
    });
    socket.addEventListener("message", function (event) {
      var data = JSON.parse(event.data);
      document.dispatchEvent(new CustomEvent("maillage:message", { detail: data }));  // the bell listens
      switch (data.type) {
        case "chat.snapshot":
          data.rooms.forEach(function (room) {
            rooms[room.id] = room;
            unread[room.id] = room.unread;
            noteLast(room.id, room.last_message);
          });
          Object.keys(data.presence || {}).forEach(function (id) { presence[id] = data.presence[id]; });
          Object.keys(data.people || {}).forEach(function (id) { names[id] = data.people[id]; });
          renderUnread();
          renderPresence();
          break;
        case "chat.message": showMessage(data.message, { resumed: data.resumed }); break;
        case "chat.update": updateMessage(data.message); break;
        case "chat.read":
          if (data.room !== currentRoom) { unread[data.room] = 0; renderUnread(); }
          break;
        case "chat.typing": showTyping(data); break;
        case "presence.update": presence[data.user] = { status: data.status, last_seen: data.last_seen }; renderPresence(); break;
        case "chat.ack": break;
        case "chat.error":
          if (data.local_id && pending.has(data.local_id)) {
            var item = pending.get(data.local_id);
            item.node.classList.add("is-failed");
            item.node.querySelector(".chat-text").appendChild(el("p", "form-errors", data.error || data.code));
            pending.delete(data.local_id);
            if (textarea && !textarea.value) textarea.value = item.text;   // nothing typed is lost
            if (attachSelect && item.attachment && !attachSelect.value) attachSelect.value = String(item.attachment);
          } else if (data.error) {
            setStatus(data.error);
          }
          break;
        case "chat.room_left":
          delete rooms[data.room];
          var link = root.querySelector('[data-room-link="' + data.room + '"]');
          if (link && link.parentNode) link.parentNode.remove();
          if (data.room === currentRoom) setStatus(T.room_left || "");
          break;
        case "notification.new": break;
        default: break;
      }
    });
    socket.addEventListener("close", function () {
      clearInterval(heartbeat);
      setStatus(T.reconnecting);
      var delay = Math.min(30000, 1000 * Math.pow(2, attempts)) * (0.7 + Math.random() * 0.6);
      attempts += 1;
      setTimeout(connect, delay);
    });
  }

  function showTyping(data) {
    if (data.room !== currentRoom || !typingBox) return;
    typingBox.textContent = (names[data.user] || "…") + " " + T.typing;
    clearTimeout(typingTimers[data.user]);
    typingTimers[data.user] = setTimeout(function () { typingBox.textContent = ""; }, 4000);
  }

  /* ---- composer ------------------------------------------------------------------------- */

  if (composer) {
    composer.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = textarea.value.trim();
      var attachment = attachSelect && attachSelect.value ? Number(attachSelect.value) : null;
      if (!text && !attachment) return;
      if (text.length > maxLength) return;
      var localId = "l" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
      var node = el("li", "chat-message is-mine is-pending");
      node.appendChild(el("span", "chat-author", T.not_sent));
      var body = el("div", "chat-text");
      appendRichText(body, text);
      if (attachment) body.appendChild(el("p", "chat-file muted small", attachSelect.selectedOptions[0].textContent));
      node.appendChild(body);
      list.appendChild(node);
      list.scrollTop = list.scrollHeight;
      pending.set(localId, { text: text, room: currentRoom, reply_to: replyTo, attachment: attachment, node: node });
      send({ type: "chat.send", room: currentRoom, text: text, local_id: localId, reply_to: replyTo, attachment: attachment });
      textarea.value = "";
      if (attachSelect) attachSelect.value = "";
      replyTo = null;
      replyBox.hidden = true;
    });
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        composer.requestSubmit();
      }
    });
    textarea.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTypingSent > 3000) {
        lastTypingSent = now;
        send({ type: "chat.typing", room: currentRoom });
      }
    });
    root.querySelector("[data-reply-cancel]").addEventListener("click", function () {
      replyTo = null;
      replyBox.hidden = true;
    });
  }

  var older = root.querySelector("[data-load-older]");
  if (older && messagesUrl) {
    var loadingOlder = false;
    list.addEventListener("scroll", function () {   // scrolling back to the top loads the page before
      if (list.scrollTop < 60 && !older.disabled && !loadingOlder) older.click();
    });
    older.addEventListener("click", function () {
      if (loadingOlder) return;
      loadingOlder = true;
      var first = list.querySelector(".chat-message[data-id]");
      var before = first ? first.dataset.id : "";
      var address = new URL(messagesUrl, window.location.href);
      address.searchParams.set("before", before);
      fetch(address.href, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          loadingOlder = false;
          if (!data.messages.length) { older.textContent = T.nothing_older; older.disabled = true; return; }
          var height = list.scrollHeight;
          data.messages.slice().reverse().forEach(function (message) {
            if (seen.has(message.id)) return;
            seen.add(message.id);
            list.insertBefore(renderMessage(message), list.firstChild);
          });
          list.scrollTop = list.scrollHeight - height;
          if (data.messages.length < 50) { older.textContent = T.nothing_older; older.disabled = true; }
        })
        .catch(function () { loadingOlder = false; });
    });
  }

  /* ---- start -------------------------------------------------------------------------------- */

  var history = JSON.parse(document.getElementById("chat-history").textContent);
  if (list) {
    list.textContent = "";
    history.forEach(function (message) {
      seen.add(message.id);
      if (message.id > lastId) lastId = message.id;
      noteLast(message.room, message.id);
      list.appendChild(renderMessage(message));
    });
    list.scrollTop = list.scrollHeight;
  }
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) markRead();
    send({ type: "presence.set", status: document.hidden ? "away" : "online" });
  });
  connect();
})();
