import { describe, expect, it } from 'vitest'

import { mediaReferences } from '../../collections/Media/hooks/removeReferences'
import { useTestApp } from '../helpers/app'
import { createCampaign } from '../helpers/site'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { pattern } from '../helpers/images'
import { upload } from '../helpers/media'
import {
  publishedStory,
  storytellerApproves,
  grantConsent,
  tickChecklist,
} from '../helpers/stories'

// MongoDB has no foreign keys (and SQLite's are not declared for these fields): deleting an
// image must take its id out of everything that uses it.
describeEachDatabase('deleting an image', (database) => {
  const app = useTestApp(database, { author: 'storyteller', editor: 'editor' })
  const image = async (alt: string) => {
    const uploaded = await upload(
      app.server,
      app.people.author.token,
      await pattern(320, 240),
      'photo.png',
      { alt },
    )
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201)
    return uploaded.body.doc.id as string
  }

  it('finds every field that can hold an image from the config', () => {
    const { references, unsupported } = mediaReferences(app.instance.payload.config.collections)
    expect(references.map(({ collection, path }) => `${collection}.${path}`).sort()).toEqual([
      'artworks.image',
      'artworks.people.faces.image',
      'campaigns.brand.logo',
      'stories.images',
      'stories.people.faces.image',
    ])
    expect(unsupported).toEqual([])
  })

  it('takes it out of the faces marked for a story’s people, keeping the people', async () => {
    const { api, people } = app
    const editor = people.editor.token
    const photo = await image('A family at a table')
    const other = await image('A garden')
    const id = expectStatus(
      await api.post(
        '/api/stories',
        { title: 'Faces', language: 'en', images: [photo, other] },
        { token: people.author.token },
      ),
      201,
    ).body.doc.id as string
    const face = (image: string) => ({ image, x: 0.1, y: 0.1, width: 0.2, height: 0.2 })
    expectStatus(
      await api.patch(
        `/api/stories/${id}`,
        {
          people: [
            { role: 'my sister', status: 'obscured', faces: [face(photo), face(other)] },
            { role: 'a neighbour', status: 'removed', faces: [face(photo)] },
          ],
        },
        { token: editor },
      ),
      200,
    )
    expectStatus(await api.delete(`/api/media/${photo}`, { token: editor }), 200)
    const after = (await api.get(`/api/stories/${id}?depth=0`, { token: editor })).body
    expect(after.images).toEqual([other])
    expect(
      after.people.map((person: { role: string; faces: { image: string }[] }) => [
        person.role,
        person.faces.map((marked) => marked.image),
      ]),
    ).toEqual([
      ['my sister', [other]],
      ['a neighbour', []],
    ])
  })

  it('removes it from stories, artworks and campaigns, and the story can be published with its other images', async () => {
    const { api, people } = app
    const editor = people.editor.token
    const gone = await image('Hands around a cup')
    const kept = await image('A kitchen window')

    const draft = expectStatus(
      await api.post(
        '/api/stories',
        { title: 'Two pictures', language: 'en', images: [gone, kept] },
        { token: people.author.token },
      ),
      201,
    ).body.doc.id as string
    const shown = await publishedStory(app, {
      author: 'author',
      editor: 'editor',
      scopes: ['gallery', 'photo'],
      images: [gone],
    })
    const artwork = expectStatus(
      await api.post(
        '/api/artworks',
        { title: 'Study', creditLine: 'A. Artist', image: gone },
        { token: editor },
      ),
      201,
    ).body.doc.id as string
    const campaign = (await createCampaign(app, editor, {
      slug: 'logo-campaign',
      title: 'Logo',
      brand: { primaryColor: '#112233', logo: gone },
    })) as string
    expect((await api.get(`/api/public/stories/${shown}`)).body.image).not.toBeNull()

    expectStatus(await api.delete(`/api/media/${gone}`, { token: editor }), 200)

    const payload = app.instance.payload
    const ids = (list: unknown) =>
      ((list as unknown[]) ?? []).map((entry) =>
        String(typeof entry === 'object' && entry ? (entry as { id: unknown }).id : entry),
      )
    expect(
      ids((await payload.findByID({ collection: 'stories', id: draft, depth: 0 })).images),
    ).toEqual([kept])
    expect(
      ids((await payload.findByID({ collection: 'stories', id: shown, depth: 0 })).images),
    ).toEqual([])
    expect(
      (await payload.findByID({ collection: 'artworks', id: artwork, depth: 0 })).image ?? null,
    ).toBeNull()
    const brand = (await payload.findByID({ collection: 'campaigns', id: campaign, depth: 0 }))
      .brand
    expect(brand?.logo ?? null).toBeNull()
    // The rest of the group stays as it was.
    expect(brand?.primaryColor).toBe('#112233')
    // The published story no longer shows the image.
    expect((await api.get(`/api/public/stories/${shown}`)).body.image).toBeNull()

    // Publishing no longer fails on the deleted image's missing alt text.
    await grantConsent(app, 'stories', draft, 'author', ['gallery', 'photo'])
    await tickChecklist(app, draft)
    for (const status of ['in_review', 'approved'])
      expectStatus(await api.patch(`/api/stories/${draft}`, { status }, { token: editor }), 200)
    // Removing the image changed the story: its storyteller signs the new version off (issue 15).
    await storytellerApproves(app, 'stories', draft, 'editor')
    expectStatus(
      await api.patch(`/api/stories/${draft}`, { status: 'published' }, { token: editor }),
      200,
    )
    expect((await api.get(`/api/public/stories/${draft}`)).body.image.alt).toBe('A kitchen window')
  })
})

describe('media references in a config', () => {
  it('finds references inside arrays, and reports those inside blocks instead of skipping them silently', () => {
    const { references, unsupported } = mediaReferences([
      {
        slug: 'pages',
        flattenedFields: [
          {
            name: 'gallery',
            type: 'array',
            flattenedFields: [{ name: 'picture', type: 'upload', relationTo: 'media' }],
          },
          {
            name: 'layout',
            type: 'blocks',
            blocks: [
              {
                slug: 'hero',
                flattenedFields: [{ name: 'picture', type: 'upload', relationTo: 'media' }],
              },
            ],
          },
          { name: 'mixed', type: 'relationship', relationTo: ['stories', 'media'], hasMany: true },
        ] as never,
      },
    ])
    expect(unsupported).toEqual(['pages.layout.picture'])
    expect(references).toEqual([
      {
        collection: 'pages',
        path: 'gallery.picture',
        hasMany: false,
        polymorphic: false,
        inRows: true,
      },
      { collection: 'pages', path: 'mixed', hasMany: true, polymorphic: true, inRows: false },
    ])
  })
})
