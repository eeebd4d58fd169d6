import type { TestApp } from './app'
import { type Account, createAccounts, expectStatus } from './fixtures'

export const FULL_CHECKLIST = {
  identifyingDetailsRemoved: true,
  thirdPartiesProtected: true,
  locationCoarse: true,
  imagesChecked: true,
}

/**
 * A story written by `author` with consent for `scopes`, whose safety checklist `editor` then
 * completes (with `edit`, say images or a status, in the same save), all over HTTP. Returns its id.
 */
export async function consentedStory(
  app: TestApp,
  {
    author,
    editor,
    scopes,
    extra = {},
    edit = {},
  }: {
    author: string
    editor: string
    scopes: string[]
    /** Fields of the story as written (title, language, content notes…). */
    extra?: Record<string, unknown>
    /** Fields the editor saves with the checklist. */
    edit?: Record<string, unknown>
  },
): Promise<string> {
  const { api, people } = app
  const created = expectStatus(
    await api.post(
      '/api/stories',
      { title: 'A story', language: 'en', ...extra },
      { token: people[author].token },
    ),
    201,
  )
  const id = created.body.doc.id as string
  await grantConsent(app, 'stories', id, author, scopes)
  expectStatus(
    await api.patch(
      `/api/stories/${id}`,
      { ...edit, safetyChecklist: FULL_CHECKLIST },
      { token: people[editor].token },
    ),
    200,
  )
  return id
}

/**
 * A story written by `author`, consented with `scopes` and taken to `published` by `editor`,
 * all over HTTP, as people would do it. Returns its id.
 */
export async function publishedStory(
  app: TestApp,
  {
    images = [],
    ...story
  }: {
    author: string
    editor: string
    scopes: string[]
    images?: string[]
    extra?: Record<string, unknown>
  },
): Promise<string> {
  const id = await consentedStory(app, { ...story, edit: { images } })
  await reviewAndPublish(app, 'stories', id, story.editor)
  return id
}

/** A second editor, made on first use: four eyes need someone who neither wrote nor sent the item. */
export async function secondEditor(app: TestApp): Promise<Account> {
  if (!app.people.secondEditor)
    Object.assign(
      app.people,
      await createAccounts(app.instance.payload, app.server, { secondEditor: 'editor' }),
    )
  return app.people.secondEditor
}

/**
 * Takes a submitted item to `published` over HTTP as an organisation would: `editor` sends it
 * to review and publishes it, a second editor approves it.
 */
export async function reviewAndPublish(
  app: TestApp,
  kind: 'stories' | 'artworks',
  id: string,
  editor: string,
  query = '',
  { managementToken }: { managementToken?: string } = {},
): Promise<void> {
  const steps: [string, string][] = [
    ['in_review', app.people[editor].token],
    ['approved', (await secondEditor(app)).token],
  ]
  for (const [status, token] of steps)
    expectStatus(await app.api.patch(`/api/${kind}/${id}${query}`, { status }, { token }), 200)
  await storytellerApproves(app, kind, id, editor, { managementToken })
  expectStatus(
    await app.api.patch(
      `/api/${kind}/${id}${query}`,
      { status: 'published' },
      { token: app.people[editor].token },
    ),
    200,
  )
}

/**
 * The storyteller signs off the current version when it waits for them (issue 15): the owner
 * with their account, or the holder of the management link. Does nothing when nothing waits.
 */
export async function storytellerApproves(
  app: TestApp,
  kind: 'stories' | 'artworks',
  id: string,
  editor: string,
  { managementToken }: { managementToken?: string } = {},
): Promise<void> {
  const { review } = expectStatus(
    await app.api.get(`/api/${kind}/${id}/storyteller-review`, { token: app.people[editor].token }),
    200,
  ).body
  if (review.state === 'approved' || review.state === 'not_needed') return
  if (managementToken) {
    expectStatus(
      await app.api.post(`/api/public/my-story/${managementToken}/approve`, {
        contentHash: review.contentHash,
      }),
      200,
    )
    return
  }
  const item = expectStatus(
    await app.api.get(`/api/${kind}/${id}?depth=0`, { token: app.people[editor].token }),
    200,
  ).body
  const owner = Object.values(app.people).find((account) => account.id === String(item.owner))
  if (!owner)
    throw new Error(
      `${kind}/${id} waits for its storyteller, who has no account in this test: pass managementToken.`,
    )
  expectStatus(
    await app.api.post(
      `/api/${kind}/${id}/storyteller-review/approve`,
      { contentHash: review.contentHash },
      { token: owner.token },
    ),
    200,
  )
}

export const withdrawConsent = async (
  app: TestApp,
  kind: 'stories' | 'artworks',
  id: string,
  who: string,
) =>
  expectStatus(
    await app.api.post(
      '/api/consent-records',
      { subject: { relationTo: kind, value: id }, action: 'withdraw' },
      { token: app.people[who].token },
    ),
    201,
  )

/**
 * An artwork made by `artist` with consent for `scopes`, given `image` by `editor` and taken to
 * `published`, all over HTTP. Returns its id.
 */
export async function publishedArtwork(
  app: TestApp,
  {
    artist,
    editor,
    scopes,
    image,
    extra = {},
  }: {
    artist: string
    editor: string
    scopes: string[]
    image: string
    extra?: Record<string, unknown>
  },
): Promise<string> {
  const { api, people } = app
  const id = expectStatus(
    await api.post('/api/artworks', extra, { token: people[artist].token }),
    201,
  ).body.doc.id as string
  await grantConsent(app, 'artworks', id, artist, scopes)
  expectStatus(
    await api.patch(`/api/artworks/${id}`, { image }, { token: people[editor].token }),
    200,
  )
  await reviewAndPublish(app, 'artworks', id, editor)
  return id
}

/** `who` grants consent for `scopes` on an item, citing the app's consent text. */
export const grantConsent = async (
  app: TestApp,
  kind: 'stories' | 'artworks',
  id: string,
  who: string,
  scopes: string[],
) =>
  expectStatus(
    await app.api.post(
      '/api/consent-records',
      {
        subject: { relationTo: kind, value: id },
        action: 'grant',
        scopes,
        consentText: app.textId,
      },
      { token: app.people[who].token },
    ),
    201,
  )

/**
 * An editor publishes a story sent through /submit. `A_STORY` is Spanish, and its title exists
 * in that locale only, so the editor works in Spanish: ticks the safety checklist, then takes it
 * through review (sent with no creator, a second editor approves it).
 */
export async function publishSubmitted(app: TestApp, id: string): Promise<void> {
  await tickChecklist(app, id, '?locale=es')
  await reviewAndPublish(app, 'stories', id, 'editor', '?locale=es')
}

/** The app's `editor` ticks every box of a story's safety checklist (`query`: e.g. a locale). */
export const tickChecklist = async (app: TestApp, id: string, query = '') =>
  expectStatus(
    await app.api.patch(
      `/api/stories/${id}${query}`,
      { safetyChecklist: FULL_CHECKLIST },
      { token: app.people.editor.token },
    ),
    200,
  )
