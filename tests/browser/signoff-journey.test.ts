import { beforeAll, expect, it } from 'vitest'

import { plainTextToSlate } from '../../src/lib/slate'
import { useTestApp } from '../helpers/app'
import { describeWithBrowser, expectAccessible, useBrowser } from '../helpers/browser'
import { expectStatus } from '../helpers/fixtures'
import { addSpanishConsentText } from '../helpers/selfService'
import { FULL_CHECKLIST, secondEditor } from '../helpers/stories'

// Issue 15's journey in Spanish, in a real browser: the storyteller submits, an editor edits the
// body, the storyteller sees the before/after and the previews and approves, editors publish
// (four eyes) and the story page shows exactly the approved words.

const SUBMITTED =
  'Llegué con mi hija en invierno, sin conocer a nadie.\n\nLa vecina del segundo piso nos prestó mantas la primera noche.'
const EDITED =
  'Llegué con mi hija en invierno, sin conocer a nadie.\n\nUna vecina nos prestó mantas la primera noche.'

describeWithBrowser('sign-off of an edited story, in Spanish, in a real browser', () => {
  const app = useTestApp('sqlite', { editor: 'editor' })
  const browser = useBrowser()

  beforeAll(async () => {
    await addSpanishConsentText(app)
  })

  it('submit → an editor edits → the storyteller sees the change and approves → published as approved', async () => {
    // axe-core is injected as a script, which the pages' CSP would block; the CSP has its own tests.
    const context = await browser.newContext({ locale: 'es-ES', bypassCSP: true })
    const page = await context.newPage()

    // 1. The storyteller submits in Spanish.
    await page.goto(`${app.server.url}/submit`)
    expect(await page.getAttribute('html', 'lang')).toBe('es')
    await page.fill('#story', SUBMITTED)
    await page.getByLabel('Seudónimo (opcional)').fill('Luz')
    await page.getByLabel('Ciudad o barrio (opcional)').fill('Boyle Heights')
    await page.getByLabel('Publicar en el sitio').check()
    await Promise.all([
      page.waitForURL(/\/my-story\/[A-Za-z0-9_-]{43}\?lang=es&new=1$/),
      page.getByRole('button', { name: 'Enviar mi historia' }).click(),
    ])
    const link = page.url().split('?')[0]
    const id = (await (await fetch(link.replace('/my-story/', '/api/public/my-story/'))).json())
      .id as string

    // 2. An editor takes out a detail (a neighbour's floor could point to a building): from the
    // body, and from the title the form made of its opening words.
    const editor = app.people.editor.token
    const second = (await secondEditor(app)).token
    const patch = (data: Record<string, unknown>, token: string) =>
      app.api.patch(`/api/stories/${id}?locale=es`, data, { token })
    expectStatus(
      await patch(
        {
          title: 'Llegué con mi hija en invierno',
          body: plainTextToSlate(EDITED),
          safetyChecklist: FULL_CHECKLIST,
        },
        editor,
      ),
      200,
    )
    expectStatus(await patch({ status: 'in_review' }, editor), 200)
    // Four eyes: the editor who changed the words may not approve them.
    expectStatus(await patch({ status: 'approved' }, editor), 403)
    expectStatus(await patch({ status: 'approved' }, second), 200)
    // Not before the storyteller has seen it.
    expectStatus(await patch({ status: 'published' }, editor), 400)

    // 3. The storyteller opens their page: the change, before and after, and the previews.
    await page.goto(`${link}?lang=es`)
    const review = page.locator('#review')
    await expect(review.getAttribute('data-review-state')).resolves.toBe('awaiting_storyteller')
    await expect(review.getByRole('heading', { name: 'Qué cambió' }).count()).resolves.toBe(1)
    const change = review.locator('.changes li').filter({ hasText: 'Historia' })
    await expect(change.locator('del').textContent()).resolves.toContain('segundo piso')
    await expect(change.locator('ins').textContent()).resolves.toContain('Una vecina nos prestó')
    const title = review.locator('.changes li').filter({ hasText: 'Título' })
    await expect(title.locator('ins').textContent()).resolves.toBe('Llegué con mi hija en invierno')
    await expect(review.getByRole('heading', { name: 'Cómo se vería' }).count()).resolves.toBe(1)
    await expect(review.locator('.previews').textContent()).resolves.toContain('En nuestro sitio')
    await expect(review.locator('.previews').textContent()).resolves.toContain('Luz')
    await expectAccessible(page, 'management page, a version waiting')

    await Promise.all([
      page.waitForURL(/done=approved/),
      review.getByRole('button', { name: 'Apruebo esta versión' }).click(),
    ])
    await expect(
      page.getByText('Gracias. Aprobaste esta versión', { exact: false }).count(),
    ).resolves.toBe(1)
    await expect(page.locator('#review').getAttribute('data-review-state')).resolves.toBe(
      'approved',
    )
    await expectAccessible(page, 'management page, approved')

    // 4. Published by the editor, after the second editor's approval of this version.
    expectStatus(await patch({ status: 'published' }, editor), 200)

    // 5. The story page shows the approved words, and not the ones taken out.
    const response = await page.goto(`${app.server.url}/stories/${id}?lang=es`)
    expect(response?.status()).toBe(200)
    const shown = (await page.locator('main').textContent()) ?? ''
    expect(shown).toContain('Una vecina nos prestó mantas la primera noche.')
    expect(shown).not.toContain('segundo piso')
    await expectAccessible(page, 'story page')
    await context.close()
  })
})
