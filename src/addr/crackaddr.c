/*
 * crackaddr.c - sendmail's header address template, rebuilt from what
 * -bt's /parse prints (docs/notes/prescan.md).
 *
 * One pass over the input.  Characters of the address itself collapse
 * into a single "$g"; comments, and everything after the closing '>',
 * are copied; on '<' or a group's ':' the text so far is copied again
 * from the raw input (quoted if it needs quotes).  The output is held
 * to CRACKADDR_MAX bytes with sendmail's reservations; running out
 * gives the fixed template "<$g>".
 */
#include "addr/crackaddr.h"

#include <stdbool.h>
#include <string.h>

#define CRACKADDR_QUOTE	"@,;:\\()[].'"	/* need quotes in a phrase */

struct crack {
	struct buf *out;
	size_t base;		/* where our template starts in out */
	size_t head;		/* start of the current part (after group:) */
	size_t lim;		/* bytes the template may hold just now */
	long gpos;		/* where $g went, or -1 */
	bool full;		/* a byte did not fit: give up */
};

/* crack_len - bytes of template so far */
static size_t
crack_len(const struct crack *k)
{
	return k->out->len - k->base;
}

/* crack_put - append one byte, unless the template is full */
static void
crack_put(struct crack *k, int c)
{
	if (crack_len(k) >= k->lim) {
		k->full = true;
		return;
	}
	buf_addc(k->out, c);
}

/* crack_cut - drop the template back to n bytes */
static void
crack_cut(struct crack *k, size_t n)
{
	buf_truncate(k->out, k->base + n);
	if (k->gpos >= 0 && (size_t)k->gpos >= k->out->len)
		k->gpos = -1;
}

/* crack_space - sendmail's isspace() for ASCII */
static bool
crack_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * crack_recopy - start the current part again from the raw input, up
 * to and including the terminator at p ('<' or ':'), quoting the
 * text before it when quote is set.  Returns the position after the
 * terminator.
 */
static const char *
crack_recopy(struct crack *k, const char *start, const char *ahead,
    const char *p, bool quote)
{
	const char *q, *end = p;	/* p is at the terminator */

	crack_cut(k, k->head);
	if (quote) {
		crack_put(k, '"');
		/* leave the blanks before the terminator outside the quotes */
		while (end > start && crack_space((unsigned char)end[-1]))
			end--;
	}
	for (q = ahead; q < end; q++) {
		if (quote && *q == '"')
			crack_put(k, '\\');
		crack_put(k, (unsigned char)*q);
	}
	if (quote) {
		/* only the opening quote so far: drop it (measured from
		 * the very start, as sendmail does for both terminators
		 * when nothing precedes this part) */
		if (crack_len(k) == 1)
			crack_cut(k, 0);
		else
			crack_put(k, '"');
		for (q = end; q < p; q++)
			crack_put(k, (unsigned char)*q);
	}
	crack_put(k, (unsigned char)*p);
	return p + 1;
}

