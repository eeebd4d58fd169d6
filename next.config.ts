import { withPayload } from '@payloadcms/next/withPayload'
import type { NextConfig } from 'next'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const dirname = path.dirname(fileURLToPath(import.meta.url))

/**
 * Hosts the development server accepts its own resources and hot reload from: Next allows only
 * localhost by itself, so an admin opened at 127.0.0.1 or at SERVER_URL never finished loading.
 */
function devOrigins(): string[] {
  const hosts = new Set(['localhost', '127.0.0.1'])
  try {
    if (process.env.SERVER_URL) hosts.add(new URL(process.env.SERVER_URL).hostname)
  } catch {
    // A malformed SERVER_URL is reported where it is used; it adds no host here.
  }
  return [...hosts]
}

const nextConfig: NextConfig = {
  poweredByHeader: false,
  allowedDevOrigins: devOrigins(),
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
    // Finds its platform's ffmpeg binary beside its own code at run time (src/media/audio.ts).
    '@ffmpeg-installer/ffmpeg',
  ],
  // Tests build into their own folder so they never clobber a developer's build.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  turbopack: {
    root: dirname,
  },
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
