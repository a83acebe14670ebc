/* Roster generation progress; without this script the "Stand bijwerken" link does the same.
   Every second the progress is asked for (?stand=1 answers only that part and never moves on);
   when the job is done the page itself is opened again, which leads to the week and its
   message. No page refresh while waiting, so a screen reader is not sent back to the top. */
(function () {
  "use strict";
  var stand = document.getElementById("stand");
  if (!stand || !window.fetch || !window.DOMParser) { return; }
  var url = window.location.pathname + "?stand=1";

  function poll() {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) { setTimeout(poll, 3000); return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("stand");
        if (!fresh) { setTimeout(poll, 3000); return; }
        if (fresh.hasAttribute("data-klaar")) { window.location.assign(window.location.pathname); return; }
        var mine = document.getElementById("stand");
        mine.querySelector("progress").value = fresh.querySelector("progress").value;
        mine.querySelector("label").textContent = fresh.querySelector("label").textContent;
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
