// Puts a marker on each indicator row of the printed table that carries a review comment, linking to
// its thread in the review panel. The panel lists every thread anyway; this brings the two together.
// data-body-row is the row among the table's body rows (documents.review_sheet.body_positions).
(function () {
  "use strict";
  var threads = document.querySelectorAll(".review-panel .review-thread[data-body-row]");
  if (!threads.length) return;
  var rows = document.querySelectorAll(".sheet table.gt > tbody > tr");
  threads.forEach(function (thread) {
    var row = rows[Number(thread.getAttribute("data-body-row"))];
    if (!row) return;
    var open = !thread.classList.contains("resolved");
    row.classList.add(open ? "has-open-comment" : "has-comment");
    var marker = document.createElement("a");
    marker.className = "comment-marker" + (open ? " open" : "");
    marker.href = "#" + thread.id;
    marker.textContent = "批注";
    var body = thread.querySelector(".comment-body");
    if (body) marker.title = body.textContent;
    row.lastElementChild.appendChild(marker);
  });
})();
