import type { CollectionConfig, Field } from 'payload'

import { isStaff, nobody } from '../../src/access'
import { now } from '../../src/lib/clock'
import { whyNotCoarse } from '../../src/lib/coarseLocation'
import { LOCALES } from '../../src/lib/locales'
import { canonicalLanguageTag, validateLanguageTags } from '../../src/lib/languageTags'
import { RESOURCE_KINDS } from '../../src/policy/resources'
import { findClues } from '../../src/workflow/clues'
import { LANGUAGE_LABELS } from '../fields/language'
import { createdByField, fourEyesFields, publishedAtField, statusField } from '../fields/workflow'
import { trackTranslations } from './hooks/translations'
import { staffRecording } from './hooks/audio'
import { auditStatusChange } from '../../src/workflow/hooks'
import { resourceWorkflow } from './hooks/workflow'

/** A service area or neighbourhood, never a street address (a safe place's address endangers it). */
export function whyNotArea(value: string): string | null {
  if (findClues(value).some((clue) => clue.kind === 'address'))
    return 'it looks like a street address'
  return whyNotCoarse(value)
}

const httpUrl = (value: string | null | undefined) => {
  if (!value) return true
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol) ? true : 'Use an http(s) address.'
  } catch {
    return 'Use a full address, like https://example.org/help.'
  }
}

/** Digits, spaces, +, -, ., parentheses and an extension: what a dialler can take. */
const PHONE = /^\+?[\d\s().-]{3,30}(\s*(x|ext\.?)\s*\d{1,6})?$/i

const languageTags = (description: string): Field => ({
  name: 'languages',
  type: 'text',
  hasMany: true,
  maxRows: 40,
  admin: { description },
  validate: validateLanguageTags,
})

/** At most one recording per language (`es` and `ES` are the same language). */
const oneRecordingPerLanguage = (value: unknown): true | string => {
  const rows = Array.isArray(value) ? (value as { language?: unknown }[]) : []
  const seen = new Set<string>()
  for (const row of rows) {
    const tag = canonicalLanguageTag(row?.language) ?? String(row?.language)
    if (seen.has(tag)) return `Only one audio version per language: ${tag} is there twice.`
    seen.add(tag)
  }
  return true
}

/** Written by the system only (hooks); staff read them. */
const system = (field: Field): Field =>
  ({
    ...field,
    admin: { ...field.admin, position: 'sidebar', readOnly: true },
    access: { read: isStaff, create: nobody, update: nobody },
  }) as Field

/**
 * Know-your-rights cards, hotlines, legal aid, mental-health support, sanctuary (issue 16): the
 * organisation's own content, written by staff, public only through the public API, pages,
 * embed and feed (src/policy/resources.ts decides), and only until `nextReviewAt`.
 * Payload's REST and GraphQL are for staff only: the public reads the read model.
 */
