import * as migration_20261127_133752_initial from './20261127_133752_initial';
import * as migration_20261127_135218_consent_ledger_stories_artworks from './20261127_135218_consent_ledger_stories_artworks';

export const migrations = [
  {
    up: migration_20261127_133752_initial.up,
    down: migration_20261127_133752_initial.down,
    name: '20261127_133752_initial',
  },
  {
    up: migration_20261127_135218_consent_ledger_stories_artworks.up,
    down: migration_20261127_135218_consent_ledger_stories_artworks.down,
    name: '20261127_135218_consent_ledger_stories_artworks'
  },
];
