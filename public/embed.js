/*
 * Relato partner embed: the <relato-gallery> web component.
 *
 * Usage (load the script from the Relato site that holds the stories):
 *   <script src="/embed.js" defer></script>   (use your Relato address in front of /embed.js)
 *   <relato-gallery campaign="we-are-home" lang="es" layout="carousel" limit="6"></relato-gallery>
 *
 * Attributes (changing any of them re-renders):
 *   campaign  campaign slug; omit for every published item
 *   lang      en | es; default: the page's <html lang> when it is en/es, else en
 *   layout    grid (default) | carousel
 *   limit     1-50 items, default 12
 *   kind      story | artwork; omit for both; resources: know-your-rights cards,
 *             hotlines and help (the campaign's, or all) instead of stories
 *   api-base  Relato address, used only when the script's own address is unknown
 *
 * Theming: set these custom properties on relato-gallery (or any ancestor).
 * Defaults meet WCAG AA contrast.
 *   --relato-font             system-ui, sans-serif
 *   --relato-text             #1a1a1a   body text
 *   --relato-muted            #4d4d4d   attribution text
 *   --relato-background       #ffffff
 *   --relato-card-background  #f4f4f4
 *   --relato-accent           #0a5ca8   links, buttons, focus ring
 *   --relato-accent-text      #ffffff   text on accent-coloured buttons
 *   --relato-radius           0.5rem
 *   --relato-gap              1rem
 *   --relato-columns-min      16rem     smallest grid column
 *   --relato-card-width       min(80%, 18rem)   carousel card width
 *
 * Recordings: a story or artwork whose recording is public (the storyteller's `voice`
 * consent) gets the browser's own audio player (never autoplaying; the sound loads only
 * when played) and its transcript, folded behind a "Read the transcript" control.
 *
 * Privacy: requests go only to the Relato address this script came from, without
 * credentials or referrer (the player's own sound requests are made by the browser, which
 * offers no referrer setting for them). Nothing is stored in the browser; no cookies or
 * web storage.
 */
