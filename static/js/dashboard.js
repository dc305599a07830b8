/* Draws the dashboard's charts from the JSON the page carries (#dashboard-charts).
   Each chart's numbers are also in a table beside it, so nothing is lost without script. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var COLOURS = ["#8b1a1a", "#0d6efd", "#198754", "#b35c00", "#6f42c1", "#0aa2c0", "#d63384", "#495057"];
  var TARGET = "#6c757d";
  var lang = document.documentElement.lang || "vi";
  var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });

  function dataset(spec, index) {
    var colour = spec.target ? TARGET : COLOURS[index % COLOURS.length];
    return {
      label: spec.label,
      data: spec.data,
      borderColor: colour,
      backgroundColor: colour,
      borderDash: spec.target ? [6, 4] : [],
      pointRadius: spec.target ? 0 : 3,
      spanGaps: false,
      tension: 0.2
    };
  }

  function draw(spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas) {
      return;
    }
    canvas.parentNode.style.height = "240px";
    var suffix = spec.percent ? "%" : "";
    new window.Chart(canvas, {
      type: "line",
      data: { labels: spec.labels, datasets: spec.datasets.map(dataset) },
      options: {
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          y: {
            suggestedMin: 0,
            suggestedMax: spec.percent ? 100 : undefined,
            ticks: { callback: function (value) { return number.format(value) + suffix; } }
          }
        },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + ": " + number.format(item.parsed.y) + suffix;
              }
            }
          }
        }
      }
    });
  }

  JSON.parse(source.textContent).forEach(draw);
})();
