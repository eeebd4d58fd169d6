import { register } from 'node:module'

register('./importLog.hooks.mjs', import.meta.url)
