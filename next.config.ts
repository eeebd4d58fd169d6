import { withPayload } from '@payloadcms/next/withPayload'
import type { NextConfig } from 'next'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const dirname = path.dirname(fileURLToPath(import.meta.url))

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // The site draws images with <img> and the renditions media already has. Next's optimizer
  // (/_next/image) would fetch a public photo once and keep serving it from its own cache after
  // a withdrawal; with this it answers 404 to every request.
  images: { unoptimized: true },
  // Loaded from node_modules at run time: the face detector finds its model and WASM files
  // next to its own code.
  serverExternalPackages: [
    '@vladmandic/human',
    '@tensorflow/tfjs-core',
    '@tensorflow/tfjs-converter',
    '@tensorflow/tfjs-backend-wasm',
    '@tensorflow/tfjs-backend-cpu',
    'heic-decode',
    'libheif-js',
  ],
  // Tests build into their own folder so they never clobber a developer's build.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  turbopack: {
    root: dirname,
  },
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
