/*
 * intake.c - one message taken in: sendmail 8.17's collect(), eatheader()
 * and collect_doheader(), around the pieces in hdr_*.c.
 */
#include "msg/intake.h"
#include "msg/envelope.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/option.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

/* intake_macro - set a message macro by name ("a", "{msg_id}"); NULL unsets */
static void
intake_macro(struct intake *in, const char *name, const char *value)
{
	size_t len = strlen(name);
	int id;

	if (len > 2 && name[0] == '{')
		id = macro_id(in->macros, name + 1, len - 2);
	else
		id = (unsigned char)name[0];
	if (id >= 0)
		macro_set(in->macros, id, value);
}

/* intake_conf_init - intake's options from a loaded .cf */
void
intake_conf_init(struct intake_conf *c, const struct cf *cf)
{
	const struct options *o = cf->opts;

	memset(c, 0, sizeof(*c));
	c->max_headers_length = o->max_headers_length;
	c->max_hop_count = o->max_hop_count;
	c->old_style_headers = o->old_style_headers;
	c->no_recipient_action = (int)o->no_recipient_action;
	c->single_line_from_header = o->single_line_from_header;
	c->ignore_dots = o->ignore_dots;
	c->save_from_line = o->save_from_line;
	c->seven_bit_input = o->seven_bit_input;
	c->must_quote_chars = o->must_quote_chars;
}

/* intake_begin - start a message: defaults, date macros */
void
intake_begin(struct intake *in, struct envelope *env, const struct cf *cf,
    struct macros *macros, const struct intake_conf *conf,
    const struct intake_sender *sender, time_t now)
{
	char d[MSGDATE_CTIME], b[MSGDATE_ARPA], t[MSGDATE_STAMP], tm[24];
	int flags = 0;

	memset(in, 0, sizeof(*in));
	in->env = env;
	in->cf = cf;
	in->macros = macros;
	in->conf = *conf;
	in->sender = *sender;
	in->now = now;
	in->status = INTAKE_OK;
	buf_init(&in->errors);
	if (conf->old_style_headers)
		in->eflags |= INTAKE_OLDSTYLE;

	hdr_cf_defaults(&env->headers, cf);

	if (conf->smtp)
		flags |= HDR_PARSE_SMTP;
	if (conf->ignore_dots)
		flags |= HDR_PARSE_IGNORE_DOTS;
	if (conf->save_from_line)
		flags |= HDR_PARSE_SAVE_FROM;
	if (conf->seven_bit_input)
		flags |= HDR_PARSE_SEVEN_BIT;
	hdr_parse_init(&in->parse, flags, conf->max_headers_length);

	/* sendmail's settime, and a clean slate for the rest */
	snprintf(tm, sizeof(tm), "%ld", (long)now);
	msgdate_ctime(now, d);
	msgdate_arpa(d, now, b);
	msgdate_stamp(now, t);
	intake_macro(in, "{time}", tm);
	intake_macro(in, "t", t);
	intake_macro(in, "d", d);
	intake_macro(in, "b", b);
	intake_macro(in, "a", b);
	intake_macro(in, "u", NULL);
	intake_macro(in, "c", NULL);
	intake_macro(in, "{msg_id}", NULL);
	intake_macro(in, "f", sender->paddr);
	intake_macro(in, "g", sender->paddr);
	intake_macro(in, "x", sender->fullname);
	intake_macro(in, "i", env->qid[0] != '\0' ? env->qid : NULL);
}

/* intake_hash - FNV-1a of a string */
static size_t
intake_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* intake_seen_grow - the duplicate table, twice as big, refilled */
static void
intake_seen_grow(struct intake *in)
{
	size_t i, j, cap = in->seen_cap ? in->seen_cap * 2 : 64;

	free(in->seen);
	in->seen = xcalloc(cap, sizeof(*in->seen));
	in->seen_cap = cap;
	for (i = 0; i < in->env->nrcpts; i++) {
		for (j = intake_hash(in->env->rcpts[i].addr) & (cap - 1);
		    in->seen[j] != 0; j = (j + 1) & (cap - 1))
			;
		in->seen[j] = i + 1;
	}
}

/* intake_default_add - no add_rcpt function: the envelope, exact
   duplicates left out (in constant time: -t may bring 100,000) */
static bool
intake_default_add(struct intake *in, const char *addr)
{
	struct rcpt *r;
	size_t j;

	while (in->seen_cap < 2 * (in->env->nrcpts + 1))
		intake_seen_grow(in);
	for (j = intake_hash(addr) & (in->seen_cap - 1); in->seen[j] != 0;
	    j = (j + 1) & (in->seen_cap - 1))
		if (strcmp(in->env->rcpts[in->seen[j] - 1].addr, addr) == 0)
			return true;
	r = envelope_add_rcpt(in->env, addr);
	r->flags |= RCPT_PRIMARY;
	in->seen[j] = in->env->nrcpts;
	return true;
}

