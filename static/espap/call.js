/* esp@p video call: WebRTC between the appointment's advisor and the site's mediator.

   The page hands the script everything it needs, so nothing is written here: on [data-call],
   data-appointment and data-socket-url (/ws/?modules=espap); the ICE servers (#call-ice-servers)
   and the sentences (#call-i18n) as json_script. The signalling goes over the workspace socket
   (workspace/espap/calls.py): call.join, call.signal, call.chat, call.state, call.leave.

   "Perfect negotiation" (W3C WebRTC examples): both sides may offer; when two offers cross, the
   polite side (the server says which: the mediator) rolls its own back and answers. The side
   already in the call offers when the other one joins; a newcomer waits for that offer.

   When the browser cannot make the call (no WebRTC, no camera or microphone allowed, not a
   secure page, no connection after 15 s), the page says so and shows the telephone fallback.
   Nothing received is ever inserted as HTML: text goes in with textContent, and only http(s)
   addresses become links. window.espapCall exposes the state (its .pc) for the browser tests. */
(function () {
  "use strict";

  var root = document.querySelector("[data-call]");
  if (!root) return;
  var T = JSON.parse(document.getElementById("call-i18n").textContent);
  var ICE = JSON.parse(document.getElementById("call-ice-servers").textContent);
  var appointment = Number(root.dataset.appointment);
  var ICE_SECONDS = 15;

  function $(selector) { return root.querySelector(selector); }
  var statusLine = $("[data-call-status]");
  var fallback = $("[data-fallback]");
  var fallbackReason = $("[data-fallback-reason]");
  var localVideo = $("[data-local-video]");
  var remoteVideo = $("[data-remote-video]");
  var controls = $("[data-controls]");
  var joinButton = $("[data-join]");
  var leaveButton = $("[data-leave]");
  var muteButton = $("[data-mute]");
  var cameraButton = $("[data-camera]");
  var shareButton = $("[data-share]");
  var chatLines = $("[data-chat-lines]");
  var chatForm = $("[data-chat-form]");
  var chatInput = $("[data-chat-input]");
  var documentsList = $("[data-documents]");
  var documentsEmpty = $("[data-documents-empty]");
  var uploadForm = $("[data-upload]");
  var uploadStatus = $("[data-upload-status]");

  var state = { pc: null, joined: false, polite: true, remote: null, me: null, connected: false };
  window.espapCall = state;

  var socket = null;
  var attempts = 0;
  var heartbeat = null;
  var wantJoin = false;          // the member joined: join again after a reconnection
  var localStream = null;
  var cameraTrack = null;
  var screenTrack = null;
  var videoSender = null;
  var makingOffer = false;
  var ignoreOffer = false;
  var settingRemoteAnswer = false;
  var signals = Promise.resolve();  // signals are handled one after the other
  var departed = {};               // peers that left: their late signals are ignored
  var iceTimer = null;

  /* ---- what the member sees ----------------------------------------------------------- */

  function setStatus(text) { statusLine.textContent = text || ""; }

  function showFallback(reason) {
    fallbackReason.textContent = reason;
    fallback.hidden = false;
  }

  function hideFallback() { fallback.hidden = true; }

  function show(element, visible) { if (element) element.hidden = !visible; }

  function inCallControls(visible) {
    show(joinButton, !visible);
    show(leaveButton, visible);
    show(muteButton, visible);
    show(cameraButton, visible && !!cameraTrack);
    show(shareButton, visible && !!(navigator.mediaDevices && navigator.mediaDevices.getDisplayMedia));
    show(chatForm, visible);
  }

  function pressed(button, on, textOn, textOff) {
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? textOn : textOff;
  }

  /* ---- the workspace socket ------------------------------------------------------------ */

  function send(payload) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(payload));
      return true;
    }
    return false;
  }

  function signal(data) {
    send({ type: "call.signal", appointment: appointment, data: data, to: state.remote || "" });
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
      clearInterval(heartbeat);
      heartbeat = setInterval(function () { send({ type: "ping" }); }, 25000);
      if (wantJoin) {
        setStatus(T.waiting);
        send({ type: "call.join", appointment: appointment });
      }
    });
    socket.addEventListener("message", function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (!data || (data.appointment !== undefined && data.appointment !== appointment)) return;
      switch (data.type) {
        case "call.joined": onJoined(data); break;
        case "call.peer": onPeer(data); break;
        case "call.signal":
          signals = signals.then(function () { return onSignal(data); });
          break;
        case "call.chat": addChatLine(data); break;
        case "call.document": addDocument(data); break;
        case "error": onError(data); break;
        default: break;
      }
    });
    socket.addEventListener("close", function () {
      clearInterval(heartbeat);
      if (state.joined) {
        // the server told the other side we left; we join again once the socket is back
        state.joined = false;
        closePeer();
        setStatus(T.server_lost);
      }
      var delay = Math.min(30000, 1000 * Math.pow(2, attempts)) * (0.7 + Math.random() * 0.6);
      attempts += 1;
      setTimeout(connect, delay);
    });
  }

  function onJoined(data) {
    if (!wantJoin) return;
    state.joined = true;
    state.polite = !!data.polite;
    state.me = data.peer;
    if (data.peers > 0) {
      setStatus(T.connecting);   // the other side offers as soon as it hears of us
      startIceTimer();
    } else {
      setStatus(T.waiting);
    }
  }

  function onPeer(data) {
    if (!state.joined || !localStream) return;
    if (data.event === "joined") {
      delete departed[data.from];
      state.remote = data.from;
      newPeer();                 // we were here first: we offer
      setStatus(T.connecting);
    } else if (data.event === "left" && data.from === state.remote) {
      departed[data.from] = true;
      if (state.connected) send({ type: "call.state", appointment: appointment, state: "ended" });
      closePeer();
      state.remote = null;
      setStatus(T.peer_left + " " + T.waiting);
    }
  }

  function onError(data) {
    if (!data.frame || data.frame.indexOf("call.") !== 0) return;
    if (data.error === "forbidden" || data.error === "closed") {
      wantJoin = false;
      state.joined = false;
      closePeer();
      stopMedia();
      inCallControls(false);
      joinButton.disabled = true;
      setStatus(data.error === "closed" ? T.closed : T.forbidden);
    }
  }

  /* ---- the peer connection --------------------------------------------------------------- */

  function description(value) { return { type: value.type, sdp: value.sdp }; }

  function newPeer() {
    closePeer();
    var pc = new RTCPeerConnection({ iceServers: ICE });
    state.pc = pc;
    state.connected = false;
    makingOffer = false;
    ignoreOffer = false;
    settingRemoteAnswer = false;
    localStream.getAudioTracks().forEach(function (track) { pc.addTrack(track, localStream); });
    var video = screenTrack || cameraTrack;
    videoSender = video ? pc.addTrack(video, localStream) : null;
    pc.addEventListener("track", function (event) {
      var stream = event.streams && event.streams[0];
      if (!stream) {
        stream = remoteVideo.srcObject instanceof MediaStream ? remoteVideo.srcObject : new MediaStream();
        stream.addTrack(event.track);
      }
      if (remoteVideo.srcObject !== stream) remoteVideo.srcObject = stream;
    });
    pc.addEventListener("negotiationneeded", function () {
      makingOffer = true;
      pc.setLocalDescription()
        .then(function () { signal({ description: description(pc.localDescription) }); })
        .catch(function (error) { console.warn("offer", error); })
        .then(function () { makingOffer = false; });
    });
    pc.addEventListener("icecandidate", function (event) {
      if (event.candidate && event.candidate.candidate) signal({ candidate: event.candidate.toJSON() });
    });
    pc.addEventListener("connectionstatechange", function () {
      if (pc !== state.pc) return;
      switch (pc.connectionState) {
        case "connected":
          clearTimeout(iceTimer);
          hideFallback();
          setStatus(T.connected);
          if (!state.connected) send({ type: "call.state", appointment: appointment, state: "connected" });
          state.connected = true;
          break;
        case "disconnected":
          setStatus(T.lost);
          break;
        case "failed":
          setStatus(T.lost);
          showFallback(T.ice_failed);
          if (pc.restartIce) pc.restartIce();
          break;
        default: break;
      }
    });
    startIceTimer();
    return pc;
  }

  function startIceTimer() {
    clearTimeout(iceTimer);
    iceTimer = setTimeout(function () {
      if (!state.pc || state.pc.connectionState !== "connected") {
        setStatus(T.lost);
        showFallback(T.ice_failed);
      }
    }, ICE_SECONDS * 1000);
  }

  function closePeer() {
    clearTimeout(iceTimer);
    if (state.pc) {
      state.pc.close();
      state.pc = null;
    }
    videoSender = null;
    state.connected = false;
    remoteVideo.srcObject = null;
  }

  function onSignal(message) {
    if (!state.joined || !localStream || departed[message.from]) return null;
    if (state.remote && message.from !== state.remote) return null;   // another tab of the call
    if (!state.remote) state.remote = message.from;
    var pc = state.pc || newPeer();
    var data = message.data || {};
    if (data.description) {
      var offer = data.description.type === "offer";
      var readyForOffer = !makingOffer && (pc.signalingState === "stable" || settingRemoteAnswer);
      ignoreOffer = !state.polite && offer && !readyForOffer;
      if (ignoreOffer) return null;
      settingRemoteAnswer = data.description.type === "answer";
      return pc.setRemoteDescription(data.description)
        .then(function () {
          settingRemoteAnswer = false;
          if (!offer) return null;
          return pc.setLocalDescription().then(function () {
            signal({ description: description(pc.localDescription) });
          });
        })
        .catch(function (error) {
          settingRemoteAnswer = false;
          console.warn("description", error);
        });
    }
    if (data.candidate) {
      return pc.addIceCandidate(data.candidate).catch(function (error) {
        if (!ignoreOffer) console.warn("candidate", error);
      });
    }
    return null;
  }

  /* ---- camera, microphone, screen ------------------------------------------------------- */

  function supported() {
    if (!window.isSecureContext) return T.insecure;
    if (!window.RTCPeerConnection || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return T.unsupported;
    }
    return "";
  }

  function getMedia() {
    var devices = navigator.mediaDevices;
    return devices.getUserMedia({ audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } })
      .catch(function (error) {
        if (error && error.name === "NotAllowedError") throw error;
        return devices.getUserMedia({ audio: true }).then(function (stream) {   // no camera: sound only
          setStatus(T.audio_only);
          return stream;
        });
      });
  }

  function stopMedia() {
    if (screenTrack) { screenTrack.stop(); screenTrack = null; }
    if (localStream) localStream.getTracks().forEach(function (track) { track.stop(); });
    localStream = null;
    cameraTrack = null;
    localVideo.srcObject = null;
  }

  function join() {
    var problem = supported();
    if (problem) {
      setStatus(problem);
      showFallback(problem);
      return;
    }
    hideFallback();
    joinButton.disabled = true;
    setStatus(T.starting);
    getMedia().then(function (stream) {
      localStream = stream;
      cameraTrack = stream.getVideoTracks()[0] || null;
      localVideo.srcObject = stream;
      wantJoin = true;
      departed = {};
      pressed(muteButton, false, T.unmute, T.mute);
      pressed(cameraButton, false, T.camera_on, T.camera_off);
      pressed(shareButton, false, T.share_stop, T.share);
      inCallControls(true);
      joinButton.disabled = false;
      if (!send({ type: "call.join", appointment: appointment })) setStatus(T.server_lost);
    }).catch(function () {
      joinButton.disabled = false;
      setStatus(T.denied);
      showFallback(T.denied);
    });
  }

  function hangUp() {
    if (state.joined) {
      if (state.connected) send({ type: "call.state", appointment: appointment, state: "ended" });
      send({ type: "call.leave", appointment: appointment });
    }
    wantJoin = false;
    state.joined = false;
    state.remote = null;
    closePeer();
    stopMedia();
    inCallControls(false);
    setStatus(T.left);
  }

  function useVideo(track) {
    var pc = state.pc;
    if (!pc) return;
    if (videoSender) {
      videoSender.replaceTrack(track).catch(function (error) { console.warn("video", error); });
    } else if (track) {
      videoSender = pc.addTrack(track, localStream);   // sound only until now: renegotiated
    }
  }

  function stopSharing() {
    if (!screenTrack) return;
    var track = screenTrack;
    screenTrack = null;
    track.stop();
    useVideo(cameraTrack);
    localVideo.srcObject = localStream;
    pressed(shareButton, false, T.share_stop, T.share);
  }

  function toggleSharing() {
    if (screenTrack) { stopSharing(); return; }
    navigator.mediaDevices.getDisplayMedia({ video: true }).then(function (display) {
      screenTrack = display.getVideoTracks()[0];
      screenTrack.addEventListener("ended", stopSharing);   // the browser's own "Stop sharing"
      useVideo(screenTrack);
      localVideo.srcObject = display;
      pressed(shareButton, true, T.share_stop, T.share);
    }).catch(function () { setStatus(T.share_failed); });
  }

  /* ---- messages and documents ----------------------------------------------------------- */

  function safeUrl(text) {
    try {
      var url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : "";
    } catch (e) {
      return "";
    }
  }

  function appendWithLinks(parent, text) {
    var pattern = /https?:\/\/[^\s<>"']+/gi;
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      var raw = match[0].replace(/[.,;:!?)\]]+$/, "");
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var href = safeUrl(raw);
      if (href) {
        var link = document.createElement("a");
        link.href = href;
        link.textContent = raw;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        parent.appendChild(link);
      } else {
        parent.appendChild(document.createTextNode(raw));
      }
      last = match.index + raw.length;
      pattern.lastIndex = last;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function addChatLine(message) {
    var line = document.createElement("li");
    line.className = "ep-call-line" + (message.mine ? " is-mine" : "");
    var who = document.createElement("strong");
    who.textContent = (message.mine ? T.me : String(message.name || "")) + " : ";
    line.appendChild(who);
    appendWithLinks(line, String(message.text || ""));
    chatLines.appendChild(line);
    chatLines.scrollTop = chatLines.scrollHeight;
  }

  function addDocument(item) {
    var id = Number(item && item.id);
    var url = String((item && item.url) || "");
    if (!id || url.charAt(0) !== "/" || url.charAt(1) === "/") return;
    if (documentsList.querySelector('[data-document="' + id + '"]')) return;
    var entry = document.createElement("li");
    entry.dataset.document = String(id);
    var link = document.createElement("a");
    link.href = url;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = String(item.name || "document");
    entry.appendChild(link);
    documentsList.appendChild(entry);
    documentsEmpty.hidden = true;
  }

  function csrfToken() {
    var input = uploadForm.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  if (uploadForm && window.fetch && window.FormData) {
    uploadForm.addEventListener("submit", function (event) {
      event.preventDefault();
      uploadStatus.textContent = T.sending;
      fetch(uploadForm.action, {
        method: "POST",
        body: new FormData(uploadForm),
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (result) {
          if (!response.ok || !result.id) throw new Error(result.error || T.upload_failed);
          addDocument(result);
          uploadForm.reset();
          uploadStatus.textContent = T.sent;
        });
      }).catch(function (error) {
        uploadStatus.textContent = error && error.message ? error.message : T.upload_failed;
      });
    });
  }

  /* ---- start ------------------------------------------------------------------------------ */

  if (root.hasAttribute("data-closed")) return;   // the page says why; nothing to join
  controls.hidden = false;
  inCallControls(false);
  var problem = supported();
  if (problem) {
    joinButton.disabled = true;
    setStatus(problem);
    showFallback(problem);
    return;
  }
  setStatus(T.ready);
  joinButton.addEventListener("click", join);
  leaveButton.addEventListener("click", hangUp);
  muteButton.addEventListener("click", function () {
    var muted = muteButton.getAttribute("aria-pressed") !== "true";
    if (localStream) localStream.getAudioTracks().forEach(function (track) { track.enabled = !muted; });
    pressed(muteButton, muted, T.unmute, T.mute);
  });
  cameraButton.addEventListener("click", function () {
    var off = cameraButton.getAttribute("aria-pressed") !== "true";
    if (cameraTrack) cameraTrack.enabled = !off;
    pressed(cameraButton, off, T.camera_on, T.camera_off);
  });
  shareButton.addEventListener("click", toggleSharing);
  chatForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = chatInput.value.trim();
    if (!text || !state.joined) return;
    if (send({ type: "call.chat", appointment: appointment, text: text.slice(0, 500) })) chatInput.value = "";
  });
  window.addEventListener("pagehide", function () {
    if (state.joined && state.connected) send({ type: "call.state", appointment: appointment, state: "ended" });
  });
  connect();
})();
