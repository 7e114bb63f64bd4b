// Printed slips: the Print button opens the browser's print dialog (no inline handler: the CSP forbids them).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print-slip");
  if (button) button.addEventListener("click", function () { window.print(); });
});