;(() => {
  'use strict'

  const TAG = 'relato-gallery'
  if (!window.customElements || customElements.get(TAG)) return

  // A URL's origin, only for http(s); anything else (data:, javascript:, junk) is null.
  const httpUrl = (value, base) => {
    if (typeof value !== 'string' || !value) return null
    try {
      const url = new URL(value, base)
      return url.protocol === 'https:' || url.protocol === 'http:' ? url : null
    } catch (_) {
      return null
    }
  }

  // document.currentScript is only set while this file first runs, so read it now.
  const script = document.currentScript
  const SCRIPT_ORIGIN = script && script.src ? (httpUrl(script.src) || {}).origin || null : null

  const TEXT = {
    en: {
      list: 'Stories',
      loading: 'Loading…',
      empty: 'Nothing to show yet.',
      error: 'The stories could not be loaded. Please try again later.',
      missing: 'This gallery is not available.',
      prev: 'Previous',
      next: 'Next',
      note: 'Content note',
      show: 'Show image',
      hide: 'Hide image',
      recording: 'Recording',
      length: 'Length',
      transcript: 'Read the transcript',
    },
    es: {
      list: 'Historias',
      loading: 'Cargando…',
      empty: 'Todavía no hay nada que mostrar.',
      error: 'No se pudieron cargar las historias. Inténtalo más tarde.',
      missing: 'Esta galería no está disponible.',
      prev: 'Anterior',
      next: 'Siguiente',
      note: 'Aviso de contenido',
      show: 'Mostrar imagen',
      hide: 'Ocultar imagen',
      recording: 'Grabación',
      length: 'Duración',
      transcript: 'Leer la transcripción',
    },
  }

  const CSS = `
:host {
  --_font: var(--relato-font, system-ui, sans-serif);
  --_text: var(--relato-text, #1a1a1a);
  --_muted: var(--relato-muted, #4d4d4d);
  --_bg: var(--relato-background, #fff);
  --_card: var(--relato-card-background, #f4f4f4);
  --_accent: var(--relato-accent, #0a5ca8);
  --_accent-text: var(--relato-accent-text, #fff);
  --_radius: var(--relato-radius, 0.5rem);
  --_gap: var(--relato-gap, 1rem);
  --_min: var(--relato-columns-min, 16rem);
  --_card-width: var(--relato-card-width, min(80%, 18rem));
  display: block;
  font-family: var(--_font);
  color: var(--_text);
  background: var(--_bg);
  line-height: 1.5;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
.status { margin: 0; padding: var(--_gap) 0; }
.list { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--_gap);
  grid-template-columns: repeat(auto-fill, minmax(min(var(--_min), 100%), 1fr)); }
.list[hidden], .controls[hidden] { display: none; }
.carousel .list { position: relative; display: flex; overflow-x: auto; padding: 4px 4px 0.75rem;
  scroll-snap-type: x mandatory; scroll-padding: 4px; scrollbar-width: thin; }
.carousel li { flex: 0 0 var(--_card-width); scroll-snap-align: start; }
@media (prefers-reduced-motion: no-preference) { .carousel .list { scroll-behavior: smooth; } }
li { display: flex; }
article { position: relative; display: flex; flex-direction: column; width: 100%; overflow-wrap: anywhere;
  background: var(--_card); border-radius: var(--_radius); overflow: hidden; }
img { display: block; width: 100%; height: auto; aspect-ratio: 3 / 2; object-fit: cover; background: var(--_card); }
article[data-kind="artwork"] img { object-fit: contain; }
.body { padding: 0.75rem 1rem 1rem; display: flex; flex-direction: column; gap: 0.5rem; flex: 1; }
h3 { margin: 0; font-size: 1.125rem; line-height: 1.3; }
a { color: var(--_accent); text-decoration: underline; text-underline-offset: 0.15em;
  display: inline-block; min-height: 24px; }
/* The whole card is the link's click target (well over 24x24 px); the title stays the focus stop. */
a::after { content: ""; position: absolute; inset: 0; }
a:hover { text-decoration-thickness: 2px; }
p { margin: 0; }
.by { margin-top: auto; color: var(--_muted); font-size: 0.9375rem; }
.controls { display: flex; justify-content: flex-end; gap: 0.5rem; margin-bottom: 0.5rem; }
button { font: inherit; min-width: 44px; min-height: 44px; padding: 0.5rem 1rem; border: 0; cursor: pointer;
  border-radius: var(--_radius); background: var(--_accent); color: var(--_accent-text); }
button[aria-disabled="true"] { opacity: 0.45; cursor: default; }
/* Content notes: a plain note first; the image stays blurred until the reader asks to see it. */
.note { margin: 0; padding: 0.5rem 1rem; border-left: 4px solid var(--_muted); font-size: 0.9375rem; }
.media { position: relative; overflow: hidden; }
.media.blurred img { filter: blur(1.5rem); }
/* Above the title link's card-wide click target. */
.media button { position: absolute; z-index: 1; left: 50%; top: 50%; transform: translate(-50%, -50%);
  box-shadow: 0 0 0 2px var(--_bg); }
.media:not(.blurred) button { top: auto; bottom: 0.5rem; transform: translateX(-50%); }
/* A recording: above the title link's card-wide click target, so its controls work. */
.listen { position: relative; z-index: 1; display: flex; flex-direction: column; gap: 0.5rem; }
audio { width: 100%; }
.length { color: var(--_muted); font-size: 0.9375rem; }
summary { cursor: pointer; font-weight: 600; min-height: 24px; color: var(--_accent); }
details > div { margin-top: 0.5rem; }
details p + p { margin-top: 0.5rem; }
@media (forced-colors: active) { button, article { border: 1px solid; } }
`

  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag)
    for (const name in attrs || {}) {
      if (attrs[name] != null) node.setAttribute(name, attrs[name])
    }
    node.append(...children)
    return node
  }

  const titleCase = (slug) =>
    slug
      .split('-')
      .filter(Boolean)
      .map((word) => word[0].toUpperCase() + word.slice(1))
      .join(' ')

  let counter = 0

  class RelatoGallery extends HTMLElement {
    static get observedAttributes() {
      return ['campaign', 'lang', 'layout', 'limit', 'kind', 'api-base']
    }

    constructor() {
      super()
      this.attachShadow({ mode: 'open' })
      this._id = `relato-list-${++counter}`
      this._queued = false
      this._abort = null
      this._resize = null
    }

    connectedCallback() {
      this._schedule()
    }

    disconnectedCallback() {
      if (this._abort) this._abort.abort()
      this._unobserve()
    }

    _unobserve() {
      if (this._resize) this._resize.disconnect()
      this._resize = null
    }

    attributeChangedCallback(_name, oldValue, newValue) {
      if (oldValue !== newValue) this._schedule()
    }

    // Several attributes often change together; fetch once for all of them.
    _schedule() {
      if (this._queued) return
      this._queued = true
      queueMicrotask(() => {
        this._queued = false
        if (this.isConnected) this._load()
      })
    }

    _lang() {
      const pick = (value) => {
        const base = String(value || '')
          .toLowerCase()
          .split('-')[0]
        return base === 'en' || base === 'es' ? base : null
      }
      return pick(this.getAttribute('lang')) || pick(document.documentElement.lang) || 'en'
    }

    _limit() {
      const n = Number(this.getAttribute('limit'))
      return Number.isInteger(n) && n >= 1 && n <= 50 ? n : 12
    }

    async _load() {
      if (this._abort) this._abort.abort()
      this._unobserve()
      const abort = (this._abort = new AbortController())
      const lang = this._lang()
      const t = TEXT[lang]
      const campaign = (this.getAttribute('campaign') || '').trim()
      const kind = this.getAttribute('kind')
      const carousel = this.getAttribute('layout') === 'carousel'
      const origin = SCRIPT_ORIGIN || (httpUrl(this.getAttribute('api-base') || '') || {}).origin

      // Skeleton: status line, optional controls, the (initially empty, busy) list.
      const status = el('p', { class: 'status', role: 'status' }, t.loading)
      const list = el('ul', {
        id: this._id,
        class: 'list',
        role: 'list',
        'aria-label': campaign ? titleCase(campaign) : t.list,
        'aria-busy': 'true',
      })
      const wrap = el('div', { class: carousel ? 'carousel' : 'grid', lang })
      let controls = null
      if (carousel) {
        list.tabIndex = 0 // a scrollable region must be reachable by keyboard
        controls = this._controls(list, t)
        wrap.append(status, controls, list)
      } else {
        wrap.append(status, list)
      }
      this.shadowRoot.replaceChildren(el('style', null, CSS), wrap)

      const fail = (message) => {
        list.hidden = true
        list.removeAttribute('aria-busy')
        if (controls) controls.hidden = true
        status.textContent = message
      }
      if (!origin) return fail(t.error)

      const resources = kind === 'resources'
      const url = new URL(resources ? '/api/public/resources' : '/api/public/gallery', origin)
      if (campaign) url.searchParams.set('campaign', campaign)
      url.searchParams.set('lang', lang)
      url.searchParams.set('limit', String(this._limit()))
      // Embeds show only what storytellers agreed to share with partner sites.
      // (Resources are the organisation's own content: the same on every surface.)
      if (!resources) url.searchParams.set('surface', 'embed')
      if (kind === 'story' || kind === 'artwork') url.searchParams.set('kind', kind)

      let data
      try {
        const res = await fetch(url.href, {
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
          cache: 'default',
          mode: 'cors',
          signal: abort.signal,
        })
        if (!res.ok) return abort.signal.aborted || fail(res.status === 404 ? t.missing : t.error)
        data = await res.json()
      } catch (_) {
        // Aborted by a newer render, or a network/JSON failure; the details are not for readers.
        return abort.signal.aborted || fail(t.error)
      }
      if (abort.signal.aborted) return
      if (!data || !Array.isArray(data.items)) return fail(t.error)

      const cards = data.items
        .map((item) =>
          resources ? this._resource(item, origin) : this._card(item, origin, t, lang, abort),
        )
        .filter(Boolean)
      if (!cards.length) return fail(t.empty)
      list.append(...cards)
      list.removeAttribute('aria-busy')
      status.remove()
      if (carousel) {
        // Buttons only appear when the cards overflow, which changes with the element's width.
        this._resize = new ResizeObserver(() => this._sync(list, controls))
        this._resize.observe(list)
      }
    }

    _card(item, origin, t, lang, abort) {
      if (!item || typeof item !== 'object') return null
      const str = (value) => (typeof value === 'string' ? value : '')
      const title = str(item.title)
      const href = httpUrl(item.url, origin)
      const body = el('div', { class: 'body' })
      body.append(
        el('h3', null, href ? el('a', { href: href.href, rel: 'noopener' }, title) : title),
      )
      if (str(item.excerpt)) body.append(el('p', null, item.excerpt))
      const listen = this._listen(item, origin, t, lang, abort)
      if (listen) body.append(listen)
      if (str(item.attribution)) body.append(el('p', { class: 'by' }, `— ${item.attribution}`))

      const article = el('article', {
        lang: /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(str(item.language)) ? item.language : null,
        'data-kind': item.kind === 'artwork' ? 'artwork' : 'story',
        // Cards without a link still need a focus target for arrow-key navigation.
        tabindex: href ? null : '-1',
      })
      // The labels come in the request's language from the API; only strings are kept.
      const notes = (Array.isArray(item.contentNotes) ? item.contentNotes : [])
        .map((note) => (note && typeof note === 'object' ? str(note.label) : ''))
        .filter(Boolean)
      if (notes.length) article.append(el('p', { class: 'note' }, `${t.note}: ${notes.join(', ')}`))
      const img = this._image(item.image, origin)
      if (img && notes.length) article.append(this._blurred(img, t))
      else if (img) article.append(img)
      article.append(body)
      return el('li', null, article)
    }

    // The recording's player (only http(s) sources of an audio type), its length and transcript.
    _listen(item, origin, t, lang, abort) {
      const audio = item.audio
      if (!audio || typeof audio !== 'object' || !Array.isArray(audio.sources)) return null
      const sources = audio.sources
        .map((source) => ({
          url: httpUrl(source && source.url, origin),
          type: source && typeof source.type === 'string' ? source.type : '',
        }))
        .filter((source) => source.url && /^audio\//.test(source.type))
      if (!sources.length) return null
      const title = typeof item.title === 'string' ? item.title : ''
      const player = el(
        'audio',
        { controls: '', preload: 'metadata', 'aria-label': `${t.recording}: ${title}` },
        ...sources.map((source) => el('source', { src: source.url.href, type: source.type })),
      )
      const listen = el('div', { class: 'listen', lang }, player)
      const seconds = Math.round(Number(audio.duration))
      if (Number.isFinite(seconds) && seconds > 0) {
        const two = (n) => String(n).padStart(2, '0')
        const clock = `${Math.floor(seconds / 60)}:${two(seconds % 60)}`
        listen.append(
          el(
            'p',
            { class: 'length' },
            `${t.length}: `,
            el('time', { datetime: `PT${seconds}S` }, clock),
          ),
        )
      }
      this._transcript(item, origin, lang, abort).then((paragraphs) => {
        if (!paragraphs.length || abort.signal.aborted) return
        const language = typeof item.language === 'string' ? item.language : null
        listen.append(
          el(
            'details',
            null,
            el('summary', null, t.transcript),
            el(
              'div',
              {
                lang:
                  language && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(language)
                    ? language
                    : null,
              },
              ...paragraphs,
            ),
          ),
        )
      })
      return listen
    }

    // The transcript from the item's own answer, as paragraphs built here: the API's HTML is
    // parsed in an inert document and only its text and line breaks are kept.
    async _transcript(item, origin, lang, abort) {
      const kind = item.kind === 'artwork' ? 'artworks' : 'stories'
      if (typeof item.id !== 'string' || !item.id) return []
      const url = new URL(`/api/public/${kind}/${encodeURIComponent(item.id)}`, origin)
      url.searchParams.set('lang', lang)
      url.searchParams.set('surface', 'embed')
      try {
        const res = await fetch(url.href, {
          credentials: 'omit',
          referrerPolicy: 'no-referrer',
          mode: 'cors',
          signal: abort.signal,
        })
        if (!res.ok) return []
        const data = await res.json()
        const html = data && typeof data.transcriptHtml === 'string' ? data.transcriptHtml : ''
        if (!html) return []
        const parsed = new DOMParser().parseFromString(html, 'text/html')
        return [...parsed.body.querySelectorAll('p')].map((p) => {
          const lines = [...p.childNodes].map((node) =>
            node.nodeName === 'BR' ? el('br') : document.createTextNode(node.textContent || ''),
          )
          return el('p', null, ...lines)
        })
      } catch (_) {
        return [] // aborted by a newer render, or unavailable: the player stays without it
      }
    }

    // A resource: title (to its place on the site), summary, the card's two sides, phone links.
    _resource(item, origin) {
      if (!item || typeof item !== 'object') return null
      const str = (value) => (typeof value === 'string' ? value : '')
      const href = httpUrl(item.pageUrl, origin)
      const body = el('div', { class: 'body' })
      const title = str(item.title)
      body.append(
        el('h3', null, href ? el('a', { href: href.href, rel: 'noopener' }, title) : title),
      )
      const card = item.card && typeof item.card === 'object' ? item.card : {}
      for (const text of [item.summary, card.doThis, card.toAgent])
        if (str(text)) body.append(el('p', null, text))
      for (const phone of Array.isArray(item.phones) ? item.phones : []) {
        const number = str(phone && phone.number)
        if (!number) continue
        const line = el(
          'p',
          { class: 'by' },
          el('a', { href: `tel:${number.replace(/[^\d+]/g, '')}` }, number),
        )
        if (str(phone.hours)) line.append(` (${phone.hours})`)
        body.append(line)
      }
      const article = el('article', {
        lang: /^[a-z]{2}$/.test(str(item.language)) ? item.language : null,
        'data-kind': 'resource',
        tabindex: href ? null : '-1',
      })
      article.append(body)
      return el('li', null, article)
    }

    _image(image, origin) {
      if (!image || typeof image !== 'object') return null
      const src = httpUrl(image.url, origin)
      if (!src) return null
      const seen = new Set()
      const srcset = (Array.isArray(image.srcset) ? image.srcset : [])
        .map((entry) => ({ url: httpUrl(entry && entry.url, origin), width: entry && entry.width }))
        // Only http(s) entries with a positive, unique width make a valid srcset.
        .filter(
          (e) =>
            e.url &&
            Number.isInteger(e.width) &&
            e.width > 0 &&
            !seen.has(e.width) &&
            seen.add(e.width),
        )
        .map((e) => `${e.url.href.replace(/[\s,]/g, encodeURIComponent)} ${e.width}w`)
        .join(', ')
      const size = (n) => (Number.isInteger(n) && n > 0 ? String(n) : null)
      const img = el('img', {
        src: src.href,
        srcset: srcset || null,
        // "auto" lets lazy images use their laid-out width; the rest is for older browsers.
        sizes: srcset ? 'auto, (max-width: 40rem) 100vw, 24rem' : null,
        alt: typeof image.alt === 'string' ? image.alt : '',
        width: size(image.width),
        height: size(image.height),
        loading: 'lazy',
        decoding: 'async',
      })
      img.referrerPolicy = 'no-referrer' // the partner page address is not sent to Relato
      return img
    }

    // A noted item's image: blurred behind a real button that shows (and hides) it again.
    _blurred(img, t) {
      const media = el('div', { class: 'media blurred' }, img)
      const toggle = el('button', { type: 'button' }, t.show)
      toggle.addEventListener('click', () => {
        const shown = media.classList.toggle('blurred') === false
        // Focus stays on the button; its new name says what it does now.
        toggle.textContent = shown ? t.hide : t.show
      })
      media.append(toggle)
      return media
    }

    _controls(list, t) {
      const button = (label, arrow, step) => {
        const b = el(
          'button',
          { type: 'button', 'aria-controls': this._id },
          el('span', { 'aria-hidden': 'true' }, arrow),
          ` ${label}`,
        )
        b.addEventListener('click', () => {
          if (b.getAttribute('aria-disabled') !== 'true')
            this._go(list, this._current(list) + step, false)
        })
        return b
      }
      const rtl = getComputedStyle(this).direction === 'rtl'
      const controls = el(
        'div',
        { class: 'controls' },
        button(t.prev, rtl ? '→' : '←', -1),
        button(t.next, rtl ? '←' : '→', 1),
      )
      controls.hidden = true // until the cards are laid out and known to overflow

      list.addEventListener('keydown', (event) => {
        const keys = {
          ArrowLeft: rtl ? 1 : -1,
          ArrowRight: rtl ? -1 : 1,
          Home: -Infinity,
          End: Infinity,
        }
        const step = keys[event.key]
        if (step === undefined || event.altKey || event.ctrlKey || event.metaKey) return
        event.preventDefault()
        const active = this.shadowRoot.activeElement
        const li = active && active !== list ? active.closest('li') : null
        const from = li ? [...list.children].indexOf(li) : this._current(list)
        const to =
          Math.abs(step) === Infinity ? (step < 0 ? 0 : list.children.length - 1) : from + step
        this._go(list, to, true)
      })
      let frame = 0
      list.addEventListener(
        'scroll',
        () => {
          cancelAnimationFrame(frame)
          frame = requestAnimationFrame(() => this._sync(list, controls))
        },
        { passive: true },
      )
      return controls
    }

    // Index of the first card whose start edge is in view.
    _current(list) {
      const cards = [...list.children]
      const x = Math.abs(list.scrollLeft)
      const i = cards.findIndex((li) => Math.abs(li.offsetLeft - cards[0].offsetLeft) >= x - 2)
      return i < 0 ? cards.length - 1 : i
    }

    _go(list, index, focus) {
      const cards = list.children
      if (!cards.length) return
      const li = cards[Math.max(0, Math.min(cards.length - 1, index))]
      const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches
      list.scrollTo({
        left: li.offsetLeft - cards[0].offsetLeft,
        behavior: reduce ? 'auto' : 'smooth',
      })
      if (focus) {
        const target = li.querySelector('a') || li.querySelector('article')
        target.focus({ preventScroll: true })
      }
    }

    _sync(list, controls) {
      const [prev, next] = controls.children
      const x = Math.abs(list.scrollLeft)
      const overflow = list.scrollWidth - list.clientWidth > 2
      controls.hidden = !overflow
      // aria-disabled (not disabled) keeps a focused button focused when the end is reached.
      prev.setAttribute('aria-disabled', String(x <= 2))
      next.setAttribute('aria-disabled', String(x >= list.scrollWidth - list.clientWidth - 2))
    }
  }

  customElements.define(TAG, RelatoGallery)
})()
