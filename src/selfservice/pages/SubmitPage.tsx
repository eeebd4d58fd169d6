import type { ReactNode } from 'react'

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

/** A field's hint, where its `aria-describedby` points. */
const Hint = ({ name, hint }: { name: string; hint: string }) => (
  <p className="hint" id={`${name}-hint`}>
    {hint}
  </p>
)

/** A field's error message, where its `aria-describedby` points; nothing when it has none. */
const FieldError = ({ name, error }: { name: string; error: string | undefined }) =>
  error ? (
    <p className="error" id={`${name}-error`}>
      {error}
    </p>
  ) : null

/** One checkbox (or radio button) with its label after it. */
const Check = ({
  id,
  name,
  value,
  type = 'checkbox',
  checked,
  describedBy,
  children,
}: {
  id: string
  name: string
  value?: string
  type?: 'checkbox' | 'radio'
  checked: boolean
  describedBy?: string
  children: ReactNode
}) => (
  <div className="check">
    <input
      id={id}
      name={name}
      value={value}
      type={type}
      defaultChecked={checked}
      aria-describedby={describedBy}
    />
    <label htmlFor={id}>{children}</label>
  </div>
)

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
        {hint ? <Hint name={name} hint={hint} /> : null}
        <FieldError name={name} error={error} />
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
      <Hint name={name} hint={hint} />
      <FieldError name={name} error={state.errors[name]} />
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
                <FieldError name="language" error={state.errors.language} />
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
              <Hint name="contentNotes" hint={text.contentNotesHint} />
              <FieldError name="contentNotes" error={state.errors.contentNotes} />
              {CONTENT_NOTES.map((code, index) => (
                <Check
                  key={code}
                  // The first box is where the error summary's link lands.
                  id={index === 0 ? 'contentNotes' : `note-${code}`}
                  name="contentNotes"
                  value={code}
                  checked={checked('contentNotes', code)}
                >
                  {CONTENT_NOTE_LABELS[code][lang]}
                </Check>
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
              <Check id="pixelateFaces" name="pixelateFaces" checked={checked('pixelateFaces')}>
                {text.pixelateFaces}
              </Check>
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
              <FieldError name="emailLink" error={state.errors.emailLink} />
              <Check
                id="emailLink"
                name="emailLink"
                checked={checked('emailLink')}
                describedBy={state.errors.emailLink ? 'emailLink-error' : undefined}
              >
                {text.emailLink}
              </Check>
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
      <FieldError name="scopes" error={error} />
      {FORM_SCOPES.map((scope) => (
        <Check
          key={scope}
          id={`scope-${scope}`}
          name="scopes"
          value={scope}
          checked={chosen.includes(scope)}
        >
          {scope === 'voice' ? text.voiceScope : SCOPE_LABELS[scope][lang]}
        </Check>
      ))}
      <fieldset>
        <legend>{text.expiry}</legend>
        {(Object.keys(EXPIRIES) as (keyof typeof EXPIRIES)[]).map((option) => (
          <Check
            key={option}
            id={`expiry-${option}`}
            name="expiry"
            value={option}
            type="radio"
            checked={expiry === option}
          >
            {option === 'none' ? text.expiryNone : option === '1y' ? text.expiry1y : text.expiry2y}
          </Check>
        ))}
      </fieldset>
      <p className="warning">{text.cannotRecall}</p>
    </fieldset>
  )
}
