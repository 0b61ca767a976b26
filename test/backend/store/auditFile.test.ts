import { copyFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { describeModelFile } from '../../../electron/backend/onnx/loadModel';
import { annotate, annotationHistory } from '../../../electron/backend/store/annotations';
import { readLog } from '../../../electron/backend/store/auditLog';
import { registerModel, updateModelProfile } from '../../../electron/backend/store/models';
import { MIGRATIONS } from '../../../electron/backend/store/migrations';
import { openAudit } from '../../../electron/backend/store/openAudit';
import { getRun, listRuns, saveRun, type RunToSave } from '../../../electron/backend/store/runs';
import { verifyAudit } from '../../../electron/backend/store/verifyAudit';
import { sampleRun, tempDir } from '../../support/audit';
import { fixture } from '../../support/fixtures';

async function auditWithModel(file = 'breast_cancer_rf.onnx') {
  const dir = tempDir();
  const modelPath = join(dir, file);
  copyFileSync(fixture(file), modelPath);
  const db = openAudit(join(dir, 'audit.lwa'), { create: true });
  const model = registerModel(db, await describeModelFile(modelPath), 'tester');
  return { dir, db, model, modelPath, path: join(dir, 'audit.lwa') };
}

describe('models', () => {
  it('are the same record for the same bytes, and a new version when the file changes', async () => {
    const { db, model, modelPath } = await auditWithModel();
    expect(model).toMatchObject({ family: 'breast_cancer_rf', versionLabel: 'v1' });
    expect(registerModel(db, await describeModelFile(modelPath), 'tester').id).toBe(model.id);
    copyFileSync(fixture('breast_cancer_rf_v2.onnx'), modelPath); // same path, other bytes
    const changed = registerModel(db, await describeModelFile(modelPath), 'tester');
    expect(changed.id).not.toBe(model.id);
    expect(changed).toMatchObject({ family: 'breast_cancer_rf', versionLabel: 'v2' });
    expect(changed.info.producerName).toBe('lime-fixtures/tree_convert.py');
    db.close();
  });

  it('have profiles that can be edited through the app, with verify still holding; an edit behind its back is caught', async () => {
    const { db, model, path } = await auditWithModel();
    const edited = updateModelProfile(db, model.id, { ...model.profile, classNames: ['cancer', 'no cancer'] }, 'ana');
    expect(edited.profile.classNames).toEqual(['cancer', 'no cancer']);
    expect(readLog(db).at(-1)).toMatchObject({
      action: 'model.profile-edited',
      actor: 'ana',
      subject: `model:${model.id}`,
    });
    expect((await verifyAudit(db)).failures).toEqual([]);
    db.close();
    const raw = new Database(path);
    raw.prepare('UPDATE models SET profile_json = ? WHERE id = ?').run('{}', model.id);
    raw.close();
    const again = openAudit(path);
    expect((await verifyAudit(again)).failures.map((f) => f.message)).toContain(
      `models row ${model.id}: changed since audit log entry 3 recorded it`,
    );
    again.close();
  });

  it('take family and version from a versioned file name', async () => {
    const { db } = await auditWithModel();
    const v2 = registerModel(db, await describeModelFile(fixture('breast_cancer_rf_v2.onnx')), 'tester');
    expect(v2).toMatchObject({ family: 'breast_cancer_rf', versionLabel: 'v2' });
    db.close();
  });
});

describe('runs and annotations', () => {
  it('keep everything needed to re-run, and list the latest verdict', async () => {
    const { db, model } = await auditWithModel();
    const ids = [0, 1, 2].map((row) => saveRun(db, sampleRun(model.id, row), 'tester'));
    const saved = getRun(db, ids[1])!;
    expect(saved).toMatchObject({
      row: 1,
      modality: 'tabular',
      instance: { 'mean area': 801, colour: 'red' },
      params: { numSamples: 5000 },
      prediction: [0.2, 0.8],
      toolVersion: '0.1.0',
    });
    expect(saved.runs[0].explanations[0].weights[0].name).toBe('mean area > 782.70');
    annotate(db, { runId: ids[1], verdict: 'trusted', rationale: 'plausible', reviewer: 'ana', tags: ['texture'] });
    annotate(db, { runId: ids[1], verdict: 'not-trusted', rationale: 'area dominates oddly', reviewer: 'bo' });
    const listed = listRuns(db);
    expect(listed.map((r) => r.id)).toEqual([...ids].reverse());
    expect(listed.find((r) => r.id === ids[1])).toMatchObject({
      verdict: 'not-trusted',
      reviewer: 'bo',
      annotationVersion: 2,
      modelFamily: 'breast_cancer_rf',
    });
    expect(listRuns(db, { verdict: 'not-trusted' }).map((r) => r.id)).toEqual([ids[1]]);
    expect(listRuns(db, { verdict: 'none' }).map((r) => r.id)).toEqual([ids[2], ids[0]]);
    expect(annotationHistory(db, ids[1]).map((a) => [a.version, a.verdict, a.tags])).toEqual([
      [1, 'trusted', ['texture']],
      [2, 'not-trusted', []],
    ]);
    expect(() => annotate(db, { runId: 999, verdict: 'trusted', rationale: 'x', reviewer: 'ana' })).toThrow(
      /run 999: expected a saved run/,
    );
    db.close();
  });

  it('cannot be overwritten or deleted: annotations and the log are append-only', async () => {
    const { db, model } = await auditWithModel();
    const id = saveRun(db, sampleRun(model.id, 0), 'tester');
    annotate(db, { runId: id, verdict: 'trusted', rationale: 'ok', reviewer: 'ana' });
    expect(() => db.prepare("UPDATE annotations SET verdict = 'not-trusted'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM annotations').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    db.close();
  });
});

describe('verify', () => {
  it('holds on an untouched audit and chains every action', async () => {
    const { db, model, path } = await auditWithModel();
    annotate(db, {
      runId: saveRun(db, sampleRun(model.id, 0), 'tester'),
      verdict: 'follow-up',
      rationale: 'later',
      reviewer: 'ana',
    });
    const report = await verifyAudit(db);
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(readLog(db).map((e) => e.action)).toEqual([
      'audit.created',
      'model.registered',
      'run.saved',
      'run.annotated',
    ]);
    expect(report.headHash).toBe(readLog(db).at(-1)!.hash);
    db.close();
    expect(path).toBeTruthy();
  });

  it("names a log entry edited behind the app's back", async () => {
    const { db, model, path } = await auditWithModel();
    saveRun(db, sampleRun(model.id, 0), 'tester');
    db.close();
    const raw = new Database(path);
    raw.exec('DROP TRIGGER audit_log_append_only_update');
    raw.prepare("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2").run();
    raw.close();
    const again = openAudit(path);
    const report = await verifyAudit(again);
    expect(report.ok).toBe(false);
    expect(report.failures.map((f) => f.message)).toContain(
      'audit log entry 2 (model.registered model:1): its content does not match its hash (edited after it was written)',
    );
    again.close();
  });

  it("names a run whose results were edited, a row added behind the app's back, and a changed model file", async () => {
    const { db, model, path, modelPath } = await auditWithModel();
    const id = saveRun(db, sampleRun(model.id, 0), 'tester');
    db.close();
    const raw = new Database(path);
    raw.prepare('UPDATE explanation_runs SET score = 0.99 WHERE id = ?').run(id);
    raw
      .prepare(
        "INSERT INTO explanation_runs (model_id, modality, instance_json, params_json, seed, prediction_json, runs_json, score, local_prediction, model_prediction, total_ms, inference_ms, tool_version, created_at) VALUES (1, 'tabular', '{}', '{}', 0, '[]', '[]', 1, 1, 1, 0, 0, 'x', 'now')",
      )
      .run();
    raw.close();
    writeFileSync(modelPath, Buffer.concat([readFileSync(modelPath), Buffer.from([0])]));
    const again = openAudit(path);
    const messages = (await verifyAudit(again)).failures.map((f) => f.message);
    expect(messages).toContain(`explanation_runs row ${id}: changed since audit log entry 3 recorded it`);
    expect(messages).toContain(
      `explanation_runs row ${id + 1}: not recorded in the audit log (added behind the app's back)`,
    );
    expect(messages.find((m) => m.startsWith('model 1 (breast_cancer_rf v1)'))).toMatch(
      /the file changed since it was registered/,
    );
    again.close();
  });
});

describe('run checks (KernelSHAP beside LIME, the kernel-width sweep)', () => {
  const withChecks = (modelId: number): RunToSave => {
    const run = sampleRun(modelId, 0);
    const shap = {
      ...run.runs[0],
      explanations: [{ ...run.runs[0].explanations[0], weights: [...run.runs[0].explanations[0].weights].reverse() }],
    };
    return {
      ...run,
      kernelShap: shap,
      agreement: [{ label: 1, rankCorrelation: -1, topKOverlap: 1, topK: 2 }],
      kernelWidthSweep: {
        widths: [
          { width: 1, heldOutScore: 0.8, stabilityIndex: 0.9 },
          { width: 2, heldOutScore: 0.7, stabilityIndex: 0.95 },
        ],
        target: 0.72,
        chosen: 1,
      },
    };
  };

  it('are saved with the run and read back whole; a run without them has none', async () => {
    const { db, model } = await auditWithModel();
    const run = withChecks(model.id);
    const id = saveRun(db, run, 'tester');
    const plain = saveRun(db, sampleRun(model.id, 1), 'tester');
    const saved = getRun(db, id)!;
    expect(saved.kernelShap).toEqual(run.kernelShap);
    expect(saved.agreement).toEqual(run.agreement);
    expect(saved.kernelWidthSweep).toEqual(run.kernelWidthSweep);
    const bare = getRun(db, plain)!;
    expect(['kernelShap', 'agreement', 'kernelWidthSweep'].filter((k) => k in bare)).toEqual([]);
    expect(readLog(db).map((e) => e.action)).toEqual([
      'audit.created',
      'model.registered',
      'run.saved',
      'run.checks.saved',
      'run.saved',
    ]);
    expect((await verifyAudit(db)).failures).toEqual([]);
    db.close();
  });

  it("edited behind the app's back are named by verify", async () => {
    const { db, model, path } = await auditWithModel();
    saveRun(db, withChecks(model.id), 'tester');
    db.close();
    const raw = new Database(path);
    raw.prepare("UPDATE run_checks SET agreement_json = '[]'").run();
    raw.close();
    const again = openAudit(path);
    expect((await verifyAudit(again)).failures.map((f) => f.message)).toEqual([
      'run_checks row 1: changed since audit log entry 4 recorded it',
    ]);
    again.close();
  });

  it('arrive in an audit written before them: it migrates, keeps its runs, and still verifies', async () => {
    const { db, model, path } = await auditWithModel();
    const old = saveRun(db, sampleRun(model.id, 0), 'tester');
    db.close();
    // Take the file back to schema version 1, as the first release wrote it.
    const raw = new Database(path);
    raw.exec('DROP TABLE merged_rows; DROP TABLE merged_log; DROP TABLE merged_sources');
    raw.exec(
      'DROP INDEX explanation_runs_by_label; DROP INDEX explanation_runs_by_score; DROP INDEX explanation_runs_by_row; DROP INDEX audit_log_by_subject',
    );
    raw.exec(
      'DROP TABLE log_signatures; DROP TABLE reviewer_keys; DROP TRIGGER audit_append_only_update; DROP TRIGGER audit_append_only_delete; ALTER TABLE audit DROP COLUMN require_signatures',
    );
    raw.exec(
      'DROP TABLE study_annotations; DROP TABLE study_rows; DROP TABLE comparison_studies; DROP TABLE run_checks; DELETE FROM schema_migrations WHERE version >= 2; PRAGMA user_version = 1',
    );
    raw.close();
    const again = openAudit(path);
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(getRun(again, old)!.runs).toEqual(sampleRun(model.id, 0).runs);
    const added = saveRun(again, withChecks(model.id), 'tester');
    expect(getRun(again, added)!.agreement).toHaveLength(1);
    expect((await verifyAudit(again)).failures).toEqual([]);
    again.close();
  });
});

describe('opening files that are not audits', () => {
  it.each([
    [
      'a file that is not SQLite',
      (p: string) => writeFileSync(p, 'mean radius,mean texture\n1,2\n'),
      /expected a LIME Workbench audit file \(SQLite\), found a file that is not an SQLite database/,
    ],
    [
      'a truncated audit file',
      (p: string) => {
        const db = openAudit(p, { create: true });
        for (let i = 0; i < 50; i++)
          db.prepare(
            "INSERT INTO datasets (path, sha256, columns_json, row_count, added_at) VALUES (?, 'x', ?, 1, 'now')",
          ).run(`p${i}`, JSON.stringify(new Array(200).fill('column')));
        db.close();
        truncateSync(p, Math.floor(statSync(p).size / 2));
      },
      /the file is truncated/,
    ],
    [
      'an SQLite database of something else',
      (p: string) => {
        const other = new Database(p);
        other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
        other.close();
      },
      /expected a LIME Workbench audit file, found an SQLite database of something else/,
    ],
  ])('refuses %s with a clear error and leaves it untouched', (_, make, message) => {
    const path = join(tempDir(), 'file.lwa');
    make(path);
    const before = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    expect(() => openAudit(path)).toThrow(message);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
  });

  it('says a missing file is missing unless asked to create it', () => {
    expect(() => openAudit(join(tempDir(), 'none.lwa'))).toThrow(
      /none\.lwa: expected an audit file, found no such file/,
    );
  });
});
