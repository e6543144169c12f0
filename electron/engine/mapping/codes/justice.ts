import type { CodeDomain } from './domain.js';

/**
 * Youth-justice disposal tier → out_of_court | court. Sources: YJB case-management extracts
 * ("Out of court", "Pre-court", "Court", "Post-court") and the YJB disposal tiers (Pre-court;
 * First tier, Community and Custody are all court sentences).
 */
export const TIER: CodeDomain = {
  name: 'tier',
  values: ['out_of_court', 'court'],
  codes: {
    'Out of court': 'out_of_court',
    'Out-of-court': 'out_of_court',
    OOC: 'out_of_court',
    'Pre-court': 'out_of_court',
    'Pre court': 'out_of_court',
    Diversion: 'out_of_court',
    Court: 'court',
    'Post-court': 'court',
    'Post court': 'court',
    'Court disposal': 'court',
    'First tier': 'court',
    'First-tier': 'court',
    Community: 'court',
    Custody: 'court',
  },
};

/**
 * Probation order type → order | licence. Sources: probation caseload extracts ("Community
 * Order", "Suspended Sentence Order", "Licence", "Post Sentence Supervision").
 * Decision: post-sentence supervision follows a licence, so it is `licence`.
 */
export const ORDER_TYPE: CodeDomain = {
  name: 'order_type',
  values: ['order', 'licence'],
  codes: {
    'Community Order': 'order',
    'Community order (CO)': 'order',
    CO: 'order',
    'Suspended Sentence Order': 'order',
    SSO: 'order',
    Order: 'order',
    Licence: 'licence',
    License: 'licence',
    'On licence': 'licence',
    'Post Sentence Supervision': 'licence',
    PSS: 'licence',
  },
};
