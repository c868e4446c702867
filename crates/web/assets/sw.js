// chibo's service worker: the meeting form opens again without a network.
// Served at /sw.js by the server, which writes in this build's VERSION and
// ASSETS; registered by draft.js from the form page, in secure contexts
// only (HTTPS or localhost: browsers allow no worker elsewhere).
//
// What it keeps, and for whom:
// - The stylesheet and scripts under their fingerprinted addresses, in
//   "chibo-assets-VERSION": public files, the same for everyone, answered
//   from the cache first. A new build has new addresses and a new worker,
//   which drops everything the previous one kept.
// - The meeting form pages the server marks with the header
//   Chibo-Offline-Scope (a secretary's new meeting or stored meeting, with
//   the roster of the day and the open tasks), in "chibo-pages-SCOPE", SCOPE
//   being the account's opaque draft scope. Network first: the page from
//   the network when it answers (kept for next time), the kept copy when it
//   fails or keeps silent too long. Only a 200 answer of this site, not
//   redirected, that sets no cookie and is marked is kept; every other page
//   (dashboards, people, lists, sign-in) passes by untouched.
// - One account's pages at a time: keeping a page for one scope drops the
//   others', and signing in or out (a POST to /login or /logout, seen here
//   before it leaves) drops them all first, so another account on a shared
//   computer is never shown them. Drafts and the outbox live in IndexedDB
//   (draft.js) and are not touched: they stay with their account, and a
//   save waiting there is sent once its account signs in again.
// - A kept page's CSRF token and idempotency key are old: draft.js gives a
//   page without a draft a fresh key, and reads a fresh token from the
//   network before each send from the outbox, with fetch(), which this
//   worker never answers from a cache.
"use strict";

var VERSION = "VERSION";
var ASSETS = [/* ASSETS */];
var ASSET_CACHE = "chibo-assets-" + VERSION;
var PAGE_PREFIX = "chibo-pages-";
var SCOPE_HEADER = "Chibo-Offline-Scope";
// How long the network may keep silent before a kept form is shown.
var PATIENCE = 8000;
// The pages that may be kept: a cell's new meeting, a stored meeting.
var FORM_PAGE = /^\/(units\/[^/]+\/meetings\/new|meetings\/\d+)$/;

function noop() {}

// Cache changes run one after another, so that a sign-out's clearing is
// never undone by a page being kept just before it.
var queue = Promise.resolve();
function serially(task) {
  queue = queue.then(task, task);
  return queue;
}

function pageCaches() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf(PAGE_PREFIX) === 0; });
  });
}

function dropPages(except) {
  return pageCaches().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== except; })
      .map(function (name) { return caches.delete(name); }));
  });
}

// The page's address without its query: "?saved=1" is the same form.
function pageKey(url) {
  return url.origin + url.pathname;
}

// Set-Cookie never reaches a worker (browsers filter it out); the server
// marks no answer that sets one, and this check stays as a second line.
function keepable(response) {
  return response.status === 200 && response.type === "basic" && !response.redirected &&
    !response.headers.has("Set-Cookie") && !!response.headers.get(SCOPE_HEADER);
}

function keepPage(key, response) {
  var name = PAGE_PREFIX + response.headers.get(SCOPE_HEADER);
  return serially(function () {
    return dropPages(name).then(function () {
      return caches.open(name);
    }).then(function (cache) {
      return cache.put(key, response);
    });
  });
}

// The kept copy of a page: there is at most one account's cache.
function keptPage(key) {
  return pageCaches().then(function (names) {
    if (!names.length) {
      return undefined;
    }
    return caches.open(names[0]).then(function (cache) {
      return cache.match(key, { ignoreVary: true });
    });
  }).catch(noop);
}

// Network first, the kept copy when the network fails or is too slow.
function formPage(event) {
  var request = event.request;
  var key = pageKey(new URL(request.url));
  var keeping = Promise.resolve();
  var network = fetch(request).then(function (response) {
    if (keepable(response)) {
      keeping = keepPage(key, response.clone()).catch(noop);
    }
    return response;
  });
  event.waitUntil(network.then(function () { return keeping; }, noop));
  return new Promise(function (resolve, reject) {
    var settled = false;
    function fromCache() {
      return keptPage(key).then(function (kept) {
        if (kept && !settled) {
          settled = true;
          resolve(kept);
        }
        return !!kept;
      });
    }
    var timer = setTimeout(fromCache, PATIENCE);
    network.then(function (response) {
      clearTimeout(timer);
      if (!settled) {
        settled = true;
        resolve(response);
      }
    }, function (error) {
      clearTimeout(timer);
      fromCache().then(function (found) {
        if (!found && !settled) {
          settled = true;
          reject(error);
        }
      });
    });
  });
}

// A fingerprinted asset never changes: the cache first.
function asset(request) {
  return caches.open(ASSET_CACHE).then(function (cache) {
    return cache.match(request).then(function (kept) {
      return kept || fetch(request).then(function (response) {
        if (response.status === 200 && response.type === "basic") {
          cache.put(request, response.clone()).catch(noop);
        }
        return response;
      });
    });
  });
}

// The form pages open in windows when this worker takes over (the page
// that registered it came before it, a previous build's copies are gone).
function keepOpenForms() {
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    return Promise.all(windows.map(function (client) {
      var url = new URL(client.url);
      if (url.origin !== self.location.origin || !FORM_PAGE.test(url.pathname)) {
        return null;
      }
      return fetch(pageKey(url), { credentials: "same-origin", cache: "no-store" }).then(function (response) {
        if (keepable(response)) {
          return keepPage(pageKey(url), response);
        }
      }).catch(noop);
    }));
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(ASSET_CACHE).then(function (cache) {
    return cache.addAll(ASSETS);
  }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    // A previous build's assets, and the pages that name them.
    return Promise.all(names.filter(function (name) {
      return name !== ASSET_CACHE && name.indexOf("chibo-") === 0;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () {
    return self.clients.claim();
  }).then(keepOpenForms));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === "POST" && request.mode === "navigate" &&
      (url.pathname === "/login" || url.pathname === "/logout")) {
    // Signing in or out: the kept pages go first, then the request.
    event.respondWith(serially(function () {
      return dropPages(null);
    }).catch(noop).then(function () {
      return fetch(request);
    }));
    return;
  }
  if (request.method !== "GET") {
    return;
  }
  if (request.mode === "navigate" && FORM_PAGE.test(url.pathname)) {
    event.respondWith(formPage(event));
  } else if (ASSETS.indexOf(url.pathname) >= 0) {
    event.respondWith(asset(request));
  }
});
