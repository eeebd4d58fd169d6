import fs from 'node:fs/promises'
import type { CollectionBeforeChangeHook, Plugin } from 'payload'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { reconcileConsent } from '../../collections/ConsentRecords/reconcile'
import { newestRecord, type ConsentRecordLike } from '../../src/policy'
import { SYSTEM_CHANGE } from '../../src/workflow/hooks'
import type { Json } from '../helpers/api'
import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { freePort, startGroup, stopGroup, waitForHttp } from '../helpers/processes'
import { A_STORY, submitStory } from '../helpers/selfService'
import { publishSubmitted } from '../helpers/stories'

/**
 * A test-only plugin: while armed, the next update the consent ledger makes to a subject (its
 * summary) throws, once, as a busy database or a failing hook would.
 */
function failingSummaryUpdate() {
  const state = { armed: false, failed: 0 }
  const hook: CollectionBeforeChangeHook = ({ data, context }) => {
    if (state.armed && context[SYSTEM_CHANGE]) {
      state.armed = false
      state.failed++
      throw new Error('injected: the subject update failed')
    }
    return data
  }
  const plugin: Plugin = (config) => ({
    ...config,
    collections: config.collections?.map((collection) =>
      collection.slug === 'stories'
        ? {
            ...collection,
            hooks: {
              ...collection.hooks,
              beforeChange: [...(collection.hooks?.beforeChange ?? []), hook],
            },
          }
        : collection,
    ),
  })
  return { state, plugin }
}

type Surfaces = { site: boolean; embed: boolean; social: boolean }

