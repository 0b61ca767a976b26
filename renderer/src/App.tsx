import { useState } from 'react';
import type { Client } from './api/client';
import type { PreloadBridge, ReportDownload } from './api/transports';
import { AuditScreen } from './features/audit/AuditScreen';
import { CompareScreen } from './features/compare/CompareScreen';
import { DataScreen } from './features/data/DataScreen';
import { ExplainScreen } from './features/explain/ExplainScreen';
import { ModelsScreen } from './features/models/ModelsScreen';
import { ReviewScreen } from './features/review/ReviewScreen';

const SCREENS = ['Audit', 'Models', 'Data', 'Explain', 'Compare', 'Review'] as const;
type Screen = (typeof SCREENS)[number];

/**
 * The workbench: one screen at a time, reachable by keyboard (tabs are buttons in order). `desktop` is the
 * preload's bridge in the desktop app (dropped files' paths, native dialogs); absent in browser mode.
 */
export function App({
  api,
  desktop,
  downloadReport,
}: {
  api: Client;
  desktop?: Pick<PreloadBridge, 'pathForFile' | 'chooseAudit' | 'chooseKey' | 'choosePath'>;
  downloadReport?: ReportDownload;
}) {
  const pathForFile = desktop?.pathForFile;
  const [screen, setScreen] = useState<Screen>('Audit');
  const [preset, setPreset] = useState<{ datasetId: number; rows: number[] } | null>(null);
  const [generation, setGeneration] = useState(0);
  const [dropNote, setDropNote] = useState<string | null>(null);
  // Dropped ONNX files and model export folders become models, CSV, JSON Lines, images and image folders
  // become data (desktop: the preload gives paths). A folder is tried as a model export first.
  const onDrop = async (files: File[]) => {
    if (!pathForFile)
      return setDropNote(
        'Dropping files works in the desktop app; in a browser, type the file’s path in Models or Data.',
      );
    const notes: string[] = [];
    for (const file of files) {
      const path = pathForFile(file);
      try {
        if (/\.onnx$/i.test(path)) await api.addModel({ path });
        else if (/\.[a-z0-9]+$/i.test(path)) await api.addDataset({ path });
        else await api.addModel({ path }).catch(() => api.addDataset({ path }));
        notes.push(`Added ${file.name}.`);
      } catch (e) {
        notes.push((e as Error).message);
      }
    }
    setDropNote(notes.join(' '));
    setGeneration((g) => g + 1);
  };
  return (
    <div
      className="app"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        void onDrop([...e.dataTransfer.files]);
      }}
    >
      <header className="top">
        <h1>LIME Workbench</h1>
        <nav aria-label="Screens">
          {SCREENS.map((s) => (
            <button
              key={s}
              type="button"
              className="tab"
              aria-current={s === screen ? 'page' : undefined}
              onClick={() => setScreen(s)}
            >
              {s}
            </button>
          ))}
        </nav>
      </header>
      {dropNote && (
        <p role="status" className="drop-note">
          {dropNote}
        </p>
      )}
      <main key={generation}>
        {screen === 'Audit' && (
          <AuditScreen
            api={api}
            chooseAudit={desktop?.chooseAudit}
            chooseKey={desktop?.chooseKey}
            choosePath={desktop?.choosePath}
            downloadReport={downloadReport}
            onChanged={() => setGeneration((g) => g + 1)}
          />
        )}
        {screen === 'Models' && <ModelsScreen api={api} choosePath={desktop?.choosePath} />}
        {screen === 'Data' && (
          <DataScreen
            api={api}
            choosePath={desktop?.choosePath}
            onExplain={(datasetId, rows) => (setPreset({ datasetId, rows }), setScreen('Explain'))}
          />
        )}
        {screen === 'Explain' && <ExplainScreen api={api} preset={preset} />}
        {screen === 'Compare' && <CompareScreen api={api} />}
        {screen === 'Review' && <ReviewScreen api={api} />}
      </main>
    </div>
  );
}
