// The site chooser: with the browser's location (asked for, never sent to the server), the sites are
// listed nearest first with their distance.
(function () {
  "use strict";
  var list = document.getElementById("site-list");
  var button = document.getElementById("sites-locate");
  if (!list || !button || !navigator.geolocation) return;
  button.hidden = false;

  function km(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180, dp = (lat2 - lat1) * rad, dl = (lon2 - lon1) * rad;
    var a = Math.pow(Math.sin(dp / 2), 2) + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin(dl / 2), 2);
    return 2 * 6371 * Math.asin(Math.sqrt(a));
  }

  function sort(position) {
    var lat = position.coords.latitude, lon = position.coords.longitude;
    var items = Array.prototype.slice.call(list.querySelectorAll(".site-row"));
    items.forEach(function (item) {
      var d = item.dataset.lat ? km(lat, lon, parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)) : Infinity;
      item.dataset.distance = d;
      item.querySelector(".site-distance").textContent = isFinite(d) ? list.dataset.labelKm.replace("%(km)s", d.toFixed(1)) : "";
    });
    items.sort(function (a, b) { return parseFloat(a.dataset.distance) - parseFloat(b.dataset.distance); });
    items.forEach(function (item) { list.appendChild(item); });
  }

  function locate() {
    navigator.geolocation.getCurrentPosition(sort, function () {
      document.getElementById("sites-locate-note").textContent = list.dataset.labelDenied;
    }, { maximumAge: 600000, timeout: 10000 });
  }
  button.addEventListener("click", locate);
  locate();
})();
