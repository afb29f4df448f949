/* Meetings forms: show only the part of the form that the chosen outcome needs. Without JavaScript every
   part stays visible and the server ignores the unused ones. */
(function () {
  "use strict";
  function bind(form) {
    var radios = form.querySelectorAll('input[type="radio"][name$="outcome"]');
    if (!radios.length) { return; }
    var sections = form.querySelectorAll("[data-outcome]");
    function update() {
      var chosen = "";
      radios.forEach(function (radio) { if (radio.checked) { chosen = radio.value; } });
      sections.forEach(function (section) {
        var show = !chosen || section.getAttribute("data-outcome") === chosen;
        section.classList.toggle("is-hidden", !show);
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form").forEach(bind);
  });
})();
