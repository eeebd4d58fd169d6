import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { excerpt, plainTextToSlate, slateToHtml, slateToPlainText } from '../../src/lib/slate'

const p = (...children: unknown[]) => ({ children })
const t = (text: string, marks: Record<string, unknown> = {}) => ({ text, ...marks })
const el = (type: string, children: unknown[], attrs: Record<string, unknown> = {}) => ({
  type,
  children,
  ...attrs,
})
const link = (url: unknown, text = 'here', attrs: Record<string, unknown> = {}) =>
  el('link', [t(text)], { url, linkType: 'custom', newTab: false, ...attrs })

/** Our whole output vocabulary; anything else starting with '<' is an injection. */
const ALLOWED_TAGS =
  /<\/?(?:p|h2|h3|h4|blockquote|ul|ol|li|strong|em|u|s|code)>|<br>|<a href="[^"<>]*" rel="noopener nofollow ugc">|<\/a>/g

function hrefs(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]*)"/g)].map((match) =>
    match[1]
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&'),
  )
}

function expectSafe(html: string): void {
  const rest = html.replace(ALLOWED_TAGS, '')
  expect(rest).not.toContain('<')
  expect(rest).not.toContain('>')
  expect(html).not.toMatch(/href="[^"]*javascript:/i)
  expect(html).not.toContain('target=')
  expect(html).not.toContain('<h1')
  for (const href of hrefs(html)) {
    expect(['http:', 'https:', 'mailto:']).toContain(new URL(href).protocol)
    expect(href.toLowerCase()).not.toContain('javascript:')
  }
}

/** Builds `depth` nested elements around a text leaf without recursion. */
function nested(depth: number, type: string | undefined, text: string): unknown {
  let node: unknown = t(text)
  for (let i = 0; i < depth; i++) node = type === undefined ? p(node) : el(type, [node])
  return node
}

describe('slateToHtml: elements', () => {
  it('renders paragraphs (nodes without a type)', () => {
    expect(slateToHtml([p(t('One')), p(t('Two'))])).toBe('<p>One</p><p>Two</p>')
  })

  it('never emits <h1>: h1 and h2 become <h2>, h3 stays, h4–h6 become <h4>', () => {
    const headings = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((type) => el(type, [t(type)]))
    expect(slateToHtml(headings)).toBe(
      '<h2>h1</h2><h2>h2</h2><h3>h3</h3><h4>h4</h4><h4>h5</h4><h4>h6</h4>',
    )
  })

  it('renders block quotes, with inline or block content', () => {
    expect(slateToHtml([el('blockquote', [t('Said '), t('loud', { bold: true })])])).toBe(
      '<blockquote>Said <strong>loud</strong></blockquote>',
    )
    expect(slateToHtml([el('blockquote', [p(t('a')), p(t('b'))])])).toBe(
      '<blockquote><p>a</p><p>b</p></blockquote>',
    )
  })

  it('renders bulleted and numbered lists', () => {
    expect(slateToHtml([el('ul', [el('li', [t('a')]), el('li', [t('b')])])])).toBe(
      '<ul><li>a</li><li>b</li></ul>',
    )
    expect(
      slateToHtml([el('ol', [el('li', [t('1')]), el('li', [t('2', { italic: true })])])]),
    ).toBe('<ol><li>1</li><li><em>2</em></li></ol>')
  })

  it('renders nested lists in the shape the editor stores them', () => {
    // The indent button wraps the item's text in a typeless element and appends a list.
    const value = [
      el('ul', [
        el('li', [p(t('parent')), el('ol', [el('li', [t('child 1')]), el('li', [t('child 2')])])]),
        el('li', [t('sibling')]),
      ]),
    ]
    expect(slateToHtml(value)).toBe(
      '<ul><li>parent<ol><li>child 1</li><li>child 2</li></ol></li><li>sibling</li></ul>',
    )
  })

  it('keeps list HTML valid when a list holds something other than items', () => {
    expect(slateToHtml([el('ul', [el('li', [t('a')]), p(t('stray'))])])).toBe(
      '<ul><li>a</li><li>stray</li></ul>',
    )
    expect(slateToHtml([el('li', [t('orphan item')])])).toBe('<p>orphan item</p>')
  })

  it('renders an indent as its children, without a blockquote', () => {
    expect(
      slateToHtml([el('indent', [p(t('a')), el('h3', [t('b')]), el('indent', [p(t('c'))])])]),
    ).toBe('<p>a</p><h3>b</h3><p>c</p>')
  })

  it('drops empty paragraphs, headings, quotes, items and lists', () => {
    const value = [
      p(t('')),
      p(),
      p(t('   ')),
      p(t('\n')),
      el('h2', [t(' ')]),
      el('blockquote', []),
      el('ul', [el('li', [t('')])]),
      el('ol', []),
      p(t('kept')),
    ]
    expect(slateToHtml(value)).toBe('<p>kept</p>')
    expect(slateToHtml([el('ul', [el('li', [t('')]), el('li', [t('x')])])])).toBe(
      '<ul><li>x</li></ul>',
    )
  })

  it('gathers loose text leaves at the top level into a paragraph', () => {
    expect(slateToHtml([t('loose '), link('https://example.org/'), p(t('next'))])).toBe(
      '<p>loose <a href="https://example.org/" rel="noopener nofollow ugc">here</a></p><p>next</p>',
    )
  })

  it('turns newlines inside a leaf into <br>, whatever the line ending', () => {
    expect(slateToHtml([p(t('one\ntwo\r\nthree\rfour'))])).toBe(
      '<p>one<br>two<br>three<br>four</p>',
    )
  })
})

