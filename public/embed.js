// <stocktake-list>: a live list of a Stocktake register's entries for any web page, drawn in a shadow root from the
// public JSON API. The server fills in CONFIG (the six languages' messages, the shared embed style sheet, the kinds'
// paths, the site's name) when it serves this file. Data becomes text nodes only: nothing from the API is parsed as HTML.
(function () {
  'use strict';
  var CONFIG = /*@config*/ null;
  if (!CONFIG || !window.customElements || customElements.get('stocktake-list')) return;
  var script = document.currentScript;
  var ORIGIN = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var LAYOUTS = ['list', 'cards', 'compact'];
  var SORTS = ['relevance', 'newest', 'title'];
  var FILTERS = CONFIG.filters;
  var MAX = CONFIG.maxPageSize;

  function kebab(name) {
    return name.replace(/[A-Z]/g, function (c) {
      return '-' + c.toLowerCase();
    });
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) node.setAttribute(k, attrs[k]);
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }
  // An entry's image (stories, actors) for the cards: WebP widths to choose from, the JPEG otherwise; its alt text in the reader's language.
  function picture(image, locale, original) {
    var webp = image.variants.filter(function (v) {
      return v.type === 'image/webp';
    });
    var jpeg =
      image.variants.filter(function (v) {
        return v.type === 'image/jpeg';
      })[0] || webp[webp.length - 1];
    var sizes = '(min-width: 40rem) 16rem, 100vw';
    var alt =
      image.alt[locale] ||
      image.alt[original] ||
      Object.keys(image.alt)
        .map(function (k) {
          return image.alt[k];
        })
        .filter(Boolean)[0] ||
      '';
    return el('picture', { class: 'stk-img' }, [
      webp.length
        ? el('source', {
            type: 'image/webp',
            sizes: sizes,
            srcset: webp
              .map(function (v) {
                return v.url + ' ' + v.width + 'w';
              })
              .join(', '),
          })
        : null,
      el('img', { src: jpeg.url, width: image.width, height: image.height, alt: alt, loading: 'lazy', decoding: 'async' }),
    ]);
  }
  function list(value) {
    return (value || '')
      .split(',')
      .map(function (s) {
        return s.trim();
      })
      .filter(Boolean);
  }
  function cut(text, max) {
    var flat = (text || '').replace(/\s+/g, ' ').trim();
    var chars = Array.from(flat);
    if (chars.length <= max) return flat;
    var head = chars.slice(0, max - 1).join('');
    var space = head.lastIndexOf(' ');
    return (space > head.length * 0.8 ? head.slice(0, space) : head) + '…';
  }

  class StocktakeList extends HTMLElement {
    static get observedAttributes() {
      return ['locale', 'kind', 'q', 'search', 'page-size', 'layout', 'facets', 'sort', 'heading-level'].concat(FILTERS.map(kebab));
    }
    constructor() {
      super();
      this.attachShadow({ mode: 'open' });
      this.page = 1;
      this.chosen = null;
      this.seq = 0;
    }
    connectedCallback() {
      this.load();
    }
    attributeChangedCallback() {
      if (!this.isConnected) return;
      this.page = 1;
      this.chosen = null;
      this.load();
    }
    get locale() {
      var l = (this.getAttribute('locale') || '').toLowerCase();
      return CONFIG.locales[l] ? l : 'en';
    }
    t(key, values) {
      var text = CONFIG.messages[this.locale][key] || CONFIG.messages.en[key] || key;
      return text.replace(/\{(\w+)\}/g, function (m, name) {
        return values && name in values ? String(values[name]) : m;
      });
    }
    /** The search as the attributes state it: the `search` query string first, then q and each filter attribute. */
    query() {
      var base = new URLSearchParams(this.getAttribute('search') || '');
      var params = new URLSearchParams();
      var q = this.getAttribute('q');
      params.set('q', q !== null ? q : base.get('q') || '');
      var kinds = list(this.getAttribute('kind')).concat(base.getAll('kind'));
      var one = kinds.length === 1 && CONFIG.paths[kinds[0]] ? kinds[0] : null;
      var self = this;
      FILTERS.forEach(function (f) {
        if (f === 'kind' && one) return;
        var own = f === 'kind' ? kinds : list(self.getAttribute(kebab(f)));
        var values = own.length ? own : base.getAll(f);
        values.forEach(function (v) {
          params.append(f, v);
        });
      });
      if (this.chosen) {
        Object.keys(this.chosen).forEach(function (f) {
          params.delete(f);
          if (self.chosen[f]) params.append(f, self.chosen[f]);
        });
      }
      var sort = this.getAttribute('sort') || base.get('sort');
      if (SORTS.indexOf(sort) >= 0) params.set('sort', sort);
      var size = parseInt(this.getAttribute('page-size') || base.get('pageSize') || '', 10);
      params.set('pageSize', String(size >= 1 ? Math.min(size, MAX) : CONFIG.defaultPageSize));
      params.set('page', String(this.page));
      params.set('lang', this.locale);
      return { kind: one, params: params };
    }
    load() {
      var query = this.query();
      var seq = ++this.seq;
      var self = this;
      var path = query.kind ? '/api/v1/' + CONFIG.paths[query.kind] : '/api/v1/search';
      this.frame(query, null);
      fetch(ORIGIN + path + '?' + query.params.toString(), { credentials: 'omit', headers: { accept: 'application/json' } })
        .then(function (res) {
          if (!res.ok) throw new Error(String(res.status));
          return res.json();
        })
        .then(function (body) {
          if (seq === self.seq) self.frame(query, body);
        })
        .catch(function () {
          if (seq === self.seq) self.frame(query, false);
        });
    }
    /** Draws the list: `body` null while loading, false when it failed. */
    frame(query, body) {
      var t = this.t.bind(this);
      var locale = this.locale;
      var info = CONFIG.locales[locale];
      var level = Math.min(Math.max(parseInt(this.getAttribute('heading-level') || '2', 10) || 2, 1), 5);
      var layout = LAYOUTS.indexOf(this.getAttribute('layout')) >= 0 ? this.getAttribute('layout') : 'list';
      var q = query.params.get('q');
      var title = (q ? q + ' · ' : '') + t('embed.pageTitle', { site: CONFIG.siteName });
      var heading = el('h' + level, { tabindex: '-1' }, [title]);
      var box = el('div', { class: 'stk stk-' + layout, lang: info.bcp47, dir: info.dir }, [heading]);
      var numbers = new Intl.NumberFormat(info.bcp47);
      var status = el('p', { class: 'stk-total', role: 'status' });
      if (body === null) status.textContent = t('embed.loading');
      else if (body === false) status.textContent = t('embed.failed');
      else {
        var facets = list(this.getAttribute('facets')).filter(function (f) {
          return FILTERS.indexOf(f) >= 0 && f !== 'target' && body.facets[f];
        });
        if (facets.length) box.appendChild(this.filters(query, body, facets));
        status.textContent = t('embed.total', { count: numbers.format(body.meta.total) });
      }
      box.appendChild(status);
      if (body) {
        if (!body.data.length) box.appendChild(el('p', { class: 'stk-empty' }, [t('search.noResults')]));
        var items = body.data.map(function (e) {
          var text = e.translations[locale] || e.translations[e.originalLanguage] || { title: '', summary: '' };
          var lang = CONFIG.locales[e.translations[locale] ? locale : e.originalLanguage];
          var meta = [];
          if (!query.kind && query.params.getAll('kind').length !== 1) meta.push(t('kind.' + e.kind));
          if (e.startsAt) meta.push(new Intl.DateTimeFormat(info.bcp47, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(e.startsAt)));
          var regions = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames([info.bcp47], { type: 'region' }) : null;
          e.countries.slice(0, 2).forEach(function (c) {
            meta.push(regions ? regions.of(c) : c);
          });
          var href = ORIGIN + '/' + locale + '/' + CONFIG.paths[e.kind] + '/' + e.id;
          var link = el('a', { href: href, target: '_blank', rel: 'noopener' }, [text.title, el('span', { class: 'stk-hidden', lang: info.bcp47 }, [' ' + t('embed.newWindow')])]);
          var image = layout === 'cards' && e.details && e.details.image;
          return el('li', { class: 'stk-item' }, [
            image ? picture(image, locale, e.originalLanguage) : null,
            el('h' + (level + 1), { class: 'stk-title', lang: lang ? lang.bcp47 : null, dir: 'auto' }, [link]),
            meta.length ? el('p', { class: 'stk-meta' }, [meta.join(' · ')]) : null,
            el('p', { class: 'stk-summary', lang: lang ? lang.bcp47 : null, dir: 'auto' }, [cut(text.summary, 220)]),
          ]);
        });
        box.appendChild(el('ol', { class: 'stk-results' }, items));
        if (body.meta.pages > 1) box.appendChild(this.pager(body.meta, numbers));
        var site = new URLSearchParams(query.params);
        ['lang', 'pageSize', 'page'].forEach(function (k) {
          site.delete(k);
        });
        if (query.kind) site.append('kind', query.kind);
        box.appendChild(
          el('p', { class: 'stk-source' }, [
            el('a', { href: ORIGIN + '/' + locale + '/search?' + site.toString(), target: '_blank', rel: 'noopener' }, [
              t('embed.source', { site: CONFIG.siteName }),
              el('span', { class: 'stk-hidden' }, [' ' + t('embed.newWindow')]),
            ]),
          ]),
        );
      }
      this.shadowRoot.replaceChildren(el('style', {}, [':host{display:block}' + CONFIG.css]), box);
      // After a page or filter change, keyboard users continue from the list's heading.
      if (this.refocus && body !== null) {
        this.refocus = false;
        heading.focus();
      }
    }
    filters(query, body, facets) {
      var self = this;
      var form = el('form', { class: 'stk-filters' });
      facets.forEach(function (f) {
        var id = 'stk-f-' + f;
        var current = query.params.get(f) || '';
        var select = el('select', { id: id, name: f }, [el('option', { value: '' }, [self.t('embed.any')])]);
        var values = body.facets[f].slice();
        if (current && !values.some(function (v) {
            return v.value === current;
          })) values.push({ value: current, count: 0, label: current });
        values.forEach(function (v) {
          select.appendChild(el('option', { value: v.value, selected: v.value === current ? '' : null }, [v.label + ' (' + v.count + ')']));
        });
        form.appendChild(el('div', {}, [el('label', { for: id }, [self.t('facet.' + f)]), select]));
      });
      form.appendChild(el('button', { type: 'submit' }, [this.t('search.apply')]));
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        self.chosen = {};
        facets.forEach(function (f) {
          self.chosen[f] = form.elements[f].value;
        });
        self.page = 1;
        self.refocus = true;
        self.load();
      });
      return form;
    }
    pager(meta, numbers) {
      var self = this;
      var nav = el('nav', { class: 'stk-pages', 'aria-label': this.t('search.pagination') });
      var go = function (page) {
        self.page = page;
        self.refocus = true;
        self.load();
      };
      if (meta.page > 1) {
        var prev = el('button', { type: 'button' }, [this.t('search.previous')]);
        prev.addEventListener('click', function () {
          go(meta.page - 1);
        });
        nav.appendChild(prev);
      }
      nav.appendChild(el('span', {}, [this.t('search.pageOf', { page: numbers.format(meta.page), pages: numbers.format(meta.pages) })]));
      if (meta.page < meta.pages) {
        var next = el('button', { type: 'button' }, [this.t('search.next')]);
        next.addEventListener('click', function () {
          go(meta.page + 1);
        });
        nav.appendChild(next);
      }
      return nav;
    }
  }
  customElements.define('stocktake-list', StocktakeList);
})();
