type Env = Record<string, string | undefined>

export type MediaLimits = {
  /** Largest accepted upload, in bytes. */
  maxBytes: number
  /** Largest accepted image, in pixels (guards against decompression bombs). */
  maxPixels: number
}

const positive = (value: string | undefined, fallback: number) => {
  const parsed = Number(value)
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback
}

export const mediaLimits = (env: Env = process.env): MediaLimits => ({
  maxBytes: positive(env.MEDIA_MAX_BYTES, 25 * 1024 * 1024),
  maxPixels: positive(env.MEDIA_MAX_PIXELS, 50_000_000),
})
