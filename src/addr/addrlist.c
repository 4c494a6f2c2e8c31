/*
 * addrlist.c - address-list headers: sendmail's split, RFC 5322's view.
 *
 * The split is prescan's ',' delimiter without the tokens (the fuzzer
 * checks that both agree); the structure is found on a per-byte map of
 * each span telling which bytes are quoted, commented or escaped.
 */
#include "addr/addrlist.h"
#include "util/buf.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* per-byte marks of a span */
#define AL_TOP		0x01	/* outside quotes and comments, unescaped */
#define AL_CMT		0x02	/* part of a comment, parentheses included */

/* addrlist_blank - sendmail's isspace() for ASCII */
static bool
addrlist_blank(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* addrlist_route - does the text after a '<' start a source route? */
static bool
addrlist_route(const char *p)
{
	while (addrlist_blank((unsigned char)*p))
		p++;
	return *p == '@';
}

/* addrlist_next - where sendmail ends the address starting at s */
const char *
addrlist_next(const char *s, int delim)
{
	const char *p;
	int cmnt = 0, angle = 0;
	bool quoted = false, bslash = false, route = false;

	for (p = s; *p != '\0'; p++) {
		int c = (unsigned char)*p;

		/* prescan tests for the delimiter before escapes... */
		if (c == delim && cmnt <= 0 && !quoted &&
		    (angle <= 0 || (delim == ',' && !route)))
			return p;
		if (bslash) {
			bslash = false;
			continue;
		}
		/* ... and, with a blank delimiter, for any unescaped
		 * blank after them */
		if (delim == ' ' && addrlist_blank(c) && cmnt <= 0 &&
		    !quoted && angle <= 0)
			return p;
		if (c == '\\')
			bslash = true;
		else if (quoted) {
			if (c == '"')
				quoted = false;
		} else if (c == '(')
			cmnt++;
		else if (c == ')') {
			if (cmnt > 0)
				cmnt--;
		} else if (cmnt > 0)
			continue;
		else if (c == '<') {
			angle++;
			if (addrlist_route(p + 1))
				route = true;
		} else if (c == '>') {
			if (angle > 0)
				angle--;
			route = false;
		} else if (c == '"')
			quoted = true;
	}
	return p;
}

/* addrlist_mark - classify each byte of s[0..len) */
static void
addrlist_mark(const char *s, size_t len, unsigned char *m)
{
	int cmnt = 0;
	bool quoted = false, bslash = false;
	size_t i;

	for (i = 0; i < len; i++) {
		int c = (unsigned char)s[i];

		m[i] = 0;
		if (bslash) {
			bslash = false;
			m[i] = cmnt > 0 ? AL_CMT : 0;
			continue;
		}
		if (c == '\\') {
			bslash = true;
			m[i] = cmnt > 0 ? AL_CMT : 0;
		} else if (quoted) {
			if (c == '"')
				quoted = false;
		} else if (c == '(') {
			cmnt++;
			m[i] = AL_CMT;
		} else if (cmnt > 0) {
			if (c == ')')
				cmnt--;
			m[i] = AL_CMT;
		} else if (c == '"')
			quoted = true;
		else
			m[i] = AL_TOP;
	}
}

/* addrlist_trim - shrink [*a, *b) past blanks (and comments if cmt) */
static void
addrlist_trim(const char *s, const unsigned char *m, size_t *a, size_t *b,
    bool cmt)
{
	while (*a < *b && (addrlist_blank((unsigned char)s[*a]) ||
	    (cmt && (m[*a] & AL_CMT))))
		(*a)++;
	while (*b > *a && (addrlist_blank((unsigned char)s[*b - 1]) ||
	    (cmt && (m[*b - 1] & AL_CMT))))
		(*b)--;
}

/* addrlist_find - first top-level byte of set in [a, b), outside <> and [] */
static size_t
addrlist_find(const char *s, const unsigned char *m, size_t a, size_t b,
    const char *set)
{
	int angle = 0, brack = 0;
	size_t i;

	for (i = a; i < b; i++) {
		int c = (unsigned char)s[i];

		if (!(m[i] & AL_TOP))
			continue;
		if (angle == 0 && brack == 0 && strchr(set, c) != NULL)
			return i;
		if (c == '<')
			angle++;
		else if (c == '>' && angle > 0)
			angle--;
		else if (c == '[')
			brack++;
		else if (c == ']' && brack > 0)
			brack--;
	}
	return b;
}

/* addrlist_add - room for one more entry */
static struct addrlist_ent *
addrlist_add(struct addrlist *al)
{
	if (al->n == al->cap) {
		al->cap = al->cap ? al->cap * 2 : 8;
		al->ent = xreallocarray(al->ent, al->cap, sizeof(*al->ent));
	}
	memset(&al->ent[al->n], 0, sizeof(al->ent[0]));
	return &al->ent[al->n++];
}

/* addrlist_shape - the RFC 5322 view of the mailbox s[a..b) */
static void
addrlist_shape(const char *s, const unsigned char *m, size_t a, size_t b,
    struct addrlist_ent *e)
{
	size_t lt, gt, x, y;
	int angle;

	addrlist_trim(s, m, &a, &b, false);
	e->mbox_off = a;
	e->mbox_len = b - a;
	x = a;
	y = b;
	addrlist_trim(s, m, &x, &y, true);
	if (x == y) {
		e->flags |= ADDRLIST_EMPTY;
		e->spec_off = e->name_off = a;
		return;
	}
	lt = addrlist_find(s, m, a, b, "<");
	if (lt == b) {
		/* addr-spec, perhaps with comments around it */
		e->spec_off = x;
		e->spec_len = y - x;
		e->name_off = a;
		return;
	}
	e->flags |= ADDRLIST_ANGLE;
	x = a;
	y = lt;
	addrlist_trim(s, m, &x, &y, false);
	e->name_off = x;
	e->name_len = y - x;
	for (gt = lt + 1, angle = 1; gt < b; gt++) {
		if (!(m[gt] & AL_TOP))
			continue;
		if (s[gt] == '<')
			angle++;
		else if (s[gt] == '>' && --angle == 0)
			break;
	}
	x = lt + 1;
	y = gt;
	addrlist_trim(s, m, &x, &y, false);
	e->spec_off = x;
	e->spec_len = y - x;
}

/* addrlist_parse - split a header value into entries */
size_t
addrlist_parse(const char *value, int flags, struct addrlist *al)
{
	const char *p = value, *end;
	size_t n0 = al->n, gname = 0, glen = 0;
	bool ingroup = false;
	int delim = ',';

	if ((flags & ADDRLIST_OLDSTYLE) && strpbrk(value, ",;<(") == NULL)
		delim = ' ';

	for (;;) {
		while (addrlist_blank((unsigned char)*p) || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = addrlist_next(p, delim);

		/* indexes below are relative to the span p[0..len) */
		size_t base = (size_t)(p - value), len = (size_t)(end - p);
		size_t ms = 0, me = len, c, semi;
		struct addrlist_ent *e = addrlist_add(al);
		unsigned char *m = xmalloc(len + 1);

		e->off = base;
		e->len = len;
		addrlist_mark(p, len, m);
		if (!ingroup) {
			c = addrlist_find(p, m, 0, len, ":<@;");
			if (c < len && p[c] == ':' && p[c + 1] != ':' &&
			    p[c + 1] != '.') {
				size_t x = 0, y = c;

				addrlist_trim(p, m, &x, &y, false);
				gname = base + x;
				glen = y - x;
				ingroup = true;
				e->flags |= ADDRLIST_GROUP_START;
				ms = c + 1;
			}
		}
		if (ingroup) {
			e->flags |= ADDRLIST_GROUP;
			e->group_off = gname;
			e->group_len = glen;
			semi = addrlist_find(p, m, ms, len, ";");
			if (semi < len) {
				e->flags |= ADDRLIST_GROUP_END;
				me = semi;
				ingroup = false;
			}
		}
		addrlist_shape(p, m, ms, me, e);
		e->mbox_off += base;
		e->spec_off += base;
		e->name_off += base;
		free(m);

		p = end;
		if (*p == '\0')
			break;
		p++;
	}
	return al->n - n0;
}

/* addrlist_free - release the entries */
void
addrlist_free(struct addrlist *al)
{
	free(al->ent);
	al->ent = NULL;
	al->n = al->cap = 0;
}
