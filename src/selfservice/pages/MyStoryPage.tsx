import type { Locale } from '../../lib/locales'
import { SCOPE_LABELS, type Surface } from '../../policy/scopes'
import { STATUS_LABELS } from '../../workflow/statuses'
import type { ShownConsentText } from '../consentText'
import type { MyStory } from '../manage'
import type { SupportContact } from '../support'
import { TEXT } from '../text'
import { renderPage } from './Document'
import { ConsentFields } from './SubmitPage'
import { SupportContacts } from './SupportContacts'

export type Confirming = 'withdraw' | 'erase' | null
export type Done = 'consent' | 'withdrawn' | 'approved' | 'changes' | null

type Props = {
  lang: Locale
  token: string
  /** The page's absolute address, shown once after submitting so it can be kept. */
  pageUrl: string
  story: MyStory
  consentText: ShownConsentText | null
  isNew: boolean
  confirming: Confirming
  done: Done
  /** Emotional support, legal help and hotlines in the page's language (may be empty). */
  support: SupportContact[]
  error?: string
}

const date = (value: string | null | undefined, lang: Locale) =>
  value
    ? new Date(value).toLocaleDateString(lang === 'es' ? 'es' : 'en', {
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        timeZone: 'UTC',
      })
    : ''

const SURFACE_LABELS = {
  site: 'surfaceSite',
  embed: 'surfaceEmbed',
  social: 'surfaceSocial',
} as const

