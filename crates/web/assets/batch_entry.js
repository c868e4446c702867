// Paper forms keyed in one after another: Enter moves to the next field
// (on the last one it saves), a question whose choices have one-character
// keys moves on as soon as a key is typed, questions whose `relevant`
// fails are hidden and skipped (the expressions read and evaluated by
// survey_form.js, the answering form's own script), and saving goes by
// fetch: the server answers JSON, the form is emptied at once and the
// cursor is back in the code field. The server checks everything again;
// without this file the form posts and comes back blank the same way.
// Nothing answered is kept here once saved.

var form = document.getElementById("batch-form");

function each(root, selector, action) {
  Array.prototype.forEach.call(root.querySelectorAll(selector), action);
}

// The keyed fields in order, the code first; each with what the rules need.
function rowsOf(form) {
  var rows = [];
  each(form, "[data-field]", function (el) {
    var keys = null;
    try {
      keys = el.hasAttribute("data-keys") ? JSON.parse(el.getAttribute("data-keys")) : null;
    } catch (e) {
      keys = null;
    }
    rows.push({
      el: el,
      name: el.getAttribute("data-field"),
      input: el.querySelector("input"),
      note: el.querySelector("[data-problem]"),
      keys: keys,
      single: el.hasAttribute("data-single-key"),
      relevantSource: el.getAttribute("data-relevant"),
      relevant: null
    });
  });
  return rows;
}

// Typed keys as the values the server stores (as core's `keyed_fields`).
function valueOf(row) {
  var typed = row.input.value.trim();
  if (!row.keys || typed === "") return typed;
  var single = Object.keys(row.keys).every(function (k) {
    return k.length === 1;
  });
  var values = [];
  typed.split(/[\s,;+]+/).forEach(function (token) {
    if (!token) return;
    var parts = single && token.length > 1 && /^\d+$/.test(token) ? token.split("") : [token];
    parts.forEach(function (part) {
      values.push(Object.prototype.hasOwnProperty.call(row.keys, part) ? row.keys[part] : part);
    });
  });
  return values.join(" ");
}

function wire(form, rules) {
  var rows = rowsOf(form);
  var code = rows[0];
  var status = document.getElementById("batch-count");
  var last = document.getElementById("batch-last");
  var list = document.getElementById("batch-problems");
  var save = document.getElementById("batch-save");
  var sending = false;

  if (rules) {
    rows.forEach(function (row) {
      if (!row.relevantSource) return;
      try {
        row.relevant = rules.parse(row.relevantSource);
      } catch (e) {
        row.relevant = null;
      }
    });
  }

  // Shows the questions whose `relevant` holds on the answers before them.
  function refresh() {
    var answers = {};
    rows.forEach(function (row) {
      if (row === code) return;
      var shown = !row.relevant || rules.truthy(rules.evaluate(row.relevant, answers, ""));
      row.el.hidden = !shown;
      row.input.disabled = !shown;
      var value = shown ? valueOf(row) : "";
      if (value !== "") answers[row.name] = value;
    });
  }

  function enabled() {
    return rows
      .map(function (row) {
        return row.input;
      })
      .filter(function (input) {
        return !input.disabled;
      });
  }

  function next(input) {
    var inputs = enabled();
    var at = inputs.indexOf(input);
    if (at >= 0 && at + 1 < inputs.length) {
      inputs[at + 1].focus();
      inputs[at + 1].select();
    } else {
      save.focus();
    }
  }

  function rowOf(input) {
    for (var i = 0; i < rows.length; i++) if (rows[i].input === input) return rows[i];
    return null;
  }

  function showProblems(problems, lines, summary) {
    rows.forEach(function (row) {
      row.note.textContent = "";
      row.note.hidden = true;
      row.el.classList.remove("invalid");
    });
    var first = null;
    (problems || []).forEach(function (problem) {
      rows.forEach(function (row) {
        if (row.name !== problem.field) return;
        row.note.textContent = problem.text;
        row.note.hidden = false;
        row.el.classList.add("invalid");
        if (!first) first = row;
      });
    });
    list.textContent = "";
    if (summary) {
      var head = document.createElement("p");
      head.textContent = summary;
      list.appendChild(head);
      var ul = document.createElement("ul");
      (lines || []).forEach(function (line) {
        var li = document.createElement("li");
        li.textContent = line;
        ul.appendChild(li);
      });
      list.appendChild(ul);
    }
    list.hidden = !summary;
    return first;
  }

  function fresh(answer) {
    rows.forEach(function (row) {
      row.input.value = "";
    });
    showProblems([], [], "");
    status.textContent = answer.status;
    status.setAttribute("data-count", String(answer.count));
    last.textContent = answer.last ? " · " + answer.last : "";
    refresh();
    code.input.focus();
  }

  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.target.tagName !== "INPUT") return;
    event.preventDefault();
    if (event.ctrlKey || event.metaKey) {
      form.requestSubmit(save);
      return;
    }
    next(event.target);
  });

  form.addEventListener("input", function (event) {
    var row = rowOf(event.target);
    if (!row) return;
    refresh();
    var typed = row.input.value.trim();
    if (row.single && typed.length === 1 && row.keys && Object.prototype.hasOwnProperty.call(row.keys, typed)) {
      next(row.input);
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (sending) return;
    sending = true;
    save.disabled = true;
    var body = new URLSearchParams(new FormData(form));
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") !== 0) {
          // Signed out, refused or closed meanwhile: the server's page says.
          HTMLFormElement.prototype.submit.call(form);
          return null;
        }
        return response.json().then(function (answer) {
          if (response.ok) {
            fresh(answer);
          } else {
            var first = showProblems(answer.problems, answer.list, answer.summary);
            if (first) {
              first.input.focus();
              first.input.select();
            }
          }
        });
      })
      .catch(function () {
        showProblems([], [], form.getAttribute("data-msg-network"));
      })
      .then(function () {
        sending = false;
        save.disabled = false;
      });
  });

  refresh();
  form.setAttribute("data-live", "");
}

if (form) {
  var address = form.getAttribute("data-rules");
  // The rules' evaluator is the answering form's; without it, every
  // question stays shown (the server drops what its rules hide).
  import(address)
    .then(function (rules) {
      wire(form, rules);
    })
    .catch(function () {
      wire(form, null);
    });
}
