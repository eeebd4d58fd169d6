import { expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { pattern } from '../helpers/images'
import { upload } from '../helpers/media'
import { publishedStory } from '../helpers/stories'

// Found by the review of the merged lockdown and hostile-input work, attacking over HTTP.

describeEachDatabase(
  'review: Payload REST answers malformed queries with 400, never a 5xx',
  (database) => {
    const app = useTestApp(database, { teller: 'storyteller' })

    it('refuses a `where` that is not JSON, a list or object given to a one-value operator, and paging the database cannot take', async () => {
      const attempts = [
        '/api/stories?where=%E0',
        '/api/campaigns?where={',
        '/api/campaigns?where[slug][equals][0]=b',
        '/api/campaigns?where[slug][equals][a]=b',
        '/api/campaigns?where[slug][like][0]=b',
        '/api/campaigns?where[or][0][slug][not_equals][0]=b',
        '/api/campaigns?where[id][equals][0]=b',
        '/api/consent-texts?where[version][equals][0]=b',
        '/api/campaigns?limit=99999999999999999999',
        '/api/campaigns?limit=1.5',
        '/api/campaigns?page=99999999999999999999',
      ]
      for (const token of [undefined, app.people.teller.token]) {
        for (const path of attempts) {
          const res = await app.api.get(path, { token })
          expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(400)
          expect(JSON.stringify(res.body), path).not.toMatch(
            /node_modules|\.[jt]s:\d|Something went wrong/,
          )
        }
      }
      // A multipart body cut short (anyone can send one) is the client's mistake too.
      for (const body of [
        '--z',
        '--z\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nab',
      ]) {
        const res = await fetch(`${app.server.url}/api/media`, {
          method: 'POST',
          headers: { 'content-type': 'multipart/form-data; boundary=z' },
          body,
        })
        const text = await res.text()
        expect(res.status, text).toBeLessThan(500)
        expect(res.status, text).toBeGreaterThanOrEqual(400)
        expect(text).not.toMatch(/node_modules|\.[jt]s:\d|Something went wrong/)
      }
      // What is well formed still answers.
      expect((await app.api.get('/api/campaigns?where[slug][in][0]=b&limit=5&page=2')).status).toBe(
        200,
      )
      expect((await app.api.get('/api/campaigns?where={"slug":{"equals":"b"}}')).status).toBe(200)
    })
  },
)

describeEachDatabase('review: oEmbed is an embed surface', (database) => {
  const app = useTestApp(database, { editor: 'editor', teller: 'storyteller' })

  it('answers nothing about an item whose consent does not include partner sites, and the usual answer when it does', async () => {
    const photo = (
      await upload(app.server, app.people.teller.token, await pattern(320, 240), 'p.png')
    ).body.doc.id as string
    // Public on the site, with name and photo, but not to be shown on other sites.
    const siteOnly = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'named', 'photo'],
      images: [photo],
      extra: { title: 'Site-only title', displayName: 'Site-only name' },
    })
    const shared = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery', 'partners', 'named'],
      extra: { title: 'Shared title', displayName: 'Shared name' },
    })
    const oembed = (id: string) =>
      app.api.get(`/api/public/oembed?url=${encodeURIComponent(`${app.server.url}/stories/${id}`)}`)

    expect((await app.api.get(`/api/public/stories/${siteOnly}`)).status).toBe(200)
    const refused = await oembed(siteOnly)
    expect(refused.status, JSON.stringify(refused.body)).toBe(404)
    expect(JSON.stringify(refused.body)).not.toMatch(/Site-only|api\/media/)
    expect((await oembed(shared)).body).toMatchObject({
      type: 'rich',
      title: 'Shared title',
      author_name: 'Shared name',
    })
  })
})
