/** Opens the auth database the way the config says (PostgreSQL URL, or PGlite under DATA_DIR) and migrates it. */
import { migrateDatabase, openDatabase } from '@proddash/db'
import type { AuthConfig } from '../config.js'
import * as schema from './schema/index.js'
import { MIGRATIONS, type AuthDatabase } from './database.js'

export async function openAuthDatabase(config: Pick<AuthConfig, 'DATABASE_URL' | 'DATA_DIR'>, options: { migrate?: boolean } = {}): Promise<AuthDatabase> {
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR, schema })
  if (options.migrate ?? true) {
    try {
      await migrateDatabase(database, MIGRATIONS)
    } catch (error) {
      await database.close()
      throw error
    }
  }
  return database
}