describe('slateToHtml: marks', () => {
  it.each([
    ['bold', 'strong'],
    ['italic', 'em'],
    ['underline', 'u'],
    ['strikethrough', 's'],
    ['code', 'code'],
  ])('renders %s as <%s>', (mark, tag) => {
    expect(slateToHtml([p(t('x', { [mark]: true }))])).toBe(`<p><${tag}>x</${tag}></p>`)
  })

  it('nests combined marks in a fixed order', () => {
    const all = { bold: true, italic: true, underline: true, strikethrough: true, code: true }
    expect(slateToHtml([p(t('x', all))])).toBe(
      '<p><strong><em><u><s><code>x</code></s></u></em></strong></p>',
    )
  })

  it('only honours marks that are exactly true and own properties', () => {
    expect(slateToHtml([p(t('x', { bold: false, italic: 'yes', underline: 1, code: null }))])).toBe(
      '<p>x</p>',
    )
    expect(slateToHtml([p(Object.assign(Object.create({ bold: true }), { text: 'x' }))])).toBe(
      '<p>x</p>',
    )
    expect(slateToHtml([p(t('x', { color: 'red', class: 'big', style: 'x' }))])).toBe('<p>x</p>')
  })
})

describe('slateToHtml: escaping', () => {
  it('escapes every special character in text', () => {
    expect(slateToHtml([p(t(`<script>alert("x")</script> & 'y'`))])).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>',
    )
  })

  it('escapes text inside marks, headings, lists and links', () => {
    const html = slateToHtml([
      el('h1', [t('<b>')]),
      p(t('<i>', { bold: true })),
      el('ul', [el('li', [t('"q"')])]),
      p(link('https://example.org/', '<img src=x onerror=alert(1)>')),
    ])
    expect(html).toBe(
      '<h2>&lt;b&gt;</h2><p><strong>&lt;i&gt;</strong></p><ul><li>&quot;q&quot;</li></ul>' +
        '<p><a href="https://example.org/" rel="noopener nofollow ugc">&lt;img src=x onerror=alert(1)&gt;</a></p>',
    )
  })

  it('does not double-escape existing entities', () => {
    expect(slateToHtml([p(t('&amp; &lt;'))])).toBe('<p>&amp;amp; &amp;lt;</p>')
  })
})

