// Puts a marker on each indicator row of the table page that carries a review comment, linking to
// its thread in the review panel. The panel lists every thread anyway; this only brings them together.
(function () {
  "use strict";
  var threads = document.querySelectorAll(".review-panel .review-thread[data-row-index]");
  if (!threads.length) return;
  var rows = document.querySelectorAll(".sheet table.grid > tbody > tr");
  threads.forEach(function (thread) {
    var row = rows[Number(thread.getAttribute("data-row-index"))];
    if (!row) return;
    row.classList.add("has-comment");
    if (!thread.classList.contains("resolved")) row.classList.add("has-open-comment");
    var marker = document.createElement("a");
    marker.className = "comment-marker" + (thread.classList.contains("resolved") ? "" : " open");
    marker.href = "#" + thread.id;
    marker.textContent = "批注";
    marker.title = thread.querySelector(".comment-body") ? thread.querySelector(".comment-body").textContent : "";
    row.lastElementChild.appendChild(marker);
  });
})();
