/**
 * How often, at most, a process asks the database whether another process changed anything:
 * the bound on how stale another process's public answers (and its emergency stop) can be.
 */
export const STAMP_CHECK_INTERVAL_MS = 250
