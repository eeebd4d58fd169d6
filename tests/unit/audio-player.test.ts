import { describe, expect, it } from 'vitest'

import { clockTime, isoDuration, listenSection } from '../../src/ui/audio'

// The recording's section of the public pages (src/ui/audio.ts), as HTML text.

const audio = {
  sources: [
    { url: 'https://relato.example/api/recordings/audio/a.webm', type: 'audio/webm; codecs=opus' },
    { url: 'https://relato.example/api/recordings/audio/a.m4a', type: 'audio/mp4' },
  ],
  duration: 65.4,
  peaks: [],
  transcriptHtml: '<p>Hi</p>',
}

describe('the recording section', () => {
  it('writes lengths as a clock and as an ISO 8601 duration', () => {
    expect([0, 3.008, 65, 3725.4].map(clockTime)).toEqual(['0:00', '0:03', '1:05', '1:02:05'])
    expect([0, 3.008, 65, 3600, 3725.4].map(isoDuration)).toEqual([
      'PT0S',
      'PT3S',
      'PT1M5S',
      'PT1H',
      'PT1H2M5S',
    ])
  })

  it('escapes the title in the label and never autoplays', () => {
    const html = listenSection(
      { audio, transcriptHtml: '<p>Hi</p>', title: '"><script>x</script>', language: 'zap' },
      'en',
    )
    expect(html).toContain('aria-label="Recording: &quot;&gt;&lt;script&gt;x&lt;/script&gt;"')
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('autoplay')
    expect(html).toContain('<time datetime="PT1M5S">1:05</time>')
    expect(html).toContain('<div lang="zap"><p>Hi</p></div>')
    // The fallback inside <audio> links to the M4A.
    expect(html).toContain('<a href="https://relato.example/api/recordings/audio/a.m4a">')
  })

  it('shows the transcript alone without a recording, and nothing without either', () => {
    const alone = listenSection(
      { audio: null, transcriptHtml: '<p>Hi</p>', title: 'T', language: 'en' },
      'es',
    )
    expect(alone).toBe(
      '<section class="listen"><details class="transcript"><summary lang="es">Leer la transcripción</summary><div lang="en"><p>Hi</p></div></details></section>',
    )
    expect(
      listenSection({ audio: null, transcriptHtml: null, title: 'T', language: 'en' }, 'en'),
    ).toBe('')
  })
})
