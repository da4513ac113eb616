/**
 * util.xml (AppSync developer guide, "XML helpers in util.xml"): toMap(xml) and
 * toJsonString(xml, stringEncode?).
 *
 * AWS documents two examples: `<id>1</id>` becomes the number 1, and a repeated element becomes a
 * list (`post: [{...}, {...}]`) while a single one stays an object. AppSync runs on Java and those
 * are exactly the rules of org.json's XML.toJSONObject, so the cases AWS does not document follow
 * org.json too: attributes become keys beside the children, text beside children or attributes
 * goes under `content`, an empty element is `""`, text is trimmed and typed (true/false, null,
 * numbers without a leading zero; CDATA stays a string), and comments, processing instructions
 * and the DOCTYPE are skipped. XML that cannot be parsed is an error naming the position, instead
 * of a bare TypeError; AWS's wording for that is not published.
 *
 * This file runs INSIDE the sandbox realm: no Node APIs, only JavaScript built-ins.
 */
import { raiseError } from './signals';

type XmlValue = string | number | boolean | null | XmlObject | XmlValue[];
interface XmlObject {
  [key: string]: XmlValue;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** `at` is the 0-based offset; the text counts characters from 1, as editors do. */
function fail(message: string, at: number): never {
  return raiseError(`Unable to parse XML: ${message} at character ${at + 1}.`, 'XmlParseException');
}

function decodeEntities(text: string, at: number): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole: string, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    const named = NAMED_ENTITIES[name];
    return named ?? fail(`unknown entity ${whole}`, at);
  });
}

/** org.json's XML.stringToValue: booleans, null and plain decimal numbers become values. */
function typed(text: string): XmlValue {
  if (text === '') return '';
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(text)) {
    const number = Number(text);
    if (Number.isFinite(number)) return number;
  }
  return text;
}

/** JSONObject.accumulate: a second value under one key turns the key into a list. */
function accumulate(target: XmlObject, key: string, value: XmlValue): void {
  if (!Object.hasOwn(target, key)) {
    target[key] = value;
    return;
  }
  const existing = target[key];
  if (Array.isArray(existing)) existing.push(value);
  else target[key] = [existing ?? null, value];
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;

class Parser {
  private at = 0;

  constructor(private readonly text: string) {}

  parseDocument(): XmlObject {
    const root: XmlObject = {};
    for (;;) {
      this.skipMisc();
      if (this.at >= this.text.length) break;
      if (this.text[this.at] !== '<') fail('text outside the root element', this.at);
      this.parseElement(root);
    }
    if (Object.keys(root).length === 0) fail('no element', this.at);
    return root;
  }

  /** Whitespace, comments, processing instructions (the XML declaration) and the DOCTYPE. */
  private skipMisc(): void {
    for (;;) {
      while (this.at < this.text.length && /\s/.test(this.text[this.at] ?? '')) this.at += 1;
      if (this.text.startsWith('<?', this.at)) this.skipPast('?>');
      else if (this.text.startsWith('<!--', this.at)) this.skipPast('-->');
      else if (this.text.startsWith('<!DOCTYPE', this.at)) this.skipPast('>');
      else return;
    }
  }

  private skipPast(end: string): void {
    const found = this.text.indexOf(end, this.at);
    if (found === -1) fail(`missing ${end}`, this.at);
    this.at = found + end.length;
  }

  private name(): string {
    const match = NAME.exec(this.text.slice(this.at));
    if (match === null) fail('expected a name', this.at);
    this.at += match[0].length;
    return match[0];
  }

  private parseElement(parent: XmlObject): void {
    this.at += 1;
    const tag = this.name();
    const element: XmlObject = {};
    for (;;) {
      while (/\s/.test(this.text[this.at] ?? '')) this.at += 1;
      const next = this.text[this.at];
      if (next === undefined) fail(`unclosed tag <${tag}>`, this.at);
      if (next === '/' && this.text[this.at + 1] === '>') {
        this.at += 2;
        accumulate(parent, tag, Object.keys(element).length === 0 ? '' : element);
        return;
      }
      if (next === '>') {
        this.at += 1;
        break;
      }
      const attribute = this.name();
      if (this.text[this.at] !== '=') fail(`attribute ${attribute} without a value`, this.at);
      const quote = this.text[this.at + 1];
      if (quote !== '"' && quote !== "'") fail(`unquoted value of attribute ${attribute}`, this.at);
      const end = this.text.indexOf(quote, this.at + 2);
      if (end === -1) fail(`unterminated value of attribute ${attribute}`, this.at);
      accumulate(element, attribute, typed(decodeEntities(this.text.slice(this.at + 2, end), this.at)));
      this.at = end + 1;
    }
    this.parseContent(tag, element);
    const keys = Object.keys(element);
    // Only text: the element IS its (typed) text; org.json does the same.
    if (keys.length === 1 && keys[0] === 'content' && !Array.isArray(element.content)) accumulate(parent, tag, element.content ?? null);
    else accumulate(parent, tag, keys.length === 0 ? '' : element);
  }

  private parseContent(tag: string, element: XmlObject): void {
    for (;;) {
      const open = this.text.indexOf('<', this.at);
      if (open === -1) fail(`unclosed tag <${tag}>`, this.at);
      const text = this.text.slice(this.at, open).trim();
      if (text !== '') accumulate(element, 'content', typed(decodeEntities(text, this.at)));
      this.at = open;
      if (this.text.startsWith('</', this.at)) {
        const closeAt = this.at;
        this.at += 2;
        const closing = this.name();
        if (closing !== tag) fail(`mismatched close tag </${closing}> for <${tag}>`, closeAt);
        while (/\s/.test(this.text[this.at] ?? '')) this.at += 1;
        if (this.text[this.at] !== '>') fail(`malformed close tag </${closing}>`, this.at);
        this.at += 1;
        return;
      }
      if (this.text.startsWith('<![CDATA[', this.at)) {
        const end = this.text.indexOf(']]>', this.at);
        if (end === -1) fail('unterminated CDATA section', this.at);
        const cdata = this.text.slice(this.at + 9, end);
        if (cdata !== '') accumulate(element, 'content', cdata);
        this.at = end + 3;
      } else if (this.text.startsWith('<!--', this.at)) this.skipPast('-->');
      else if (this.text.startsWith('<?', this.at)) this.skipPast('?>');
      else this.parseElement(element);
    }
  }
}

function toMap(xml: unknown): XmlObject {
  if (typeof xml !== 'string') return raiseError('util.xml.toMap expects an XML string', 'XmlParseException');
  return new Parser(xml).parseDocument();
}

/** With `stringEncode` true the JSON text itself comes back JSON-encoded, as a quoted string. */
function toJsonString(xml: unknown, stringEncode?: unknown): string {
  const json = JSON.stringify(toMap(xml));
  return stringEncode === true ? JSON.stringify(json) : json;
}

export const xml = { toMap, toJsonString };
