/* Referral form enhancements; the form works without this script (server round trips).
   - live routing preview: debounced POST of the form to /verwijzingen/voorbeeld
   - injury rows added and removed in the page
   - one click on "Verwijzing indienen" sends once (the server's idempotency key is the guard) */
(function () {
  "use strict";
  var form = document.getElementById("verwijzing");
  var preview = document.getElementById("voorbeeld");
  var rows = document.getElementById("letsel-rijen");
  var template = document.getElementById("letsel-sjabloon");
  var count = document.getElementById("letsels-aantal");
  if (!form || !preview || !rows || !template || !count) { return; }

  var timer = null;
  var sequence = 0;
  function refresh() {
    var body = new FormData(form);
    body.set("actie", "controleren");
    var mine = ++sequence;
    fetch(preview.getAttribute("data-url"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null && mine === sequence) { preview.innerHTML = html; } })
      .catch(function () { /* the Controleren button still works */ });
  }
  function later() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(refresh, 350);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);

  function renumber() {
    var sets = rows.querySelectorAll("fieldset.injury");
    sets.forEach(function (set, i) {
      set.setAttribute("data-injury", String(i));
      set.querySelector("legend").textContent = "Letsel " + (i + 1);
      set.querySelectorAll("[id^='letsel-']").forEach(function (el) {
        el.id = el.id.replace(/^letsel-\d+-/, "letsel-" + i + "-");
        if (el.name) { el.name = el.name.replace(/^letsel-\d+-/, "letsel-" + i + "-"); }
      });
      set.querySelectorAll("label[for^='letsel-']").forEach(function (el) {
        el.htmlFor = el.htmlFor.replace(/^letsel-\d+-/, "letsel-" + i + "-");
      });
      var remove = set.querySelector("button.remove-injury");
      remove.value = "verwijder-" + i;
      remove.querySelector(".visually-hidden").textContent = " letsel " + (i + 1);
    });
    count.value = String(sets.length);
    var none = document.getElementById("geen-letsel");
    if (none) { none.hidden = sets.length > 0; }
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    if (button.id === "letsel-toevoegen") {
      event.preventDefault();
      var i = rows.querySelectorAll("fieldset.injury").length;
      var html = template.innerHTML.replace(/__i__/g, String(i)).replace(/__n__/g, String(i + 1));
      rows.insertAdjacentHTML("beforeend", html);
      renumber();
      document.getElementById("letsel-" + i + "-soort").focus();
      later();
    } else if (button.classList.contains("remove-injury")) {
      event.preventDefault();
      button.closest("fieldset.injury").remove();
      renumber();
      document.getElementById("letsels-kop").focus();
      later();
    }
  });

  var sent = false;
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.value === "indienen") {
      if (sent) { event.preventDefault(); return; }
      sent = true;
    }
  });
})();
