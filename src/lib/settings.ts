import type { Payload } from 'payload'

import type { AudioLimits, MediaLimits } from './mediaLimits'
import type { DataKeys } from './dataKey'
import type { StorageSettings } from './storage'

/** Settings read from the environment once, when the config is built, kept in `config.custom`. */
export type RelatoSettings = {
  storage: StorageSettings
  media: MediaLimits
  audio: AudioLimits
  /** Server-only: `config.custom` never reaches the admin's browser. */ dataKeys: DataKeys
}

export const relatoSettings = (payload: Payload): RelatoSettings =>
  (payload.config.custom as { relato: RelatoSettings }).relato
