import type { Field } from 'payload'

/** A BCP 47 language tag: en, es, and any other language a story is told in. */
export const languageField = (): Field => ({
  name: 'language',
  type: 'text',
  required: true,
  defaultValue: 'en',
  maxLength: 35,
  validate: (value: string | null | undefined) =>
    !value || /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value) ? true : 'Use a language code such as en, es or zh-Hant.',
})
