// The hall's display board: polls a small JSON document every two seconds and redraws in place,
// so a new call shows within three seconds without reloading the page.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board) return;
  var url = board.dataset.url, every = parseInt(board.dataset.poll, 10) || 2000;
  var lastCall = null;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function template(id) { return document.getElementById(id).innerHTML.trim(); }

  function escape(text) {
    return String(text).replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; });
  }

  function render(data) {
    var latest = document.getElementById("board-latest");
    if (data.latest) {
      latest.innerHTML = template("board-latest-text").replace("__T__", escape(data.latest.ticket)).replace("__C__", escape(data.latest.counter));
      var key = data.latest.ticket + "@" + data.latest.called_at;
      if (lastCall !== null && key !== lastCall) {
        latest.classList.remove("flash");
        void latest.offsetWidth;  // restart the animation
        latest.classList.add("flash");
      }
      lastCall = key;
    } else {
      latest.textContent = template("board-empty-latest");
    }
    var counters = document.getElementById("board-counters");
    counters.replaceChildren.apply(counters, data.counters.map(function (c) {
      var tile = el("div", "board-tile" + (c.ticket ? " " + c.status : ""));
      tile.dataset.counter = c.number;
      tile.appendChild(el("span", "tile-counter", board.dataset.labelCounter + " " + c.number));
      tile.appendChild(el("span", "tile-ticket", c.ticket || "—"));
      return tile;
    }));
    var waiting = document.getElementById("board-waiting");
    var nodes = [el("h2", "", template("board-next-title"))];
    if (!data.waiting.length) nodes.push(el("p", "waiting-empty", template("board-empty-waiting")));
    data.waiting.forEach(function (g) {
      var row = el("div", "waiting-group");
      row.appendChild(el("span", "waiting-name", g.prefix + " · " + g.name));
      row.appendChild(el("span", "waiting-next", g.next.join("  ")));
      row.appendChild(el("span", "waiting-count", g.count + " " + board.dataset.labelWaiting));
      nodes.push(row);
    });
    waiting.replaceChildren.apply(waiting, nodes);
    board.dataset.updatedAt = data.updated_at;
  }

  function poll() {
    fetch(url, {cache: "no-store", headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { render(data); board.classList.remove("stale"); })
      .catch(function () { board.classList.add("stale"); })
      .finally(function () { setTimeout(poll, every); });
  }

  function tick() {
    var now = new Date();
    document.getElementById("board-clock").textContent =
      now.toLocaleTimeString(document.documentElement.lang || "vi", {hour: "2-digit", minute: "2-digit"});
  }

  tick();
  setInterval(tick, 10000);
  poll();
})();
