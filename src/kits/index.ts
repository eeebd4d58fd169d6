// Social-media kits (issue 7): cards drawn per campaign, language and format from what the
// policy lets appear on the social surface; served by src/kits/http.ts.
export { buildKit } from './build'
export { CAPTION_LIMITS, captions, camelHashtag, cutAtWord } from './captions'
export { FORMATS, FORMAT_NAMES } from './formats'
export { createKitHandler } from './http'
export { kitsPlugin } from './hooks'
export {
  buildKitTask,
  JOBS_ACCESS,
  KIT_QUEUE,
  kitAutoRun,
  queueKitBuild,
  runKitJobs,
  runKitJobsInThisProcess,
  sweepKitsTask,
} from './job'
export { currentKitView, KitView, kitViewFor } from './view'
export { removeKitAssetsOf } from './remove'
