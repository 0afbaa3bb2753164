/**
 * PMS's XML wire format, produced from the same object the JSON answer is made of, so both formats can
 * never drift apart. The mapping is PMS's: primitives become attributes (booleans "1"/"0"), arrays become
 * repeated child elements, objects single child elements, and `Metadata` entries are named by their type
 * (movies and episodes are <Video>, shows and seasons <Directory>, tracks <Track>).
 */
import { XMLBuilder } from 'fast-xml-parser';

type XmlNode = Record<string, unknown>;

const builder = new XMLBuilder({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', suppressEmptyNode: true });

const metadataTagByType: Record<string, string> = { movie: 'Video', episode: 'Video', clip: 'Video', track: 'Track', photo: 'Photo' };

function elementName(key: string, value: XmlNode): string {
  if (key !== 'Metadata') return key;
  return metadataTagByType[String(value.type)] ?? 'Directory';
}

function attributeValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

function toElement(tag: string, value: XmlNode): XmlNode {
  const attributes: Record<string, string> = {};
  const children: XmlNode[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (Array.isArray(v)) {
      for (const entry of v) children.push(toElement(elementName(key, entry as XmlNode), entry as XmlNode));
    } else if (typeof v === 'object' && v !== null) {
      children.push(toElement(key, v as XmlNode));
    } else {
      const a = attributeValue(v);
      if (a !== undefined) attributes[key] = a;
    }
  }
  return { [tag]: children, ':@': attributes };
}

/** `{MediaContainer: {...}}` (or any single-rooted object) → XML document text. */
export function toPmsXml(body: Record<string, XmlNode>): string {
  const [root, value] = Object.entries(body)[0] ?? ['MediaContainer', {}];
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build([toElement(root, value)])}\n`;
}
