/* The goal-table editor's helpers: row tools, 二级 filtered by 一级, 三级 suggestions from the
   indicator library, the review rules' findings while typing (asked of the server, which runs
   the same rules as 提交审核 — there are no checks in this file), and a warning before leaving
   with unsaved changes.

   All of it is an aid.  With JavaScript off the same form saves: lines keep an ORDER number and
   a DELETE box, and blank lines at the end take new indicators.  So this file only moves,
   copies and hides lines and keeps ORDER in step with what the page shows. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var UNIT_WORD = { amount: "万元", percent: "%" };

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  // Full-width digits and signs typed with a Chinese input method count as the ASCII ones.
  function fold(text) {
    return String(text || "").replace(/[\uFF01-\uFF5E]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    }).replace(/\u3000/g, " ");
  }
  function number(text) {
    var t = fold(text).trim().replace(/,/g, "");
    return /^-?\d+(\.\d+)?$/.test(t) ? t : null;
  }
  // Cents as integers, so sums of 万元 amounts compare exactly.
  function cents(text) {
    var t = number(text);
    if (t === null) return null;
    var negative = t.charAt(0) === "-";
    var parts = t.replace("-", "").split(".");
    var frac = ((parts[1] || "") + "00").slice(0, 2);
    var value = parseInt(parts[0], 10) * 100 + parseInt(frac, 10);
    return negative ? -value : value;
  }
  function showCents(value) {
    var sign = value < 0 ? "-" : "";
    value = Math.abs(value);
    return sign + Math.floor(value / 100) + "." + ("0" + (value % 100)).slice(-2);
  }

  function init() {
    var form = document.getElementById("editor");
    if (!form) return;
    var scheme = JSON.parse($("#editor-scheme").textContent);
    var library = JSON.parse($("#editor-library").textContent);
    var grid = document.getElementById("grid");
    var dirty = false;

    /* ---- unsaved changes ---------------------------------------------------------------- */
    function markDirty() {
      if (dirty) return;
      dirty = true;
      $$(".dirty", form).forEach(function (el) { el.hidden = false; });
    }
    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) return;
      event.preventDefault();
      event.returnValue = "";
    });
    // After saving, the page comes back where the person was working.
    var scrollKey = "editor-scroll:" + location.pathname;
    var savedScroll = sessionStorage.getItem(scrollKey);
    sessionStorage.removeItem(scrollKey);
    form.addEventListener("submit", function () {
      sessionStorage.setItem(scrollKey, String(window.scrollY));
      renumber();
      dirty = false;
      $$("button.save", form).forEach(function (b) { b.classList.add("busy"); });
    });

    /* ---- lines of the grid -------------------------------------------------------------- */
    function lines() { return $$("tbody.line", grid); }
    function field(line, name) { return line.querySelector('[name="' + line.dataset.prefix + "-" + name + '"]'); }
    function val(line, name) { var el = field(line, name); return el ? el.value : ""; }
    function isDeleted(line) { return line.classList.contains("deleted"); }

    function renumber() {
      var shown = 0;
      lines().forEach(function (line, index) {
        var order = field(line, "ORDER");
        if (order) order.value = index + 1;
        if (!isDeleted(line)) shown += 1;
        var label = $(".lineno", line);
        if (label) label.textContent = isDeleted(line) ? "" : String(shown);
      });
      regroup();
    }

    // Lines with the same 一级/二级 (or 职责/职责事项) as the line above read as one merged cell.
    function regroup() {
      var previous = null;
      lines().forEach(function (line) {
        if (isDeleted(line)) return;
        var same = function (names) {
          return !!previous &&
            names.every(function (n) { return val(line, n) === val(previous, n); }) &&
            names.some(function (n) { return val(line, n); });
        };
        var duty = same(["duty_seq", "duty_name"]), level1 = same(["level1"]);
        line.classList.toggle("same-duty", duty);
        line.classList.toggle("same-task", duty && same(["task_name", "task_goal"]));
        line.classList.toggle("same-l1", level1);
        line.classList.toggle("same-l2", level1 && same(["level2"]));
        previous = line;
      });
    }

    var total = document.getElementById("id_r-TOTAL_FORMS");
    function newLine() {
      var index = parseInt(total.value, 10);
      var html = $("#row-template").innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("table");
      holder.innerHTML = html;
      total.value = index + 1;
      var line = holder.tBodies[0];
      filterLevel2(line, false);
      return line;
    }
    function copy(from, to, names) {
      names.forEach(function (name) {
        var source = field(from, name), target = field(to, name);
        if (!source || !target) return;
        if (target.tagName === "SELECT" && !Array.prototype.some.call(target.options, function (o) { return o.value === source.value; })) {
          target.add(new Option(source.value, source.value));
        }
        target.value = source.value;
      });
    }
    var CONTEXT = ["duty_seq", "duty_name", "task_name", "task_goal", "level1", "level2"];
    var CONTENT = ["name", "description", "comparator", "value", "unit", "value_text", "direction", "basis", "standard",
      "activity", "ref_plan", "ref_standard", "ref_standard_source", "ref_avg3", "ref_last_year", "ref_history_source",
      "weight", "scoring_standard", "formula", "data_source"];

    function afterInsert(line, focusName) {
      filterLevel2(line, false);
      renumber();
      markDirty();
      var target = field(line, focusName || "name") || $("textarea, input:not([type=hidden]), select", line);
      if (target) target.focus();
    }
    function insertAfter(line, anchor) {
      if (anchor) anchor.parentNode.insertBefore(line, anchor.nextSibling);
      else grid.appendChild(line);
    }
    function neighbour(line, step) {
      var all = lines().filter(function (l) { return !isDeleted(l) || l === line; });
      return all[all.indexOf(line) + step] || null;
    }
    function move(line, step) {
      var other = neighbour(line, step);
      if (!other) return;
      if (step < 0) other.parentNode.insertBefore(line, other);
      else other.parentNode.insertBefore(line, other.nextSibling);
      renumber();
      markDirty();
    }
    function lastLine() {
      var all = lines().filter(function (l) { return !isDeleted(l); });
      return all[all.length - 1] || null;
    }

    var actions = {
      up: function (line) { move(line, -1); },
      down: function (line) { move(line, 1); },
      dup: function (line) {
        var copyLine = newLine();
        copy(line, copyLine, CONTEXT.concat(CONTENT));
        insertAfter(copyLine, line);
        afterInsert(copyLine);
      },
      add: function (line) {
        var added = newLine();
        copy(line, added, CONTEXT);
        insertAfter(added, line);
        afterInsert(added);
      },
      del: function (line) {
        field(line, "DELETE").checked = true;
        line.classList.add("deleted");
        renumber();
        markDirty();
      },
      undo: function (line) {
        field(line, "DELETE").checked = false;
        line.classList.remove("deleted");
        renumber();
        markDirty();
      },
      append: function () {
        var last = lastLine(), added = newLine();
        if (last) copy(last, added, ["duty_seq", "duty_name", "task_name", "task_goal"]);
        insertAfter(added, lines()[lines().length - 1]);
        afterInsert(added);
      },
      "append-task": function () {
        var last = lastLine(), added = newLine();
        if (last) copy(last, added, ["duty_seq", "duty_name"]);
        insertAfter(added, lines()[lines().length - 1]);
        afterInsert(added, "task_name");
      },
      "append-duty": function () {
        var added = newLine();
        var seqs = lines().map(function (l) { return parseInt(val(l, "duty_seq"), 10) || 0; });
        field(added, "duty_seq").value = String(Math.max.apply(null, [0].concat(seqs)) + 1);
        insertAfter(added, lines()[lines().length - 1]);
        afterInsert(added, "duty_name");
      }
    };
    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-act]");
      if (!button) return;
      var act = button.dataset.act;
      if (actions[act]) {
        event.preventDefault();
        actions[act](button.closest("tbody.line"));
      } else if (planActions[act]) {
        event.preventDefault();
        planActions[act](button.closest("td.point"));
      }
    });
    grid.addEventListener("keydown", function (event) {
      if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
      var line = event.target.closest("tbody.line");
      if (!line) return;
      event.preventDefault();
      var focused = document.activeElement;
      move(line, event.key === "ArrowUp" ? -1 : 1);
      if (focused) focused.focus();
    });

    // A duty's or task's text is one merged cell in print: editing it on the group's first line
    // carries the change to the lines below that showed the same text.
    var before = null;
    grid.addEventListener("focusin", function (event) {
      var name = event.target.name || "";
      before = /-(duty_seq|duty_name|task_name|task_goal)$/.test(name) ? event.target.value : null;
    });
    grid.addEventListener("change", function (event) {
      var match = /-(duty_seq|duty_name|task_name|task_goal)$/.exec(event.target.name || "");
      if (match && before !== null && before !== event.target.value) {
        var line = event.target.closest("tbody.line"), next = neighbour(line, 1);
        var group = match[1].indexOf("duty") === 0 ? "same-duty" : "same-task";
        while (next && next.classList.contains(group) && val(next, match[1]) === before) {
          field(next, match[1]).value = event.target.value;
          next = neighbour(next, 1);
        }
        before = event.target.value;
      }
      if (/-(level1|level2|duty_seq|duty_name|task_name|task_goal)$/.test(event.target.name || "")) {
        var changed = event.target.closest("tbody.line");
        if (/-level1$/.test(event.target.name)) filterLevel2(changed, true);
        if (/-level2$/.test(event.target.name)) adoptLevel1(changed);
        regroup();
      }
    });

    /* ---- 二级 follows 一级 ---------------------------------------------------------------- */
    function filterLevel2(line, clearForeign) {
      var l1 = val(line, "level1"), select = field(line, "level2");
      if (!select) return;
      var current = select.value;
      var groups = l1 && scheme[l1] ? [[l1, scheme[l1]]] : Object.keys(scheme).map(function (k) { return [k, scheme[k]]; });
      var known = groups.some(function (g) { return g[1].indexOf(current) >= 0; });
      select.innerHTML = "";
      select.add(new Option("", ""));
      if (current && !known && !clearForeign) {
        var orphan = new Option(current + "（不属于所选一级指标）", current);
        orphan.className = "orphan";
        select.add(orphan);
      }
      groups.forEach(function (g) {
        var parent = select;
        if (groups.length > 1) {
          parent = document.createElement("optgroup");
          parent.label = g[0];
          select.appendChild(parent);
        }
        g[1].forEach(function (name) { parent.appendChild(new Option(name, name)); });
      });
      select.value = known || !clearForeign ? current : "";
    }
    function adoptLevel1(line) {
      var select = field(line, "level2"), l1 = field(line, "level1");
      if (!select || !l1 || l1.value || !select.value) return;
      var option = select.options[select.selectedIndex];
      var group = option && option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label : null;
      if (group) { l1.value = group; filterLevel2(line, false); }
    }
    lines().forEach(function (line) { filterLevel2(line, false); });

    /* ---- 三级 suggestions ------------------------------------------------------------------ */
    var popup = document.createElement("ul");
    popup.className = "suggest";
    popup.setAttribute("role", "listbox");
    popup.hidden = true;
    document.body.appendChild(popup);
    var suggestFor = null, active = -1;

    function candidates(line, text) {
      var l1 = val(line, "level1"), l2 = val(line, "level2");
      var needle = fold(text).trim();
      var found = library.filter(function (item) {
        if (l1 && item.l1 !== l1) return false;
        if (l2 && item.l2 !== l2) return false;
        return !needle || item.name.indexOf(needle) >= 0;
      });
      return found.slice(0, 12);
    }
    function openSuggest(area) {
      var line = area.closest("tbody.line");
      var items = candidates(line, area.value);
      if (!items.length || (items.length === 1 && items[0].name === area.value)) { closeSuggest(); return; }
      suggestFor = area;
      active = -1;
      popup.innerHTML = "";
      items.forEach(function (item, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.dataset.index = i;
        li.textContent = item.name;
        var hint = [item.l2, (item.cmp || "") + (item.unit || "")].filter(Boolean).join(" · ");
        if (hint) {
          var small = document.createElement("small");
          small.textContent = hint;
          li.appendChild(small);
        }
        li.item = item;
        popup.appendChild(li);
      });
      var box = area.getBoundingClientRect();
      popup.style.left = (box.left + window.scrollX) + "px";
      popup.style.top = (box.bottom + window.scrollY) + "px";
      popup.style.minWidth = box.width + "px";
      popup.hidden = false;
    }
    function closeSuggest() { popup.hidden = true; suggestFor = null; active = -1; }
    function pick(item) {
      var area = suggestFor, line = area.closest("tbody.line");
      area.value = item.name;
      var fill = function (name, value) {
        var el = field(line, name);
        if (el && !el.value && value) el.value = value;
      };
      if (!val(line, "level1")) { fill("level1", item.l1); filterLevel2(line, false); }
      if (!val(line, "level2")) { fill("level2", item.l2); }
      fill("comparator", item.cmp);
      fill("unit", item.unit);
      fill("direction", item.dir);
      fill("description", item.desc);
      regroup();
      markDirty();
      closeSuggest();
    }
    grid.addEventListener("focusin", function (event) {
      if (event.target.classList.contains("lib")) openSuggest(event.target);
    });
    grid.addEventListener("input", function (event) {
      if (event.target.classList.contains("lib")) openSuggest(event.target);
    });
    grid.addEventListener("focusout", function (event) {
      if (event.target === suggestFor) setTimeout(closeSuggest, 150);
    });
    grid.addEventListener("keydown", function (event) {
      if (popup.hidden || event.target !== suggestFor) return;
      var options = $$("li", popup);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
        options.forEach(function (li, i) { li.classList.toggle("active", i === active); });
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        pick(options[active].item);
      } else if (event.key === "Escape") {
        closeSuggest();
      }
    });
    popup.addEventListener("mousedown", function (event) {
      var li = event.target.closest("li");
      if (li) { event.preventDefault(); pick(li.item); }
    });

    /* ---- the value as it will print: the server's answer to each check sets it ------------ */

    /* ---- spending plan -------------------------------------------------------------------- */
    var plan = document.getElementById("plan");
    var planTotal = document.getElementById("id_m-TOTAL_FORMS");
    function planUnit() {
      var checked = $('input[name="t-milestone_unit"]:checked', form);
      return checked ? checked.value : "amount";
    }
    function points() { return $$("td.point", plan).filter(function (p) { return !p.classList.contains("deleted"); }); }
    function pointField(point, name) { return point.querySelector('[name="' + point.dataset.prefix + "-" + name + '"]'); }
    function budget() { var el = form.elements["t-budget_total"]; return el ? cents(el.value) : null; }

    function showPlanUnit() {
      var word = UNIT_WORD[planUnit()];
      $$(".plan-unit", plan).forEach(function (el) { el.textContent = word; });
    }

    var planActions = {
      "add-point": function () {
        var index = parseInt(planTotal.value, 10);
        var holder = document.createElement("tr");
        holder.innerHTML = $("#point-template").innerHTML.replace(/__prefix__/g, String(index));
        var point = holder.firstElementChild;
        planTotal.value = index + 1;
        var months = points().map(function (p) { return parseInt(pointField(p, "month").value, 10) || 0; });
        var month = Math.min(12, Math.max.apply(null, [0].concat(months)) + 1);
        pointField(point, "month").value = String(month);
        pointField(point, "label").value = month + "月底";
        var add = $("td.add-point", plan);
        add.parentNode.insertBefore(point, add);
        pointField(point, "value").focus();
        showPlanUnit();
        markDirty();
      },
      "del-point": function (point) {
        pointField(point, "DELETE").checked = true;
        point.classList.add("deleted");
        markDirty();
      }
    };
    plan.addEventListener("change", function (event) {
      if (/-month$/.test(event.target.name || "")) {
        var point = event.target.closest("td.point"), label = pointField(point, "label");
        if (!label.value || /^\d+月底$/.test(label.value)) label.value = event.target.value ? event.target.value + "月底" : "";
      }
    });
    plan.addEventListener("change", function (event) {
      if (event.target.name === "t-milestone_unit") { convertPlan(event.target.value); showPlanUnit(); }
    });
    // Switching 万元 ↔ % converts the points with the budget, so nobody retypes the plan.
    function convertPlan(unit) {
      var total = budget();
      if (!total) return;
      points().forEach(function (point) {
        var input = pointField(point, "value"), value = cents(input.value);
        if (value === null) return;
        var converted = unit === "percent" ? Math.round(value * 10000 / total) : Math.round(value * total / 10000);
        input.value = showCents(converted);
      });
    }
    /* ---- the review rules' findings, while typing ---------------------------------------- */
    // The server reads the page as it would save it and runs the rules submission runs; this
    // only shows the answer: the list above the table and a mark on each cell it names.
    var checkUrl = form.dataset.checkUrl, checkTimer = null, checkSeq = 0;
    function scheduleCheck() {
      clearTimeout(checkTimer);
      checkTimer = setTimeout(runCheck, 350);
    }
    function runCheck() {
      var mine = ++checkSeq;
      renumber();
      fetch(checkUrl, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && mine === checkSeq) showFindings(data); })
        .catch(function () { /* offline for a moment: the marks of the last answer stay */ });
    }
    function showFindings(data) {
      var panel = document.getElementById("findings");
      panel.outerHTML = data.html;
      $$("ul.issues", form).forEach(function (ul) { ul.remove(); });
      $$(".has-issue", form).forEach(function (el) { el.classList.remove("has-issue"); });
      data.marks.forEach(function (mark) {
        var cell = mark.cell && document.getElementById(mark.cell);
        if (!cell) return;
        cell.classList.add("has-issue");
        var ul = $(":scope > ul.issues", cell);
        if (!ul) {
          ul = document.createElement("ul");
          ul.className = "issues";
          cell.appendChild(ul);
        }
        var li = document.createElement("li");
        li.className = "sev-" + mark.severity;
        if (mark.code) li.dataset.code = mark.code;
        li.textContent = mark.message;
        ul.appendChild(li);
      });
      Object.keys(data.printed || {}).forEach(function (prefix) {
        var line = $('tbody.line[data-prefix="' + prefix + '"]', grid), printed = line && $(".c-value .printed", line);
        if (printed) printed.textContent = data.printed[prefix];
      });
    }
    form.addEventListener("input", scheduleCheck);
    form.addEventListener("change", scheduleCheck);
    form.addEventListener("click", function (event) {
      if (event.target.closest("button[data-act]")) scheduleCheck();
    });
    // A finding's link goes to its cell and puts the cursor in it.
    document.addEventListener("click", function (event) {
      var link = event.target.closest("#findings a[data-cell]");
      if (!link) return;
      var cell = document.getElementById(link.dataset.cell);
      if (!cell) return;
      event.preventDefault();
      var input = (link.dataset.focus && form.elements[link.dataset.focus]) || $("input:not([type=hidden]), textarea, select", cell);
      var details = input && input.closest("details");
      if (details) details.open = true;  // a field under “更多”
      cell.scrollIntoView({ block: "center" });
      if (input && input.focus) input.focus({ preventScroll: true });
      cell.classList.remove("flash");
      void cell.offsetWidth;
      cell.classList.add("flash");
    });

    /* ---- textareas grow with their text (where CSS field-sizing is missing) ---------------- */
    if (!(window.CSS && CSS.supports && CSS.supports("field-sizing", "content"))) {
      var grow = function (area) { area.style.height = "auto"; area.style.height = area.scrollHeight + 2 + "px"; };
      form.addEventListener("input", function (event) { if (event.target.tagName === "TEXTAREA") grow(event.target); });
      $$("textarea", form).forEach(grow);
    }

    // The blank lines at the end serve pages without JavaScript; here “添加指标” makes lines.
    var initial = parseInt(document.getElementById("id_r-INITIAL_FORMS").value, 10);
    lines().forEach(function (line) {
      var index = parseInt(line.dataset.prefix.split("-")[1], 10);
      var blank = $$("input:not([type=hidden]):not([type=checkbox]):not(.order), textarea, select", line).every(function (el) { return !el.value; });
      if (index >= initial && blank) line.remove();
    });
    $$(".plan-unit", plan).forEach(function (el) { el.textContent = UNIT_WORD[planUnit()]; });
    renumber();
    if (savedScroll && !$(".conflict, .error", form)) window.scrollTo(0, parseInt(savedScroll, 10) || 0);
    // A refused save comes back with the person's unsaved work in the page: guard it too.
    if ($(".conflict, div.error[role=alert]", form)) markDirty();
  }

  document.addEventListener("DOMContentLoaded", init);
})();
