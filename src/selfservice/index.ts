export { createSelfServiceHandler, type SelfServiceOptions } from './http'
