// Draw the charts of a statistics page from the JSON the server embedded (no inline script).
(function () {
  "use strict";
  function draw() {
    var node = document.getElementById("chart-data");
    if (!node || typeof Chart === "undefined") return;
    var palette = ["#b5121b", "#e0672a", "#f2b705", "#6a994e", "#2a9d8f", "#264653", "#6d597a",
                   "#b56576", "#8d99ae", "#3a86ff", "#8338ec", "#ff006e"];
    JSON.parse(node.textContent).forEach(function (chart) {
      var canvas = document.getElementById(chart.id);
      if (!canvas) return;
      new Chart(canvas, {
        type: chart.type,
        data: {
          labels: chart.labels,
          datasets: [{
            label: chart.title,
            data: chart.values,
            backgroundColor: chart.type === "bar" ? "#b5121b" : palette,
          }],
        },
        options: {
          animation: false,
          plugins: { legend: { display: chart.type !== "bar", position: "right" } },
          scales: chart.type === "bar" ? { y: { beginAtZero: true, ticks: { precision: 0 } } } : {},
          locale: "vi-VN",
        },
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
