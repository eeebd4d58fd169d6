import * as migration_20261202_041500_seal_existing from './20261202_041500_seal_existing'

export const migrations = [
  {
    up: migration_20261202_041500_seal_existing.up,
    down: migration_20261202_041500_seal_existing.down,
    name: '20261202_041500_seal_existing',
  },
]
