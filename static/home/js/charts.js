/* Loads Chart.js and wagtailcharts (from our static files) only on pages that hold a chart,
   in order, then draws the charts. Each chart also has its data as a table. */
(function () {
  "use strict";
  if (!document.querySelector("[data-chart]")) return;
  var base = (document.currentScript && document.currentScript.dataset.static) || "/static/";
  var files = ["chart-types.js", "chart.js", "stacked-100.js", "chartjs-plugin-datalabels.min.js", null, "wagtailcharts.js"];
  window.WAGTAILCHARTS_LOCALE = document.documentElement.lang || "fr";
  function next(index) {
    if (index >= files.length) return;
    if (files[index] === null) {
      if (window.Chart && window.ChartjsPluginStacked100) { window.Chart.register(window.ChartjsPluginStacked100.default); }
      next(index + 1);
      return;
    }
    var script = document.createElement("script");
    script.src = base + "wagtailcharts/js/" + files[index];
    script.onload = function () { next(index + 1); };
    document.head.appendChild(script);
  }
  next(0);
})();
