import fs from 'node:fs/promises'
import type { BrowserContext } from 'playwright-core'
import { beforeAll, expect, it } from 'vitest'

import { useTestApp } from '../helpers/app'
import { describeWithBrowser, expectAccessible, useBrowser } from '../helpers/browser'
import { expectStatus } from '../helpers/fixtures'
import { filesOf, localDisk } from '../helpers/media'
import { QUICK_EXIT_URL } from '../../src/selfservice/quickExit'
import { addSpanishConsentText } from '../helpers/selfService'
import { FULL_CHECKLIST, reviewAndPublish } from '../helpers/stories'

const STORY =
  'Llegué con mi hija en invierno.\n\nAprendimos el idioma juntas, palabra por palabra, en la biblioteca del barrio.'

describeWithBrowser('a storyteller’s whole journey in Spanish, in a real browser', () => {
  const app = useTestApp('sqlite', { editor: 'editor' })
  const browser = useBrowser()

  beforeAll(async () => {
    await addSpanishConsentText(app)
  })

  it('submits with a photo, keeps the link, changes scopes, withdraws and erases', async () => {
    // axe-core is injected as a script, which the pages' CSP (script-src none) would block; the
    // CSP itself is checked over HTTP.
    const context = await browser.newContext({
      locale: 'es-ES',
      bypassCSP: true,
      acceptDownloads: true,
    })
    const page = await context.newPage()
    const requested: string[] = []
    page.on('request', (request) => requested.push(request.url()))

    // 1. The form, in Spanish from the browser's language.
    await page.goto(`${app.server.url}/submit`)
    expect(await page.getAttribute('html', 'lang')).toBe('es')
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Comparte tu historia',
    )
    await expectAccessible(page, '/submit')
    await page.fill('#story', STORY)
    await page.getByLabel('Seudónimo (opcional)').fill('Luz')
    await page.getByLabel('Ciudad o barrio (opcional)').fill('Boyle Heights')
    await page.setInputFiles('#photos', 'tests/fixtures/face-astronaut.png')
    await page
      .getByLabel('Describe lo que muestran las fotos')
      .fill('Una persona con traje espacial.')
    await page.getByLabel('Difuminar las caras en mis fotos').check()
    await page.getByLabel('Publicar en el sitio').check()
    await page.getByLabel('Usar en redes sociales').check()
    await page.getByLabel('Mostrar mi foto').check()
    await Promise.all([
      page.waitForURL(/\/my-story\/[A-Za-z0-9_-]{43}\?lang=es&new=1$/),
      page.getByRole('button', { name: 'Enviar mi historia' }).click(),
    ])

    // 2. The management page, with the link to keep, shown once.
    const link = page.url().split('?')[0]
    await expect(page.locator('.link-box').textContent()).resolves.toBe(link)
    await expect(page.getByText('Guarda bien este enlace').count()).resolves.toBe(1)
    await expect(page.getByText('Enviado', { exact: true }).count()).resolves.toBe(1)
    const photoLoaded = await page
      .locator('.photos img')
      .evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)
    expect(photoLoaded).toBe(true)
    await expectAccessible(page, 'management page, new')

    // An editor publishes it; it is on the public API.
    const storyId = (
      await (await fetch(link.replace('/my-story/', '/api/public/my-story/'))).json()
    ).id as string
    const editor = app.people.editor.token
    expectStatus(
      await app.api.patch(
        `/api/stories/${storyId}?locale=es`,
        { safetyChecklist: FULL_CHECKLIST },
        { token: editor },
      ),
      200,
    )
    await reviewAndPublish(app, 'stories', storyId, 'editor', '?locale=es')
    expect((await app.api.get(`/api/public/stories/${storyId}`)).status).toBe(200)

    // 3. Change scopes: no more social media, partner sites yes.
    await page.goto(`${link}?lang=es`)
    await page.getByLabel('Usar en redes sociales').uncheck()
    await page.getByLabel('Compartir con sitios aliados').check()
    await Promise.all([
      page.waitForURL(/done=consent/),
      page.getByRole('button', { name: 'Guardar mi consentimiento' }).click(),
    ])
    await expect(page.getByText('Tu consentimiento se guardó.').count()).resolves.toBe(1)
    await expect(page.locator('#consent-heading + ul').textContent()).resolves.toBe(
      'Publicar en el sitioCompartir con sitios aliadosMostrar mi foto',
    )
    await expectAccessible(page, 'after changing scopes')

    // Download my data.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Descargar mis datos' }).click(),
    ])
    const exported = JSON.parse(await fs.readFile((await download.path())!, 'utf8'))
    expect(exported.consentRecords).toHaveLength(2)
    expect(exported.photos).toHaveLength(1)

    // 4. Withdraw: one click, one confirmation.
    await page.getByRole('link', { name: 'Retirar mi consentimiento' }).click()
    await page.waitForURL(/confirm=withdraw/)
    await expectAccessible(page, 'confirm withdrawal')
    await Promise.all([
      page.waitForURL(/done=withdrawn/),
      page.getByRole('button', { name: 'Sí, retirar mi consentimiento' }).click(),
    ])
    await expect(page.getByText('Retirado', { exact: true }).count()).resolves.toBe(1)
    expect((await app.api.get(`/api/public/stories/${storyId}`)).status).toBe(404)
    await expectAccessible(page, 'after withdrawal')

    // 5. Erase.
    const story = await app.instance.payload.findByID({
      collection: 'stories',
      id: storyId,
      depth: 1,
      overrideAccess: true,
    })
    // Sizes larger than the photo reuse the original's file: count each name once.
    expect(await localDisk.list(app.instance)).toEqual(
      [...new Set((story.images as Parameters<typeof filesOf>[0][]).flatMap(filesOf))].sort(),
    )
    await page.getByRole('link', { name: 'Borrar mi historia' }).click()
    await page.waitForURL(/confirm=erase/)
    await expectAccessible(page, 'confirm erasure')
    await page.getByRole('button', { name: 'Sí, borrar mi historia' }).click()
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Tu historia fue borrada',
    )
    await expectAccessible(page, 'erased')
    expect(await localDisk.list(app.instance)).toEqual([])

    // The link now opens nothing, like any link that never existed.
    const gone = await page.goto(link)
    expect(gone?.status()).toBe(404)
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'No hay nada aquí',
    )
    await expectAccessible(page, 'erased link')

    // Nothing was requested from any other host.
    expect(requested.filter((url) => !url.startsWith(app.server.url))).toEqual([])
    await context.close()
  })

  /** The neutral site, answered here: nothing leaves this machine. */
  const neutralSite = async (context: BrowserContext) =>
    context.route(`${QUICK_EXIT_URL}**`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>Weather</title><h1>Weather</h1>',
      }),
    )

  it('leaves at once with Escape pressed twice, under the real CSP, and Back does not return to the form', async () => {
    // No bypassCSP here: the quick-exit script must run under the pages' own policy.
    const context = await browser.newContext({ locale: 'en-US' })
    await neutralSite(context)
    const page = await context.newPage()
    const blocked: string[] = []
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text())
    })
    await page.goto(`${app.server.url}/submit?lang=es`)
    await page.goto(`${app.server.url}/submit?lang=en`)
    // The first Tab reaches the quick exit, before anything else.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('quick-exit')
    await page.fill('#story', 'Something I would not want seen.')
    await page.keyboard.press('Escape')
    await page.waitForTimeout(100)
    expect(page.url()).toContain('/submit?lang=en') // one press is not enough
    await Promise.all([page.waitForURL(QUICK_EXIT_URL), page.keyboard.press('Escape')])
    await expect(page.title()).resolves.toBe('Weather')
    // The form was replaced in the history: Back goes to the page before it.
    await page.goBack()
    expect(page.url()).toBe(`${app.server.url}/submit?lang=es`)
    expect(blocked).toEqual([])

    // The link does the same with a click.
    await page.goto(`${app.server.url}/submit?lang=en`)
    await Promise.all([
      page.waitForURL(QUICK_EXIT_URL),
      page.getByRole('link', { name: 'Quick exit' }).click(),
    ])
    await page.goBack()
    expect(page.url()).toBe(`${app.server.url}/submit?lang=es`)
    await context.close()
  })

  it('leaves by the link without JavaScript, and the form still works without it', async () => {
    const context = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false })
    await neutralSite(context)
    const page = await context.newPage()
    await page.goto(`${app.server.url}/submit?lang=en`)
    await Promise.all([
      page.waitForURL(QUICK_EXIT_URL),
      page.getByRole('link', { name: 'Quick exit' }).click(),
    ])
    await expect(page.title()).resolves.toBe('Weather')

    await page.goto(`${app.server.url}/submit?lang=en`)
    await page.fill('#story', 'We crossed at night.')
    await page.getByLabel('Detention').check()
    await page.getByLabel('Publish on the site').check()
    await Promise.all([
      page.waitForURL(/\/my-story\/[A-Za-z0-9_-]{43}\?lang=en&new=1$/),
      page.getByRole('button', { name: 'Send my story' }).click(),
    ])
    await expect(page.getByText('Content notes on your story: Detention').count()).resolves.toBe(1)
    await expect(page.getByRole('heading', { name: 'Your contact details' }).count()).resolves.toBe(
      1,
    )
    await expect(page.getByRole('link', { name: 'Quick exit' }).count()).resolves.toBe(1)
    await context.close()
  })

  it('has no serious accessibility problems in English or Spanish, with the form’s errors shown', async () => {
    const context = await browser.newContext({ bypassCSP: true })
    const page = await context.newPage()
    for (const lang of ['en', 'es']) {
      await page.goto(`${app.server.url}/submit?lang=${lang}`)
      await expectAccessible(page, `/submit?lang=${lang}`)
      // Sent empty: the error summary and every field's error.
      await page.evaluate(() => document.querySelector('#story')?.removeAttribute('required'))
      await page.locator('button[type=submit]').click()
      await page.waitForSelector('.error-summary')
      await expectAccessible(page, `/submit?lang=${lang} with errors`)
    }
    await context.close()
  })
})
