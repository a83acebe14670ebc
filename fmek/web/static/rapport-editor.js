/* Findings editor enhancement; the editor works without this script.
   Without it a click on the body map is a round trip that re-renders the whole page. With it
   the same POST goes in the background and only the body map and the injuries' positions are
   taken from the answer: the server still draws the map, the page keeps its place and focus.
   Nothing is stored until "Concept opslaan". */
(function () {
  "use strict";
  var form = document.getElementById("rapport");
  var status = document.getElementById("kaart-status");
  if (!form || !status || !window.fetch || !window.DOMParser) { return; }

  function positions(root) {
    return root.querySelectorAll("input[name$='.map_x'], input[name$='.map_y']");
  }

  function place(map, x, y) {
    var body = new FormData(form);
    body.set("kaart.x", String(x));
    body.set("kaart.y", String(y));
    status.textContent = "Bezig met plaatsen…";
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) {
          status.textContent = "Plaatsen is niet gelukt. Probeer het opnieuw of vul de positie bij het letsel in.";
          return;
        }
        var answer = new DOMParser().parseFromString(html, "text/html");
        var section = answer.querySelector("section.bodymap");
        var mine = map.closest("section.bodymap");
        if (!section || !mine) { return; }
        positions(answer).forEach(function (input) {
          var here = form.querySelector("[name='" + input.name + "']");
          if (here) { here.value = input.value; }
        });
        mine.replaceWith(section);
        var problem = answer.querySelector(".flash.error");
        var chosen = section.querySelector("input[name='kaart_letsel']:checked");
        status.textContent = problem ? problem.textContent : "Geplaatst. Het concept bewaart de plek pas na ‘Concept opslaan’."
          + (chosen ? " Volgende: " + chosen.parentNode.textContent.trim() + "." : "");
        var next = section.querySelector("input[name='kaart']");
        if (next) { next.focus(); }
      })
      .catch(function () {
        status.textContent = "Plaatsen is niet gelukt. Probeer het opnieuw of vul de positie bij het letsel in.";
      });
  }

  form.addEventListener("click", function (event) {
    var map = event.target.closest("input[name='kaart']");
    if (!map) { return; }
    event.preventDefault();
    // a keyboard "click" has no point: the server then asks for a mouse click or the fields
    var x = event.detail === 0 ? 0 : Math.round(event.offsetX);
    var y = event.detail === 0 ? 0 : Math.round(event.offsetY);
    place(map, x, y);
  });
})();
