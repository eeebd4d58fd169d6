// Relato's own server: the route table, its handlers, and the one way answers are written.
export { ownHandlers, type OwnOptions } from './handlers'
export {
  createDispatch,
  dispatchFor,
  type Handler,
  type Handlers,
  type Route,
  routeTable,
} from './routes'
export { JSON_TYPE, problem, problemBody, send, sendJson } from './send'
