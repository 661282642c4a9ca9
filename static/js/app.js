// Site-wide behaviour (every page). Logging out clears what the roll call left on this device —
// the cached roster, the outbox of unsynced marks, the service worker's caches — after asking
// first if some marks have not reached the server yet.
(function () {
  "use strict";

  var DB_NAME = "dangbo-rollcall";
  var CACHE_PREFIX = "dangbo-";
  var BLOCKED_WAIT_MS = 3000;

  // How many marks wait in the outbox; 0 without opening (and so creating) the database when
  // the device never had a roll call.
  function unsynced() {
    if (!window.indexedDB) return Promise.resolve(0);
    return new Promise(function (resolve) {
      var request;
      try {
        request = indexedDB.open(DB_NAME);
      } catch (error) {
        resolve(0);
        return;
      }
      request.onupgradeneeded = function () {
        request.transaction.abort(); // it did not exist: leave it so
      };
      request.onerror = function () { resolve(0); };
      request.onsuccess = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("outbox")) {
          db.close();
          resolve(0);
          return;
        }
        var count = db.transaction("outbox").objectStore("outbox").count();
        count.onsuccess = function () { db.close(); resolve(count.result); };
        count.onerror = function () { db.close(); resolve(0); };
      };
    });
  }

  function deleteDatabase() {
    if (!window.indexedDB) return Promise.resolve();
    return new Promise(function (resolve) {
      var request = indexedDB.deleteDatabase(DB_NAME);
      var timer = setTimeout(resolve, BLOCKED_WAIT_MS); // a page elsewhere does not let go
      request.onsuccess = request.onerror = function () { clearTimeout(timer); resolve(); };
    });
  }

  function deleteCaches() {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf(CACHE_PREFIX) === 0;
      }).map(function (key) { return caches.delete(key); }));
    }).catch(function () {});
  }

  function unregisterWorkers() {
    if (!("serviceWorker" in navigator) || !navigator.serviceWorker.getRegistrations) {
      return Promise.resolve();
    }
    return navigator.serviceWorker.getRegistrations().then(function (registrations) {
      return Promise.all(registrations.map(function (r) { return r.unregister(); }));
    }).catch(function () {});
  }

  function clearDevice() {
    document.dispatchEvent(new CustomEvent("dangbo:logout")); // the roll call lets go of the database
    return Promise.all([deleteDatabase(), deleteCaches(), unregisterWorkers()]);
  }

  function onLogout(event) {
    var form = event.target;
    if (form.dataset.cleared === "1") return; // already cleared: let it go
    event.preventDefault();
    unsynced().then(function (n) {
      if (n > 0 && !window.confirm(
        "Còn " + n + " điểm danh chưa đồng bộ. Đăng xuất sẽ xóa chúng. Vẫn đăng xuất?"
      )) {
        return false;
      }
      return clearDevice().then(function () { return true; });
    }).then(function (go) {
      if (!go) return;
      form.dataset.cleared = "1";
      form.submit();
    }, function () {
      form.dataset.cleared = "1";
      form.submit();
    });
  }

  function init() {
    var logout = document.querySelector("[data-testid=logout]");
    var form = logout && logout.closest("form");
    if (form) form.addEventListener("submit", onLogout);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
