// Renders LINE Flex Message containers (bubble, carousel) to DOM, following LINE's documented layout rules
// closely enough that a designer recognises the card: sizes, spacing, margins, padding, flex, colours.
import { el, image } from './dom.js';

const SPACE = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
const BORDER = { none: 0, light: 0.5, normal: 1, medium: 2, 'semi-bold': 3, bold: 4 };
const TEXT_SIZE = { xxs: 11, xs: 13, sm: 14, md: 16, lg: 19, xl: 22, xxl: 29, '3xl': 35, '4xl': 48, '5xl': 74 };
const IMAGE_SIZE = { xxs: 40, xs: 60, sm: 80, md: 100, lg: 120, xl: 140, xxl: 160, '3xl': 180, '4xl': 200, '5xl': 240 };
const BUBBLE_WIDTH = { nano: 120, micro: 160, deca: 220, hecto: 241, kilo: 260, mega: 300, giga: 500 };
const JUSTIFY = { 'flex-start': 'flex-start', 'flex-end': 'flex-end', center: 'center', 'space-between': 'space-between', 'space-around': 'space-around', 'space-evenly': 'space-evenly' };
const GRAVITY = { top: 'flex-start', center: 'center', bottom: 'flex-end' };
const ALIGN = { start: 'flex-start', center: 'center', end: 'flex-end' };

/** A keyword from the table in px, or a literal "12px"/"10%" LINE allows. */
function length(value, table) {
  if (value === undefined || value === null) return undefined;
  if (table && value in table) return `${table[value]}px`;
  return /^-?\d+(\.\d+)?(px|%)$/.test(String(value)) ? String(value) : undefined;
}

function applyCommon(node, c) {
  if (c.position === 'absolute') {
    node.style.position = 'absolute';
    for (const [prop, css] of [['offsetTop', 'top'], ['offsetBottom', 'bottom'], ['offsetStart', 'left'], ['offsetEnd', 'right']]) {
      const v = length(c[prop], SPACE);
      if (v) node.style[css] = v;
    }
  } else {
    const shift = (prop) => length(c[prop], SPACE);
    const top = shift('offsetTop'), bottom = shift('offsetBottom'), start = shift('offsetStart'), end = shift('offsetEnd');
    if (top || bottom || start || end) {
      node.style.position = 'relative';
      if (top) node.style.top = top;
      else if (bottom) node.style.bottom = bottom;
      if (start) node.style.left = start;
      else if (end) node.style.right = end;
    }
  }
}

/** flex, margin and spacing come from the parent box's layout. */
function placeInParent(node, c, parent, index) {
  const horizontal = parent.layout === 'horizontal' || parent.layout === 'baseline';
  // A box given an explicit size along the parent's axis keeps it instead of flexing.
  const sized = c.type === 'box' && (horizontal ? c.width : c.height);
  const grow = sized ? 0 : c.flex ?? (horizontal ? 1 : 0);
  if (horizontal) node.style.flex = grow > 0 ? `${grow} 0 0` : '0 0 auto';
  else node.style.flex = grow > 0 ? `${grow} 0 auto` : '0 0 auto';
  if (horizontal) node.style.minWidth = '0';
  if (c.type === 'filler' || c.type === 'spacer') return;
  const gap = index === 0 ? undefined : length(c.margin, SPACE) ?? length(parent.spacing, SPACE);
  if (gap) node.style[horizontal ? 'marginLeft' : 'marginTop'] = gap;
  if (c.gravity && horizontal && parent.layout !== 'baseline') node.style.alignSelf = GRAVITY[c.gravity] ?? '';
}

function clickable(node, action, ctx) {
  if (!action) return;
  node.classList.add('fx-tap');
  node.tabIndex = 0;
  node.setAttribute('role', 'button');
  if (action.label) node.setAttribute('aria-label', action.label);
  node.addEventListener('click', (event) => {
    event.stopPropagation();
    ctx.onAction(action, node);
  });
}

