import { createRequire } from 'node:module'
import path from 'node:path'

// Cards are drawn with Noto Sans shipped in an npm package (OFL): no system font is assumed.
// Each font file joins fontconfig the first time sharp renders with it (notes/text-rendering.md).
// Resolved from the project folder at run time, as src/media/faces.ts does: a bundler rewrites
// `createRequire(import.meta.url)` into its own module ids, which are not paths.
const require = createRequire(path.join(process.cwd(), 'package.json'))

export const FONT_WEIGHTS = {
  regular: { file: '400Regular/NotoSans_400Regular.ttf', face: 'Noto Sans' },
  semibold: { file: '600SemiBold/NotoSans_600SemiBold.ttf', face: 'Noto Sans SemiBold' },
} as const

export type FontWeight = keyof typeof FONT_WEIGHTS

export function fontFile(weight: FontWeight): string {
  return require.resolve(`@expo-google-fonts/noto-sans/${FONT_WEIGHTS[weight].file}`)
}

/** A Pango font description; with `dpi: 72` the size is in pixels. */
export const fontDescription = (weight: FontWeight, size: number) =>
  `${FONT_WEIGHTS[weight].face} ${size}`
