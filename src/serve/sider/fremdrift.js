// opfolg serve: follows a batch of documents being made and shows them when
// they are there. The page works without it (a link to look again).
(function () {
  'use strict';
  var section = document.querySelector('[data-fremdrift]');
  if (!section) return;
  var url = section.getAttribute('data-fremdrift');
  var meter = section.querySelector('progress');
  var text = section.querySelector('.fremdrift-tekst');
  function look() {
    fetch(url, { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (p) {
        if (!p.making) {
          // Made: the page shows the documents.
          window.location.replace(window.location.pathname + window.location.search + '#dokumenter');
          window.location.reload();
          return;
        }
        if (p.planned > 0) {
          meter.max = p.planned;
          meter.value = p.done;
          text.textContent = p.done + ' af ' + p.planned + ' dokumenter';
        }
        setTimeout(look, 400);
      })
      .catch(function () { setTimeout(look, 2000); });
  }
  setTimeout(look, 300);
})();
