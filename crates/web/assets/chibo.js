// chibo: small enhancements only; every form works without this file.
// Buttons with data-confirm ask before submitting (disable, revoke, reset).
document.addEventListener("click", function (event) {
  var target = event.target.closest ? event.target.closest("[data-confirm]") : null;
  if (target && !window.confirm(target.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});

// A score sheet shows its total as it is filled: formula points as given
// by the server, manual points as typed ("4,5" or "4.5"), pass as the
// item's maximum. The server recomputes everything when the sheet is saved.
function sheetTotal(form) {
  var tenths = 0;
  form.querySelectorAll("[data-points]").forEach(function (el) {
    tenths += parseInt(el.getAttribute("data-points"), 10) || 0;
  });
  form.querySelectorAll("input[data-max]").forEach(function (el) {
    var value = parseFloat(el.value.replace(",", "."));
    if (!isNaN(value)) {
      tenths += Math.min(Math.round(value * 10), parseInt(el.getAttribute("data-max"), 10));
    }
  });
  form.querySelectorAll("select[data-max]").forEach(function (el) {
    if (el.value === "pass") {
      tenths += parseInt(el.getAttribute("data-max"), 10);
    }
  });
  var out = form.querySelector("[data-total]");
  if (out) {
    var text = (tenths / 10).toFixed(tenths % 10 === 0 ? 0 : 1);
    out.textContent = document.documentElement.lang === "vi" ? text.replace(".", ",") : text;
  }
}
document.querySelectorAll("form[data-live-total]").forEach(function (form) {
  sheetTotal(form);
  form.addEventListener("input", function () { sheetTotal(form); });
  form.addEventListener("change", function () { sheetTotal(form); });
});
