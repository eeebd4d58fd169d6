// The surface matrix's expectations: what each role may do through each operation Payload
// exposes, per collection and global. surface-matrix.test.ts reads the running config and fails
// for any collection, global, field, endpoint or GraphQL operation that is not named here, so
// anything new starts out unreviewed (default deny) until someone writes down who may use it.

export const ROLES = [
  'anonymous',
  'owner',
  'other',
  'artist',
  'partner',
  'editor',
  'admin',
] as const
export type Role = (typeof ROLES)[number]

const STAFF: Role[] = ['editor', 'admin']
const SIGNED_IN: Role[] = ['owner', 'other', 'artist', 'partner', 'editor', 'admin']
const ALL: Role[] = [...ROLES]

/**
 * Who may do what with a collection's seeded document (the one carrying its canaries):
 * `list` may call find/count (others get 403), `read` may read that document, and so on.
 */
export type CollectionRule = {
  list: Role[]
  read: Role[]
  create: Role[]
  update: Role[]
  delete: Role[]
  /** Every field of the collection (as Payload sanitized it), reviewed: who may read it. */
  fields: string[]
  /** Bulk update (PATCH with a where) is refused even to those who may update one document. */
  noBulkUpdate?: true
}

const nobody: Role[] = []

/** The fields media and recordings have alike as upload collections, besides their own. */
const UPLOAD_FIELDS = [
  'prefix',
  '_objectKey',
  'updatedAt',
  'createdAt',
  'url',
  'thumbnailURL',
  'filename',
  'mimeType',
  'filesize',
  'width',
  'height',
  'focalX',
  'focalY',
]