describeEachDatabase('consent writes are all or nothing', (database) => {
  const fault = failingSummaryUpdate()
  const app = useTestApp(database, { editor: 'editor' }, { plugins: [fault.plugin] })
  const payload = () => app.instance.payload
  const mine = (token: string, path = '', init: RequestInit = {}) =>
    fetch(`${app.server.url}/api/public/my-story/${token}${path}`, init)
  const post = (token: string, action: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams()
    for (const [name, value] of Object.entries(fields))
      for (const item of [value].flat()) body.append(name, item)
    return mine(token, `/${action}`, { method: 'POST', body })
  }

  /** A submitted story, consented for the site, published by the editor. */
  async function publishedSubmission(
    scopes = ['gallery', 'partners'],
  ): Promise<{ id: string; token: string }> {
    const answer = await submitStory(app.server, { ...A_STORY, scopes })
    expect(answer.status, answer.text).toBe(201)
    const id = answer.body.story.id as string
    await publishSubmitted(app, id)
    return { id, token: answer.body.token as string }
  }

  /** The storyteller's page and every public surface, which must agree. */
  async function surfaces(
    id: string,
    token: string,
  ): Promise<{ page: Json; site: boolean; rest: boolean }> {
    const page = (await (await mine(token)).json()) as Json
    const site = (await app.api.get(`/api/public/stories/${id}`)).status === 200
    const gallery = (await app.api.get('/api/public/gallery?limit=50')).body.items.some(
      (item: Json) => item.id === id,
    )
    expect(gallery).toBe(site)
    const rest = (await app.api.get(`/api/stories/${id}`)).status === 200
    const graphql = await app.api.post('/api/graphql', { query: `{ Story(id: "${id}") { id } }` })
    expect(Boolean(graphql.body.data?.Story)).toBe(rest)
    return { page, site, rest }
  }

  const expectAgreement = async (id: string, token: string, visible: boolean) => {
    const seen = await surfaces(id, token)
    expect((seen.page.visible as Surfaces).site).toBe(visible)
    expect(seen.site).toBe(visible)
    expect(seen.rest).toBe(visible)
    return seen
  }

  const ledger = async (id: string) =>
    (
      await payload().find({
        collection: 'consent-records',
        where: { subjectKey: { equals: `stories/${id}` } },
        pagination: false,
        overrideAccess: true,
      })
    ).docs
  const summaryOf = async (id: string) =>
    (await payload().findByID({ collection: 'stories', id, depth: 0, overrideAccess: true }))
      .consent

  it('leaves ledger and story as they were when the subject update of a withdrawal fails, and withdraws on the retry', async () => {
    const { id, token } = await publishedSubmission()
    const before = await ledger(id)
    await expectAgreement(id, token, true)

    fault.state.armed = true
    const failed = await post(token, 'withdraw', { confirm: 'yes' })
    expect(fault.state.failed).toBe(1)
    expect(failed.status).toBeGreaterThanOrEqual(500)
    expect(JSON.stringify(await failed.json())).not.toMatch(/injected|\n\s+at /)
    // Neither write stayed: the ledger has no withdrawal, the story is published with its grant.
    expect((await ledger(id)).map((record) => record.id)).toEqual(before.map((record) => record.id))
    expect(await summaryOf(id)).toMatchObject({ state: 'granted', gallery: true })
    await expectAgreement(id, token, true)

    expect((await post(token, 'withdraw', { confirm: 'yes' })).status).toBe(200)
    await expectAgreement(id, token, false)
    expect(await summaryOf(id)).toMatchObject({ state: 'withdrawn', gallery: false })
  })

  it('leaves a scope change out entirely when its subject update fails (no `named` shown from a failed grant)', async () => {
    const { id, token } = await publishedSubmission(['gallery'])
    await payload().update({
      collection: 'stories',
      id,
      locale: 'es',
      data: { displayName: 'Real Name Canary' },
      overrideAccess: true,
      context: { [SYSTEM_CHANGE]: { subject: `stories/${id}` } },
    })
    fault.state.armed = true
    const failed = await post(token, 'consent', { scopes: ['gallery', 'named'], lang: 'es' })
    expect(failed.status).toBeGreaterThanOrEqual(500)
    expect(await summaryOf(id)).toMatchObject({ state: 'granted', named: false })
    const seen = await expectAgreement(id, token, true)
    expect((seen.page.consent as Json).scopes).toEqual(['gallery'])
    expect(JSON.stringify((await app.api.get(`/api/public/stories/${id}`)).body)).not.toContain(
      'Real Name Canary',
    )
    expect(JSON.stringify((await app.api.get('/api/public/gallery?limit=50')).body)).not.toContain(
      'Real Name Canary',
    )
  })

  it('keeps the newest of two grants made at once in the summary', async () => {
    const { id, token } = await publishedSubmission(['gallery'])
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([
        post(token, 'consent', { scopes: ['gallery', 'partners'], lang: 'es' }),
        post(token, 'consent', { scopes: ['gallery', 'social'], lang: 'es' }),
      ])
      for (const answer of answers) expect(answer.status).toBeLessThan(500)
      const newest = newestRecord((await ledger(id)) as ConsentRecordLike[])!
      const summary = (await summaryOf(id))!
      expect(String(summary.record)).toBe(String(newest.id))
      expect(summary.social).toBe(newest.scopes?.includes('social'))
      expect(((await (await mine(token)).json()) as Json).consent.recordId).toBe(String(newest.id))
    }
  })

  it('repairs a summary that differs from its ledger, audit-logged and counted', async () => {
    const { id, token } = await publishedSubmission()
    // A withdrawal written to the ledger only, as a process killed between the two writes leaves it.
    const withdrawal = await payload().db.create({
      collection: 'consent-records',
      data: {
        subject: { relationTo: 'stories', value: id },
        subjectKey: `stories/${id}`,
        action: 'withdraw',
        method: 'web-form',
        scopes: [],
        recordedAt: new Date(Date.now() + 1000).toISOString(),
        givenAt: new Date().toISOString(),
      },
    })
    // The page (from the ledger) and the public surfaces disagree until the pass runs.
    expect(((await (await mine(token)).json()) as Json).visible.site).toBe(false)
    const result = await reconcileConsent(payload())
    expect(result).toMatchObject({ repaired: 1, failed: 0 })
    expect(result.checked).toBeGreaterThanOrEqual(4)
    expect(await summaryOf(id)).toMatchObject({ state: 'withdrawn', record: String(withdrawal.id) })
    await expectAgreement(id, token, false)
    const audit = await payload().find({
      collection: 'audit-log',
      where: {
        and: [
          { action: { equals: 'consent-reconciled' } },
          { subject: { equals: `stories/${id}` } },
        ],
      },
      overrideAccess: true,
    })
    expect(audit.docs).toHaveLength(1)
    expect(audit.docs[0].to).toMatch(/^withdrawn@.* withdrawn$/)
    // A second pass finds nothing to do.
    expect(await reconcileConsent(payload())).toMatchObject({ repaired: 0 })
  })
})