describe('slateToHtml: links', () => {
  it('renders http, https and mailto links with a fixed rel and no target', () => {
    expect(slateToHtml([p(link('https://example.org/a?b=1&c=2'))])).toBe(
      '<p><a href="https://example.org/a?b=1&amp;c=2" rel="noopener nofollow ugc">here</a></p>',
    )
    expect(slateToHtml([p(link('http://example.org'))])).toBe(
      '<p><a href="http://example.org/" rel="noopener nofollow ugc">here</a></p>',
    )
    expect(slateToHtml([p(link('mailto:help@example.org'))])).toBe(
      '<p><a href="mailto:help@example.org" rel="noopener nofollow ugc">here</a></p>',
    )
    expect(slateToHtml([p(link('  https://example.org/  '))])).toContain(
      'href="https://example.org/"',
    )
  })

  it('never opens a new tab, even when the editor asked for one', () => {
    const html = slateToHtml([p(link('https://example.org/', 'x', { newTab: true }))])
    expect(html).toBe('<p><a href="https://example.org/" rel="noopener nofollow ugc">x</a></p>')
    expect(html).not.toContain('target')
  })

  it('keeps marks inside links', () => {
    const value = [
      p(el('link', [t('bold', { bold: true }), t(' plain')], { url: 'https://example.org/' })),
    ]
    expect(slateToHtml(value)).toBe(
      '<p><a href="https://example.org/" rel="noopener nofollow ugc"><strong>bold</strong> plain</a></p>',
    )
  })

  it('escapes quotes and angle brackets that reach the href', () => {
    const html = slateToHtml([p(link(`https://example.org/it's?q="><script>alert(1)</script>`))])
    expect(html).not.toContain('<script')
    expect(hrefs(html)).toEqual([
      "https://example.org/it's?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
    ])
    expect(html).toContain(
      'href="https://example.org/it&#39;s?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"',
    )
    const mail = slateToHtml([p(link(`mailto:a@example.org?subject="x'y"`))])
    expect(mail).toBe(
      '<p><a href="mailto:a@example.org?subject=%22x&#39;y%22" rel="noopener nofollow ugc">here</a></p>',
    )
  })

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    '\u0000javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'javascript&colon;alert(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.org/',
    '/relative/path',
    'relative/path',
    '//evil.example/',
    '#top',
    '?q=1',
    'example.org',
    'https://user:pass@example.org/',
    'https://bank.example@evil.example/',
    'https://example.org/?next=javascript:alert(1)',
    'https://example.org/?next=javascript%3Aalert(1)',
    'mailto:javascript:alert(1)',
    'mailto:',
    '',
    '   ',
    'https://' + 'a'.repeat(3000) + '.example/',
  ])('renders the text of a link to %j without an anchor', (url) => {
    expect(slateToHtml([p(t('see '), link(url), t('.'))])).toBe('<p>see here.</p>')
  })

  it('drops links whose url is missing or not a string', () => {
    for (const url of [
      undefined,
      null,
      42,
      ['https://example.org/'],
      { href: 'https://example.org/' },
    ]) {
      expect(slateToHtml([p(link(url))])).toBe('<p>here</p>')
    }
  })

  it('renders internal links as plain text, never leaking the related document', () => {
    const value = [
      p(
        el('link', [t('our story')], {
          linkType: 'internal',
          url: 'https://example.org/should-not-be-used',
          doc: {
            relationTo: 'stories',
            value: { id: 'abc123', slug: 'secret-slug', email: 'private@example.org' },
          },
        }),
      ),
    ]
    expect(slateToHtml(value)).toBe('<p>our story</p>')
  })

  it('never nests anchors and drops anchors without text', () => {
    const inner = link('https://inner.example/', 'inner')
    const outer = el('link', [t('outer '), inner], { url: 'https://outer.example/' })
    expect(slateToHtml([p(outer)])).toBe(
      '<p><a href="https://outer.example/" rel="noopener nofollow ugc">outer inner</a></p>',
    )
    expect(
      slateToHtml([
        p(t('a'), link('https://example.org/', ''), link('https://example.org/', ' '), t('b')),
      ]),
    ).toBe('<p>a b</p>')
  })
})

