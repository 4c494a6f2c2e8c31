/* ruleset.c - ruleset numbers and names, as sendmail's strtorwset */
#include "cf/ruleset.h"
#include "cf/cf_text.h"
#include "cf/macro.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RULESET_MAXNUM	(CF_MAXRWSETS / 2)	/* numbers an S line may give */

/* ruleset_slot - the ruleset for a number, made if absent */
static struct ruleset *
ruleset_slot(struct cf *cf, int n)
{
	if (cf->rulesets[n] == NULL) {
		cf->rulesets[n] = xcalloc(1, sizeof(struct ruleset));
		cf->rulesets[n]->number = n;
	}
	return cf->rulesets[n];
}

struct ruleset *
ruleset_get(const struct cf *cf, int n)
{
	if (n < 0 || n >= CF_MAXRWSETS)
		return NULL;
	return cf->rulesets[n];
}

#define RULESET_SLOTS	256	/* cf->rs_slot: names hashed, index + 1 */
#define RULESET_HASHMAX	192	/* names the table takes; more are scanned */

/* ruleset_hash - of a ruleset name */
static size_t
ruleset_hash(const char *name, size_t len)
{
	size_t h = 0;

	while (len-- > 0)
		h = h * 31 + (unsigned char)*name++;
	return h % RULESET_SLOTS;
}

/* ruleset_name_is - does entry s have this name (case matters)? */
static bool
ruleset_name_is(const struct cf_rsname *s, const char *name, size_t len)
{
	return strncmp(s->name, name, len) == 0 && s->name[len] == '\0';
}

/* ruleset_name_find - a name's entry, through the hash while it holds all */
static struct cf_rsname *
ruleset_name_find(const struct cf *cf, const char *name, size_t len)
{
	size_t i, h;

	if (cf->nrsnames <= RULESET_HASHMAX) {
		h = ruleset_hash(name, len);
		for (i = 0; i < RULESET_SLOTS; i++, h = (h + 1) % RULESET_SLOTS) {
			int k = cf->rs_slot[h] - 1;

			if (k < 0)
				return NULL;
			if (ruleset_name_is(&cf->rsnames[k], name, len))
				return &cf->rsnames[k];
		}
		return NULL;
	}
	for (i = 0; i < cf->nrsnames; i++)
		if (ruleset_name_is(&cf->rsnames[i], name, len))
			return &cf->rsnames[i];
	return NULL;
}

/* ruleset_name_enter - a new name, without a number yet */
static struct cf_rsname *
ruleset_name_enter(struct cf *cf, const char *name, size_t len)
{
	struct cf_rsname *s;

	cf->rsnames = xreallocarray(cf->rsnames, cf->nrsnames + 1,
	    sizeof(*cf->rsnames));
	s = &cf->rsnames[cf->nrsnames++];
	s->name = xstrndup(name, len);
	s->number = -1;
	if (cf->nrsnames <= RULESET_HASHMAX) {
		size_t h = ruleset_hash(name, len);

		while (cf->rs_slot[h] != 0)
			h = (h + 1) % RULESET_SLOTS;
		cf->rs_slot[h] = (short)cf->nrsnames;
	}
	return s;
}

/* ruleset_number - a decimal number as sendmail's strtol-to-int gives it */
static int
ruleset_number(const char *p, const char **endp)
{
	char *end;
	long v = strtol(p, &end, 10);

	if (endp != NULL)
		*endp = end;
	if (v > INT_MAX)
		return INT_MAX;
	return v < INT_MIN ? INT_MIN : (int)v;
}