export function myStoryPage({
  lang,
  token,
  pageUrl,
  story,
  consentText,
  isNew,
  confirming,
  done,
  support,
  error,
}: Props): string {
  const text = TEXT[lang]
  const api = `/api/public/my-story/${token}`
  const page = `/my-story/${token}`
  const latestGrant = [...story.history].reverse().find((record) => record.action === 'grant')
  return renderPage({
    lang,
    path: page,
    title: text.manageTitle,
    noindex: true,
    children: (
      <>
        <h1>{text.manageTitle}</h1>
        {isNew ? (
          <div className="notice" role="status">
            <p>
              <strong>{text.keepLink}</strong>
            </p>
            <p>
              {text.yourLink}: <span className="link-box">{pageUrl}</span>
            </p>
          </div>
        ) : null}
        {done ? (
          <p className="notice" role="status">
            {
              {
                consent: text.doneConsent,
                withdrawn: text.doneWithdrawn,
                approved: text.doneApproved,
                changes: text.doneChanges,
              }[done]
            }
          </p>
        ) : null}
        {error ? (
          <p className="error-summary" role="alert">
            {error}
          </p>
        ) : null}
        {isNew ? <SupportContacts contacts={support} lang={lang} /> : null}

        <section aria-labelledby="story-heading">
          <h2 id="story-heading">{story.title}</h2>
          {story.pullQuote ? (
            <blockquote className="pull-quote">{story.pullQuote}</blockquote>
          ) : null}
          {story.contentNotes.length ? (
            <p className="content-notes">
              {text.yourContentNotes}:{' '}
              <span lang={story.language}>
                {story.contentNotes.map((note) => note.label).join(', ')}
              </span>
            </p>
          ) : null}
          <div className="prose" lang={story.language}>
            {story.body.split(/\n{2,}/).map((paragraph, index) => (
              <p key={index}>{paragraph}</p>
            ))}
          </div>
          {story.images.length ? (
            <ul className="photos">
              {story.images.map((image) => (
                <li key={image.id}>
                  <img
                    src={`${api}/images/${image.id}`}
                    alt={image.alt || text.photoAlt}
                    width={image.width ?? undefined}
                    height={image.height ?? undefined}
                  />
                </li>
              ))}
            </ul>
          ) : null}
          {story.recordings.map((recording, index) => (
            <figure className="recording" key={recording.id}>
              <figcaption id={`recording-${index}`}>{text.yourRecording}</figcaption>
              <audio
                controls
                preload="metadata"
                src={`${api}/recordings/${recording.id}`}
                aria-labelledby={`recording-${index}`}
              />
            </figure>
          ))}
        </section>

        {story.review.state === 'not_needed' ? null : (
          <Review lang={lang} api={api} story={story} />
        )}

        <section aria-labelledby="status-heading">
          <h2 id="status-heading">{text.status}</h2>
          <p>{STATUS_LABELS[story.status][lang]}</p>
          <h3>{text.visibleNow}</h3>
          <ul>
            {(Object.keys(SURFACE_LABELS) as Surface[]).map((surface) => (
              <li key={surface}>
                {text[SURFACE_LABELS[surface]]}: {story.visible[surface] ? text.yes : text.no}
              </li>
            ))}
          </ul>
        </section>

        <Retention lang={lang} retention={story.retention} />
        {isNew ? null : <SupportContacts contacts={support} lang={lang} />}

        <section aria-labelledby="consent-heading">
          <h2 id="consent-heading">{text.currentConsent}</h2>
          {story.consent ? (
            <>
              <ul>
                {story.consent.scopes.map((scope) => (
                  <li key={scope}>{SCOPE_LABELS[scope][lang]}</li>
                ))}
              </ul>
              <p>
                {text.givenAt} {date(story.consent.givenAt, lang)}. {text.expiresAt}:{' '}
                {story.consent.expiresAt ? date(story.consent.expiresAt, lang) : text.never}.
              </p>
              {story.consent.recordId ? (
                <p>
                  <a href={`${api}/receipts/${story.consent.recordId}`} download>
                    {text.receipt}
                  </a>
                </p>
              ) : null}
            </>
          ) : (
            <p>{text.noConsent}</p>
          )}
          <h3>{text.history}</h3>
          <ol className="history">
            {story.history.map((record) => (
              <li key={String(record.id)}>
                {date(record.recordedAt, lang)} —{' '}
                {record.action === 'grant' ? text.historyGrant : text.historyWithdraw}
                {record.scopes?.length
                  ? `: ${record.scopes.map((scope) => SCOPE_LABELS[scope][lang]).join(', ')}`
                  : ''}
              </li>
            ))}
          </ol>
        </section>

        {confirming === 'withdraw' ? (
          <Confirm
            lang={lang}
            action={`${api}/withdraw`}
            question={text.confirmWithdraw}
            button={text.confirmWithdrawButton}
            cancel={`${page}?lang=${lang}`}
          />
        ) : confirming === 'erase' ? (
          <Confirm
            lang={lang}
            action={`${api}/erase`}
            question={text.confirmErase}
            button={text.confirmEraseButton}
            cancel={`${page}?lang=${lang}`}
          />
        ) : (
          <>
            {consentText ? (
              <section aria-labelledby="change-heading">
                <h2 id="change-heading">{text.changeScopes}</h2>
                <p>{text.changeScopesIntro}</p>
                <form method="post" action={`${api}/consent`}>
                  <input type="hidden" name="lang" value={lang} />
                  <ConsentFields
                    lang={lang}
                    consentText={consentText}
                    chosen={story.consent?.scopes ?? []}
                    expiry={expiryOf(latestGrant?.givenAt, latestGrant?.expiresAt)}
                  />
                  <button type="submit">{text.saveScopes}</button>
                </form>
              </section>
            ) : null}
            {story.status !== 'withdrawn' ? (
              <section aria-labelledby="withdraw-heading">
                <h2 id="withdraw-heading">{text.withdraw}</h2>
                <p>{text.withdrawIntro}</p>
                <a className="button-link" href={`${page}?lang=${lang}&confirm=withdraw#confirm`}>
                  {text.withdraw}
                </a>
              </section>
            ) : null}
            <section aria-labelledby="download-heading">
              <h2 id="download-heading">{text.download}</h2>
              <p>{text.downloadIntro}</p>
              <a className="button-link secondary" href={`${api}/export`} download>
                {text.download}
              </a>
            </section>
            <section aria-labelledby="erase-heading">
              <h2 id="erase-heading">{text.erase}</h2>
              <p>{text.eraseIntro}</p>
              <a
                className="button-link secondary"
                href={`${page}?lang=${lang}&confirm=erase#confirm`}
              >
                {text.erase}
              </a>
            </section>
          </>
        )}
      </>
    ),
  })
}

/** When their contact details go: the date once it is known, the rule before; the hold's end, never its reason. */
function Retention({ lang, retention }: { lang: Locale; retention: MyStory['retention'] }) {
  const text = TEXT[lang]
  return (
    <section aria-labelledby="retention-heading" className="retention" id="retention">
      <h2 id="retention-heading">{text.retentionHeading}</h2>
      {!retention.held ? (
        <p>{text.retentionNone}</p>
      ) : (
        <>
          <p>
            {retention.deleteOn
              ? text.retentionOn(date(retention.deleteOn, lang))
              : text.retentionPending(retention.days)}
          </p>
          {retention.keptUntil ? (
            <p>{text.retentionHeld(date(retention.keptUntil, lang))}</p>
          ) : null}
        </>
      )}
    </section>
  )
}

