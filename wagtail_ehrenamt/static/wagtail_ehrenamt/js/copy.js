/* wagtail-ehrenamt: "Copy address" buttons of the subscribe box.
 * Progressive enhancement: the button is hidden in the HTML and shown here; without
 * JavaScript the address stays a selectable read-only field. The result is announced in a
 * role="status" element (data-ehrenamt-copy-status) and shown next to the button.
 * No inline script: works under a Content-Security-Policy of script-src 'self'. */
(function () {
  "use strict";
  function report(status, message) {
    if (!status) return;
    status.textContent = "";
    // Set after a tick, so screen readers announce the same message again on a second copy.
    window.setTimeout(function () { status.textContent = message; }, 100);
  }
  function fallbackCopy(field) {
    field.focus();
    field.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
  function setup(root) {
    var buttons = (root || document).querySelectorAll("[data-ehrenamt-copy]:not([data-ehrenamt-ready])");
    Array.prototype.forEach.call(buttons, function (button) {
      var field = document.getElementById(button.getAttribute("data-ehrenamt-copy"));
      var status = document.getElementById(button.getAttribute("data-ehrenamt-copy-status"));
      if (!field) return;
      button.setAttribute("data-ehrenamt-ready", "");
      button.hidden = false;
      button.addEventListener("click", function () {
        var copied = button.getAttribute("data-copied");
        var failed = button.getAttribute("data-failed");
        function fallback() {
          var ok = fallbackCopy(field);
          if (ok) button.focus();
          report(status, ok ? copied : failed);
        }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(function () {
            report(status, copied);
          }, fallback);
        } else {
          fallback();
        }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setup(); });
  } else {
    setup();
  }
})();