/* intake_rcpt_cb - one address of a list: to the caller, and $u */
static bool
intake_rcpt_cb(void *arg, const char *addr)
{
	struct intake *in = arg;
	bool taken;

	if (in->add_rcpt != NULL)
		taken = in->add_rcpt(in->add_rcpt_arg, addr);
	else
		taken = intake_default_add(in, addr);
	if (!taken)
		return false;
	/* sendmail's e_origrcpt: the first primary recipient, "" after */
	free(in->origrcpt);
	in->origrcpt = xstrdup(in->nrcpt_seen == 0 ? addr : "");
	in->nrcpt_seen++;
	return true;
}

/* intake_rcpt_list - recipients given with the message */
void
intake_rcpt_list(struct intake *in, const char *list)
{
	hdr_rcpt_split(list, &in->eflags, intake_rcpt_cb, in);
}

/* intake_lines - take the lines the parser has ready */
static void
intake_lines(struct intake *in)
{
	const struct hdr_parse_line *l;
	struct hdr_list *hl = &in->env->headers;
	struct hdr_chomp_ctx ctx;
	char date[MSGDATE_ARPA];

	memset(&ctx, 0, sizeof(ctx));
	ctx.eflags = &in->eflags;
	ctx.from_paddr = in->sender.paddr;
	ctx.from_user = in->sender.user;
	ctx.from_local = in->sender.local;
	ctx.single_line_from = in->conf.single_line_from_header;
	while ((l = hdr_parse_next(&in->parse)) != NULL) {
		if (l->kind == HDR_LINE_UNIXFROM) {
			if (msgdate_unixfrom(l->text, in->now, date))
				intake_macro(in, "a", date);
			continue;
		}
		/* only the headers there before the sender's can be defaults */
		if (!in->limited) {
			in->limited = true;
			in->scan_limit = hl->n;
		}
		ctx.limited = true;
		ctx.scan_limit = in->scan_limit;
		if (hdr_chomp(hl, l->text, l->len, &ctx, &in->errors) ==
		    HDR_CHOMP_SYNTAX && in->exitstat == 0)
			in->exitstat = EX_SOFTWARE;
	}
}

/* intake_feed - bytes of the message */
void
intake_feed(struct intake *in, const void *p, size_t n, struct buf *body)
{
	hdr_parse_feed(&in->parse, p, n, body);
	intake_lines(in);
}

/* intake_eatheader - sendmail's eatheader after the header is in */
static void
intake_eatheader(struct intake *in)
{
	struct hdr_list *l = &in->env->headers;
	const char *p, *idname;
	struct buf b = BUF_INIT;
	char num[16];
	size_t i;
	int hops;

	p = in->sender.sender != NULL ? in->sender.sender : in->sender.paddr;
	intake_macro(in, "f", p);
	intake_macro(in, "g", p);
	intake_macro(in, "u", in->origrcpt != NULL && *in->origrcpt != '\0' ?
	    in->origrcpt : NULL);
	intake_macro(in, "i", in->env->qid[0] != '\0' ? in->env->qid : NULL);
	/* Full-Name: is $x, quoted when it has to be */
	if ((p = hdr_value(l, "full-name")) != NULL) {
		if (!hdr_cf_rfc822_string(p, in->conf.must_quote_chars)) {
			hdr_cf_addquotes(p, &b);
			p = buf_str(&b);
		}
		intake_macro(in, "x", p);
	}
	hdr_cf_bind(l, in->macros);

	hops = hdr_hops_count(l);
	if (in->conf.grab_to)
		hdr_rcpt_grab(l, &in->eflags, intake_rcpt_cb, in);

	/* the message-id to log: the last one */
	idname = (in->eflags & INTAKE_RESENT) ? "resent-message-id" :
	    "message-id";
	for (i = 0; i < l->n; i++) {
		const struct hdr *h = &l->v[i];

		if (h->deleted || strcasecmp(h->name, idname) != 0)
			continue;
		free(in->msgid);
		in->msgid = xstrdup(h->value);
		intake_macro(in, "{msg_id}", in->msgid);
	}

	in->hopcount = in->conf.hopcount;
	if (hops > in->hopcount) {
		in->hopcount = hops;
		snprintf(num, sizeof(num), "%d", hops);
		intake_macro(in, "c", num);
	}

	if ((p = hdr_value(l, "posted-date")) == NULL)
		p = hdr_value(l, "date");
	if (p != NULL)
		intake_macro(in, "a", p);

	if (in->parse.has8bit)
		in->eflags |= INTAKE_HAS8BIT;
	if ((in->env->bodytype != NULL &&
	     strcasecmp(in->env->bodytype, "8BITMIME") == 0) ||
	    hdr_value(l, "MIME-Version") != NULL) {
		in->eflags |= INTAKE_IS_MIME;
		if (in->parse.has8bit_eoh) {
			free(in->env->bodytype);
			in->env->bodytype = xstrdup("8BITMIME");
		}
	} else if ((p = hdr_value(l, "Content-Type")) != NULL) {
		/* an RFC 1049 message */
		p = strpbrk(p, ";/");
		if (p == NULL || *p == ';')
			in->eflags |= INTAKE_DONT_MIME;
	}
	buf_free(&b);
}

