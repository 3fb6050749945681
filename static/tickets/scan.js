/* Scan a ticket's QR code with the phone's camera where the browser offers it (BarcodeDetector);
   elsewhere the button stays hidden and the reference is typed. The code holds the register
   page's address with ?reference=: the reference is put in the field and checked. */
(function () {
  "use strict";
  var form = document.querySelector("[data-register]");
  if (!form || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var button = form.querySelector("[data-scan]");
  var box = form.querySelector("[data-scanner]");
  var video = form.querySelector("[data-video]");
  var status = form.querySelector("[data-scan-status]");
  var input = form.querySelector("input[name=reference]");
  var stream = null;
  var detector = null;
  button.hidden = false;

  function stop() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    box.hidden = true;
  }

  function found(text) {
    var reference = text;
    try { reference = new URL(text, window.location.href).searchParams.get("reference") || text; } catch (e) {}
    input.value = reference;
    stop();
    form.submit();
  }

  function tick() {
    if (!stream) return;
    detector.detect(video).then(function (codes) {
      if (codes.length) { found(codes[0].rawValue); } else { window.setTimeout(tick, 250); }
    }).catch(function () { window.setTimeout(tick, 500); });
  }

  button.addEventListener("click", function () {
    detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s;
      video.srcObject = s;
      box.hidden = false;
      status.textContent = "";
      video.play();
      tick();
    }).catch(function () {
      box.hidden = false;
      status.textContent = form.getAttribute("data-camera-refused") || "";
    });
  });
  form.querySelector("[data-scan-stop]").addEventListener("click", stop);
})();
