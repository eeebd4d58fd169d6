/**
 * Fault injection for tests that kill a server process half-way through a write. Set
 * RELATO_TEST_CRASH_AT=<point> and the process kills itself (SIGKILL: no clean-up, no finally)
 * when it reaches that point. Ignored when NODE_ENV is `production`.
 */
export type CrashPoint = 'between-consent-writes'

export function crashPointForTests(point: CrashPoint): void {
  if (process.env.NODE_ENV === 'production' || process.env.RELATO_TEST_CRASH_AT !== point) return
  process.kill(process.pid, 'SIGKILL')
}
