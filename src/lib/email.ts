import { nodemailerAdapter } from '@payloadcms/email-nodemailer'
import type { EmailAdapter } from 'payload'

type Env = Record<string, string | undefined>

const FROM_NAME = 'Relato'

/**
 * SMTP when SMTP_HOST is set. Otherwise development prints messages to the server log, and
 * production sends nothing and logs no content: a message may hold a storyteller's address or
 * a private link, and production logs are read by more people than they should be.
 */
export function emailAdapter(env: Env): EmailAdapter | Promise<EmailAdapter> {
  const from = env.EMAIL_FROM || 'no-reply@relato.invalid'
  if (env.SMTP_HOST) {
    return nodemailerAdapter({
      defaultFromAddress: from,
      defaultFromName: FROM_NAME,
      // Verifying would open an SMTP connection at every start; the first send reports failures.
      skipVerify: true,
      transportOptions: {
        host: env.SMTP_HOST,
        port: Number(env.SMTP_PORT || 587),
        secure: env.SMTP_SECURE === 'true',
        auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD } : undefined,
      },
    })
  }
  return ({ payload }) => ({
    name: 'relato-log',
    defaultFromAddress: from,
    defaultFromName: FROM_NAME,
    sendEmail: async (message) => {
      if (env.NODE_ENV === 'production') {
        payload.logger.warn(
          'An email was not sent: SMTP_HOST is not set. Its recipient and content are not logged.',
        )
      } else if (env.NODE_ENV !== 'test') {
        payload.logger.info(
          `Email (development: printed, not sent) to ${String(message.to)}: ${message.subject}\n${message.text ?? message.html ?? ''}`,
        )
      }
      return { accepted: false }
    },
  })
}
