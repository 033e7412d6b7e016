/**
 * Valid Messaging API objects, one per component of LINE's spec that our schemas cover.
 * Each factory returns a fresh object, so tests may mutate it to make it invalid.
 */

export const IMG = 'https://example.com/images/a.png';

export const actions = {
  PostbackAction: () => ({ type: 'postback', label: 'ยืนยัน', data: 'v1:ok', displayText: 'ยืนยัน' }),
  MessageAction: () => ({ type: 'message', label: 'ช่วยเหลือ', text: 'ช่วยเหลือ' }),
  URIAction: () => ({ type: 'uri', label: 'เว็บไซต์', uri: 'https://example.com/', altUri: { desktop: 'https://example.com/desktop' } }),
  DatetimePickerAction: () => ({
    type: 'datetimepicker',
    label: 'เลือกวัน',
    data: 'v1:date',
    mode: 'date',
    initial: '2026-01-15',
    min: '2026-01-01',
    max: '2026-12-31',
  }),
  CameraAction: () => ({ type: 'camera', label: 'กล้อง' }),
  CameraRollAction: () => ({ type: 'cameraRoll', label: 'รูปภาพ' }),
  LocationAction: () => ({ type: 'location', label: 'ตำแหน่ง' }),
  RichMenuSwitchAction: () => ({ type: 'richmenuswitch', label: 'เมนู 2', richMenuAliasId: 'menu-b', data: 'v1:tab:b' }),
  ClipboardAction: () => ({ type: 'clipboard', label: 'คัดลอก', clipboardText: 'ABC-123' }),
};

const quickReplyActions = [
  actions.PostbackAction(),
  actions.MessageAction(),
  actions.URIAction(),
  actions.DatetimePickerAction(),
  actions.CameraAction(),
  actions.CameraRollAction(),
  actions.LocationAction(),
  actions.ClipboardAction(),
];

export const quickReply = () => ({
  items: quickReplyActions.map((action, i) => ({ type: 'action', ...(i === 0 ? { imageUrl: IMG } : {}), action })),
});

export const sender = () => ({ name: 'ฝ่าย ICT', iconUrl: IMG });

export const flex = {
  FlexSpan: () => ({ type: 'span', text: 'ตัวหนา', weight: 'bold', size: 'sm', color: '#111111', style: 'italic', decoration: 'underline' }),
  FlexText: () => ({
    type: 'text',
    text: 'แจ้งซ่อม',
    size: 'xl',
    weight: 'bold',
    wrap: true,
    maxLines: 2,
    color: '#1DB446',
    align: 'start',
    gravity: 'center',
    margin: 'md',
    adjustMode: 'shrink-to-fit',
  }),
  FlexImage: () => ({ type: 'image', url: IMG, size: 'full', aspectRatio: '20:13', aspectMode: 'cover', action: actions.URIAction() }),
  FlexIcon: () => ({ type: 'icon', url: IMG, size: 'sm', aspectRatio: '1:1' }),
  FlexButton: () => ({ type: 'button', style: 'primary', height: 'sm', color: '#1DB446', action: actions.PostbackAction() }),
  FlexSeparator: () => ({ type: 'separator', margin: 'lg', color: '#DDDDDD' }),
  FlexFiller: () => ({ type: 'filler', flex: 1 }),
  FlexVideo: () => ({
    type: 'video',
    url: 'https://example.com/v.mp4',
    previewUrl: IMG,
    altContent: { type: 'image', url: IMG, size: 'full' },
    aspectRatio: '16:9',
  }),
  FlexBox: (): Record<string, unknown> => ({
    type: 'box',
    layout: 'vertical',
    spacing: 'sm',
    paddingAll: '12px',
    cornerRadius: 'md',
    backgroundColor: '#FFFFFF',
    background: { type: 'linearGradient', angle: '90deg', startColor: '#FFFFFF', endColor: '#EEEEEE' },
    contents: [
      flex.FlexText(),
      { type: 'text', contents: [flex.FlexSpan(), { type: 'span', text: ' ธรรมดา' }], wrap: true },
      { type: 'box', layout: 'baseline', contents: [flex.FlexIcon(), { type: 'text', text: '4.0', flex: 0 }] },
      flex.FlexSeparator(),
      { type: 'box', layout: 'horizontal', contents: [flex.FlexFiller(), flex.FlexButton()] },
    ],
  }),
};

