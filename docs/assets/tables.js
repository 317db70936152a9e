/* Sortable, filterable tables, and long source tables shown a few rows per report.
 *
 * Shipped with the site and loaded from it (nothing from another host). The pages work
 * without it: every row is in the HTML, in the order the build chose, and a printout
 * shows them all. With it:
 *   table[data-sortable]   a click on a column's heading sorts by it (again: the other way);
 *                          a cell's data-sort value, if any, is what it sorts by;
 *   table[data-filter]     a search box above the table keeps the rows holding every word typed;
 *   table[data-collapse]   rows sharing a data-group (one report) show their first N, and a
 *                          button shows the rest; sorting or filtering shows every row.
 */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function key(row, column) {
    var cell = row.cells[column];
    if (!cell) return "";
    var value = cell.getAttribute("data-sort");
    return value !== null ? value : cell.textContent.trim();
  }

  function asNumber(text) {
    var n = Number(String(text).replace(/,/g, ""));
    return text !== "" && !isNaN(n) ? n : null;
  }

  function expand(table) {
    table.querySelectorAll("tr.more").forEach(function (row) { row.remove(); });
    table.querySelectorAll("tr.collapsed").forEach(function (row) { row.classList.remove("collapsed"); });
  }

  function collapse(table) {
    var keep = parseInt(table.getAttribute("data-collapse"), 10);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var columns = table.tHead ? table.tHead.rows[0].cells.length : 1;
    var groups = [];
    rows.forEach(function (row) {
      var group = row.getAttribute("data-group");
      var last = groups[groups.length - 1];
      if (last && last.name === group) last.rows.push(row);
      else groups.push({ name: group, rows: [row] });
    });
    groups.forEach(function (group) {
      var hidden = group.rows.slice(keep);
      if (hidden.length < 2) return;  // one more row takes the room of its button
      hidden.forEach(function (row) { row.classList.add("collapsed"); });
      var more = document.createElement("tr");
      more.className = "more";
      var cell = more.insertCell();
      cell.colSpan = columns;
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "Show " + hidden.length + " more figures from this report";
      button.addEventListener("click", function () {
        hidden.forEach(function (row) { row.classList.remove("collapsed"); });
        more.remove();
      });
      cell.appendChild(button);
      group.rows[keep - 1].after(more);
    });
  }

  function sortable(table) {
    var headings = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headings, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.title = "Sort by " + th.textContent.trim();
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headings, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        expand(table);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = rows.every(function (row) { var k = key(row, column); return k === "" || asNumber(k) !== null; });
        rows.sort(function (a, b) {
          var x = key(a, column), y = key(b, column);
          var order = numeric ? (asNumber(x) || 0) - (asNumber(y) || 0) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        table.classList.add("sorted");
      });
    });
  }

  function filterable(table) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var box = document.createElement("div");
    box.className = "table-filter";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Filter " + rows.length + " " + (table.getAttribute("data-filter") || "rows") + "…";
    input.setAttribute("aria-label", input.placeholder);
    var count = document.createElement("span");
    count.className = "table-filter-count";
    count.setAttribute("aria-live", "polite");
    box.appendChild(input);
    box.appendChild(count);
    var wrap = table.closest(".table-wrap") || table;
    wrap.parentNode.insertBefore(box, wrap);
    var texts = rows.map(function (row) { return fold(row.textContent); });
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      if (words.length) expand(table);
      var shown = 0;
      rows.forEach(function (row, n) {
        var match = words.every(function (word) { return texts[n].indexOf(word) >= 0; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = words.length ? shown + " of " + rows.length : "";
    });
  }

  function init() {
    document.querySelectorAll("table[data-sortable]").forEach(sortable);
    document.querySelectorAll("table[data-filter]").forEach(filterable);
    document.querySelectorAll("table[data-collapse]").forEach(collapse);
  }

  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
