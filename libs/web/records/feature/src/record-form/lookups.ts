import { type Injector, type Signal, resource } from '@angular/core';
import type { RecordConfig } from '../record-config';

export interface LookupOption {
  id: number;
  label: string;
}

/**
 * Options for every lookup field of a form, keyed by field. Loads the first 200 rows of each
 * referenced collection, which covers the seeded and typical small-team data.
 */
export function loadLookups(record: Signal<RecordConfig>, injector: Injector) {
  return resource({
    params: () => record(),
    loader: async ({ params }) => {
      const entries = params.fields
        .flatMap((field) => (field.lookup ? [{ key: field.key, lookup: field.lookup }] : []))
        .map(async ({ key, lookup }) => {
          const page = await injector.get(lookup.api).list({ size: 200 });
          const rows = page.items as Record<string, unknown>[];
          return [key, rows.map((row) => ({ id: Number(row['id']), label: lookup.label(row) }))] as const;
        });
      return Object.fromEntries(await Promise.all(entries)) as Record<string, LookupOption[]>;
    },
  });
}
