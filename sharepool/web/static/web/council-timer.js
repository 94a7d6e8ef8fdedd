// The speaker's remaining time on the council console (issue 13), counted down each second from the
// start the server recorded. Without JavaScript the page shows the limit and the start time instead.
(function () {
  function tick(timer) {
    var started = Number(timer.dataset.started) * 1000;
    var left = Number(timer.dataset.limit) - Math.floor((Date.now() - started) / 1000);
    var shown = Math.abs(left);
    var text = Math.floor(shown / 60) + ":" + String(shown % 60).padStart(2, "0");
    timer.textContent = left < 0 ? "-" + text : text;
    timer.classList.toggle("over", left < 0);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-timer]").forEach(function (timer) {
      tick(timer);
      setInterval(function () { tick(timer); }, 1000);
    });
  });
})();
