import { describe, expect, it } from '@jest/globals';
import { clusterLabel, districtLabel } from '../../src/domain/place-names.ts';

describe('district and cluster names in a sentence', () => {
  it('adds อำเภอ only where the register left it out', () => {
    expect(districtLabel('เมืองชัยภูมิ')).toBe('อำเภอเมืองชัยภูมิ');
    expect(districtLabel('อำเภอสาธิตเหนือ')).toBe('อำเภอสาธิตเหนือ');
    expect(districtLabel('อำเภอ สาธิตใต้')).toBe('อำเภอสาธิตใต้');
  });

  it('adds เครือข่าย only to a bare cluster name', () => {
    expect(clusterLabel('สาธิต 1')).toBe('เครือข่ายสาธิต 1');
    expect(clusterLabel('เครือข่ายสาธิต 1')).toBe('เครือข่ายสาธิต 1');
    expect(clusterLabel('กลุ่มเครือข่ายที่ 3')).toBe('กลุ่มเครือข่ายที่ 3');
  });
});
