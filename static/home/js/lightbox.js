/* A keyboard-accessible lightbox for the photo albums. Without JavaScript, each thumbnail is a
   plain link to the large image. Escape closes, arrows move, focus stays in the dialog and goes
   back to the thumbnail on close. */
(function () {
  "use strict";
  var box = document.getElementById("lightbox");
  var links = Array.prototype.slice.call(document.querySelectorAll("[data-lightbox-item]"));
  if (!box || !links.length) return;
  var image = box.querySelector("[data-lightbox-image]");
  var caption = box.querySelector("[data-lightbox-caption]");
  var count = box.querySelector("[data-lightbox-count]");
  var closeButton = box.querySelector("[data-lightbox-close]");
  var current = 0;
  var opener = null;

  function show(index) {
    current = (index + links.length) % links.length;
    var link = links[current];
    image.src = link.getAttribute("href");
    image.alt = link.dataset.alt || "";
    var text = link.dataset.caption || "";
    if (link.dataset.credit) text += (text ? " " : "") + "© " + link.dataset.credit;
    caption.textContent = text;
    count.textContent = (current + 1) + " / " + links.length;
  }
  function open(index) {
    opener = links[index];
    show(index);
    box.hidden = false;
    document.body.classList.add("has-lightbox");
    closeButton.focus();
  }
  function close() {
    box.hidden = true;
    document.body.classList.remove("has-lightbox");
    image.src = "";
    if (opener) opener.focus();
  }
  links.forEach(function (link, index) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      open(index);
    });
  });
  closeButton.addEventListener("click", close);
  box.querySelector("[data-lightbox-prev]").addEventListener("click", function () { show(current - 1); });
  box.querySelector("[data-lightbox-next]").addEventListener("click", function () { show(current + 1); });
  box.addEventListener("click", function (event) { if (event.target === box) close(); });
  document.addEventListener("keydown", function (event) {
    if (box.hidden) return;
    if (event.key === "Escape") { event.preventDefault(); close(); }
    else if (event.key === "ArrowLeft") { show(current - 1); }
    else if (event.key === "ArrowRight") { show(current + 1); }
    else if (event.key === "Tab") {
      var focusable = Array.prototype.slice.call(box.querySelectorAll("button"));
      var first = focusable[0];
      var last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
      else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
    }
  });
})();
