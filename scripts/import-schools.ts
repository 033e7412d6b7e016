/**
 * `npm run import-schools -- path/to/schools.csv [office-id]`: imports the office's school list.
 * Header row in Thai or English (name, SMIS / OBEC / Ministry codes — any present, district, cluster,
 * address); UTF-8 with or without BOM. Re-importing updates schools by code; bad rows are listed with
 * their line numbers and the rest is imported. Exit code 0 = all rows imported, 1 = some rows refused.
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_OFFICE_ID } from '../src/line/channels.ts';
import { createLogger } from '../src/logger.ts';
import { importSchoolsCsv } from '../src/flows/directory/import-schools.ts';
import { offices } from '../src/db/schema.ts';
import { loadScriptConfig, withScriptDatabase } from './script-support.ts';

async function main(argv: string[]): Promise<number> {
  const [file, officeId = DEFAULT_OFFICE_ID] = argv;
  if (!file) {
    process.stderr.write('Usage: npm run import-schools -- <file.csv> [office-id]\n');
    return 2;
  }
  const config = loadScriptConfig();
  if (!config) return 2;
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const csv = await readFile(file, 'utf8');
  return withScriptDatabase(config, logger, async (database) => {
    // The office row exists once the service has started; an import before the first start creates it.
    await database.db.insert(offices).values({ id: officeId, name: config.OFFICE_NAME }).onConflictDoNothing();
    const result = await importSchoolsCsv(database.db, officeId, csv);
    process.stdout.write(`นำเข้าใหม่ ${result.inserted} แห่ง, ปรับปรุง ${result.updated} แห่ง\n`);
    for (const problem of result.problems) process.stdout.write(`บรรทัด ${problem.line}: ${problem.message}\n`);
    return result.problems.length === 0 ? 0 : 1;
  });
}

process.exitCode = await main(process.argv.slice(2));
