import { afterAll, beforeAll, expect, it } from 'vitest'

import { runKitJobs } from '../../src/kits'
import { followChanges, type Follower } from '../../src/public'
import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { startGroup, stopGroup } from '../helpers/processes'
import { publishedStory, withdrawConsent } from '../helpers/stories'

/** Polls until `check` holds, returning how long it took; fails after `ms`. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now()
  while (Date.now() - start < ms) {
    if (await check()) return Date.now() - start
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`not true within ${ms} ms`)
}

// Two server processes on one database: each one's writes reach the other's read model through
// the append-only `public-changes` records (polled on SQLite, a change stream on a replica set).
describeEachDatabase('public changes between processes', (database) => {
  const app = useTestApp(database, { author: 'storyteller', editor: 'editor' })
  let other: ReturnType<typeof startGroup>
  let otherBase: string
  let follow: Follower

  beforeAll(async () => {
    other = startGroup('npx', ['tsx', 'tests/helpers/followerProcess.ts'], {
      ...app.instance.env,
      NODE_ENV: 'test',
      PAYLOAD_SECRET: app.instance.env.PAYLOAD_SECRET,
      RELATO_DATA_KEY: app.instance.env.RELATO_DATA_KEY,
    })
    const port = await within(
      120_000,
      async () => /listening \d+/.test(other.output()) || other.child.exitCode !== null,
    ).then(() => /listening (\d+)/.exec(other.output())?.[1])
    if (!port) throw new Error(`the second process did not start:\n${other.output()}`)
    otherBase = `http://127.0.0.1:${port}`
    follow = followChanges(app.instance.payload, app.instance.readModel)
  }, 180_000)
  afterAll(async () => {
    await follow?.stop()
    if (other) await stopGroup(other.child)
  })

  const visibleThere = async (id: string) =>
    (await fetch(`${otherBase}/api/public/stories/${id}`)).status === 200
  const visibleHere = async (id: string) => {
    await follow()
    return (await app.api.get(`/api/public/stories/${id}`)).status === 200
  }

  it('shows a story published here on the other process, and hides it there after a withdrawal here', async () => {
    const id = await publishedStory(app, {
      author: 'author',
      editor: 'editor',
      scopes: ['gallery'],
    })
    const shown = await within(5_000, () => visibleThere(id))
    await withdrawConsent(app, 'stories', id, 'author')
    const hidden = await within(2_000, async () => !(await visibleThere(id)))
    console.log(
      `[two processes, ${database}] publish seen after ${shown} ms, withdrawal after ${hidden} ms`,
    )
  })

  it('follows a withdrawal made by the other process', async () => {
    const id = await publishedStory(app, {
      author: 'author',
      editor: 'editor',
      scopes: ['gallery'],
    })
    expect(await visibleHere(id)).toBe(true)
    await within(5_000, () => visibleThere(id))
    expect((await fetch(`${otherBase}/test/withdraw/${id}`, { method: 'POST' })).status).toBe(201)
    // The process that wrote it hides it at once; this one once it has followed.
    expect(await visibleThere(id)).toBe(false)
    await within(2_000, async () => !(await visibleHere(id)))
  })

  it("drops a story withdrawn here from the other process's kit, and shows one built here there", async () => {
    const { api, people } = app
    const slug = `kit-${database}`
    const campaign = (
      await api.post(
        '/api/campaigns',
        { slug, title: 'Kit', status: 'live', hashtags: ['WeAreHome'], languages: ['en'] },
        { token: people.editor.token },
      )
    ).body.doc.id as string
    const id = await publishedStory(app, {
      author: 'author',
      editor: 'editor',
      scopes: ['social'],
      extra: { campaigns: [campaign] },
    })
    const kitThere = async () => {
      const response = await fetch(`${otherBase}/api/public/campaigns/${slug}/kit`)
      return response.status === 200
        ? ((await response.json()) as { assets: { item: { id: string } }[] }).assets.filter(
            (asset) => asset.item.id === id,
          ).length
        : -1
    }
    // Read there before the build: the other process holds the empty kit in memory.
    expect(await kitThere()).toBe(0)
    await runKitJobs(app.instance.payload)
    const shown = await within(5_000, async () => (await kitThere()) === 6)
    await withdrawConsent(app, 'stories', id, 'author')
    const hidden = await within(2_000, async () => (await kitThere()) === 0)
    console.log(
      `[two processes, ${database}] kit build seen after ${shown} ms, withdrawal after ${hidden} ms`,
    )
  })

  it('writes one change record per public write, with the keys it touches', async () => {
    const id = await publishedStory(app, {
      author: 'author',
      editor: 'editor',
      scopes: ['gallery'],
    })
    const { docs } = await app.instance.payload.find({
      collection: 'public-changes',
      where: { keys: { contains: `stories/${id}` } },
      pagination: false,
      overrideAccess: true,
    })
    // created, consent granted (summary), checklist, in_review, approved, published
    expect(docs.length).toBeGreaterThanOrEqual(6)
    for (const doc of docs)
      expect(doc.keys).toEqual(expect.arrayContaining([`stories/${id}`, 'gallery']))
    if (database === 'mongodb')
      expect(await (await fetch(`${otherBase}/test/mode`)).text()).toBe(
        process.env.MONGODB_TEST_URI?.includes('replicaSet') ? 'change-stream' : 'polling',
      )
  })
})
