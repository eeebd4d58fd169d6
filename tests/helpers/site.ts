import type { TestApp } from './app'
import { expectStatus } from './fixtures'
import { pattern } from './images'
import { upload } from './media'
import { publishedArtwork } from './stories'

/**
 * What the site-page tests (over HTTP and in Chromium) both put on the site before their stories:
 * a mural image with Spanish alt text and the live campaign "We are home", made by `editor` over
 * HTTP. `campaign` adds fields to the campaign.
 */
export async function siteImageAndCampaign(
  app: TestApp,
  editor: string,
  campaignExtra: Record<string, unknown> = {},
): Promise<{ imageId: string; campaignId: string }> {
  const { api, people } = app
  const token = people[editor].token
  const imageId = (await upload(app.server, token, await pattern(900, 600), 'mural.png')).body.doc
    .id
  expectStatus(
    await api.patch(`/api/media/${imageId}?locale=es`, { alt: 'Un mural' }, { token }),
    200,
  )
  const campaignId = expectStatus(
    await api.post(
      '/api/campaigns',
      {
        slug: 'we-are-home',
        title: 'We are home',
        summary: 'Home is where we are.',
        hashtags: ['WeAreHome'],
        status: 'live',
        ...campaignExtra,
      },
      { token },
    ),
    201,
  ).body.doc.id
  return { imageId: imageId as string, campaignId: campaignId as string }
}

/** The published artwork "Monarchs" by `artist`, showing `imageId`, that both site-page tests show. */
export function monarchsArtwork(
  app: TestApp,
  { artist, editor, imageId }: { artist: string; editor: string; imageId: string },
): Promise<string> {
  return publishedArtwork(app, {
    artist,
    editor,
    scopes: ['gallery', 'named'],
    image: imageId,
    extra: {
      title: 'Monarchs',
      creditLine: 'Colectivo Alas',
      licence: 'cc-by-nc',
      medium: 'Acrylic',
    },
  })
}

/** Creates a campaign with `data` over HTTP as the holder of `token`; returns its id. */
export async function createCampaign(
  app: TestApp,
  token: string,
  data: Record<string, unknown>,
): Promise<string> {
  return expectStatus(await app.api.post('/api/campaigns', data, { token }), 201).body.doc
    .id as string
}
