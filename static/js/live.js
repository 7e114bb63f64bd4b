// A site's live wait (counters/public_views.py): polls the site's data every few seconds and redraws the
// table; the server's numbers are the page's (counters/waits.py).
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) return;
  var poll = parseInt(live.dataset.poll, 10) || 5000;

  function cell(cls, text) {
    var td = document.createElement("td");
    td.className = "num " + cls;
    td.textContent = text;
    return td;
  }

  function draw(data) {
    var rows = data.groups.map(function (g) {
      var tr = document.createElement("tr");
      tr.dataset.group = g.code;
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = g.code + " · " + g.name;
      tr.appendChild(th);
      tr.appendChild(cell("live-waiting", String(g.waiting)));
      tr.appendChild(cell("live-counters", String(g.counters_open)));
      var wait = g.estimated_wait_minutes === null ? live.dataset.labelNone
        : live.dataset.labelWait.replace("%(m)s", g.estimated_wait_minutes);
      tr.appendChild(cell("live-wait", wait));
      return tr;
    });
    var body = document.getElementById("live-rows");
    body.replaceChildren.apply(body, rows);
    var badge = document.getElementById("live-open");
    badge.textContent = data.open_now ? live.dataset.labelOpen : live.dataset.labelClosed;
    badge.className = "badge" + (data.open_now ? " done" : "");
    document.getElementById("live-updated").textContent = new Date(data.updated_at).toLocaleTimeString();
  }

  function refresh() {
    fetch(live.dataset.url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) draw(data); })
      .catch(function () { /* next poll retries */ })
      .finally(function () { setTimeout(refresh, poll); });
  }
  setTimeout(refresh, poll);
})();
