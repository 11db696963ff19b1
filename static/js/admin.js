// Fixes for Django's own admin widgets, once they are built (the CSP forbids inline scripts).
(function () {
  "use strict";
  function fix() {
    // The filter_horizontal widget's search icon carries an aria-label on a plain <span>
    // (SelectFilter2.js): give it the image role the label belongs to.
    document.querySelectorAll("span.search-label-icon[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  // SelectFilter2 builds its widgets on "load"; run after every load handler.
  window.addEventListener("load", function () { setTimeout(fix, 0); });
})();
