import { join } from 'node:path';
import { createBackend, type Backend } from '../../electron/backend/app/createBackend';
import { createClient, type Client, type Transport } from '../../renderer/src/api/client';
import { tempDir } from './audit';

/**
 * The test host of ARCHITECTURE.md: the renderer's calls go straight to a real backend in this process
 * (a real audit file, a real explanation worker), through JSON both ways as every real transport sends
 * them, so a value that would not survive IPC or HTTP fails here too.
 */
export function memoryTransport(backend: Backend): Transport {
  const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? {})) as T;
  return {
    call: async (method, args) => wire(await backend.call(method, wire(args))),
    subscribe: (listener) => backend.onEvent((event) => listener(wire(event))),
  };
}

/** A new audit in a temporary folder, its backend, and the app's client over the in-memory transport. */
export function memoryWorkbench(): { backend: Backend; api: Client; storePath: string } {
  const storePath = join(tempDir('lw-screens-'), 'review.lwa');
  const backend = createBackend({ storePath, create: true, title: 'Screen tests', purpose: 'component tests' });
  return { backend, api: createClient(memoryTransport(backend)), storePath };
}
