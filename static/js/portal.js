/*
 * Citizen portal, progressive enhancement only: every page works without this file.
 *
 * - Choosing a province fills the commune list in place (no reload, nothing typed is at risk); without
 *   JavaScript the province form reloads the page with GET instead.
 * - The representatives' names open by themselves when 5 or more people send the letter together.
 * - After a refused submission, focus goes to the summary of problems at the top.
 * No text lives here: labels come from the page, so translation stays in the templates.
 */
(function () {
  "use strict";

  function fillCommunes(provinceSelect) {
    var commune = document.getElementById("id_commune");
    var hidden = document.querySelector("[data-province-input]");
    var form = provinceSelect.form;
    if (!commune || !hidden) {
      return;
    }
    var placeholder = commune.options.length ? commune.options[0].text : "";
    var province = provinceSelect.value;
    hidden.value = province;
    var wait = document.getElementById("commune-wait");
    if (!province) {
      commune.options.length = 1;
      return;
    }
    var url = provinceSelect.getAttribute("data-communes-url") + "?province=" + encodeURIComponent(province);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        commune.innerHTML = "";
        commune.appendChild(new Option(placeholder, ""));
        data.communes.forEach(function (item) {
          commune.appendChild(new Option(item.name, String(item.id)));
        });
        if (wait) {
          wait.hidden = true;
        }
      })
      .catch(function () {
        form.submit(); // fall back to the page reload the form does without JavaScript
      });
  }

  function setUpProvince() {
    var form = document.querySelector("[data-province-form]");
    if (!form) {
      return;
    }
    var select = form.querySelector("select[name=province]");
    var button = form.querySelector("[data-province-button]");
    if (!select || !document.getElementById("id_commune") || !window.fetch) {
      return;
    }
    if (button) {
      button.hidden = true;
    }
    var hint = document.getElementById("province-hint");
    if (hint) {
      hint.hidden = true;
      select.removeAttribute("aria-describedby");
    }
    select.addEventListener("change", function () {
      fillCommunes(select);
    });
  }

  function setUpRepresentatives() {
    var details = document.querySelector("[data-representatives]");
    var size = document.getElementById("id_group_size");
    if (!details || !size) {
      return;
    }
    size.addEventListener("input", function () {
      if (parseInt(size.value, 10) >= 5) {
        details.open = true;
      }
    });
  }

  // After a refused submission, move focus to the list of problems so it is read out first.
  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    setUpProvince();
    setUpRepresentatives();
  });
})();
