/** A campaign slug: lowercase letters and digits in words joined by single hyphens. */
export const SLUG_PATTERN = '[a-z0-9]+(?:-[a-z0-9]+)*'

const SLUG = new RegExp(`^${SLUG_PATTERN}$`)

export const isSlug = (value: string): boolean => SLUG.test(value)
