import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { ffmpegPath } from '../../src/media/audio'
import type { TestApp } from './app'
import { uploadRecording } from './audio'
import { expectStatus } from './fixtures'
import { publishedStory } from './stories'

const run = promisify(execFile)

/** A tone of `seconds` encoded by ffmpeg as MP3 at test time (a phone's kind of file). */
export async function ffmpegTone(seconds: number, hz = 440): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-tone-'))
  try {
    await run(
      ffmpegPath(),
      [
        ...['-nostdin', '-hide_banner', '-v', 'error', '-y', '-f', 'lavfi'],
        ...['-i', `sine=frequency=${hz}:duration=${seconds}`, '-c:a', 'libmp3lame'],
        ...['-f', 'mp3', 'tone.mp3'],
      ],
      { cwd: dir },
    )
    return await fs.readFile(path.join(dir, 'tone.mp3'))
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

export type Recording = { id: string; filename: string; opusFilename: string; filesize: number }

/** `who` uploads `bytes` as a recording over REST; returns the stored record. */
export async function recordingOf(app: TestApp, who: string, bytes: Buffer): Promise<Recording> {
  const res = await uploadRecording(app.server, app.people[who].token, bytes, 'voice.mp3')
  expect201(res.status, res.body)
  return res.body.doc as Recording
}

const expect201 = (status: number, body: unknown) => {
  if (status !== 201) throw new Error(`recording upload: ${status} ${JSON.stringify(body)}`)
}

/**
 * A published story by `author` with one recording and its transcript, consented for `scopes`
 * (with `voice` or without), all over HTTP. Returns its id.
 */
export async function publishedVoiceStory(
  app: TestApp,
  {
    author,
    editor,
    scopes,
    recording,
    transcript,
    extra = {},
  }: {
    author: string
    editor: string
    scopes: string[]
    recording: Recording
    transcript: string
    extra?: Record<string, unknown>
  },
): Promise<string> {
  return publishedStory(app, {
    author,
    editor,
    scopes,
    extra: { recordings: [recording.id], transcript, ...extra },
  })
}

/** A campaign `editor` makes live; returns its id. */
export async function liveCampaign(app: TestApp, editor: string, slug: string): Promise<string> {
  return expectStatus(
    await app.api.post(
      '/api/campaigns',
      { slug, title: 'We are home', summary: 'Home is where we are.', status: 'live' },
      { token: app.people[editor].token },
    ),
    201,
  ).body.doc.id as string
}
