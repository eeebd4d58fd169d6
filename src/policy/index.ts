// The consent and visibility policy: the only code that decides what is public.
export * from './access'
export * from './consent'
export * from './media'
export * from './own'
export * from './projection'
export * from './scopes'
export * from './visibility'
export * from './social'
