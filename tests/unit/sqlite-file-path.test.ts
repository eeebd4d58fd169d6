import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'

import { localSqlitePath } from '../../src/public/sqliteFile'

// Which databases the read model reads on a connection of its own: a local SQLite file that
// exists. Anything else (memory, remote libsql, URL options, a file not made yet) goes through
// the adapter, which would otherwise be bypassed or a stray empty file created.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relato-sqlite-path-'))
const file = path.join(dir, 'relato.db')
fs.writeFileSync(file, '')
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

it('takes a file: URL of an existing file, absolute or relative, with or without //', () => {
  expect(localSqlitePath(`file:${file}`)).toBe(file)
  expect(localSqlitePath(`file://${file}`)).toBe(file)
  expect(localSqlitePath(`file:${path.relative(process.cwd(), file)}`)).toBe(file)
})

it('leaves memory, remote, optioned and missing databases to the adapter', () => {
  for (const url of [
    undefined,
    '',
    ':memory:',
    'file::memory:',
    'libsql://relato.turso.io',
    'http://127.0.0.1:8080',
    `file:${file}?mode=ro`,
    `file:${path.join(dir, 'missing.db')}`,
  ])
    expect(localSqlitePath(url)).toBeNull()
})
