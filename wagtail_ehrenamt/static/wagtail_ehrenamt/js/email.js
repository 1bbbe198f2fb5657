/* wagtail-ehrenamt: turn protected e-mail addresses into mailto links.
 * The HTML holds the address reversed and base64-encoded in data-ehrenamt-email, plus a
 * readable fallback ("name [at] domain [dot] de") for visitors without JavaScript. */
(function () {
  "use strict";
  function decode(encoded) {
    var binary = window.atob(encoded);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return Array.from(new TextDecoder("utf-8").decode(bytes)).reverse().join("");
  }
  function reveal(root) {
    var nodes = (root || document).querySelectorAll("[data-ehrenamt-email]:not([data-ehrenamt-decoded])");
    Array.prototype.forEach.call(nodes, function (node) {
      var address;
      try { address = decode(node.getAttribute("data-ehrenamt-email")); } catch (e) { return; }
      if (address.indexOf("@") < 1) return;
      var link = document.createElement("a");
      link.href = "mailto:" + address;
      var label = node.getAttribute("data-label");
      if (label) {
        link.textContent = label;
      } else {
        // On a narrow screen the address breaks after the "@" or before a dot, not mid-word
        // (no lookbehind in the pattern: older Safari would reject the whole script).
        address.replace(/@/g, "@\n").replace(/\./g, "\n.").split("\n").forEach(function (part, index) {
          if (index) link.appendChild(document.createElement("wbr"));
          link.appendChild(document.createTextNode(part));
        });
      }
      node.textContent = "";
      node.appendChild(link);
      node.setAttribute("data-ehrenamt-decoded", "");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { reveal(); });
  } else {
    reveal();
  }
  window.ehrenamtRevealEmails = reveal;
})();
