import type { InventoryItem } from '../../db/repos/loan-inventory.ts';
import { qrSvg } from '../../reports/qr.ts';
import { reportTexts } from '../../reports/texts.ts';
import { printData } from '../../reports/thai-text.ts';
import type { PdfJob } from '../../reports/typst-compile.ts';
import { inventoryMessages as m } from './messages.ts';

/**
 * The printable sheet of QR labels (A4, Sarabun, three across): each label carries the office, the ครุภัณฑ์
 * number, what the item is and a QR code of the item's page, so a technician scanning it with LINE's camera
 * opens the item (what it is, who has it, its history).
 */

/** The LIFF page of an item (the page itself comes with borrowing). */
export const itemPagePath = (itemId: number) => `loan-items/${itemId}`;

export interface LabelSheetOptions {
  officeName: string;
  thaiDigits: boolean;
  now: Date;
  /** The item's page as a link (LIFF); labels carry no QR code without one. */
  itemUrl: (itemId: number) => string | undefined;
}

export async function labelSheetPdfJob(items: readonly InventoryItem[], options: LabelSheetOptions): Promise<PdfJob> {
  const files: Record<string, string> = {};
  const labels = [];
  for (const item of items) {
    const url = options.itemUrl(item.id);
    const qr = url ? `qr-${item.id}.svg` : undefined;
    if (qr && url) files[qr] = await qrSvg(url);
    labels.push({ tag: item.assetTag, name: item.typeName, model: item.model ?? undefined, qr });
  }
  const data = printData({ title: m.labelsTitle, office: options.officeName, footer: reportTexts.footer(options.officeName, options.now), labels }, options.thaiDigits);
  return {
    template: 'loan-labels',
    data,
    files,
    inputs: { 'thai-digits': options.thaiDigits ? '1' : '0' },
    createdAtSeconds: Math.floor(options.now.getTime() / 1000),
  };
}
