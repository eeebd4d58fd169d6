import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'vitest'

import { freePort, PROJECT_ROOT, stopGroup, waitForHttp } from './processes'

/** Debian's Varnish (`apt-get install varnish varnish-modules`), or VARNISHD. */
export const varnishdPath = (): string => process.env.VARNISHD?.trim() || '/usr/sbin/varnishd'

export function hasVarnish(): boolean {
  try {
    fs.accessSync(varnishdPath(), fs.constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** CI sets REQUIRE_VARNISH=1: there a missing varnishd fails the run instead of skipping. */
export const varnishRequired = (): boolean =>
  /^(1|true|yes)$/i.test(process.env.REQUIRE_VARNISH?.trim() ?? '')

export const missingVarnishMessage = (): string =>
  `no varnishd at ${varnishdPath()} (apt-get install varnish varnish-modules, or set VARNISHD)`

/** A suite with Varnish in front: skipped without varnishd (globalSetup says so), failed instead with REQUIRE_VARNISH=1. */
export function describeWithVarnish(title: string, suite: () => void): void {
  if (hasVarnish()) describe(title, suite)
  else if (varnishRequired()) {
    describe(title, () => {
      it('needs varnishd (REQUIRE_VARNISH=1)', () => {
        throw new Error(`REQUIRE_VARNISH=1 but ${missingVarnishMessage()}`)
      })
    })
  } else describe.skip(title, suite)
}

export type VarnishServer = { url: string; close: () => Promise<void> }

/**
 * Runs deploy/varnish/default.vcl in front of `backend` (a loopback http:// address): varnishd in
 * the foreground (-F) in its own process group, its working directory in a temporary folder,
 * listening on a free loopback port.
 */
export async function startVarnish(backend: string): Promise<VarnishServer> {
  const { hostname, port } = new URL(backend)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relato-varnish-'))
  const vcl = fs
    .readFileSync(path.join(PROJECT_ROOT, 'deploy/varnish/default.vcl'), 'utf8')
    .replace('.host = "127.0.0.1";', `.host = "${hostname}";`)
    .replace('.port = "3000";', `.port = "${port}";`)
  fs.writeFileSync(path.join(dir, 'default.vcl'), vcl)
  const listen = await freePort()
  const admin = await freePort()
  const child: ChildProcess = spawn(
    varnishdPath(),
    // -j none: no privilege separation (the temporary folder is the test user's own).
    [
      '-F',
      '-j',
      'none',
      '-n',
      path.join(dir, 'work'),
      '-a',
      `127.0.0.1:${listen}`,
      '-T',
      `127.0.0.1:${admin}`,
      '-f',
      path.join(dir, 'default.vcl'),
      '-s',
      'malloc,64m',
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const url = `http://127.0.0.1:${listen}`
  try {
    await waitForHttp(`${url}/api/public/gallery`, 30_000, () => child.exitCode === null)
  } catch (error) {
    await stopGroup(child)
    throw new Error(`varnishd did not start: ${(error as Error).message}\n${output}`)
  }
  return {
    url,
    close: async () => {
      await stopGroup(child)
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
