/* Beside the editor's grid: a few 三级 suggestions from the indicator library under every row
   whose 三级指标 is still empty (a new table starts with one empty row per 二级 of its scheme),
   and the reply / 已修改 forms of review comments sent without leaving the page.

   An aid only: without JavaScript the rows are filled by hand and the comment forms post and
   come back to the editor. */
(function () {
  "use strict";

  var SHOWN = 3;

  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  function field(line, name) { return line.querySelector('[name="' + line.dataset.prefix + "-" + name + '"]'); }
  function val(line, name) { var el = field(line, name); return el ? el.value : ""; }

  function initSuggestions(grid, library) {
    function suggestionsFor(line) {
      var l1 = val(line, "level1"), l2 = val(line, "level2");
      if (!l1 || !l2) return [];
      return library.filter(function (item) { return item.l1 === l1 && item.l2 === l2; }).slice(0, SHOWN);
    }
    function fill(line, item) {
      var name = field(line, "name");
      name.value = item.name;
      var put = function (fieldName, value) {
        var el = field(line, fieldName);
        if (el && !el.value && value) {
          el.value = value;
          el.dispatchEvent(new Event("change", { bubbles: true }));
        }
      };
      put("comparator", item.cmp);
      put("unit", item.unit);
      put("direction", item.dir);
      put("description", item.desc);
      name.dispatchEvent(new Event("change", { bubbles: true }));
      draw(line);
      var number = field(line, "value");
      if (number) number.focus();
    }
    function draw(line) {
      var cell = line.querySelector("td.c-name");
      if (!cell) return;
      var box = cell.querySelector(".row-suggest");
      var items = val(line, "name").trim() || line.classList.contains("deleted") ? [] : suggestionsFor(line);
      if (!items.length) { if (box) box.remove(); return; }
      if (!box) {
        box = document.createElement("div");
        box.className = "row-suggest";
        cell.appendChild(box);
      }
      box.innerHTML = "";
      var label = document.createElement("span");
      label.textContent = "指标库：";
      box.appendChild(label);
      items.forEach(function (item) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = item.name;
        button.title = [item.desc, (item.cmp || "") + (item.unit || "")].filter(Boolean).join(" · ");
        button.addEventListener("click", function () { fill(line, item); });
        box.appendChild(button);
      });
    }
    function drawAll() { $$("tbody.line", grid).forEach(draw); }
    grid.addEventListener("change", function (event) {
      var line = event.target.closest && event.target.closest("tbody.line");
      if (line && /-(level1|level2|name)$/.test(event.target.name || "")) draw(line);
    });
    grid.addEventListener("input", function (event) {
      var line = event.target.closest && event.target.closest("tbody.line");
      if (line && /-name$/.test(event.target.name || "")) draw(line);
    });
    drawAll();
  }

  /* ---- review comments answered in place -------------------------------------------------- */
  function initThreads() {
    // Typing a reply is not an unsaved change of the table.
    $$("tr.thread-row, .threads-elsewhere").forEach(function (box) {
      ["input", "change"].forEach(function (type) {
        box.addEventListener(type, function (event) { event.stopPropagation(); });
      });
    });
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList || !form.classList.contains("thread-action")) return;
      event.preventDefault();
      var submitter = event.submitter;
      var data = new FormData(form);
      if (submitter && submitter.name) data.append(submitter.name, submitter.value);
      var thread = document.getElementById(form.dataset.thread);
      var status = thread && thread.querySelector(".thread-status");
      if (status) status.textContent = "正在发送…";
      // "已修改" posts elsewhere; .formAction would give the page URL for a button without the attribute
      var url = (submitter && submitter.getAttribute("formaction")) || form.action;
      fetch(url, { method: "POST", body: data, headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
        .then(function (response) {
          return response.text().then(function (html) { return { ok: response.ok, html: html }; });
        })
        .then(function (result) {
          if (!result.ok) {
            if (status) status.textContent = result.html || "没有发送成功，请重试。";
            return;
          }
          var holder = document.createElement("div");
          holder.innerHTML = result.html.trim();
          var fresh = holder.firstElementChild;
          if (thread && fresh && fresh.classList.contains("editor-thread")) thread.replaceWith(fresh);
          else if (status) status.textContent = "没有发送成功，请刷新页面后重试。";
        })
        .catch(function () { if (status) status.textContent = "网络错误，没有发送成功，请重试。"; });
    });
  }

  function init() {
    var grid = document.getElementById("grid");
    var libraryData = document.getElementById("editor-library");
    if (grid && libraryData) initSuggestions(grid, JSON.parse(libraryData.textContent));
    initThreads();
  }

  document.addEventListener("DOMContentLoaded", init);
})();