describe('slateToHtml: unknown elements', () => {
  it('renders relationship and upload nodes without any of their attributes', () => {
    const value = [
      p(t('before')),
      el('relationship', [t(' ')], {
        relationTo: 'stories',
        value: { id: 'rel-id-123', title: 'Private draft', email: 'hidden@example.org' },
      }),
      el('upload', [t('')], {
        relationTo: 'media',
        value: {
          id: 'media-id-456',
          url: '/media/private.jpg',
          filename: 'passport.jpg',
          alt: 'ID card',
        },
        fields: { caption: 'secret caption' },
      }),
      p(t('after')),
    ]
    const html = slateToHtml(value)
    expect(html).toBe('<p>before</p><p>after</p>')
    for (const secret of [
      'rel-id-123',
      'Private draft',
      'hidden@',
      'media-id-456',
      'private.jpg',
      'passport',
      'ID card',
      'secret caption',
    ]) {
      expect(html).not.toContain(secret)
    }
  })

  it('renders only the text of custom elements, never their attributes', () => {
    const value = [
      el('video', [t('Watch '), t('this', { bold: true })], {
        src: 'https://evil.example/x.mp4',
        onclick: 'alert(1)',
        style: 'position:fixed',
        class: 'overlay',
        href: 'javascript:alert(1)',
        url: 'https://evil.example/',
      }),
      p(
        t('a '),
        el('mention', [t('@ana')], { userId: 'u-999', email: 'ana@example.org' }),
        t(' b'),
      ),
      el('iframe', [], { src: 'https://evil.example/' }),
      { type: 'script', children: [t('alert(1)')] },
    ]
    const html = slateToHtml(value)
    expect(html).toBe('<p>Watch <strong>this</strong></p><p>a @ana b</p><p>alert(1)</p>')
    for (const attr of [
      'evil.example',
      'onclick',
      'position',
      'overlay',
      'javascript',
      'u-999',
      'ana@',
    ]) {
      expect(html).not.toContain(attr)
    }
  })

  it('ignores attributes of known elements too (alignment, ids, classes)', () => {
    const value = [
      el('h2', [t('Title')], {
        textAlign: 'center',
        id: 'x" onmouseover="alert(1)',
        className: 'big',
      }),
      { children: [t('Para')], textAlign: 'right', style: 'color:red' },
    ]
    expect(slateToHtml(value)).toBe('<h2>Title</h2><p>Para</p>')
  })

  it('treats an element type that is not a string as unknown', () => {
    expect(
      slateToHtml([
        { type: 7, children: [t('x')] },
        { type: { h1: true }, children: [t('y')] },
      ]),
    ).toBe('<p>x</p><p>y</p>')
    expect(slateToHtml([{ type: null, children: [t('null type is a paragraph')] }])).toBe(
      '<p>null type is a paragraph</p>',
    )
  })

  it('flattens blocks found where only text fits, keeping their words apart', () => {
    expect(slateToHtml([el('h2', [p(t('one')), p(t('two'))])])).toBe('<h2>one two</h2>')
  })
})

