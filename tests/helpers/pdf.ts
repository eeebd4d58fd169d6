// PDFs read back with Mozilla's pdf.js (a real parser, not our own): each page's size and text.

export type PdfTextItem = { str: string; width: number; height: number; transform: number[] }

/**
 * pdf.js refuses to load when `Array.prototype` has an enumerable property, and a package loaded
 * drizzle-kit (Payload's SQLite adapter) adds one (`random`). It is made non-enumerable (same value) before pdf.js loads.
 */
async function pdfjs() {
  for (const name of Object.keys(Array.prototype))
    Object.defineProperty(Array.prototype, name, { enumerable: false })
  return import('pdfjs-dist/legacy/build/pdf.mjs')
}

export async function readPdf(pdf: Uint8Array) {
  const { getDocument } = await pdfjs()
  const doc = await getDocument({
    // pdf.js takes the buffer over; a copy leaves the caller's bytes alone.
    data: new Uint8Array(pdf),
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise
  const pages = []
  for (let number = 1; number <= doc.numPages; number++) {
    const page = await doc.getPage(number)
    const content = await page.getTextContent()
    const items = (content.items as PdfTextItem[]).filter((item) => item.str.trim())
    pages.push({ view: page.view, items, text: items.map((item) => item.str).join(' ') })
  }
  await doc.destroy()
  return pages
}
