import { createHash } from 'node:crypto'
import type { Payload } from 'payload'

import { relationId } from '../lib/relations'
import { now } from '../lib/clock'
import { isLocale, type Locale } from '../lib/locales'
import { subjectKey } from '../lib/subjects'
import { ChangeWindow } from '../public'
import { stopGeneration, type SubjectKind } from '../policy'
import {
  composeKit,
  gatherKit,
  type KitFile,
  type KitInputs,
  type LoadedKit,
  nextExpiry,
} from './manifest'
import { type KitCampaign, publicCampaigns } from './plan'

// The kit view: each public campaign's kit inputs, read once, and its manifest per language
// composed once, kept in memory so that kit requests run no database query. The hooks beside
// the kits (src/kits/hooks.ts) mark what a committed change touched before the changing request
// returns; the next request reads that campaign again. Other processes' changes arrive through
// `public-changes` (followChanges, src/public/follow.ts, calls `rebuild()`).

/** A kit in one language as answered: the manifest's bytes and strong ETag, and its files by asset id. */
export type ComposedKit = {
  kit: LoadedKit
  body: Buffer
  etag: string
  files: Map<string, KitFile>
  /** Consent of one of its items ends then: composed again from the same inputs, with no read. */
  validUntil: number
  baseUrl: string
  /** A campaign paused or resumed since (src/policy/stop.ts) means composing again. */
  stopGeneration: number
}

type Entry = {
  /** Moves on every change that touches the campaign; `loaded` says which one `inputs` reflect. */
  generation: number
  loaded: number
  inputs: KitInputs | null
  /** The language of each asset, for file addresses (which carry no language). */
  assetLangs: Map<string, Locale>
  loading: Promise<void> | null
  composed: Map<Locale, ComposedKit>
}

/** Reads again until what was read reflects the latest change (a change during a read means another). */
async function settle(
  state: { generation: number; loaded: number; loading: Promise<void> | null },
  read: (generation: number) => Promise<void>,
): Promise<void> {
  while (state.loaded !== state.generation) {
    state.loading ??= read(state.generation).finally(() => (state.loading = null))
    await state.loading
  }
}

