import {
  createLocalReq,
  type JobsConfig,
  type Payload,
  type PayloadRequest,
  type TaskConfig,
} from 'payload'

import { hasRole, isStaffUser } from '../lib/roles'
import { now } from '../lib/clock'
import { recordPublicChange } from '../public'
import { purgeExpiredResources } from '../public/resourceExpiry'
import { buildKit } from './build'
import { sweepExpiredKitAssets } from './remove'

/** Kit builds run in their own queue, so that a worker can run them and nothing else. */
export const KIT_QUEUE = 'kits'
export const KIT_TASK = 'buildKit'
export const SWEEP_TASK = 'sweepExpiredKits'

/** How often the process's runner looks for waiting kit jobs (croner, with seconds). */
export const KIT_RUN_CRON = '*/3 * * * * *'
/** How often the expiry sweep is scheduled: each minute. */
export const SWEEP_CRON = '0 * * * * *'

// Payload 3.90.1 does not export the type of one `autoRun` entry.
type AutorunCronConfig = Extract<NonNullable<JobsConfig['autoRun']>, unknown[]>[number]

type BuildKitIO = { input: { campaign: string }; output: { rendered: number; total: number } }
type SweepIO = { input: object; output: { cleared: number; purged: number } }

/**
 * The Payload job that brings one campaign's kit up to date (src/kits/build.ts). It reads and
 * writes as the system: the policy decides what goes in, not the job's caller. One build per
 * campaign runs at a time (`exclusive`), and queueing a build deletes one still waiting for the
 * same campaign (`supersedes`): the newest build draws everything that changed anyway.
 */
export const buildKitTask: TaskConfig<BuildKitIO> = {
  slug: KIT_TASK,
  label: 'Build social-media kit',
  retries: 2,
  concurrency: { key: ({ input }) => `kit:${input.campaign}`, exclusive: true, supersedes: true },
  inputSchema: [{ name: 'campaign', type: 'text', required: true }],
  outputSchema: [
    { name: 'rendered', type: 'number' },
    { name: 'total', type: 'number' },
  ],
  handler: async ({ input, req }) => {
    const result = await buildKit(req.payload, input.campaign)
    // Other server processes drop their copy of this kit (src/kits/view.ts follows public-changes).
    // A request of its own: the build wrote without a transaction, and one opened on the job's
    // request here would hold SQLite's write lock until the runner ends.
    if (result.rendered || result.removed)
      await recordPublicChange(await createLocalReq({}, req.payload), [`kits/${input.campaign}`])
    return { output: { rendered: result.rendered, total: result.total } }
  },
}

/**
 * Consent that expires, or a resource's review date that passes, hides it at once (the kit view
 * and read model compose again at that moment); this scheduled job deletes the kit files too and
 * purges shared caches of resources that just expired, once a minute, in whichever process runs
 * it first.
 */
export const sweepKitsTask: TaskConfig<SweepIO> = {
  slug: SWEEP_TASK,
  label: 'Delete kit files whose consent expired',
  schedule: [{ cron: SWEEP_CRON, queue: KIT_QUEUE }],
  outputSchema: [
    { name: 'cleared', type: 'number' },
    { name: 'purged', type: 'number' },
  ],
  handler: async ({ req }) => {
    const at = now()
    return {
      output: {
        cleared: await sweepExpiredKitAssets(req.payload, at),
        purged: await purgeExpiredResources(req.payload, at),
      },
    }
  },
}

/** Who may use Payload's job endpoints (/api/payload-jobs/run…): staff queue, admins run and cancel. */
export const JOBS_ACCESS = {
  queue: ({ req }: { req: PayloadRequest }) => isStaffUser(req.user),
  run: ({ req }: { req: PayloadRequest }) => hasRole(req.user, 'admin'),
  cancel: ({ req }: { req: PayloadRequest }) => hasRole(req.user, 'admin'),
}

/** Queues a build of a campaign's kit in the caller's transaction; one already waiting is superseded. */
export async function queueKitBuild(
  req: PayloadRequest,
  campaignId: string | number,
): Promise<void> {
  await req.payload.jobs.queue({
    task: KIT_TASK,
    queue: KIT_QUEUE,
    input: { campaign: String(campaignId) },
    req,
  })
}

/** Runs every waiting kit build (tests and scripts; the server's runner does it in the background). */
export async function runKitJobs(payload: Payload): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const { noJobsRemaining, jobStatus } = await payload.jobs.run({
      queue: KIT_QUEUE,
      limit: 10,
      silent: true,
    })
    if (noJobsRemaining || !Object.keys(jobStatus ?? {}).length) return
  }
}

// Payload starts `jobs.autoRun` in every instance initialised with `cron: true`, and a process
// has two (server.ts's and Next's, whose request handling asks for crons). The first instance
// to start its crons in a process that asked for a runner gets the kit queue's; the rest none.
const RUNNER = Symbol.for('relato.kitRunner')
type Slot = { [RUNNER]?: 'wanted' | Payload }

/** Makes this process run kit jobs (server.ts; tests and scripts run them with runKitJobs). */
export function runKitJobsInThisProcess(): void {
  ;(globalThis as Slot)[RUNNER] ??= 'wanted'
}

/**
 * `jobs.autoRun`: in a process that wants a runner, one instance runs the kit queue every few
 * seconds and schedules its sweep (Payload's schedule, `SWEEP_CRON`); elsewhere nothing.
 */
export function kitAutoRun(payload: Payload): AutorunCronConfig[] {
  const slot = globalThis as Slot
  if (slot[RUNNER] !== 'wanted' && slot[RUNNER] !== payload) return []
  slot[RUNNER] = payload
  return [{ queue: KIT_QUEUE, cron: KIT_RUN_CRON, limit: 5, silent: true }]
}