/* intake_qf_form - the list as sendmail writes it to the qf */
static void
intake_qf_form(struct intake *in)
{
	struct hdr_list *l = &in->env->headers;
	struct buf b = BUF_INIT, raw = BUF_INIT;
	size_t i, n;
	bool oldstyle;

	for (i = 0; i < l->n; i++) {
		struct hdr *h = &l->v[i];

		if (h->deleted)
			continue;
		if ((h->flags & (HDR_DEFAULT | HDR_BINDLATE)) == HDR_DEFAULT ||
		    ((h->flags & HDR_RESENT) && !(in->eflags & INTAKE_RESENT))) {
			h->deleted = true;
			continue;
		}
		if (!(h->flags & (HDR_FROM | HDR_RCPT)) ||
		    (h->flags & (HDR_BINDLATE | HDR_DEFAULT)))
			continue;
		/* the address lists, through sendmail's "null mailer" */
		buf_reset(&raw);
		buf_reset(&b);
		hdr_raw(h, &raw);
		oldstyle = (in->eflags & INTAKE_OLDSTYLE) != 0;
		(void)hdr_rewrite_commaize(NULL, h, buf_str(&raw), oldstyle,
		    NULL, &b);
		for (n = 0; n < b.len && b.data[n] == ' '; n++)
			;
		free(h->sep);
		free(h->value);
		h->sep = xstrndup(b.data != NULL ? b.data : "", n);
		h->value = xstrdup(buf_str(&b) + n);
	}
	buf_free(&b);
	buf_free(&raw);
}

/* intake_end - the input is over: eatheader and collect_doheader */
int
intake_end(struct intake *in, struct buf *body)
{
	struct hdr_list *l = &in->env->headers;
	const char **paddr;
	size_t i, n = 0;

	hdr_parse_end(&in->parse, body);
	intake_lines(in);
	if (in->parse.toobig) {
		buf_adds(&in->errors, in->parse.error);
		buf_addc(&in->errors, '\n');
		in->status = INTAKE_ERR_TOOBIG;
	}

	intake_eatheader(in);

	if (in->conf.grab_to && in->nrcpt_seen == 0) {
		buf_adds(&in->errors, "No recipient addresses found in header\n");
		if (in->status == INTAKE_OK)
			in->status = INTAKE_ERR_NORCPT;
	}

	/* To:, Cc:, Apparently-To: or NoRecipientAction */
	paddr = xreallocarray(NULL, in->env->nrcpts + 1, sizeof(*paddr));
	for (i = 0; i < in->env->nrcpts; i++)
		if (in->env->rcpts[i].flags & RCPT_PRIMARY)
			paddr[n++] = in->env->rcpts[i].addr;
	hdr_rcpt_norcpt(l, in->conf.no_recipient_action, paddr, n,
	    &in->eflags);
	free(paddr);

	if (!hdr_hops_check(in->hopcount, in->conf.max_hop_count,
	    in->sender.paddr, in->conf.via,
	    in->env->nrcpts > 0 ? in->env->rcpts[0].addr : NULL,
	    &in->errors) && in->status == INTAKE_OK) {
		in->status = INTAKE_ERR_HOPS;
		in->exitstat = EX_UNAVAILABLE;
	}

	intake_qf_form(in);
	return in->status;
}

/* intake_free - release an intake */
void
intake_free(struct intake *in)
{
	hdr_parse_free(&in->parse);
	free(in->origrcpt);
	free(in->msgid);
	free(in->seen);
	buf_free(&in->errors);
	in->origrcpt = in->msgid = NULL;
	in->seen = NULL;
	in->seen_cap = 0;
}

long
intake_class(const struct cf *cf, const struct envelope *e)
{
	const char *prec = hdr_value(&e->headers, "Precedence");
	size_t i;

	/* the P lines name the classes: "Pbulk=-60" */
	if (prec != NULL)
		for (i = 0; i < cf->nprio; i++)
			if (strcasecmp(cf->prio[i].name, prec) == 0)
				return cf->prio[i].value;
	return 0;
}

long
intake_priority(const struct cf *cf, const struct envelope *e, long msgsize)
{
	return msgsize - intake_class(cf, e) * cf->opts->class_factor +
	    (long)e->nrcpts * cf->opts->recipient_factor;
}
