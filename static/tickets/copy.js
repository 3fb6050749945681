/* The "Copy the link" button beside a read-only field (the learner's personal link). Without
   script the button stays hidden and the field is selected and copied by hand. */
(function () {
  "use strict";
  document.querySelectorAll("[data-select-all]").forEach(function (field) {
    field.addEventListener("focus", function () { field.select(); });
  });
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = button.closest("section") && button.closest("section").querySelector("[data-copy-status]");
    if (!field) return;
    function say(text) { if (status) status.textContent = text; }
    function fallback() {
      field.focus();
      field.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      say(done ? button.dataset.copied : button.dataset.failed);
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () { say(button.dataset.copied); }, fallback);
      } else {
        fallback();
      }
    });
  });
})();
