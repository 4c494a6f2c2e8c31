/*
 * ruleset - the ruleset table: numbers, names, and the rules in each.
 *
 * Rulesets are numbered 0..CF_MAXRWSETS-1.  A name seen for the first
 * time (declared by an S line or referenced by $>, S= or R=) gets the
 * next free number counting down from the top, as sendmail assigns
 * them, so "== Ruleset check_rcpt (184)" comes out the same.
 */
#ifndef TERN_RULESET_H
#define TERN_RULESET_H

#include "cf/cf.h"
#include "cf/rule.h"

/* ruleset_ref - number for a name or number text, entered if new; -1 bad */
int ruleset_ref(struct cf *, const char *name, int line);
/* ruleset_declare - an S line; returns the number or -1 */
int ruleset_declare(struct cf *, const char *text, int line);
/* ruleset_get - by number, NULL if none */
struct ruleset *ruleset_get(const struct cf *, int number);
/* ruleset_label - the name if it has one, else the number as text */
const char *ruleset_label(const struct cf *, int number);
void ruleset_add_rule(struct ruleset *, const struct rule *);
void ruleset_free_all(struct cf *);

#endif
