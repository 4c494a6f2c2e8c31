/*
 * ruleset - the ruleset table: numbers, names, and the rules in each.
 *
 * Rulesets are numbered 0..CF_MAXRWSETS-1; an S line may name one by
 * number (below 100), by name, or both ("Sname=5").  As in sendmail
 * 8.17, names live in their own case-sensitive table (several names may
 * share a number); a name first entered without a number (an S line, an
 * S= or R= mailer equate) takes the next number counting down from 199,
 * so "== Ruleset check_rcpt (184)" comes out the same, and the 101st
 * such name fails ("too many named rulesets") but stays known.  $> calls
 * are resolved when a rule runs.  Diagnostics are sendmail's texts,
 * through cf_warn.
 */
#ifndef TERN_RULESET_H
#define TERN_RULESET_H

#include <stdbool.h>

#include "cf/cf.h"
#include "cf/rule.h"

/*
 * ruleset_strtorwset - sendmail's strtorwset: the ruleset a number or a
 * name at p stands for; with enter, a new name is entered (numbered as
 * above) and "name=N" gives it number N.  -1 (after sendmail's message
 * about line) when there is none.  *endp, if not NULL, gets the end of
 * what was read (a name or number; after "=N" for enter).
 */
int ruleset_strtorwset(struct cf *, const char *p, const char **endp,
    bool enter, int line);
/* ruleset_ref - ruleset_strtorwset of a whole name, entering it */
int ruleset_ref(struct cf *, const char *name, int line);
/*
 * ruleset_declare - an S line (text after the S, in the $-form): the
 * ruleset selected, or -1.  When the ruleset has rules already, they
 * are kept and the new ones append; in test mode (cf->test_mode, -bt
 * and -bC) sendmail then says "WARNING: Ruleset X has multiple
 * definitions".
 */
int ruleset_declare(struct cf *, const char *text, int line);
/* ruleset_get - by number, NULL if none */
struct ruleset *ruleset_get(const struct cf *, int number);
/* ruleset_label - the name if it has one, else the number as text */
const char *ruleset_label(const struct cf *, int number);
void ruleset_add_rule(struct ruleset *, const struct rule *);
void ruleset_free_all(struct cf *);

#endif
