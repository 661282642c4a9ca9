// The roll call's store on the device (IndexedDB), shared by the page and the service worker
// (which loads it with importScripts). It keeps only what the roll call needs: per meeting the
// member ids, names, exempt/guest flags and the server's marks; the outbox of taps not yet
// acknowledged by the server; a few notices to show once; the CSRF token for Background Sync.
// Contract of the sync endpoint: CONTRACTS.md §3.
(function (global) {
  "use strict";

  var DB_NAME = "dangbo-rollcall";
  var DB_VERSION = 1;
  var SYNC_URL = "/api/v1/attendance/sync";
  var BATCH = 500; // the endpoint takes at most 500 records at a time
  var COALESCE_MS = 10000; // taps on one button within this window are one change
  var LOCK = "dangbo-rollcall-sync";
  var dbPromise = null;

  function promisify(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function done(tx) {
    return new Promise(function (resolve, reject) {
      tx.oncomplete = function () { resolve(); };
      tx.onerror = function () { reject(tx.error); };
      tx.onabort = function () { reject(tx.error || new Error("aborted")); };
    });
  }

  function open() {
    if (dbPromise) return dbPromise;
    dbPromise = new Promise(function (resolve, reject) {
      var request = global.indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("rosters")) db.createObjectStore("rosters", { keyPath: "meeting_id" });
        if (!db.objectStoreNames.contains("outbox")) {
          db.createObjectStore("outbox", { keyPath: "client_id" }).createIndex("meeting", "meeting_id");
        }
        if (!db.objectStoreNames.contains("notices")) db.createObjectStore("notices", { keyPath: "client_id" });
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta", { keyPath: "key" });
      };
      request.onsuccess = function () {
        var db = request.result;
        // Logging out deletes the database: let it, from any page or worker holding it open.
        db.onversionchange = function () { db.close(); dbPromise = null; };
        db.onclose = function () { dbPromise = null; };
        resolve(db);
      };
      request.onerror = function () { dbPromise = null; reject(request.error); };
      request.onblocked = function () { /* another version is open; it closes on versionchange */ };
    });
    return dbPromise;
  }

  function close() {
    if (!dbPromise) return Promise.resolve();
    var p = dbPromise;
    dbPromise = null;
    return p.then(function (db) { db.close(); }, function () {});
  }

  function byCreated(a, b) { return a.created - b.created; }

  // -- the roster: only ids, names, flags and marks --------------------------------------------
  function cleanRoster(meetingId, payload) {
    var marks = {};
    (payload.attendance || []).forEach(function (a) {
      marks[a.member_id] = { status: a.status, spoke: !!a.spoke, recorded_at: a.recorded_at };
    });
    return {
      meeting_id: meetingId,
      members: (payload.members || []).map(function (m) {
        return { id: m.id, name: m.name, exempt: !!m.exempt, guest: !!m.guest };
      }),
      marks: marks,
    };
  }

  function saveRoster(roster) {
    return open().then(function (db) {
      var tx = db.transaction("rosters", "readwrite");
      tx.objectStore("rosters").put(roster);
      return done(tx);
    });
  }

  function getRoster(meetingId) {
    return open().then(function (db) {
      return promisify(db.transaction("rosters").objectStore("rosters").get(meetingId));
    });
  }

  // -- the outbox --------------------------------------------------------------------------------
  function pending(meetingId) {
    return open().then(function (db) {
      var store = db.transaction("outbox").objectStore("outbox");
      var request = meetingId == null ? store.getAll() : store.index("meeting").getAll(meetingId);
      return promisify(request);
    }).then(function (records) { return records.sort(byCreated); });
  }

  function count() {
    return open().then(function (db) {
      return promisify(db.transaction("outbox").objectStore("outbox").count());
    });
  }

  // Add one tap. If the member's latest record is of the same kind (a mark, or a «spoke»
  // toggle), was made moments ago and never left the device, the new record replaces it:
  // cycling present → excused is one change, not two. A record that may have reached the
  // server (attempted) is never replaced.
  function add(record) {
    return open().then(function (db) {
      var tx = db.transaction("outbox", "readwrite");
      var store = tx.objectStore("outbox");
      store.index("meeting").getAll(record.meeting_id).onsuccess = function (event) {
        var mine = event.target.result
          .filter(function (r) { return r.member_id === record.member_id; })
          .sort(byCreated);
        var last = mine[mine.length - 1];
        if (last && last.kind === record.kind && !last.attempted &&
            record.created - last.created < COALESCE_MS) {
          store.delete(last.client_id);
        }
        store.put(record);
      };
      return done(tx);
    });
  }

  // The next records to send, marked as attempted in the same transaction.
  function take(limit) {
    return open().then(function (db) {
      var tx = db.transaction("outbox", "readwrite");
      var store = tx.objectStore("outbox");
      var batch = [];
      store.getAll().onsuccess = function (event) {
        batch = event.target.result.sort(byCreated).slice(0, limit);
        batch.forEach(function (r) {
          if (!r.attempted) { r.attempted = true; store.put(r); }
        });
      };
      return done(tx).then(function () { return batch; });
    });
  }

  // The server answered for these records: they leave the outbox; conflicts and rejections
  // are kept as notices for the page to show once.
  function acknowledge(batch, results) {
    var byId = {};
    batch.forEach(function (r) { byId[r.client_id] = r; });
    return open().then(function (db) {
      var tx = db.transaction(["outbox", "notices"], "readwrite");
      var outbox = tx.objectStore("outbox");
      var notices = tx.objectStore("notices");
      results.forEach(function (result) {
        var record = byId[result.client_id];
        if (!record) return;
        outbox.delete(result.client_id);
        if (result.outcome === "conflict" || result.outcome === "rejected") {
          notices.put({
            client_id: record.client_id,
            meeting_id: record.meeting_id,
            member_id: record.member_id,
            status: record.status,
            outcome: result.outcome,
            detail: result.detail || "",
          });
        }
      });
      return done(tx);
    });
  }

  function takeNotices(meetingId) {
    return open().then(function (db) {
      var tx = db.transaction("notices", "readwrite");
      var store = tx.objectStore("notices");
      var found = [];
      store.getAll().onsuccess = function (event) {
        found = event.target.result.filter(function (n) { return n.meeting_id === meetingId; });
        found.forEach(function (n) { store.delete(n.client_id); });
      };
      return done(tx).then(function () { return found; });
    });
  }

  function setMeta(key, value) {
    return open().then(function (db) {
      var tx = db.transaction("meta", "readwrite");
      tx.objectStore("meta").put({ key: key, value: value });
      return done(tx);
    });
  }

  function getMeta(key) {
    return open().then(function (db) {
      return promisify(db.transaction("meta").objectStore("meta").get(key));
    }).then(function (row) { return row ? row.value : null; });
  }

  // Forget everything on this device (another user opened the roll call).
  function clear() {
    return open().then(function (db) {
      var names = ["rosters", "outbox", "notices", "meta"];
      var tx = db.transaction(names, "readwrite");
      names.forEach(function (name) { tx.objectStore(name).clear(); });
      return done(tx);
    });
  }

  // -- sending ---------------------------------------------------------------------------------
  function SyncError(status, message) {
    this.name = "SyncError";
    this.status = status;
    this.message = message;
  }
  SyncError.prototype = Object.create(Error.prototype);

  function wire(r) {
    return {
      client_id: r.client_id,
      meeting_id: r.meeting_id,
      member_id: r.member_id,
      status: r.status,
      spoke: !!r.spoke,
      recorded_at: r.recorded_at,
    };
  }

  function post(records, csrfToken, deviceId) {
    return global.fetch(SYNC_URL, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": csrfToken || "",
        "X-Requested-With": "XMLHttpRequest",
      },
      body: JSON.stringify({ device_id: deviceId || "", records: records.map(wire) }),
    });
  }

  // Send one batch; returns the server's results. A batch the server cannot read at all (a
  // 400/422, e.g. a device clock in 1970) is retried record by record so one bad record does
  // not hold the others back forever; a lone bad record is answered as rejected.
  function sendBatch(batch, csrfToken, deviceId) {
    return post(batch, csrfToken, deviceId).then(function (response) {
      if (response.ok) return response.json().then(function (body) { return body.results || []; });
      if (response.status === 400 || response.status === 422) {
        if (batch.length === 1) {
          return [{
            client_id: batch[0].client_id,
            outcome: "rejected",
            detail: "Máy chủ không đọc được bản ghi (kiểm tra ngày giờ của máy).",
          }];
        }
        return batch.reduce(function (chain, record) {
          return chain.then(function (all) {
            return sendBatch([record], csrfToken, deviceId).then(function (r) { return all.concat(r); });
          });
        }, Promise.resolve([]));
      }
      throw new SyncError(response.status, "HTTP " + response.status);
    });
  }

  function withLock(fn) {
    var locks = global.navigator && global.navigator.locks;
    if (locks && locks.request) return locks.request(LOCK, fn);
    return fn();
  }

  // Send the whole outbox, batch after batch. Resolves with {sent, results}; rejects with a
  // SyncError (401/403: not logged in or stale CSRF token) or a network TypeError.
  function syncAll(options) {
    options = options || {};
    return withLock(function () {
      var all = [];
      var sent = 0;
      function round() {
        return take(BATCH).then(function (batch) {
          if (!batch.length) return { sent: sent, results: all };
          return Promise.resolve(options.csrfToken || getMeta("csrf")).then(function (token) {
            return Promise.resolve(options.deviceId || getMeta("device")).then(function (device) {
              return sendBatch(batch, token, device);
            });
          }).then(function (results) {
            sent += batch.length;
            all = all.concat(results);
            return acknowledge(batch, results).then(function () {
              var answered = {};
              results.forEach(function (r) { answered[r.client_id] = true; });
              // Stop if the server left something unanswered (it never should): no busy loop.
              if (!batch.every(function (r) { return answered[r.client_id]; })) {
                return { sent: sent, results: all };
              }
              return batch.length === BATCH ? round() : { sent: sent, results: all };
            });
          });
        });
      }
      return round();
    });
  }

  function uuid() {
    if (global.crypto && global.crypto.randomUUID) return global.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    global.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); });
    return hex.slice(0, 4).join("") + "-" + hex.slice(4, 6).join("") + "-" + hex.slice(6, 8).join("") +
      "-" + hex.slice(8, 10).join("") + "-" + hex.slice(10).join("");
  }

  // The device's time with its UTC offset, e.g. 2026-11-21T19:05:03.120+07:00.
  function isoNow(date) {
    var d = date || new Date();
    function pad(n, w) { return String(n).padStart(w || 2, "0"); }
    var offset = -d.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    offset = Math.abs(offset);
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" +
      pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()) + "." +
      pad(d.getMilliseconds(), 3) + sign + pad(Math.floor(offset / 60)) + ":" + pad(offset % 60);
  }

  global.DangboOutbox = {
    DB_NAME: DB_NAME,
    SYNC_TAG: "dangbo-rollcall-sync",
    CACHE: "dangbo-rollcall-v1",
    open: open,
    close: close,
    cleanRoster: cleanRoster,
    saveRoster: saveRoster,
    getRoster: getRoster,
    pending: pending,
    count: count,
    add: add,
    takeNotices: takeNotices,
    setMeta: setMeta,
    getMeta: getMeta,
    clear: clear,
    syncAll: syncAll,
    SyncError: SyncError,
    uuid: uuid,
    isoNow: isoNow,
  };
})(self);
