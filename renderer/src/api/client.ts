import { API_METHODS, type ApiEvent, type Result, type WorkbenchApi } from '../../../shared/contract/api';
import type { ErrorCode } from '../../../shared/contract/errors';

/** How calls reach the backend: Electron IPC, HTTP on 127.0.0.1, or in memory (tests). */
export interface Transport {
  call(method: string, args: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
}

/** A failed call, with the backend's error code. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The typed API over a transport: one method per name in the contract's list; failures throw ApiError. */
export function createClient(transport: Transport): WorkbenchApi & { subscribe: Transport['subscribe'] } {
  const api = Object.fromEntries(
    API_METHODS.map((method) => [
      method,
      async (args: unknown) => {
        const result = await transport.call(method, args ?? {});
        if (!result.ok) throw new ApiError(result.error.code, result.error.message);
        return result.value;
      },
    ]),
  ) as unknown as WorkbenchApi;
  return { ...api, subscribe: (listener) => transport.subscribe(listener) };
}

export type Client = ReturnType<typeof createClient>;
