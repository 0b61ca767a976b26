import init from './0001-init.sql';
import runChecks from './0002-run-checks.sql';
import comparisonStudies from './0003-comparison-studies.sql';
import signatures from './0004-signatures.sql';
import runListing from './0005-run-listing.sql';
import mergedSources from './0006-merged-sources.sql';

/** One migration: `version` is its number, strictly increasing; `sql` runs in the migrating transaction. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Every migration, in order. Adding one: a new numbered .sql file here, listed below (a test checks both). */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '0001-init', sql: init },
  { version: 2, name: '0002-run-checks', sql: runChecks },
  { version: 3, name: '0003-comparison-studies', sql: comparisonStudies },
  { version: 4, name: '0004-signatures', sql: signatures },
  { version: 5, name: '0005-run-listing', sql: runListing },
  { version: 6, name: '0006-merged-sources', sql: mergedSources },
];
