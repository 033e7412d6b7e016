import type { messagingApi } from '@line/bot-sdk';
import { renderFlexTemplate } from '../../line/flex-renderer.ts';
import type { LineMessage } from '../../line/outbox.ts';
import { encodePostback } from '../../line/postback.ts';
import { HELP_MENU_REVISION, helpTopicAction, type HelpTopic } from './actions.ts';

/** Everything the greeting flow says. */
const labels: Record<HelpTopic, string> = {
  repair: 'แจ้งซ่อม',
  loan: 'ยืมอุปกรณ์',
  booking: 'จองห้อง',
  survey: 'แบบสำรวจ',
  documents: 'หนังสือราชการ',
  contact: 'ติดต่อเจ้าหน้าที่',
};

const topicTexts: Record<HelpTopic, string> = {
  repair: 'แจ้งซ่อม: แจ้งปัญหาคอมพิวเตอร์ อินเทอร์เน็ต และอุปกรณ์ของสำนักงานหรือโรงเรียน แล้วติดตามสถานะได้ในแชทนี้ บริการนี้กำลังจะเปิดให้ใช้เร็ว ๆ นี้ค่ะ',
  loan: 'ยืมอุปกรณ์: ยืมโน้ตบุ๊ก โปรเจกเตอร์ และอุปกรณ์อื่น พร้อมแจ้งเตือนวันคืน บริการนี้กำลังจะเปิดให้ใช้เร็ว ๆ นี้ค่ะ',
  booking: 'จองห้อง: จองห้องประชุมและห้องอบรมของสำนักงาน ดูว่าห้องว่างหรือไม่ได้ทันที บริการนี้กำลังจะเปิดให้ใช้เร็ว ๆ นี้ค่ะ',
  survey: 'แบบสำรวจ: ตอบแบบสำรวจของสำนักงานได้ในแชทนี้ บริการนี้กำลังจะเปิดให้ใช้เร็ว ๆ นี้ค่ะ',
  documents: 'หนังสือราชการ: รับแจ้งเตือนหนังสือราชการที่ส่งถึงคุณ บริการนี้กำลังจะเปิดให้ใช้เร็ว ๆ นี้ค่ะ',
  contact: 'ติดต่อเจ้าหน้าที่กลุ่มงาน ICT ได้ในเวลาราชการทางโทรศัพท์ของสำนักงานค่ะ เร็ว ๆ นี้จะติดต่อผ่านแชทนี้ได้ด้วยค่ะ',
};

export const greetingTexts = {
  greeting: 'สวัสดีค่ะ ยินดีต้อนรับสู่ผู้ช่วย LINE ของกลุ่มงาน ICT สำนักงานเขตพื้นที่การศึกษาค่ะ',
  welcome: 'ขอบคุณที่เพิ่มเราเป็นเพื่อนค่ะ ผู้ช่วย LINE ของกลุ่มงาน ICT สำนักงานเขตพื้นที่การศึกษา ยินดีให้บริการค่ะ',
  welcomeBack: 'ยินดีต้อนรับกลับมาค่ะ ผู้ช่วย LINE ของกลุ่มงาน ICT ยินดีให้บริการเช่นเดิมค่ะ',
  help:
    'ผู้ช่วยนี้จะช่วยคุณเรื่อง แจ้งซ่อม ยืมอุปกรณ์ จองห้อง แบบสำรวจ และหนังสือราชการ ขณะนี้บริการเหล่านี้กำลังทยอยเปิดให้ใช้เร็ว ๆ นี้ค่ะ ' +
    'กดหัวข้อด้านล่างเพื่อดูรายละเอียด หรือพิมพ์ "ยกเลิก" เพื่อออกจากขั้นตอนที่ทำอยู่ได้ทุกเมื่อค่ะ',
  cardTitle: 'สวัสดีค่ะ มีอะไรให้ช่วยไหมคะ',
  cardSubtitle: 'ผู้ช่วย LINE ของกลุ่มงาน ICT',
  cardAltText: 'สวัสดีค่ะ นี่คือเมนูช่วยเหลือของผู้ช่วย LINE กลุ่มงาน ICT',
  labels,
  topicTexts,
} as const;

const QUICK_TOPICS: readonly HelpTopic[] = ['repair', 'loan', 'booking', 'survey', 'documents', 'contact'];

function topicData(topic: HelpTopic): string {
  return encodePostback(helpTopicAction, { t: topic, r: HELP_MENU_REVISION });
}

function quickReplies(): messagingApi.QuickReply {
  return {
    items: QUICK_TOPICS.map((topic) => ({
      type: 'action',
      action: { type: 'postback', label: labels[topic], data: topicData(topic), displayText: labels[topic] },
    })),
  };
}

/** The help card: a Flex bubble from `flex-templates/help-menu.json`. */
export function helpCard(): LineMessage {
  return renderFlexTemplate(
    'help-menu',
    {
      title: greetingTexts.cardTitle,
      subtitle: greetingTexts.cardSubtitle,
      primaryLabel: labels.repair,
      primaryData: topicData('repair'),
      secondaryLabel: labels.loan,
      secondaryData: topicData('loan'),
      contactData: topicData('contact'),
    },
    { altText: greetingTexts.cardAltText },
  );
}

export function helpText(): LineMessage {
  return { type: 'text', text: greetingTexts.help, quickReply: quickReplies() };
}

export function greetingMessages(): LineMessage[] {
  return [{ type: 'text', text: greetingTexts.greeting }, helpCard(), helpText()];
}

export function welcomeMessages(isUnblocked: boolean): LineMessage[] {
  return [{ type: 'text', text: isUnblocked ? greetingTexts.welcomeBack : greetingTexts.welcome }, helpCard(), helpText()];
}

export function topicMessages(topic: HelpTopic): LineMessage[] {
  return [{ type: 'text', text: topicTexts[topic], quickReply: quickReplies() }];
}
