/* wagtail-ehrenamt: an OpenStreetMap map that loads only after the visitor consents.
 * Nothing is requested from the tile server before the button is pressed. Leaflet is
 * served from the package's own static files. */
(function () {
  "use strict";
  var leafletLoading = null;

  function loadLeaflet(box) {
    if (window.L) return Promise.resolve(window.L);
    if (leafletLoading) return leafletLoading;
    leafletLoading = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = box.getAttribute("data-leaflet-css");
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = box.getAttribute("data-leaflet-js");
      script.onload = function () { resolve(window.L); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return leafletLoading;
  }

  function show(box) {
    var consent = box.querySelector(".ehrenamt-map__consent");
    var canvas = box.querySelector(".ehrenamt-map__canvas");
    loadLeaflet(box).then(function (L) {
      consent.hidden = true;
      canvas.hidden = false;
      var lat = parseFloat(box.getAttribute("data-lat"));
      var lon = parseFloat(box.getAttribute("data-lon"));
      var map = L.map(canvas, { scrollWheelZoom: false }).setView([lat, lon], 16);
      L.tileLayer(box.getAttribute("data-tile-url"), {
        maxZoom: 19,
        attribution: box.getAttribute("data-attribution")
      }).addTo(map);
      L.marker([lat, lon], { title: box.getAttribute("data-label"), alt: box.getAttribute("data-label") }).addTo(map);
      canvas.focus();
    });
  }

  function init() {
    var boxes = document.querySelectorAll("[data-ehrenamt-map]");
    Array.prototype.forEach.call(boxes, function (box) {
      var consent = box.querySelector(".ehrenamt-map__consent");
      var button = box.querySelector("button");
      if (!consent || !button) return;
      consent.hidden = false;
      button.addEventListener("click", function () { show(box); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
