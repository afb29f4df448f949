/*
 * Danvan case pages: small progressive enhancements. Everything works without this file.
 *   [data-select-all="NAME"]  a checkbox that ticks every checkbox named NAME in its form (worklist)
 *   [data-print]              a button that prints the page (reception receipt)
 * Both are hidden in the HTML and shown here, since without JavaScript they could do nothing.
 */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  ready(function () {
    document.querySelectorAll("[data-select-all]").forEach(function (master) {
      var form = master.form;
      var name = master.getAttribute("data-select-all");
      if (!form) {
        return;
      }
      var boxes = function () {
        return Array.prototype.filter.call(form.elements, function (el) {
          return el.type === "checkbox" && el.name === name;
        });
      };
      master.hidden = false;
      master.addEventListener("change", function () {
        boxes().forEach(function (box) {
          box.checked = master.checked;
        });
      });
      form.addEventListener("change", function (event) {
        if (event.target !== master && event.target.name === name) {
          var all = boxes();
          var ticked = all.filter(function (box) { return box.checked; }).length;
          master.checked = ticked === all.length;
          master.indeterminate = ticked > 0 && ticked < all.length;
        }
      });
    });

    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  });
})();
