// PropDesk behaviours, loaded as a file (CSP forbids inline scripts).
document.addEventListener("change", function (ev) {
  if (ev.target.classList && ev.target.classList.contains("js-autosubmit")) {
    ev.target.form.submit();
  }
});
