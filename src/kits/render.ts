import sharp, { type OverlayOptions } from 'sharp'

import { focalRegion } from '../media/focal'
import { FORMATS, type FormatName } from './formats'
import { type Box, fitText, type TextStyle } from './text'

export type Rect = { x: number; y: number; width: number; height: number }
export type Brand = { primary: string; accent: string; logo: Buffer | null }

type Common = { attribution: string; hashtag: string; brand: Brand }
export type CardSpec =
  | (Common & { kind: 'quote'; quote: string })
  | (Common & { kind: 'photo'; photo: Buffer; focalX?: number | null; focalY?: number | null })
  | (Common & { kind: 'artwork'; artwork: Buffer; title: string; licence: string })
  // A know-your-rights card (issue 16): `attribution` is the organisation's name.
  | (Common & { kind: 'rights'; title: string; doThis: string; hotline?: string | null })

/** A text as finally drawn (bench/kits redraws it with raw sharp at the same size). */
export type DrawnText = { text: string; size: number; style: TextStyle; width: number }

export type RenderedCard = {
  data: Buffer
  mimeType: 'image/png' | 'image/jpeg'
  width: number
  height: number
  /** The quote as drawn (it may end in an ellipsis), for the alt text. */
  drawnQuote: string | null
  /** A know-your-rights card's texts as drawn, for its alt text. */
  drawnRights: { title: string; doThis: string; hotline: string | null } | null
  /** Where things were drawn, so tests can check that nothing spills outside. */
  layout: {
    background: string
    textBoxes: Rect[]
    drawn: Rect[]
    decorations: Rect[]
    texts: DrawnText[]
  }
}

const hex = (colour: string) => {
  const value = Number.parseInt(colour.replace('#', ''), 16)
  return { r: (value >> 16) & 255, g: (value >> 8) & 255, b: value & 255 }
}

