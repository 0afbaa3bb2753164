import { z } from 'zod';
import { type PathRule, pathRuleProblems } from '../domain/path-mapping';

/**
 * One path mapping rule as the config spells it, for `library.servers[].path_mappings` and `stash.path_mappings`
 * alike (src/domain/path-mapping.ts says how rules are chosen). A rule that cannot work is an error naming its field.
 */
export const pathMappingRule = z
  .object({
    /** Plex-side prefix (or a regex with `regex: true`). */
    from: z.string().min(1),
    /** Local-side prefix (or the regex's replacement). */
    to: z.string().min(1),
    regex: z.boolean().optional(),
    /** A regex rule's way back (local path → Plex path); without it a regex rule maps one way. */
    reverse: z
      .object({ from: z.string().min(1), to: z.string().min(1) })
      .strict()
      .optional(),
    /** Only for this section of the server (its key or title). */
    library: z.string().min(1).optional(),
    ignore_case: z.boolean().optional(),
    name: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    for (const problem of pathRuleProblems(toPathRule(rule))) {
      const [field = '', ...rest] = problem.split(': ');
      ctx.addIssue({ code: 'custom', message: rest.join(': '), path: field.split('.') });
    }
  });

export type PathMappingConfig = z.infer<typeof pathMappingRule>;

function toPathRule({ ignore_case, ...rule }: PathMappingConfig): PathRule {
  return { ...rule, ignoreCase: ignore_case };
}

/** The config's rules in the domain's terms. */
export function pathRules(mappings: readonly PathMappingConfig[]): PathRule[] {
  return mappings.map(toPathRule);
}
