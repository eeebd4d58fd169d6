/**
 * bench/seed: N published stories for the benches, fast: the first made by Payload, the others
 * copied from its rows in SQL (SQLite only). Every CAMPAIGN_EVERY-th story joins one live campaign.
 */
import type { Payload } from 'payload'

import { summarizeConsent } from '../src/policy/consent'
import { SYSTEM_CHANGE } from '../src/workflow/hooks'

export const CAMPAIGN = 'bench-campaign'
// One story in this many is in the campaign (40 at 10,000 stories).
export const CAMPAIGN_EVERY = 250

/** One published story with site, partner and social consent, created through Payload as the system. */
async function seedTemplate(payload: Payload): Promise<string> {
  const at = new Date().toISOString()
  const summary = summarizeConsent({
    action: 'grant',
    // `social`: the campaign's stories are in its kit too.
    scopes: ['gallery', 'partners', 'social'],
    recordedAt: at,
    givenAt: at,
  })
  // No ledger record behind it (record is null already); typed as the generated field wants.
  const consent = { ...summary, record: null }
  const doc = await payload.create({
    collection: 'stories',
    // Keeps the status and the consent summary as given (src/workflow/hooks.ts).
    context: { [SYSTEM_CHANGE]: true },
    depth: 0,
    data: {
      title: 'Story 1',
      status: 'published',
      publishedAt: new Date().toISOString(),
      pullQuote: 'We crossed with nothing but each other, story 1.',
      body: [
        {
          children: [
            {
              text: `Story 1. ${'We kept going, and the neighbours kept the light on for us. '.repeat(6)}`,
            },
          ],
        },
      ],
      language: 'en',
      consent,
    },
  })
  return String(doc.id)
}

type Column = { name: string; type: string }
type Client = {
  execute: (
    statement: string | { sql: string; args: unknown[] },
  ) => Promise<{ rows: Record<string, unknown>[] }>
}

/**
 * N published stories: the first made by Payload (hooks, consent summary, every table it
 * writes), the others copied from its rows in SQL, batch by batch — ≈ 10 ms a story through
 * `payload.create` would be 17 minutes at 100,000. Each copy gets its own id, number in its
 * title, pull quote and body, and a `publishedAt` one minute older than the one before. The
 * read model then loads them the normal way. SQLite only (the bench's database).
 */
export async function seed(payload: Payload, STORIES: number): Promise<void> {
  const template = await seedTemplate(payload)
  const client = (payload.db as unknown as { client: Client }).client
  const columns = async (table: string) =>
    (await client.execute(`PRAGMA table_info(\`${table}\`)`)).rows as unknown as Column[]
  const tables = (
    (
      await client.execute(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'stories\\_%' ESCAPE '\\'`,
      )
    ).rows as { name: string }[]
  ).map((row) => row.name)
  const uuid = `lower(printf('%s-%s-4%s-%s-%s', hex(randomblob(4)), hex(randomblob(2)), substr(hex(randomblob(2)), 2), hex(randomblob(2)), hex(randomblob(6))))`
  // Text that names the story's number: "1" in the template becomes the copy's number.
  const numbered = (column: string) =>
    `replace(replace(t.\`${column}\`, 'Story 1', 'Story ' || s.n), 'story 1.', 'story ' || s.n || '.')`
  const copy = async (table: string, parentColumn: string | null) => {
    const cols = await columns(table)
    const values = cols.map(({ name, type }) => {
      if (name === 'id') return /int/i.test(type) ? null : parentColumn ? uuid : 's.id'
      if (name === parentColumn) return 's.id'
      if (name === 'published_at')
        return `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || s.n || ' minutes')`
      if (['title', 'pull_quote', 'body'].includes(name)) return numbered(name)
      return `t.\`${name}\``
    })
    const kept = cols.filter((_, index) => values[index] !== null)
    await client.execute(
      `INSERT INTO \`${table}\` (${kept.map(({ name }) => `\`${name}\``).join(', ')}) ` +
        `SELECT ${values.filter((value) => value !== null).join(', ')} FROM seed_ids s JOIN \`${table}\` t ON t.\`${parentColumn ?? 'id'}\` = '${template}'`,
    )
  }
  await client.execute('CREATE TEMP TABLE seed_ids (n INTEGER, id TEXT)')
  const children = []
  for (const table of tables) {
    const names = (await columns(table)).map(({ name }) => name)
    const parent = names.includes('_parent_id')
      ? '_parent_id'
      : names.includes('parent_id')
        ? 'parent_id'
        : null
    if (parent) children.push({ table, parent })
  }
  const BATCH = 5000
  for (let from = 2; from <= STORIES; from += BATCH) {
    const to = Math.min(STORIES, from + BATCH - 1)
    await client.execute('DELETE FROM seed_ids')
    await client.execute(
      `WITH RECURSIVE r(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM r WHERE n < ${to}) INSERT INTO seed_ids SELECT n, ${uuid} FROM r`,
    )
    await client.execute('BEGIN')
    await copy('stories', null)
    for (const { table, parent } of children) await copy(table, parent)
    await client.execute('COMMIT')
  }
  await client.execute('DROP TABLE seed_ids')
  // Every CAMPAIGN_EVERY-th story joins one campaign (40 at 10,000), for the campaign page.
  const campaign = await payload.create({
    collection: 'campaigns',
    data: {
      slug: CAMPAIGN,
      title: 'Bench campaign',
      summary: 'Stories for the bench.',
      status: 'live',
      hashtags: ['Bench'],
    },
  })
  const { docs } = await payload.find({
    collection: 'stories',
    limit: Math.ceil(STORIES / CAMPAIGN_EVERY),
    depth: 0,
    select: { title: true },
  })
  for (const { id } of docs)
    await payload.update({
      collection: 'stories',
      id,
      data: { campaigns: [campaign.id] },
      context: { [SYSTEM_CHANGE]: true },
      depth: 0,
    })
}
