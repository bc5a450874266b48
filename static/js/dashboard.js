// Draws the dashboard's charts with the vendored Chart.js from the numbers the page embeds
// (the same numbers as the tables below each chart and the CSV/Excel downloads).
(function () {
  "use strict";
  document.querySelectorAll("select.autosubmit").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  var node = document.getElementById("dashboard-data");
  if (!node || typeof Chart === "undefined") return;
  var data = JSON.parse(node.textContent);
  var colours = ["#9aa5b1", "#2f6fb0", "#c0392b", "#2e8b57"];  // 草稿, 已提交, 退回修改, 审核通过
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }

  if (data.progress) {
    draw("chart-progress", {
      type: "bar",
      data: {
        labels: data.progress.labels,
        datasets: data.progress.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: colours[i] };
        })
      },
      options: { indexAxis: "y", maintainAspectRatio: false, scales: { x: { stacked: true, title: { display: true, text: "表数" } }, y: { stacked: true } } }
    });
  }
  if (data.rules && data.rules.labels.length) {
    draw("chart-rules", {
      type: "bar",
      data: { labels: data.rules.labels, datasets: [{ label: "发现条数", data: data.rules.data, backgroundColor: "#d4a017" }] },
      options: {
        indexAxis: "y", maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { callbacks: { title: function (items) { return data.rules.titles[items[0].dataIndex]; } } } }
      }
    });
  }
  if (data.budget) {
    draw("chart-budget", {
      type: "bar",
      data: {
        labels: data.budget.labels,
        datasets: [
          { label: "已审核通过（万元）", data: data.budget.approved, backgroundColor: colours[3] },
          { label: "尚未通过（万元）", data: data.budget.rest, backgroundColor: "#d9dee4" }
        ]
      },
      options: { indexAxis: "y", maintainAspectRatio: false, scales: { x: { stacked: true, title: { display: true, text: "万元" } }, y: { stacked: true } } }
    });
  }
})();
