// chibo drafts: nothing typed in a form marked with data-draft-scope is lost.
//
// - Every named input is kept in IndexedDB as it is typed (debounced),
//   under the page's opaque account scope and the form's name
//   (data-draft-form: "new:CELL" or "meeting:ID"), so another account on
//   the same computer never reads it. The CSRF token is never stored.
// - A reload or a reopened tab restores the draft: first the event
//   "chibo:restore-rows" ({detail: {rows: {prefix: count}}}) is dispatched
//   on the form so that a script adding rows can add them; any input still
//   missing is then created as a hidden input, so its value is sent anyway.
//   Restored inputs receive "input" and "change" events.
// - Saving goes through fetch. Success (the server's redirect) deletes the
//   draft. An expired session (the sign-in page or 401) keeps the draft,
//   marks it to send, and offers a sign-in link that returns to the form,
//   where the draft is restored and sent. No network puts the save in the
//   outbox, sent when "online" fires and with exponential backoff; the CSRF
//   token is fetched afresh before each send. The form's idempotency key
//   travels with the draft, so a save sent twice makes one meeting; a page
//   without a draft takes a key made here, since a page kept by the service
//   worker holds the key of a save already made.
// - In a secure context (HTTPS or localhost) the service worker (sw.js) is
//   registered, which keeps this page for a reload without a network; on
//   plain HTTP browsers refuse it, and the outbox works on the open page.
// - Without IndexedDB or fetch the form posts as it always did.
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft-scope]");
  if (!form || !window.indexedDB || !window.fetch || !window.FormData) {
    return;
  }
  var scope = form.getAttribute("data-draft-scope");
  var id = scope + "|" + form.getAttribute("data-draft-form");
  var page = window.location.pathname;
  var status = form.querySelector("[data-draft-status]");
  var SKIP = { csrf: true };
  var FIRST_DELAY = 2000;
  var LONGEST_DELAY = 5 * 60 * 1000;
  var retryDelay = FIRST_DELAY;
  var retryTimer = null;
  var sending = false;

  function text(name) {
    return form.getAttribute("data-draft-" + name) || "";
  }

  function show(message, pending, link) {
    if (!status) {
      return;
    }
    status.textContent = message;
    status.classList.toggle("pending", !!pending);
    if (link) {
      var a = document.createElement("a");
      a.href = link;
      a.textContent = text("sign-in");
      a.setAttribute("data-draft-sign-in-link", "");
      status.appendChild(document.createTextNode(" "));
      status.appendChild(a);
    }
  }

  // IndexedDB: one database, a store of drafts and a store of saves to send.
  var opened = null;
  function db() {
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        var request = indexedDB.open("chibo-drafts", 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore("drafts", { keyPath: "id" });
          request.result.createObjectStore("outbox", { keyPath: "id" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return opened;
  }

  function run(storeName, mode, work) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var tx = database.transaction(storeName, mode);
        var request = work(tx.objectStore(storeName));
        tx.oncomplete = function () { resolve(request ? request.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function get(storeName) {
    return run(storeName, "readonly", function (s) { return s.get(id); });
  }
  function put(storeName, value) {
    return run(storeName, "readwrite", function (s) { return s.put(value); });
  }
  function remove(storeName) {
    return run(storeName, "readwrite", function (s) { return s.delete(id); });
  }

  // The form's values as [name, value] pairs, as the browser would send them.
  function snapshot() {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (!SKIP[name] && typeof value === "string") {
        pairs.push([name, value]);
      }
    });
    return pairs;
  }

  function sameValues(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  // Row counts by prefix: "task.3.title" and "speaker.2" count rows 3 and 2.
  function rowCounts(pairs) {
    var rows = {};
    pairs.forEach(function (pair) {
      var match = /^([^.]+)\.(\d+)(\.|$)/.exec(pair[0]);
      if (match) {
        rows[match[1]] = Math.max(rows[match[1]] || 0, parseInt(match[2], 10));
      }
    });
    return rows;
  }

  function controls(name) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name === name;
    });
  }

  // A new key for the form: 128 random bits in hexadecimal, as the
  // server makes them.
  function freshKey() {
    var input = form.querySelector("input[name=idempotency_key]");
    if (!input || !window.crypto || !crypto.getRandomValues) {
      return;
    }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    input.value = Array.prototype.map.call(bytes, function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  function restore(pairs, rekey) {
    if (rekey) {
      pairs = pairs.filter(function (pair) { return pair[0] !== "idempotency_key"; });
    }
    form.dispatchEvent(new CustomEvent("chibo:restore-rows", {
      bubbles: true,
      detail: { rows: rowCounts(pairs) }
    }));
    var byName = {};
    pairs.forEach(function (pair) {
      (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]);
    });
    var changed = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.type === "submit" || el.type === "button") {
        return;
      }
      var values = byName[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") {
        var checked = values.indexOf(el.value) >= 0;
        if (el.checked !== checked) {
          el.checked = checked;
          changed.push(el);
        }
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (option) {
          option.selected = values.indexOf(option.value) >= 0;
        });
        changed.push(el);
      } else {
        var value = values.length ? values[0] : "";
        if (el.value !== value) {
          el.value = value;
          changed.push(el);
        }
      }
    });
    // Inputs the page does not have (rows no script added): kept hidden so
    // that their values are sent and the server shows them as rows again.
    Object.keys(byName).forEach(function (name) {
      if (SKIP[name] || controls(name).length) {
        return;
      }
      byName[name].forEach(function (value) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = name;
        hidden.value = value;
        hidden.setAttribute("data-draft-restored", "");
        form.appendChild(hidden);
      });
    });
    if (rekey) {
      freshKey();
    }
    changed.forEach(function (el) {
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  var saveTimer = null;
  function keepDraft() {
    var pairs = snapshot();
    return put("drafts", { id: id, page: page, pairs: pairs, at: Date.now() })
      .then(function () {
        // A save waiting in the outbox sends what was typed last.
        return get("outbox").then(function (waiting) {
          if (waiting) {
            waiting.pairs = pairs;
            return put("outbox", waiting);
          }
        });
      })
      .then(function () {
        if (!sending) {
          show(text("saved-local"), true);
        }
      });
  }
  function typed() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(keepDraft, 400);
  }

  function body(pairs, csrf) {
    var params = new URLSearchParams();
    params.append("csrf", csrf);
    pairs.forEach(function (pair) { params.append(pair[0], pair[1]); });
    return params;
  }

  function signedOut(response) {
    if (response.status === 401) {
      return true;
    }
    return response.redirected && new URL(response.url).pathname === "/login";
  }

  function sessionExpired() {
    sending = false;
    show(text("expired"), true, "/login?next=" + encodeURIComponent(page));
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, LONGEST_DELAY);
  }

  function offline() {
    sending = false;
    show(text("saved-local") + ". " + text("offline"), true);
    scheduleRetry();
  }

  // The server's answer to a save: done, signed out, or a page to show
  // (problems beside their fields, a conflict beside the stored record).
  function answered(response, fresh) {
    if (signedOut(response)) {
      sessionExpired();
      return null;
    }
    // A token that no longer matches (signed in again elsewhere): once
    // more from the outbox, which reads a fresh one.
    if (response.status === 403 && !fresh) {
      sending = false;
      return flush();
    }
    // The server could not answer now (overloaded, restarting): the save
    // stays in the outbox and is tried again later.
    if (response.status >= 500) {
      sending = false;
      show(text("saved-local"), true);
      scheduleRetry();
      return null;
    }
    if (response.redirected && /[?&]saved=1/.test(response.url)) {
      return Promise.all([remove("drafts"), remove("outbox")]).then(function () {
        sending = false;
        retryDelay = FIRST_DELAY;
        show(text("saved"), false);
        window.location.assign(response.url);
      });
    }
    return response.text().then(function (html) {
      sending = false;
      // A key refused (used before for other content): the draft keeps
      // what was typed but takes the page's fresh key when restored, or
      // every later send would be refused the same way.
      if (response.status === 409 && html.indexOf("data-draft-scope") < 0) {
        get("drafts").then(function (draft) {
          if (draft) {
            draft.rekey = true;
            put("drafts", draft);
          }
        });
      }
      // The answer page is shown as the server wrote it; the draft stays
      // until a save is confirmed. Not from the outbox in the background,
      // where the page shown is already this form.
      remove("outbox").then(function () {
        document.open();
        document.write(html);
        document.close();
      });
    });
  }

  // A fresh CSRF token: the form's page read again (never stored).
  function freshToken() {
    return fetch(page, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (signedOut(response)) {
        return null;
      }
      return response.text().then(function (html) {
        var parsed = new DOMParser().parseFromString(html, "text/html");
        var input = parsed.querySelector("input[name=csrf]");
        return input ? input.value : null;
      });
    });
  }

  // `fresh`: the token was read just now, so a refusal is not its age.
  function send(pairs, csrf, fresh) {
    return fetch(form.getAttribute("action"), {
      method: "POST",
      credentials: "same-origin",
      body: body(pairs, csrf)
    }).then(function (response) { return answered(response, fresh); });
  }

  // Sends what waits in the outbox, with a token read just before.
  function flush() {
    clearTimeout(retryTimer);
    return get("outbox").then(function (waiting) {
      if (!waiting || sending) {
        return;
      }
      sending = true;
      show(text("sending"), true);
      return freshToken().then(function (csrf) {
        if (csrf === null) {
          sessionExpired();
          return;
        }
        return send(waiting.pairs, csrf, true);
      });
    }).catch(offline);
  }

  form.addEventListener("input", typed);
  form.addEventListener("change", typed);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(saveTimer);
    var pairs = snapshot();
    var csrf = form.querySelector("input[name=csrf]").value;
    sending = true;
    show(text("sending"), true);
    // The save waits in the outbox until the server confirms it.
    put("drafts", { id: id, page: page, pairs: pairs, at: Date.now() })
      .then(function () {
        return put("outbox", { id: id, page: page, pairs: pairs, at: Date.now() });
      })
      .then(function () {
        return send(pairs, csrf, false).catch(offline);
      }, function () {
        // No IndexedDB here (a private window may refuse it): post as usual.
        form.submit();
      });
  });
  window.addEventListener("online", function () {
    retryDelay = FIRST_DELAY;
    flush();
  });

  // On load: a conflict page holds the merged state (the typed values at
  // the stored version), which becomes the draft; otherwise a kept draft
  // is restored, and a save left in the outbox is sent.
  Promise.all([get("drafts"), get("outbox")]).then(function (found) {
    var draft = found[0];
    var waiting = found[1];
    if (form.hasAttribute("data-draft-conflict")) {
      return keepDraft();
    }
    if (!draft) {
      freshKey();
    }
    if (draft && !sameValues(draft.pairs, snapshot())) {
      restore(draft.pairs, draft.rekey);
      if (draft.rekey) {
        keepDraft();
      }
      show(text("restored") + " " + text("saved-local"), true);
    } else if (draft) {
      show(text("saved-local"), true);
    } else if (form.getAttribute("data-draft-form").indexOf("meeting:") === 0) {
      show(text("saved"), false);
    }
    if (waiting) {
      return flush();
    }
  }).catch(function () {
    // Private windows may refuse IndexedDB: the form still posts by fetch.
  });

  // After the page has loaded, so as not to compete with it on a slow link.
  if (window.isSecureContext && navigator.serviceWorker) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js").catch(function () {
        // A worker refused (private window, policy): the outbox still works.
      });
    });
  }
})();
