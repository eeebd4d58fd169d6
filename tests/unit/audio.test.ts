import { describe, expect, it } from 'vitest'

import { cleanAudio, detectAudio, parseProbe, peaksOf } from '../../src/media/audio'
import { audioFixtures, decode } from '../helpers/audio'

const limits = { maxBytes: 25 * 1024 * 1024, maxSeconds: 1800, timeoutMs: 120_000 }

describe('audio pipeline', () => {
  it('recognises containers by their bytes and refuses anything else with 415', () => {
    const bytes = (text: string) => Buffer.concat([Buffer.from(text, 'latin1'), Buffer.alloc(16)])
    expect(detectAudio(bytes('ID3\u0003'))).toBe('mp3')
    expect(detectAudio(bytes('\u0000\u0000\u0000\u0018ftypM4A '))).toBe('mov')
    expect(detectAudio(bytes('\u0000\u0000\u0000\u0018ftyp3gp4'))).toBe('mov')
    expect(detectAudio(bytes('OggS'))).toBe('ogg')
    expect(
      detectAudio(Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(16)])),
    ).toBe('matroska')
    expect(detectAudio(bytes('RIFF\u0000\u0000\u0000\u0000WAVE'))).toBe('wav')
    expect(detectAudio(bytes('fLaC'))).toBe('flac')
    expect(detectAudio(bytes('#!AMR\n'))).toBe('amr')
    expect(detectAudio(Buffer.concat([Buffer.from([0xff, 0xf1]), Buffer.alloc(16)]))).toBe('aac')
    expect(detectAudio(Buffer.concat([Buffer.from([0xff, 0xfb]), Buffer.alloc(16)]))).toBe('mp3')
    for (const refused of [
      bytes('#EXTM3U\n'),
      bytes('\u0089PNG\r\n'),
      bytes('<svg>'),
      bytes('%PDF-1.4'),
    ])
      expect(() => detectAudio(refused)).toThrow(expect.objectContaining({ status: 415 }))
    expect(() => detectAudio(Buffer.alloc(0))).toThrow(expect.objectContaining({ status: 400 }))
  })

  it('reads duration and channels from ffmpeg’s header lines', () => {
    expect(
      parseProbe(
        '  Duration: 00:01:02.50, start: 0.0\n    Stream #0:0: Audio: mp3, 44100 Hz, mono, fltp',
      ),
    ).toEqual({ duration: 62.5, channels: 1, hasAudio: true })
    expect(parseProbe('  Duration: N/A\n    Stream #0:0: Video: h264')).toEqual({
      duration: null,
      channels: 2,
      hasAudio: false,
    })
  })

  it('takes peaks as the loudest sample of each part', () => {
    const pcm = Buffer.alloc(400 * 2)
    pcm.writeInt16LE(-16384, 2 * 10)
    const peaks = peaksOf(pcm, 4)
    expect(peaks).toEqual([0.5, 0, 0, 0])
  })

  it('refuses a recording longer than the limit (413) and a file larger than allowed (413)', async () => {
    const [mp3] = await audioFixtures()
    await expect(cleanAudio(mp3.bytes, { ...limits, maxSeconds: 1 })).rejects.toMatchObject({
      status: 413,
    })
    await expect(cleanAudio(mp3.bytes, { ...limits, maxBytes: 100 })).rejects.toMatchObject({
      status: 413,
    })
    const clean = await cleanAudio(mp3.bytes, limits)
    expect((await decode(clean.aac)).seconds).toBeCloseTo(mp3.seconds, 0)
  }, 120_000)
})
