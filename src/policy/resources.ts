/** What a resource is (issue 16): the names are part of the public API. */
export const RESOURCE_KINDS = [
  'know-your-rights',
  'hotline',
  'legal-aid',
  'mental-health',
  'sanctuary',
  'other',
] as const
export type ResourceKind = (typeof RESOURCE_KINDS)[number]
