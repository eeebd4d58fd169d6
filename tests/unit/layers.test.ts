import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The layering in DESIGN.md and README "Layout": src/lib is the ground floor, src/access and
// src/policy both stand on it and never on each other. Read from the source as text, so a new
// import that breaks the rule fails here rather than in a review.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const sourceFiles = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => path.join(dir, name))

/** The tree folders (relative to the root) that one file imports from, static or dynamic. */
const importedFolders = (file: string): string[] => {
  const text = readFileSync(path.join(root, file), 'utf8')
  const specifiers = [...text.matchAll(/(?:from|import\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1])
  return specifiers
    .filter((spec) => spec.startsWith('.') || spec.startsWith('@/'))
    .map((spec) =>
      spec.startsWith('@/')
        ? path.join('src', spec.slice(2))
        : path.relative(root, path.resolve(path.dirname(path.join(root, file)), spec)),
    )
}

const offences = (from: string, forbidden: string[]): string[] =>
  sourceFiles(from).flatMap((file) =>
    importedFolders(file)
      .filter((target) => forbidden.some((dir) => target === dir || target.startsWith(dir + '/')))
      .map((target) => `${file} -> ${target}`),
  )

describe('layers', () => {
  it('keeps src/policy and src/access from importing each other', () => {
    expect(offences('src/policy', ['src/access'])).toEqual([])
    expect(offences('src/access', ['src/policy'])).toEqual([])
  })

  it('keeps src/lib below the access rules, the policy and the media pipeline', () => {
    expect(offences('src/lib', ['src/access', 'src/policy', 'src/media'])).toEqual([])
  })

  it('finds an import that breaks the rule (the check itself reads imports)', () => {
    expect(importedFolders('src/policy/access.ts')).toContain('src/lib/roles')
  })
})
