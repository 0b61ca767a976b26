// `node --import withoutPlaywright.mjs …`: playwright-core cannot be found, as in an install without
// development dependencies.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`export async function resolve(specifier, context, next) {
      if (specifier === 'playwright-core') throw Object.assign(new Error("Cannot find package 'playwright-core'"), { code: 'ERR_MODULE_NOT_FOUND' });
      return next(specifier, context);
    }`),
);
