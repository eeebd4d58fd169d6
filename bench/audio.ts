/**
 * bench/audio: what the recordings pipeline costs per minute of audio, against ffmpeg run alone
 * on the same file doing the same encodings (Opus + AAC with loudnorm, one process). The
 * difference is ours: the probe, the temporary folder, the waveform and reading the results.
 * Prints medians and the ratio.
 *
 *   npm run bench:audio            (BENCH_RUNS=5 BENCH_MINUTES=2 to change runs and length)
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { cleanAudio, ffmpegPath } from '../src/media/audio'

const run = promisify(execFile)
const RUNS = Number(process.env.BENCH_RUNS || 5)
const MINUTES = Number(process.env.BENCH_MINUTES || 2)

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

async function main() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-bench-audio-'))
  try {
    // A phone-like recording: a voice-band tone with noise, as 128 kb/s AAC in M4A.
    const seconds = MINUTES * 60
    await run(
      ffmpegPath(),
      [
        '-v',
        'error',
        '-y',
        '-f',
        'lavfi',
        '-i',
        `sine=frequency=220:duration=${seconds}`,
        '-f',
        'lavfi',
        '-i',
        `anoisesrc=d=${seconds}:a=0.05`,
        '-filter_complex',
        'amix=inputs=2',
        '-c:a',
        'aac',
        '-b:a',
        '128k',
        '-f',
        'mov',
        'in.m4a',
      ],
      { cwd: dir },
    )
    const input = await fs.readFile(path.join(dir, 'in.m4a'))
    const limits = { maxBytes: 1e9, maxSeconds: 3600, timeoutMs: 600_000 }
    const ours: number[] = []
    const alone: number[] = []
    for (let index = 0; index < RUNS; index++) {
      let started = performance.now()
      await cleanAudio(input, limits)
      ours.push(performance.now() - started)
      started = performance.now()
      await run(
        ffmpegPath(),
        [
          '-v',
          'error',
          '-y',
          '-i',
          'in.m4a',
          '-filter_complex',
          '[0:a:0]loudnorm=I=-16:LRA=11:TP=-1.5,aresample=48000,asplit=2[o][m]',
          '-map',
          '[o]',
          '-c:a',
          'libopus',
          '-b:a',
          '64k',
          '-f',
          'webm',
          'o.webm',
          '-map',
          '[m]',
          '-c:a',
          'aac',
          '-b:a',
          '96k',
          '-f',
          'mp4',
          'o.m4a',
        ],
        { cwd: dir },
      )
      alone.push(performance.now() - started)
    }
    const perMinute = (ms: number) => (ms / MINUTES / 1000).toFixed(2)
    console.log(`audio: ${MINUTES} min of AAC, ${RUNS} runs, medians`)
    console.log(`  cleanAudio      ${perMinute(median(ours))} s per minute of audio`)
    console.log(`  ffmpeg alone    ${perMinute(median(alone))} s per minute of audio`)
    console.log(`  ratio           ${(median(ours) / median(alone)).toFixed(2)}×`)
  } finally {
    await fs.rm(dir, { recursive: true, force: true })
  }
}

await main()
