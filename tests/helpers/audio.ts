import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { ffmpegPath, parseProbe } from '../../src/media/audio'
import type { Json } from './api'
import type { HttpTestServer } from './http'

const run = promisify(execFile)

/** Strings planted in every metadata block of the fixtures; none may survive an upload. */
export const AUDIO_CANARIES = {
  id3: 'CANARYid3artist',
  id3Comment: 'CANARYid3comment',
  m4aTitle: 'CANARYm4atitle',
  cover: 'CANARYcoverart',
  wavArtist: 'CANARYwavartist',
  wavComment: 'CANARYwavcomment',
  // The ©xyz atom's value: a place in Boyle Heights.
  gps: '+34.0452-118.2076/',
}

/** Bytes that would betray a metadata block of the originals in any output. */
export const FORBIDDEN_BYTES = [
  ...Object.values(AUDIO_CANARIES),
  '\u00a9xyz',
  'ID3',
  'LIST',
  'APIC',
  'covr',
  'JFIF',
]

export type AudioFixture = { name: string; bytes: Buffer; seconds: number; type: string }

async function ffmpeg(args: string[], cwd: string): Promise<void> {
  await run(ffmpegPath(), ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args], { cwd })
}

/** A tiny JPEG cover carrying a canary in a comment segment. */
async function cover(dir: string): Promise<string> {
  await ffmpeg(
    ['-f', 'lavfi', '-i', 'color=c=red:s=64x64:d=1', '-frames:v', '1', '-f', 'image2', 'plain.jpg'],
    dir,
  )
  const jpeg = await fs.readFile(path.join(dir, 'plain.jpg'))
  const text = Buffer.from(AUDIO_CANARIES.cover, 'latin1')
  const segment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, text.length + 2]), text])
  await fs.writeFile(
    path.join(dir, 'cover.jpg'),
    Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]),
  )
  return 'cover.jpg'
}

/**
 * The fixtures, made by ffmpeg at test time: a tone MP3 with ID3 tags and cover art, an M4A with
 * a `©xyz` location atom, a title and cover art, and a WAV with a LIST chunk.
 */
export async function audioFixtures(): Promise<AudioFixture[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-audio-fixtures-'))
  try {
    const art = await cover(dir)
    const tone = (hz: number, seconds: number) => [
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${hz}:duration=${seconds}`,
    ]
    await ffmpeg(
      [
        ...tone(440, 3),
        '-i',
        art,
        '-map',
        '0:a',
        '-map',
        '1:v',
        '-c:a',
        'libmp3lame',
        '-c:v',
        'copy',
        '-disposition:v',
        'attached_pic',
        '-id3v2_version',
        '3',
        '-metadata',
        `artist=${AUDIO_CANARIES.id3}`,
        '-metadata',
        `comment=${AUDIO_CANARIES.id3Comment}`,
        '-f',
        'mp3',
        'maria-at-home.mp3',
      ],
      dir,
    )
    await ffmpeg(
      [
        ...tone(330, 4),
        '-i',
        art,
        '-map',
        '0:a',
        '-map',
        '1:v',
        '-c:a',
        'aac',
        '-c:v',
        'copy',
        '-metadata',
        `location=${AUDIO_CANARIES.gps}`,
        '-metadata',
        `title=${AUDIO_CANARIES.m4aTitle}`,
        '-f',
        'mov',
        'voice-memo.m4a',
      ],
      dir,
    )
    await ffmpeg(
      [
        ...tone(550, 2.5),
        '-metadata',
        `artist=${AUDIO_CANARIES.wavArtist}`,
        '-metadata',
        `comment=${AUDIO_CANARIES.wavComment}`,
        '-c:a',
        'pcm_s16le',
        '-f',
        'wav',
        'interview.wav',
      ],
      dir,
    )
    const read = (name: string) => fs.readFile(path.join(dir, name))
    return [
      {
        name: 'maria-at-home.mp3',
        bytes: await read('maria-at-home.mp3'),
        seconds: 3,
        type: 'audio/mpeg',
      },
      {
        name: 'voice-memo.m4a',
        bytes: await read('voice-memo.m4a'),
        seconds: 4,
        type: 'audio/mp4',
      },
      {
        name: 'interview.wav',
        bytes: await read('interview.wav'),
        seconds: 2.5,
        type: 'audio/wav',
      },
    ]
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

/** Decodes every sample with ffmpeg; returns the decoded length and what the header says. */
export async function decode(
  bytes: Buffer,
): Promise<{ seconds: number; streams: string[]; errors: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-audio-decode-'))
  try {
    await fs.writeFile(path.join(dir, 'in'), bytes)
    const { stderr } = await run(
      ffmpegPath(),
      [
        '-nostdin',
        '-hide_banner',
        '-i',
        'in',
        '-map',
        '0:a:0',
        '-f',
        's16le',
        '-ac',
        '1',
        '-ar',
        '8000',
        'out.raw',
      ],
      { cwd: dir },
    )
    const pcm = await fs.stat(path.join(dir, 'out.raw'))
    return {
      seconds: pcm.size / 2 / 8000,
      streams: stderr
        .split(/Stream mapping|Output #0/)[0]
        .split('\n')
        .filter((line) => /Stream #0:\d/.test(line)),
      errors: stderr
        .split('\n')
        .filter((line) => /error|invalid|corrupt/i.test(line))
        .join('\n'),
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

export { parseProbe }

/** Uploads a recording through the REST API as a browser form would. */
export async function uploadRecording(
  server: HttpTestServer,
  token: string | undefined,
  bytes: Buffer,
  filename: string,
  type = 'application/octet-stream',
): Promise<{ status: number; body: Json }> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename)
  form.append('_payload', JSON.stringify({}))
  const response = await fetch(`${server.url}/api/recordings`, {
    method: 'POST',
    headers: token ? { authorization: `JWT ${token}` } : {},
    body: form,
  })
  return { status: response.status, body: (await response.json()) as Json }
}

/** A mono 16-bit WAV tone made in memory (for tests that need a recording, not ffmpeg's help). */
export function toneWav(seconds = 1, hz = 440, rate = 16_000): Buffer {
  const samples = Math.round(seconds * rate)
  const data = Buffer.alloc(samples * 2)
  for (let index = 0; index < samples; index++)
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * index) / rate) * 12_000), index * 2)
  const header = Buffer.alloc(44)
  header.write('RIFF', 0, 'latin1')
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVEfmt ', 8, 'latin1')
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20) // PCM
  header.writeUInt16LE(1, 22) // mono
  header.writeUInt32LE(rate, 24)
  header.writeUInt32LE(rate * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36, 'latin1')
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}
