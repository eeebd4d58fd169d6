import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'

import { addressKey, clientKey, rateLimitsFromEnv } from '../../src/selfservice/limits'

const from = (remoteAddress: string, forwarded?: string) =>
  ({
    socket: { remoteAddress },
    headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
  }) as unknown as IncomingMessage

describe('rate-limit keys', () => {
  it('keys IPv4 by the full address, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9')
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9')
    expect(addressKey('::ffff:cb00:7109')).toBe('203.0.113.9')
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe(addressKey('2001:db8:1:2::1'))
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'))
    expect(addressKey('[2001:DB8:1:2::1]')).toBe(addressKey('2001:db8:1:2::ffff'))
    expect(addressKey('not an address')).toBe('not an address')
  })

  it('uses the last X-Forwarded-For entry only behind a trusted proxy', () => {
    expect(clientKey(from('10.0.0.1', '198.51.100.7, 2001:db8:9:9::5'), true)).toBe(
      addressKey('2001:db8:9:9::1'),
    )
    expect(clientKey(from('::ffff:10.0.0.1', '198.51.100.7'), false)).toBe('10.0.0.1')
  })

  it('reads every limit from its environment variable', () => {
    expect(
      rateLimitsFromEnv({
        SUBMISSION_RATE_LIMIT: '2/60',
        MY_STORY_RATE_LIMIT: '3/60',
        EMAIL_LINK_ADDRESS_LIMIT: '4/60',
        EMAIL_LINK_STORY_LIMIT: '5/60',
      }),
    ).toEqual({
      submissions: { points: 2, seconds: 60 },
      management: { points: 3, seconds: 60 },
      emailsPerAddress: { points: 4, seconds: 60 },
      emailsPerStory: { points: 5, seconds: 60 },
    })
  })
})
