import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createClient } from './api/client';
import { httpReportDownload, httpTransport, ipcTransport } from './api/transports';
import './styles.css';

// Desktop: the preload's bridge; browser mode: HTTP with the session token from the URL, which is then
// taken out of the address bar (and so out of the history) and kept in memory only.
const bridge = window.limeWorkbench;
const token = new URLSearchParams(location.search).get('token') ?? '';
if (!bridge && location.search) history.replaceState(null, '', location.pathname);
const api = createClient(bridge ? ipcTransport(bridge) : httpTransport(token));
createRoot(document.getElementById('root')!).render(
  <App api={api} desktop={bridge} downloadReport={bridge ? undefined : httpReportDownload(token)} />,
);
