/** drizzle-kit: `pnpm db:generate` writes the SQL migrations for the `shop` schema into ./drizzle (committed). */
import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
  schemaFilter: ['shop'],
})
