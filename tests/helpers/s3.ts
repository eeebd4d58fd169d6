import { ListObjectsV2Command, GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import fs from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import S3rver from 's3rver'

export type S3TestServer = {
  endpoint: string
  bucket: string
  /** Environment that points Relato's storage plugin at this server. */
  env: Record<string, string>
  client: S3Client
  listKeys: () => Promise<string[]>
  getObject: (key: string) => Promise<Buffer>
  /** Stops answering (connections are refused), keeping the bucket's files. */
  stop: () => Promise<void>
  /** Answers again on the same port, with the same files. */
  restart: () => Promise<void>
  close: () => Promise<void>
}

/** A real S3-protocol server (s3rver) on a free loopback port, with one empty bucket. */
export async function startS3(bucket = 'relato-test'): Promise<S3TestServer> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'relato-s3-'))
  const serve = (port: number) =>
    new S3rver({
      address: '127.0.0.1',
      port,
      silent: true,
      directory,
      configureBuckets: [{ name: bucket, configs: [] }],
    })
  let server: S3rver | null = serve(0)
  const address = (await server.run()) as AddressInfo
  const endpoint = `http://127.0.0.1:${address.port}`
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials })
  return {
    endpoint,
    bucket,
    env: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    client,
    listKeys: async () => {
      const out = await client.send(new ListObjectsV2Command({ Bucket: bucket }))
      return (out.Contents ?? []).map((item) => item.Key ?? '').sort()
    },
    getObject: async (key) => {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
      return Buffer.from(await out.Body!.transformToByteArray())
    },
    stop: async () => {
      // Kept-alive connections would otherwise go on being answered.
      ;(
        server as unknown as { httpServer?: import('node:http').Server } | null
      )?.httpServer?.closeAllConnections()
      await server?.close()
      server = null
    },
    restart: async () => {
      server = serve(address.port)
      await server.run()
    },
    close: async () => {
      client.destroy()
      await server?.close()
      await fs.rm(directory, { recursive: true, force: true })
    },
  }
}
