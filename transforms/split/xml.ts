/** Enough XML for build files (pom.xml, .csproj): elements, attributes and text; namespace prefixes dropped. */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Text directly inside the element, trimmed. */
  text: string;
}

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<[?!][\s\S]*?>|<\/\s*([\w.:-]+)\s*>|<([\w.:-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|[^<]+/g;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The document element, or undefined when the text is not well-formed enough to read. */
export function parseXml(text: string): XmlElement | undefined {
  const root: XmlElement = { name: '', attributes: {}, children: [], text: '' };
  const stack = [root];
  for (const m of text.matchAll(TOKEN)) {
    const top = stack[stack.length - 1];
    if (m[0].startsWith('<!--') || /^<[?!](?!\[CDATA)/.test(m[0])) continue;
    if (m[1] !== undefined) top.text += m[1];
    else if (m[2] !== undefined) {
      if (stack.length < 2 || top.name !== localName(m[2])) return undefined;
      top.text = top.text.trim();
      stack.pop();
    } else if (m[3] !== undefined) {
      const element: XmlElement = { name: localName(m[3]), attributes: attributesOf(m[4] ?? ''), children: [], text: '' };
      top.children.push(element);
      if (!m[5]) stack.push(element);
    } else if (m[0].startsWith('<')) {
      return undefined;
    } else {
      top.text += m[0].replace(/&(\w+);/g, (all, e: string) => ENTITIES[e] ?? all);
    }
  }
  return stack.length === 1 ? root.children[0] : undefined;
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function attributesOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[localName(m[1])] = m[2] ?? m[3];
  return out;
}

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((c) => c.name === name) ?? [];
}

/** The text at a path of child names (`build/finalName`), if the elements are there. */
export function textAt(element: XmlElement | undefined, path: string): string | undefined {
  let at = element;
  for (const name of path.split('/')) at = child(at, name);
  return at?.text;
}
