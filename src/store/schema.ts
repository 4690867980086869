/**
 * The store's schema, shared by SQLite and PostgreSQL: one table of events keyed by request
 * token (primary key: look-up by token, and idempotent replay) with an index on time (retention
 * and "latest first"). Migrations are a numbered list; each database records the versions it
 * has applied in `errata_schema_version`, and errata refuses a database newer than it knows.
 * @module
 */
import type { ErrorEvent, RequestSnapshot } from "../core/event.js";

/** Table of events. */
export const EVENTS_TABLE = "errata_events";
/** Table of applied migration versions. */
export const VERSION_TABLE = "errata_schema_version";

/** Column names in insert order; {@link eventToRow} produces values in the same order. */
export const COLUMNS = [
  "token",
  "time",
  "method",
  "path",
  "route",
  "status",
  "catalog",
  "code",
  "name",
  "message",
  "client_id",
  "duration_ms",
  "cause_class",
  "cause_message",
  "cause_stack",
  "request",
] as const;

/** One migration: the statements for each dialect, applied in one transaction. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sqlite: readonly string[];
  readonly postgres: readonly string[];
}

/** Every migration, oldest first. Append only: never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "events table keyed by token, index on time",
    sqlite: [
      `CREATE TABLE IF NOT EXISTS ${EVENTS_TABLE} (
        token TEXT PRIMARY KEY NOT NULL,
        time INTEGER NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        route TEXT,
        status INTEGER NOT NULL,
        catalog TEXT NOT NULL,
        code TEXT,
        name TEXT,
        message TEXT NOT NULL,
        client_id TEXT,
        duration_ms REAL,
        cause_class TEXT,
        cause_message TEXT,
        cause_stack TEXT
      )`,
      `CREATE INDEX IF NOT EXISTS ${EVENTS_TABLE}_time ON ${EVENTS_TABLE} (time)`,
    ],
    postgres: [
      `CREATE TABLE IF NOT EXISTS ${EVENTS_TABLE} (
        token TEXT PRIMARY KEY NOT NULL,
        time BIGINT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        route TEXT,
        status INTEGER NOT NULL,
        catalog TEXT NOT NULL,
        code TEXT,
        name TEXT,
        message TEXT NOT NULL,
        client_id TEXT,
        duration_ms DOUBLE PRECISION,
        cause_class TEXT,
        cause_message TEXT,
        cause_stack TEXT
      )`,
      `CREATE INDEX IF NOT EXISTS ${EVENTS_TABLE}_time ON ${EVENTS_TABLE} (time)`,
    ],
  },
  {
    version: 2,
    description: "recorded request (redacted headers, query, body) as JSON text",
    sqlite: [`ALTER TABLE ${EVENTS_TABLE} ADD COLUMN request TEXT`],
    postgres: [`ALTER TABLE ${EVENTS_TABLE} ADD COLUMN IF NOT EXISTS request TEXT`],
  },
];

/** The newest schema version this errata knows. */
export const LATEST_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** A database row's value: what both drivers accept as a parameter. */
export type RowValue = string | number | null;

/** The event as column values, in {@link COLUMNS} order. */
export function eventToRow(e: ErrorEvent): RowValue[] {
  return [
    e.token,
    e.time,
    e.method,
    e.path,
    e.route ?? null,
    e.status,
    e.catalog,
    e.code ?? null,
    e.name ?? null,
    e.message,
    e.clientId ?? null,
    e.durationMs ?? null,
    e.cause ? e.cause.class : null,
    e.cause ? e.cause.message : null,
    e.cause ? e.cause.stack : null,
    e.request ? JSON.stringify(e.request) : null,
  ];
}

/** A row as the drivers return it (column name → value). */
export type Row = Readonly<Record<string, unknown>>;

function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  // pg returns BIGINT as a string (it may exceed 2^53); epoch milliseconds do not.
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** A stored row back as an event (`request` only when one was recorded). */
export function rowToEvent(row: Row): ErrorEvent {
  const causeClass = str(row.cause_class);
  const base: ErrorEvent = {
    token: String(row.token),
    time: num(row.time) ?? 0,
    method: String(row.method),
    path: String(row.path),
    route: str(row.route),
    status: num(row.status) ?? 0,
    catalog: String(row.catalog),
    code: str(row.code),
    name: str(row.name),
    message: String(row.message),
    clientId: str(row.client_id),
    durationMs: num(row.duration_ms),
    cause:
      causeClass === null
        ? null
        : { class: causeClass, message: str(row.cause_message) ?? "", stack: str(row.cause_stack) },
  };
  const request = str(row.request);
  if (request === null) return base;
  try {
    return { ...base, request: JSON.parse(request) as RequestSnapshot };
  } catch {
    return base;
  }
}

/** Thrown when a database was migrated by a newer errata than this one. */
export class SchemaTooNewError extends Error {
  override readonly name = "SchemaTooNewError";
  constructor(found: number) {
    super(`error store schema version ${found} is newer than this errata supports (${LATEST_VERSION})`);
  }
}
