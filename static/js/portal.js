// Live countdown for elements with data-countdown="<unix seconds>"; the server text stays as
// the fallback. Kept in a file because the CSP forbids inline scripts.
(function () {
  "use strict";
  function format(seconds, lang) {
    var d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600),
        m = Math.floor(seconds % 3600 / 60), s = Math.floor(seconds % 60);
    var units = lang.indexOf("en") === 0 ? ["d", "h", "min", "s"] : ["ngày", "giờ", "phút", "giây"];
    return d + " " + units[0] + " " + h + " " + units[1] + " " + m + " " + units[2] + " " + s + " " + units[3];
  }
  function tick() {
    var lang = document.documentElement.lang || "vi";
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var left = Number(el.dataset.countdown) - Date.now() / 1000;
      el.textContent = left > 0 ? format(left, lang) : "0";
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("[data-countdown]")) { tick(); setInterval(tick, 1000); }
  });
})();

// Upload progress for htmx file forms (.upload-form with a <progress class="upload-progress">).
document.addEventListener("htmx:xhr:progress", function (event) {
  "use strict";
  var form = event.target.closest ? event.target.closest(".upload-form") : null;
  var bar = form ? form.querySelector(".upload-progress") : null;
  if (!bar || !event.detail.total) { return; }
  bar.hidden = false;
  bar.value = Math.round(event.detail.loaded / event.detail.total * 100);
});

// The dossier form: a submit waits for the autosave in flight (leaving the last field fires
// one just before the click), so that it carries the version that autosave produced. The
// server also accepts the page's own chain of versions (`dossier_save`); this keeps it simple.
(function () {
  "use strict";
  var pending = 0, queued = null;
  function isDossierForm(el) { return el && el.id === "dossier-form"; }
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (isDossierForm(event.detail.elt)) { pending += 1; }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!isDossierForm(event.detail.elt)) { return; }
    pending = Math.max(0, pending - 1);
    if (pending === 0 && queued) {
      var form = event.detail.elt, submitter = queued;
      queued = null;
      // After htmx has swapped the new version in (afterRequest comes before the swap settles).
      setTimeout(function () { form.requestSubmit(submitter); }, 0);
    }
  });
  document.addEventListener("submit", function (event) {
    if (!isDossierForm(event.target) || pending === 0) { return; }
    event.preventDefault();
    queued = event.submitter || event.target.querySelector("button[type=submit]");
  });
})();

// Recovered text from another tab: "use this text" puts it back in its field (then autosave).
document.addEventListener("click", function (event) {
  "use strict";
  var button = event.target.closest ? event.target.closest("[data-use-stale]") : null;
  var form = document.getElementById("dossier-form");
  if (!button || !form) { return; }
  var field = form.elements[button.dataset.useStale];
  if (!field) { return; }
  var target = field.length && !field.tagName ? field[0] : field;  // radios: a RadioNodeList
  if (field.type === "checkbox") {
    field.checked = button.dataset.value === "true";
  } else {
    field.value = button.dataset.value;
  }
  target.dispatchEvent(new Event("change", { bubbles: true }));
  target.focus();
});
