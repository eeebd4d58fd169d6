export { createSelfServiceHandler, isSelfServicePath, type SelfServiceOptions } from './http'
export { rateLimitsFromEnv, type RateLimits } from './limits'
