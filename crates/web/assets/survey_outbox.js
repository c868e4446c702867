// The respondent's outbox, in memory only. A valid form (survey_form.js,
// loaded first, stops an invalid one) is sent with fetch; when the network
// fails the answers stay in this page alone, never in IndexedDB, storage
// or a cache, so the next person at a shared computer finds nothing, and
// are sent again when the connection returns, while the page is open.
// Closing it drops them and the code stays unused. The thank-you page
// replaces the form in the history, so Back does not show the answers.
// Any other answer of the server (problems, a code used meanwhile) is
// shown by posting the form as usual.

var RETRY_MS = 5000;
var form = document.querySelector("form[data-outbox]");

function wire(form) {
  var status = form.querySelector("[data-outbox-status]");
  var button = form.querySelector("button[type=submit]");
  var pending = false;
  var timer = null;
  function waiting(on) {
    if (status) status.hidden = !on;
    if (button) button.disabled = on;
    form.toggleAttribute("data-outbox-waiting", on);
  }
  function send() {
    if (pending) return;
    pending = true;
    if (timer) clearTimeout(timer);
    timer = null;
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      redirect: "follow"
    })
      .then(function (response) {
        pending = false;
        if (response.ok && response.redirected && new URL(response.url).pathname === "/s/thanks") {
          window.removeEventListener("online", send);
          location.replace(response.url);
        } else {
          waiting(false);
          HTMLFormElement.prototype.submit.call(form);
        }
      })
      .catch(function () {
        pending = false;
        waiting(true);
        timer = setTimeout(send, RETRY_MS);
      });
  }
  window.addEventListener("online", send);
  form.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    event.preventDefault();
    send();
  });
}

if (form) wire(form);
