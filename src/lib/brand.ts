/** A campaign's colours when it names none: the admin's defaults, the public API's and the kits'. */
export const DEFAULT_BRAND = { primaryColor: '#1f2937', accentColor: '#f59e0b' } as const

/** The one form a brand colour takes: `#` and six hex digits. */
export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/
