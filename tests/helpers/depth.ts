/**
 * How deep the test run goes. `npm test` alone is the quick run (≤ 6 minutes on two cores): every
 * rule is still tried, with fewer random cases and without the production build. CI (`.ci/run`)
 * sets TEST_DEPTH=full, which adds the production build with its browser checks and raises the
 * random case counts (PROPERTY_RUNS and FUZZ_RUNS still override them one by one).
 */
export const fullDepth = (): boolean => process.env.TEST_DEPTH?.trim().toLowerCase() === 'full'

/** A count from `name` when set, else the quick or the full default. */
export function runsFor(name: string, quick: number, full: number): number {
  const given = Number(process.env[name])
  return Number.isInteger(given) && given > 0 ? given : fullDepth() ? full : quick
}
