import { createHash, randomBytes } from 'node:crypto'
import type { Payload, PayloadRequest } from 'payload'

import { contentLocale, type Locale } from '../lib/locales'

/** 256 random bits, URL-safe: the only key to a story submitted without an account. */
export function newManagementToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, hash: hashManagementToken(token) }
}

export const hashManagementToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex')

// A malformed token is still hashed and looked up, so that it costs what a well-formed wrong
// one costs: the answer and its timing say nothing about why nothing was found.
const LOOKS_LIKE_TOKEN = /^[A-Za-z0-9_-]{43}$/

export type TokenStory = { id: string; locale: Locale }

/** The story a management token opens, or null: never existed, erased and malformed alike. */
export async function storyByToken(
  payload: Payload,
  token: string,
  req?: PayloadRequest,
): Promise<TokenStory | null> {
  const hash = hashManagementToken(
    LOOKS_LIKE_TOKEN.test(token) ? token : `malformed:${token.slice(0, 100)}`,
  )
  const { docs } = await payload.find({
    collection: 'stories',
    where: { managementTokenHash: { equals: hash } },
    limit: 1,
    depth: 0,
    pagination: false,
    overrideAccess: true,
    // The locale its words were written in, whatever `language` says now.
    locale: 'all',
    select: { title: true },
    req,
  })
  const story = docs[0]
  return story && LOOKS_LIKE_TOKEN.test(token)
    ? { id: String(story.id), locale: contentLocale(story.title) }
    : null
}
