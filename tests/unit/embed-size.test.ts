import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import vm from 'node:vm'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

// The partner embed is hand-written and served as-is, so these checks stand in for a build step.
const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public/embed.js')
const source = fs.readFileSync(file, 'utf8')

describe('public/embed.js', () => {
  it('stays within the 12 KB gzipped budget', () => {
    expect(gzipSync(source).length).toBeLessThanOrEqual(12 * 1024)
  })

  it('parses as a classic browser script', () => {
    expect(() => new vm.Script(source, { filename: 'embed.js' })).not.toThrow()
  })

  it('is wrapped in an IIFE and guards its custom element registration', () => {
    expect(source).toMatch(/^\s*(\/\*[\s\S]*?\*\/\s*)?;?\(\(\) => \{/)
    expect(source.trimEnd()).toMatch(/\}\)\(\);?$/)
    expect(source).toContain('customElements.get(TAG)')
    expect(source).toContain("const TAG = 'relato-gallery'")
  })

  it('uses no cookies, browser storage or dynamic code', () => {
    for (const banned of [
      'document.cookie',
      'localStorage',
      'sessionStorage',
      'indexedDB',
      'eval(',
      'new Function',
    ]) {
      expect(source, banned).not.toContain(banned)
    }
  })

  it('never writes markup from strings (text goes through textContent / DOM nodes)', () => {
    expect(source).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/)
  })

  it('names no hosts: every request goes to the origin the script was loaded from', () => {
    expect(source).not.toMatch(/https?:\/\//i)
    expect(source).not.toMatch(/(^|[^:\w])\/\/[a-z0-9-]+\.[a-z]/im) // protocol-relative hosts
    expect(source).not.toMatch(/@import|url\(/)
    expect(source).toContain("credentials: 'omit'")
    expect(source).toContain("referrerPolicy: 'no-referrer'")
  })

  it('documents its theming custom properties and declares their defaults on :host', () => {
    const header = source.slice(0, source.indexOf('*/'))
    for (const name of [
      '--relato-font',
      '--relato-text',
      '--relato-background',
      '--relato-card-background',
      '--relato-accent',
      '--relato-radius',
      '--relato-gap',
      '--relato-columns-min',
    ]) {
      expect(header, name).toContain(name)
      expect(source, name).toMatch(new RegExp(`:host \\{[^}]*var\\(${name},`))
    }
  })
})
