/** drizzle-kit: `pnpm db:generate` writes SQL migrations for the auth schema into ./drizzle (committed). */
import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './drizzle',
  schemaFilter: ['auth'],
})