export const Resources: CollectionConfig = {
  slug: 'resources',
  disableDuplicate: true,
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'kind', 'status', 'nextReviewAt', 'overdue'],
    description:
      'Past its next review date a resource disappears from every public page, API, embed and feed: check it and move the date.',
  },
  access: { read: isStaff, create: isStaff, update: isStaff, delete: isStaff },
  hooks: {
    beforeChange: [resourceWorkflow, trackTranslations],
    afterChange: [auditStatusChange('resources')],
  },
  fields: [
    {
      name: 'kind',
      type: 'select',
      required: true,
      index: true,
      options: [...RESOURCE_KINDS],
    },
    { name: 'title', type: 'text', required: true, localized: true, maxLength: 200 },
    { name: 'summary', type: 'textarea', localized: true, maxLength: 600 },
    { name: 'body', type: 'richText', localized: true },
    {
      name: 'card',
      type: 'group',
      admin: {
        description: 'The two sides of a know-your-rights card.',
        condition: (data) => data?.kind === 'know-your-rights',
      },
      fields: [
        {
          name: 'doThis',
          type: 'textarea',
          localized: true,
          maxLength: 600,
          admin: { description: 'What the person should do.' },
        },
        {
          name: 'toAgent',
          type: 'textarea',
          localized: true,
          maxLength: 600,
          admin: { description: 'The statement the person can hand or read to an agent.' },
        },
      ],
    },
    {
      name: 'phones',
      type: 'array',
      maxRows: 10,
      fields: [
        {
          name: 'number',
          type: 'text',
          required: true,
          validate: (value: string | null | undefined) =>
            !value || PHONE.test(value.trim()) ? true : 'Use a phone number, like +1 213 555 0100.',
        },
        { name: 'hours', type: 'text', localized: true, maxLength: 120 },
        languageTags('Languages answered on this line (BCP 47 tags: en, es, zap, quc, mix…).'),
      ],
    },
    {
      name: 'area',
      type: 'text',
      maxLength: 120,
      admin: { description: 'A neighbourhood or service area, never a street address.' },
      validate: (value: string | null | undefined) => {
        const why = value ? whyNotArea(value) : null
        return why ? `Area must be a neighbourhood or service area: ${why}.` : true
      },
    },
    { name: 'url', type: 'text', maxLength: 500, validate: httpUrl },
    languageTags('Languages served (BCP 47 tags: en, es, zap, quc, mix…).'),
    {
      // For people who do not read (issue 16): public only while the resource is public in that
      // language (src/policy/resources.ts `projectResource`).
      name: 'audio',
      type: 'array',
      maxRows: 40,
      validate: oneRecordingPerLanguage,
      admin: { description: 'A recording of this resource read aloud, one per language.' },
      fields: [
        {
          name: 'language',
          type: 'text',
          required: true,
          admin: { description: 'BCP 47 tag: en, es, zap, quc, mix…' },
          validate: validateLanguageTags,
        },
        {
          name: 'recording',
          type: 'upload',
          relationTo: 'recordings',
          required: true,
          validate: staffRecording,
        },
      ],
    },
    { name: 'campaigns', type: 'relationship', relationTo: 'campaigns', hasMany: true },
    { name: 'themes', type: 'text', hasMany: true, maxRows: 12 },
    {
      name: 'reviewedBy',
      type: 'text',
      maxLength: 200,
      admin: {
        position: 'sidebar',
        description: 'Who checked it (a lawyer for legal content). Not shown publicly.',
      },
    },
    { name: 'reviewedAt', type: 'date', admin: { position: 'sidebar' } },
    {
      name: 'nextReviewAt',
      type: 'date',
      required: true,
      index: true,
      admin: { position: 'sidebar', description: 'Hidden from the public after this date.' },
    },
    {
      // Editors see at a glance what the public no longer sees (computed on read, not stored).
      name: 'overdue',
      type: 'checkbox',
      virtual: true,
      admin: { position: 'sidebar', readOnly: true },
      access: { create: nobody, update: nobody },
      hooks: {
        afterRead: [
          ({ siblingData }) =>
            Boolean(
              siblingData?.nextReviewAt &&
              new Date(siblingData.nextReviewAt as string).getTime() <= now().getTime(),
            ),
        ],
      },
    },
    // The stories' statuses, changed only through the workflow rules (hooks/workflow.ts).
    statusField({ moveButtons: false }),
    {
      name: 'sourceLanguage',
      type: 'select',
      options: LOCALES.map((value) => ({ value, label: LANGUAGE_LABELS[value] })),
      admin: {
        position: 'sidebar',
        description:
          'The language others are translated from (default: the one it was written in).',
      },
    },
    system({ name: 'sourceVersion', type: 'number', defaultValue: 0 }),
    system({
      name: 'translations',
      type: 'array',
      fields: [
        { name: 'lang', type: 'select', options: [...LOCALES] },
        { name: 'sourceVersion', type: 'number' },
        { name: 'needsReview', type: 'checkbox' },
      ],
    }),
    publishedAtField(),
    createdByField(),
    ...fourEyesFields(),
  ],
}