/* ruleset_space - sendmail's SM_ISSPACE */
static int
ruleset_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int
ruleset_strtorwset(struct cf *cf, const char *p, const char **endp,
    bool enter, int line)
{
	const char *q, *namend;
	struct cf_rsname *s;
	char *shown;
	int ruleset;
	bool blanks;

	while (ruleset_space((unsigned char)*p))
		p++;
	if (!isascii((unsigned char)*p)) {
		cf_warn(cf, line, "invalid ruleset name: \"%.20s\"", p);
		return -1;
	}
	if (isdigit((unsigned char)*p)) {
		ruleset = ruleset_number(p, endp);
		if (ruleset >= RULESET_MAXNUM || ruleset < 0) {
			cf_warn(cf, line, "bad ruleset %d (%d max)", ruleset,
			    RULESET_MAXNUM);
			return -1;
		}
		return ruleset;
	}
	q = p;
	while (isascii((unsigned char)*p) &&
	    (isalnum((unsigned char)*p) || *p == '_'))
		p++;
	if (q == p || !isalpha((unsigned char)*q)) {
		cf_warn(cf, line, "invalid ruleset name: \"%.20s\"", q);
		return -1;
	}
	namend = p;
	/* sendmail cuts blanks after the name off its copy of the text */
	blanks = ruleset_space((unsigned char)*p);
	while (ruleset_space((unsigned char)*p))
		p++;
	s = ruleset_name_find(cf, q, (size_t)(namend - q));
	if (s == NULL) {
		if (!enter)
			return -1;
		s = ruleset_name_enter(cf, q, (size_t)(namend - q));
	}
	/* what sendmail's messages print for the name */
	shown = blanks ? xstrndup(q, (size_t)(namend - q)) : xstrdup(q);
	if (enter && *p == '=') {
		p++;
		while (ruleset_space((unsigned char)*p))
			p++;
		if (!isdigit((unsigned char)*p)) {
			cf_warn(cf, line, "bad ruleset definition \"%s\" (number "
			    "required after `=')", shown);
			ruleset = -1;
		} else {
			ruleset = ruleset_number(p, endp);
			if (ruleset >= RULESET_MAXNUM || ruleset < 0) {
				cf_warn(cf, line, "bad ruleset number %d in \"%s\" "
				    "(%d max)", ruleset, shown, RULESET_MAXNUM);
				ruleset = -1;
			}
		}
	} else {
		if (endp != NULL)
			*endp = p;
		if (s->number >= 0) {
			ruleset = s->number;
		} else {
			if (cf->next_named > INT_MIN)
				cf->next_named--;
			ruleset = cf->next_named;
			if (ruleset < RULESET_MAXNUM) {
				cf_warn(cf, line, "%s: too many named rulesets "
				    "(%d max)", shown, RULESET_MAXNUM);
				ruleset = -1;
			}
		}
	}
	if (s->number >= 0 && ruleset >= 0 && ruleset != s->number) {
		cf_warn(cf, line, "%s: ruleset changed value (old %d, new %d)",
		    shown, s->number, ruleset);
		ruleset = s->number;
	} else if (ruleset >= 0) {
		s->number = ruleset;
	}
	if (enter && ruleset >= 0) {
		struct ruleset *rs = ruleset_slot(cf, ruleset);

		free(rs->name);
		rs->name = xstrndup(q, (size_t)(namend - q));
	}
	free(shown);
	return ruleset;
}

int
cf_ruleset_find(const struct cf *cf, const char *name)
{
	const struct cf_rsname *s;
	char *end;

	if (name == NULL || *name == '\0')
		return -1;
	if (isdigit((unsigned char)*name)) {
		long v = strtol(name, &end, 10);

		if (*end != '\0' || v < 0 || v >= CF_MAXRWSETS)
			return -1;
		return (int)v;
	}
	s = ruleset_name_find(cf, name, strlen(name));
	if (s == NULL)
		return -1;
	if (s->number < 0)
		fprintf(cf->diag != NULL ? cf->diag : stderr,
		    "%s: too many named rulesets (%d max)\n", name,
		    RULESET_MAXNUM);
	return s->number;
}

int
ruleset_ref(struct cf *cf, const char *name, int line)
{
	return ruleset_strtorwset(cf, name, NULL, true, line);
}

int
ruleset_declare(struct cf *cf, const char *text, int line)
{
	struct buf exp = BUF_INIT;
	int n;

	macro_expand(cf->macros, text, &exp);
	if (exp.len > CF_MAXLINE - 1)
		buf_truncate(&exp, CF_MAXLINE - 1);
	n = ruleset_strtorwset(cf, buf_str(&exp), NULL, true, line);
	buf_free(&exp);
	if (n < 0)
		return -1;
	if (ruleset_slot(cf, n)->nrules > 0 && cf->test_mode) {
		struct buf shown = BUF_INIT;

		cf_text_show(cf, text, strlen(text), false, &shown);
		cf_message(cf, "WARNING: Ruleset %s has multiple definitions",
		    buf_str(&shown));
		buf_free(&shown);
	}
	return n;
}

const char *
ruleset_label(const struct cf *cf, int n)
{
	static char num[16];

	if (n >= 0 && n < CF_MAXRWSETS && cf->rulesets[n] && cf->rulesets[n]->name)
		return cf->rulesets[n]->name;
	snprintf(num, sizeof(num), "%d", n);
	return num;
}

void
ruleset_add_rule(struct ruleset *rs, const struct rule *r)
{
	if (rs->nrules == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 8;
		rs->rules = xreallocarray(rs->rules, rs->cap, sizeof(*r));
	}
	rs->rules[rs->nrules++] = *r;
}

void
ruleset_free_all(struct cf *cf)
{
	int n;
	size_t i;

	for (n = 0; n < CF_MAXRWSETS; n++) {
		struct ruleset *rs = cf->rulesets[n];

		if (rs == NULL)
			continue;
		for (i = 0; i < rs->nrules; i++) {
			free(rs->rules[i].lhs);
			free(rs->rules[i].rhs);
		}
		free(rs->rules);
		free(rs->name);
		free(rs);
	}
	for (i = 0; i < cf->nrsnames; i++)
		free(cf->rsnames[i].name);
	free(cf->rsnames);
}
