import sharp from 'sharp'

/** Abstract compositions drawn at seed time, so the demo needs no downloads and shows no one. */
const COMPOSITIONS = {
  sunrise: {
    sky: ['#f6c177', '#eb6f92'],
    ground: '#31748f',
    shape: '<circle cx="600" cy="420" r="170" fill="#faf4ed" opacity="0.9"/>',
  },
  monarchs: {
    sky: ['#9ccfd8', '#c4a7e7'],
    ground: '#286983',
    shape:
      '<path d="M600 300 C 450 120, 300 420, 600 460 C 900 420, 750 120, 600 300 Z" fill="#ea9d34"/>',
  },
  hands: {
    sky: ['#ebbcba', '#f6c177'],
    ground: '#56949f',
    shape:
      '<rect x="380" y="260" width="440" height="260" rx="130" fill="#fffaf3" opacity="0.85"/>',
  },
} as const

export type SeedImageName = keyof typeof COMPOSITIONS
export const SEED_IMAGE_NAMES = Object.keys(COMPOSITIONS) as SeedImageName[]

export async function drawSeedImage(name: SeedImageName): Promise<Buffer> {
  const { sky, ground, shape } = COMPOSITIONS[name]
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="${sky[0]}"/><stop offset="1" stop-color="${sky[1]}"/>
    </linearGradient></defs>
    <rect width="1200" height="800" fill="url(#sky)"/>
    ${shape}
    <path d="M0 620 Q 300 540 600 610 T 1200 590 V 800 H 0 Z" fill="${ground}"/>
  </svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}
