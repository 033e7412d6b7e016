/**
 * A district or a school cluster as said in a sentence or on a button. School registers differ: one writes the
 * district "เมือง", another (and the demo) "อำเภอเมือง"; a cluster "สาธิต 1" or "เครือข่ายสาธิต 1". The word is added
 * only where the name lacks it, so nobody reads "อำเภออำเภอเมือง".
 */
export const districtLabel = (name: string): string => `อำเภอ${name.trim().replace(/^อำเภอ\s*/, '')}`;

export const clusterLabel = (name: string): string => (/^(กลุ่ม|เครือข่าย)/.test(name.trim()) ? name.trim() : `เครือข่าย${name.trim()}`);
