// Small helpers shared by the whole-stack tests: free ports, and one HTTP(S)
// request dialled on 127.0.0.1 while keeping the URL's host name for Host and
// SNI (so "localhost" works whether or not it resolves to ::1 first).
import { Buffer } from 'node:buffer'
import http from 'node:http'
import https from 'node:https'
import net, { type AddressInfo } from 'node:net'
import type { TLSSocket } from 'node:tls'
import type { StackPorts } from '../../../../scripts/stack.mjs'

export interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
  /** The server's certificate (HTTPS only). */
  certificate?: ReturnType<TLSSocket['getPeerCertificate']>
  /** Whether the chain verified against the given CA (HTTPS only). */
  authorized?: boolean
}

export interface RequestOptions {
  ca?: Buffer | undefined
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
}

export function request(url: string, { ca, method = 'GET', headers = {}, body }: RequestOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url)
    const secure = target.protocol === 'https:'
    const options: https.RequestOptions = {
      host: '127.0.0.1',
      port: target.port,
      path: target.pathname + target.search,
      method,
      headers: { host: target.host, ...headers },
      servername: target.hostname,
      timeout: 30_000,
      // A fresh connection each time, so every request shows its own TLS handshake.
      agent: false,
    }
    if (ca) options.ca = ca
    const outgoing = (secure ? https : http).request(options, (response) => {
      const chunks: Buffer[] = []
      const socket = response.socket as TLSSocket
      const tls = secure ? { certificate: socket.getPeerCertificate(), authorized: socket.authorized } : {}
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), ...tls }),
      )
      response.on('error', reject)
    })
    outgoing.on('timeout', () => outgoing.destroy(new Error(`timeout: ${method} ${url}`)))
    outgoing.on('error', reject)
    if (body !== undefined) outgoing.end(body)
    else outgoing.end()
  })
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** Five distinct free ports (the OS may hand the same one out twice after a close). */
export async function freePorts(): Promise<StackPorts> {
  const taken = new Set<number>()
  const next = async () => {
    for (;;) {
      const port = await freePort()
      if (!taken.has(port)) {
        taken.add(port)
        return port
      }
    }
  }
  return { auth: await next(), api: await next(), web: await next(), https: await next(), http: await next() }
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}
