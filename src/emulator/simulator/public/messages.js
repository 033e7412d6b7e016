// Renders one conversation entry's message: what the bot sent (text, images, stickers, Flex, templates...)
// and what the person sent (text, pictures, stickers, locations, postbacks with displayText).
import { api } from './api.js';
import { actionLabel, el, image, safeUrl } from './dom.js';
import { renderFlex } from './flex.js';

/** LINE emoji in text: "$" at each emoji's index stands for a LINE emoji; we show a generic one. */
function textWithEmojis(message) {
  const text = message.text ?? '';
  if (!Array.isArray(message.emojis) || message.emojis.length === 0) return text;
  const chars = [...text];
  for (const emoji of message.emojis) if (chars[emoji.index] === '$') chars[emoji.index] = '☺';
  return chars.join('');
}

/** textV2: {key} placeholders filled from substitution (mentions and emojis). */
function textV2(message) {
  return (message.text ?? '').replace(/\{([A-Za-z0-9_]+)\}/g, (whole, key) => {
    const sub = message.substitution?.[key];
    if (!sub) return whole;
    if (sub.type === 'emoji') return '☺';
    if (sub.type === 'mention') return sub.mentionee?.type === 'all' ? '@All' : '@ผู้ใช้';
    return whole;
  });
}

function textBubble(text, who) {
  return el('div', `bubble text ${who}`, { text });
}

function sticker(message) {
  const node = el('div', 'sticker', { title: `sticker ${message.packageId}/${message.stickerId}` });
  node.append(el('span', 'sticker-face', { text: '(ᵔᴥᵔ)', 'aria-hidden': 'true' }), el('span', 'sticker-label', { text: 'สติกเกอร์ (sticker)' }));
  return node;
}

function picture(src, full) {
  const node = el('a', 'picture', { href: safeUrl(full ?? src), target: '_blank', rel: 'noopener noreferrer' });
  node.append(image(src, 'picture-img', 'รูปภาพ (image)'));
  return node;
}

function locationCard(message) {
  const node = el('div', 'bubble location-card');
  node.append(
    el('div', 'location-pin', { text: '📍', 'aria-hidden': 'true' }),
    el('strong', '', { text: message.title ?? 'ตำแหน่ง (location)' }),
    el('div', 'muted', { text: message.address ?? '' }),
    el('div', 'muted small', { text: `${Number(message.latitude).toFixed(5)}, ${Number(message.longitude).toFixed(5)}` }),
  );
  return node;
}

function templateButton(action, ctx, className = 'tpl-action') {
  const node = el('button', className, { type: 'button', text: actionLabel(action) });
  node.addEventListener('click', () => ctx.onAction(action, node));
  return node;
}

function buttonsCard(t, ctx) {
  const node = el('div', 'tpl-card');
  if (t.thumbnailImageUrl) {
    const thumb = image(t.thumbnailImageUrl, 'tpl-thumb');
    thumb.style.aspectRatio = t.imageAspectRatio === 'square' ? '1 / 1' : '1.51 / 1';
    thumb.style.objectFit = t.imageSize === 'contain' ? 'contain' : 'cover';
    if (t.imageBackgroundColor) thumb.style.backgroundColor = t.imageBackgroundColor;
    node.append(thumb);
  }
  const body = el('div', 'tpl-body');
  if (t.title) body.append(el('div', 'tpl-title', { text: t.title }));
  body.append(el('div', 'tpl-text', { text: t.text ?? '' }));
  node.append(body);
  for (const action of t.actions ?? []) node.append(templateButton(action, ctx));
  if (t.defaultAction) {
    body.classList.add('fx-tap');
    body.addEventListener('click', () => ctx.onAction(t.defaultAction, body));
  }
  return node;
}

