/* wagtail-ehrenamt: show the "Print" button of the printable directory (it needs JavaScript). */
(function () {
  "use strict";
  var button = document.querySelector(".ehrenamt-print__button");
  if (!button || !window.print) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
