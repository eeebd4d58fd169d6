/*
 * Payload's Slate rich text is deprecated upstream, so this module is the only place that knows
 * its JSON shape: the rest of the app gets HTML or plain text, never Slate nodes. The stored JSON
 * is whatever ended up in the database (old editor versions, imports, hand edits), so it is
 * validated structurally while it is walked instead of being trusted, and reduced to a small
 * tree of our own before anything is rendered.
 */

import { escapeHtml } from './html'

/** Deeper than anything the editor produces; keeps recursion far from the stack limit. */
const MAX_DEPTH = 20
/** Caps the work a single field can cost a public request, however large the stored value. */
const MAX_NODES = 100_000
const MAX_URL_LENGTH = 2048

/** Leaf marks in the order they nest, outermost first. */
const MARK_TAGS = [
  ['bold', 'strong'],
  ['italic', 'em'],
  ['underline', 'u'],
  ['strikethrough', 's'],
  ['code', 'code'],
] as const

type Tag = (typeof MARK_TAGS)[number][1]

/** Public pages carry their own <h1> (the story title), so content headings start at h2. */
const HEADING_LEVELS: ReadonlyMap<string, 2 | 3 | 4> = new Map([
  ['h1', 2],
  ['h2', 2],
  ['h3', 3],
  ['h4', 4],
  ['h5', 4],
  ['h6', 4],
])

/** Element types that can only stand as blocks; any other type is treated as inline content. */
const BLOCK_TYPES = new Set([
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
  'indent',
  'relationship',
  'upload',
])

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])

type Inline =
  { kind: 'text'; text: string; tags: Tag[] } | { kind: 'link'; href: string; children: Inline[] }

type Flow = { kind: 'inline'; inlines: Inline[] } | { kind: 'blocks'; blocks: Block[] }

type Block =
  | { kind: 'paragraph'; inlines: Inline[] }
  | { kind: 'heading'; level: 2 | 3 | 4; inlines: Inline[] }
  | { kind: 'quote'; body: Flow }
  | { kind: 'list'; ordered: boolean; items: Flow[] }

type RawNode =
  | { kind: 'text'; leaf: Record<string, unknown>; text: string }
  /** `type` is null for a paragraph (no type), '' for a type that is not a string. */
  | {
      kind: 'element'
      node: Record<string, unknown>
      type: string | null
      children: readonly unknown[]
    }

interface Walk {
  budget: number
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Only own properties count, so nothing inherited (or polluted) can become a mark or a URL. */
function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined
}

/** A sparse array can claim a length of 2^32 - 1; never look past what the budget allows. */
function bounded(values: readonly unknown[]): readonly unknown[] {
  return values.length > MAX_NODES ? values.slice(0, MAX_NODES) : values
}

function classify(node: unknown): RawNode | null {
  if (!isRecord(node)) return null
  const children = own(node, 'children')
  if (Array.isArray(children)) {
    const type = own(node, 'type')
    return {
      kind: 'element',
      node,
      type: type == null ? null : typeof type === 'string' ? type : '',
      children: bounded(children),
    }
  }
  const text = own(node, 'text')
  return typeof text === 'string' ? { kind: 'text', leaf: node, text } : null
}

function isBlockElement(raw: RawNode | null): boolean {
  return raw?.kind === 'element' && (raw.type === null || BLOCK_TYPES.has(raw.type))
}

function hasBlockChild(children: readonly unknown[]): boolean {
  return children.some((child) => isBlockElement(classify(child)))
}

/** Spread syntax overflows the stack on very long arrays; a plain loop does not. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item)
}

function hasText(inlines: readonly Inline[]): boolean {
  return inlines.some((inline) =>
    inline.kind === 'text' ? /\S/.test(inline.text) : hasText(inline.children),
  )
}

function isEmptyFlow(flow: Flow): boolean {
  return flow.kind === 'inline' ? !hasText(flow.inlines) : flow.blocks.length === 0
}

/**
 * Returns a normalised URL only for schemes that cannot run code. Internal links are left out on
 * purpose: their `doc` needs a lookup this pure module cannot do, and a stale one would 404.
 */
function safeHref(node: Record<string, unknown>): string | null {
  if (own(node, 'linkType') === 'internal') return null
  const url = own(node, 'url')
  if (typeof url !== 'string') return null
  const trimmed = url.trim()
  if (trimmed === '' || trimmed.length > MAX_URL_LENGTH) return null
  let parsed: URL
  try {
    // No base URL: relative and protocol-relative links fail here and are dropped.
    parsed = new URL(trimmed)
  } catch {
    return null
  }
  if (!SAFE_PROTOCOLS.has(parsed.protocol)) return null
  // Credentials in a URL exist mostly to disguise where it goes (https://bank.example@evil.example).
  if (parsed.username !== '' || parsed.password !== '') return null
  if (parsed.protocol === 'mailto:' && parsed.pathname === '') return null
  // Open redirects on otherwise trusted sites turn `?next=javascript:…` into script.
  if (mentionsScript(parsed.href)) return null
  return parsed.href
}