const shown = (value: unknown, lang: Locale): string =>
  value === null || value === undefined || value === ''
    ? TEXT[lang].reviewEmpty
    : Array.isArray(value)
      ? String(value.length)
      : String(value)

/** The version waiting for them: what changed since they last approved, previews, and their two answers. */
function Review({ lang, api, story }: { lang: Locale; api: string; story: MyStory }) {
  const text = TEXT[lang]
  const { review, previews } = story
  const intro =
    review.state === 'approved'
      ? text.reviewApproved
      : review.state === 'changes_requested'
        ? text.reviewChangesAsked
        : text.reviewWaiting
  return (
    <section aria-labelledby="review-heading" id="review" data-review-state={review.state}>
      <h2 id="review-heading">{text.reviewTitle}</h2>
      <p>{intro}</p>
      {review.changes.length ? (
        <>
          <h3>{text.reviewChanges}</h3>
          <ul className="changes">
            {review.changes.map((change, index) => (
              <li key={index}>
                <strong>
                  {text.fieldLabels[change.field] ?? change.field}
                  {change.lang ? ` (${change.lang})` : ''}
                </strong>
                <p>
                  {text.reviewBefore}: <del>{shown(change.before, lang)}</del>
                </p>
                <p>
                  {text.reviewAfter}: <ins>{shown(change.after, lang)}</ins>
                </p>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {previews.site || previews.embed || previews.social ? (
        <>
          <h3>{text.reviewPreviews}</h3>
          <dl className="previews">
            {previews.site ? (
              <>
                <dt>{text.previewSite}</dt>
                <dd>
                  <strong>{previews.site.page.title}</strong> — {previews.site.page.attribution}
                  <br />
                  {previews.site.card.excerpt}
                </dd>
              </>
            ) : null}
            {previews.embed ? (
              <>
                <dt>{text.previewEmbed}</dt>
                <dd>
                  <strong>{previews.embed.card.title}</strong> — {previews.embed.card.attribution}
                </dd>
              </>
            ) : null}
            {previews.social ? (
              <>
                <dt>{text.previewSocial}</dt>
                <dd>{previews.social.text}</dd>
              </>
            ) : null}
          </dl>
        </>
      ) : null}
      {review.state === 'approved' ? null : (
        <div className="actions">
          <form method="post" action={`${api}/approve`}>
            <input type="hidden" name="lang" value={lang} />
            <input type="hidden" name="contentHash" value={review.contentHash} />
            <button type="submit">{text.approveButton}</button>
          </form>
          <form method="post" action={`${api}/request-changes`}>
            <input type="hidden" name="lang" value={lang} />
            <label htmlFor="review-note">{text.requestChanges}</label>
            <p className="hint" id="review-note-hint">
              {text.requestChangesHint}
            </p>
            <textarea
              id="review-note"
              name="note"
              aria-describedby="review-note-hint"
              required
              maxLength={2000}
              rows={3}
            />
            <button type="submit" className="secondary">
              {text.requestChangesButton}
            </button>
          </form>
        </div>
      )}
    </section>
  )
}

function Confirm({
  lang,
  action,
  question,
  button,
  cancel,
}: {
  lang: Locale
  action: string
  question: string
  button: string
  cancel: string
}) {
  return (
    <section id="confirm" aria-labelledby="confirm-heading" className="notice">
      <h2 id="confirm-heading">{question}</h2>
      <form method="post" action={action} className="actions">
        <input type="hidden" name="lang" value={lang} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" className="danger">
          {button}
        </button>
        <a className="button-link secondary" href={cancel}>
          {TEXT[lang].cancel}
        </a>
      </form>
    </section>
  )
}

const expiryOf = (givenAt?: string | null, expiresAt?: string | null): string => {
  if (!givenAt || !expiresAt) return 'none'
  const years =
    (new Date(expiresAt).getTime() - new Date(givenAt).getTime()) / (365.25 * 24 * 3600 * 1000)
  return years > 1.5 ? '2y' : '1y'
}

/** After erasure, and for any link that opens nothing: the same words whatever the reason. */
export function messagePage(lang: Locale, title: string, body: string, path = '/submit'): string {
  return renderPage({
    lang,
    path,
    title,
    noindex: true,
    children: (
      <>
        <h1>{title}</h1>
        <p>{body}</p>
      </>
    ),
  })
}
