// Grassroots-democracy forms: show the "fallback ballot" box only when the household ballot is chosen,
// and the initiative count only for an initiative. Pure progressive enhancement: without JS every field shows.
(function () {
  "use strict";
  function toggle(controlId, targetId, shouldShow) {
    var control = document.getElementById(controlId);
    var target = document.getElementById(targetId);
    if (!control || !target) return;
    var wrapper = target.closest(".field");
    if (!wrapper) return;
    var update = function () { wrapper.hidden = !shouldShow(control); };
    control.addEventListener("change", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    toggle("id_form", "id_ballot_is_fallback", function (el) { return el.value === "phieu"; });
    toggle("id_is_initiative", "id_initiative_supporters", function (el) { return el.checked; });
  });
})();
