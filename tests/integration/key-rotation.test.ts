import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'

import { relatoSettings } from '../../src/lib/settings'
import { resealAll } from '../../src/safety/reseal'
import { useTestApp } from '../helpers/app'
import { describeEachDatabase } from '../helpers/databases'
import { expectStatus } from '../helpers/fixtures'

const EMAIL = `rotate.${randomBytes(3).toString('hex')}@example.org`
const GUARDIAN = `Rotating Guardian ${randomBytes(3).toString('hex')}`

describeEachDatabase('npm run keys:rotate', (database) => {
  const app = useTestApp(database, { editor: 'editor', teller: 'storyteller' })

  /** What a restart with other keys in the environment gives: RELATO_DATA_KEY (and _PREVIOUS). */
  const restartWithKeys = (current: Buffer, previous: Buffer | null) => {
    relatoSettings(app.instance.payload).dataKeys = { current, previous }
  }
  const raw = async (collection: 'stories' | 'consent-records', id: string) =>
    (
      (
        await app.instance.payload.db.find({
          collection,
          where: { id: { equals: id } },
          limit: 1,
        } as never)
      ).docs as unknown as Record<string, string>[]
    )[0]

  it('re-seals every value with the new key while both keys are given, and finds contacts throughout', async () => {
    const { api, people } = app
    const oldKey = relatoSettings(app.instance.payload).dataKeys.current
    const story = expectStatus(
      await api.post(
        '/api/stories',
        { title: 'Rotating', language: 'en', legalName: 'Rotating Name', contactEmail: EMAIL },
        { token: people.teller.token },
      ),
      201,
    ).body.doc.id
    const record = expectStatus(
      await api.post(
        '/api/consent-records',
        {
          subject: { relationTo: 'stories', value: story },
          action: 'grant',
          scopes: ['gallery'],
          consentText: app.textId,
          method: 'guardian',
          guardianName: GUARDIAN,
        },
        { token: people.editor.token },
      ),
      201,
    ).body.doc.id
    const before = await raw('stories', story)
    const read = async () =>
      (await api.get(`/api/stories/${story}`, { token: people.editor.token })).body
    const found = async () =>
      (
        await api.get(`/api/stories?where[contactEmail][equals]=${EMAIL}`, {
          token: people.editor.token,
        })
      ).body.docs.map((doc: { id: string }) => doc.id)

    const newKey = randomBytes(32)
    restartWithKeys(newKey, oldKey)
    expect((await read()).contactEmail).toBe(EMAIL)
    expect(await found()).toEqual([story])

    const report = await resealAll(app.instance.payload)
    expect(report.unreadable).toBe(0)
    expect(report.rotated).toBeGreaterThanOrEqual(3)
    const after = await raw('stories', story)
    expect(after.contactEmail).not.toBe(before.contactEmail)
    expect(after.contactEmail.split(':')[1]).not.toBe(before.contactEmail.split(':')[1])
    expect(after.contactEmailIndex).not.toBe(before.contactEmailIndex)
    expect((await resealAll(app.instance.payload)).documents).toBe(0)

    // The old key is gone: everything still reads and is still found.
    restartWithKeys(newKey, null)
    expect(await read()).toMatchObject({ legalName: 'Rotating Name', contactEmail: EMAIL })
    expect(await found()).toEqual([story])
    expect(
      (await api.get(`/api/consent-records/${record}`, { token: people.editor.token })).body
        .guardianName,
    ).toBe(GUARDIAN)

    // With only a wrong key, values are reported, never shown as garbage.
    restartWithKeys(randomBytes(32), null)
    const lost = await read()
    expect([lost.legalName, lost.contactEmail]).toEqual([null, null])
    expect(lost.unreadableFields).toEqual(expect.arrayContaining(['legalName', 'contactEmail']))
    const unreadable = await resealAll(app.instance.payload)
    expect(unreadable.unreadable).toBeGreaterThanOrEqual(3)
    expect((await raw('stories', story)).contactEmail).toBe(after.contactEmail)
    restartWithKeys(newKey, null)
  })
})

describe('key rotation script', () => {
  it('is wired as npm run keys:rotate', async () => {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } })
    expect(pkg.scripts['keys:rotate']).toBe('payload run scripts/rotateKeys.ts')
  })
})
