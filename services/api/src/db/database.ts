/** The api's database: the `shop` schema's tables, its committed migrations, and how to open and migrate it. */
import { fileURLToPath } from 'node:url'
import { migrateDatabase, openDatabase, type AppDatabase, type Database } from '@proddash/db'
import * as schema from './schema/index.js'

export type ShopSchema = typeof schema
export type ShopDb = AppDatabase<ShopSchema>
export type ShopDatabase = Database<ShopSchema>

/** drizzle-kit's output, committed; resolves the same from src/ (tsx) and dist/ (built). */
export const shopMigrations = {
  migrationsFolder: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemaName: 'shop',
}

export async function openShopDatabase(options: { url?: string | undefined; dataDir?: string | undefined }): Promise<ShopDatabase> {
  return openDatabase({ url: options.url, dataDir: options.dataDir, schema })
}

export async function migrateShop(database: Pick<ShopDatabase, 'db' | 'driver'>): Promise<void> {
  await migrateDatabase(database, shopMigrations)
}

export { schema }