function box(c, ctx) {
  const layout = c.layout ?? 'vertical';
  const node = el('div', `fx-box fx-${layout}`);
  const s = node.style;
  if (c.backgroundColor) s.backgroundColor = c.backgroundColor;
  if (c.background?.type === 'linearGradient') {
    const mid = c.background.centerColor ? `${c.background.centerColor} ${c.background.centerPosition ?? '50%'}, ` : '';
    s.backgroundImage = `linear-gradient(${c.background.angle ?? '0deg'}, ${c.background.startColor}, ${mid}${c.background.endColor})`;
  }
  const borderWidth = length(c.borderWidth, BORDER);
  if (borderWidth) s.border = `${borderWidth} solid ${c.borderColor ?? '#000000'}`;
  else if (c.borderColor) s.border = `1px solid ${c.borderColor}`;
  const radius = length(c.cornerRadius, SPACE);
  if (radius) s.borderRadius = radius;
  for (const [prop, css] of [['width', 'width'], ['maxWidth', 'maxWidth'], ['height', 'height'], ['maxHeight', 'maxHeight']]) {
    const v = length(c[prop]);
    if (v) s[css] = v;
  }
  const all = length(c.paddingAll, SPACE);
  if (all) s.padding = all;
  for (const [prop, css] of [['paddingTop', 'paddingTop'], ['paddingBottom', 'paddingBottom'], ['paddingStart', 'paddingLeft'], ['paddingEnd', 'paddingRight']]) {
    const v = length(c[prop], SPACE);
    if (v) s[css] = v;
  }
  if (c.justifyContent) s.justifyContent = JUSTIFY[c.justifyContent] ?? '';
  if (c.alignItems) s.alignItems = JUSTIFY[c.alignItems] ?? '';
  applyCommon(node, c);
  (c.contents ?? []).forEach((child, index) => {
    const childNode = component(child, ctx, c);
    if (!childNode) return;
    placeInParent(childNode, child, c, index);
    node.append(childNode);
  });
  clickable(node, c.action, ctx);
  return node;
}

function styleText(node, c) {
  const size = length(c.size, TEXT_SIZE);
  if (size) node.style.fontSize = size;
  if (c.weight === 'bold') node.style.fontWeight = '700';
  if (c.style === 'italic') node.style.fontStyle = 'italic';
  if (c.decoration === 'underline' || c.decoration === 'line-through') node.style.textDecoration = c.decoration;
  if (c.color) node.style.color = c.color;
}

function text(c, ctx) {
  const node = el('div', 'fx-text');
  styleText(node, c);
  if (Array.isArray(c.contents) && c.contents.length > 0) {
    for (const span of c.contents) {
      if (span.type !== 'span') continue;
      const part = el('span', 'fx-span', { text: span.text ?? '' });
      styleText(part, span);
      node.append(part);
    }
  } else {
    node.textContent = c.text ?? '';
  }
  if (c.align) node.style.textAlign = c.align === 'end' ? 'right' : c.align === 'center' ? 'center' : 'left';
  if (c.wrap) {
    node.classList.add('fx-wrap');
    if (c.lineSpacing) node.style.lineHeight = `calc(1.4em + ${length(c.lineSpacing) ?? '0px'})`;
    if (c.maxLines > 0) {
      node.classList.add('fx-clamp');
      node.style.webkitLineClamp = String(c.maxLines);
    }
  } else {
    node.classList.add('fx-nowrap');
  }
  if (c.gravity) node.style.alignSelf = GRAVITY[c.gravity] ?? '';
  applyCommon(node, c);
  clickable(node, c.action, ctx);
  return node;
}

function ratio(aspectRatio, fallback = '1 / 1') {
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(aspectRatio ?? '');
  return m ? `${m[1]} / ${m[2]}` : fallback;
}

function imageComponent(c, ctx) {
  const outer = el('div', 'fx-image');
  outer.style.justifyContent = ALIGN[c.align ?? 'center'];
  if (c.gravity) outer.style.alignSelf = GRAVITY[c.gravity] ?? '';
  const frame = el('div', 'fx-image-frame');
  const size = c.size ?? 'md';
  frame.style.width = size === 'full' ? '100%' : length(size, IMAGE_SIZE) ?? '100px';
  frame.style.aspectRatio = ratio(c.aspectRatio);
  if (c.backgroundColor) frame.style.backgroundColor = c.backgroundColor;
  const img = image(c.url, 'fx-img');
  img.style.objectFit = c.aspectMode === 'cover' ? 'cover' : 'contain';
  frame.append(img);
  outer.append(frame);
  applyCommon(outer, c);
  clickable(outer, c.action, ctx);
  return outer;
}

