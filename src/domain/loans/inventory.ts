import { z } from 'zod';
import { looseKey } from '../csv.ts';

/**
 * The vocabulary of the office's lendable inventory: kinds of equipment and the condition of an item, each with
 * its Thai label (what the office writes on its forms) and the other names an imported spreadsheet may use.
 */

export const ITEM_CATEGORIES = ['projector', 'notebook', 'vc_kit', 'camera', 'speaker', 'microphone', 'document', 'software_media', 'other'] as const;
export const itemCategorySchema = z.enum(ITEM_CATEGORIES);
export type ItemCategory = z.infer<typeof itemCategorySchema>;

export const CATEGORY_LABELS: Record<ItemCategory, string> = {
  projector: 'เครื่องฉายภาพ (โปรเจกเตอร์)',
  notebook: 'โน้ตบุ๊ก',
  vc_kit: 'ชุดประชุมทางไกล (VC)',
  camera: 'กล้อง',
  speaker: 'ลำโพง',
  microphone: 'ไมโครโฟน',
  document: 'เอกสาร',
  software_media: 'สื่อ Software',
  other: 'อื่น ๆ',
};

/** Other names a spreadsheet may give a category (compared with `matchKey`). */
const CATEGORY_ALIASES: Record<ItemCategory, readonly string[]> = {
  projector: ['projector', 'โปรเจกเตอร์', 'โปรเจคเตอร์', 'เครื่องฉายภาพ'],
  notebook: ['notebook', 'laptop', 'โน้ตบุ๊ก', 'โน๊ตบุ๊ค', 'โน้ตบุ๊ค', 'คอมพิวเตอร์โน้ตบุ๊ก'],
  vc_kit: ['vc kit', 'vc', 'video conference', 'ชุดประชุมทางไกล', 'ชุด vc'],
  camera: ['camera', 'webcam', 'กล้อง', 'กล้องถ่ายภาพ', 'กล้องวิดีโอ'],
  speaker: ['speaker', 'ลำโพง'],
  microphone: ['microphone', 'mic', 'ไมโครโฟน', 'ไมค์'],
  document: ['document', 'documents', 'เอกสาร'],
  software_media: ['software media', 'software', 'สื่อ software', 'ซอฟต์แวร์', 'สื่อ'],
  other: ['other', 'อื่น ๆ', 'อื่นๆ', 'อื่น'],
};

export const ITEM_CONDITIONS = ['good', 'fair', 'damaged'] as const;
export const itemConditionSchema = z.enum(ITEM_CONDITIONS);
export type ItemCondition = z.infer<typeof itemConditionSchema>;

export const CONDITION_LABELS: Record<ItemCondition, string> = { good: 'ดี', fair: 'พอใช้', damaged: 'ชำรุด' };

const CONDITION_ALIASES: Record<ItemCondition, readonly string[]> = {
  good: ['good', 'ok', 'ดี', 'ปกติ', 'ใช้งานได้'],
  fair: ['fair', 'พอใช้'],
  damaged: ['damaged', 'broken', 'ชำรุด', 'เสีย'],
};

function lookup<T extends string>(text: string, codes: readonly T[], labels: Record<T, string>, aliases: Record<T, readonly string[]>): T | null {
  const key = looseKey(text);
  return codes.find((code) => code === key.replace(/ /g, '_') || looseKey(labels[code]) === key || aliases[code].some((a) => looseKey(a) === key)) ?? null;
}

/** A category from its code, Thai label or a common name; null when none fits. */
export function parseCategory(text: string): ItemCategory | null {
  return lookup(text, ITEM_CATEGORIES, CATEGORY_LABELS, CATEGORY_ALIASES);
}

export function parseCondition(text: string): ItemCondition | null {
  return lookup(text, ITEM_CONDITIONS, CONDITION_LABELS, CONDITION_ALIASES);
}

// ── The rows a repository returns and a step reads ─────────────────────────────────────────────────────

export interface ItemInput {
  assetTag: string;
  typeName: string;
  /** The type's category; null keeps the type's own (`other` for a new type). */
  category: ItemCategory | null;
  model: string | null;
  serialNumber: string | null;
  condition: ItemCondition;
  location: string | null;
  lendable: boolean;
  retired: boolean;
  note: string | null;
}

export interface InventoryItem extends ItemInput {
  category: ItemCategory;
  id: number;
  typeId: number;
  photoMediaId: number | null;
  /** The kit it is lent with, if any. */
  kitName: string | null;
}

export interface ConsumableInput {
  name: string;
  unit: string;
  stock: number;
  minStock: number | null;
  location: string | null;
  note: string | null;
}

export interface Consumable extends ConsumableInput {
  id: number;
}
