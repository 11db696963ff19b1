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
