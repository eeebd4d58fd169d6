import * as migration_20261127_150600_initial from './20261127_150600_initial';

export const migrations = [
  {
    up: migration_20261127_150600_initial.up,
    down: migration_20261127_150600_initial.down,
    name: '20261127_150600_initial'
  },
];
