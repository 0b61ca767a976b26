import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createBackend } from '../../../electron/backend/app/createBackend';
import { tempDir } from '../../support/audit';
import { fixture } from '../../support/fixtures';

it('lists every kind of dataset, a folder of images whose name has a dot included, and pages its rows', async () => {
  const backend = createBackend({ storePath: join(tempDir('lw-ds-'), 'a.lwa'), create: true });
  try {
    for (const name of ['breast_cancer.test.csv', 'debian_text.test.jsonl', 'fashion_mnist.test'])
      await backend.api.addDataset({ path: fixture(name) });
    const listed = await backend.api.listDatasets({});
    expect(listed.map((d) => [d.path.split('/').pop(), d.kind, d.rowCount])).toEqual([
      ['breast_cancer.test.csv', 'table', 114],
      ['debian_text.test.jsonl', 'texts', 60],
      ['fashion_mnist.test', 'images', 20],
    ]);
    const page = await backend.api.getDatasetRows({ datasetId: listed[2].id, limit: 3, search: '_2' });
    expect(page).toMatchObject({ kind: 'images', columns: ['file'], total: 2 });
    expect(page.rows[0].cells[0]).toMatch(/_2\.png$/);
  } finally {
    await backend.close();
  }
});
