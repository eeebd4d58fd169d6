import type { CollectionConfig } from 'payload'

import { isStaff } from '../../src/access'
import { campaignReadAccess } from '../../src/policy'

export const Campaigns: CollectionConfig = {
  slug: 'campaigns',
  admin: { useAsTitle: 'title', defaultColumns: ['title', 'slug', 'updatedAt'] },
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
        !value || /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value) ? true : 'Use lowercase letters, digits and single hyphens.',
    },
    { name: 'title', type: 'text', required: true, localized: true, maxLength: 200 },
    { name: 'summary', type: 'textarea', localized: true, maxLength: 2000 },
    {
      name: 'hashtags',
      type: 'text',
      hasMany: true,
      maxRows: 10,
      validate: (value: string[] | null | undefined) =>
        (value ?? []).every((tag) => /^#?[\p{L}\p{N}_]+$/u.test(tag)) ? true : 'Hashtags are letters, digits and underscores.',
    },
  ],
}
