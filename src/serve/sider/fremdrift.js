// opfolg serve: follows a batch of documents being made and shows them when
// they are there. The page works without it (a link to look again).
(function () {
  'use strict';
  var section = document.querySelector('[data-fremdrift]');
  if (!section) return;
  var url = section.getAttribute('data-fremdrift');
  var meter = section.querySelector('progress');
  var text = section.querySelector('.fremdrift-tekst');
  // Whether the page already shows the PDFs (they come before the Word documents).
  var pdfShown = section.getAttribute('data-pdf') === '1';
  function look() {
    fetch(url, { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (p) {
        if (!p.making || (p.pdf && !pdfShown)) {
          // Made, or the PDFs are: the page shows them.
          window.location.replace(window.location.pathname + window.location.search + '#dokumenter');
          window.location.reload();
          return;
        }
        if (p.planned > 0) {
          meter.max = p.planned;
          meter.value = p.done;
          text.textContent = p.done + ' af ' + p.planned + ': ' + (p.pdf
            ? "PDF'erne er klar og kan hentes nedenfor; Word-dokumenterne laves"
            : "PDF'erne laves først, så Word-dokumenterne");
        }
        setTimeout(look, 400);
      })
      .catch(function () { setTimeout(look, 2000); });
  }
  setTimeout(look, 300);
})();
