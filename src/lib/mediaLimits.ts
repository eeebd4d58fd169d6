type Env = Record<string, string | undefined>

export type MediaLimits = {
  /** Largest accepted upload, in bytes. */
  maxBytes: number
  /** Largest accepted image, in pixels (guards against decompression bombs). */
  maxPixels: number
  /** Images decoded at once in this process; more wait in line. */
  concurrency: number
  /** Images allowed to wait for a decoding slot; past that, 503 with Retry-After. */
  queue: number
}

const positive = (value: string | undefined, fallback: number) => {
  const parsed = Number(value)
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback
}

const atLeastZero = (value: string | undefined, fallback: number) => {
  const parsed = Number(value)
  return value !== undefined && value !== '' && Number.isInteger(parsed) && parsed >= 0
    ? parsed
    : fallback
}

export const mediaLimits = (env: Env = process.env): MediaLimits => ({
  maxBytes: positive(env.MEDIA_MAX_BYTES, 25 * 1024 * 1024),
  maxPixels: positive(env.MEDIA_MAX_PIXELS, 50_000_000),
  concurrency: Math.floor(positive(env.MEDIA_CONCURRENCY, 2)),
  queue: atLeastZero(env.MEDIA_QUEUE, 4),
})

export type AudioLimits = {
  /** Largest accepted recording, in bytes (Payload's upload limit is MEDIA_MAX_BYTES). */
  maxBytes: number
  /** Longest accepted recording, in seconds. */
  maxSeconds: number
  /** ffmpeg is killed after this long on one recording, plus its length in real time. */
  timeoutMs: number
}

export const audioLimits = (env: Env = process.env): AudioLimits => ({
  maxBytes: positive(env.MEDIA_MAX_BYTES, 25 * 1024 * 1024),
  maxSeconds: positive(env.RECORDING_MAX_SECONDS, 30 * 60),
  timeoutMs: positive(env.RECORDING_TIMEOUT_SECONDS, 300) * 1000,
})
