import { expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { publishedStory, withdrawConsent } from '../helpers/stories'

describeEachDatabase('campaigns', (database) => {
  const app = useTestApp(database, { editor: 'editor', teller: 'storyteller' })

  it('hides drafts from the public, and featured items the public may not see', async () => {
    const { api, people } = app
    const visible = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
    })
    const hidden = expectStatus(
      await api.post(
        '/api/stories',
        { title: 'Not yet', language: 'en' },
        { token: people.teller.token },
      ),
      201,
    ).body.doc.id
    const campaign = expectStatus(
      await api.post(
        '/api/campaigns',
        {
          slug: 'spring-voices',
          title: 'Spring voices',
          status: 'draft',
          brand: { primaryColor: '#112233', accentColor: '#ffaa00' },
          callToAction: { label: 'Join', url: 'https://example.org/join' },
          featured: [
            { relationTo: 'stories', value: hidden },
            { relationTo: 'stories', value: visible },
          ],
        },
        { token: people.editor.token },
      ),
      201,
    ).body.doc

    expect((await api.get(`/api/campaigns/${campaign.id}`)).status).toBe(404)
    expect((await api.get('/api/campaigns?where[slug][equals]=spring-voices')).body.docs).toEqual(
      [],
    )

    expectStatus(
      await api.patch(
        `/api/campaigns/${campaign.id}`,
        { status: 'live' },
        { token: people.editor.token },
      ),
      200,
    )
    const live = expectStatus(await api.get(`/api/campaigns/${campaign.id}?depth=0`), 200).body
    expect(live.featured).toEqual([{ relationTo: 'stories', value: visible }])
    expect(JSON.stringify(live)).not.toContain(hidden)
    const staffView = (
      await api.get(`/api/campaigns/${campaign.id}?depth=0`, { token: people.editor.token })
    ).body
    expect(staffView.featured).toHaveLength(2)

    await withdrawConsent(app, 'stories', visible, 'teller')
    expect((await api.get(`/api/campaigns/${campaign.id}?depth=0`)).body.featured).toEqual([])
  })

  it('checks colours, links and dates', async () => {
    const { api, people } = app
    const bad = await api.post(
      '/api/campaigns',
      {
        slug: 'Bad Slug',
        title: 'x',
        brand: { primaryColor: 'red' },
        callToAction: { url: 'javascript:alert(1)' },
      },
      { token: people.editor.token },
    )
    expect(bad.status).toBe(400)
    const text = JSON.stringify(bad.body)
    expect(text).toMatch(/slug|lowercase/i)
    expect(text).toMatch(/colour/)
    expect(text).toMatch(/http/)
    const backwards = await api.post(
      '/api/campaigns',
      { slug: 'backwards', title: 'x', startsAt: '2026-05-01', endsAt: '2026-04-01' },
      { token: people.editor.token },
    )
    expect(backwards.status).toBe(400)
    expect(
      (
        await api.post(
          '/api/campaigns',
          { slug: 'by-teller', title: 'x' },
          { token: people.teller.token },
        )
      ).status,
    ).toBe(403)
  })
})
