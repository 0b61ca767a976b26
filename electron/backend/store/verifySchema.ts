import Database from 'better-sqlite3-multiple-ciphers';
import { sha256 } from './canonical';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import type { Db } from './openAudit';

interface SchemaObject {
  type: string;
  name: string;
  sql: string;
}

function schemaObjects(db: Db): Map<string, SchemaObject> {
  const rows = db
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all() as SchemaObject[];
  return new Map(rows.map((r) => [`${r.type} ${r.name}`, r]));
}

/** The schema this build's migrations make at a version: what an untouched file of that version holds. */
const shipped = new Map<number, Map<string, SchemaObject>>();
function shippedSchema(version: number): Map<string, SchemaObject> {
  let schema = shipped.get(version);
  if (!schema) {
    const memory = new Database(':memory:');
    migrate(
      memory,
      'shipped schema',
      MIGRATIONS.filter((m) => m.version <= version),
    );
    schema = schemaObjects(memory);
    memory.close();
    shipped.set(version, schema);
  }
  return schema;
}

/**
 * The file's schema against the one this build ships for its version, object by object (a dropped or
 * altered append-only trigger is named as such), and its recorded migrations against the shipped ones.
 */
export function verifySchema(db: Db, version: number): string[] {
  const failures: string[] = [];
  if (version < 1 || version > MIGRATIONS[MIGRATIONS.length - 1].version)
    return [`schema: version ${version} is not one this build knows`];
  const expected = shippedSchema(version);
  const actual = schemaObjects(db);
  const guard = (o: SchemaObject) =>
    o.type === 'trigger' && /append_only/.test(o.name)
      ? ' (an append-only guard: without it history can be edited in place)'
      : '';
  for (const [key, o] of expected) {
    const found = actual.get(key);
    if (!found) failures.push(`schema: ${o.type} ${o.name} is missing${guard(o)}`);
    else if (found.sql !== o.sql)
      failures.push(`schema: ${o.type} ${o.name} differs from the shipped schema of version ${version}${guard(o)}`);
  }
  for (const [key, o] of actual)
    if (!expected.has(key))
      failures.push(`schema: ${o.type} ${o.name} is not part of the audit schema (added behind the app's back)`);
  const recorded = new Map(
    (
      db.prepare('SELECT version, name, sha256 FROM schema_migrations ORDER BY version').all() as {
        version: number;
        name: string;
        sha256: string;
      }[]
    ).map((m) => [m.version, m]),
  );
  for (const m of MIGRATIONS.filter((x) => x.version <= version)) {
    const r = recorded.get(m.version);
    if (!r) failures.push(`schema: migration ${m.name} is not recorded`);
    else if (r.sha256 !== sha256(m.sql) || r.name !== m.name)
      failures.push(
        `schema: migration ${m.version} is recorded as ${r.name} with SHA-256 ${r.sha256.slice(0, 12)}…, which is not the migration this build ships (${m.name}, ${sha256(m.sql).slice(0, 12)}…)`,
      );
    recorded.delete(m.version);
  }
  for (const r of recorded.values())
    failures.push(`schema: migration ${r.version} (${r.name}) is recorded but the file's version is ${version}`);
  return failures;
}