export const bubble = () => ({
  type: 'bubble',
  size: 'mega',
  header: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'หัวเรื่อง' }] },
  hero: flex.FlexImage(),
  body: flex.FlexBox(),
  footer: { type: 'box', layout: 'vertical', contents: [flex.FlexButton()] },
  styles: { footer: { separator: true } },
  action: actions.URIAction(),
});

export const videoBubble = () => ({ type: 'bubble', size: 'kilo', hero: flex.FlexVideo(), body: flex.FlexBox() });

export const containers = {
  FlexBubble: bubble,
  FlexCarousel: () => ({ type: 'carousel', contents: [bubble(), videoBubble()] }),
};

export const templates = {
  ButtonsTemplate: () => ({
    type: 'buttons',
    thumbnailImageUrl: IMG,
    imageAspectRatio: 'rectangle',
    imageSize: 'cover',
    title: 'เมนู',
    text: 'เลือกรายการ',
    defaultAction: actions.URIAction(),
    actions: [actions.PostbackAction(), actions.MessageAction(), actions.URIAction(), actions.DatetimePickerAction()],
  }),
  ConfirmTemplate: () => ({ type: 'confirm', text: 'ยืนยันหรือไม่', actions: [actions.MessageAction(), actions.PostbackAction()] }),
  CarouselTemplate: () => ({
    type: 'carousel',
    columns: [
      { thumbnailImageUrl: IMG, title: 'หนึ่ง', text: 'รายการที่ 1', actions: [actions.PostbackAction()] },
      { title: 'สอง', text: 'รายการที่ 2', actions: [actions.MessageAction()] },
    ],
  }),
  ImageCarouselTemplate: () => ({ type: 'image_carousel', columns: [{ imageUrl: IMG, action: actions.PostbackAction() }] }),
};

export const messages = {
  TextMessage: () => ({ type: 'text', text: 'สวัสดีค่ะ', quickReply: quickReply(), sender: sender() }),
  StickerMessage: () => ({ type: 'sticker', packageId: '446', stickerId: '1988' }),
  ImageMessage: () => ({ type: 'image', originalContentUrl: IMG, previewImageUrl: IMG }),
  VideoMessage: () => ({ type: 'video', originalContentUrl: 'https://example.com/v.mp4', previewImageUrl: IMG, trackingId: 't1' }),
  AudioMessage: () => ({ type: 'audio', originalContentUrl: 'https://example.com/a.m4a', duration: 60000 }),
  LocationMessage: () => ({ type: 'location', title: 'สพป.', address: 'ถนนหลัก', latitude: 13.75, longitude: 100.5 }),
  ImagemapMessage: () => ({
    type: 'imagemap',
    baseUrl: 'https://example.com/imagemap',
    altText: 'แผนที่',
    baseSize: { width: 1040, height: 1040 },
    actions: [
      { type: 'uri', linkUri: 'https://example.com/', area: { x: 0, y: 0, width: 520, height: 1040 } },
      { type: 'message', text: 'hello', area: { x: 520, y: 0, width: 520, height: 520 } },
      { type: 'clipboard', clipboardText: 'copy', area: { x: 520, y: 520, width: 520, height: 520 } },
    ],
  }),
  TemplateMessage: () => ({ type: 'template', altText: 'เมนู', template: templates.ButtonsTemplate() }),
  FlexMessage: () => ({ type: 'flex', altText: 'แจ้งซ่อม', contents: bubble() }),
};

export const richMenuRequest = () => ({
  size: { width: 2500, height: 843 },
  selected: true,
  name: 'main',
  chatBarText: 'เมนู',
  areas: [
    { bounds: { x: 0, y: 0, width: 1250, height: 843 }, action: actions.RichMenuSwitchAction() },
    { bounds: { x: 1250, y: 0, width: 1250, height: 843 }, action: actions.PostbackAction() },
  ],
});

export const USER_ID = `U${'0123456789abcdef'.repeat(2)}`;

export const requests = {
  ReplyMessageRequest: () => ({ replyToken: '0f3779fba3b349968c5d07db31eab56f', messages: [messages.TextMessage()] }),
  PushMessageRequest: () => ({ to: USER_ID, messages: [messages.FlexMessage(), messages.StickerMessage()], notificationDisabled: true }),
  MulticastRequest: () => ({ to: [USER_ID], messages: [messages.TextMessage()], customAggregationUnits: ['notice_1'] }),
  ShowLoadingAnimationRequest: () => ({ chatId: USER_ID, loadingSeconds: 10 }),
  RichMenuRequest: richMenuRequest,
  CreateRichMenuAliasRequest: () => ({ richMenuAliasId: 'menu-b', richMenuId: 'richmenu-0123' }),
};
