/* ruleset.c - ruleset numbers and names */
#include "cf/ruleset.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RULESET_SLOTS	256

/* ruleset_hash - of a ruleset name */
static size_t
ruleset_hash(const char *name)
{
	size_t h = 0;

	while (*name)
		h = h * 31 + (unsigned char)*name++;
	return h % RULESET_SLOTS;
}

/* ruleset_index - enter ruleset n under its name */
static void
ruleset_index(struct cf *cf, int n)
{
	size_t h = ruleset_hash(cf->rulesets[n]->name);

	while (cf->rs_slot[h] != 0)
		h = (h + 1) % RULESET_SLOTS;
	cf->rs_slot[h] = (short)(n + 1);
}

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

int
cf_ruleset_find(const struct cf *cf, const char *name)
{
	int n;
	char *end;

	if (name == NULL || *name == '\0')
		return -1;
	if (isdigit((unsigned char)*name)) {
		long v = strtol(name, &end, 10);

		if (*end != '\0' || v < 0 || v >= CF_MAXRWSETS)
			return -1;
		return (int)v;
	}
	/* names hash into a small table: 256 slots for at most 200 sets */
	{
		size_t h = ruleset_hash(name);

		for (size_t i = 0; i < RULESET_SLOTS; i++, h = (h + 1) % RULESET_SLOTS) {
			n = cf->rs_slot[h] - 1;
			if (n < 0)
				return -1;
			if (strcmp(cf->rulesets[n]->name, name) == 0)
				return n;
		}
	}
	return -1;
}

/* ruleset_next_free - the next number counting down */
static int
ruleset_next_free(struct cf *cf)
{
	while (cf->next_named > 0 && cf->rulesets[cf->next_named] != NULL)
		cf->next_named--;
	return cf->next_named > 0 ? cf->next_named-- : -1;
}

int
ruleset_ref(struct cf *cf, const char *name, int line)
{
	int n;
	size_t len = strlen(name);
	char *copy = NULL;

	/* $>"name" keeps its quotes in the rule, not in the table */
	if (len >= 2 && name[0] == '"' && name[len - 1] == '"')
		name = copy = xstrndup(name + 1, len - 2);
	if (isdigit((unsigned char)*name)) {
		char *end;
		long v = strtol(name, &end, 10);

		if (*end != '\0' || v < 0 || v >= CF_MAXRWSETS) {
			cf_warn(cf, line, "bad ruleset %s (%d max)", name,
			    CF_MAXRWSETS);
			free(copy);
			return -1;
		}
		free(copy);
		return (int)v;
	}
	n = cf_ruleset_find(cf, name);
	if (n < 0) {
		n = ruleset_next_free(cf);
		if (n < 0) {
			cf_warn(cf, line, "%s: too many named rulesets (%d max)",
			    name, CF_MAXRWSETS);
			free(copy);
			return -1;
		}
		ruleset_slot(cf, n)->name = xstrdup(name);
		ruleset_index(cf, n);
	}
	free(copy);
	return n;
}

int
ruleset_declare(struct cf *cf, const char *text, int line)
{
	const char *eq = strchr(text, '=');
	char *name;
	int n, want;

	while (isspace((unsigned char)*text))
		text++;
	if (eq == NULL) {
		name = xstrdup(text);
		/* trailing blanks are not part of the name */
		for (size_t l = strlen(name); l > 0 &&
		    isspace((unsigned char)name[l - 1]); l--)
			name[l - 1] = '\0';
		n = ruleset_ref(cf, name, line);
		if (n >= 0)
			ruleset_slot(cf, n);
		free(name);
		return n;
	}
	name = xstrndup(text, (size_t)(eq - text));
	for (size_t l = strlen(name); l > 0 && isspace((unsigned char)name[l - 1]); l--)
		name[l - 1] = '\0';
	want = atoi(eq + 1);
	if (want < 0 || want >= CF_MAXRWSETS) {
		cf_warn(cf, line, "bad ruleset %d (%d max)", want, CF_MAXRWSETS);
		free(name);
		return -1;
	}
	n = cf_ruleset_find(cf, name);
	if (n >= 0 && n != want) {
		cf_warn(cf, line, "%s: ruleset changed value (old %d, new %d)",
		    name, n, want);
		free(name);
		return n;
	}
	if (ruleset_slot(cf, want)->name == NULL) {
		cf->rulesets[want]->name = xstrdup(name);
		ruleset_index(cf, want);
	}
	free(name);
	return want;
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
}
