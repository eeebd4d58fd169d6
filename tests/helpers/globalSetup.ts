import { browserRequired, hasBrowser, missingBrowserMessage } from './browser'
import { mongoTestUri } from './databases'
import { fullDepth } from './depth'
import { testTmpDir } from './tmpdir'
import { hasVarnish, missingVarnishMessage, varnishRequired } from './varnish'

export default function globalSetup(): void {
  if (fullDepth())
    console.log(
      '[relato] Depth: full (TEST_DEPTH=full) — production build included, full random case counts.',
    )
  else {
    console.log(
      '[relato] Depth: quick — no production build (production-start runs its start-up checks only), ' +
        'fewer random cases. TEST_DEPTH=full runs the whole set, as CI does.',
    )
  }
  const tmp = testTmpDir()
  if (tmp)
    console.log(
      `[relato] Temporary files: ${tmp} (memory; RELATO_TEST_TMPDIR=system keeps them on disk).`,
    )
  if (mongoTestUri()) {
    console.log('[relato] MongoDB: the integration suite also runs against MONGODB_TEST_URI.')
  } else {
    console.log(
      '[relato] MongoDB: SKIPPED — MONGODB_TEST_URI is not set; integration suites run on SQLite only. ' +
        'Set MONGODB_TEST_URI=mongodb://host:27017/?replicaSet=rs0 to run them on MongoDB too.',
    )
  }
  if (!hasBrowser()) {
    console.log(
      browserRequired()
        ? `[relato] Browser: MISSING — REQUIRE_BROWSER=1 and ${missingBrowserMessage()}; the browser suites fail.`
        : `[relato] Browser: SKIPPED — ${missingBrowserMessage()}; tests/browser/* and the browser parts of ` +
            'production-start are skipped. Set REQUIRE_BROWSER=1 to make a missing browser a failure.',
    )
  }
  if (!hasVarnish()) {
    console.log(
      varnishRequired()
        ? `[relato] Varnish: MISSING — REQUIRE_VARNISH=1 and ${missingVarnishMessage()}; tests/integration/varnish.test.ts fails.`
        : `[relato] Varnish: SKIPPED — ${missingVarnishMessage()}; tests/integration/varnish.test.ts is skipped. ` +
            'Set REQUIRE_VARNISH=1 to make a missing varnishd a failure.',
    )
  }
}
