import { describe, expect, it } from 'vitest';
import { parseClientMessage, parseStartData } from './protocol';

describe('error texts for malformed frames', () => {
  it('says a frame is not JSON without echoing the parser or the input', () => {
    expect(parseClientMessage('{"type": <script>')).toEqual({
      ok: false,
      error: { errorType: 'BadRequestException', message: 'Message is not valid JSON', errorCode: 400 },
    });
  });

  it('says the same of a start whose data is not JSON', () => {
    expect(parseStartData('{"query": nope')).toEqual({
      ok: false,
      error: { errorType: 'BadRequestException', message: '"payload.data" is not valid JSON', errorCode: 400 },
    });
  });
});