export const COLLECTIONS: Record<string, CollectionRule> = {
  stories: {
    // Anyone lists (the public sees only what the site shows); the seeded one is the owner's draft.
    list: ALL,
    read: ['owner', ...STAFF],
    create: ['owner', 'other', ...STAFF],
    update: ['owner', ...STAFF],
    delete: ['admin'],
    fields: [
      'title',
      'body',
      'pullQuote',
      'language',
      'displayName',
      'pseudonym',
      'location',
      'themes',
      'campaigns',
      'images',
      'recordings',
      'transcript',
      'status',
      'publishedAt',
      'owner',
      'createdBy',
      'contentChangedBy',
      'sentToReviewBy',
      'approvedBy',
      'consent',
      'reviewNotes',
      'safetyChecklist',
      'contentNotes',
      // Everyone else in the item (issue 15): staff and the owner.
      'people',
      // An editor's reason to tick the checklist over a clue the finder flagged: staff only.
      'clueOverride',
      'storytellerReview',
      'legalName',
      'contactEmail',
      'contactPhone',
      'managementTokenHash',
      'contactRetention',
      'sealId',
      'contactEmailIndex',
      'contactPhoneIndex',
      'updatedAt',
      'createdAt',
    ],
  },
  artworks: {
    list: ALL,
    read: ['artist', ...STAFF],
    create: ['artist', ...STAFF],
    update: ['artist', ...STAFF],
    delete: ['admin'],
    fields: [
      'title',
      'artist',
      'creditLine',
      'medium',
      'year',
      'description',
      'image',
      'recordings',
      'transcript',
      'licence',
      'status',
      'publishedAt',
      'owner',
      'createdBy',
      'contentChangedBy',
      'sentToReviewBy',
      'approvedBy',
      'consent',
      'contentNotes',
      // Everyone else in the item (issue 15): staff and the owner.
      'people',
      'storytellerReview',
      'legalName',
      'contactEmail',
      'contactPhone',
      'contactRetention',
      'sealId',
      'contactEmailIndex',
      'contactPhoneIndex',
      'updatedAt',
      'createdAt',
    ],
  },
  campaigns: {
    // The seeded campaign is a draft.
    list: ALL,
    read: STAFF,
    create: STAFF,
    update: STAFF,
    delete: STAFF,
    fields: [
      'slug',
      'title',
      'summary',
      'status',
      'startsAt',
      'endsAt',
      'hashtags',
      'callToAction',
      'brand',
      'featured',
      'languages',
      'kit',
      'updatedAt',
      'createdAt',
    ],
  },
  resources: {
    // Staff only over Payload's API (the seeded one is a draft); the public reads the read model.
    list: STAFF,
    read: STAFF,
    create: STAFF,
    update: STAFF,
    delete: STAFF,
    fields: [
      'kind',
      'title',
      'summary',
      'body',
      'card',
      'phones',
      'area',
      'url',
      'languages',
      'audio',
      'campaigns',
      'themes',
      'reviewedBy',
      'reviewedAt',
      'nextReviewAt',
      'overdue',
      'status',
      'sourceLanguage',
      'sourceVersion',
      'translations',
      'publishedAt',
      'createdBy',
      'contentChangedBy',
      'sentToReviewBy',
      'approvedBy',
      'updatedAt',
      'createdAt',
    ],
  },
  'consent-records': {
    // Signed-in people list their own records (partners are refused); append-only for everyone.
    list: ['owner', 'other', 'artist', 'editor', 'admin'],
    read: ['owner', ...STAFF],
    // Anyone may ask; only the subject's owner and staff get a record made (prepareRecord).
    create: ['owner', ...STAFF],
    update: nobody,
    delete: nobody,
    fields: [
      'subject',
      'action',
      'scopes',
      'forPerson',
      'consentText',
      'method',
      'language',
      'collectedBy',
      'witness',
      'interpreter',
      'givenAt',
      'expiresAt',
      'guardianName',
      'evidence',
      'recordedAt',
      'recordedBy',
      'subjectKey',
      'subjectOwner',
      'sealId',
      'updatedAt',
      'createdAt',
    ],
  },
  'consent-texts': {
    // The seeded text is an inactive draft.
    list: ALL,
    read: STAFF,
    create: STAFF,
    update: STAFF,
    delete: nobody,
    fields: ['version', 'body', 'hash', 'active', 'updatedAt', 'createdAt'],
  },
  media: {
    // The seeded image is the owner's, on a story without `photo`: not public.
    list: ALL,
    read: ['owner', ...STAFF],
    create: ['owner', 'other', 'artist', ...STAFF],
    update: STAFF,
    delete: STAFF,
    fields: [
      'alt',
      'containsPeople',
      'pixelateFaces',
      'facesFound',
      'redactions',
      'uploadedBy',
      ...UPLOAD_FIELDS,
      'sizes',
    ],
  },
  recordings: {
    // The seeded recording is the owner's, on no public item: not public.
    list: ALL,
    read: ['owner', ...STAFF],
    create: ['owner', 'other', 'artist', ...STAFF],
    update: STAFF,
    delete: STAFF,
    fields: ['duration', 'peaks', 'opusFilename', 'uploadedBy', ...UPLOAD_FIELDS],
  },
  users: {
    // The seeded user is the owner: themselves and admins.
    list: SIGNED_IN,
    read: ['owner', 'admin'],
    create: ['admin'],
    update: ['owner', 'admin'],
    delete: ['admin'],
    fields: [
      'displayName',
      'role',
      'updatedAt',
      'createdAt',
      'enableAPIKey',
      'apiKey',
      'apiKeyIndex',
      'hasAPIKey',
      'email',
      'resetPasswordToken',
      'resetPasswordExpiration',
      'salt',
      'hash',
      'resetPasswordRequestedAt',
      'loginAttempts',
      'lockUntil',
      'sessions',
    ],
  },
  partners: {
    list: STAFF,
    read: STAFF,
    create: ['admin'],
    update: ['admin'],
    delete: ['admin'],
    fields: [
      'organisation',
      'allowedOrigins',
      'campaigns',
      'active',
      'apiKeyHint',
      'apiKeyHash',
      'updatedAt',
      'createdAt',
    ],
  },
  'audit-log': {
    list: ['admin'],
    read: ['admin'],
    create: nobody,
    update: nobody,
    delete: nobody,
    fields: ['at', 'actor', 'action', 'subject', 'from', 'to', 'details', 'updatedAt', 'createdAt'],
  },
  'consent-tombstones': {
    list: ['admin'],
    read: ['admin'],
    create: nobody,
    update: nobody,
    delete: nobody,
    fields: ['subject', 'erasedAt', 'erasedBy', 'events', 'updatedAt', 'createdAt'],
  },
  'kit-assets': {
    list: STAFF,
    read: STAFF,
    create: nobody,
    update: nobody,
    delete: nobody,
    fields: [
      'key',
      'campaign',
      'subject',
      'card',
      'format',
      'lang',
      'hash',
      'needs',
      'media',
      'filename',
      'mimeType',
      'bytes',
      'crc32',
      'width',
      'height',
      'alt',
      'updatedAt',
      'createdAt',
    ],
  },
  'payload-locked-documents': {
    // Everyone signed in may ask (the admin does for whoever opens a document) and sees only
    // their own locks; staff lock what they may change. The seeded lock is an editor's.
    list: SIGNED_IN,
    read: STAFF,
    create: STAFF,
    update: STAFF,
    delete: STAFF,
    // A lock is checked against the document it is about, which a bulk update does not name.
    noBulkUpdate: true,
    fields: ['document', 'globalSlug', 'user', 'updatedAt', 'createdAt'],
  },
  'payload-preferences': {
    // Only one's own; the seeded preference is the owner's.
    list: SIGNED_IN,
    read: ['owner'],
    create: SIGNED_IN,
    update: ['owner'],
    delete: ['owner'],
    fields: ['user', 'key', 'value', 'updatedAt', 'createdAt'],
  },
  'payload-jobs': {
    list: nobody,
    read: nobody,
    create: nobody,
    update: nobody,
    delete: nobody,
    fields: [
      'input',
      'taskStatus',
      'completedAt',
      'totalTried',
      'hasError',
      'error',
      'log',
      'taskSlug',
      'queue',
      'waitUntil',
      'processing',
      'concurrencyKey',
      'meta',
      'updatedAt',
      'createdAt',
    ],
  },
  // Payload's key-value store: served, but to no one.
  'payload-kv': {
    list: nobody,
    read: nobody,
    create: nobody,
    update: nobody,
    delete: nobody,
    fields: ['key', 'data'],
  },
  // The change signal between server processes: served over REST (no GraphQL), to no one.
  'public-changes': {
    list: nobody,
    read: nobody,
    create: nobody,
    update: nobody,
    delete: nobody,
    fields: ['keys', 'origin', 'updatedAt', 'createdAt'],
  },
  // No REST endpoints, no GraphQL: the Local API only.
  'payload-migrations': {
    list: nobody,
    read: nobody,
    create: nobody,
    update: nobody,
    delete: nobody,
    fields: ['name', 'batch', 'updatedAt', 'createdAt'],
  },
}

