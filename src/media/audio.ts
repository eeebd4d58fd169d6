import ffmpegInstaller from '@ffmpeg-installer/ffmpeg'
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { InputError } from '../lib/errors'
import type { AudioLimits } from '../lib/mediaLimits'

// The one road into storage for a recording: recognised by its bytes, decoded by the ffmpeg
// that ships inside an npm package (no system package needed), and encoded afresh so that only
// the sound survives: no ID3, iTunes atoms (`©xyz` location among them), Vorbis comments,
// chapters or cover art. Everything runs in a private temporary folder, removed afterwards.

/** Containers Relato accepts, as ffmpeg's demuxer names (forced: ffmpeg never guesses). */
export type AudioContainer = 'mp3' | 'mov' | 'ogg' | 'matroska' | 'wav' | 'flac' | 'amr' | 'aac'

const ACCEPTED = 'MP3, M4A/AAC, Ogg/Opus, WebM, WAV, FLAC, AMR or 3GP'

export const PEAK_COUNT = 200
/** Loudness target (EBU R128): -16 LUFS, as podcasts and spoken word use. */
const LOUDNORM = 'loudnorm=I=-16:LRA=11:TP=-1.5'
/** Peaks are taken from a small mono copy: 30 minutes at 8 kHz is 29 MB, not 350. */
const PEAK_RATE = 8000

export type CleanAudio = {
  /** AAC in M4A, for Safari and everyone else. */
  aac: Buffer
  /** Opus in WebM, smaller. */
  opus: Buffer
  /** Seconds, from the decoded sound (not from what the file declares). */
  duration: number
  /** PEAK_COUNT values between 0 and 1, for a player's waveform. */
  peaks: number[]
}

const unsupported = (what: string) =>
  new InputError(`${what} is not accepted: upload a ${ACCEPTED} recording.`, 415)

/**
 * Recognises the container by its first bytes, never by name or declared type. A phone's
 * recording is one of these; anything else (video playlists, text, images) is refused here,
 * before ffmpeg reads a byte of it.
 */
export function detectAudio(input: Buffer): AudioContainer {
  if (input.length === 0) throw new InputError('The file is empty.')
  if (input.length < 12) throw new InputError('The recording is damaged or incomplete.')
  const ascii = (from: number, to: number) => input.toString('latin1', from, to)
  if (ascii(0, 3) === 'ID3') return 'mp3'
  if (ascii(4, 8) === 'ftyp') return 'mov' // M4A, MP4, 3GP, 3G2: one demuxer reads them all
  if (ascii(0, 4) === 'OggS') return 'ogg'
  if (input.readUInt32BE(0) === 0x1a45dfa3) return 'matroska' // WebM, MKA
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav'
  if (ascii(0, 4) === 'fLaC') return 'flac'
  if (ascii(0, 5) === '#!AMR') return 'amr'
  // Frame sync: ADTS AAC has layer bits 00, MPEG audio (MP3) anything else.
  if (input[0] === 0xff && (input[1] & 0xe0) === 0xe0)
    return (input[1] & 0x06) === 0 ? 'aac' : 'mp3'
  const head = input.subarray(0, 512).toString('latin1').trimStart().toLowerCase()
  if (head.startsWith('#extm3u')) throw unsupported('A playlist')
  throw unsupported('This file')
}

export const ffmpegPath = (): string => process.env.FFMPEG_PATH || ffmpegInstaller.path

type Run = { code: number | null; stderr: string; timedOut: boolean }

/** Runs ffmpeg with no stdin, in `cwd`, killed after `timeoutMs`. */
function runFfmpeg(args: string[], cwd: string, timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), ['-nostdin', '-hide_banner', ...args], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    let timedOut = false
    child.stderr.setEncoding('utf8')
    // Only the end matters (the error); a broken file can print without end.
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-16_384)
    })
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stderr, timedOut })
    })
  })
}

export type Probe = { duration: number | null; channels: number; hasAudio: boolean }

/** What ffmpeg reads of the input's header (`ffmpeg -i` alone prints it and stops). */
export function parseProbe(stderr: string): Probe {
  const time = /Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(stderr)
  const duration = time ? Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3]) : null
  const audio = /Stream #0:\d+[^:]*: Audio: [^\n]*/.exec(stderr)?.[0] ?? ''
  const mono = /\bmono\b/.test(audio) || /\b1 channels\b/.test(audio)
  return { duration, channels: mono ? 1 : 2, hasAudio: Boolean(audio) }
}

const damaged = () => new InputError('The recording is damaged or incomplete and cannot be played.')

