import type { Payload, PayloadRequest, TaskConfig } from 'payload'

import { hasRole, isStaffUser } from '../access/roles'
import { now } from '../lib/clock'
import { buildKit } from './build'
import { sweepExpiredKitAssets } from './remove'

/** Kit builds run in their own queue, so that a worker can run them and nothing else. */
export const KIT_QUEUE = 'kits'
export const KIT_TASK = 'buildKit'

type BuildKitIO = { input: { campaign: string }; output: { rendered: number; total: number } }

/**
 * The Payload job that brings one campaign's kit up to date (src/kits/build.ts). It reads and
 * writes as the system: the policy decides what goes in, not the job's caller.
 */
export const buildKitTask: TaskConfig<BuildKitIO> = {
  slug: KIT_TASK,
  label: 'Build social-media kit',
  retries: 2,
  inputSchema: [{ name: 'campaign', type: 'text', required: true }],
  outputSchema: [
    { name: 'rendered', type: 'number' },
    { name: 'total', type: 'number' },
  ],
  handler: async ({ input, req }) => {
    const result = await buildKit(req.payload, input.campaign)
    return { output: { rendered: result.rendered, total: result.total } }
  },
}

/** Who may use Payload's job endpoints (/api/payload-jobs/run…): staff queue, admins run and cancel. */
export const JOBS_ACCESS = {
  queue: ({ req }: { req: PayloadRequest }) => isStaffUser(req.user),
  run: ({ req }: { req: PayloadRequest }) => hasRole(req.user, 'admin'),
  cancel: ({ req }: { req: PayloadRequest }) => hasRole(req.user, 'admin'),
}

/** Queues a build of a campaign's kit in the caller's transaction, unless one is already waiting. */
export async function queueKitBuild(req: PayloadRequest, campaignId: string | number): Promise<void> {
  const campaign = String(campaignId)
  const { docs } = await req.payload.find({
    collection: 'payload-jobs',
    where: { and: [{ taskSlug: { equals: KIT_TASK } }, { processing: { equals: false } }, { completedAt: { exists: false } }, { hasError: { not_equals: true } }] },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  if (docs.some((job) => (job.input as { campaign?: string } | undefined)?.campaign === campaign)) return
  await req.payload.jobs.queue({ task: KIT_TASK, queue: KIT_QUEUE, input: { campaign }, req })
}

/** Runs every waiting kit build (tests and scripts; the server's worker does it in the background). */
export async function runKitJobs(payload: Payload): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const { noJobsRemaining, jobStatus } = await payload.jobs.run({ queue: KIT_QUEUE, limit: 10, silent: true })
    if (noJobsRemaining || !Object.keys(jobStatus ?? {}).length) return
  }
}

const SWEEP_EVERY_MS = 60_000

/**
 * The server's kit worker: every few seconds, runs waiting kit builds, one batch at a time, and
 * once a minute deletes the files of items whose consent expired (they are already not served).
 * One worker per server process; Payload marks a job as processing, so processes share the queue.
 */
export function startKitWorker(payload: Payload, intervalMs = 3000): () => void {
  let running = false
  let lastSweep = 0
  const timer = setInterval(() => {
    if (running) return
    running = true
    const sweep = Date.now() - lastSweep > SWEEP_EVERY_MS
    if (sweep) lastSweep = Date.now()
    payload.jobs
      .run({ queue: KIT_QUEUE, limit: 5, silent: true })
      .then(() => (sweep ? sweepExpiredKitAssets(payload, now()) : 0))
      .catch((error: unknown) => payload.logger.error({ err: error, msg: 'kit worker failed' }))
      .finally(() => (running = false))
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