/** Collections Payload serves no REST or GraphQL for (endpoints: false, graphQL: false). */
export const NOT_SERVED = ['payload-migrations']

export const GLOBALS: Record<string, { read: Role[]; update: Role[]; fields: string[] }> = {
  // Payload's record of when each scheduled task last ran (the kit expiry sweep): to no one.
  'payload-jobs-stats': { read: [], update: [], fields: ['stats', 'updatedAt', 'createdAt'] },
  // The emergency stop: admins only.
  safety: {
    read: ['admin'],
    update: ['admin'],
    fields: ['publicPaused', 'pausedCampaigns', 'reason', 'updatedAt', 'createdAt'],
  },
}

/**
 * Every REST endpoint the config serves, as `METHOD path` under its collection or global; the
 * test calls the ones named in OPERATIONS for every role and requires the rest to be listed
 * here with the reason they are not called for every role.
 */
export const OPERATIONS = [
  'GET /count',
  'POST /',
  'DELETE /',
  'DELETE /:id',
  'POST /access/:id?',
  'GET /',
  'GET /:id',
  'PATCH /',
  'PATCH /:id',
] as const

export const OTHER_ENDPOINTS: Record<string, string> = {
  // users (auth): called in their own cells below, or harmless without a session.
  'users POST /login': 'login cell',
  'users POST /logout': "ends the caller's session; tested elsewhere (users.test.ts)",
  'users POST /unlock': 'unlock cell',
  'users POST /refresh-token': 'refresh cell',
  'users GET /me': 'me cell',
  'users POST /first-register': 'first-register cell',
  'users POST /forgot-password': 'forgot cell',
  'users POST /reset-password': 'reset cell',
  'users GET /init': 'init cell',
  // Relato's own.
  'consent-records GET /:id/receipt': 'receipt cell',
  'partners POST /:id/rotate-key': 'rotate cell',
  'stories GET /:id/moves': 'moves cell',
  'artworks GET /:id/moves': 'moves cell',
  'stories GET /:id/clues': 'clue-finder.test.ts (staff only; everyone else 403 before any lookup)',
  'artworks GET /:id/clues':
    'clue-finder.test.ts (staff only; everyone else 403 before any lookup)',
  'stories GET /:id/storyteller-review':
    'storyteller-review.test.ts (owner or staff; anyone else 403/404)',
  'stories POST /:id/storyteller-review/approve':
    'storyteller-review.test.ts (owner or staff; anyone else 403/404)',
  'stories POST /:id/storyteller-review/request-changes':
    'storyteller-review.test.ts (owner or staff; anyone else 403/404)',
  'stories POST /:id/storyteller-review/offline':
    'storyteller-review.test.ts (owner or staff; anyone else 403/404)',
  'artworks GET /:id/storyteller-review':
    'storyteller-review.test.ts (owner or staff; anyone else 403/404)',
  'artworks POST /:id/storyteller-review/approve':
    'storyteller-review.test.ts (owner or staff; anyone else 403/404)',
  'artworks POST /:id/storyteller-review/request-changes':
    'storyteller-review.test.ts (owner or staff; anyone else 403/404)',
  'artworks POST /:id/storyteller-review/offline':
    'storyteller-review.test.ts (owner or staff; anyone else 403/404)',
  'media GET /file/:filename': 'file cell',
  'media GET /paste-url/:id?': 'paste-url cell',
  'recordings GET /audio/:filename': 'recording file cells',
  'recordings GET /file/:filename': 'recording file cells',
  'recordings GET /paste-url/:id?': 'paste-url cell',
  'payload-preferences GET /:key': 'preference cells',
  'payload-preferences DELETE /:key': 'preference cells',
  'payload-preferences POST /:key': 'preference cells',
  'payload-jobs GET /run': 'jobs cell',
  // Payload's scheduled-task record: refused to everyone (globals cell).
  'payload-jobs-stats POST /access': 'globals cell',
  'payload-jobs-stats GET /': 'globals cell',
  'payload-jobs-stats POST /': 'globals cell',
  'safety POST /access': 'globals cell (admins only)',
  'safety GET /': 'globals cell (admins only)',
  'safety POST /': 'globals cell (admins only); emergency-stop.test.ts',
  // Root.
  'root GET /access': '/api/access cell',
}

/**
 * What people other than staff may filter (`where`) and sort on, per collection: only fields
 * that every document they can read shows in full. Everything else, system timestamps and
 * fields that do not exist included, is refused with one and the same 400.
 */
export const PUBLIC_QUERYABLE: Record<string, string[]> = {
  stories: ['id'],
  artworks: ['id'],
  media: ['id', 'alt'],
  recordings: ['id'],
  campaigns: ['id', 'slug', 'title', 'status', 'startsAt', 'endsAt', 'languages'],
}
