// The meeting form on a phone: one tap on a member moves their mark on, a
// live count, "everyone present", folded sections that open one at a time,
// and speaker and task rows added in place. Every value stays a named input
// of the one form, so the form posts the same without this file; the page
// is drawn again from those inputs on every input or change event, so
// values set by other code (a restored draft) show as they are.
(function () {
  "use strict";
  var form = document.getElementById("meeting-form");
  if (!form) {
    return;
  }
  var PRESENT = { present: true, late_or_left_early: true };

  function each(selector, action) {
    Array.prototype.forEach.call(form.querySelectorAll(selector), action);
  }

  // A row is empty when nothing is typed and no person is chosen; a task's
  // status alone (open by default) does not fill it.
  function isEmpty(row) {
    return !Array.prototype.some.call(row.querySelectorAll("input, select"), function (field) {
      if (field.tagName === "SELECT") {
        return field.options.length > 0 && field.options[0].value === "" && field.value !== "";
      }
      return field.value.trim() !== "";
    });
  }

  // Each member's mark shows as a button; the hidden select beside it is
  // what the form posts.
  function chipOf(select) {
    var chip = select.nextElementSibling;
    if (chip && chip.classList.contains("att-chip")) {
      return chip;
    }
    chip = document.createElement("button");
    chip.type = "button";
    chip.className = "att-chip";
    select.insertAdjacentElement("afterend", chip);
    return chip;
  }

  function render() {
    var present = 0;
    var expected = 0;
    each("select.att-mark", function (select) {
      var line = select.closest(".att");
      var option = select.options[select.selectedIndex];
      var text = option ? option.text : "";
      var name = line.querySelector(".att-name");
      var chip = chipOf(select);
      line.setAttribute("data-mark", select.value);
      chip.textContent = text;
      chip.setAttribute("aria-label", (name ? name.textContent + ": " : "") + text);
      if (select.value !== "exempt") {
        expected += 1;
      }
      if (PRESENT[select.value]) {
        present += 1;
      }
    });
    each(".att input[type=hidden]", function (input) {
      if (input.value !== "exempt") {
        expected += 1;
        present += PRESENT[input.value] ? 1 : 0;
      }
    });
    var count = document.getElementById("att-count");
    if (count) {
      count.querySelector("[data-present]").textContent = present;
      count.querySelector("[data-expected]").textContent = expected;
    }
    each(".rows[data-rows]", function (rows) {
      var filled = 0;
      Array.prototype.forEach.call(rows.querySelectorAll(".rowset"), function (row) {
        if (!isEmpty(row)) {
          filled += 1;
          row.hidden = false;
        }
      });
      var shown = form.querySelector("[data-filled='" + rows.getAttribute("data-rows") + "']");
      if (shown) {
        shown.textContent = filled > 0 ? "(" + filled + ")" : "";
      }
    });
  }

  // One tap moves to the next mark in the order the server gives them.
  function cycle(select) {
    var options = Array.prototype.filter.call(select.options, function (o) {
      return o.value !== "";
    });
    var at = -1;
    options.forEach(function (o, i) {
      if (o.selected) {
        at = i;
      }
    });
    select.value = options[(at + 1) % options.length].value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // Empty rows past the first of each list wait hidden until asked for;
  // past the last one, the last row is copied under the next number.
  function addRow(rows) {
    var all = rows.querySelectorAll(".rowset");
    var hidden = rows.querySelector(".rowset[hidden]");
    var row = hidden;
    if (!row) {
      var last = all[all.length - 1];
      var n = parseInt(last.getAttribute("data-row"), 10) + 1;
      if (n > parseInt(rows.getAttribute("data-max"), 10)) {
        return;
      }
      row = last.cloneNode(true);
      row.setAttribute("data-row", n);
      row.id = row.id.replace(/\.\d+$/, "." + n);
      row.classList.remove("invalid");
      Array.prototype.forEach.call(row.querySelectorAll(".field-error"), function (e) {
        e.remove();
      });
      Array.prototype.forEach.call(row.querySelectorAll("[name]"), function (field) {
        field.name = field.name.replace(/^([a-z]+)\.\d+/, "$1." + n);
        if (field.tagName === "SELECT") {
          field.selectedIndex = 0;
        } else {
          field.value = "";
        }
      });
      var number = row.querySelector("label .muted");
      if (number) {
        number.textContent = n;
      }
      last.insertAdjacentElement("afterend", row);
    }
    row.hidden = false;
    var first = row.querySelector("input, select");
    if (first) {
      first.focus();
    }
  }

  document.documentElement.classList.add("js");
  each(".js-only", function (el) {
    el.hidden = false;
  });
  var everyone = document.getElementById("att-all-present");
  if (everyone) {
    everyone.hidden = false;
  }
  // The name no longer points at the hidden select: a tap on it is a tap
  // on the line.
  each("label.att-name", function (label) {
    label.removeAttribute("for");
  });
  each(".rows[data-rows]", function (rows) {
    var seenEmpty = false;
    Array.prototype.forEach.call(rows.querySelectorAll(".rowset"), function (row) {
      if (isEmpty(row) && !row.classList.contains("invalid")) {
        row.hidden = seenEmpty;
        seenEmpty = true;
      }
    });
  });

  form.addEventListener("click", function (event) {
    var target = event.target;
    var line = target.closest(".att");
    if (line && !target.closest("input, select")) {
      var select = line.querySelector("select.att-mark");
      if (select) {
        cycle(select);
      }
      return;
    }
    if (target === everyone) {
      each("select.att-mark", function (select) {
        if (select.value !== "exempt") {
          select.value = "present";
          select.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
      return;
    }
    var add = target.closest("[data-add-row]");
    if (add) {
      addRow(form.querySelector(".rows[data-rows='" + add.getAttribute("data-add-row") + "']"));
      render();
      return;
    }
    // Sections open one at a time: opening one folds the others.
    var summary = target.closest("details.section > summary");
    if (summary && !summary.parentElement.open) {
      each("details.section[open]", function (section) {
        section.open = false;
      });
    }
  });
  // A restored draft (draft.js) may hold rows the page does not show yet:
  // reveal, then add, rows up to the draft's highest number before its
  // values are set.
  form.addEventListener("chibo:restore-rows", function (event) {
    var wanted = (event.detail && event.detail.rows) || {};
    each(".rows[data-rows]", function (rows) {
      // The draft counts rows by field ("speaker.7", "gist.9"): a list's
      // highest row is the highest of the fields its rows hold.
      var highest = 0;
      Array.prototype.forEach.call(rows.querySelectorAll(".rowset [name]"), function (field) {
        var prefix = /^([a-z]+)\.\d+/.exec(field.name);
        if (prefix && wanted[prefix[1]]) {
          highest = Math.max(highest, wanted[prefix[1]]);
        }
      });
      highest = Math.min(highest, parseInt(rows.getAttribute("data-max"), 10));
      var number = function (row) {
        return parseInt(row.getAttribute("data-row"), 10);
      };
      Array.prototype.forEach.call(rows.querySelectorAll(".rowset"), function (row) {
        if (number(row) <= highest) {
          row.hidden = false;
        }
      });
      var all = rows.querySelectorAll(".rowset");
      while (all.length && number(all[all.length - 1]) < highest) {
        addRow(rows);
        all = rows.querySelectorAll(".rowset");
      }
    });
  });
  form.addEventListener("input", render);
  form.addEventListener("change", render);
  render();
  // When the form answers taps: what the phone benchmark measures.
  if (window.performance && performance.mark) {
    performance.mark("chibo-form-ready");
  }
})();
