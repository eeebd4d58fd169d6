import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

import type { Region } from './redact'

// Face detection with BlazeFace through @vladmandic/human on TensorFlow.js's WASM backend.
// The model ships inside the npm package: nothing is fetched at install or run time
// (../shared/notes/face-detection.md has the measurements and the pitfalls met).

type Box = [number, number, number, number]
type Tensor = { dispose: () => void }
type HumanInstance = {
  load: () => Promise<void>
  detect: (input: Tensor) => Promise<{ face: { box: Box; score: number }[] }>
  tf: { tensor3d: (data: Uint8Array, shape: [number, number, number], dtype: 'int32') => Tensor }
}
type HumanModule = { Human: new (config: Record<string, unknown>) => HumanInstance }

// Resolved from the project folder at run time: a bundler rewrites `createRequire(import.meta.url)`
// into its own module ids, which are not paths.
const require = createRequire(path.join(process.cwd(), 'package.json'))
/** A package's folder, found from its entry point (some packages do not export package.json). */
function packageDir(entry: string): string {
  let dir = path.dirname(entry)
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') dir = path.dirname(dir)
  return dir
}

/** BlazeFace sees the frame squeezed to 256×256: small faces need a second pass over tiles. */
const TILE = 640
const TILE_MIN_SCORE = 0.7
const FULL_FRAME_MIN_SCORE = 0.5

let detector: Promise<HumanInstance> | null = null

function loadDetector(): Promise<HumanInstance> {
  detector ??= (async () => {
    // Its default entry needs tfjs-node; the node-wasm build is CommonJS outside the exports map.
    const { Human } = require(/* turbopackIgnore: true */ path.join(packageDir(require.resolve('@vladmandic/human')), 'dist/human.node-wasm.js')) as HumanModule
    const human = new Human({
      backend: 'wasm',
      wasmPath: `${path.join(packageDir(require.resolve('@tensorflow/tfjs-backend-wasm')), 'dist')}/`,
      modelBasePath: `${pathToFileURL(path.join(packageDir(require.resolve('@vladmandic/human')), 'models')).href}/`,
      cacheSensitivity: 0,
      debug: false,
      face: {
        enabled: true,
        detector: { rotation: false, maxDetected: 50, minConfidence: FULL_FRAME_MIN_SCORE, skipFrames: 0, skipTime: 0, return: false },
        mesh: { enabled: false },
        iris: { enabled: false },
        description: { enabled: false },
        emotion: { enabled: false },
        antispoof: { enabled: false },
        liveness: { enabled: false },
        attention: { enabled: false },
      },
      body: { enabled: false },
      hand: { enabled: false },
      object: { enabled: false },
      gesture: { enabled: false },
      segmentation: { enabled: false },
      filter: { enabled: false },
    })
    await withLocalFetch(() => human.load())
    return human
  })()
  return detector
}

/**
 * Human loads its model with the global fetch, which cannot read file: URLs on Node 20.
 * While it loads, fetch reads local files only and refuses every other address, which also
 * proves that no model is downloaded.
 */
async function withLocalFetch<T>(load: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch
  globalThis.fetch = (async (input: string | URL | Request) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
    if (url.protocol !== 'file:') throw new Error(`face detector tried to fetch ${url.href}: refused`)
    return new Response(await fs.readFile(url))
  }) as typeof fetch
  try {
    return await load()
  } finally {
    globalThis.fetch = original
  }
}

async function detectIn(human: HumanInstance, rgb: Uint8Array, width: number, height: number) {
  const tensor = human.tf.tensor3d(rgb, [height, width, 3], 'int32')
  try {
    return (await human.detect(tensor)).face
  } finally {
    tensor.dispose()
  }
}

/**
 * Finds faces in raw RGB pixels and returns their boxes (with the detector's margin) as
 * fractions of the image. A full-frame pass finds large faces; overlapping tiles find small ones.
 */
export async function detectFaces(rgb: Buffer, width: number, height: number): Promise<Region[]> {
  const human = await loadDetector()
  const boxes: Box[] = (await detectIn(human, rgb, width, height)).map((face) => face.box)
  if (width > TILE || height > TILE) {
    const step = Math.round(TILE * 0.75)
    for (let top = 0; top < height; top += step) {
      for (let left = 0; left < width; left += step) {
        const tileWidth = Math.min(TILE, width - left)
        const tileHeight = Math.min(TILE, height - top)
        if (tileWidth < 64 || tileHeight < 64) continue
        const tile = Buffer.alloc(tileWidth * tileHeight * 3)
        for (let row = 0; row < tileHeight; row++) {
          const from = ((top + row) * width + left) * 3
          rgb.copy(tile, row * tileWidth * 3, from, from + tileWidth * 3)
        }
        for (const face of await detectIn(human, tile, tileWidth, tileHeight)) {
          if (face.score >= TILE_MIN_SCORE) boxes.push([face.box[0] + left, face.box[1] + top, face.box[2], face.box[3]])
        }
      }
    }
  }
  return boxes.map(([x, y, w, h]) => ({ x: x / width, y: y / height, width: w / width, height: h / height }))
}
