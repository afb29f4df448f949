/* Surveys: on the public answer page, move focus to the error summary after a refused submission so that
   screen-reader and keyboard users hear what to fix (no inline script: Content-Security-Policy). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
