import type { ImageRef } from '@/public/types'

type Props = { image: ImageRef; sizes: string; priority?: boolean }

/** A responsive image from the public API's ImageRef (every rendition in `srcset`). */
export function Picture({ image, sizes, priority = false }: Props) {
  return (
    // eslint-disable-next-line @next/next/no-img-element -- the API already sends every rendition
    <img
      src={image.srcset[0]?.url ?? image.url}
      srcSet={image.srcset.map((entry) => `${entry.url} ${entry.width}w`).join(', ')}
      sizes={sizes}
      width={image.width}
      height={image.height}
      alt={image.alt}
      loading={priority ? 'eager' : 'lazy'}
      decoding="async"
    />
  )
}