const etagOf = (body: Buffer) =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`

export class KitView {
  /** Which other processes' changes this view has caught up with (src/public/follow.ts). */
  readonly changes = new ChangeWindow()
  private list = {
    generation: 1,
    loaded: 0,
    loading: null as Promise<void> | null,
    bySlug: new Map<string, KitCampaign>(),
  }
  private entries = new Map<string, Entry>()
  /** Database reads this view made (bench and tests: none per request once warm). */
  reads = 0

  constructor(
    readonly payload: Payload,
    private baseUrl: () => string,
  ) {}

  /** A campaign's kit in one language, or null when it is not public or does not offer it. */
  async kit(slug: string, lang: Locale | null): Promise<ComposedKit | null> {
    const campaign = await this.campaign(slug)
    if (!campaign) return null
    const entry = await this.entry(campaign.id)
    if (!entry.inputs) return null
    const language = lang ?? entry.inputs.campaign.languages[0]
    const at = now()
    const baseUrl = this.baseUrl()
    const cached = entry.composed.get(language)
    if (
      cached &&
      at.getTime() < cached.validUntil &&
      cached.baseUrl === baseUrl &&
      cached.stopGeneration === stopGeneration()
    )
      return cached
    const kit = composeKit(entry.inputs, language, baseUrl, at)
    if (!kit) return null
    const body = Buffer.from(JSON.stringify(kit.manifest))
    const composed: ComposedKit = {
      kit,
      body,
      etag: etagOf(body),
      files: new Map(kit.files.map((file) => [file.asset.id, file])),
      validUntil: nextExpiry(entry.inputs, at),
      baseUrl,
      stopGeneration: stopGeneration(),
    }
    entry.composed.set(language, composed)
    return composed
  }

  /** The language an asset of a public campaign is in, or null when the campaign holds no such asset. */
  async assetLanguage(slug: string, assetId: string): Promise<Locale | null> {
    const campaign = await this.campaign(slug)
    return campaign ? ((await this.entry(campaign.id)).assetLangs.get(assetId) ?? null) : null
  }

  /** Everything changed (another process wrote): every campaign is read again when next asked for. */
  async rebuild(): Promise<void> {
    this.list.generation++
    for (const id of this.entries.keys()) this.touchCampaign(id)
  }

  /** A campaign changed (status, slug, featured items, brand, languages) or was deleted. */
  campaignChanged(id: string | number): void {
    this.list.generation++
    this.touchCampaign(String(id))
  }

  /** A campaign's stored assets changed (drawn, replaced, deleted). */
  touchCampaign(id: string | number): void {
    const entry = this.entries.get(String(id))
    if (!entry) return
    entry.generation++
    // A withdrawal must not be answered from a composition made before it.
    entry.composed.clear()
  }

  /** An item changed: the campaigns that hold it, list it, or feature it (now or before) are read again. */
  itemChanged(kind: SubjectKind, id: string | number, campaignIds: unknown[] = []): void {
    const subject = subjectKey(kind, id)
    const named = new Set(
      campaignIds
        .map(relationId)
        .filter((value) => value !== undefined)
        .map(String),
    )
    for (const [campaignId, entry] of this.entries) {
      const featured = (
        (entry.inputs?.campaign.doc.featured as
          { relationTo: string; value: unknown }[] | undefined) ?? []
      ).some((item) => item.relationTo === kind && String(relationId(item.value)) === String(id))
      const holds = entry.inputs?.items.some(
        (item) => subjectKey(item.kind, item.doc.id) === subject,
      )
      if (named.has(campaignId) || featured || holds) this.touchCampaign(campaignId)
    }
  }

  /** A resource changed or went: the campaigns it is (or was) linked to, or whose kit holds it. */
  resourceChanged(id: string | number, campaignIds: string[]): void {
    const named = new Set(campaignIds)
    for (const [campaignId, entry] of this.entries) {
      const holds = entry.inputs?.resources.some((doc) => String(doc.id) === String(id))
      if (named.has(campaignId) || holds) this.touchCampaign(campaignId)
    }
  }

  /** An image changed or went: the campaigns drawing it (an item's photo or a logo) are read again. */
  mediaChanged(id: string | number): void {
    for (const [campaignId, entry] of this.entries)
      if (entry.inputs?.media.has(String(id))) this.touchCampaign(campaignId)
  }

  private async campaign(slug: string): Promise<KitCampaign | undefined> {
    await this.settleList()
    return this.list.bySlug.get(slug)
  }

  private async settleList(): Promise<void> {
    await settle(this.list, async (generation) => {
      this.reads++
      const bySlug = await publicCampaigns(this.payload)
      if (this.list.generation !== generation) return
      this.list.bySlug = bySlug
      this.list.loaded = generation
      // Entries of campaigns no longer public are forgotten.
      const ids = new Set([...bySlug.values()].map((campaign) => campaign.id))
      for (const id of this.entries.keys()) if (!ids.has(id)) this.entries.delete(id)
    })
  }

  private async entry(id: string): Promise<Entry> {
    let entry = this.entries.get(id)
    if (!entry) {
      entry = {
        generation: 1,
        loaded: 0,
        inputs: null,
        assetLangs: new Map(),
        loading: null,
        composed: new Map(),
      }
      this.entries.set(id, entry)
    }
    const state = entry
    await settle(state, async (generation) => {
      // The campaign as it is now: a change to it moved both generations.
      await this.settleList()
      this.reads++
      const campaign =
        [...this.list.bySlug.values()].find((candidate) => candidate.id === id) ?? null
      const inputs = await gatherKit(this.payload, campaign, now())
      if (state.generation !== generation) return
      state.inputs = inputs
      state.assetLangs = new Map(
        (inputs?.assets ?? []).flatMap((asset) =>
          isLocale(asset.lang) ? [[String(asset.id), asset.lang] as const] : [],
        ),
      )
      state.composed.clear()
      state.loaded = generation
    })
    return entry
  }
}

// One view per process, shared by the server's kit handler and the hooks that run inside Next's
// bundle (a separate module graph): so it lives on globalThis, under a global symbol.
const SLOT = Symbol.for('relato.kitView')
type Slot = { [SLOT]?: KitView }

export const currentKitView = (): KitView | undefined => (globalThis as Slot)[SLOT]

/** This process's kit view for `payload`, made (and made the one hooks update) on first use. */
export function kitViewFor(payload: Payload, baseUrl: () => string): KitView {
  const slot = globalThis as Slot
  if (slot[SLOT]?.payload !== payload) slot[SLOT] = new KitView(payload, baseUrl)
  return slot[SLOT]
}
