// Đảng bộ số — the roll call's service worker (served at /sw.js by dangbo.meetings.pwa, which
// fills in the static prefix and the address of outbox.js). The roll-call page registers it.
//
// - The roll-call page (/hop/<id>/diem-danh/) and its roster (/api/v1/meetings/<id>/roster):
//   network first, the last good answer from the cache when there is no network.
// - Static files the page stored in the cache: served from the cache, refreshed in the background.
// - Other pages under /hop/: the network; without one, a note linking the roll calls cached here.
// - Everything else (the API, other pages' requests) goes to the network untouched.
// - Background Sync ("dangbo-rollcall-sync"): send the outbox even after the page is closed.
"use strict";

importScripts(__OUTBOX_URL__);

var STATIC_URL = __STATIC_URL__;
var CACHE = self.DangboOutbox.CACHE;
var ROLLCALL_PAGE = /^\/hop\/\d+\/diem-danh\/$/;
var ROSTER = /^\/api\/v1\/meetings\/\d+\/roster$/;
var NETWORK_TIMEOUT_MS = 6000;

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("dangbo-rollcall-") === 0 && key !== CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

// The network, but give up after a while: a village connection can hang for minutes.
function network(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, NETWORK_TIMEOUT_MS);
    fetch(request).then(function (response) {
      clearTimeout(timer);
      resolve(response);
    }, function (error) {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function cacheable(response) {
  // Not a redirect to the login page, not an error: only a real answer is worth keeping.
  return response && response.ok && response.type === "basic" && !response.redirected;
}

function networkFirst(event, key) {
  return network(event.request).then(function (response) {
    if (cacheable(response)) {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(key, copy); }));
    }
    return response;
  }).catch(function (error) {
    // (caches.match, not caches.open: after logging out, a request must not bring the cache back)
    return caches.match(key, { cacheName: CACHE, ignoreSearch: true }).then(function (cached) {
      if (cached) return cached;
      if (event.request.mode === "navigate") return offlinePage();
      throw error;
    });
  });
}

function staleWhileRevalidate(event, cached) {
  event.waitUntil(
    fetch(event.request).then(function (response) {
      if (!cacheable(response)) return undefined;
      return caches.has(CACHE).then(function (present) {
        return present && caches.open(CACHE).then(function (cache) { return cache.put(event.request, response); });
      });
    }).catch(function () { /* offline: the cached copy will do */ })
  );
  return cached;
}

// No network and no copy of the page asked for: say so, and link the roll calls this device has.
function offlinePage() {
  return caches.has(CACHE).then(function (present) {
    return present ? caches.open(CACHE).then(function (cache) { return cache.keys(); }) : [];
  }).then(function (requests) {
    var links = requests.map(function (request) { return new URL(request.url).pathname; })
      .filter(function (path) { return ROLLCALL_PAGE.test(path); })
      .map(function (path) {
        var id = path.split("/")[2];
        return "<li><a href=\"" + path + "\">Điểm danh — cuộc họp số " + id + "</a></li>";
      });
    var html = "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
      "<title>Không có mạng · Đảng bộ số</title></head><body>" +
      "<h1>Không có kết nối mạng</h1><p>Trang này chưa được lưu trên máy.</p>" +
      (links.length ? "<p>Các trang điểm danh đã lưu:</p><ul>" + links.join("") + "</ul>" :
        "<p>Hãy thử lại khi có mạng.</p>") + "</body></html>";
    return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (ROLLCALL_PAGE.test(url.pathname) && request.mode === "navigate") {
    event.respondWith(networkFirst(event, url.pathname));
    return;
  }
  if (ROSTER.test(url.pathname)) {
    event.respondWith(networkFirst(event, url.pathname));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(offlinePage)); // other pages: the network or a note
    return;
  }
  if (url.pathname.indexOf(STATIC_URL) !== 0) return;
  // A static file (the roll-call page stored the ones it needs): from the cache at once.
  event.respondWith(
    caches.match(request, { cacheName: CACHE }).then(function (cached) {
      return cached ? staleWhileRevalidate(event, cached) : fetch(request);
    })
  );
});

self.addEventListener("sync", function (event) {
  if (event.tag !== self.DangboOutbox.SYNC_TAG) return;
  if (self.navigator.onLine === false) {
    // Not really online: fail without touching the outbox, the browser will try again later.
    event.waitUntil(Promise.reject(new Error("offline")));
    return;
  }
  event.waitUntil(
    self.DangboOutbox.syncAll().then(function (outcome) {
      if (outcome.sent) {
        return self.clients.matchAll({ type: "window" }).then(function (clients) {
          clients.forEach(function (client) { client.postMessage({ type: "dangbo-rollcall-synced" }); });
        });
      }
      return undefined;
    }).catch(function (error) {
      // Not logged in any more: retrying will not help; the records stay on the device.
      if (error && (error.status === 401 || error.status === 403)) return undefined;
      throw error; // the network: let the browser try again later
    })
  );
});
