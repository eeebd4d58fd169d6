import { afterEach, expect, it } from 'vitest'

import { advanceClockForTests, resetClockForTests } from '../../src/lib/clock'
import { eraseExpiredContacts, eraseExpiredContactsTask } from '../../src/safety/retention'
import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'
import { publishedStory } from '../helpers/stories'

const DAY = 24 * 60 * 60 * 1000
const CONTACT = {
  legalName: 'Retention Legal Name',
  contactEmail: 'retention@example.org',
  contactPhone: '+1 213 555 0142',
}

describeEachDatabase('contact retention', (database) => {
  const app = useTestApp(database, { editor: 'editor', teller: 'storyteller' })
  afterEach(() => resetClockForTests())

  const raw = async (id: string) =>
    (
      (
        await app.instance.payload.db.find({
          collection: 'stories',
          where: { id: { equals: id } },
          limit: 1,
        } as never)
      ).docs as unknown as Record<string, unknown>[]
    )[0]

  it('deletes names and contacts 180 days after publication unless an editor keeps them, and counts it in the audit log', async () => {
    const { api, people, instance } = app
    const due = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
      extra: CONTACT,
    })
    const kept = await publishedStory(app, {
      author: 'teller',
      editor: 'editor',
      scopes: ['gallery'],
      extra: CONTACT,
    })
    const draft = expectStatus(
      await api.post(
        '/api/stories',
        { title: 'Draft', language: 'en', ...CONTACT },
        { token: people.teller.token },
      ),
      201,
    ).body.doc.id

    // A hold needs both a reason and a date; it is audited.
    expect(
      (
        await api.patch(
          `/api/stories/${kept}`,
          { contactRetention: { reason: 'Court date pending' } },
          { token: people.editor.token },
        )
      ).status,
    ).toBe(400)
    const until = new Date(Date.now() + 365 * DAY).toISOString()
    expectStatus(
      await api.patch(
        `/api/stories/${kept}`,
        { contactRetention: { reason: 'Court date pending', until } },
        { token: people.editor.token },
      ),
      200,
    )
    const holds = await instance.payload.find({
      collection: 'audit-log',
      where: { action: { equals: 'retention-hold' } },
    })
    expect(holds.docs.map((entry) => entry.subject)).toEqual([`stories/${kept}`])
    expect(
      (
        await api.patch(
          `/api/stories/${kept}`,
          { contactRetention: { reason: 'x', until } },
          { token: people.teller.token },
        )
      ).status,
    ).not.toBe(200)

    expect((await eraseExpiredContacts(instance.payload)).erased).toBe(0)
    advanceClockForTests(179 * DAY)
    expect((await eraseExpiredContacts(instance.payload)).erased).toBe(0)
    advanceClockForTests(2 * DAY)
    expect((await eraseExpiredContacts(instance.payload)).erased).toBe(1)

    const erased = await raw(due)
    for (const column of [
      'legalName',
      'contactEmail',
      'contactPhone',
      'contactEmailIndex',
      'contactPhoneIndex',
    ])
      expect(erased[column] ?? null, column).toBeNull()
    expect(
      (await api.get(`/api/stories/${due}`, { token: people.editor.token })).body.title,
    ).toBeDefined()
    const stillKept = (await api.get(`/api/stories/${kept}`, { token: people.editor.token })).body
    expect(stillKept.contactEmail).toBe(CONTACT.contactEmail)
    expect(
      (await api.get(`/api/stories/${draft}`, { token: people.editor.token })).body.contactEmail,
    ).toBe(CONTACT.contactEmail)
    const counted = await instance.payload.find({
      collection: 'audit-log',
      where: { action: { equals: 'retention-erased' } },
    })
    expect(counted.docs.map((entry) => entry.details)).toEqual([{ items: 1, days: 180 }])

    // Past the hold's end date, the kept one goes too.
    advanceClockForTests(366 * DAY)
    expect((await eraseExpiredContacts(instance.payload)).erased).toBe(1)
    expect((await raw(kept)).contactEmail ?? null).toBeNull()
  })

  it('runs daily on Payload’s jobs queue', () => {
    expect(eraseExpiredContactsTask.schedule).toEqual([{ cron: '0 3 * * *', queue: 'retention' }])
    expect(app.instance.config.jobs.tasks?.map((task) => task.slug)).toContain(
      eraseExpiredContactsTask.slug,
    )
  })
})
