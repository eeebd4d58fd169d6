import { randomBytes } from 'node:crypto'
import {
  type Field,
  type FieldHook,
  type PayloadRequest,
  type Validate,
  validations,
} from 'payload'

import { isStaff, nobody } from '../access'
import { isStaffUser } from '../lib/roles'
import { relatoSettings } from '../lib/settings'
import { indexHashes, isSealed, keyring, type Keyring, open, seal, UnreadableValue } from './seal'

/**
 * Every field stored encrypted, by collection: real names and contact details. The query
 * policy (src/policy/queries.ts) refuses filters and sorts on them, retention and rotation
 * walk this list.
 */
export const SEALED_FIELDS = {
  stories: ['legalName', 'contactEmail', 'contactPhone'],
  artworks: ['legalName', 'contactEmail', 'contactPhone'],
  'consent-records': ['guardianName', 'witness', 'interpreter', 'evidence'],
} as const satisfies Record<string, readonly string[]>

export type SealedCollection = keyof typeof SEALED_FIELDS

/** Contact fields staff can find by exact value, through a keyed hash kept beside them. */
export const INDEXED_FIELDS: Record<string, (value: string) => string> = {
  // Addresses are compared without case and surrounding space.
  contactEmail: (value) => value.trim().toLowerCase(),
  // Phone numbers by their digits (and a leading +): "+1 (213) 555-0100" = "+12135550100".
  contactPhone: (value) => value.trim().replace(/(?!^\+)[^0-9]/g, ''),
}

export const SEAL_ID = 'sealId'
export const indexFieldName = (field: string) => `${field}Index`

export const ringFor = (req: PayloadRequest): Keyring =>
  keyring(relatoSettings(req.payload).dataKeys)

type Sibling = Record<string, unknown>

/** The document's seal id; created with its first sealed value and never changed. */
function sealIdOf(siblingData: Sibling, siblingDoc: Sibling | undefined): string {
  const existing = (siblingData[SEAL_ID] ?? siblingDoc?.[SEAL_ID]) as string | undefined
  if (existing) return existing
  const created = randomBytes(12).toString('base64url')
  siblingData[SEAL_ID] = created
  return created
}

/** Runs the field type's own validator on the plain value, before it is sealed. */
async function plainProblem(
  field: Field,
  value: unknown,
  req: PayloadRequest,
  collection: string,
  siblingData: Sibling,
): Promise<string | null> {
  const type = field.type as 'text' | 'email' | 'textarea'
  // Payload's validators take the field's options plus the request; the union of their option types is not expressible here.
  const validate = validations[type] as unknown as Validate
  const result = await validate(value, {
    ...field,
    collectionSlug: collection,
    req,
    siblingData,
    data: siblingData,
    required: false,
  } as never)
  return result === true ? null : String(result)
}

/**
 * Wraps a text, email or textarea field so that its value is stored sealed (src/safety/seal.ts)
 * and read plain by whoever the field's read access lets through.
 */
type TextLike = Extract<Field, { type: 'text' | 'email' | 'textarea' }>

export function sealedField(collection: SealedCollection, wrapped: Field): Field {
  if (!['text', 'email', 'textarea'].includes(wrapped.type))
    throw new Error(`sealedField: ${collection}: only text fields can be sealed`)
  const field = wrapped as TextLike
  const name = field.name
  const normalize = INDEXED_FIELDS[name]

  const sealOnChange: FieldHook = async ({ value, siblingData, previousSiblingDoc, req }) => {
    if (value === undefined) return undefined
    if (normalize)
      siblingData[indexFieldName(name)] = value
        ? indexHashes(ringFor(req), name, normalize(String(value)))[0]
        : null
    if (value === null || value === '') return null
    // An invalid value stays plain here, so that the validator below refuses it with the type's message.
    if (
      typeof value !== 'string' ||
      (await plainProblem(field, value, req, collection, siblingData))
    )
      return value
    const sealId = sealIdOf(siblingData, previousSiblingDoc as Sibling | undefined)
    return seal(ringFor(req), { collection, field: name, sealId }, value)
  }

  const openOnRead: FieldHook = ({ value, siblingData, req }) => {
    if (!isSealed(value)) return value
    try {
      return open(
        ringFor(req),
        { collection, field: name, sealId: String(siblingData?.[SEAL_ID] ?? '') },
        value,
      )
    } catch (error) {
      // Reported without the value: which document and field, and why.
      const reason = error instanceof UnreadableValue ? error.reason : 'error'
      req.payload.logger.error(
        { collection, id: siblingData?.id, field: name, reason },
        'A sealed value cannot be decrypted (wrong or missing RELATO_DATA_KEY?)',
      )
      // Only staff learn which fields could not be read: to anyone else the flag would say that
      // the item holds a sealed name or contact at all.
      if (siblingData && isStaffUser(req.user))
        siblingData.unreadableFields = [
          ...((siblingData.unreadableFields as string[] | undefined) ?? []),
          name,
        ]
      return null
    }
  }

  // Whatever reaches validation unsealed was refused by the type's own validator in the hook.
  const validate = async (
    value: unknown,
    options: { req: PayloadRequest; siblingData: Sibling },
  ) => {
    if (value === undefined || value === null || value === '' || isSealed(value)) return true
    return (
      (await plainProblem(field, value, options.req, collection, options.siblingData)) ??
      'This value could not be stored encrypted.'
    )
  }

  return {
    ...field,
    validate,
    hooks: {
      ...field.hooks,
      beforeChange: [...(field.hooks?.beforeChange ?? []), sealOnChange],
      afterRead: [openOnRead, ...(field.hooks?.afterRead ?? [])],
    },
  } as Field
}

/**
 * The fields that go with sealed ones: the document's seal id and, for contact fields, their
 * search index. Written by the system only; the index is readable by staff so that their
 * exact-match search (rewritten by src/policy/queries.ts) passes Payload's own field checks.
 */
export function sealSupportFields(collection: SealedCollection): Field[] {
  const indexed = SEALED_FIELDS[collection].filter((name) => INDEXED_FIELDS[name])
  return [
    {
      name: SEAL_ID,
      type: 'text',
      admin: { hidden: true },
      access: { read: nobody, create: nobody, update: nobody },
    },
    ...indexed.map((name): Field => ({
      name: indexFieldName(name),
      type: 'text',
      index: true,
      admin: { hidden: true },
      access: { read: isStaff, create: nobody, update: nobody },
    })),
  ]
}
