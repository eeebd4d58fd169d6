import type { CollectionConfig } from 'payload'

import { isStaff, nobody } from '../../src/access'
import { DEFAULT_BRAND, HEX_COLOUR } from '../../src/lib/brand'
import { InputError } from '../../src/lib/errors'
import { LOCALES } from '../../src/lib/locales'
import { isSlug } from '../../src/lib/slug'
import { campaignReadAccess, onlyVisibleFeatured } from '../../src/policy'
import { LANGUAGE_LABELS } from '../fields/language'

const hexColour = (value: string | null | undefined) =>
  !value || HEX_COLOUR.test(value) ? true : 'Use a colour like #1d4ed8.'

const httpUrl = (value: string | null | undefined) => {
  if (!value) return true
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol) ? true : 'Use an http(s) address.'
  } catch {
    return 'Use a full address, like https://example.org/act.'
  }
}

export const Campaigns: CollectionConfig = {
  slug: 'campaigns',
  disableDuplicate: true,
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'slug', 'status', 'startsAt'] },
  access: {
    read: campaignReadAccess,
    create: isStaff,
    update: isStaff,
    delete: isStaff,
  },
  fields: [
    {
      name: 'slug',
      type: 'text',
      required: true,
      unique: true,
      index: true,
      maxLength: 80,
      validate: (value: string | null | undefined) =>
        !value || isSlug(value) ? true : 'Use lowercase letters, digits and single hyphens.',
    },
    { name: 'title', type: 'text', required: true, localized: true, maxLength: 200 },
    { name: 'summary', type: 'textarea', localized: true, maxLength: 2000 },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'draft',
      index: true,
      options: ['draft', 'live', 'ended'],
      admin: { position: 'sidebar', description: 'Drafts are visible to editors only.' },
    },
    { name: 'startsAt', type: 'date', admin: { position: 'sidebar' } },
    { name: 'endsAt', type: 'date', admin: { position: 'sidebar' } },
    {
      name: 'hashtags',
      type: 'text',
      hasMany: true,
      maxRows: 10,
      validate: (value: string[] | null | undefined) =>
        (value ?? []).every((tag) => /^#?[\p{L}\p{N}_]+$/u.test(tag))
          ? true
          : 'Hashtags are letters, digits and underscores.',
    },
    {
      name: 'callToAction',
      type: 'group',
      fields: [
        { name: 'label', type: 'text', localized: true, maxLength: 80 },
        { name: 'url', type: 'text', localized: true, validate: httpUrl },
      ],
    },
    {
      name: 'brand',
      type: 'group',
      fields: [
        {
          name: 'primaryColor',
          type: 'text',
          defaultValue: DEFAULT_BRAND.primaryColor,
          validate: hexColour,
        },
        {
          name: 'accentColor',
          type: 'text',
          defaultValue: DEFAULT_BRAND.accentColor,
          validate: hexColour,
        },
        { name: 'logo', type: 'upload', relationTo: 'media' },
      ],
    },
    {
      name: 'featured',
      type: 'relationship',
      relationTo: ['stories', 'artworks'],
      hasMany: true,
      admin: {
        description:
          'In the order they should appear. Items without consent are never shown publicly.',
      },
      hooks: { afterRead: [onlyVisibleFeatured] },
    },
    {
      name: 'languages',
      type: 'select',
      hasMany: true,
      defaultValue: [...LOCALES],
      options: LOCALES.map((value) => ({ label: LANGUAGE_LABELS[value], value })),
    },
    {
      // Written by the kit job (src/kits/build.ts); staff see how far it is.
      name: 'kit',
      type: 'group',
      label: 'Social-media kit',
      admin: {
        position: 'sidebar',
        readOnly: true,
        components: { Field: '/src/admin/KitProgress#KitProgress' },
      },
      access: { read: isStaff, create: nobody, update: nobody },
      fields: [
        { name: 'state', type: 'select', options: ['queued', 'building', 'ready', 'failed'] },
        {
          name: 'progress',
          type: 'text',
          admin: { description: 'Images made so far, e.g. "12 of 40 images".' },
        },
        { name: 'done', type: 'number' },
        { name: 'total', type: 'number' },
        { name: 'builtAt', type: 'date', admin: { date: { pickerAppearance: 'dayAndTime' } } },
      ],
    },
  ],
  hooks: {
    beforeValidate: [
      ({ data }) => {
        if (data?.startsAt && data?.endsAt && new Date(data.endsAt) <= new Date(data.startsAt)) {
          throw new InputError('A campaign must end after it starts.')
        }
        return data
      },
    ],
  },
}
