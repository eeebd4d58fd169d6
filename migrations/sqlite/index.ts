import * as migration_20261127_151806_initial from './20261127_151806_initial';
import * as migration_20261127_164345_self_service_and_kits from './20261127_164345_self_service_and_kits';
import * as migration_20261201_223713_lockdown_and_public_changes from './20261201_223713_lockdown_and_public_changes';
import * as migration_20261202_020251_public_pages_kits_sealed_signoff from './20261202_020251_public_pages_kits_sealed_signoff';
import * as migration_20261202_050555_people_resources_recordings_clues from './20261202_050555_people_resources_recordings_clues';
import * as migration_20261202_075519_resource_audio from './20261202_075519_resource_audio';

export const migrations = [
  {
    up: migration_20261127_151806_initial.up,
    down: migration_20261127_151806_initial.down,
    name: '20261127_151806_initial',
  },
  {
    up: migration_20261127_164345_self_service_and_kits.up,
    down: migration_20261127_164345_self_service_and_kits.down,
    name: '20261127_164345_self_service_and_kits',
  },
  {
    up: migration_20261201_223713_lockdown_and_public_changes.up,
    down: migration_20261201_223713_lockdown_and_public_changes.down,
    name: '20261201_223713_lockdown_and_public_changes',
  },
  {
    up: migration_20261202_020251_public_pages_kits_sealed_signoff.up,
    down: migration_20261202_020251_public_pages_kits_sealed_signoff.down,
    name: '20261202_020251_public_pages_kits_sealed_signoff',
  },
  {
    up: migration_20261202_050555_people_resources_recordings_clues.up,
    down: migration_20261202_050555_people_resources_recordings_clues.down,
    name: '20261202_050555_people_resources_recordings_clues',
  },
  {
    up: migration_20261202_075519_resource_audio.up,
    down: migration_20261202_075519_resource_audio.down,
    name: '20261202_075519_resource_audio'
  },
];
