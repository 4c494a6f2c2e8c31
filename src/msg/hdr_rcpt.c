/*
 * hdr_rcpt.c - recipients in headers: sendmail's sendtolist splitting,
 * -t's To/Cc/Bcc, NoRecipientAction.
 */
#include "msg/intake.h"
#include "addr/addrlist.h"
#include "cf/option.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* hdr_rcpt_space - ASCII isspace */
static bool
hdr_rcpt_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* hdr_rcpt_split - a recipient list as sendtolist splits it */
size_t
hdr_rcpt_split(const char *list, unsigned *eflags, hdr_rcpt_fn fn, void *arg)
{
	const char *p = list, *end;
	char **addrs = NULL;
	size_t n = 0, cap = 0, taken = 0;
	int delim;

	if (strpbrk(list, ",;<(") != NULL)
		*eflags &= ~INTAKE_OLDSTYLE;
	delim = (*eflags & INTAKE_OLDSTYLE) ? ' ' : ',';
	while (*p != '\0') {
		while (hdr_rcpt_space((unsigned char)*p) || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = addrlist_next(p, delim);
		if (end <= p) {
			/* never: the split always moves on */
			end = p + 1;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			addrs = xreallocarray(addrs, cap, sizeof(*addrs));
		}
		addrs[n++] = xstrndup(p, (size_t)(end - p));
		p = end;
	}
	/* sendmail builds its list backwards */
	while (n > 0) {
		n--;
		if (fn(arg, addrs[n]))
			taken++;
		free(addrs[n]);
	}
	free(addrs);
	return taken;
}

/* hdr_rcpt_grab - -t: the recipients in the headers */
size_t
hdr_rcpt_grab(const struct hdr_list *l, unsigned *eflags, hdr_rcpt_fn fn,
    void *arg)
{
	size_t i, taken = 0;
	struct buf b = BUF_INIT;
	char *q;

	for (i = 0; i < l->n; i++) {
		const struct hdr *h = &l->v[i];

		if (h->deleted || !(h->flags & HDR_RCPT) ||
		    (h->flags & HDR_DEFAULT))
			continue;
		if ((*eflags & INTAKE_RESENT) && !(h->flags & HDR_RESENT))
			continue;
		buf_reset(&b);
		hdr_raw(h, &b);
		/* denlstring(value, strict): every newline a blank */
		for (q = b.data; q != NULL && (q = strchr(q, '\n')) != NULL; q++)
			*q = ' ';
		taken += hdr_rcpt_split(buf_str(&b), eflags, fn, arg);
	}
	buf_free(&b);
	return taken;
}

/* hdr_rcpt_norcpt - NoRecipientAction, and whether Bcc: goes */
size_t
hdr_rcpt_norcpt(struct hdr_list *l, int action, const char *const *paddr,
    size_t n, unsigned *eflags)
{
	const char *name = NULL;
	size_t i, added = 0;

	if (hdr_value(l, "to") != NULL || hdr_value(l, "cc") != NULL ||
	    hdr_value(l, "apparently-to") != NULL) {
		/* a recipient header: Bcc: is left out at delivery */
		*eflags |= INTAKE_DELETE_BCC;
		return 0;
	}
	if (hdr_value(l, "bcc") != NULL)
		return 0;
	switch (action) {
	case OPT_NRA_ADD_APPARENTLY_TO:
		name = "Apparently-To";
		break;
	case OPT_NRA_ADD_TO:
		name = "To";
		break;
	case OPT_NRA_ADD_BCC:
		hdr_cf_addheader(l, "Bcc", " ", 0);
		return 1;
	case OPT_NRA_ADD_TO_UNDISCLOSED:
		hdr_cf_addheader(l, "To", "undisclosed-recipients:;", 0);
		return 1;
	default:
		return 0;
	}
	for (i = 0; i < n; i++, added++)
		hdr_cf_addheader(l, name, paddr[i], 0);
	return added;
}
