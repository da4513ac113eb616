import { describe, expect, it } from 'vitest';
import { evaluate, runExpression } from '../../../test/appsync-js/support';

// The two documented examples: AppSync developer guide, "XML helpers in util.xml"
// (https://docs.aws.amazon.com/appsync/latest/devguide/xml-helpers-in-util-xml-js.html).
const ONE_POST = `<?xml version="1.0" encoding="UTF-8"?>
<posts>
<post>
  <id>1</id>
  <title>Getting started with GraphQL</title>
</post>
</posts>`;

const TWO_POSTS = `<?xml version="1.0" encoding="UTF-8"?>
<posts>
<post>
  <id>1</id>
  <title>Getting started with GraphQL</title>
</post>
<post>
  <id>2</id>
  <title>Getting started with AppSync</title>
</post>
</posts>`;

const toMap = (xml: string): Promise<unknown> => evaluate(`util.xml.toMap(${JSON.stringify(xml)})`);

describe('util.xml', () => {
  it('toMap answers the developer guide example for one post, the id as a number', async () => {
    expect(await toMap(ONE_POST)).toEqual({ posts: { post: { id: 1, title: 'Getting started with GraphQL' } } });
  });

  it('toMap turns a repeated element into a list, as the developer guide example shows', async () => {
    expect(await toMap(TWO_POSTS)).toEqual({
      posts: {
        post: [
          { id: 1, title: 'Getting started with GraphQL' },
          { id: 2, title: 'Getting started with AppSync' },
        ],
      },
    });
  });

  it('toJsonString is the same map as JSON text, and JSON-encodes that text when asked', async () => {
    const json = '{"posts":{"post":{"id":1,"title":"Getting started with GraphQL"}}}';
    expect(await evaluate(`util.xml.toJsonString(${JSON.stringify(ONE_POST)})`)).toBe(json);
    expect(await evaluate(`util.xml.toJsonString(${JSON.stringify(ONE_POST)}, true)`)).toBe(JSON.stringify(json));
  });

  it('keeps attributes beside children, text beside attributes as content, and an empty element as ""', async () => {
    expect(await toMap('<order id="7" paid="true"><note>oat &amp; honey</note><extras/><size unit="ml">350</size></order>')).toEqual({
      order: { id: 7, paid: true, note: 'oat & honey', extras: '', size: { unit: 'ml', content: 350 } },
    });
  });

  it('types only plain values: a leading zero, CDATA and words stay strings; null is null', async () => {
    expect(await toMap('<r><zip>0150</zip><code><![CDATA[42]]></code><name>Ada</name><none>null</none><neg>-2.5</neg></r>')).toEqual({
      r: { zip: '0150', code: '42', name: 'Ada', none: null, neg: -2.5 },
    });
  });

  it('skips comments and the DOCTYPE and decodes numeric character references', async () => {
    expect(await toMap('<!DOCTYPE r><!-- menu --><r><!-- x --><cafe>Caf&#233; &#x2615;</cafe></r>')).toEqual({ r: { cafe: 'Café ☕' } });
  });

  it('answers XML it cannot parse with an error naming the problem, not a bare TypeError', async () => {
    const { result } = await runExpression('util.xml.toMap("<a><b></a>")');
    expect(result).toMatchObject({
      kind: 'error',
      error: { message: 'Unable to parse XML: mismatched close tag </a> for <b> at character 7.', errorType: 'XmlParseException' },
    });
    const notText = await runExpression('util.xml.toMap(42)');
    expect(notText.result).toMatchObject({ kind: 'error', error: { message: 'util.xml.toMap expects an XML string' } });
  });
});
