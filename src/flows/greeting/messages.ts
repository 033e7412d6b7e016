import type { messagingApi } from '@line/bot-sdk';
import { renderFlexTemplate } from '../../line/flex-renderer.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { encodePostback } from '../../line/postback.ts';
import { can } from '../../domain/permissions.ts';
import type { Role } from '../../domain/roles.ts';
import { HELP_MENU_REVISION, HELP_TOPICS, helpTopicAction, type HelpTopic } from './actions.ts';
import { howToStart, serviceOfTopic, servicesFor, type Service } from './services.ts';

/** Everything the greeting flow says. */
const labels: Record<HelpTopic, string> = {
  repair: 'แจ้งซ่อม',
  loan: 'ยืมอุปกรณ์',
  booking: 'จองห้อง',
  survey: 'แบบสำรวจ',
  documents: 'หนังสือราชการ',
  vc: 'ประชุมทางไกล',
  contact: 'ติดต่อเจ้าหน้าที่',
};

const CONTACT_TEXT = 'ติดต่อเจ้าหน้าที่กลุ่มงาน ICT ได้ในเวลาราชการทางโทรศัพท์ของสำนักงานค่ะ เร็ว ๆ นี้จะติดต่อผ่านแชทนี้ได้ด้วยค่ะ';

/**
 * A help topic's text, from the catalogue: what the service does, and how to start it (from the person's own menu,
 * or by typing when their menu has no tile of it) or what to do meanwhile.
 */
function topicText(topic: HelpTopic, role: Role | null): string {
  const service = serviceOfTopic(topic);
  if (!service) return CONTACT_TEXT;
  return service.open ? `${service.name}: ${service.about} ${howToStart(service, role)}` : `${service.name}: ${service.about} บริการนี้ยังไม่เปิดให้ใช้ในแชทนี้ค่ะ ${service.next}`;
}

const namesOf = (services: readonly Service[]) => services.map((s) => s.name).join(', ');

/** What works for this role and what is coming, from the catalogue (no role: every service). */
function helpFor(role: Role | null | undefined): string {
  const services = servicesFor(role);
  const open = services.filter((s) => s.open);
  const coming = services.filter((s) => !s.open);
  const works =
    open.length > 0
      ? `ตอนนี้ผู้ช่วยนี้ใช้งานได้แล้วเรื่อง ${namesOf(open)}ค่ะ`
      : 'ตอนนี้บัญชีของคุณยังไม่มีสิทธิ์ใช้บริการใด หากต้องการใช้งาน โปรดติดต่อผู้ดูแลระบบค่ะ';
  const soon = coming.length > 0 ? ` ส่วน ${namesOf(coming)} กำลังจะเปิดให้ใช้เร็ว ๆ นี้ค่ะ` : '';
  return `${works}${soon} กดหัวข้อด้านล่างเพื่อดูรายละเอียด หรือพิมพ์ "ยกเลิก" เพื่อออกจากขั้นตอนที่ทำอยู่ได้ทุกเมื่อค่ะ`;
}

const MEDIA_NOUNS: Record<MediaKind, string> = {
  image: 'รูป',
  video: 'วิดีโอ',
  audio: 'ข้อความเสียง',
  file: 'ไฟล์',
  location: 'ตำแหน่ง',
  sticker: 'สติกเกอร์',
};

