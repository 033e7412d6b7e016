import { z } from 'zod';

export const CATEGORY_GROUPS = ['dltv', 'computer'] as const;
export const categoryGroupSchema = z.enum(CATEGORY_GROUPS);
export type CategoryGroup = z.infer<typeof categoryGroupSchema>;

export const CATEGORY_GROUP_LABELS: Record<CategoryGroup, string> = {
  dltv: 'DLTV (ทีวีดาวเทียม)',
  computer: 'คอมพิวเตอร์และเครือข่าย',
};

export interface CategorySeed {
  groupCode: CategoryGroup;
  code: string;
  label: string;
  sortOrder: number;
}

/** What an office starts with when it has no categories yet; from then on they are the admin's data. */
export const DEFAULT_CATEGORIES: readonly CategorySeed[] = [
  { groupCode: 'dltv', code: 'dltv_no_signal', label: 'ไม่มีสัญญาณ', sortOrder: 10 },
  { groupCode: 'dltv', code: 'dltv_dish_lnb', label: 'จานดาวเทียม/LNB', sortOrder: 20 },
  { groupCode: 'dltv', code: 'dltv_receiver', label: 'เครื่องรับสัญญาณ', sortOrder: 30 },
  { groupCode: 'dltv', code: 'dltv_tv', label: 'โทรทัศน์', sortOrder: 40 },
  { groupCode: 'dltv', code: 'dltv_cable', label: 'สายสัญญาณ', sortOrder: 50 },
  { groupCode: 'dltv', code: 'dltv_other', label: 'อื่น ๆ', sortOrder: 90 },
  { groupCode: 'computer', code: 'computer_pc', label: 'คอมพิวเตอร์', sortOrder: 10 },
  { groupCode: 'computer', code: 'computer_notebook', label: 'โน้ตบุ๊ก', sortOrder: 20 },
  { groupCode: 'computer', code: 'computer_printer', label: 'เครื่องพิมพ์', sortOrder: 30 },
  { groupCode: 'computer', code: 'computer_projector', label: 'โปรเจกเตอร์', sortOrder: 40 },
  { groupCode: 'computer', code: 'computer_network', label: 'อินเทอร์เน็ต/เครือข่าย', sortOrder: 50 },
  { groupCode: 'computer', code: 'computer_other', label: 'อื่น ๆ', sortOrder: 90 },
];

/** Category codes are short ASCII keys the admin types in the script. */
export const categoryCodeSchema = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'รหัสใช้ a-z, 0-9 และ _ (2–40 ตัว)');

/** A kind of fault an office offers (src/db/repos/repair-categories.ts fills it). */
export interface RepairCategory {
  id: number;
  officeId: string;
  groupCode: CategoryGroup;
  code: string;
  label: string;
  sortOrder: number;
  active: boolean;
}

