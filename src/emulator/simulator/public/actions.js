// What tapping a button, quick reply or rich menu area does: the same events LINE's app would send.
import { api, fileToBase64 } from './api.js';
import { pickDateTime, pickImage, pickLocation } from './dialogs.js';
import { safeUrl } from './dom.js';

/**
 * ui: { userId(), toast(text), prefill(text), setMenu('open'|'close'), keyboard(), refreshRichMenu() }
 */
export function createActionRunner(ui) {
  // The LIFF apps the emulator knows: links to them open as LIFF pages (liff.line.me or the endpoint URL).
  let liffEndpoints = [];
  api.liffApps().then(
    (answer) => (liffEndpoints = (answer?.apps ?? []).map((app) => app.endpointUrl.replace(/\/+$/, ''))),
    () => {},
  );
  const isLiffLink = (url) =>
    url.startsWith('https://liff.line.me/') || liffEndpoints.some((base) => url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`));

  async function report(call) {
    try {
      const result = await call;
      if (result && typeof result.status === 'number' && (result.status < 200 || result.status >= 300)) {
        ui.toast(`บอทตอบกลับด้วยสถานะ ${result.status || 'ติดต่อไม่ได้'} (webhook status)`);
      }
      return result;
    } catch (error) {
      ui.toast(`ส่งไม่สำเร็จ: ${error.message}`);
      return undefined;
    }
  }

  async function sendImage(useCamera) {
    const file = await pickImage(useCamera);
    if (!file) return;
    const contentType = file.type && file.type.startsWith('image/') ? file.type : 'image/jpeg';
    await report(api.sendMessage(ui.userId(), { type: 'image', contentBase64: await fileToBase64(file), contentType }));
  }

  function openUri(uri) {
    // The invitation links of LINE ("oaMessage") open the chat with text typed in: do the same here.
    const oa = /^https:\/\/line\.me\/R\/oaMessage\/[^/]+\/?\?(.*)$/.exec(uri ?? '');
    if (oa) {
      ui.keyboard();
      ui.prefill(decodeURIComponent(oa[1].replace(/\+/g, ' ')));
      return;
    }
    const safe = safeUrl(uri);
    if (!safe) {
      ui.toast(`เปิดลิงก์นี้ในโปรแกรมจำลองไม่ได้: ${uri}`);
      return;
    }
    if (!isLiffLink(safe)) {
      window.open(safe, '_blank', 'noopener,noreferrer');
      return;
    }
    // A LIFF page opens with the person's identity, as LINE's in-app browser gives it one: the emulator turns
    // the link into the page's address with an ID token in the fragment. The window is opened during the tap
    // (browsers block pop-ups opened later) and sent on once the emulator has answered.
    const win = window.open('about:blank', '_blank');
    if (win) win.opener = null;
    api
      .liffOpen(ui.userId(), safe)
      .then((answer) => safeUrl(answer?.url) ?? safe, () => safe)
      .then((target) => {
        if (win) win.location.replace(target);
        else window.open(target, '_blank', 'noopener,noreferrer');
      });
  }

  return async function run(action) {
    const userId = ui.userId();
    if (!userId || !action) return;
    switch (action.type) {
      case 'postback': {
        if (action.inputOption === 'openKeyboard') {
          ui.keyboard();
          if (action.fillInText) ui.prefill(action.fillInText);
        } else if (action.inputOption === 'openRichMenu') ui.setMenu('open');
        else if (action.inputOption === 'closeRichMenu') ui.setMenu('close');
        if (!action.displayText && action.text) await report(api.sendMessage(userId, { type: 'text', text: action.text }));
        await report(api.postback(userId, { data: action.data, ...(action.displayText ? { displayText: action.displayText } : {}) }));
        return;
      }
      case 'message':
        await report(api.sendMessage(userId, { type: 'text', text: action.text }));
        return;
      case 'uri':
        openUri(action.uri);
        return;
      case 'datetimepicker': {
        const params = await pickDateTime(action);
        if (params) await report(api.postback(userId, { data: action.data, params }));
        return;
      }
      case 'camera':
        await sendImage(true);
        return;
      case 'cameraRoll':
        await sendImage(false);
        return;
      case 'location': {
        const location = await pickLocation();
        if (location) await report(api.sendMessage(userId, location));
        return;
      }
      case 'richmenuswitch':
        await report(api.switchRichMenu(userId, action.richMenuAliasId, action.data));
        await ui.refreshRichMenu();
        return;
      case 'clipboard':
        try {
          await navigator.clipboard.writeText(action.clipboardText);
          ui.toast('คัดลอกแล้ว (copied)');
        } catch {
          ui.toast(`คัดลอกไม่ได้ ข้อความคือ: ${action.clipboardText}`);
        }
        return;
      default:
        ui.toast(`ยังไม่รองรับการกระทำแบบ ${action.type}`);
    }
  };
}
