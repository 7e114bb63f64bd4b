// Supervision filters: show only the inputs of the chosen kind of period (all stay usable without JS).
(function () {
  var select = document.getElementById("id_period");
  if (!select) return;
  var groups = { month: ["month"], quarter: ["quarter", "year"], year: ["year"], custom: ["from", "to"] };
  var all = ["month", "quarter", "year", "from", "to"];
  function update() {
    var shown = groups[select.value || "month"] || [];
    all.forEach(function (name) {
      var box = document.querySelector(".sup-field-" + name);
      if (box) box.hidden = shown.indexOf(name) === -1;
    });
  }
  select.addEventListener("change", update);
  update();
})();
