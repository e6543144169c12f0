import { z } from 'zod';

// Zod probes `new Function` when an object schema is created, to speed up parsing. Our CSP has
// no unsafe-eval, so the probe is blocked and reported as a violation. This module is imported
// first in main.tsx so the setting is in place before the contract's schemas are built.
z.config({ jitless: true });
