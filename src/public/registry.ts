import type { PublicReadModel } from './readModel'

// One read model per process, shared by the custom server and by the hooks that run inside
// Next's bundle (a separate module graph): so it lives on globalThis, under a global symbol.
const SLOT = Symbol.for('relato.publicReadModel')
type Slot = { [SLOT]?: PublicReadModel }

export const currentReadModel = (): PublicReadModel | undefined => (globalThis as Slot)[SLOT]

export function setReadModel(model: PublicReadModel | undefined): void {
  ;(globalThis as Slot)[SLOT] = model
}
