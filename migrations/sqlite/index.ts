import * as migration_20261127_142904_initial from './20261127_142904_initial';

export const migrations = [
  {
    up: migration_20261127_142904_initial.up,
    down: migration_20261127_142904_initial.down,
    name: '20261127_142904_initial'
  },
];