/**
 * Cleans one recording: refuses what is not a recording (415), a damaged one (400), one too
 * large or too long (413); returns it as Opus and AAC, loudness-normalised, with nothing of the
 * original file but its sound, its length and its waveform.
 */
export async function cleanAudio(input: Buffer, limits: AudioLimits): Promise<CleanAudio> {
  if (input.length > limits.maxBytes)
    throw new InputError(
      `The file is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB.`,
      413,
    )
  const container = detectAudio(input)
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-audio-'))
  try {
    await fs.writeFile(path.join(dir, 'in'), input, { mode: 0o600 })
    // Only the local file, in the container its bytes say: no playlists, no other protocols.
    const source = ['-protocol_whitelist', 'file', '-f', container, '-i', 'in']
    const probed = await runFfmpeg(source, dir, limits.timeoutMs)
    if (probed.timedOut) throw damaged()
    const probe = parseProbe(probed.stderr)
    if (/Invalid data found|could not find codec|Error while|moov atom not found/i.test(probed.stderr))
      throw damaged()
    // A video without sound is another kind of file; an audio container without it is broken.
    if (!probe.hasAudio)
      throw container === 'mov' || container === 'matroska' ? unsupported('A file without sound') : damaged()
    tooLong(probe.duration, limits)

    const layout = probe.channels === 1 ? 'mono' : 'stereo'
    // One decode, three outputs; the first audio stream only (cover art and video dropped), read
    // at most a second past the limit so that a file hiding its length cannot run on.
    const graph =
      `[0:a:0]${LOUDNORM},aresample=48000,aformat=channel_layouts=${layout},asplit=3[opus][aac][p0];` +
      `[p0]aformat=channel_layouts=mono,aresample=${PEAK_RATE}[peaks]`
    const clean = ['-map_metadata', '-1', '-map_chapters', '-1', '-fflags', '+bitexact']
    const run = await runFfmpeg(
      [
        '-v', 'error',
        '-t', String(limits.maxSeconds + 1),
        ...source,
        '-filter_complex', graph,
        '-map', '[opus]', ...clean, '-c:a', 'libopus', '-b:a', '64k', '-f', 'webm', 'out.webm',
        '-map', '[aac]', ...clean, '-flags:a', '+bitexact', '-c:a', 'aac', '-b:a', '96k',
        '-movflags', '+faststart', '-f', 'mp4', 'out.m4a',
        '-map', '[peaks]', '-f', 's16le', '-c:a', 'pcm_s16le', 'peaks.raw',
      ],
      dir,
      // Encoding takes time in proportion to the length: the fixed allowance plus real time
      // (measured at 0.6× real time on two busy cores: bench/audio.ts).
      limits.timeoutMs + (probe.duration ?? limits.maxSeconds) * 1000,
    )
    if (run.timedOut)
      throw new InputError('The recording took too long to process; try a shorter one.', 413)
    if (run.code !== 0) throw damaged()
    const pcm = await fs.readFile(path.join(dir, 'peaks.raw'))
    const duration = pcm.length / 2 / PEAK_RATE
    if (duration < 0.05) throw damaged()
    tooLong(duration, limits)
    const [opus, aac] = await Promise.all([
      fs.readFile(path.join(dir, 'out.webm')),
      fs.readFile(path.join(dir, 'out.m4a')),
    ])
    return { opus, aac, duration: Math.round(duration * 100) / 100, peaks: peaksOf(pcm) }
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

function tooLong(seconds: number | null, limits: AudioLimits) {
  if (seconds !== null && seconds > limits.maxSeconds + 0.5)
    throw new InputError(
      `The recording is longer than ${Math.round(limits.maxSeconds / 60)} minutes.`,
      413,
    )
}

/** The loudest sample of each of PEAK_COUNT equal parts, as a fraction of full scale. */
export function peaksOf(pcm: Buffer, count = PEAK_COUNT): number[] {
  const samples = Math.floor(pcm.length / 2)
  const peaks: number[] = []
  for (let part = 0; part < count; part++) {
    const from = Math.floor((part * samples) / count)
    const to = Math.max(from + 1, Math.floor(((part + 1) * samples) / count))
    let loudest = 0
    for (let index = from; index < to && index < samples; index++)
      loudest = Math.max(loudest, Math.abs(pcm.readInt16LE(index * 2)))
    peaks.push(Math.round((loudest / 32768) * 1000) / 1000)
  }
  return peaks
}

/** A random stored name: an uploaded one ("maria-boyle-heights.m4a") can say who or where. */
export const randomAudioName = (extension: 'm4a' | 'webm') => `${randomUUID()}.${extension}`
