/** A rectangle in whole pixels. */
export type Region = { left: number; top: number; width: number; height: number }

/**
 * The largest region of a `width`×`height` image with the target's aspect ratio, centred on the
 * focal point (percentages, as Payload stores them) as far as the image edges allow. Resizing
 * that region to the target then keeps the subject in the frame.
 */
export function focalRegion(width: number, height: number, targetWidth: number, targetHeight: number, focalX = 50, focalY = 50): Region {
  const targetRatio = targetWidth / targetHeight
  const cropWidth = Math.min(width, Math.round(height * targetRatio))
  const cropHeight = Math.min(height, Math.round(width / targetRatio))
  const centre = (size: number, crop: number, focal: number) => {
    const wanted = Math.round((size * Math.min(Math.max(focal, 0), 100)) / 100 - crop / 2)
    return Math.min(Math.max(wanted, 0), size - crop)
  }
  return { left: centre(width, cropWidth, focalX), top: centre(height, cropHeight, focalY), width: cropWidth, height: cropHeight }
}
