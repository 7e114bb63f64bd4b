// Date boxes written day first (center/dates.py DayFirstDateInput): the calendar button opens the
// browser's own picker on a hidden date input and writes the chosen day back as dd/mm/yyyy, so a
// browser set to a month-first locale never decides how the typed text is read.
(function () {
  "use strict";
  function iso(text) {
    var m = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})\s*$/.exec(text || "");
    if (m) return m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2);
    return /^\d{4}-\d{2}-\d{2}$/.test(text || "") ? text : "";
  }
  function dayFirst(value) {
    var p = value.split("-");
    return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] : "";
  }
  document.querySelectorAll("[data-date-pick]").forEach(function (button) {
    var box = button.parentNode.querySelector("input");
    var picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.className = "date-pick-native";
    picker.setAttribute("aria-hidden", "true");
    button.parentNode.insertBefore(picker, button.nextSibling);
    if (typeof picker.showPicker !== "function") return; // no picker to open: typing is the way
    button.hidden = false;
    button.addEventListener("click", function () {
      picker.value = iso(box.value);
      try { picker.showPicker(); } catch (e) { box.focus(); }
    });
    picker.addEventListener("change", function () {
      if (picker.value) {
        box.value = dayFirst(picker.value);
        box.dispatchEvent(new Event("change", { bubbles: true }));
      }
      box.focus();
    });
  });
})();
