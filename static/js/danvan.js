/*
 * Danvan display preferences: text size (A- / A / A+) and high contrast, as on Vietnamese
 * government portals. Loaded synchronously in <head> so the stored preference is applied before the
 * first paint (no flash of the default size); the buttons are wired once the document is parsed.
 *
 * State lives in localStorage and is applied as classes on <html>:
 *   dv-text-small | (none) | dv-text-large    and    dv-contrast
 * The stylesheet sizes everything in rem, so the class on <html> scales the whole page.
 * Without JavaScript the pages work unchanged; the toolbar stays hidden because it could do nothing.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var SIZE_KEY = "danvan.textSize";
  var CONTRAST_KEY = "danvan.contrast";
  var SIZES = { small: "dv-text-small", normal: "", large: "dv-text-large" };

  function read(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null; // storage disabled (private mode, strict policies): preferences last for the page only
    }
  }

  function write(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (e) {
      /* ignore: see read() */
    }
  }

  function applySize(size) {
    if (!Object.prototype.hasOwnProperty.call(SIZES, size)) {
      size = "normal";
    }
    Object.keys(SIZES).forEach(function (name) {
      if (SIZES[name]) {
        root.classList.toggle(SIZES[name], name === size);
      }
    });
    root.setAttribute("data-text-size", size);
    return size;
  }

  function applyContrast(on) {
    root.classList.toggle("dv-contrast", on);
    return on;
  }

  // Runs at once, before <body> exists.
  root.classList.remove("no-js");
  root.classList.add("js");
  var currentSize = applySize(read(SIZE_KEY) || "normal");
  var contrastOn = applyContrast(read(CONTRAST_KEY) === "on");

  function syncButtons() {
    var buttons = document.querySelectorAll("[data-text-size-choice]");
    Array.prototype.forEach.call(buttons, function (button) {
      var pressed = button.getAttribute("data-text-size-choice") === currentSize;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
    });
    var toggles = document.querySelectorAll("[data-contrast-toggle]");
    Array.prototype.forEach.call(toggles, function (button) {
      button.setAttribute("aria-pressed", contrastOn ? "true" : "false");
    });
  }

  function wire() {
    var tools = document.querySelectorAll("[data-display-tools]");
    Array.prototype.forEach.call(tools, function (node) {
      node.hidden = false;
    });
    document.addEventListener("click", function (event) {
      var target = event.target instanceof Element ? event.target : null;
      if (!target) {
        return;
      }
      var sizeButton = target.closest("[data-text-size-choice]");
      if (sizeButton) {
        currentSize = applySize(sizeButton.getAttribute("data-text-size-choice"));
        write(SIZE_KEY, currentSize);
        syncButtons();
        return;
      }
      var contrastButton = target.closest("[data-contrast-toggle]");
      if (contrastButton) {
        contrastOn = applyContrast(!contrastOn);
        write(CONTRAST_KEY, contrastOn ? "on" : "off");
        syncButtons();
      }
    });
    syncButtons();
  }

  // Keep several open tabs in step.
  window.addEventListener("storage", function (event) {
    if (event.key === SIZE_KEY) {
      currentSize = applySize(event.newValue || "normal");
      syncButtons();
    } else if (event.key === CONTRAST_KEY) {
      contrastOn = applyContrast(event.newValue === "on");
      syncButtons();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
