import type { CollectionConfig, UploadConfig } from 'payload'

import { isStaff, nobody } from '../../src/access'
import { hasRole, isStaffUser } from '../../src/lib/roles'
import {
  hideRecordingTimestamps,
  recordingReadAccess,
  withPublicRecordingFields,
} from '../../src/policy'
import { removeReferencesTo } from '../Media/hooks/removeReferences'
import { fileForbiddenIsNotFound } from '../Media/serveFile'
import {
  processRecording,
  recordRecordingFacts,
  removeOpusCopy,
  storeOpusCopy,
} from './hooks/processRecording'
import { removeResourceAudio } from '../Resources/hooks/audio'
import { audioEndpoint, serveAudio } from './serveAudio'

const systemOnly = { create: nobody, update: nobody }

/** Voice recordings: cleaned by src/media/audio.ts, public only as src/policy/recordings.ts says. */
export const Recordings: CollectionConfig = {
  slug: 'recordings',
  disableDuplicate: true,
  // Storytellers reach their recordings: a lock they hold could keep editors from hiding one.
  lockDocuments: false,
  admin: { useAsTitle: 'filename', defaultColumns: ['filename', 'duration', 'updatedAt'] },
  access: {
    create: ({ req: { user } }) => isStaffUser(user) || hasRole(user, 'storyteller', 'artist'),
    read: recordingReadAccess,
    update: isStaff,
    delete: isStaff,
  },
  endpoints: [audioEndpoint],
  upload: {
    // The file picker's filter; the content is judged by src/media/audio.ts, never the name.
    mimeTypes: ['audio/*', 'video/mp4', 'video/3gpp', 'video/webm'],
    // Payload's own file route serves the M4A through the same checks as /audio/:filename.
    handlers: [
      ((req: Parameters<typeof serveAudio>[0], { params }: { params: { filename: string } }) =>
        serveAudio(req, params.filename)) as unknown as NonNullable<
        UploadConfig['handlers']
      >[number],
    ],
  },
  hooks: {
    beforeOperation: [processRecording],
    beforeChange: [recordRecordingFacts],
    afterChange: [storeOpusCopy],
    // Out of every story, artwork and resource first: nothing points at a recording that is gone.
    beforeDelete: [removeReferencesTo('recordings'), removeResourceAudio],
    afterDelete: [removeOpusCopy],
    afterRead: [hideRecordingTimestamps],
    afterError: [fileForbiddenIsNotFound],
  },
  fields: withPublicRecordingFields([
    {
      name: 'duration',
      type: 'number',
      admin: { readOnly: true, description: 'Seconds.' },
      access: systemOnly,
    },
    { name: 'peaks', type: 'json', admin: { hidden: true }, access: systemOnly },
    { name: 'opusFilename', type: 'text', admin: { readOnly: true }, access: systemOnly },
    {
      name: 'uploadedBy',
      type: 'relationship',
      relationTo: 'users',
      admin: { readOnly: true, position: 'sidebar' },
      access: systemOnly,
    },
  ]),
}
