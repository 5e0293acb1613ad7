// Progressive enhancement only: every page works without this file.
// On the search page, changing a filter or the sort order submits the form at once.
(function () {
  var form = document.getElementById('search-form');
  if (!form) return;
  form.addEventListener('change', function (event) {
    var target = event.target;
    if (!target || (target.name !== 'sort' && target.type !== 'checkbox')) return;
    var page = form.querySelector('input[name="page"]');
    if (page) page.remove();
    form.requestSubmit ? form.requestSubmit() : form.submit();
  });
  var apply = form.querySelector('.apply');
  if (apply) apply.hidden = true;
})();
