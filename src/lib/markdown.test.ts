import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownToPlainText, renderMarkdown } from './markdown';

const REL = 'rel="nofollow ugc noopener"';
const link = (href: string, text: string) => `<a href="${href}" ${REL}>${text}</a>`;

// The only markup renderMarkdown may produce; `a` carries exactly href and rel, in that order.
const ALLOWED_TAG = /<(?:(\/?)(p|br|strong|em|code|ul|ol|li|h3|h4)|(\/)(a)|(a) href="([^"<>]*)" rel="nofollow ugc noopener")>/y;
const ENTITY = /&(?:amp|lt|gt|quot|#39);/y;
const ENTITY_VALUES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * Fails unless every `<…>` in the output is an allowed, properly nested tag, every `&` starts one
 * of the five entities the renderer emits, no quote or `>` appears outside a tag, and every href
 * is an absolute http(s) or mailto URL.
 */
function assertSafeHtml(html: string): void {
  assert.doesNotMatch(html, /<script/i, html);
  // An attribute needs whitespace before it; URLs in href never contain any.
  assert.doesNotMatch(html, /<[^>]*\son[a-z]+\s*=/i, `event handler attribute in ${html}`);
  assert.doesNotMatch(html, /<[^>]*onerror/i, `onerror inside a tag in ${html}`);
  const open: string[] = [];
  for (let i = 0; i < html.length;) {
    const c = html.charAt(i);
    if (c === '<') {
      ALLOWED_TAG.lastIndex = i;
      const m = ALLOWED_TAG.exec(html);
      assert.ok(m, `disallowed markup at ${i} in ${html}`);
      const closing = (m[1] ?? m[3]) === '/';
      const name = m[2] ?? m[4] ?? m[5] ?? '';
      if (m[6] !== undefined) assertSafeHref(m[6].replace(/&[#a-z0-9]+;/g, (e) => ENTITY_VALUES[e] ?? e));
      if (closing) assert.equal(open.pop(), name, `unbalanced </${name}> in ${html}`);
      else if (name !== 'br') open.push(name);
      i += m[0].length;
    } else if (c === '&') {
      ENTITY.lastIndex = i;
      const m = ENTITY.exec(html);
      assert.ok(m, `bare & at ${i} in ${html}`);
      i += m[0].length;
    } else {
      assert.ok(!'>"\''.includes(c), `unescaped ${c} at ${i} in ${html}`);
      i++;
    }
  }
  assert.deepEqual(open, [], `unclosed tags in ${html}`);
}

function assertSafeHref(href: string): void {
  assert.doesNotMatch(href, /javascript:/i);
  assert.ok(URL.canParse(href), `relative href ${href}`);
  assert.ok(['http:', 'https:', 'mailto:'].includes(new URL(href).protocol), `unsafe href ${href}`);
}

/** A small deterministic generator so the random test fails the same way every time. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('assertSafeHtml (the checker the hostile tests rely on)', () => {
  it('rejects markup a renderer bug could let through', () => {
    assert.doesNotThrow(() => assertSafeHtml(`<p>a &amp; b<br>${link('https://x.example/?a=1&amp;b=2', '<em>x</em>')}</p>`));
    const unsafe = [
      '<p><script>alert(1)</script></p>',
      '<p><img src=x onerror=alert(1)></p>',
      '<a href="javascript:alert(1)" rel="nofollow ugc noopener">x</a>',
      '<a href="/relative" rel="nofollow ugc noopener">x</a>',
      '<a href="https://x.example" onmouseover="alert(1)" rel="nofollow ugc noopener">x</a>',
      '<a href="https://x.example" rel="nofollow ugc noopener" onclick="x">x</a>',
      '<p>a < b</p>',
      '<p>"quoted"</p>',
      '<p>a & b</p>',
      '<p><em>x</p></em>',
      '<p>open',
    ];
    for (const html of unsafe) assert.throws(() => assertSafeHtml(html), assert.AssertionError, `accepted ${html}`);
  });
});

describe('renderMarkdown', () => {
  it('renders paragraphs separated by blank lines and single newlines as <br>', () => {
    assert.equal(renderMarkdown('one\ntwo\n\nthree'), '<p>one<br>two</p>\n<p>three</p>');
    assert.equal(renderMarkdown('one\r\ntwo\r\n\r\n\r\n  three  '), '<p>one<br>two</p>\n<p>three</p>');
    assert.equal(renderMarkdown(''), '');
    assert.equal(renderMarkdown(' \n\t\n'), '');
  });

  it('renders strong, em and code', () => {
    assert.equal(renderMarkdown('**strong** *em* _em_'), '<p><strong>strong</strong> <em>em</em> <em>em</em></p>');
    assert.equal(renderMarkdown('***both***'), '<p><em><strong>both</strong></em></p>');
    assert.equal(renderMarkdown('**a *b* c**'), '<p><strong>a <em>b</em> c</strong></p>');
    assert.equal(renderMarkdown('*across\nlines*'), '<p><em>across<br>lines</em></p>');
    assert.equal(renderMarkdown('`a *b* [c](https://x.example) <d> & \\*`'), '<p><code>a *b* [c](https://x.example) &lt;d&gt; &amp; \\*</code></p>');
    assert.equal(renderMarkdown('`` a ` b ``'), '<p><code>a ` b</code></p>');
  });

  it('leaves underscores inside words and unmatched markers as text', () => {
    assert.equal(renderMarkdown('snake_case_name and __init__'), '<p>snake_case_name and __init__</p>');
    assert.equal(renderMarkdown('foo_bar_ and _foo_bar'), '<p>foo_bar_ and _foo_bar</p>', 'no _em_ inside words');
    assert.equal(renderMarkdown('foo*bar*'), '<p>foo<em>bar</em></p>', 'asterisks may emphasise inside words');
    assert.equal(renderMarkdown('2 * 3 * 4'), '<p>2 * 3 * 4</p>');
    assert.equal(renderMarkdown('**open and `unclosed'), '<p>**open and `unclosed</p>');
    assert.equal(renderMarkdown('**open *em*'), '<p>**open <em>em</em></p>');
    assert.equal(renderMarkdown('*foo**bar*'), '<p><em>foo**bar</em></p>', 'CommonMark rule of three');
    assert.equal(renderMarkdown('a ** b __ c'), '<p>a ** b __ c</p>');
  });

  it('treats a backslash before punctuation as a literal character', () => {
    assert.equal(renderMarkdown('\\*not em\\* \\_no\\_ \\`no\\` \\[no](https://x.example)'), '<p>*not em* _no_ `no` [no](https://x.example)</p>');
    assert.equal(renderMarkdown('\\\\ and \\a'), '<p>\\ and \\a</p>');
    assert.equal(renderMarkdown('\\# not a heading\n\n\\- not a list\n\n1\\. not a list'), '<p># not a heading</p>\n<p>- not a list</p>\n<p>1. not a list</p>');
  });

  it('renders bullet and numbered lists one level deep', () => {
    assert.equal(renderMarkdown('- one\n* **two**\n- three'), '<ul><li>one</li><li><strong>two</strong></li><li>three</li></ul>');
    assert.equal(renderMarkdown('1. one\n2. two\n10. ten'), '<ol><li>one</li><li>two</li><li>ten</li></ol>');
    assert.equal(renderMarkdown('Intro:\n- a\n- b\n\nAfter'), '<p>Intro:</p>\n<ul><li>a</li><li>b</li></ul>\n<p>After</p>');
    assert.equal(renderMarkdown('- a\n1. b'), '<ul><li>a</li></ul>\n<ol><li>b</li></ol>');
    assert.equal(renderMarkdown('- a\n  continued\n  - nested'), '<ul><li>a<br>continued</li><li>nested</li></ul>', 'nesting is flattened');
    assert.equal(renderMarkdown('-not a list\n*not a list*\n1.not a list'), '<p>-not a list<br><em>not a list</em><br>1.not a list</p>');
  });

  it('renders headings as h3 and h4 only', () => {
    assert.equal(renderMarkdown('# One\n## Two\n### Three\n#### *Four*'), '<h3>One</h3>\n<h3>Two</h3>\n<h3>Three</h3>\n<h4><em>Four</em></h4>');
    assert.equal(renderMarkdown('Text\n### Heading\nMore'), '<p>Text</p>\n<h3>Heading</h3>\n<p>More</p>');
    assert.equal(renderMarkdown('##### Five\n#hashtag\n###'), '<p>##### Five<br>#hashtag<br>###</p>');
  });

  it('links absolute http, https and mailto URLs', () => {
    assert.equal(renderMarkdown('[Docs](https://example.org/a?b=1&c=2)'), `<p>${link('https://example.org/a?b=1&amp;c=2', 'Docs')}</p>`);
    assert.equal(renderMarkdown('see [**the** site](http://example.org)'), `<p>see ${link('http://example.org/', '<strong>the</strong> site')}</p>`);
    assert.equal(renderMarkdown('[mail](mailto:team@example.org)'), `<p>${link('mailto:team@example.org', 'mail')}</p>`);
    assert.equal(renderMarkdown('[wiki](https://en.wikipedia.org/wiki/Foo_(bar))'), `<p>${link('https://en.wikipedia.org/wiki/Foo_(bar)', 'wiki')}</p>`);
    assert.equal(renderMarkdown('[padded]( https://example.org/ )'), `<p>${link('https://example.org/', 'padded')}</p>`);
    assert.equal(renderMarkdown('[](https://example.org)'), `<p>${link('https://example.org/', 'https://example.org/')}</p>`, 'an empty link shows its URL');
  });

  it('gives up on destinations beyond the scan limits, which keeps hostile input linear', () => {
    const nested = (depth: number) => `http://x.example/${'('.repeat(depth)}${')'.repeat(depth)}`;
    assert.equal(renderMarkdown(`[ok](${nested(32)})`), `<p>${link(nested(32), 'ok')}</p>`);
    assert.equal(renderMarkdown(`[no](${nested(33)})`), `<p>[no](${nested(33)})</p>`);
    const long = (length: number) => `https://x.example/${'a'.repeat(length - 18)}`;
    assert.equal(renderMarkdown(`[ok](${long(2048)})`), `<p>${link(long(2048), 'ok')}</p>`);
    assert.equal(renderMarkdown(`[no](${long(2049)})`), `<p>[no](${long(2049)})</p>`);
  });

  it('renders only the text of links that are not absolute http, https or mailto', () => {
    for (const href of ['/relative', 'relative/path', '#anchor', '//evil.example', 'ftp://example.org', 'vbscript:msgbox(1)', 'file:///etc/passwd', '']) {
      assert.equal(renderMarkdown(`[*text*](${href})`), '<p><em>text</em></p>', href);
    }
  });

  it('does not nest links and does not auto-link bare URLs', () => {
    assert.equal(renderMarkdown('https://example.org and www.example.org'), '<p>https://example.org and www.example.org</p>');
    assert.equal(renderMarkdown('[a [b](https://b.example)](https://a.example)'), `<p>[a ${link('https://b.example/', 'b')}](https://a.example)</p>`);
  });

  it('shows images, HTML, blockquotes, tables and link titles as escaped literal text', () => {
    assert.equal(renderMarkdown('![alt](https://example.org/i.png)'), '<p>![alt](https://example.org/i.png)</p>');
    assert.equal(renderMarkdown('<b>bold</b> & <i>'), '<p>&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;</p>');
    assert.equal(renderMarkdown('> quoted'), '<p>&gt; quoted</p>');
    assert.equal(renderMarkdown('| a | b |\n|---|---|'), '<p>| a | b |<br>|---|---|</p>');
    assert.equal(renderMarkdown('[t](https://example.org "title")'), '<p>[t](https://example.org &quot;title&quot;)</p>');
    assert.equal(renderMarkdown('it\'s "quoted" &amp;'), '<p>it&#39;s &quot;quoted&quot; &amp;amp;</p>');
  });

  it('neutralises hostile input', () => {
    const cases: [string, string][] = [
      ['<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
      ['<img src=x onerror=alert(1)>', '<p>&lt;img src=x onerror=alert(1)&gt;</p>'],
      ['[x](javascript:alert(1))', '<p>x</p>'],
      ['[x](JaVaScRiPt:alert(1))', '<p>x</p>'],
      ['[x]( javascript:alert(1))', '<p>x</p>'],
      ['[x](  JAVASCRIPT:alert(1)  )', '<p>x</p>'],
      ['[x](javascript&#58;alert(1))', '<p>x</p>'],
      ['[x](\\javascript:alert(1))', '<p>x</p>'],
      ['[x](data:text/html,<script>alert(1)</script>)', '<p>x</p>'],
      ['[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', '<p>x</p>'],
      ['[x](//evil.example)', '<p>x</p>'],
      ['[x](java\tscript:alert(1))', '<p>[x](java\tscript:alert(1))</p>'],
      ['[a <b>bold</b>](https://example.org)', `<p>${link('https://example.org/', 'a &lt;b&gt;bold&lt;/b&gt;')}</p>`],
      ['[x](https://example.org/"onmouseover="alert(1))', `<p>${link('https://example.org/%22onmouseover=%22alert(1)', 'x')}</p>`],
      ['[x](mailto:a@example.org"onmouseover="alert(1))', `<p>${link('mailto:a@example.org%22onmouseover=%22alert(1)', 'x')}</p>`],
      ["[x](https://example.org/'onmouseover='alert(1))", `<p>${link('https://example.org/%27onmouseover=%27alert(1)', 'x')}</p>`],
      ['<a href="javascript:alert(1)">x</a>', '<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>'],
      ['"\'><svg onload=alert(1)>', '<p>&quot;&#39;&gt;&lt;svg onload=alert(1)&gt;</p>'],
      ['`<script>`', '<p><code>&lt;script&gt;</code></p>'],
      ['*<script>*', '<p><em>&lt;script&gt;</em></p>'],
      ['### <script>', '<h3>&lt;script&gt;</h3>'],
      ['- <script>', '<ul><li>&lt;script&gt;</li></ul>'],
      ['![x](javascript:alert(1))', '<p>![x](javascript:alert(1))</p>'],
      ['[<img src=x onerror=alert(1)>](https://example.org)', `<p>${link('https://example.org/', '&lt;img src=x onerror=alert(1)&gt;')}</p>`],
      ['a\0b', '<p>a\uFFFDb</p>'],
    ];
    for (const [source, expected] of cases) {
      const html = renderMarkdown(source);
      assertSafeHtml(html);
      assert.doesNotMatch(html, /href="[^"]*javascript:/i, source);
      assert.equal(html, expected, source);
    }
  });

  it('only ever emits allowed, balanced tags for random Markdown-like input', () => {
    const pieces = [
      '*',
      '**',
      '_',
      '`',
      '[',
      ']',
      '(',
      ')',
      '](',
      '![',
      '\\',
      '<',
      '>',
      '&',
      '"',
      "'",
      '\n',
      '\n\n',
      ' ',
      'a',
      'word',
      '# ',
      '- ',
      '1. ',
      'https://x.example',
      'javascript:',
      'mailto:a@x.example',
      'سلام',
      '中文',
    ];
    const random = seededRandom(20261122);
    for (let run = 0; run < 3000; run++) {
      let source = '';
      const length = Math.floor(random() * 40);
      for (let k = 0; k < length; k++) source += pieces[Math.floor(random() * pieces.length)] ?? '';
      assertSafeHtml(renderMarkdown(source));
      assert.equal(typeof markdownToPlainText(source), 'string');
    }
  });

  it('keeps items one level deep and a bare marker as text', () => {
    assert.equal(renderMarkdown('- - x\n- # y\n- 1. z'), '<ul><li>- x</li><li># y</li><li>1. z</li></ul>');
    assert.equal(renderMarkdown('-\n1.'), '<p>-<br>1.</p>');
    assert.equal(renderMarkdown('- a\n# b'), '<ul><li>a</li></ul>\n<h3>b</h3>', 'a heading ends a list');
    assert.equal(renderMarkdown('1) a\n2) b\n\n+ c'), '<ol><li>a</li><li>b</li></ol>\n<ul><li>c</li></ul>', "CommonMark's other markers");
  });

  it("keeps markdown-it's syntax beyond the subset as literal text", () => {
    const cases: [string, string][] = [
      ['<https://example.org>', '<p>&lt;https://example.org&gt;</p>'],
      ['[a]: https://example.org\n\n[a]', '<p>[a]: https://example.org</p>\n<p>[a]</p>'],
      ['Title\n===\n\nText\n---\n\n***', '<p>Title<br>===</p>\n<p>Text<br>---</p>\n<p>***</p>'],
      ['```\n<code>\n```', '<p><code>&lt;code&gt;</code></p>'],
      ['&copy; &#60;script&#62;', '<p>&amp;copy; &amp;#60;script&amp;#62;</p>'],
      ['~~struck~~', '<p>~~struck~~</p>'],
      ["[t]( https://example.org 'title' )", '<p>[t]( https://example.org &#39;title&#39; )</p>'],
    ];
    for (const [source, expected] of cases) assert.equal(renderMarkdown(source), expected, source);
  });

  it('refuses javascript: and data: destinations in every link form, and images of any kind', () => {
    const cases: [string, string][] = [
      ['[x](<javascript:alert(1)>)', '<p>x</p>'],
      ['[x](<data:text/html,<b>)', '<p>[x](&lt;data:text/html,&lt;b&gt;)</p>'],
      ['[x](<data:text/html,hi>)', '<p>x</p>'],
      ['[x](javascript:alert(1)\n)', '<p>x</p>'],
      ['[x](&#x6A;avascript:alert(1))', '<p>x</p>'],
      ['![x](data:image/png;base64,AAAA)', '<p>![x](data:image/png;base64,AAAA)</p>'],
      ['![x](<https://example.org/i.png>)', '<p>![x](&lt;https://example.org/i.png&gt;)</p>'],
    ];
    for (const [source, expected] of cases) {
      const html = renderMarkdown(source);
      assertSafeHtml(html);
      assert.equal(html, expected, source);
    }
  });

  it('keeps Arabic and Chinese text intact', () => {
    assert.equal(renderMarkdown('مرحبا **بالعالم**\nسطر ثانٍ'), '<p>مرحبا <strong>بالعالم</strong><br>سطر ثانٍ</p>');
    assert.equal(
      renderMarkdown('中文*强调*文本，[链接](https://example.org/路径)'),
      `<p>中文<em>强调</em>文本，${link('https://example.org/%E8%B7%AF%E5%BE%84', '链接')}</p>`,
    );
    assert.equal(renderMarkdown('- 第一项\n- البند الثاني'), '<ul><li>第一项</li><li>البند الثاني</li></ul>');
    assert.equal(renderMarkdown('😀 **𠀀** 😀'), '<p>😀 <strong>𠀀</strong> 😀</p>', 'astral characters survive whole');
  });

  it('grows linearly on adversarial inputs up to 100,000 characters (no backtracking blow-up)', () => {
    // [unit, repetitions at full size, prefix]: each input is measured at a quarter and at full size. Linear work
    // grows about 4×, quadratic 16×: the check sits between, with a fixed allowance for a busy machine's noise
    // (a wall-clock limit alone failed on shared machines while proving nothing about growth).
    const inputs: Array<[string, number, string?]> = [
      ['*', 100000],
      ['[', 100000],
      ['*a', 50000],
      ['**a', 33333],
      ['_a ', 33333],
      ['[a](', 25000],
      ['![a](', 20000],
      ['(', 99990, '[x]('],
      ['`a``', 25000],
      ['[]', 50000],
      ['\\', 100000],
      ['<', 100000],
      ['- a\n', 25000],
      ['[a](https://x.example)', 3000],
    ];
    const time = (input: string) => {
      let best = Infinity;
      for (let i = 0; i < 2; i++) {
        const started = performance.now();
        assert.equal(typeof renderMarkdown(input), 'string');
        assert.equal(typeof markdownToPlainText(input), 'string');
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    for (const [unit, n, prefix = ''] of inputs) {
      const quarter = time(prefix + unit.repeat(Math.floor(n / 4)));
      const full = time(prefix + unit.repeat(n));
      assert.ok(full < 10 * quarter + 400, `${JSON.stringify(unit)} ×${n}: ${Math.round(full)} ms, a quarter of it ${Math.round(quarter)} ms`);
    }
    // Mixed: unclosed brackets before many links.
    assert.equal(typeof renderMarkdown('['.repeat(30000) + '[a](https://x.example)'.repeat(3000)), 'string');
  });
});

describe('markdownToPlainText', () => {
  it('removes markup and keeps the text and block structure', () => {
    const source = '### Title\n\n**Bold**, *em*, _em_ and `code <x>`\nnext line\n\n- one\n- two\n  more\n\n3. first\n4. second';
    assert.equal(markdownToPlainText(source), 'Title\n\nBold, em, em and code <x>\nnext line\n\n- one\n- two\n  more\n\n1. first\n2. second');
  });

  it('spells out safe link destinations and drops unsafe ones', () => {
    assert.equal(markdownToPlainText('Read [the docs](https://example.org/docs).'), 'Read the docs (https://example.org/docs).');
    assert.equal(markdownToPlainText('[https://example.org](https://example.org)'), 'https://example.org');
    assert.equal(markdownToPlainText('[click](javascript:alert(1))'), 'click');
  });

  it('keeps escaped and literal characters without HTML escaping', () => {
    assert.equal(markdownToPlainText('\\*a\\* <b> & "q" ![i](https://x.example)'), '*a* <b> & "q" ![i](https://x.example)');
    assert.equal(markdownToPlainText('مرحبا **بالعالم** 中文'), 'مرحبا بالعالم 中文');
    assert.equal(markdownToPlainText(''), '');
  });
});
