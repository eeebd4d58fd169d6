import * as migration_20261127_151806_initial from './20261127_151806_initial';
import * as migration_20261127_155315_self_service from './20261127_155315_self_service';

export const migrations = [
  {
    up: migration_20261127_151806_initial.up,
    down: migration_20261127_151806_initial.down,
    name: '20261127_151806_initial',
  },
  {
    up: migration_20261127_155315_self_service.up,
    down: migration_20261127_155315_self_service.down,
    name: '20261127_155315_self_service'
  },
];