function button(c, ctx) {
  const style = c.style ?? 'link';
  const node = el('button', `fx-button fx-button-${style}`, { type: 'button', text: c.action?.label ?? '' });
  if (c.height === 'sm') node.classList.add('fx-button-sm');
  if (c.color) {
    if (style === 'link') node.style.color = c.color;
    else node.style.backgroundColor = c.color;
  }
  if (c.gravity) node.style.alignSelf = GRAVITY[c.gravity] ?? '';
  applyCommon(node, c);
  node.addEventListener('click', (event) => {
    event.stopPropagation();
    if (c.action) ctx.onAction(c.action, node);
  });
  return node;
}

function separator(c, parent) {
  const horizontal = parent.layout === 'horizontal' || parent.layout === 'baseline';
  const node = el('div', horizontal ? 'fx-separator fx-separator-v' : 'fx-separator');
  if (c.color) node.style.borderColor = c.color;
  return node;
}

function icon(c) {
  const node = el('span', 'fx-icon');
  const size = length(c.size ?? 'md', TEXT_SIZE) ?? '16px';
  node.style.height = size;
  node.style.aspectRatio = ratio(c.aspectRatio);
  node.append(image(c.url, 'fx-icon-img'));
  applyCommon(node, c);
  return node;
}

function video(c, ctx) {
  const node = el('div', 'fx-video');
  node.style.aspectRatio = ratio(c.aspectRatio, '16 / 9');
  node.append(image(c.previewUrl, 'fx-img'), el('span', 'fx-video-play', { text: '▶', 'aria-label': 'วิดีโอ (video)' }));
  clickable(node, c.action, ctx);
  return node;
}

function component(c, ctx, parent) {
  switch (c?.type) {
    case 'box':
      return box(c, ctx);
    case 'text':
      return text(c, ctx);
    case 'image':
      return imageComponent(c, ctx);
    case 'button':
      return button(c, ctx);
    case 'separator':
      return separator(c, parent);
    case 'filler':
      return el('div', 'fx-filler');
    case 'spacer': {
      const node = el('div', 'fx-filler');
      node.style.minHeight = length(c.size ?? 'md', SPACE) ?? '8px';
      return node;
    }
    case 'icon':
      return icon(c);
    case 'video':
      return video(c, ctx);
    default:
      return el('div', 'fx-unknown', { text: `[${c?.type ?? '?'}]` });
  }
}

function block(name, content, style, ctx) {
  const wrapper = el('div', `fx-block fx-${name}`);
  if (style?.backgroundColor) wrapper.style.backgroundColor = style.backgroundColor;
  if (style?.separator) wrapper.style.borderTop = `1px solid ${style.separatorColor ?? '#d4d6da'}`;
  const node = component(content, ctx, { layout: 'vertical' });
  node.style.flex = '1 0 auto';
  wrapper.append(node);
  return wrapper;
}

export function renderBubble(bubble, ctx) {
  const node = el('div', 'fx-bubble', { dir: bubble.direction === 'rtl' ? 'rtl' : 'ltr', dataset: { size: bubble.size ?? 'mega' } });
  node.style.width = `${BUBBLE_WIDTH[bubble.size] ?? BUBBLE_WIDTH.mega}px`;
  for (const name of ['header', 'hero', 'body', 'footer']) {
    if (bubble[name]) node.append(block(name, bubble[name], bubble.styles?.[name], ctx));
  }
  clickable(node, bubble.action, ctx);
  return node;
}

/** ctx.onAction(action, element) is called when the person taps anything with an action. */
export function renderFlex(container, ctx) {
  if (container?.type === 'carousel') {
    const node = el('div', 'fx-carousel');
    for (const bubble of container.contents ?? []) node.append(renderBubble(bubble, ctx));
    return node;
  }
  return renderBubble(container ?? {}, ctx);
}
