import { mongoTestUri } from './databases'

export default function globalSetup(): void {
  if (mongoTestUri()) {
    console.log('[relato] MongoDB: the integration suite also runs against MONGODB_TEST_URI.')
  } else {
    console.log(
      '[relato] MongoDB: SKIPPED — MONGODB_TEST_URI is not set; integration suites run on SQLite only. ' +
        'Set MONGODB_TEST_URI=mongodb://host:27017/?replicaSet=rs0 to run them on MongoDB too.',
    )
  }
}
