import { basename, extname, resolve } from 'node:path';
import type { ModelRecord } from '../../../shared/domain/audit';
import type { ModelInfo, ModelProfile } from '../../../shared/domain/model';
import { WorkbenchError } from '../../../shared/contract/errors';
import { appendLog } from './auditLog';
import type { Db } from './openAudit';
import { rowDigest } from './rowDigest';

interface DbModelRow {
  id: number;
  family: string;
  version_label: string;
  path: string;
  size: number;
  sha256: string;
  info_json: string;
  profile_json: string;
  added_at: string;
}

export interface ModelToRegister {
  path: string;
  size: number;
  sha256: string;
  info: ModelInfo;
  profile: ModelProfile;
}

/**
 * Registers a model file by its content. The same bytes are the same model (its record is returned);
 * different bytes are a new version, even at the same path — never silently the old one. Family and
 * version default to the file name (`churn_v2.onnx` → family `churn`, version `v2`), or continue the
 * family of an earlier file at the same path.
 */
export function registerModel(
  db: Db,
  model: ModelToRegister,
  actor: string,
  naming: { family?: string; versionLabel?: string } = {},
): ModelRecord {
  return db
    .transaction(() => {
      const known = db.prepare('SELECT * FROM models WHERE sha256 = ?').get(model.sha256) as DbModelRow | undefined;
      if (known) return toRecord(known);
      const path = resolve(model.path);
      const stem = basename(path, extname(path));
      const named = /^(.*?)[_-]v(\d+)$/i.exec(stem);
      const samePath = db.prepare('SELECT family FROM models WHERE path = ? ORDER BY id DESC LIMIT 1').get(path) as
        { family: string } | undefined;
      const family = naming.family ?? samePath?.family ?? (named ? named[1] : stem);
      const taken = new Set(
        (
          db.prepare('SELECT version_label FROM models WHERE family = ?').all(family) as { version_label: string }[]
        ).map((r) => r.version_label),
      );
      let versionLabel = naming.versionLabel ?? (named && !samePath ? `v${named[2]}` : `v${taken.size + 1}`);
      for (let n = taken.size + 1; taken.has(versionLabel); n++) versionLabel = `v${n}`;
      const id = Number(
        db
          .prepare(
            'INSERT INTO models (family, version_label, path, size, sha256, info_json, profile_json, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            family,
            versionLabel,
            path,
            model.size,
            model.sha256,
            JSON.stringify(model.info),
            JSON.stringify(model.profile),
            new Date().toISOString(),
          ).lastInsertRowid,
      );
      appendLog(db, actor, 'model.registered', `model:${id}`, {
        table: 'models',
        id,
        digest: rowDigest(db, 'models', id),
        sha256: model.sha256,
        family,
        versionLabel,
      });
      return toRecord(db.prepare('SELECT * FROM models WHERE id = ?').get(id) as DbModelRow);
    })
    .immediate();
}

/** Replaces a model's profile (how it is fed and read) and logs the change with the row's new digest. */
export function updateModelProfile(db: Db, id: number, profile: ModelProfile, actor: string): ModelRecord {
  return db
    .transaction(() => {
      const changed = db
        .prepare('UPDATE models SET profile_json = ? WHERE id = ?')
        .run(JSON.stringify(profile), id).changes;
      if (changed !== 1)
        throw new WorkbenchError('not-found', `model ${id}: expected a model of this audit, found none`);
      appendLog(db, actor, 'model.profile-edited', `model:${id}`, {
        table: 'models',
        id,
        digest: rowDigest(db, 'models', id),
      });
      return toRecord(db.prepare('SELECT * FROM models WHERE id = ?').get(id) as DbModelRow);
    })
    .immediate();
}

export function listModels(db: Db): ModelRecord[] {
  return (db.prepare('SELECT * FROM models ORDER BY family, id').all() as DbModelRow[]).map(toRecord);
}

export function getModel(db: Db, id: number): ModelRecord | null {
  const row = db.prepare('SELECT * FROM models WHERE id = ?').get(id) as DbModelRow | undefined;
  return row ? toRecord(row) : null;
}

function toRecord(r: DbModelRow): ModelRecord {
  return {
    id: r.id,
    family: r.family,
    versionLabel: r.version_label,
    path: r.path,
    size: r.size,
    sha256: r.sha256,
    info: JSON.parse(r.info_json) as ModelInfo,
    profile: JSON.parse(r.profile_json) as ModelProfile,
    addedAt: r.added_at,
  };
}
