// Live weighted total on the scoring page: Σ weight × score / max score (0–100).
// The server computes the stored total; this only helps the judge while typing.
(function () {
  "use strict";
  function update() {
    var inputs = document.querySelectorAll(".vda-score-input");
    var output = document.getElementById("vda-total");
    if (!output) { return; }
    var total = 0;
    var complete = true;
    inputs.forEach(function (input) {
      var value = parseFloat(String(input.value).replace(",", "."));
      if (isNaN(value)) { complete = false; return; }
      total += Number(input.dataset.weight) * value / Number(input.dataset.max || 10);
    });
    output.textContent = complete && inputs.length ? total.toFixed(2) : "–";
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".vda-score-input").forEach(function (input) {
      input.addEventListener("input", update);
    });
    update();
    // "Submit as final" locks the review: ask once more (the question comes from the page,
    // translated; without JavaScript the button submits directly).
    var form = document.getElementById("vda-score-form");
    if (form) {
      form.addEventListener("submit", function (event) {
        var button = event.submitter;
        if (button && button.name === "submit" && form.dataset.confirmFinal &&
            !window.confirm(form.dataset.confirmFinal)) {
          event.preventDefault();
        }
      });
    }
  });
})();