function template(message, ctx) {
  const t = message.template ?? {};
  switch (t.type) {
    case 'buttons':
      return buttonsCard(t, ctx);
    case 'confirm': {
      const node = el('div', 'tpl-card tpl-confirm');
      node.append(el('div', 'tpl-body tpl-text', { text: t.text ?? '' }));
      const row = el('div', 'tpl-confirm-row');
      for (const action of t.actions ?? []) row.append(templateButton(action, ctx));
      node.append(row);
      return node;
    }
    case 'carousel': {
      const node = el('div', 'fx-carousel');
      for (const column of t.columns ?? []) {
        node.append(buttonsCard({ ...column, imageAspectRatio: t.imageAspectRatio, imageSize: t.imageSize }, ctx));
      }
      return node;
    }
    case 'image_carousel': {
      const node = el('div', 'fx-carousel');
      for (const column of t.columns ?? []) {
        const cell = el('div', 'tpl-image-cell fx-tap', { role: 'button', tabindex: '0' });
        cell.append(image(column.imageUrl, 'tpl-image'));
        if (column.action?.label) cell.append(el('span', 'tpl-image-label', { text: column.action.label }));
        cell.addEventListener('click', () => column.action && ctx.onAction(column.action, cell));
        node.append(cell);
      }
      return node;
    }
    default:
      return textBubble(message.altText ?? '[template]', 'bot');
  }
}

function imagemap(message, ctx) {
  const width = message.baseSize?.width ?? 1040;
  const height = message.baseSize?.height ?? 1040;
  const node = el('div', 'imagemap');
  node.style.aspectRatio = `${width} / ${height}`;
  node.append(image(`${message.baseUrl}/1040`, 'imagemap-img', message.altText ?? ''));
  for (const action of message.actions ?? []) {
    const a = action.area ?? {};
    const area = el('button', 'area', { type: 'button', 'aria-label': action.label ?? action.text ?? action.linkUri ?? '' });
    Object.assign(area.style, {
      left: `${(a.x / width) * 100}%`,
      top: `${(a.y / height) * 100}%`,
      width: `${(a.width / width) * 100}%`,
      height: `${(a.height / height) * 100}%`,
    });
    const mapped = action.type === 'uri' ? { type: 'uri', uri: action.linkUri } : { type: 'message', text: action.text };
    area.addEventListener('click', () => ctx.onAction(mapped, area));
    node.append(area);
  }
  return node;
}

export function renderBotMessage(message, ctx) {
  switch (message?.type) {
    case 'text':
      return textBubble(textWithEmojis(message), 'bot');
    case 'textV2':
      return textBubble(textV2(message), 'bot');
    case 'sticker':
      return sticker(message);
    case 'image':
      return picture(message.previewImageUrl, message.originalContentUrl);
    case 'video': {
      const node = picture(message.previewImageUrl, message.originalContentUrl);
      node.classList.add('video');
      node.append(el('span', 'fx-video-play', { text: '▶' }));
      return node;
    }
    case 'audio':
      return textBubble(`🔊 เสียง (audio) ${Math.round((message.duration ?? 0) / 1000)} วินาที`, 'bot');
    case 'location':
      return locationCard(message);
    case 'imagemap':
      return imagemap(message, ctx);
    case 'template':
      return template(message, ctx);
    case 'flex':
      return renderFlex(message.contents, ctx);
    default:
      return textBubble(`[${message?.type ?? '?'}]`, 'bot');
  }
}

/** What the person sent; undefined for events LINE shows nothing for (a postback without displayText). */
export function renderUserMessage(message) {
  switch (message?.type) {
    case 'text':
      return textBubble(message.text ?? '', 'user');
    case 'postback':
      return message.displayText ? textBubble(message.displayText, 'user') : undefined;
    case 'sticker':
      return sticker(message);
    case 'image':
      return picture(api.contentUrl(message.id));
    case 'file': {
      const node = el('a', 'bubble user file', { href: api.contentUrl(message.id), target: '_blank', download: message.fileName });
      node.textContent = `📄 ${message.fileName} (${message.fileSize} ไบต์)`;
      return node;
    }
    case 'location':
      return locationCard(message);
    default:
      return textBubble(`[${message?.type ?? '?'}]`, 'user');
  }
}
