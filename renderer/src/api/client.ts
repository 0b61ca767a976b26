import {
  API_METHODS,
  type ApiArgs,
  type ApiEvent,
  type ApiMethod,
  type ApiResults,
  type Result,
  type WorkbenchApi,
} from '../../../shared/contract/api';
import type { ErrorCode } from '../../../shared/contract/errors';

/** How calls reach the backend: Electron IPC, HTTP on 127.0.0.1, or in memory (tests); typed per method. */
export interface Transport {
  call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<Result<ApiResults[M]>>;
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
  const method =
    <M extends ApiMethod>(name: M) =>
    async (args: ApiArgs<M>): Promise<ApiResults[M]> => {
      const result = await transport.call(name, args);
      if (!result.ok) throw new ApiError(result.error.code, result.error.message);
      return result.value;
    };
  // Each entry is method(name) for its own name, which is what WorkbenchApi says of that name.
  const api = Object.fromEntries(API_METHODS.map((name) => [name, method(name)])) as WorkbenchApi;
  return { ...api, subscribe: (listener) => transport.subscribe(listener) };
}

export type Client = ReturnType<typeof createClient>;
