// `node --import register.mjs …`: installs hooks.mjs (in every thread: workers inherit --import).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url, {
  data: { standIn: new URL('./electron.mjs', import.meta.url).href, log: process.env.STANDIN_RESOLVE_LOG },
});
