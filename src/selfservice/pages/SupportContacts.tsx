import type { Locale } from '../../lib/locales'
import type { SupportContact } from '../support'
import { TEXT } from '../text'

/** The "if you need support" block; nothing at all when there are no contacts. */
export function SupportContacts({ contacts, lang }: { contacts: SupportContact[]; lang: Locale }) {
  if (!contacts.length) return null
  const text = TEXT[lang]
  return (
    <section aria-labelledby="support-heading" className="support">
      <h2 id="support-heading">{text.supportHeading}</h2>
      <p>{text.supportIntro}</p>
      <ul>
        {contacts.map((contact, index) => (
          <li key={index} data-kind={contact.kind}>
            <strong>{contact.name}</strong> ({text.supportKinds[contact.kind] ?? contact.kind})
            {contact.phone ? (
              <>
                {' — '}
                <a href={`tel:${contact.phone.replace(/[^0-9+]/g, '')}`}>{contact.phone}</a>
              </>
            ) : null}
            {contact.url ? (
              <>
                {' — '}
                <a href={contact.url} rel="noreferrer">
                  {new URL(contact.url).host}
                </a>
              </>
            ) : null}
            {contact.note ? <p className="hint">{contact.note}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
