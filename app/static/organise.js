// The seminar form's live preview: the typed date and times, read in a few attendee zones.
// The server does the conversion (the same code that saves), so the preview cannot disagree.
(function () {
  "use strict";
  var form = document.getElementById("seminar-form");
  if (!form || !window.fetch) return;
  var target = document.getElementById("times-preview");
  var names = ["date", "start", "end", "end_date", "timezone", "start_fold", "end_fold"];
  var timer = null;
  var latest = 0;

  function refresh() {
    var params = new URLSearchParams();
    names.forEach(function (name) {
      var field = form.querySelector('[name="' + name + '"]:checked') ||
        form.querySelector('[name="' + name + '"]:not([type="radio"])');
      if (field && field.value) params.set(name, field.value);
    });
    var ticket = ++latest;
    fetch(form.dataset.preview + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && ticket === latest) target.innerHTML = html; })
      .catch(function () {});
  }

  form.addEventListener("input", function (event) {
    if (names.indexOf(event.target.name) === -1) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  form.addEventListener("change", function (event) {
    if (names.indexOf(event.target.name) !== -1) refresh();
  });
}());
