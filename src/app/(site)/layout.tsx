import type { Metadata } from 'next'
import type { ReactNode } from 'react'

import './site.css'

export const metadata: Metadata = {
  title: 'Relato',
  description: 'Stories, art and campaigns from immigrant communities, shared with consent.',
}

export default function SiteLayout({ children }: { children: ReactNode }) {
  // Each page marks its own language on its content (`lang` on the page wrapper).
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
