/** Variables every ProdDash service reads, with the defaults the contract names. */
import { bool, host, port, str } from 'envalid'
import { databaseUrl, logLevel, trustProxy } from './validators.js'

export function commonSpecs(service: { name: string; defaultPort: number }) {
  return {
    NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development' }),
    HOST: host({ default: '127.0.0.1', desc: 'interface to listen on' }),
    PORT: port({ default: service.defaultPort }),
    LOG_LEVEL: logLevel({ default: 'info' }),
    DATABASE_URL: databaseUrl({ default: undefined, desc: 'postgres:// URL; unset uses embedded PGlite' }),
    DATA_DIR: str({ default: `.data/${service.name}`, desc: 'where embedded PGlite keeps its files' }),
    TRUST_PROXY: trustProxy({ default: false, desc: 'who may set X-Forwarded-*' }),
    COOKIE_SECURE: bool({ default: true, desc: 'Secure attribute and __Host-/__Secure- prefixes on cookies' }),
  }
}
