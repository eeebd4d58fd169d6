import type { Locale } from '../../lib/locales'
import { CONTENT_NOTE_LABELS, CONTENT_NOTES } from '../../policy/contentNotes'
import { SCOPE_LABELS } from '../../policy/scopes'
import { retentionDays } from '../../safety/retention'
import type { ShownConsentText } from '../consentText'
import { EXPIRIES, FORM_SCOPES, LIMITS } from '../form'
import { TEXT } from '../text'
import { describedBy, renderPage } from './Document'

export type FormState = {
  values: Map<string, string[]>
  errors: Record<string, string>
  /** A problem not tied to one field (a photo the pipeline refused, the rate limit). */
  general?: string
}

type Props = { lang: Locale; consentText: ShownConsentText | null; state?: FormState }

const EMPTY: FormState = { values: new Map(), errors: {} }

export function submitPage({ lang, consentText, state = EMPTY }: Props): string {
  const text = TEXT[lang]
  const value = (name: string) => state.values.get(name)?.[0] ?? ''
  const checked = (name: string, option = 'on') => (state.values.get(name) ?? []).includes(option)
  const errorList = Object.entries(state.errors)

  const Field = ({
    name,
    label,
    hint,
    type = 'text',
    max,
    area = false,
    autoComplete,
  }: {
    name: string
    label: string
    hint?: string
    type?: string
    max: number
    area?: boolean
    autoComplete?: string
  }) => {
    const error = state.errors[name]
    const common = {
      id: name,
      name,
      maxLength: max,
      'aria-describedby': describedBy(name, Boolean(hint), error),
      'aria-invalid': error ? true : undefined,
    }
    return (
      <div className="field">
        <label htmlFor={name}>{label}</label>
        {hint ? (
          <p className="hint" id={`${name}-hint`}>
            {hint}
          </p>
        ) : null}
        {error ? (
          <p className="error" id={`${name}-error`}>
            {error}
          </p>
        ) : null}
        {area ? (
          <textarea {...common} defaultValue={value(name)} required={name === 'story'} />
        ) : (
          <input
            {...common}
            type={type}
            defaultValue={value(name)}
            autoComplete={autoComplete ?? 'off'}
          />
        )}
      </div>
    )
  }

  /** A file input with its hint and error, as `Field` lays out text. */
  const FileField = ({
    name,
    label,
    hint,
    accept,
    multiple,
    capture,
  }: {
    name: string
    label: string
    hint: string
    accept: string
    multiple?: boolean
    capture?: boolean
  }) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <p className="hint" id={`${name}-hint`}>
        {hint}
      </p>
      {state.errors[name] ? (
        <p className="error" id={`${name}-error`}>
          {state.errors[name]}
        </p>
      ) : null}
      <input
        id={name}
        name={name}
        type="file"
        multiple={multiple}
        accept={accept}
        capture={capture}
        aria-describedby={describedBy(name, true, state.errors[name])}
      />
    </div>
  )

  return renderPage({
    lang,
    path: '/submit',
    title: text.submitTitle,
    noindex: false,
    children: (
      <>
        <h1>{text.submitTitle}</h1>
        <p>{text.submitIntro}</p>
        <section aria-labelledby="next-heading" className="what-next">
          <h2 id="next-heading">{text.whatNextHeading}</h2>
          <ul>
            {text.whatNext(retentionDays()).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </section>
        {errorList.length || state.general ? (
          <div className="error-summary" role="alert">
            <h2>{text.errorsHeading}</h2>
            <ul>
              {state.general ? <li>{state.general}</li> : null}
              {errorList.map(([name, message]) => (
                // The honeypot is out of reach on purpose: its message gets no link to it.
                <li key={name}>
                  {name === 'website' ? (
                    message
                  ) : (
                    <a href={`#${name === 'scopes' ? 'scope-gallery' : name}`}>{message}</a>
                  )}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {!consentText ? (
          <p className="error" role="alert">
            {text.noConsentText}
          </p>
        ) : (
          <form method="post" action="/api/public/submissions" encType="multipart/form-data">
            <input type="hidden" name="lang" value={lang} />
            <fieldset>
              <legend>{text.storySection}</legend>
              <Field
                name="story"
                label={text.story}
                hint={text.storyHint}
                max={LIMITS.story}
                area
              />
              <Field name="title" label={text.title} max={LIMITS.title} />
              <Field
                name="pullQuote"
                label={text.pullQuote}
                hint={text.pullQuoteHint}
                max={LIMITS.pullQuote}
                area
              />
              <div className="field">
                <label htmlFor="language">{text.language}</label>
                {state.errors.language ? (
                  <p className="error" id="language-error">
                    {state.errors.language}
                  </p>
                ) : null}
                <select
                  id="language"
                  name="language"
                  defaultValue={value('language') || lang}
                  aria-describedby={state.errors.language ? 'language-error' : undefined}
                  aria-invalid={state.errors.language ? true : undefined}
                >
                  <option value="es">Español</option>
                  <option value="en">English</option>
                </select>
              </div>
              <Field
                name="displayName"
                label={text.displayName}
                hint={text.displayNameHint}
                max={LIMITS.name}
              />
              <Field
                name="pseudonym"
                label={text.pseudonym}
                hint={text.pseudonymHint}
                max={LIMITS.name}
              />
              <Field
                name="location"
                label={text.location}
                hint={text.locationHint}
                max={LIMITS.location}
              />
            </fieldset>

            <fieldset
              aria-describedby={describedBy('contentNotes', true, state.errors.contentNotes)}
            >
              <legend>{text.contentNotesSection}</legend>
              <p className="hint" id="contentNotes-hint">
                {text.contentNotesHint}
              </p>
              {state.errors.contentNotes ? (
                <p className="error" id="contentNotes-error">
                  {state.errors.contentNotes}
                </p>
              ) : null}
              {CONTENT_NOTES.map((code, index) => (
                <div className="check" key={code}>
                  <input
                    // The first box is where the error summary's link lands.
                    id={index === 0 ? 'contentNotes' : `note-${code}`}
                    name="contentNotes"
                    value={code}
                    type="checkbox"
                    defaultChecked={checked('contentNotes', code)}
                  />
                  <label htmlFor={index === 0 ? 'contentNotes' : `note-${code}`}>
                    {CONTENT_NOTE_LABELS[code][lang]}
                  </label>
                </div>
              ))}
            </fieldset>

            <fieldset>
              <legend>{text.photosSection}</legend>
              <FileField
                name="photos"
                label={text.photos}
                hint={text.photosHint}
                multiple
                accept="image/jpeg,image/png,image/webp,image/heic,image/heif,image/avif,image/gif"
              />
              <Field
                name="photoDescription"
                label={text.photoDescription}
                hint={text.photoDescriptionHint}
                max={LIMITS.photoDescription}
                area
              />
              <div className="check">
                <input
                  id="pixelateFaces"
                  name="pixelateFaces"
                  type="checkbox"
                  defaultChecked={checked('pixelateFaces')}
                />
                <label htmlFor="pixelateFaces">{text.pixelateFaces}</label>
              </div>
            </fieldset>

            <fieldset>
              <legend>{text.recordingSection}</legend>
              {/* `capture` opens a phone's recorder; no script is needed to send it. */}
              <FileField
                name="recording"
                label={text.recording}
                hint={text.recordingHint}
                accept="audio/*"
                capture
              />
            </fieldset>

            <fieldset>
              <legend>{text.contactSection}</legend>
              <p className="hint">{text.contactWhy}</p>
              <Field
                name="contactEmail"
                label={text.contactEmail}
                type="email"
                max={LIMITS.email}
                autoComplete="email"
              />
              <Field
                name="contactPhone"
                label={text.contactPhone}
                type="tel"
                max={LIMITS.phone}
                autoComplete="tel"
              />
              {state.errors.emailLink ? (
                <p className="error" id="emailLink-error">
                  {state.errors.emailLink}
                </p>
              ) : null}
              <div className="check">
                <input
                  id="emailLink"
                  name="emailLink"
                  type="checkbox"
                  defaultChecked={checked('emailLink')}
                  aria-describedby={state.errors.emailLink ? 'emailLink-error' : undefined}
                />
                <label htmlFor="emailLink">{text.emailLink}</label>
              </div>
            </fieldset>

            <ConsentFields
              lang={lang}
              consentText={consentText}
              chosen={state.values.get('scopes') ?? []}
              expiry={value('expiry') || 'none'}
              error={state.errors.scopes}
            />

            <div className="hp" aria-hidden="true">
              <label htmlFor="website">{text.honeypot}</label>
              <input
                id="website"
                name="website"
                type="text"
                tabIndex={-1}
                autoComplete="off"
                defaultValue=""
              />
            </div>
            <button type="submit">{text.submit}</button>
          </form>
        )}
      </>
    ),
  })
}

type ConsentProps = {
  lang: Locale
  consentText: ShownConsentText
  chosen: readonly string[]
  expiry: string
  error?: string
}

/** The consent text, one unticked box per scope, the expiry and what cannot be recalled. */
export function ConsentFields({ lang, consentText, chosen, expiry, error }: ConsentProps) {
  const text = TEXT[lang]
  return (
    <fieldset aria-describedby={error ? 'scopes-error' : undefined}>
      <legend>{text.consentSection}</legend>
      <h2 className="label">{text.consentTextHeading}</h2>
      <div className="consent-text" lang={consentText.language}>
        {consentText.body}
      </div>
      <p className="hint">
        {consentText.language === lang ? null : `(${consentText.language}) `}
        {consentText.version}
      </p>
      <p>{text.consentIntro}</p>
      {error ? (
        <p className="error" id="scopes-error">
          {error}
        </p>
      ) : null}
      {FORM_SCOPES.map((scope) => (
        <div className="check" key={scope}>
          <input
            id={`scope-${scope}`}
            name="scopes"
            value={scope}
            type="checkbox"
            defaultChecked={chosen.includes(scope)}
          />
          <label htmlFor={`scope-${scope}`}>
            {scope === 'voice' ? text.voiceScope : SCOPE_LABELS[scope][lang]}
          </label>
        </div>
      ))}
      <fieldset>
        <legend>{text.expiry}</legend>
        {(Object.keys(EXPIRIES) as (keyof typeof EXPIRIES)[]).map((option) => (
          <div className="check" key={option}>
            <input
              id={`expiry-${option}`}
              name="expiry"
              value={option}
              type="radio"
              defaultChecked={expiry === option}
            />
            <label htmlFor={`expiry-${option}`}>
              {option === 'none'
                ? text.expiryNone
                : option === '1y'
                  ? text.expiry1y
                  : text.expiry2y}
            </label>
          </div>
        ))}
      </fieldset>
      <p className="warning">{text.cannotRecall}</p>
    </fieldset>
  )
}