function mentionsScript(href: string): boolean {
  if (/javascript:/i.test(href)) return true
  try {
    return /javascript:/i.test(decodeURIComponent(href))
  } catch {
    return /javascript%3a/i.test(href)
  }
}

function textInline(raw: Extract<RawNode, { kind: 'text' }>): Inline | null {
  // NUL is replaced by browsers anyway; \r would otherwise survive as a stray character.
  const text = raw.text.replace(/\r\n?/g, '\n').replaceAll('\0', '')
  if (text === '') return null
  const tags: Tag[] = MARK_TAGS.filter(([mark]) => own(raw.leaf, mark) === true).map(
    ([, tag]) => tag,
  )
  return { kind: 'text', text, tags }
}

/**
 * Flattens any content to phrasing content. Unknown elements (relationships, uploads, custom
 * ones) contribute their text only: their attributes hold ids, populated documents and URLs
 * that were never meant to be public.
 */
function toInlines(
  nodes: readonly unknown[],
  depth: number,
  walk: Walk,
  inLink: boolean,
): Inline[] {
  const out: Inline[] = []
  if (depth > MAX_DEPTH) return out
  for (const node of nodes) {
    if (walk.budget-- <= 0) break
    const raw = classify(node)
    if (raw === null) continue
    if (raw.kind === 'text') {
      const inline = textInline(raw)
      if (inline) out.push(inline)
      continue
    }
    const children = toInlines(raw.children, depth + 1, walk, inLink || raw.type === 'link')
    const href = raw.type === 'link' && !inLink ? safeHref(raw.node) : null
    if (href !== null && hasText(children)) {
      out.push({ kind: 'link', href, children })
      continue
    }
    // Blocks flattened into one line would otherwise run their words together.
    if (isBlockElement(raw) && out.length > 0 && children.length > 0)
      out.push({ kind: 'text', text: ' ', tags: [] })
    append(out, children)
  }
  return out
}

function toFlow(nodes: readonly unknown[], depth: number, walk: Walk): Flow {
  // Checked before the scan below, which the node budget does not pay for.
  if (depth > MAX_DEPTH) return { kind: 'inline', inlines: [] }
  return hasBlockChild(nodes)
    ? { kind: 'blocks', blocks: toBlocks(nodes, depth, walk) }
    : { kind: 'inline', inlines: toInlines(nodes, depth, walk, false) }
}

function paragraph(inlines: Inline[]): Block[] {
  return hasText(inlines) ? [{ kind: 'paragraph', inlines }] : []
}

function listItems(nodes: readonly unknown[], depth: number, walk: Walk): Flow[] {
  const items: Flow[] = []
  if (depth > MAX_DEPTH) return items
  for (const node of nodes) {
    if (walk.budget-- <= 0) break
    const raw = classify(node)
    if (raw === null) continue
    // A stray node directly inside a list becomes an item of its own, so the HTML stays valid.
    const item =
      raw.kind === 'element' && raw.type === 'li'
        ? toFlow(raw.children, depth + 1, walk)
        : toFlow([node], depth, walk)
    if (!isEmptyFlow(item)) items.push(item)
  }
  return items
}

function blockOf(raw: Extract<RawNode, { kind: 'element' }>, depth: number, walk: Walk): Block[] {
  const { type, children } = raw
  const inner = depth + 1
  if (inner > MAX_DEPTH) return []
  const level = type === null ? undefined : HEADING_LEVELS.get(type)
  if (level !== undefined) {
    const inlines = toInlines(children, inner, walk, false)
    return hasText(inlines) ? [{ kind: 'heading', level, inlines }] : []
  }
  switch (type) {
    case 'blockquote': {
      const body = toFlow(children, inner, walk)
      return isEmptyFlow(body) ? [] : [{ kind: 'quote', body }]
    }
    case 'ul':
    case 'ol': {
      const items = listItems(children, inner, walk)
      return items.length > 0 ? [{ kind: 'list', ordered: type === 'ol', items }] : []
    }
    case 'li':
    case 'indent':
    case null: {
      // Indentation is presentation the public pages do not reproduce; a paragraph holding
      // blocks (or a list item outside a list) just lets its blocks stand on their own.
      return hasBlockChild(children)
        ? toBlocks(children, inner, walk)
        : paragraph(toInlines(children, inner, walk, false))
    }
    default:
      return paragraph(toInlines(children, inner, walk, false))
  }
}

function toBlocks(nodes: readonly unknown[], depth: number, walk: Walk): Block[] {
  const blocks: Block[] = []
  if (depth > MAX_DEPTH) return blocks
  let run: unknown[] = []
  const flush = () => {
    if (run.length > 0) append(blocks, paragraph(toInlines(run, depth, walk, false)))
    run = []
  }
  for (const node of nodes) {
    const raw = classify(node)
    if (raw === null) {
      if (walk.budget-- <= 0) break
      continue
    }
    // Loose text and links between blocks are gathered into one paragraph, as Slate would.
    if (raw.kind === 'text' || raw.type === 'link') {
      run.push(node)
      continue
    }
    flush()
    if (walk.budget-- <= 0) break
    append(blocks, blockOf(raw, depth, walk))
  }
  flush()
  return blocks
}

