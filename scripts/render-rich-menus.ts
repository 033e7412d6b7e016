/**
 * `npm run render-rich-menus [-- --out <folder>]`: draws every rich menu from its definition and writes,
 * per menu, the PNG that is uploaded to LINE and the request JSON beside it, so a person can look at them
 * before running `npm run setup-rich-menus`. Default folder: data/rich-menus/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderRichMenuImage, richMenuDefinitions } from '../src/line/rich-menus/definitions.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'data/rich-menus' } } });
const out = path.resolve(values.out);
await mkdir(out, { recursive: true });
for (const definition of richMenuDefinitions().values()) {
  const png = renderRichMenuImage(definition);
  await writeFile(path.join(out, `${definition.key}.png`), png);
  await writeFile(path.join(out, `${definition.key}.json`), `${JSON.stringify(definition.request, null, 2)}\n`);
  const { width, height } = definition.request.size;
  process.stdout.write(`${definition.name}  ${width}×${height}  ${Math.round(png.length / 1024)} KB  ${path.join(out, `${definition.key}.png`)}\n`);
}
