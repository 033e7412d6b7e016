import QRCode from 'qrcode';

/** A QR code as SVG (for a printed form: scanning it opens the record's page in LINE). */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
}
