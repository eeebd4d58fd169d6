import type { Field } from 'payload'

const fraction = { type: 'number', required: true, min: 0, max: 1 } as const

/**
 * A rectangle on an image, in fractions (0–1) of its width and height, so that it holds for
 * every rendition: one row of `x`, `y`, `width` and `height`.
 */
export const boxRow = (): Field => ({
  type: 'row',
  fields: [
    { name: 'x', ...fraction },
    { name: 'y', ...fraction },
    { name: 'width', ...fraction },
    { name: 'height', ...fraction },
  ],
})
