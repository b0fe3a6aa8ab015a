/**
 * The shape of a project record (projects.ts) in zod: what says why a record that fails the
 * hand-written check (projectRecordOf) is not one. Loaded only then.
 */
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { segmentProblem } from '../paths.js';

// As config/schema.ts: a few records per process, so zod's JIT costs more than it saves.
z.config({ jitless: true });

export const ProjectRecordSchema = z.object({
  lock: z
    .string()
    .max(4096)
    .refine((p) => isAbsolute(p) && !p.includes('\0'), 'an absolute path'),
  entries: z
    .array(
      z
        .string()
        .max(256)
        .refine((k) => segmentProblem(k) === undefined, 'an entry key'),
    )
    .max(10_000),
  updated: z.string().max(64),
});
