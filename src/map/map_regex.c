/*
 * map_regex.c - the regex class: the rest of the K line is a POSIX
 * regular expression (extended unless -b, case-blind unless -f).  A key
 * that matches (or, with -n, does not) is found; the value is empty,
 * or with -m the key, or with -s[n,n...] the chosen substrings (all by
 * default, 0 being the whole match) joined by the -d string (default
 * the $| byte).  -a appends as usual.
 */
#include "map/map_impl.h"
#include "util/buf.h"

#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#define MAP_REGEX_MAXSUB	10

struct map_regex {
	regex_t re;
	bool compiled;
	bool negate, sub;
	char *delim;
	int field[MAP_REGEX_MAXSUB];
	size_t nfield;		/* 0: all */
};

/* map_regex_close - free the pattern */
static void
map_regex_close(struct map *m)
{
	struct map_regex *r = m->priv;

	if (r == NULL)
		return;
	if (r->compiled)
		regfree(&r->re);
	free(r->delim);
	free(r);
	m->priv = NULL;
}

/* map_regex_adderr - one more diagnostic line */
static void
map_regex_adderr(struct buf *err)
{
	if (err->len > 0)
		buf_addc(err, '\n');
}

/* map_regex_parse - flags, then the pattern; compile now */
static bool
map_regex_parse(struct map *m, const char *p, struct buf *err)
{
	struct map_regex *r = xcalloc(1, sizeof(*r));
	int cflags = REG_EXTENDED | REG_ICASE, rc;
	const char *s;
	size_t i;
	int v;
	char ebuf[256];

	m->priv = r;
	m->flags |= MAP_F_TRY0NULL | MAP_F_TRY1NULL;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '-')
			break;
		switch (*++p) {
		case 'n':
			r->negate = true;
			break;
		case 'f':
			cflags &= ~REG_ICASE;
			break;
		case 'b':
			cflags &= ~REG_EXTENDED;
			break;
		case 's':
			r->sub = true;
			while (isdigit((unsigned char)p[1]) ||
			    (p[1] == ',' && isdigit((unsigned char)p[2]))) {
				p++;
				if (*p == ',')
					continue;
				v = *p - '0';
				while (isdigit((unsigned char)p[1])) {
					if (v < 10000)
						v = v * 10 + (*++p - '0');
					else
						p++;
				}
				if (r->nfield < MAP_REGEX_MAXSUB)
					r->field[r->nfield++] = v;
			}
			break;
		case 'd':
			s = ++p;
			while (*p != '\0' && !isspace((unsigned char)*p))
				p++;
			free(r->delim);
			r->delim = xstrndup(s, (size_t)(p - s));
			continue;
		case 'a':
			s = ++p;
			while (*p != '\0' && !isspace((unsigned char)*p))
				p++;
			free(m->app);
			m->app = xstrndup(s, (size_t)(p - s));
			continue;
		case 'm':
			m->flags |= MAP_F_MATCHONLY;
			break;
		case 'q':
			m->flags |= MAP_F_KEEPQUOTES;
			break;
		case 'D':
			m->flags |= MAP_F_DEFER;
			break;
		}
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
	}
	if (!r->sub)
		cflags |= REG_NOSUB;
	m->file = xstrdup(p);
	if ((rc = regcomp(&r->re, p, cflags)) != 0) {
		(void)regerror(rc, &r->re, ebuf, sizeof(ebuf));
		map_regex_adderr(err);
		buf_addf(err, "pattern-compile-error: %s", ebuf);
		return false;
	}
	r->compiled = true;
	for (i = 0; i < r->nfield; i++) {
		if (r->field[i] > (int)r->re.re_nsub) {
			map_regex_adderr(err);
			buf_addf(err, "field (%d) out of range, only %d "
			    "substrings in pattern", r->field[i],
			    (int)r->re.re_nsub + 1);
			return false;
		}
	}
	return true;
}

/* map_regex_lookup - match and build the value */
static void
map_regex_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	struct map_regex *r = m->priv;
	regmatch_t pm[MAP_REGEX_MAXSUB];
	struct buf val = BUF_INIT;
	const char *delim;
	size_t i, nsub;
	bool match;
	int f;

	(void)av;
	if (r == NULL || !r->compiled) {
		res->status = EX_TEMPFAIL;
		return;
	}
	nsub = r->re.re_nsub + 1;
	if (nsub > MAP_REGEX_MAXSUB)
		nsub = MAP_REGEX_MAXSUB;
	match = regexec(&r->re, key, r->sub ? nsub : 0,
	    r->sub ? pm : NULL, 0) == 0;
	if (match == r->negate)
		return;
	if (m->flags & MAP_F_MATCHONLY) {
		map_found(m, res, key, strlen(key), NULL);
		return;
	}
	if (r->sub && match) {
		char bar[2] = { MAP_BAR_BYTE, '\0' };

		delim = r->delim != NULL ? r->delim : bar;
		for (i = 0; i < (r->nfield ? r->nfield : nsub); i++) {
			f = r->nfield ? r->field[i] : (int)i;
			if (i > 0)
				buf_adds(&val, delim);
			if (f >= 0 && f < (int)nsub && pm[f].rm_so >= 0)
				buf_add(&val, key + pm[f].rm_so,
				    (size_t)(pm[f].rm_eo - pm[f].rm_so));
		}
	}
	map_found(m, res, buf_str(&val), val.len, NULL);
	buf_free(&val);
}

const struct map_class map_class_regex = {
	"regex", MAP_C_OPTFILE, map_regex_parse, NULL, map_regex_lookup,
	map_regex_close,
};