describe('slateToHtml: deep and huge input', () => {
  it('renders nesting up to the depth limit in full', () => {
    expect(slateToHtml([nested(15, 'blockquote', 'deep')])).toBe(
      `${'<blockquote>'.repeat(15)}deep${'</blockquote>'.repeat(15)}`,
    )
    let list: unknown = el('li', [t('leaf')])
    for (let i = 0; i < 8; i++) list = el('li', [p(t(`level ${i}`)), el('ul', [list])])
    const html = slateToHtml([el('ul', [list])])
    expect(html).toContain('leaf')
    expect(html).toContain('level 7')
  })

  it.each([undefined, 'blockquote', 'ul', 'li', 'indent', 'link', 'unknown'])(
    'drops content nested too deep inside %s without crashing',
    (type) => {
      const value = [p(t('shallow')), nested(100_000, type, 'too deep')]
      let html = ''
      expect(() => {
        html = slateToHtml(value)
      }).not.toThrow()
      expect(html.startsWith('<p>shallow</p>')).toBe(true)
      expect(html).not.toContain('too deep')
      expect(slateToPlainText(value)).toBe('shallow')
    },
  )

  it('survives cyclic structures', () => {
    const node: { children: unknown[] } = { children: [t('loop ')] }
    node.children.push(node)
    expect(() => slateToHtml([node])).not.toThrow()
    expect(slateToHtml([node])).toContain('loop')
  })

  it('handles huge documents within a bounded amount of work', () => {
    const value = Array.from({ length: 300_000 }, (_, i) => p(t(`paragraph ${i}`)))
    const started = Date.now()
    const html = slateToHtml(value)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(html.startsWith('<p>paragraph 0</p><p>paragraph 1</p>')).toBe(true)
    // The node budget truncates rather than rendering everything.
    expect(html).not.toContain('paragraph 299999')
  })

  it('handles a very long leaf, a very wide element and a huge sparse array', () => {
    const long = 'a<'.repeat(1_000_000)
    expect(slateToHtml([p(t(long))])).toBe(`<p>${'a&lt;'.repeat(1_000_000)}</p>`)
    const wide = slateToHtml([{ children: Array.from({ length: 200_000 }, () => t('w')) }])
    expect(wide.startsWith('<p>www')).toBe(true)
    const sparse: unknown[] = []
    sparse.length = 2 ** 32 - 1
    sparse[0] = p(t('first'))
    const started = Date.now()
    expect(slateToHtml(sparse)).toBe('<p>first</p>')
    expect(slateToHtml([{ children: sparse }])).toBe('<p>first</p>')
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})

describe('slateToHtml and slateToPlainText: garbage input', () => {
  const garbage: unknown[] = [
    null,
    undefined,
    '',
    'plain string',
    '<script>alert(1)</script>',
    42,
    Number.NaN,
    true,
    Symbol('x'),
    () => 'x',
    {},
    { children: [t('an object, not an array')] },
    { root: { children: [] } },
    [],
    [null, undefined, 1, 'a', true, [], [[t('array in array')]]],
    [
      {},
      { type: 'h2' },
      { type: 'p', children: 'not an array' },
      { children: { 0: t('x'), length: 1 } },
    ],
    [{ text: 5 }, { text: null }, { text: ['x'] }, { text: { toString: () => '<b>' } }],
    [p({ text: 5 }, null, 'raw string child', 3, { bold: true })],
    [new Date(), /regex/, new Map([['children', []]])],
  ]

  it.each(garbage.map((value, i) => [i, value]))('returns "" for garbage #%i', (_, value) => {
    expect(slateToHtml(value)).toBe('')
    expect(slateToPlainText(value)).toBe('')
  })

  it('keeps the valid nodes of a partly broken document', () => {
    const value = [
      null,
      p(t('good')),
      { type: 'h2' },
      7,
      el('h3', [t('also good'), null, { text: 9 }]),
    ]
    expect(slateToHtml(value)).toBe('<p>good</p><h3>also good</h3>')
    expect(slateToPlainText(value)).toBe('good\n\nalso good')
  })

  it('ignores inherited properties, so prototype pollution cannot add content', () => {
    const evil = Object.create({
      type: 'h1',
      url: 'javascript:alert(1)',
      children: [t('inherited')],
    })
    expect(slateToHtml([evil])).toBe('')
    const proto = JSON.parse('[{"__proto__": {"bold": true}, "text": "x"}]')
    expect(slateToHtml([p(...proto)])).toBe('<p>x</p>')
  })

  it('returns "" instead of throwing for hostile objects', () => {
    const throwing = new Proxy([], {
      get() {
        throw new Error('boom')
      },
    })
    expect(slateToHtml(throwing)).toBe('')
    expect(slateToPlainText(throwing)).toBe('')
    const getter = {
      get children(): unknown[] {
        throw new Error('boom')
      },
    }
    expect(slateToHtml([getter])).toBe('')
  })
})

describe('slateToPlainText', () => {
  it('separates blocks by a blank line and puts list items on their own lines', () => {
    const value = [
      el('h1', [t('Title')]),
      p(
        t('First '),
        t('bold', { bold: true }),
        t(' and '),
        link('https://example.org/', 'a link'),
        t('.'),
      ),
      el('ul', [
        el('li', [p(t('one')), el('ol', [el('li', [t('one.a')]), el('li', [t('one.b')])])]),
        el('li', [t('two')]),
      ]),
      el('blockquote', [t('Quoted')]),
      el('indent', [p(t('Indented'))]),
    ]
    expect(slateToPlainText(value)).toBe(
      'Title\n\nFirst bold and a link.\n\none\none.a\none.b\ntwo\n\nQuoted\n\nIndented',
    )
  })

  it('collapses whitespace inside a block, newlines included, and trims', () => {
    expect(
      slateToPlainText([p(t('  many   spaces\n\nand\tlines  ')), p(t('\u00a0next\u00a0'))]),
    ).toBe('many spaces and lines\n\nnext')
  })

  it('leaves out URLs, attributes of unknown nodes and empty blocks', () => {
    const value = [
      p(link('https://secret.example/', 'visible')),
      el('upload', [t(' ')], { value: { filename: 'passport.jpg' } }),
      p(t('')),
      el('ul', []),
      p(t('end')),
    ]
    expect(slateToPlainText(value)).toBe('visible\n\nend')
  })

  it('does not escape anything (it is not HTML)', () => {
    expect(slateToPlainText([p(t('<b> & "q"'))])).toBe('<b> & "q"')
  })
})

describe('excerpt', () => {
  it('returns short text unchanged', () => {
    expect(excerpt('Hola mundo', 10)).toBe('Hola mundo')
    expect(excerpt('Hola mundo', 100)).toBe('Hola mundo')
    expect(excerpt('', 5)).toBe('')
    expect(excerpt('  spaced  ', 10)).toBe('  spaced  ')
  })

  it('cuts at a word boundary and never exceeds the limit, ellipsis included', () => {
    expect(excerpt('The quick brown fox jumps', 12)).toBe('The quick…')
    expect(excerpt('The quick brown fox jumps', 16)).toBe('The quick brown…')
    expect(excerpt('The quick brown fox jumps', 15)).toBe('The quick…')
    expect(excerpt('Hello, world and more', 9)).toBe('Hello…')
  })

  it('keeps Spanish words with accents and ñ whole', () => {
    const text = 'Canción de cuna para él, también para mí: la niña soñó con su abuelo en Oaxaca.'
    expect(excerpt(text, 20)).toBe('Canción de cuna…')
    expect(excerpt(text, 31)).toBe('Canción de cuna para él…')
    expect(excerpt(text, 40)).toBe('Canción de cuna para él, también para…')
    expect(excerpt('Año tras año, la señora Muñoz esperó', 17)).toBe('Año tras año, la…')
    expect(excerpt('Año tras año, la señora Muñoz esperó', 15)).toBe('Año tras año…')
    // Decomposed accents (o + combining acute) must not be split from their letter.
    const decomposed = 'Cancio\u0301n de cuna'.normalize('NFD')
    expect(excerpt(decomposed, 9)).toBe('Cancio\u0301n…')
    for (let max = 1; max <= text.length + 1; max++) {
      const cut = excerpt(text, max)
      expect(cut.length).toBeLessThanOrEqual(max)
      if (cut !== text) {
        const kept = cut.slice(0, -1)
        expect(text.startsWith(kept)).toBe(true)
        // Once the first word fits, whatever is kept ends on a whole word.
        if (max > 'Canción'.length) expect(text.slice(kept.length)).toMatch(/^[^\p{L}\p{M}\p{N}]/u)
      }
    }
  })

  it('cuts scripts without spaces at word boundaries', () => {
    const japanese = '吾輩は猫である。名前はまだ無い。'
    expect(excerpt(japanese, 8)).toBe('吾輩は猫である…')
    expect(excerpt(japanese, 7)).toBe('吾輩は猫で…')
    expect(excerpt('Привет мир, как дела', 12)).toBe('Привет мир…')
  })

  it('cuts a single over-long word between graphemes, never inside one', () => {
    expect(excerpt('Supercalifragilistic', 6)).toBe('Super…')
    const family = '👨‍👩‍👧'
    const emoji = family.repeat(5)
    const cut = excerpt(emoji, 20)
    expect(cut).toBe(`${family.repeat(2)}…`)
    expect(cut.length).toBeLessThanOrEqual(20)
  })

  it('handles tiny and invalid limits', () => {
    expect(excerpt('Hola mundo', 1)).toBe('…')
    expect(excerpt('Hola mundo', 0)).toBe('')
    expect(excerpt('Hola mundo', -5)).toBe('')
    expect(excerpt('Hola mundo', Number.NaN)).toBe('')
    expect(excerpt('Hola mundo', Number.POSITIVE_INFINITY)).toBe('Hola mundo')
    expect(excerpt('Hola mundo', 7.9)).toBe('Hola…')
  })

  it('holds its guarantees for arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.integer({ min: 0, max: 220 }),
        (text, max) => {
          const cut = excerpt(text, max)
          expect(cut.length).toBeLessThanOrEqual(max)
          if (text.length <= max) expect(cut).toBe(text)
          else if (cut !== '') {
            expect(cut.endsWith('…')).toBe(true)
            expect(text.startsWith(cut.slice(0, -1))).toBe(true)
          }
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('plainTextToSlate', () => {
  it('splits paragraphs on blank lines and keeps single newlines', () => {
    expect(plainTextToSlate('First line\nsecond line\n\nNext paragraph')).toEqual([
      { children: [{ text: 'First line\nsecond line' }] },
      { children: [{ text: 'Next paragraph' }] },
    ])
  })

  it('normalises Windows and old Mac line endings', () => {
    expect(plainTextToSlate('a\r\nb\r\n\r\nc\rd\r\re')).toEqual([
      { children: [{ text: 'a\nb' }] },
      { children: [{ text: 'c\nd' }] },
      { children: [{ text: 'e' }] },
    ])
  })

  it('treats several blank or whitespace-only lines as one break and trims trailing whitespace', () => {
    expect(plainTextToSlate('\n\n  \none  \t\n \t \n\n\ntwo   \n\n\n')).toEqual([
      { children: [{ text: 'one' }] },
      { children: [{ text: 'two' }] },
    ])
  })

  it('returns [] for empty, blank or non-string input', () => {
    expect(plainTextToSlate('')).toEqual([])
    expect(plainTextToSlate(' \n\n\t\r\n ')).toEqual([])
    expect(plainTextToSlate(null as unknown as string)).toEqual([])
    expect(plainTextToSlate(42 as unknown as string)).toEqual([])
  })

  it('round-trips through slateToPlainText', () => {
    const text = 'Llegué en 2019.\r\nNo hablaba inglés.\r\n\r\nHoy enseño <b>español</b> & más.'
    expect(slateToPlainText(plainTextToSlate(text))).toBe(
      'Llegué en 2019. No hablaba inglés.\n\nHoy enseño <b>español</b> & más.',
    )
    expect(slateToHtml(plainTextToSlate(text))).toBe(
      '<p>Llegué en 2019.<br>No hablaba inglés.</p><p>Hoy enseño &lt;b&gt;español&lt;/b&gt; &amp; más.</p>',
    )
  })

  it('round-trips arbitrary text: same paragraphs, whitespace collapsed', () => {
    const expected = (text: string) =>
      text
        .replace(/\r\n?/g, '\n')
        .split(/\n\s*\n/)
        .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
        .filter((paragraph) => paragraph !== '')
        .join('\n\n')
    const chunk = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.constantFrom('\n', '\r\n', '\n\n', ' \n \n', '\t', '  '),
    )
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 20 }), (chunks) => {
        const text = chunks.join('')
        expect(slateToPlainText(plainTextToSlate(text))).toBe(expected(text))
      }),
      { numRuns: 500 },
    )
  })
})

describe('slateToHtml: properties', () => {
  const dangerousUrls = fc.constantFrom(
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '/relative',
    '//evil.example/',
    'https://example.org/"><script>alert(1)</script>',
    "https://example.org/'onmouseover='alert(1)",
    'mailto:x@example.org?body=<script>',
    'https://example.org/?next=javascript:alert(1)',
  )
  const url = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.string().map((s) => `javascript:${s}`),
    fc.string().map((s) => `https://example.org/${s}`),
    fc.string().map((s) => `mailto:${s}`),
    dangerousUrls,
  )
  const text = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.constantFrom(
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      "'",
      '&lt;',
      '</p><h1>x</h1>',
    ),
  )
  const leaf = fc.record(
    {
      text,
      bold: fc.boolean(),
      italic: fc.boolean(),
      underline: fc.boolean(),
      strikethrough: fc.boolean(),
      code: fc.boolean(),
    },
    { requiredKeys: ['text'] },
  )
  const type = fc.constantFrom(
    undefined,
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'ul',
    'ol',
    'li',
    'link',
    'indent',
    'relationship',
    'upload',
    'script',
    '<img>',
    'a',
  )
  const { node } = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('element')),
    element: fc.record({
      type,
      url,
      linkType: fc.constantFrom('custom', 'internal', '<x>'),
      newTab: fc.boolean(),
      onclick: text,
      children: fc.array(tie('node'), { maxLength: 4 }),
    }),
  }))

  it('never lets arbitrary text or URLs out as markup or script links', () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 5 }), (value) => {
        expectSafe(slateToHtml(value))
        expect(typeof slateToPlainText(value)).toBe('string')
      }),
      { numRuns: 1_000 },
    )
  })

  it('renders arbitrary strings in a leaf and a link exactly as escaped text', () => {
    fc.assert(
      fc.property(text, url, (leafText, href) => {
        const html = slateToHtml([p(t(leafText), el('link', [t(leafText)], { url: href }))])
        expectSafe(html)
        expect(html).not.toContain('<script')
      }),
      { numRuns: 2_000 },
    )
  })

  it('never throws and stays safe on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.anything(), (json, anything) => {
        expectSafe(slateToHtml(json))
        expectSafe(slateToHtml([json]))
        expectSafe(slateToHtml(anything))
        expect(typeof slateToPlainText(anything)).toBe('string')
      }),
      { numRuns: 500 },
    )
  })
})
