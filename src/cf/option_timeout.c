/*
 * option_timeout.c - the Timeout.* sub-options, the old "Timeout=" / "r"
 * list form, and the Milter.* sub-options.
 *
 * Each sub-option has its own sticky bit.  The codes below follow
 * sendmail's numbering because stickiness depends on it: a sticky
 * Timeout.queuewarn (or queuereturn, resolver.retrans, resolver.retry)
 * also pins the next two codes, i.e. its .normal and .urgent (or .normal
 * and .first) variants, but not the others.
 */
#include "cf/option_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum to_kind {
	TK_ONE,		/* one field of to[] */
	TK_QWARN,	/* queuewarn: class index or all */
	TK_QRET,	/* queuereturn */
	TK_HOSTSTATUS,
	TK_RETRANS,	/* resolver.retrans: index or all */
	TK_RETRY
};

#define TO_ALL	(-1)

struct to_row {
	const char *name;
	unsigned char code;	/* sendmail's sub-option code */
	unsigned char kind;	/* enum to_kind */
	signed char idx;	/* field index, class, or TO_ALL */
};

static const struct to_row to_tab[OPTION_NTIMEOUT] = {
	{ "initial", 0x01, TK_ONE, OPT_TO_INITIAL },
	{ "mail", 0x02, TK_ONE, OPT_TO_MAIL },
	{ "rcpt", 0x03, TK_ONE, OPT_TO_RCPT },
	{ "datainit", 0x04, TK_ONE, OPT_TO_DATAINIT },
	{ "datablock", 0x05, TK_ONE, OPT_TO_DATABLOCK },
	{ "datafinal", 0x06, TK_ONE, OPT_TO_DATAFINAL },
	{ "command", 0x07, TK_ONE, OPT_TO_COMMAND },
	{ "rset", 0x08, TK_ONE, OPT_TO_RSET },
	{ "helo", 0x09, TK_ONE, OPT_TO_HELO },
	{ "quit", 0x0a, TK_ONE, OPT_TO_QUIT },
	{ "misc", 0x0b, TK_ONE, OPT_TO_MISC },
	{ "ident", 0x0c, TK_ONE, OPT_TO_IDENT },
	{ "fileopen", 0x0d, TK_ONE, OPT_TO_FILEOPEN },
	{ "connect", 0x0e, TK_ONE, OPT_TO_CONNECT },
	{ "iconnect", 0x0f, TK_ONE, OPT_TO_ICONNECT },
	{ "queuewarn", 0x10, TK_QWARN, TO_ALL },
	{ "queuewarn.*", 0x10, TK_QWARN, TO_ALL },
	{ "queuewarn.normal", 0x11, TK_QWARN, OPT_TOC_NORMAL },
	{ "queuewarn.urgent", 0x12, TK_QWARN, OPT_TOC_URGENT },
	{ "queuewarn.non-urgent", 0x13, TK_QWARN, OPT_TOC_NONURGENT },
	{ "queuereturn", 0x14, TK_QRET, TO_ALL },
	{ "queuereturn.*", 0x14, TK_QRET, TO_ALL },
	{ "queuereturn.normal", 0x15, TK_QRET, OPT_TOC_NORMAL },
	{ "queuereturn.urgent", 0x16, TK_QRET, OPT_TOC_URGENT },
	{ "queuereturn.non-urgent", 0x17, TK_QRET, OPT_TOC_NONURGENT },
	{ "hoststatus", 0x18, TK_HOSTSTATUS, OPT_TO_HOSTSTATUS },
	{ "resolver.retrans", 0x19, TK_RETRANS, TO_ALL },
	{ "resolver.retrans.normal", 0x1a, TK_RETRANS, OPT_RTO_NORMAL },
	{ "resolver.retrans.first", 0x1b, TK_RETRANS, OPT_RTO_FIRST },
	{ "resolver.retry", 0x1c, TK_RETRY, TO_ALL },
	{ "resolver.retry.normal", 0x1d, TK_RETRY, OPT_RTO_NORMAL },
	{ "resolver.retry.first", 0x1e, TK_RETRY, OPT_RTO_FIRST },
	{ "control", 0x1f, TK_ONE, OPT_TO_CONTROL },
	{ "lhlo", 0x20, TK_ONE, OPT_TO_LHLO },
	{ "auth", 0x21, TK_ONE, OPT_TO_AUTH },
	{ "starttls", 0x22, TK_ONE, OPT_TO_STARTTLS },
	{ "aconnect", 0x23, TK_ONE, OPT_TO_ACONNECT },
	{ "queuewarn.dsn", 0x24, TK_QWARN, OPT_TOC_DSN },
	{ "queuereturn.dsn", 0x25, TK_QRET, OPT_TOC_DSN },
};