function parse(value: unknown): Block[] {
  if (!Array.isArray(value)) return []
  return toBlocks(bounded(value), 1, { budget: MAX_NODES })
}

function inlineHtml(inlines: readonly Inline[]): string {
  let html = ''
  for (const inline of inlines) {
    if (inline.kind === 'link') {
      // No target=_blank: opening new windows is the reader's choice, and it invites tabnabbing.
      html += `<a href="${escapeHtml(inline.href)}" rel="noopener nofollow ugc">${inlineHtml(inline.children)}</a>`
      continue
    }
    let text = escapeHtml(inline.text).replaceAll('\n', '<br>')
    for (let i = inline.tags.length - 1; i >= 0; i--)
      text = `<${inline.tags[i]}>${text}</${inline.tags[i]}>`
    html += text
  }
  return html
}

function flowHtml(flow: Flow): string {
  return flow.kind === 'inline' ? inlineHtml(flow.inlines) : flow.blocks.map(blockHtml).join('')
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${inlineHtml(block.inlines)}</p>`
    case 'heading':
      return `<h${block.level}>${inlineHtml(block.inlines)}</h${block.level}>`
    case 'quote':
      return `<blockquote>${flowHtml(block.body)}</blockquote>`
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul'
      return `<${tag}>${block.items.map((item) => `<li>${itemHtml(item)}</li>`).join('')}</${tag}>`
    }
  }
}

/** The editor nests a list by wrapping the item's text in a paragraph; <li>text<ul> reads better. */
function itemHtml(item: Flow): string {
  if (item.kind === 'inline') return inlineHtml(item.inlines)
  const paragraphs = item.blocks.filter((block) => block.kind === 'paragraph')
  if (paragraphs.length !== 1) return flowHtml(item)
  return item.blocks
    .map((block) => (block.kind === 'paragraph' ? inlineHtml(block.inlines) : blockHtml(block)))
    .join('')
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function inlineText(inlines: readonly Inline[]): string {
  let text = ''
  for (const inline of inlines)
    text += inline.kind === 'text' ? inline.text : inlineText(inline.children)
  return text
}

function flowText(flow: Flow, separator: string): string {
  if (flow.kind === 'inline') return collapse(inlineText(flow.inlines))
  return flow.blocks
    .map((block) => blockText(block, separator))
    .filter((text) => text !== '')
    .join(separator)
}

function blockText(block: Block, separator: string): string {
  switch (block.kind) {
    case 'paragraph':
    case 'heading':
      return collapse(inlineText(block.inlines))
    case 'quote':
      return flowText(block.body, separator)
    case 'list':
      // Everything inside a list item, nested lists included, stays on consecutive lines.
      return block.items
        .map((item) => flowText(item, '\n'))
        .filter((text) => text !== '')
        .join('\n')
  }
}

/**
 * Safe HTML for public pages and APIs: a fixed set of tags, escaped text, and links only to
 * http(s) and mailto. Anything unexpected degrades to its text, and unusable input to ''.
 */
export function slateToHtml(value: unknown): string {
  try {
    return parse(value).map(blockHtml).join('')
  } catch {
    // Only hostile objects (throwing getters, proxies) get here; JSON from the database cannot.
    return ''
  }
}

/** For search indexes, e-mails, meta descriptions and excerpts: blocks apart by a blank line. */
export function slateToPlainText(value: unknown): string {
  try {
    return flowText({ kind: 'blocks', blocks: parse(value) }, '\n\n').trim()
  } catch {
    return ''
  }
}

const ELLIPSIS = '…'
const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' })
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/**
 * Shortens text for cards and meta descriptions. Word boundaries come from Intl.Segmenter, so
 * accented, combining-mark and space-less scripts (Chinese, Japanese, Thai) are never cut inside
 * a word; only a single word longer than the limit is cut, and then between graphemes. Length
 * is counted in UTF-16 units, as database and HTML attribute limits are.
 */
export function excerpt(text: string, maxLength: number): string {
  if (typeof text !== 'string') return ''
  const limit = Math.floor(maxLength)
  if (!(limit >= 0)) return ''
  if (text.length <= limit) return text
  if (limit < ELLIPSIS.length) return ''
  const budget = limit - ELLIPSIS.length
  let cut = 0
  for (const { index, segment, isWordLike } of wordSegmenter.segment(text)) {
    const end = index + segment.length
    if (end > budget) break
    // Ending on a word (not on the space or comma after it) reads better before the ellipsis.
    if (isWordLike) cut = end
  }
  if (cut === 0) {
    for (const { index, segment } of graphemeSegmenter.segment(text)) {
      const end = index + segment.length
      if (end > budget) break
      cut = end
    }
  }
  return text.slice(0, cut).trimEnd() + ELLIPSIS
}

/**
 * Turns a public submission's plain text into the editor's shape, so editors can work on it in
 * the admin. Single line breaks are kept inside the paragraph: poems and addresses need them.
 */
export function plainTextToSlate(text: string): unknown[] {
  if (typeof text !== 'string') return []
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/^(?:[^\S\n]*\n)+/, '').trimEnd())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => ({ children: [{ text: paragraph }] }))
}
