/* Enhancements for the advice pages; every task also works without this script.
   - live identifier check of the free-text fields (debounced; the server stores nothing);
   - previews of photos as the server stripped them (the server keeps nothing);
   - copy and print buttons on the receipt. */
(function () {
  "use strict";
  var form = document.querySelector("form.adviesformulier");
  var csrf = form ? form.querySelector("input[name=csrf]").value : null;

  function showMessages(name, messages) {
    var box = document.getElementById(name + "-fout");
    var field = document.getElementById(name);
    if (!box || !field) { return; }
    box.textContent = "";
    messages.forEach(function (text) {
      var p = document.createElement("p");
      p.textContent = text;
      box.appendChild(p);
    });
    if (messages.length) { field.setAttribute("aria-invalid", "true"); }
    else { field.removeAttribute("aria-invalid"); }
  }

  if (form) {
    var timer = null;
    var check = function () {
      var body = new FormData();
      body.append("csrf", csrf);
      body.append("vraag", document.getElementById("vraag").value);
      body.append("samenvatting", document.getElementById("samenvatting").value);
      fetch("/advies/nieuw/controle", { method: "POST", body: body, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          Object.keys(data.fields).forEach(function (name) { showMessages(name, data.fields[name]); });
        })
        .catch(function () { /* the Controleren button still works */ });
    };
    form.querySelectorAll("textarea[data-screen]").forEach(function (area) {
      area.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(check, 600);
      });
    });

    var input = document.getElementById("fotos");
    /* the server refuses a form over its upload limit before reading it: say so here first */
    form.addEventListener("submit", function (event) {
      var total = 0;
      Array.prototype.forEach.call(input ? input.files : [], function (file) { total += file.size; });
      form.querySelectorAll("input[name=foto_bewaard]").forEach(function (kept) { total += kept.value.length; });
      if (total > 10 * 1024 * 1024) {
        event.preventDefault();
        showMessages("fotos", ["De foto's zijn samen groter dan 10 MB. Verstuur er minder en voeg de andere daarna toe op de pagina van de aanvraag."]);
        input.focus();
      }
    });
    var previews = document.getElementById("foto-voorbeelden");
    if (input && previews) {
      input.addEventListener("change", function () {
        previews.textContent = "";
        Array.prototype.forEach.call(input.files, function (file, i) {
          var figure = document.createElement("figure");
          var caption = document.createElement("figcaption");
          caption.textContent = "Nieuwe foto " + (i + 1) + ": metadata wordt verwijderd…";
          figure.appendChild(caption);
          previews.appendChild(figure);
          var body = new FormData();
          body.append("csrf", csrf);
          body.append("foto", file);
          fetch("/advies/nieuw/foto", { method: "POST", body: body, credentials: "same-origin" })
            .then(function (r) {
              if (r.ok) {
                return r.blob().then(function (blob) {
                  var reader = new FileReader();
                  reader.onload = function () {
                    var img = document.createElement("img");
                    img.src = reader.result;  /* a data: URL, allowed by the page's CSP */
                    img.alt = "Nieuwe foto " + (i + 1) + ", zonder metadata";
                    figure.insertBefore(img, caption);
                    caption.textContent = "Nieuwe foto " + (i + 1) + " (metadata verwijderd)";
                  };
                  reader.readAsDataURL(blob);
                });
              }
              return r.json().then(function (data) {
                caption.textContent = "Nieuwe foto " + (i + 1) + " wordt niet meegenomen: " + data.message;
                caption.className = "fout";
              });
            })
            .catch(function () { caption.textContent = "Voorbeeld niet beschikbaar; de foto gaat wel mee."; });
        });
      });
    }
  }

  document.querySelectorAll("[data-kopieer]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var status = document.getElementById("kopieer-melding");
      navigator.clipboard.writeText(button.getAttribute("data-kopieer")).then(
        function () { status.textContent = "Zaaknummer gekopieerd."; },
        function () { status.textContent = "Kopiëren lukte niet; neem het nummer over."; }
      );
    });
  });
  document.querySelectorAll("[data-afdrukken]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
}());