#define BIT_SET(a, i)	((a)[(i) / 8] |= (unsigned char)(1U << ((i) % 8)))
#define BIT_ISSET(a, i)	(((a)[(i) / 8] >> ((i) % 8)) & 1U)

/* option_timeout_name_at - the i-th Timeout sub-option name */
const char *
option_timeout_name_at(size_t i)
{
	return i < OPTION_NTIMEOUT ? to_tab[i].name : NULL;
}

/* option_timeout_row - table row of a sub-option name, -1 if none */
int
option_timeout_row(const char *name)
{
	size_t i;

	for (i = 0; i < OPTION_NTIMEOUT; i++)
		if (strcasecmp(to_tab[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* option_timeout_defaults - sendmail's built-in timeouts */
void
option_timeout_defaults(struct options *o)
{
	int i;

	memset(o->to, 0, sizeof(o->to));
	o->to[OPT_TO_INITIAL] = 5 * 60;
	o->to[OPT_TO_HELO] = 5 * 60;
	o->to[OPT_TO_MAIL] = 10 * 60;
	o->to[OPT_TO_RCPT] = 3600;
	o->to[OPT_TO_DATAINIT] = 5 * 60;
	o->to[OPT_TO_DATABLOCK] = 3600;
	o->to[OPT_TO_DATAFINAL] = 3600;
	o->to[OPT_TO_RSET] = 5 * 60;
	o->to[OPT_TO_QUIT] = 2 * 60;
	o->to[OPT_TO_COMMAND] = 3600;
	o->to[OPT_TO_MISC] = 2 * 60;
	o->to[OPT_TO_IDENT] = 5;
	o->to[OPT_TO_FILEOPEN] = 60;
	o->to[OPT_TO_CONTROL] = 2 * 60;
	o->to[OPT_TO_LHLO] = 2 * 60;
	o->to[OPT_TO_AUTH] = 10 * 60;
	o->to[OPT_TO_STARTTLS] = 3600;
	o->to[OPT_TO_HOSTSTATUS] = 30 * 60;
	for (i = 0; i < OPT_TOC_MAX; i++) {
		o->to_queuereturn[i] = 5L * 24 * 3600;
		o->to_queuewarn[i] = 0;
	}
	for (i = 0; i < OPT_RTO_MAX; i++) {
		o->to_resolver_retrans[i] = -1;
		o->to_resolver_retry[i] = -1;
	}
}

/* option_timeout_fill - set one class or all of a per-class array */
static void
option_timeout_fill(long *a, int n, int idx, long v)
{
	int i;

	if (idx != TO_ALL) {
		a[idx] = v;
		return;
	}
	for (i = 0; i < n; i++)
		a[i] = v;
}

/*
 * option_timeout_set - Timeout.<sub>=val.  Every value is first read in
 * minutes (so a bad unit warns once), then again in the sub-option's own
 * unit where that differs (so it warns twice, as sendmail does).
 */
int
option_timeout_set(struct options *o, const char *sub, const char *val,
    bool sticky, struct buf *warn)
{
	const struct to_row *t;
	int row, i, extra = 0;
	long v;

	row = option_timeout_row(sub);
	if (row < 0) {
		option_warnf(o, warn, true, "settimeout: invalid timeout %s",
		    sub);
		return OPTION_ERR;
	}
	t = &to_tab[row];
	if (!sticky && BIT_ISSET(o->sticky_to, t->code))
		return OPTION_OK;
	option_strset(&o->raw_to[row], val);

	v = option_value_time(o, val, 'm', warn);
	switch (t->kind) {
	case TK_ONE:
	case TK_HOSTSTATUS:
		o->to[t->idx] = v;
		break;
	case TK_QWARN:
		v = option_value_time(o, val, 'h', warn);
		option_timeout_fill(o->to_queuewarn, OPT_TOC_MAX, t->idx, v);
		extra = t->idx == TO_ALL ? 2 : 0;
		break;
	case TK_QRET:
		v = option_value_time(o, val, 'd', warn);
		option_timeout_fill(o->to_queuereturn, OPT_TOC_MAX, t->idx, v);
		extra = t->idx == TO_ALL ? 2 : 0;
		break;
	case TK_RETRANS:
		v = option_value_time(o, val, 's', warn);
		option_timeout_fill(o->to_resolver_retrans, OPT_RTO_MAX,
		    t->idx, v);
		extra = t->idx == TO_ALL ? 2 : 0;
		break;
	case TK_RETRY:
		option_timeout_fill(o->to_resolver_retry, OPT_RTO_MAX, t->idx,
		    option_value_int(val));
		extra = t->idx == TO_ALL ? 2 : 0;
		break;
	}
	if (sticky)
		for (i = 0; i <= extra; i++)
			BIT_SET(o->sticky_to, t->code + i);
	return OPTION_OK;
}

/*
 * option_timeout_list - the old form "Timeout=" / "Or": a comma list of
 * "name=value" or "name:value" items; an item starting with a digit sets
 * the mail, rcpt, datainit, datablock, datafinal and command timeouts;
 * an item with neither ':' nor '=' is ignored silently.
 */
int
option_timeout_list(struct options *o, const char *val, bool sticky,
    struct buf *warn)
{
	static const unsigned char all[] = { 0x02, 0x03, 0x04, 0x05, 0x06,
	    0x07 };
	static const int fields[] = { OPT_TO_MAIL, OPT_TO_RCPT,
	    OPT_TO_DATAINIT, OPT_TO_DATABLOCK, OPT_TO_DATAFINAL,
	    OPT_TO_COMMAND };
	const char *p = val ? val : "";
	int rc = OPTION_OK;
	size_t i;

	for (;;) {
		const char *end, *sep;
		char *item;

		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		item = xstrndup(p, (size_t)(end - p));
		p = *end == ',' ? end + 1 : end;

		if (isdigit((unsigned char)item[0])) {
			long v = option_value_time(o, item, 'm', warn);

			for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
				o->to[fields[i]] = v;
			if (sticky)
				for (i = 0; i < sizeof(all); i++)
					BIT_SET(o->sticky_to, all[i]);
		} else if ((sep = strchr(item, ':')) != NULL ||
		    (sep = strchr(item, '=')) != NULL) {
			item[sep - item] = '\0';
			if (option_timeout_set(o, item, sep + 1, sticky,
			    warn) != OPTION_OK)
				rc = OPTION_ERR;
		}
		free(item);
	}
	return rc;
}

/* Milter sub-options: LogLevel and the macro lists per stage */
static const char *const milter_tab[OPT_MM_MAX + 1] = {
	"macros.connect", "macros.helo", "macros.envfrom", "macros.envrcpt",
	"macros.data", "macros.eom", "macros.eoh", "LogLevel",
};

/* option_timeout_milter_row - row of a Milter sub-option, -1 if none */
int
option_timeout_milter_row(const char *name)
{
	int i;

	for (i = 0; i <= OPT_MM_MAX; i++)
		if (strcasecmp(milter_tab[i], name) == 0)
			return i;
	return -1;
}

/*
 * option_timeout_milter - Milter.<sub>=val.  Macro lists accumulate
 * (sendmail appends every line's names to the stage's list).
 */
int
option_timeout_milter(struct options *o, const char *sub, const char *val,
    bool sticky, struct buf *warn)
{
	int row;

	if (sub == NULL) {
		option_warnf(o, warn, true, "milter_set_option: invalid "
		    "Milter option, must specify suboption");
		return OPTION_ERR;
	}
	row = option_timeout_milter_row(sub);
	if (row < 0) {
		option_warnf(o, warn, true,
		    "milter_set_option: invalid Milter option %s", sub);
		return OPTION_ERR;
	}
	if (!sticky && BIT_ISSET(o->sticky_milter, row))
		return OPTION_OK;
	option_strset(&o->raw_milter[row], val);
	if (row == OPT_MM_MAX)
		o->milter_log_level = option_value_int(val);
	else if (o->milter_macros[row] == NULL || *val == '\0')
		option_strset(&o->milter_macros[row], val);
	else {
		struct buf b = BUF_INIT;

		buf_adds(&b, o->milter_macros[row]);
		buf_adds(&b, ", ");
		buf_adds(&b, val);
		free(o->milter_macros[row]);
		o->milter_macros[row] = buf_steal(&b);
	}
	if (sticky)
		BIT_SET(o->sticky_milter, row);
	return OPTION_OK;
}
