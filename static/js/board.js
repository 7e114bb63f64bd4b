// The hall's display board, on a TV that cannot scroll: polls a small JSON document every two seconds and
// redraws in place (a new call shows within three seconds, no reload), lays the counters out so that all
// of them fit the screen, reads each new call aloud from recorded clips, and shows the center's time.
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

  // --- layout: every counter on screen ------------------------------------------------------------------
  // Tiles fill a grid of `cols` x `rows`; the ticket number's size follows its tile (counters.css: 50% of
  // the tile's height, 26% of its width, whichever is smaller). Choose the column count that makes that
  // number largest for the area the counters have on this screen.
  function bestColumns(count, width, height, gap) {
    var best = 1, bestSize = 0;
    for (var cols = 1; cols <= count; cols++) {
      var rows = Math.ceil(count / cols);
      var tileWidth = (width - (cols - 1) * gap) / cols, tileHeight = (height - (rows - 1) * gap) / rows;
      var size = Math.min(0.5 * tileHeight, 0.26 * tileWidth);
      if (size > bestSize) { best = cols; bestSize = size; }
    }
    return best;
  }

  function layout() {
    var counters = document.getElementById("board-counters");
    var count = counters.children.length || 1;
    var gap = parseFloat(getComputedStyle(counters).rowGap) || 0;
    var cols = bestColumns(count, counters.clientWidth, counters.clientHeight, gap);
    counters.style.setProperty("--cols", cols);
    counters.style.setProperty("--rows", Math.ceil(count / cols));
    var waiting = document.getElementById("board-waiting");
    waiting.style.setProperty("--groups", Math.max(waiting.querySelectorAll(".waiting-group").length, 1));
  }

  // --- calls read aloud ---------------------------------------------------------------------------------
  // The display PC's browser has no Vietnamese voice: each call is a sequence of short recorded clips
  // (chime, "Mời số", the ticket, "đến quầy", the counter; counters/announce.py) decoded once and played
  // back to back with the Web Audio API, one announcement at a time. A TV kiosk browser is started with
  // --autoplay-policy=no-user-gesture-required (README); otherwise sound starts after a click or a key.
  var clipUrls = JSON.parse(document.getElementById("board-clips").textContent);
  var announcer = window.boardAnnouncer = {queued: [], played: [], skipped: []};
  var queue = [], busy = false, audio = null, decoded = {};
  var soundHint = document.getElementById("board-sound");

  function context() {
    if (!audio) {
      var AudioContext = window.AudioContext || window.webkitAudioContext;
      if (!AudioContext) return null;
      audio = new AudioContext();
    }
    return audio;
  }

  function clip(name) {
    if (!decoded[name]) {
      decoded[name] = fetch(clipUrls[name])
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.arrayBuffer(); })
        .then(function (bytes) { return context().decodeAudioData(bytes); });
    }
    return decoded[name];
  }

  function running(ctx) {
    if (ctx.state === "running") return Promise.resolve(true);
    // Without the kiosk flag or a user gesture the context stays suspended: do not wait for ever.
    var timeout = new Promise(function (resolve) { setTimeout(function () { resolve(false); }, 1000); });
    return Promise.race([ctx.resume().then(function () { return ctx.state === "running"; }), timeout]);
  }

  function playNext() {
    if (busy || !queue.length) return;
    var clips = queue.shift(), ctx = context();
    busy = true;
    function done(list) { list.push(clips); busy = false; playNext(); }
    if (!ctx) return done(announcer.skipped);
    running(ctx).then(function (ok) {
      soundHint.hidden = ok;
      if (!ok) return done(announcer.skipped);
      return Promise.all(clips.map(clip)).then(function (buffers) {
        var at = ctx.currentTime + 0.05, source = null;
        buffers.forEach(function (buffer) {
          source = ctx.createBufferSource();
          source.buffer = buffer;
          source.connect(ctx.destination);
          source.start(at);
          at += buffer.duration;
        });
        board.dataset.announcing = clips.join(" ");
        source.onended = function () { delete board.dataset.announcing; done(announcer.played); };
      });
    }).catch(function () { done(announcer.skipped); });
  }

  function announce(clips) {
    clips = clips.filter(function (name) { return name in clipUrls; });  // a prefix letter without a clip
    announcer.queued.push(clips);
    board.dataset.lastAnnouncement = clips.join(" ");
    queue.push(clips);
    playNext();
  }

  function unlockSound() { var ctx = context(); if (ctx) ctx.resume(); soundHint.hidden = true; }
  document.addEventListener("click", unlockSound);
  document.addEventListener("keydown", unlockSound);

  // Calls already on the board when it opens are not read out; every call seen after that is, once (a
  // recall is a new call: its time changes).
  var heard = null;
  function announceNewCalls(calls) {
    var keys = calls.map(function (c) { return c.ticket + "@" + c.called_at; });
    if (heard !== null) {
      calls.forEach(function (c, i) { if (!heard.has(keys[i])) announce(c.clips); });
    }
    heard = new Set(keys);  // only the calls on the board now: a served call does not come back
  }

  // --- drawing ------------------------------------------------------------------------------------------
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
      var count = el("span", "waiting-count", g.count + " " + board.dataset.labelWaiting);
      if (g.wait_minutes !== null && g.wait_minutes !== undefined) {
        count.appendChild(document.createTextNode(" · "));
        count.appendChild(el("span", "waiting-estimate", board.dataset.labelWait.replace("%(m)s", g.wait_minutes)));
      }
      row.appendChild(count);
      nodes.push(row);
    });
    waiting.replaceChildren.apply(waiting, nodes);
    layout();
    announceNewCalls(data.calls || []);
    board.dataset.updatedAt = data.updated_at;
  }

  function poll() {
    fetch(url, {cache: "no-store", headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { render(data); board.classList.remove("stale"); })
      .catch(function () { board.classList.add("stale"); })
      .finally(function () { setTimeout(poll, every); });
  }

  // --- the clock: the center's time, whatever zone the display PC is set to ------------------------------
  var clockFormat = new Intl.DateTimeFormat(document.documentElement.lang || "vi", {
    hour: "2-digit", minute: "2-digit", hour12: false, timeZone: board.dataset.timeZone || "Asia/Ho_Chi_Minh"
  });
  function tick() { document.getElementById("board-clock").textContent = clockFormat.format(new Date()); }

  layout();
  window.addEventListener("resize", layout);
  tick();
  setInterval(tick, 10000);
  poll();
})();
