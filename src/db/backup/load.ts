import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { ArchiveItem, Manifest } from '../../backup/archive.ts';
import { applySession, connectClient, listSequences, listTables, qualified, quoteIdent, setSequence, superuser } from './catalog.ts';

/** A backup whose tables do not fit the schema its migrations built (a table or column made outside the migrations). */
export class RestoreMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreMismatchError';
  }
}

/**
 * Loads a backup's rows into a database whose schema its migrations have just built (src/db/backup/schema-at.ts),
 * in one transaction: the tables it holds are emptied (a migration may have seeded rows), filled with COPY, and the
 * sequences set to where they were. As superuser the foreign keys and triggers are not re-checked row by row (the
 * rows come from one consistent snapshot); otherwise the tables come in an order where each follows the ones it
 * refers to. Files are handed to `onFile`, in the same pass.
 */
export async function loadRows(
  url: string,
  manifest: Manifest,
  items: AsyncIterator<ArchiveItem>,
  onFile: (name: string, content: Buffer) => Promise<void>,
): Promise<void> {
  const client = await connectClient(url, 'esa-line restore');
  try {
    await applySession(client, manifest.session);
    await client.query('begin');
    const present = new Map((await listTables(client)).map((t) => [`${t.schema}.${t.name}`, t]));
    for (const table of manifest.tables) {
      const target = present.get(`${table.schema}.${table.name}`);
      if (!target) {
        throw new RestoreMismatchError(`the backup holds the table ${table.schema}.${table.name}, which its migrations do not create (a table made outside the migrations?)`);
      }
      const missing = table.columns.filter((c) => !target.copyColumns.includes(c));
      if (missing.length > 0) throw new RestoreMismatchError(`the backup's table ${table.schema}.${table.name} has columns its migrations do not create: ${missing.join(', ')}`);
    }
    if (await superuser(client)) await client.query('set local session_replication_role = replica');
    if (manifest.tables.length > 0) await client.query(`truncate ${manifest.tables.map(qualified).join(', ')} cascade`);

    let tableIndex = 0;
    for (;;) {
      const next = await items.next();
      if (next.done) throw new Error('the backup ended without its end record');
      const item = next.value;
      if (item.kind === 'end') break;
      if (item.kind === 'file') {
        await onFile(item.name, item.content);
        continue;
      }
      if (item.kind !== 'table') throw new Error(`unexpected ${item.kind} in the backup's content`);
      const table = manifest.tables[tableIndex]!;
      tableIndex += 1;
      const columns = table.columns.map(quoteIdent).join(', ');
      await pipeline(item.data, client.query(copyFrom(`copy ${qualified(table)} (${columns}) from stdin`)));
    }

    const sequences = new Set((await listSequences(client)).map((s) => `${s.schema}.${s.name}`));
    for (const sequence of manifest.sequences) {
      if (sequences.has(`${sequence.schema}.${sequence.name}`)) await setSequence(client, sequence, sequence);
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}
