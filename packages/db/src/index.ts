export { openDatabase, type AppDatabase, type Database, type DatabaseKind, type DatabaseOptions } from './open-database.js'
export { migrateDatabase, type MigrateOptions } from './migrate.js'
export {
  isDatabaseUnavailableError,
  postgresErrorCode,
  violatedConstraint,
  PG_UNIQUE_VIOLATION,
  PG_SERIALIZATION_FAILURE,
  PG_DEADLOCK_DETECTED,
} from './errors.js'
