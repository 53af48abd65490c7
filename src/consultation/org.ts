/**
 * Who does what in the consultation (S3-1, S3-1.3), as groups of config/org-chart.yaml:
 * 区府办 leads; 社管办, 编办 and 法制办 co-convene (the three conveners, 3家召集单位).
 */
export const SOCIAL_MANAGEMENT_OFFICE = 'social-management-office';
export const ESTABLISHMENT_OFFICE = 'establishment-office';
export const LEGAL_OFFICE = 'legal-office';
export const GOVERNMENT_OFFICE = 'government-office';
export const DISTRICT_LEADER = 'district-leader';

/** The three conveners who decide in recess and approve the special report. */
export const CONVENERS = [SOCIAL_MANAGEMENT_OFFICE, ESTABLISHMENT_OFFICE, LEGAL_OFFICE] as const;
/** Those who may decide an item at the meeting: the leading office and the three conveners. */
export const DECIDERS = [GOVERNMENT_OFFICE, ...CONVENERS] as const;
/** Those who read every item, event behind it, the ledger and the printed documents. */
export const READERS = [...DECIDERS, DISTRICT_LEADER, 'linkage-centre'] as const;
