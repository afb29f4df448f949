/* Danvan — inspections: on the plan page, the "organisation" select of the target form shows only the
   bodies of the unit chosen above it (progressive enhancement: without JS every body is listed and the
   server checks the pair). */
(function () {
  "use strict";
  function filterOrganizations(unitSelect) {
    var target = document.getElementById(unitSelect.getAttribute("data-controls-units"));
    if (!target) return;
    var unit = unitSelect.value;
    Array.prototype.forEach.call(target.options, function (option) {
      var owner = option.getAttribute("data-unit");
      var visible = !owner || !unit || owner === unit;
      option.hidden = !visible;
      option.disabled = !visible;
      if (!visible && option.selected) target.value = "";
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var selects = document.querySelectorAll("select[data-controls-units]");
    Array.prototype.forEach.call(selects, function (select) {
      filterOrganizations(select);
      select.addEventListener("change", function () { filterOrganizations(select); });
    });
  });
})();