/** White on dark brand colours, near-black on light ones (relative luminance, WCAG). */
export function textColourOn(background: string): string {
  const channel = (value: number) => {
    const c = value / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  const { r, g, b } = hex(background)
  const luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
  return luminance > 0.35 ? '#111111' : '#ffffff'
}

/** The frame every card shares: margins, the area clear of platform chrome, the footer. */
function frame(format: FormatName) {
  const { width, height, safeTop, safeBottom } = FORMATS[format]
  const unit = Math.min(width, height) / 1080
  const pad = Math.round(80 * unit)
  const content: Rect = {
    x: pad,
    y: safeTop + pad,
    width: width - 2 * pad,
    height: height - safeTop - safeBottom - 2 * pad,
  }
  const footerHeight = Math.round(150 * unit)
  const logoWidth = Math.round(220 * unit)
  const gap = Math.round(36 * unit)
  const footer: Rect = {
    x: content.x,
    y: content.y + content.height - footerHeight,
    width: content.width,
    height: footerHeight,
  }
  const logo: Rect = {
    x: footer.x + footer.width - logoWidth,
    y: footer.y,
    width: logoWidth,
    height: footerHeight,
  }
  return { width, height, unit, pad, gap, content, footer, logo }
}

/** `text` layers must stay inside their boxes; `decoration` layers are the bar, logo and art. */
type Layer = {
  input: Buffer
  left: number
  top: number
  width: number
  height: number
  role: 'text' | 'decoration' | 'band'
  drawnText?: DrawnText
}

async function textLayer(
  text: string,
  box: Rect,
  style: TextStyle,
): Promise<Layer & { drawnText: DrawnText }> {
  const fitted = await fitText(text, box satisfies Box, style)
  return {
    input: fitted.image,
    left: box.x,
    top: box.y,
    width: fitted.width,
    height: fitted.height,
    role: 'text',
    drawnText: { text: fitted.text, size: fitted.size, style, width: box.width },
  }
}

async function logoLayer(logo: Buffer | null, box: Rect): Promise<Layer | null> {
  if (!logo) return null
  const { data, info } = await sharp(logo)
    .resize(box.width, box.height, { fit: 'inside' })
    .png()
    .toBuffer({ resolveWithObject: true })
  // Bottom-right of its box, so the text beside it keeps the whole left side.
  return {
    input: data,
    left: box.x + box.width - info.width,
    top: box.y + box.height - info.height,
    width: info.width,
    height: info.height,
    role: 'decoration',
  }
}

/** Attribution and hashtag, left of the logo. */
async function footerLayers(
  spec: Common,
  f: ReturnType<typeof frame>,
  colour: string,
): Promise<{ layers: Layer[]; boxes: Rect[] }> {
  const textWidth = f.footer.width - (spec.brand.logo ? f.logo.width + f.gap : 0)
  const half = Math.floor(f.footer.height / 2)
  const nameBox: Rect = { x: f.footer.x, y: f.footer.y, width: textWidth, height: half }
  const tagBox: Rect = {
    x: f.footer.x,
    y: f.footer.y + half,
    width: textWidth,
    height: f.footer.height - half,
  }
  const line = (weight: TextStyle['weight'], max: number): TextStyle => ({
    weight,
    color: colour,
    maxSize: Math.round(max * f.unit),
    minSize: Math.round(20 * f.unit),
  })
  const layers: Layer[] = [await textLayer(`— ${spec.attribution}`, nameBox, line('semibold', 44))]
  const boxes = [nameBox]
  if (spec.hashtag) {
    layers.push(await textLayer(spec.hashtag, tagBox, line('regular', 38)))
    boxes.push(tagBox)
  }
  const logo = await logoLayer(spec.brand.logo, f.logo)
  if (logo) layers.push(logo)
  return { layers, boxes }
}

/** The short accent-coloured bar at the top left of quote and know-your-rights cards. */
async function accentBar(f: ReturnType<typeof frame>, accent: string): Promise<Layer> {
  const bar: Rect = {
    x: f.content.x,
    y: f.content.y,
    width: Math.round(120 * f.unit),
    height: Math.round(12 * f.unit),
  }
  const input = await sharp({
    create: { width: bar.width, height: bar.height, channels: 3, background: accent },
  })
    .png()
    .toBuffer()
  return { input, left: bar.x, top: bar.y, ...bar, role: 'decoration' }
}

/**
 * A know-your-rights card: the title, what to do, then the hotline just above the footer, each
 * in its own box, each as large as fits. The hotline is never shortened before the advice is:
 * its box is sized for one line of it.
 */
async function rightsLayers(
  spec: Extract<CardSpec, { kind: 'rights' }>,
  f: ReturnType<typeof frame>,
  colour: string,
): Promise<{ layers: Layer[]; boxes: Rect[]; drawn: RenderedCard['drawnRights'] }> {
  const bar = await accentBar(f, spec.brand.accent)
  const titleBox: Rect = {
    x: f.content.x,
    y: bar.top + bar.height + f.gap,
    width: f.content.width,
    height: Math.round(170 * f.unit),
  }
  const hotline = spec.hotline?.trim()
  const hotlineHeight = hotline ? Math.round(90 * f.unit) : 0
  const hotlineBox: Rect = {
    x: f.content.x,
    y: f.footer.y - f.gap - hotlineHeight,
    width: f.content.width,
    height: hotlineHeight,
  }
  const bodyTop = titleBox.y + titleBox.height + f.gap
  const bodyBox: Rect = {
    x: f.content.x,
    y: bodyTop,
    width: f.content.width,
    height: (hotline ? hotlineBox.y : f.footer.y) - f.gap - bodyTop,
  }
  const style = (weight: TextStyle['weight'], max: number, min: number): TextStyle => ({
    weight,
    color: colour,
    maxSize: Math.round(max * f.unit),
    minSize: Math.round(min * f.unit),
  })
  const title = await textLayer(spec.title, titleBox, style('semibold', 72, 30))
  const body = await textLayer(spec.doThis, bodyBox, style('regular', 56, 24))
  const layers: Layer[] = [bar, title, body]
  const boxes = [titleBox, bodyBox]
  const drawn = { title: title.drawnText.text, doThis: body.drawnText.text, hotline: null }
  if (!hotline) return { layers, boxes, drawn }
  const phone = await textLayer(hotline, hotlineBox, style('semibold', 56, 24))
  return {
    layers: [...layers, phone],
    boxes: [...boxes, hotlineBox],
    drawn: { ...drawn, hotline: phone.drawnText.text },
  }
}

const rectOf = (layer: Layer): Rect => ({
  x: layer.left,
  y: layer.top,
  width: layer.width,
  height: layer.height,
})

/** Draws one card in one format. Text is laid out inside its boxes and never overflows them. */
export async function renderCard(spec: CardSpec, format: FormatName): Promise<RenderedCard> {
  const f = frame(format)
  const background = spec.brand.primary
  const colour = textColourOn(background)
  const footer = await footerLayers(spec, f, colour)
  const textBoxes = [...footer.boxes]
  const layers: Layer[] = [...footer.layers]
  let base = sharp({ create: { width: f.width, height: f.height, channels: 3, background } })
  let drawnQuote: string | null = null
  let drawnRights: RenderedCard['drawnRights'] = null
  let photoLike = false

  if (spec.kind === 'quote') {
    const bar = await accentBar(f, spec.brand.accent)
    layers.push(bar)
    const top = bar.top + bar.height + f.gap
    const quoteBox: Rect = {
      x: f.content.x,
      y: top,
      width: f.content.width,
      height: f.footer.y - f.gap - top,
    }
    const quote = await textLayer(`“${spec.quote}”`, quoteBox, {
      weight: 'semibold',
      color: colour,
      maxSize: Math.round(84 * f.unit),
      minSize: Math.round(30 * f.unit),
    })
    layers.push(quote)
    textBoxes.push(quoteBox)
    drawnQuote = quote.drawnText.text
  } else if (spec.kind === 'rights') {
    const rights = await rightsLayers(spec, f, colour)
    layers.push(...rights.layers)
    textBoxes.push(...rights.boxes)
    drawnRights = rights.drawn
  } else if (spec.kind === 'photo') {
    photoLike = true
    const meta = await sharp(spec.photo).metadata()
    const region = focalRegion(
      meta.width ?? f.width,
      meta.height ?? f.height,
      f.width,
      f.height,
      spec.focalX ?? 50,
      spec.focalY ?? 50,
    )
    base = sharp(await sharp(spec.photo).extract(region).resize(f.width, f.height).toBuffer())
    // A band in the brand colour behind the footer keeps its text readable over any photo.
    const band: Rect = {
      x: 0,
      y: f.footer.y - f.gap,
      width: f.width,
      height: f.footer.height + 2 * f.gap,
    }
    const { r, g, b } = hex(background)
    const bandImage = await sharp({
      create: {
        width: band.width,
        height: band.height,
        channels: 4,
        background: { r, g, b, alpha: 0.9 },
      },
    })
      .png()
      .toBuffer()
    layers.unshift({
      input: bandImage,
      left: band.x,
      top: band.y,
      width: band.width,
      height: band.height,
      role: 'band',
    })
  } else {
    photoLike = true
    const titleBox: Rect = {
      x: f.content.x,
      y: f.footer.y - f.gap - Math.round(70 * f.unit),
      width: f.content.width,
      height: Math.round(70 * f.unit),
    }
    const title = await textLayer(`“${spec.title}” · ${spec.licence}`, titleBox, {
      weight: 'semibold',
      color: colour,
      maxSize: Math.round(40 * f.unit),
      minSize: Math.round(20 * f.unit),
    })
    layers.push(title)
    textBoxes.push(titleBox)
    const art: Rect = {
      x: f.content.x,
      y: f.content.y,
      width: f.content.width,
      height: titleBox.y - f.gap - f.content.y,
    }
    // Art is shown whole, never cropped.
    const { data, info } = await sharp(spec.artwork)
      .resize(art.width, art.height, { fit: 'inside' })
      .toBuffer({ resolveWithObject: true })
    layers.push({
      input: data,
      left: art.x + Math.floor((art.width - info.width) / 2),
      top: art.y + Math.floor((art.height - info.height) / 2),
      width: info.width,
      height: info.height,
      role: 'decoration',
    })
  }

  const composed = base.composite(
    layers.map(({ input, left, top }): OverlayOptions => ({ input, left, top })),
  )
  const encoded = await encode(composed, format, photoLike)
  return {
    ...encoded,
    width: f.width,
    height: f.height,
    drawnQuote,
    drawnRights,
    layout: {
      background,
      textBoxes,
      drawn: layers.filter((layer) => layer.role === 'text').map(rectOf),
      texts: layers.flatMap((layer) => (layer.drawnText ? [layer.drawnText] : [])),
      decorations: layers.filter((layer) => layer.role === 'decoration').map(rectOf),
    },
  }
}

/** Flat cards as PNG, photos and art as JPEG; lower JPEG quality until a byte limit is met. */
async function encode(
  image: sharp.Sharp,
  format: FormatName,
  photoLike: boolean,
): Promise<{ data: Buffer; mimeType: RenderedCard['mimeType'] }> {
  const limit = FORMATS[format].maxBytes
  if (!photoLike) {
    const data = await image.png({ compressionLevel: 6 }).toBuffer()
    if (!limit || data.length <= limit) return { data, mimeType: 'image/png' }
  }
  const raw = limit ? await image.raw().toBuffer({ resolveWithObject: true }) : null
  for (const quality of [85, 75, 65, 50, 35]) {
    const source = raw ? sharp(raw.data, { raw: raw.info }) : image
    const data = await source.jpeg({ quality }).toBuffer()
    if (!limit || data.length <= limit) return { data, mimeType: 'image/jpeg' }
  }
  throw new Error(`A ${format} card could not be made smaller than ${limit} bytes.`)
}
