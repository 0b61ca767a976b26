// Starts the packed desktop main bundle under plain Node with the electron stand-in (run with
// `node --import ./register.mjs startPackedApp.mjs`), drives it as the renderer and the user would — a
// page through the app:// handler, API calls through the IPC handler, one explanation through the packed
// worker, a report through printToPDF — and prints what happened as one JSON object on stdout.
// Environment: APP_MAIN (the packed main bundle), CHANNELS (JSON: { call, event }), REPORT_PATH, and the
// stand-in's STANDIN_USER_DATA and STANDIN_RESOURCES.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { record } from 'electron';

const channels = JSON.parse(process.env.CHANNELS);
const started = Date.now();
await import(pathToFileURL(process.env.APP_MAIN).href);

async function until(what, check, timeoutMs = 60_000) {
  for (const end = Date.now() + timeoutMs; Date.now() < end;) {
    const value = check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`stand-in harness: timed out waiting for ${what}`);
}

const handler = await until('the IPC handler', () => record.ipcHandlers.get(channels.call));
const window = record.windows[0];
const fromApp = { senderFrame: { url: 'app://workbench/index.html' } };
const call = (method, args) => handler(fromApp, method, args);
const events = () => window.webContents.sent.filter((s) => s.channel === channels.event).map((s) => s.payload);

// The renderer's first calls wait for the first start to finish building the demo audit.
const audit = await call('getAudit', {});
const models = await call('listModels', {});
const datasets = await call('listDatasets', {});
const refused = await handler({ senderFrame: { url: 'https://example.invalid/' } }, 'getAudit', {});

// The page itself, through the app:// protocol handler, and a path that tries to leave the renderer folder.
const appHandler = record.protocols.get('app');
const page = await appHandler(new Request('app://workbench/index.html'));
const pageText = await page.text();
const script = /src="([^"]+\.js)"/.exec(pageText)?.[1];
const scriptResponse = script
  ? await appHandler(new Request(new URL(script, 'app://workbench/index.html').href))
  : null;
const escape = await appHandler(new Request('app://workbench/..%2F..%2Fpackage.json'));

// One explanation, through the packed worker, saved as a run.
const v1 = models.value.find((m) => m.family === 'breast_cancer_rf' && m.versionLabel === 'v1');
const test = datasets.value.find((d) => d.path.endsWith('breast_cancer.test.csv'));
const train = datasets.value.find((d) => d.path.endsWith('breast_cancer.train.csv'));
const runsBefore = (await call('listRuns', {})).value.total;
const job = await call('runExplanation', {
  modelId: v1.id,
  datasetId: test.id,
  trainDatasetId: train.id,
  rows: [5],
  params: { numSamples: 1000 },
});
const outcome = await until('the explanation job', () =>
  events().find((e) => e.jobId === job.value?.jobId && (e.type === 'job-done' || e.type === 'job-failed')),
);
const run = outcome.type === 'job-done' ? await call('getRun', { runId: outcome.runIds[0] }) : null;
const runsAfter = (await call('listRuns', {})).value.total;

// A path the page typed is refused: the desktop takes only paths chosen in a dialog or dropped.
const typed = await call('exportReport', { path: process.env.REPORT_PATH });
// The report, printed by (the stand-in's) printToPDF and written where the user chose in the save dialog.
record.dialogAnswers.push({ canceled: false, filePath: process.env.REPORT_PATH });
const chosen = await record.ipcHandlers.get(channels.choosePath)(fromApp, 'report');
const exported = await call('exportReport', { path: chosen.value.path });
// A dropped file (its path from Electron, sent by the preload) is chosen too; before the drop it was not.
const droppedPath = join(dirname(process.env.REPORT_PATH), 'dropped.csv');
writeFileSync(droppedPath, 'a,b\n1,2\n');
const beforeDrop = await call('addDataset', { path: droppedPath });
record.ipcListeners.get(channels.dropped)(fromApp, droppedPath);
const droppedData = await call('addDataset', { path: droppedPath });
const printer = record.windows.find((w) => w.webContents.printed.length);
const reportHtml = printer ? Buffer.from(printer.urls[0].split(',')[1], 'base64').toString('utf8') : '';

// Navigation guards registered for every web contents.
const navigation = window.webContents.listeners.get('will-navigate') ?? [];
let navigationPrevented = false;
navigation.forEach((l) => l({ preventDefault: () => (navigationPrevented = true) }, 'https://example.invalid/'));
const blocked = await new Promise((r) =>
  record.beforeRequest({ url: 'https://example.invalid/x.js', webContentsId: window.webContents.id }, r),
);
const allowed = await new Promise((r) =>
  record.beforeRequest({ url: 'app://workbench/index.html', webContentsId: window.webContents.id }, r),
);

// Electron does not wait for its listeners: the app closes its audit and then quits on its own.
for (const listener of record.appListeners.get('window-all-closed') ?? []) listener();
for (const until = Date.now() + 10_000; !record.quit && Date.now() < until;)
  await new Promise((r) => setTimeout(r, 20));

console.log(
  JSON.stringify({
    ms: Date.now() - started,
    schemes: record.privilegedSchemes.map((s) => s.scheme),
    protocols: [...record.protocols.keys()],
    ipcChannels: [...record.ipcHandlers.keys()],
    window: {
      url: window.urls[0],
      webPreferences: window.options.webPreferences,
      titles: window.titles,
      progress: window.progress,
    },
    audit,
    models: models.value?.map((m) => ({ family: m.family, path: m.path })),
    datasets: datasets.value?.map((d) => d.path),
    refused,
    page: {
      status: page.status,
      csp: page.headers.get('content-security-policy'),
      hasRoot: pageText.includes('id="root"'),
      script,
      scriptStatus: scriptResponse?.status,
      scriptType: scriptResponse?.headers.get('content-type'),
    },
    escapeStatus: escape.status,
    job,
    outcome,
    run: run?.value
      ? {
          id: run.value.id,
          modelId: run.value.modelId,
          modality: run.value.modality,
          row: run.value.row,
          weights: run.value.runs[0]?.explanations[0]?.weights.length,
        }
      : run,
    runsBefore,
    runsAfter,
    typed,
    exported,
    beforeDrop: beforeDrop.ok,
    droppedData: droppedData.ok,
    reportHtmlHasTitle: audit.ok && reportHtml.includes(audit.value.title),
    navigationPrevented,
    blocked,
    allowed,
    messageBoxes: record.messageBoxes,
    quit: record.quit,
    cjsModules: Object.keys(createRequire(import.meta.url).cache),
  }),
);
// Worker threads and timers of the app end with the process.
process.exit(0);
