import type {
  CollectionAfterChangeHook,
  CollectionBeforeChangeHook,
  CollectionConfig,
  Field,
} from 'payload'

import { staffOrOwnerField, subjectWriteAccess } from '../src/access/subjects'
import type { Role } from '../src/lib/roles'
import type { SubjectKind } from '../src/lib/subjects'
import {
  hideArraysFromPublic,
  hideTimestampsFromPublic,
  keepHeldOut,
  subjectReadAccess,
  withPublicFieldPolicy,
} from '../src/policy'
import { sealedField, sealSupportFields } from '../src/safety/fields'
import { retentionHoldField } from '../src/safety/retention'
import { cluesEndpoint } from '../src/workflow/clueEndpoint'
import { workflowHooks } from '../src/workflow/hooks'
import { movesEndpoint } from '../src/workflow/moves'
import { reviewEndpoints } from '../src/workflow/reviewEndpoints'
import { followSubjectOwner } from './ConsentRecords/hooks/followOwner'
import { ownContentField } from './fields/ownContent'
import {
  consentSummaryField,
  createdByField,
  fourEyesFields,
  ownerField,
  publishedAtField,
  statusField,
} from './fields/workflow'

/*
 * What stories and artworks — the items the consent law covers — share: the workflow fields, the
 * person's private fields, the retention and sealing fields, and the collection around them.
 * Each collection keeps its own content fields and their order.
 */

/** The editorial state and who moved it, in the sidebar. */
export const subjectWorkflowFields = (): Field[] => [
  statusField(),
  publishedAtField(),
  ownerField(),
  createdByField(),
  ...fourEyesFields(),
  consentSummaryField(),
]

/**
 * The person's legal name and contact: written as the creator's own content, read by staff and
 * the owner only, stored encrypted.
 */
export const subjectPrivateFields = (kind: SubjectKind, creator: Role): Field[] => {
  const ownContent = ownContentField(creator)
  const privateField = (field: Field): Field =>
    sealedField(kind, ownContent({ ...field, access: { read: staffOrOwnerField } } as Field))
  return [
    privateField({ name: 'legalName', type: 'text', maxLength: 200 }),
    privateField({ name: 'contactEmail', type: 'email' }),
    privateField({ name: 'contactPhone', type: 'text', maxLength: 40 }),
  ]
}

/** The legal hold on erasure and the fields the sealing of private values needs. */
export const subjectRetentionFields = (kind: SubjectKind): Field[] => [
  retentionHoldField(kind),
  ...sealSupportFields(kind),
]

type SubjectCollectionOptions = {
  kind: SubjectKind
  /** The role (besides staff) that may create one. */
  creator: Role
  defaultColumns: string[]
  /** Run before the workflow's own beforeChange hooks. */
  beforeChange?: CollectionBeforeChangeHook[]
  /** Run after the workflow's and the consent ledger's afterChange hooks. */
  afterChange?: CollectionAfterChangeHook[]
  fields: Field[]
}

/** A story or artwork collection: workflow endpoints and hooks, access and the public policy. */
export const subjectCollection = ({
  kind,
  creator,
  defaultColumns,
  beforeChange = [],
  afterChange = [],
  fields,
}: SubjectCollectionOptions): CollectionConfig => {
  const workflow = workflowHooks(kind)
  return {
    slug: kind,
    // Owners can reach their items: a lock they hold could keep editors from withdrawing or
    // archiving.
    lockDocuments: false,
    // A copy would carry someone else's private fields, images, credit and consent summary.
    disableDuplicate: true,
    admin: { useAsTitle: 'title', defaultColumns },
    endpoints: [movesEndpoint(kind), ...reviewEndpoints(kind), cluesEndpoint(kind)],
    access: { ...subjectWriteAccess(creator), read: subjectReadAccess(kind) },
    hooks: {
      beforeOperation: [keepHeldOut(kind)],
      beforeChange: [...beforeChange, ...workflow.beforeChange],
      afterChange: [...workflow.afterChange, followSubjectOwner(kind), ...afterChange],
      afterRead: [hideTimestampsFromPublic, hideArraysFromPublic('people')],
    },
    fields: withPublicFieldPolicy(kind, fields),
  }
}
