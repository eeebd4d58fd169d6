import fs from 'node:fs'
import path from 'node:path'

/**
 * Every SQLite write in a test is a transaction, and SQLite syncs the file to disk at each commit:
 * on the build machines' disk that wait (not CPU) was most of a busy test file's time. Test data is
 * thrown away, so the run keeps its temporary files (databases, uploads, S3 buckets) on a memory
 * file system when the machine has one with room; a sync there returns at once. Nothing else
 * changes: the files are the same, and a killed process leaves them as it would on disk (only a
 * machine crash, which ends the run anyway, would lose them).
 *
 * `RELATO_TEST_TMPDIR` names another folder (`RELATO_TEST_TMPDIR=system` keeps the system's), and
 * a `TMPDIR` set by the caller is kept as it is.
 */
const MEMORY_FS = '/dev/shm'
/** Kits, uploads and the production build's files stay well below this; Docker's default 64 MB is not enough. */
const MIN_FREE_BYTES = 2 * 1024 ** 3

export function testTmpDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.RELATO_TEST_TMPDIR?.trim()
  if (chosen === 'system') return undefined
  if (chosen) return ensure(chosen)
  if (env.TMPDIR) return undefined
  try {
    const stats = fs.statfsSync(MEMORY_FS)
    if (stats.bavail * stats.bsize < MIN_FREE_BYTES) return undefined
    return ensure(path.join(MEMORY_FS, 'relato-tests'))
  } catch {
    return undefined
  }
}

function ensure(dir: string): string {
  fs.mkdirSync(dir, { recursive: true })
  return dir
}
