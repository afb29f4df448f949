/* Scoring form: show the running total against the pass mark while the reviewer types. */
(function () {
  "use strict";
  function setup(form) {
    var inputs = form.querySelectorAll("input[data-score]");
    var sum = form.querySelector(".score-sum");
    var output = form.querySelector("[data-score-total]");
    if (!inputs.length || !sum || !output) return;
    var pass = parseInt(sum.getAttribute("data-pass"), 10) || 0;
    function update() {
      var total = 0;
      inputs.forEach(function (input) {
        var value = parseInt(input.value, 10);
        if (!isNaN(value)) total += value;
      });
      output.textContent = String(total);
      sum.classList.toggle("score-passing", total >= pass);
    }
    inputs.forEach(function (input) { input.addEventListener("input", update); });
    sum.hidden = false;
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.score-form").forEach(setup);
  });
})();
