import { formatThaiDateTime } from '../domain/thai-date.ts';
import type { BackupHealth } from '../domain/backups.ts';

/** What the admins are told in the chat when backups are overdue (their menu's line: src/flows/admin/messages.ts). */

/** The alert pushed to the admins (once a day) when no backup has succeeded for two days. */
export function backupOverdueAlert(health: BackupHealth): string {
  const last = health.lastGoodCopied;
  const lines = [
    'แจ้งเตือนผู้ดูแลระบบค่ะ: ระบบยังสำรองข้อมูลไม่สำเร็จมาเกิน 2 วันแล้ว',
    last ? `ข้อมูลสำรองล่าสุดที่ใช้ได้: ${formatThaiDateTime(last.startedAt)}` : 'ยังไม่เคยมีข้อมูลสำรองที่ใช้ได้เลยค่ะ',
  ];
  if (health.copyFailed) lines.push('การคัดลอกไปยังที่เก็บสำรองแห่งที่สองไม่สำเร็จ (ตรวจดูดิสก์ภายนอกหรือ NAS)');
  const run = health.lastRun;
  if (run?.status === 'failed' && run.error) lines.push(`สาเหตุล่าสุด: ${run.error.slice(0, 300)}`);
  lines.push('หากข้อมูลในเครื่องเสียหาย ทะเบียนหนังสือและประวัติงานอาจสูญหายได้ กรุณาให้ผู้ดูแลเครื่องตรวจสอบ (npm run backup) นะคะ');
  return lines.join('\n');
}
