// PropDesk behaviours, loaded as a file (CSP forbids inline scripts).
document.addEventListener("change", function (ev) {
  if (ev.target.classList && ev.target.classList.contains("js-autosubmit")) {
    ev.target.form.submit();
  }
});

// Text limits. A field with data-maxlength gets a live count under it ("已输入 N / 4000 字"):
// always under a textarea, under a one-line input once it nears the limit. There is no maxlength
// attribute (the browser would cut a paste silently); the server refuses longer text and keeps it
// in the form. Characters are counted as the server counts them (code points, a line break is one).
(function () {
  var texts = document.body.dataset;

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  function update(field) {
    var out = field.pdCounter;
    var limit = parseInt(field.dataset.maxlength, 10);
    var count = Array.from(field.value).length;
    var over = count - limit;
    var show = field.tagName === "TEXTAREA" || count >= limit * 0.8;
    out.hidden = !show;
    out.textContent = format(over > 0 ? texts.textOver : texts.textCount, {
      count: count, limit: limit, over: over
    });
    out.classList.toggle("text-danger", over > 0);
    field.classList.toggle("is-invalid", over > 0);
  }

  function attach(root) {
    var fields = (root.querySelectorAll ? root : document).querySelectorAll("[data-maxlength]");
    if (root.matches && root.matches("[data-maxlength]")) fields = [root].concat(Array.from(fields));
    Array.prototype.forEach.call(fields, function (field) {
      if (field.pdCounter || !texts.textCount) return;
      var out = document.createElement("div");
      out.className = "form-text pd-counter";
      out.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", out);
      field.pdCounter = out;
      update(field);
    });
  }

  document.addEventListener("input", function (ev) {
    if (ev.target.pdCounter) update(ev.target);
  });
  document.addEventListener("htmx:load", function (ev) { attach(ev.detail.elt); });
  attach(document);
})();
