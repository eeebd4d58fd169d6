import { Unavailable } from '../lib/errors'

// Image work (decoding, face detection, re-encoding) is the costliest thing a request can ask
// for: a few large, highly compressed images at once would take the memory and the CPU that
// withdrawals need. So each process decodes at most `concurrency` images at once, lets a few
// more wait, and answers 503 with Retry-After to the rest.

type Slots = { active: number; waiting: (() => void)[]; started: number; refused: number; admitted: number }

// One line per process, shared by both Payload instances of server.ts (Next bundles its own
// copy of this module, hence a global rather than a module variable).
const KEY = Symbol.for('relato.media.queue')
const slots = ((globalThis as { [KEY]?: Slots })[KEY] ??= { active: 0, waiting: [], started: 0, refused: 0, admitted: 0 })

export type QueueLimits = { concurrency: number; queue: number }

/** How many images are being decoded and how many wait, in this process (for benches and tests). */
export const imageQueueState = () => ({ active: slots.active, waiting: slots.waiting.length, started: slots.started, refused: slots.refused })

/** Runs image work when a slot is free; throws Unavailable (503) when the line is full. */
export async function withImageSlot<T>({ concurrency, queue }: QueueLimits, work: () => Promise<T>): Promise<T> {
  if (slots.active >= concurrency) {
    if (slots.waiting.length >= queue) {
      slots.refused++
      throw new Unavailable('Many images are being processed right now. Nothing was saved; please try again in a moment.', 10)
    }
    await new Promise<void>((resolve) => slots.waiting.push(resolve))
  } else slots.active++
  slots.started++
  try {
    return await work()
  } finally {
    // The slot passes straight to the next in line, or is freed.
    const next = slots.waiting.shift()
    if (next) next()
    else slots.active--
  }
}

/**
 * Admission for a request that carries images, taken before its body is read: at most
 * `concurrency + queue` such bodies are held in memory at once per process, since each would
 * only wait for a decoding slot anyway. Returns a release function, or null: answer 503.
 */
export function admitImageUpload({ concurrency, queue }: QueueLimits): (() => void) | null {
  if (slots.admitted >= concurrency + queue) {
    slots.refused++
    return null
  }
  slots.admitted++
  let released = false
  return () => {
    if (!released) slots.admitted--
    released = true
  }
}
