import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * A development secret kept in data/ (the session secret, the data key), made on first use.
 * Several processes may start at once (test workers, Next's workers): the file is written under a
 * name of its own, then linked into place, which fails when another process won. So the file is
 * whole or absent, and no process ever reads one another is still writing.
 */
export function keptSecret(file: string, make: () => string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const partial = `${file}.${randomBytes(6).toString('hex')}.partial`
  fs.writeFileSync(partial, make(), { mode: 0o600, flag: 'wx' })
  try {
    fs.linkSync(partial, file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  } finally {
    fs.rmSync(partial, { force: true })
  }
  return fs.readFileSync(file, 'utf8')
}