/**
 * A real server process (server.ts) killed with SIGKILL between the ledger write and the
 * subject's update, then started again: the start-up reconciliation must make every public
 * surface agree with the storyteller's page, and the story must not be public.
 */
describeEachDatabase('a server killed between the two consent writes', (database) => {
  const app = useTestApp(database, { editor: 'editor' })
  let server: ReturnType<typeof startGroup> | undefined
  let base: string

  const start = async (extra: Record<string, string> = {}) => {
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    server = startGroup('npx', ['tsx', 'server.ts', '--dev'], {
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      DATABASE_URI: app.instance.env.DATABASE_URI,
      PAYLOAD_SECRET: app.instance.env.PAYLOAD_SECRET,
      RELATO_DATA_KEY: app.instance.env.RELATO_DATA_KEY,
      MEDIA_DIR: app.instance.mediaDir,
      SERVER_URL: base,
      LOG_LEVEL: 'warn',
      ...extra,
    })
    const current = server
    await waitForHttp(
      `${base}/api/public/gallery`,
      170_000,
      () => current.child.exitCode === null && current.child.signalCode === null,
    )
  }
  afterAll(async () => {
    if (server) await stopGroup(server.child)
  })
  beforeAll(async () => {
    await fs.mkdir(app.instance.mediaDir, { recursive: true })
  })

  it('shows nothing public after the restart, and the page agrees with every surface', async () => {
    const answer = await submitStory(app.server, { ...A_STORY, scopes: ['gallery', 'partners'] })
    expect(answer.status, answer.text).toBe(201)
    const id = answer.body.story.id as string
    const token = answer.body.token as string
    await publishSubmitted(app, id)

    await start({ RELATO_TEST_CRASH_AT: 'between-consent-writes' })
    expect((await fetch(`${base}/api/public/stories/${id}`)).status).toBe(200)
    const killed = server!
    const closed = new Promise((resolve) => killed.child.once('exit', resolve))
    await fetch(`${base}/api/public/my-story/${token}/withdraw`, {
      method: 'POST',
      body: new URLSearchParams({ confirm: 'yes' }),
    }).catch(() => null)
    await closed
    // The group's other processes (npx, tsx) end with it.
    await stopGroup(killed.child)

    // Half-written: the ledger has the withdrawal, the story still says published and granted.
    const records = (
      await app.instance.payload.find({
        collection: 'consent-records',
        where: { subjectKey: { equals: `stories/${id}` } },
        pagination: false,
        overrideAccess: true,
      })
    ).docs
    expect(records.map((record) => record.action)).toContain('withdraw')
    const story = await app.instance.payload.findByID({
      collection: 'stories',
      id,
      depth: 0,
      overrideAccess: true,
    })
    expect(story.status).toBe('published')

    await start()
    expect(server!.output()).toMatch(
      /consent reconciliation: \d+ subjects checked, 1 repaired, 0 failed/,
    )
    const page = (await (await fetch(`${base}/api/public/my-story/${token}`)).json()) as Json
    expect(page.status).toBe('withdrawn')
    expect(page.visible).toEqual({ site: false, embed: false, social: false })
    expect((await fetch(`${base}/api/public/stories/${id}`)).status).toBe(404)
    const gallery = (await (await fetch(`${base}/api/public/gallery?limit=50`)).json()) as Json
    expect(gallery.items.map((item: Json) => item.id)).not.toContain(id)
    // Payload's REST on the same database: the restarted server's repair is what it reads. (Asked
    // of the development server, it would first compile Next's API route: 9 s of this test.)
    expect((await app.api.get(`/api/stories/${id}`)).status).not.toBe(200)
  }, 420_000)
})
