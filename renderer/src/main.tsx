import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createClient } from './api/client';
import { httpTransport, ipcTransport, type PreloadBridge } from './api/transports';
import './styles.css';

// Desktop: the preload's bridge; browser mode: HTTP with the session token from the URL.
const bridge = (window as unknown as { limeWorkbench?: PreloadBridge }).limeWorkbench;
const token = new URLSearchParams(location.search).get('token') ?? '';
const api = createClient(bridge ? ipcTransport(bridge) : httpTransport(token));
createRoot(document.getElementById('root')!).render(<App api={api} desktop={bridge} />);
