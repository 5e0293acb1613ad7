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

// Questionnaire: live word counts beside fields with word limits, and autosave a few seconds after
// typing stops (the form still saves with its buttons when this script does not run).
(function () {
  var form = document.querySelector('form[data-autosave="true"]');
  if (!form) return;
  var segmenter = typeof Intl !== 'undefined' && Intl.Segmenter ? new Intl.Segmenter(document.documentElement.lang || 'en', { granularity: 'word' }) : null;
  function countWords(text) {
    if (!segmenter) return (text.match(/\S+/g) || []).length;
    var n = 0;
    for (var s of segmenter.segment(text)) if (s.isWordLike) n += 1;
    return n;
  }
  var counters = form.querySelectorAll('.word-count[data-for]');
  function update(counter) {
    var field = document.getElementById(counter.getAttribute('data-for'));
    if (!field) return;
    var n = countWords(field.value);
    var min = Number(field.getAttribute('data-words-min') || 0);
    var max = Number(field.getAttribute('data-words-max') || 0);
    counter.hidden = false;
    counter.textContent = n + (max ? ' / ' + max : '') + ' ' + (form.getAttribute('data-words-label') || '');
    counter.classList.toggle('over', (max && n > max) || (min && n > 0 && n < min));
  }
  counters.forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute('data-for'));
    if (!field) return;
    field.addEventListener('input', function () { update(counter); });
    update(counter);
  });
  var status = form.querySelector('.autosave-status');
  var timer = null;
  var token = document.querySelector('meta[name="csrf-token"]');
  function save() {
    var data = new URLSearchParams(new FormData(form));
    data.set('action', 'save');
    fetch(form.action, {
      method: 'POST',
      headers: { 'x-autosave': '1', 'x-csrf-token': token ? token.content : '', 'content-type': 'application/x-www-form-urlencoded' },
      body: data.toString(),
      credentials: 'same-origin',
    })
      .then(function (res) { return res.json().then(function (body) { return { ok: res.ok, body: body }; }); })
      .then(function (r) {
        if (!status) return;
        status.hidden = false;
        status.textContent = r.ok ? form.getAttribute('data-saved-text') || '✓' : form.getAttribute('data-error-text') || '!';
      })
      .catch(function () {});
  }
  form.addEventListener('input', function () {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 2000);
  });
})();

// An event's times in the visitor's own zone, beside those of the event's zone (the server cannot know it).
(function () {
  var nodes = document.querySelectorAll('.local-time[data-start]');
  if (!nodes.length || !window.Intl) return;
  var lang = document.documentElement.lang || undefined;
  var fmt = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  Array.prototype.forEach.call(nodes, function (n) {
    var start = new Date(n.getAttribute('data-start'));
    var end = new Date(n.getAttribute('data-end'));
    n.textContent = (n.getAttribute('data-label') || '') + ' ' + fmt.format(start) + ' – ' + fmt.format(end);
    n.hidden = false;
  });
})();

// Phones: the menu and the search filters are <details> folded on a narrow screen and shown open on a wide one by
// CSS (::details-content). A browser without that selector would keep them folded on a wide screen: open them.
(function () {
  if (!window.matchMedia || !window.CSS || !CSS.supports) return;
  if (CSS.supports('selector(::details-content)') || !window.matchMedia('(min-width: 48rem)').matches) return;
  document.querySelectorAll('details.site-menu, details.filters-panel').forEach(function (d) {
    d.open = true;
  });
})();

// Embed generator: the preview and snippets follow the form as you type (the page as the server renders it for
// these fields, so there is one source of truth), and each snippet gets a copy button. Without this, "Preview" reloads.
(function () {
  var form = document.getElementById('embed-form');
  var output = document.getElementById('embed-output');
  if (!form || !output || !window.fetch || !window.DOMParser) return;
  var timer = 0;
  var asked = 0;
  function wireCopy() {
    output.querySelectorAll('button[data-copy]').forEach(function (button) {
      button.hidden = !navigator.clipboard;
      button.addEventListener('click', function () {
        var source = document.getElementById(button.getAttribute('data-copy'));
        if (!source) return;
        navigator.clipboard.writeText(source.value).then(function () {
          var label = button.textContent;
          button.textContent = button.getAttribute('data-copied');
          setTimeout(function () {
            button.textContent = label;
          }, 2000);
        });
      });
    });
  }
  function refresh() {
    if (!form.checkValidity()) return;
    var url = form.action + '?' + new URLSearchParams(new FormData(form)).toString();
    var mine = ++asked;
    fetch(url, { credentials: 'same-origin' })
      .then(function (res) {
        return res.ok ? res.text() : null;
      })
      .then(function (html) {
        if (!html || mine !== asked) return;
        var next = new DOMParser().parseFromString(html, 'text/html').getElementById('embed-output');
        if (!next) return;
        var frame = output.querySelector('iframe');
        var nextFrame = next.querySelector('iframe');
        // Only what changed is replaced: the snippets always, the preview when its address moved.
        output.querySelectorAll('textarea').forEach(function (area) {
          var fresh = next.querySelector('#' + area.id);
          if (fresh) area.value = fresh.value;
        });
        if (frame && nextFrame && frame.getAttribute('src') !== nextFrame.getAttribute('src')) frame.setAttribute('src', nextFrame.getAttribute('src'));
        history.replaceState(null, '', url);
      })
      .catch(function () {});
  }
  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  form.addEventListener('change', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 50);
  });
  wireCopy();
})();
