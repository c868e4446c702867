// chibo: small enhancements only; every form works without this file.
// Buttons with data-confirm ask before submitting (disable, revoke, reset).
document.addEventListener("click", function (event) {
  var target = event.target.closest ? event.target.closest("[data-confirm]") : null;
  if (target && !window.confirm(target.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});
