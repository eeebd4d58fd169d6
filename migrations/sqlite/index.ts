import * as migration_20261127_151806_initial from './20261127_151806_initial';
import * as migration_20261127_164345_self_service_and_kits from './20261127_164345_self_service_and_kits';

export const migrations = [
  {
    up: migration_20261127_151806_initial.up,
    down: migration_20261127_151806_initial.down,
    name: '20261127_151806_initial',
  },
  {
    up: migration_20261127_164345_self_service_and_kits.up,
    down: migration_20261127_164345_self_service_and_kits.down,
    name: '20261127_164345_self_service_and_kits'
  },
];
