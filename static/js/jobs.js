// A job's page: ask for its status every second, move the progress bar, and load the page again
// when the job ends: the server then sends the user on to the result, or shows the failure.
(function () {
  "use strict";
  function poll(box) {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { return setTimeout(function () { poll(box); }, 3000); }
        var bar = document.getElementById("job-progress");
        if (bar) { bar.value = job.progress; bar.textContent = job.progress + "%"; }
        var percent = document.getElementById("job-percent");
        if (percent) { percent.textContent = job.progress + "%"; }
        var status = document.getElementById("job-status");
        if (status) { status.textContent = job.status_label; }
        var step = document.getElementById("job-step");
        if (step) { step.textContent = job.step; }
        if (job.finished) {
          window.location.reload();
        } else {
          setTimeout(function () { poll(box); }, 1000);
        }
      })
      .catch(function () { setTimeout(function () { poll(box); }, 3000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("job");
    if (box && box.dataset.finished !== "1") { poll(box); }
  });
})();
