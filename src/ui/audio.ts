import { escapeHtml } from '../lib/html'
import type { Locale } from '../lib/locales'
import type { AudioRef } from '../public/types'
import { TEXT } from './i18n'

// The recording of a story or artwork (issue 18), as HTML text: a native player (the browser's
// own controls are keyboard-usable and announced), never autoplaying, and the transcript beside
// it. Only what the public API item carries is shown: `audio` exists only with `voice` consent.

/** 3725.4 s → "1:02:05"; 65 → "1:05". */
export function clockTime(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds))
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor(whole / 60) % 60, whole % 60]
  const two = (n: number) => String(n).padStart(2, '0')
  return h ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`
}

/** 65 → "PT1M5S" (for `<time datetime>`). */
export const isoDuration = (seconds: number): string => {
  const whole = Math.max(0, Math.round(seconds))
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor(whole / 60) % 60, whole % 60]
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || !(h || m) ? `${s}S` : ''}`
}

/** The transcript, folded away behind a summary (a native control keyboard users reach). */
export function transcriptBlock(html: string, lang: Locale, itemLanguage: string): string {
  return (
    `<details class="transcript"><summary lang="${lang}">${TEXT[lang].transcript}</summary>` +
    `<div lang="${escapeHtml(itemLanguage)}">${html}</div></details>`
  )
}

type Spoken = {
  audio: AudioRef | null
  transcriptHtml: string | null
  title: string
  language: string
}

/**
 * The player and its transcript, or the transcript alone (no `voice` consent), or nothing.
 * `transcriptHtml` comes from `transcriptToHtml` (escaped paragraphs); `id` makes the heading's
 * id unique on the page; `level` its heading level (4 inside a resource's article).
 */
export function listenSection(item: Spoken, lang: Locale, id = 'listen', level = 2): string {
  const text = TEXT[lang]
  const { audio } = item
  const transcript = item.transcriptHtml
    ? transcriptBlock(item.transcriptHtml, lang, item.language)
    : ''
  if (!audio?.sources.length) return transcript && `<section class="listen">${transcript}</section>`
  const sources = audio.sources
    .map((source) => `<source src="${escapeHtml(source.url)}" type="${escapeHtml(source.type)}">`)
    .join('')
  const fallback = audio.sources.at(-1)!
  return (
    `<section class="listen" aria-labelledby="${id}-heading">` +
    `<h${level} id="${id}-heading" lang="${lang}">${text.listen}</h${level}>` +
    // preload="metadata": the length shows at once, the sound loads only when played.
    `<audio controls preload="metadata" aria-label="${escapeHtml(text.recordingOf(item.title))}">${sources}` +
    `<p lang="${lang}">${text.noPlayer} <a href="${escapeHtml(fallback.url)}">${text.download}</a></p></audio>` +
    (audio.duration > 0
      ? `<p class="length" lang="${lang}">${text.length}: <time datetime="${isoDuration(audio.duration)}">${clockTime(audio.duration)}</time></p>`
      : '') +
    transcript +
    `</section>`
  )
}
