/**
 * A keep-alive load generator that reads answers by their Content-Length and parses nothing else,
 * for large answers. autocannon parses every byte of a body in JavaScript: with a 70 KB kit card
 * it topped out near 1,250 req/s against a bare node:http server too, while the same server sent
 * the same card ten times as often to this client. So what autocannon printed for a kit file was
 * autocannon. Like autocannon here, it runs on a worker thread, with 32 connections, one request
 * in flight on each.
 */
import { Worker } from 'node:worker_threads'

export type RawResult = {
  requests: { average: number }
  latency: { p99: number; mean: number }
  '2xx': number
  non2xx: number
  errors: number
  timeouts: number
}

// Plain JavaScript, run with `eval`: the worker needs no TypeScript loader.
const CLIENT = `
const net = require('node:net')
const { parentPort, workerData } = require('node:worker_threads')
const { port, host, path, headers, seconds, connections } = workerData
const request = Buffer.from(
  'GET ' + path + ' HTTP/1.1\\r\\nHost: ' + host + '\\r\\n' +
  Object.entries(headers).map(([name, value]) => name + ': ' + value + '\\r\\n').join('') + '\\r\\n',
)
const latencies = []
let ok = 0, other = 0, errors = 0
const end = Date.now() + seconds * 1000
const one = () => new Promise((resolve) => {
  const socket = net.connect(port, host)
  let head = Buffer.alloc(0), need = -1, got = 0, started = 0
  const next = () => {
    if (Date.now() >= end) { socket.destroy(); return resolve() }
    started = performance.now()
    socket.write(request)
  }
  socket.on('connect', next)
  socket.on('data', (chunk) => {
    if (need < 0) {
      head = Buffer.concat([head, chunk])
      const at = head.indexOf('\\r\\n\\r\\n')
      if (at < 0) return
      const text = head.subarray(0, at).toString('latin1')
      const status = Number(text.slice(9, 12))
      if (status >= 200 && status < 300) ok++; else other++
      need = Number(/\\r\\ncontent-length: *(\\d+)/i.exec(text)?.[1] ?? 0)
      got = head.length - at - 4
      head = Buffer.alloc(0)
    } else got += chunk.length
    if (got >= need) {
      latencies.push(performance.now() - started)
      need = -1
      next()
    }
  })
  socket.on('error', () => { errors++; resolve() })
})
Promise.all(Array.from({ length: connections }, one)).then(() => {
  latencies.sort((a, b) => a - b)
  const mean = latencies.reduce((sum, value) => sum + value, 0) / (latencies.length || 1)
  parentPort.postMessage({
    requests: { average: latencies.length / seconds },
    latency: { p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0, mean },
    '2xx': ok, non2xx: other, errors, timeouts: 0,
  })
})
`

/** GET `url` over `connections` keep-alive connections for `seconds`; answers must carry Content-Length. */
export function rawLoad(
  url: string,
  options: { connections: number; seconds: number; headers: Record<string, string> },
): Promise<RawResult> {
  const { hostname: host, port, pathname, search } = new URL(url)
  const worker = new Worker(CLIENT, {
    eval: true,
    workerData: { host, port: Number(port), path: pathname + search, ...options },
  })
  return new Promise((resolve, reject) => {
    worker.once('message', (result: RawResult) => resolve(result))
    worker.once('error', reject)
  })
}
