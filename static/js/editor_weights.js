/* Above the editor's grid: the 分值 summed per 一级 as staff type them, against the scheme's shares
   (财预〔2020〕10号: 产出（含成本）50, 效益 30, 满意度 10, 预算执行率 10 set apart).

   An aid only: the review rules R-SCORE-TOTAL and R-SCORE-SHARES say the same on saving and checking,
   and submission refuses a table whose 分值 do not add up. */
(function () {
  "use strict";

  var BUDGET = "预算执行率";

  function group(level1) {
    var bare = (level1 || "").replace(/[（(][^)）]*[)）]$/, "").replace(/\s+/g, "");
    if (bare && bare.slice(-2) !== "指标") bare += "指标";
    return bare === "成本指标" || bare === "产出指标" ? "产出指标" : bare;
  }
  function label(name) { return name === "产出指标" ? "产出（含成本）" : name.replace(/指标$/, ""); }
  function round(n) { return Math.round(n * 10000) / 10000; }
  // As the server reads a 分值 (documents.amounts.read_points): 10, 2.5, 10分, 20%, full-width digits;
  // nothing else (no sign, no exponent, no 0x), at most 8 integer digits and 4 decimals.
  function number(text) {
    text = (text || "").replace(/[０-９．％]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/[\s\u3000]+/g, "");
    if (!text) return null;
    var found = /^(\d+(?:\.\d*)?|\.\d+)(?:分|%)?$/.exec(text);
    if (!found) return NaN;
    var parts = found[1].split(".");
    if (parts[0].replace(/^0+/, "").length > 8 || (parts[1] || "").length > 4) return NaN;
    return Number(found[1]);
  }
  function span(text, css) {
    var el = document.createElement("span");
    el.textContent = text;
    if (css) el.className = css;
    return el;
  }

  function init() {
    var out = document.getElementById("weight-sum");
    var grid = document.getElementById("grid");
    var data = document.getElementById("editor-shares");
    if (!out || !grid || !data) return;
    var shares = JSON.parse(data.textContent);
    var full = 0;
    Object.keys(shares).forEach(function (k) { full += Number(shares[k]); });
    var budget = Number(shares[BUDGET] || 0);

    function update() {
      var sums = {}, filled = 0, missing = 0, bad = 0;
      grid.querySelectorAll("tbody.line:not(.deleted)").forEach(function (line) {
        var p = line.dataset.prefix;
        var weight = line.querySelector('[name="' + p + '-weight"]');
        var name = line.querySelector('[name="' + p + '-name"]');
        var term = line.querySelector('[name="' + p + '-term"]');
        var level1 = line.querySelector('[name="' + p + '-level1"]');
        if (!weight || (term && term.value)) return;  // the 中期/长期 block is not scored
        var n = number(weight.value);
        if (n === null) { if (name && name.value.trim()) missing += 1; return; }
        if (isNaN(n)) { bad += 1; return; }
        filled += 1;
        var g = group(level1 ? level1.value : "");
        sums[g] = round((sums[g] || 0) + n);
      });
      out.textContent = "";
      if (!filled && !bad) {
        var parts = Object.keys(shares).map(function (k) { return label(k) + " " + Number(shares[k]); });
        out.appendChild(span("分值未填（指标体系：" + parts.join(" · ") + "）"));
        out.title = "预算执行率的分值在年终自评时按执行率计分；各指标分值与它合计 " + round(full) + " 分。";
        return;
      }
      out.appendChild(span("分值合计："));
      if (Object.keys(sums).every(function (k) { return k === ""; })) {
        // no 一级 on any line (the duty layout has none): the total alone, as the rules check it
        var all = round(budget + (sums[""] || 0));
        out.appendChild(span("各指标 " + (sums[""] || 0) + " + 预算执行率 " + budget + " = "));
        out.appendChild(span(all + " / " + round(full), all === round(full) ? "ok" : "off"));
      } else {
        byGroup(sums);
      }
      if (missing) out.appendChild(span("；有 " + missing + " 个指标未填分值", "off"));
      if (bad) out.appendChild(span("；有 " + bad + " 个分值不是数字", "off"));
    }

    function byGroup(sums) {
      var total = budget;
      var seen = {};
      Object.keys(shares).forEach(function (k) {
        if (k === BUDGET) return;
        var sum = sums[k] || 0;
        seen[k] = true;
        total += sum;
        out.appendChild(span(label(k) + " " + sum + " / " + Number(shares[k]), sum === Number(shares[k]) ? "ok" : "off"));
        out.appendChild(span(" · "));
      });
      Object.keys(sums).forEach(function (k) {
        if (seen[k]) return;
        total += sums[k];
        out.appendChild(span((k || "未选一级指标") + " " + sums[k], "off"));
        out.appendChild(span(" · "));
      });
      out.appendChild(span("预算执行率 " + budget + " · "));
      total = round(total);
      out.appendChild(span("合计 " + total + " / " + round(full), total === round(full) ? "ok" : "off"));
    }

    grid.addEventListener("input", update);
    grid.addEventListener("change", update);
    // lines added, removed, deleted or restored
    new MutationObserver(update).observe(grid, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
    update();
  }

  document.addEventListener("DOMContentLoaded", init);
})();
