// The offline-first roll call (DESIGN.md §6). Replaces the plain form of the page (which stays the
// roll call without JavaScript) with one big button per member: a tap cycles present → excused →
// absent; «Phát biểu» toggles for present members. Every tap is written to the IndexedDB outbox
// (static/js/outbox.js) before it is shown, and the outbox is sent when there is a network: on
// open, on `online`, every 15 s, after a tap, and by Background Sync where the browser has it.
(function () {
  "use strict";

  var root = document.getElementById("rollcall-app");
  var form = document.querySelector("[data-testid=rollcall-form]");
  var Outbox = window.DangboOutbox;
  if (!root || !Outbox || !window.indexedDB || !window.Promise || !window.fetch) return;

  var SYNC_EVERY_MS = 15000;
  var SYNC_AFTER_TAP_MS = 800;
  var NEXT = { none: "present", present: "excused", excused: "absent", absent: "present" };
  var scriptSrc = document.currentScript ? document.currentScript.src : "";
  var staticPrefix = scriptSrc ? new URL(scriptSrc).pathname.replace(/js\/rollcall\.js$/, "") : "/static/";

  var meetingId = Number(root.dataset.meetingId);
  var el = {
    list: root.querySelector("[data-testid=rollcall-list]"),
    count: root.querySelector("[data-testid=present-count]"),
    badge: root.querySelector("[data-testid=sync-badge]"),
    net: root.querySelector("[data-testid=net-state]"),
    notices: root.querySelector("[data-testid=sync-notices]"),
    empty: root.querySelector("[data-testid=rollcall-empty]"),
  };
  var state = {
    members: null, // [{id, name, exempt, guest}]
    server: {}, // member id → {status, spoke, recorded_at}: the server's current marks
    pending: [], // this meeting's outbox records, oldest first
    // Open from the meeting's day (on this phone's calendar) until the record is locked: a page
    // saved the day before still opens on the day, without a network.
    open: root.dataset.open === "1" || openByDate(root.dataset.opensOn, root.dataset.closed),
    loginNeeded: false,
    stopped: false,
    rendered: "",
  };
  var T = texts();
  var queue = Promise.resolve();
  var lastCreated = 0;
  var syncing = false;
  var syncTimer = null;
  var interval = null;

  function texts() {
    var out = {};
    var tpl = document.getElementById("rollcall-text");
    if (tpl && tpl.content) {
      tpl.content.querySelectorAll("[data-k]").forEach(function (node) {
        out[node.dataset.k] = node.textContent.trim();
      });
    }
    return out;
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  // Local changes run one after another, each on the state the previous one left.
  function enqueue(fn) {
    var next = queue.then(function () { return state.stopped ? undefined : fn(); });
    queue = next.catch(function (error) { console.error("Điểm danh:", error); });
    return next;
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // -- what is shown: the server's marks with the unsynced taps on top ---------------------------
  function effective(memberId) {
    for (var i = state.pending.length - 1; i >= 0; i--) {
      var r = state.pending[i];
      if (r.member_id === memberId) return { status: r.status, spoke: !!r.spoke };
    }
    var s = state.server[memberId];
    return s ? { status: s.status, spoke: !!s.spoke } : { status: "none", spoke: false };
  }

  function button(cls, testid, action, memberId) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = cls;
    b.dataset.testid = testid;
    b.dataset.action = action;
    b.dataset.memberId = String(memberId);
    return b;
  }

  function span(cls, text) {
    var s = document.createElement("span");
    s.className = cls;
    s.textContent = text;
    return s;
  }

  function buildRows() {
    var key = JSON.stringify(state.members);
    if (key === state.rendered) return;
    state.rendered = key;
    var fragment = document.createDocumentFragment();
    state.members.forEach(function (m) {
      var li = document.createElement("li");
      li.className = "rollcall-row";
      li.dataset.memberId = String(m.id);
      if (m.exempt) {
        li.classList.add("rollcall-exempt");
        li.dataset.testid = "exempt-" + m.id;
        li.appendChild(span("rollcall-name", m.name));
        li.appendChild(span("rollcall-state", T.exempt));
      } else {
        var mark = button("btn rollcall-mark", "mark-" + m.id, "mark", m.id);
        mark.appendChild(span("rollcall-name", m.name));
        if (m.guest) mark.appendChild(span("badge text-bg-info rollcall-guest", T.guest));
        mark.appendChild(span("rollcall-state", ""));
        var spoke = button("btn rollcall-spoke", "spoke-" + m.id, "spoke", m.id);
        var icon = document.createElement("i");
        icon.className = "bi bi-mic";
        icon.setAttribute("aria-hidden", "true");
        spoke.appendChild(icon);
        spoke.appendChild(span("rollcall-spoke-label", T.spoke));
        li.appendChild(mark);
        li.appendChild(spoke);
      }
      fragment.appendChild(li);
    });
    el.list.replaceChildren(fragment);
  }

  function update() {
    if (!state.members) return;
    buildRows();
    var expected = 0;
    var present = 0;
    state.members.forEach(function (m) {
      if (m.exempt) return;
      expected += 1;
      var mark = effective(m.id);
      if (mark.status === "present") present += 1;
      var row = el.list.querySelector('li[data-member-id="' + m.id + '"]');
      if (!row) return;
      var markButton = row.querySelector("[data-action=mark]");
      var spokeButton = row.querySelector("[data-action=spoke]");
      var label = mark.status === "none" ? T.none : T[mark.status];
      markButton.dataset.status = mark.status;
      markButton.querySelector(".rollcall-state").textContent = label;
      markButton.setAttribute("aria-label", m.name + ": " + label);
      markButton.disabled = !state.open;
      spokeButton.setAttribute("aria-pressed", mark.spoke ? "true" : "false");
      spokeButton.setAttribute("aria-label", m.name + ": " + T.spoke);
      spokeButton.classList.toggle("invisible", mark.status !== "present");
      spokeButton.disabled = !state.open || mark.status !== "present";
    });
    el.count.textContent = fill(T.count, { x: present, y: expected });
    var n = state.pending.length;
    el.badge.textContent = n ? fill(T.unsynced, { n: n }) : T.synced;
    el.badge.className = "badge rounded-pill fs-6 " + (n ? "text-bg-warning" : "text-bg-success");
    el.net.hidden = navigator.onLine !== false;
    el.empty.hidden = true;
    if (state.loginNeeded) showLoginNeeded();
  }

  function showLoginNeeded() {
    if (el.notices.querySelector("[data-k=login]")) return;
    notice(T.login, "login");
  }

  function notice(text, key) {
    var div = document.createElement("div");
    div.className = "alert alert-danger alert-dismissible";
    div.setAttribute("role", "alert");
    if (key) div.dataset.k = key;
    div.appendChild(document.createTextNode(text));
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.dataset.bsDismiss = "alert";
    close.setAttribute("aria-label", "Đóng");
    div.appendChild(close);
    el.notices.appendChild(div);
  }

  // Conflicts and rejections, each shown once (then forgotten on the device).
  function showNotices() {
    return Outbox.takeNotices(meetingId).then(function (found) {
      found.forEach(function (n) {
        var member = (state.members || []).filter(function (m) { return m.id === n.member_id; })[0];
        notice(fill(T.notice, {
          name: member ? member.name : T.unknown,
          status: T[n.status] || n.status,
          detail: n.detail || (n.outcome === "conflict" ? T.conflict : ""),
        }));
      });
    });
  }

  function loadPending() {
    return Outbox.pending(meetingId).then(function (records) { state.pending = records; });
  }

  function applyRoster(roster) {
    state.members = roster.members;
    state.server = roster.marks || {};
  }

  // -- taps ------------------------------------------------------------------------------------
  function record(memberId, kind, status, spoke) {
    var now = new Date();
    lastCreated = Math.max(now.getTime(), lastCreated + 1);
    return Outbox.add({
      client_id: Outbox.uuid(),
      meeting_id: meetingId,
      member_id: memberId,
      status: status,
      spoke: spoke,
      recorded_at: Outbox.isoNow(now),
      kind: kind,
      created: lastCreated,
      attempted: false,
    }).then(loadPending).then(function () {
      update();
      scheduleSync(SYNC_AFTER_TAP_MS);
    });
  }

  function tap(action, memberId) {
    if (!state.open || !state.members) return;
    enqueue(function () {
      var current = effective(memberId);
      if (action === "mark") {
        var next = NEXT[current.status] || "present";
        return record(memberId, "mark", next, next === "present" && current.spoke);
      }
      if (current.status !== "present") return undefined;
      return record(memberId, "spoke", "present", !current.spoke);
    });
  }

  el.list.addEventListener("click", function (event) {
    var target = event.target.closest("button[data-action]");
    if (!target || target.disabled) return;
    tap(target.dataset.action, Number(target.dataset.memberId));
  });

  function openByDate(opensOn, closed) {
    if (!opensOn || closed === "1") return false;
    var now = new Date();
    var today = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" +
      String(now.getDate()).padStart(2, "0");
    return today >= opensOn;
  }

  // -- the server ------------------------------------------------------------------------------
  function fetchRoster() {
    return fetch(root.dataset.rosterUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      cache: "no-store",
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        state.loginNeeded = true;
        return null;
      }
      if (!response.ok) return null;
      return response.json();
    }).then(function (payload) {
      if (!payload || !Array.isArray(payload.members)) return false;
      return enqueue(function () {
        var roster = Outbox.cleanRoster(meetingId, payload);
        var status = payload.meeting && payload.meeting.status;
        var locked = status === "approved" || status === "cancelled";
        state.open = !!payload.roll_call_open || openByDate(root.dataset.opensOn, locked ? "1" : "0");
        applyRoster(roster);
        update();
        return Outbox.saveRoster(roster).then(function () { return true; });
      });
    }, function () { return false; }); // no network: the roster on the device will do
  }

  // Send the outbox; resolves true when the server's marks were fetched again afterwards.
  function sync() {
    if (syncing || state.stopped) return Promise.resolve(false);
    if (navigator.onLine === false) {
      if (state.pending.length) backgroundSync(); // the browser sends them when it is back online
      return Promise.resolve(false);
    }
    syncing = true;
    var refreshed = false;
    return Outbox.syncAll({ csrfToken: csrfToken() }).then(function (outcome) {
      state.loginNeeded = false;
      if (!outcome.sent) return null;
      refreshed = true;
      return fetchRoster();
    }, function (error) {
      if (error && (error.status === 401 || error.status === 403)) {
        state.loginNeeded = true;
      } else {
        backgroundSync(); // the network failed: let the browser send them when it can
      }
    }).then(function () {
      syncing = false;
      return enqueue(function () {
        return loadPending().then(update).then(showNotices);
      });
    }).then(function () { return refreshed; });
  }

  // Every 15 s: send what waits, and see the marks other devices made meanwhile.
  function tick() {
    sync().then(function (refreshed) {
      if (!refreshed && !document.hidden && navigator.onLine !== false) return fetchRoster();
      return undefined;
    });
  }

  function scheduleSync(delay) {
    clearTimeout(syncTimer);
    syncTimer = setTimeout(sync, delay);
  }

  function backgroundSync() {
    if (!("serviceWorker" in navigator) || !window.SyncManager) return;
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.sync && registration.sync.register(Outbox.SYNC_TAG);
    }).catch(function () { /* not allowed here: the page's own sync will do */ });
  }

  // -- the service worker: the page shell for offline reloads ----------------------------------
  function cacheShell() {
    if (!window.caches) return Promise.resolve();
    var urls = [location.pathname];
    document.querySelectorAll("link[rel~=stylesheet][href], link[rel~=icon][href], script[src]")
      .forEach(function (node) { urls.push(node.href || node.src); });
    if (window.performance && performance.getEntriesByType) {
      performance.getEntriesByType("resource").forEach(function (entry) {
        var url = new URL(entry.name, location.href);
        if (url.origin === location.origin && url.pathname.indexOf(staticPrefix) === 0) urls.push(url.href);
      });
    }
    var unique = urls.filter(function (url, i) {
      return new URL(url, location.href).origin === location.origin && urls.indexOf(url) === i;
    });
    return caches.open(Outbox.CACHE).then(function (cache) {
      return Promise.all(unique.map(function (url) {
        return cache.add(url).catch(function () { /* offline or gone: keep the old copy */ });
      }));
    });
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register(root.dataset.swUrl, { scope: root.dataset.swScope })
      .catch(function (error) { console.warn("Điểm danh: không đăng ký được service worker", error); });
    navigator.serviceWorker.ready.then(function () {
      if (navigator.onLine === false) return undefined;
      return cacheShell().then(function () { root.dataset.shellCached = "1"; });
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "dangbo-rollcall-synced") {
        fetchRoster().then(function () {
          return enqueue(function () { return loadPending().then(update).then(showNotices); });
        });
      }
    });
  }

  // -- start -----------------------------------------------------------------------------------
  function start() {
    form.hidden = true;
    root.hidden = false;
    var owner = String(root.dataset.user || "");
    return enqueue(function () {
      return Outbox.getMeta("owner").then(function (previous) {
        // Another user's roll call on this device (they never logged out): not theirs to see.
        if (previous && previous !== owner) return Outbox.clear();
        return undefined;
      }).then(function () {
        return Promise.all([
          Outbox.setMeta("owner", owner),
          Outbox.setMeta("csrf", csrfToken()),
          Outbox.getMeta("device").then(function (device) {
            return device || Outbox.setMeta("device", Outbox.uuid());
          }),
          Outbox.getRoster(meetingId).then(function (roster) { if (roster) applyRoster(roster); }),
          loadPending(),
        ]);
      }).then(update);
    }).then(function () {
      return fetchRoster();
    }).then(function (fresh) {
      if (!state.members) {
        if (navigator.onLine === false) {
          el.empty.hidden = false;
        } else if (!fresh) {
          root.hidden = true; // the API is not answering: the plain form still works
          form.hidden = false;
        }
      }
      root.dataset.ready = "1";
      return sync();
    });
  }

  window.addEventListener("online", function () {
    update();
    tick();
  });
  window.addEventListener("offline", update);
  document.addEventListener("dangbo:logout", function () {
    state.stopped = true;
    clearTimeout(syncTimer);
    clearInterval(interval);
    Outbox.close();
  });
  interval = setInterval(tick, SYNC_EVERY_MS);
  registerWorker();
  start().catch(function (error) {
    console.error("Điểm danh:", error);
    root.hidden = true;
    form.hidden = false;
  });
})();