export const greetingTexts = {
  /** Said in the reply to anything a person writes while surveys wait for them (a reply: free, no push). */
  surveysWaiting: (n: number, role: Role | null = null) => `มีแบบสำรวจรอคุณตอบ ${n} รายการค่ะ ${howToStart(serviceOfTopic('survey')!, role)}`,
  greeting: 'สวัสดีค่ะ ยินดีต้อนรับสู่ผู้ช่วย LINE ของกลุ่มงาน ICT สำนักงานเขตพื้นที่การศึกษาค่ะ',
  welcome: 'ขอบคุณที่เพิ่มเราเป็นเพื่อนค่ะ ผู้ช่วย LINE ของกลุ่มงาน ICT สำนักงานเขตพื้นที่การศึกษา ยินดีให้บริการค่ะ',
  welcomeBack: 'ยินดีต้อนรับกลับมาค่ะ ผู้ช่วย LINE ของกลุ่มงาน ICT ยินดีให้บริการเช่นเดิมค่ะ',
  /** The help text written for everyone (a person gets the one for their role). */
  help: helpFor(null),
  helpFor,
  openLine: (open: readonly Service[]) => `• ใช้งานได้แล้ว: ${namesOf(open)}`,
  comingLine: (coming: readonly Service[]) => `• เร็ว ๆ นี้: ${namesOf(coming)}`,
  /** A tile whose service is not open yet: that one service, and what to do meanwhile. */
  notOpenYet: (service: Service) =>
    `ขออภัยค่ะ บริการ${service.name}ยังไม่เปิดให้ใช้ในแชทนี้ ${service.next} เมื่อเปิดให้บริการแล้วจะใช้ได้จากปุ่มนี้ทันทีค่ะ`,
  /** A picture, sticker, file or place sent when no step is waiting for one. */
  mediaNotExpected: (kind: MediaKind, canReport: boolean) =>
    `ได้รับ${MEDIA_NOUNS[kind]}แล้วค่ะ แต่ตอนนี้ยังไม่มีขั้นตอนใดที่รอ${MEDIA_NOUNS[kind]}นี้อยู่` +
    (canReport ? ' หากต้องการแจ้งซ่อมพร้อมรูป กด "แจ้งซ่อม" ก่อน แล้วส่งรูปเมื่อผู้ช่วยขอค่ะ' : ' เลือกบริการจากเมนูด้านล่างได้เลยค่ะ'),
  /** The guest menu's ลงทะเบียน tapped by someone already registered. */
  alreadyRegistered: (fullName: string, roleLabel: string) =>
    `คุณลงทะเบียนไว้แล้วค่ะ ในชื่อ ${fullName} (${roleLabel}) ดูข้อมูลได้โดยพิมพ์ "ข้อมูลของฉัน" หากต้องการสิทธิ์เพิ่ม โปรดติดต่อผู้ดูแลระบบค่ะ`,
  cardTitle: 'สวัสดีค่ะ มีอะไรให้ช่วยไหมคะ',
  cardSubtitle: 'ผู้ช่วย LINE ของกลุ่มงาน ICT',
  cardAltText: 'สวัสดีค่ะ นี่คือเมนูช่วยเหลือของผู้ช่วย LINE กลุ่มงาน ICT',
  labels,
  topicText,
} as const;

export type MediaKind = 'image' | 'video' | 'audio' | 'file' | 'location' | 'sticker';

function topicData(topic: HelpTopic): string {
  return encodePostback(helpTopicAction, { t: topic, r: HELP_MENU_REVISION });
}

/** A button per service the role hears of, then ติดต่อเจ้าหน้าที่. */
function quickReplies(role: Role | null | undefined): messagingApi.QuickReply {
  const topics: HelpTopic[] = [...servicesFor(role).map((s) => s.topic), 'contact'];
  return {
    items: topics.map((topic) => ({
      type: 'action',
      action: { type: 'postback', label: labels[topic], data: topicData(topic), displayText: labels[topic] },
    })),
  };
}

/** The help card (`flex-templates/help-menu.json`): what works for the role, what is coming, buttons to the first two that work. */
export function helpCard(role: Role | null = null): LineMessage {
  const services = servicesFor(role);
  const open = services.filter((s) => s.open);
  const coming = services.filter((s) => !s.open);
  const [first, second] = open;
  return renderFlexTemplate(
    'help-menu',
    {
      title: greetingTexts.cardTitle,
      subtitle: greetingTexts.cardSubtitle,
      openLine: open.length > 0 ? greetingTexts.openLine(open) : undefined,
      comingLine: coming.length > 0 ? greetingTexts.comingLine(coming) : undefined,
      primaryLabel: first ? labels[first.topic] : undefined,
      primaryData: first ? topicData(first.topic) : undefined,
      secondaryLabel: second ? labels[second.topic] : undefined,
      secondaryData: second ? topicData(second.topic) : undefined,
      contactData: topicData('contact'),
    },
    { altText: greetingTexts.cardAltText },
  );
}

export function helpText(role: Role | null = null): LineMessage {
  return { type: 'text', text: helpFor(role), quickReply: quickReplies(role) };
}

export function greetingMessages(role: Role | null = null): LineMessage[] {
  return [{ type: 'text', text: greetingTexts.greeting }, helpCard(role), helpText(role)];
}

export function welcomeMessages(isUnblocked: boolean, role: Role | null = null): LineMessage[] {
  return [{ type: 'text', text: isUnblocked ? greetingTexts.welcomeBack : greetingTexts.welcome }, helpCard(role), helpText(role)];
}

export function topicMessages(topic: HelpTopic, role: Role | null = null): LineMessage[] {
  return [{ type: 'text', text: topicText(topic, role), quickReply: quickReplies(role) }];
}

export function notOpenYetMessages(service: Service, role: Role | null): LineMessage[] {
  return [{ type: 'text', text: greetingTexts.notOpenYet(service), quickReply: quickReplies(role) }];
}

export function mediaMessages(kind: MediaKind, role: Role | null): LineMessage[] {
  return [{ type: 'text', text: greetingTexts.mediaNotExpected(kind, can(role, 'report_fault')) }, helpText(role)];
}
