// A ticket just taken at the kiosk prints itself, then the kiosk returns to its start page.
window.addEventListener("load", function () {
  window.print();
  setTimeout(function () { window.location.href = document.getElementById("kiosk-back").href; }, 15000);
});
