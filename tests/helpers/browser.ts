import fs from 'node:fs'
import { createRequire } from 'node:module'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** Where the browser tests look for Chromium: `CHROMIUM_PATH`, else Debian's package. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium'

/** Whether a Chromium executable is there to drive. */
export function hasBrowser(): boolean {
  try {
    fs.accessSync(chromiumPath(), fs.constants.X_OK)
    return fs.statSync(chromiumPath()).isFile()
  } catch {
    return false
  }
}

/** CI sets REQUIRE_BROWSER=1: there a missing browser fails the run instead of skipping. */
export const browserRequired = (): boolean =>
  /^(1|true|yes)$/i.test(process.env.REQUIRE_BROWSER?.trim() ?? '')

export const missingBrowserMessage = (): string =>
  `no Chromium at ${chromiumPath()} (apt-get install chromium, or set CHROMIUM_PATH)`

/**
 * A suite that drives Chromium. Without a browser it is reported as skipped (globalSetup prints
 * the one SKIPPED line), unless REQUIRE_BROWSER=1: then it is one failing test that says why,
 * without booting anything the suite would have needed.
 */
export function describeWithBrowser(title: string, suite: () => void): void {
  if (hasBrowser()) describe(title, suite)
  else if (browserRequired()) {
    describe(title, () => {
      it('needs Chromium (REQUIRE_BROWSER=1)', () => {
        throw new Error(`REQUIRE_BROWSER=1 but ${missingBrowserMessage()}`)
      })
    })
  } else describe.skip(title, suite)
}

/** Debian's Chromium, headless, with nothing that reaches outside this machine. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function seriousA11yViolations(
  page: Page,
): Promise<{ id: string; help: string; nodes: string[] }[]> {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') })
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{
            violations: {
              id: string
              impact: string
              help: string
              nodes: { target: string[] }[]
            }[]
          }>
        }
      }
    ).axe
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    })
    return result.violations
  })
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      help: violation.help,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    }))
}

/** What the browser suites use of their Chromium: new pages and contexts. */
export type TestBrowser = Pick<Browser, 'newPage' | 'newContext'>

/**
 * Chromium for the enclosing suite: launched before its tests (in the order of the suite's other
 * `beforeAll` hooks) and closed after them.
 */
export function useBrowser(): TestBrowser {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })
  const launched = (): Browser => {
    if (!browser) throw new Error('Chromium is not running: useBrowser() inside a browser suite')
    return browser
  }
  return {
    newPage: (options) => launched().newPage(options),
    newContext: (options) => launched().newContext(options),
  }
}

/** Fails with the serious and critical axe-core violations on `page`, if any. */
export async function expectAccessible(page: Page, where?: string): Promise<void> {
  expect(await seriousA11yViolations(page), where).toEqual([])
}
