import { describe, expect, it } from 'vitest';
import { EC2_EVENT, matches, reason, refusal } from './test-support';

// EventBridge User Guide, "Comparison operators for use in event patterns": IP address matching
// (IPv4 and IPv6); aws/event-ruler README, "IP Address Matching"; CIDR.java for the texts.
describe('cidr', () => {
  it('matches an address inside an IPv4 block (the guide’s 10.0.0.0/24 example)', () => {
    expect(matches({ detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, EC2_EVENT)).toBe(true);
    expect(matches({ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '10.255.3.4' })).toBe(true);
  });

  it('matches IPv6 blocks whatever way the address is written', () => {
    const pattern = { ip: [{ cidr: '2001:db8::/32' }] };
    expect(matches(pattern, { ip: '2001:db8::1' })).toBe(true);
    expect(matches(pattern, { ip: '2001:0db8:0000:0000:0000:0000:0000:ffff' })).toBe(true);
    expect(matches(pattern, { ip: '2001:db9::1' })).toBe(false);
  });

  it('does not match an address outside the block, another family, or a non-address', () => {
    expect(matches({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '10.0.1.1' })).toBe(false);
    expect(matches({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '::1' })).toBe(false);
    expect(matches({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: 'ten' })).toBe(false);
  });

  it('matches a plain IP address value as that address, as Ruler does', () => {
    expect(matches({ ip: ['::1'] }, { ip: '0:0:0:0:0:0:0:1' })).toBe(true);
    expect(matches({ ip: ['10.0.0.1'] }, { ip: '10.0.0.1' })).toBe(true);
    expect(matches({ ip: ['10.0.0.1'] }, { ip: '10.0.0.2' })).toBe(false);
  });

  it('refuses malformed blocks with Ruler’s texts', () => {
    expect(refusal({ ip: [{ cidr: '10.0.0.0' }] })).toBe(reason("Malformed CIDR, one '/' required"));
    expect(refusal({ ip: [{ cidr: '10.0.0.0/x' }] })).toBe(reason('Malformed CIDR, mask bits must be an integer'));
    expect(refusal({ ip: [{ cidr: '10.0.0.0/32' }] })).toBe(reason('IPv4 mask bits must be < 32'));
    expect(refusal({ ip: [{ cidr: '::/128' }] })).toBe(reason('IPv6 mask bits must be < 128'));
    expect(refusal({ ip: [{ cidr: '10.0.0.300/24' }] })).toBe(reason('Invalid IP address: 10.0.0.300'));
    expect(refusal({ ip: [{ cidr: 'host/24' }] })).toBe(reason('Nonstandard IP address: host'));
    expect(refusal({ ip: [{ cidr: 24 }] })).toBe(reason('prefix match pattern must be a string'));
  });
});