/* crackaddr_at - the template of addr; where its $g is, or -1 */
long
crackaddr_at(const char *addr, struct buf *out)
{
	struct crack k;
	const char *p, *start, *ahead;
	int c, copylev = 0, anglelev = 0, cmtlev = 0, bracklev = 0;
	int opencmt = 0, openangle = 0;
	bool qmode = false, openq = false, putg = false, quoteit = false;
	bool gotangle = false, gotcolon = false, qlock = false;

	while (crack_space((unsigned char)*addr))
		addr++;
	k.out = out;
	k.base = out->len;
	k.head = 0;
	k.lim = CRACKADDR_MAX;
	k.gpos = -1;
	k.full = false;
	start = ahead = p = addr;

	while (!k.full && (c = (unsigned char)*p++) != '\0') {
		if (copylev > 0) {
			if (qlock) {
				/* anything after a quote that follows the
				 * address: sendmail gives up */
				k.full = true;
				break;
			}
			crack_put(&k, c);
		}

		if (c == '\\') {
			if (cmtlev <= 0 && !qmode)
				quoteit = true;
			if ((c = (unsigned char)*p++) == '\0') {
				p--;
				goto address;
			}
			if (copylev > 0)
				crack_put(&k, c);
			goto address;
		}

		if (c == '"' && cmtlev <= 0) {
			qmode = !qmode;
			if (copylev > 0) {
				/* a quote after the address: nothing may
				 * follow it but the repair */
				openq = !openq;
				qlock = true;
			}
			continue;
		}
		if (qmode)
			goto address;

		if (c == '(') {
			cmtlev++;
			k.lim--;	/* room for the ')' */
			opencmt++;
			if (copylev++ <= 0) {
				if (crack_len(&k) != k.head)
					crack_put(&k, ' ');
				crack_put(&k, c);
			}
		}
		if (cmtlev > 0) {
			if (c == ')') {
				cmtlev--;
				copylev--;
				opencmt--;
				k.lim++;
			}
			continue;
		} else if (c == ')') {
			/* unbalanced: take back the copy */
			if (copylev > 0 && crack_len(&k) > k.head)
				crack_cut(&k, crack_len(&k) - 1);
		}

		if (c == '[')
			bracklev++;
		else if (c == ']')
			bracklev--;

		if (c == ':' && anglelev <= 0 && bracklev <= 0 && !gotcolon) {
			if (*p == ':' || *p == '.') {
				/* DECnet host::user, host:.user */
				quoteit = true;
				if (copylev > 0) {
					crack_put(&k, c);
					crack_put(&k, (unsigned char)*p);
				}
				p++;
				goto address;
			}
			/* "group:" - the phrase and any blanks after it */
			gotcolon = true;
			p = crack_recopy(&k, start, ahead, p - 1, quoteit);
			while (crack_space((unsigned char)*p))
				crack_put(&k, (unsigned char)*p++);
			copylev = 0;
			putg = quoteit = false;
			k.head = crack_len(&k);
			ahead = p;
			continue;
		}

		if (c == ';' && copylev <= 0)
			crack_put(&k, c);

		if (strchr(CRACKADDR_QUOTE, c) != NULL && cmtlev <= 0 &&
		    !qmode)
			quoteit = true;

		if (c == '<') {
			if (gotangle)
				quoteit = true;
			gotangle = true;
			if (anglelev <= 0)
				k.lim--;	/* room for the '>' */
			anglelev = 1;
			openangle = 1;
			p = crack_recopy(&k, start, ahead, p - 1, quoteit);
			copylev = 0;
			putg = quoteit = false;
			continue;
		}

		if (c == '>') {
			if (anglelev > 0) {
				anglelev--;
				openangle--;
				k.lim++;
			} else {
				/* unbalanced: take back the copy */
				if (copylev > 0 && crack_len(&k) > k.head)
					crack_cut(&k, crack_len(&k) - 1);
				quoteit = true;
				continue;
			}
			if (copylev++ <= 0)
				crack_put(&k, c);
			continue;
		}

address:	/* a character of the address itself */
		if (copylev <= 0 && !putg) {
			if (crack_len(&k) > 0 &&
			    out->data[out->len - 1] == ')')
				crack_put(&k, ' ');
			k.gpos = (long)out->len;
			crack_put(&k, '$');
			crack_put(&k, 'g');
			putg = true;
		}
	}

	/* close what is still open; these use the reserved bytes */
	k.lim = CRACKADDR_MAX;
	if (openq)
		crack_put(&k, '"');
	while (opencmt-- > 0)
		crack_put(&k, ')');
	while (openangle-- > 0)
		crack_put(&k, '>');

	if (k.full) {
		crack_cut(&k, 0);
		buf_adds(out, "<$g>");
		return (long)(k.base + 1);
	}
	return k.gpos;
}

/* crackaddr - the header template of addr, appended to out */
void
crackaddr(const char *addr, struct buf *out)
{
	(void)crackaddr_at(addr, out);
}
