import { APIError } from 'payload'

/**
 * A request the client got wrong (bad file, bad parameter): shown to the client as is,
 * logged at info level without a stack, since it is not a fault of ours.
 */
export class InputError extends APIError {
  constructor(message: string, status = 400) {
    super(message, status, undefined, true)
    this.name = 'InputError'
  }
}

/** Passed to Payload's `loggingLevels`. */
export const ERROR_LOG_LEVELS = { InputError: 'info', QueryError: 'info' } as const
