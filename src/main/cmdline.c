/* cmdline.c - sendmail 8.17's command line, parsed as sendmail parses it */
#include "main/cmdline.h"
#include "main/cmdline_getopt.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

/* cmdline_init - an empty command line (extraprivs false) */
void
cmdline_init(struct cmdline *cl)
{
	memset(cl, 0, sizeof(*cl));
	cl->mode = CMDLINE_DELIVER;
	cl->cftype = CMDLINE_CF_RIGHT;
}

/* cmdline_say - record a message for fd (1 or 2) and copy it to err */
static void
cmdline_say(struct cmdline *cl, struct buf *err, int fd, const char *text,
    size_t len)
{
	struct cmdline_msg *m;

	if (len == 0)
		return;
	cl->msgs = xreallocarray(cl->msgs, cl->nmsgs + 1, sizeof(*cl->msgs));
	m = &cl->msgs[cl->nmsgs++];
	m->fd = fd;
	m->text = xmalloc(len + 1);
	memcpy(m->text, text, len);
	m->text[len] = '\0';
	m->len = len;
	if (err != NULL)
		buf_add(err, text, len);
}

/* cmdline_sayf - record a formatted stdout message */
static void
cmdline_sayf(struct cmdline *cl, struct buf *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
cmdline_sayf(struct cmdline *cl, struct buf *err, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	cmdline_say(cl, err, 1, b.data, b.len);
	buf_free(&b);
}

/* cmdline_usage_error - a usrerr that sets EX_USAGE and goes on */
static void
cmdline_usage_error(struct cmdline *cl, struct buf *err, const char *text)
{
	cmdline_sayf(cl, err, "%s\n", text);
	cl->exitstat = EX_USAGE;
}

/* cmdline_warn - a line for the log */
static void
cmdline_warn(struct cmdline *cl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
cmdline_warn(struct cmdline *cl, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	cl->warnings = xreallocarray(cl->warnings, cl->nwarnings + 1,
	    sizeof(*cl->warnings));
	cl->warnings[cl->nwarnings++] = buf_steal(&b);
}

/* cmdline_add_pair - append a name/value pair to an override array */
static void
cmdline_add_pair(struct cf_override **arr, size_t *n, const char *name,
    size_t namelen, const char *value)
{
	*arr = xreallocarray(*arr, *n + 1, sizeof(**arr));
	(*arr)[*n].name = xstrndup(name, namelen);
	(*arr)[*n].value = xstrdup(value);
	(*n)++;
}

/* cmdline_option - an option set from the command line (-O: longname) */
static void
cmdline_option(struct cmdline *cl, const char *name, size_t namelen,
    const char *value, bool longname)
{
	cl->options_long = xreallocarray(cl->options_long, cl->noptions + 1,
	    sizeof(*cl->options_long));
	cl->options_long[cl->noptions] = longname;
	cmdline_add_pair(&cl->options, &cl->noptions, name, namelen, value);
}

/* cmdline_macro - a macro defined from the command line */
static void
cmdline_macro(struct cmdline *cl, const char *name, const char *value)
{
	cmdline_add_pair(&cl->macros, &cl->nmacros, name, strlen(name), value);
}

/* cmdline_macro_def - "xvalue" or "{name}value", as -M and -oM give it */
static void
cmdline_macro_def(struct cmdline *cl, const char *def)
{
	const char *end;

	/*
	 * Malformed names ("", "{abc", "{}x") go through as they are: the
	 * macro table says sendmail's "Name required for macro/class" etc.
	 */
	if (def[0] == '{' && (end = strchr(def, '}')) != NULL) {
		cmdline_add_pair(&cl->macros, &cl->nmacros, def + 1,
		    (size_t)(end - def - 1), end + 1);
		return;
	}
	if (def[0] == '\0' || def[0] == '{') {
		cmdline_add_pair(&cl->macros, &cl->nmacros, def, strlen(def), "");
		return;
	}
	cmdline_add_pair(&cl->macros, &cl->nmacros, def, 1, def + 1);
}

/* cmdline_set - replace an owned string */
static void
cmdline_set(char **slot, const char *value)
{
	free(*slot);
	*slot = value != NULL ? xstrdup(value) : NULL;
}

/* cmdline_denl - sendmail's strict denlstring: newlines become spaces, logged */
static char *
cmdline_denl(struct cmdline *cl, const char *s)
{
	char *copy = xstrdup(s), *p;

	if (strchr(copy, '\n') == NULL)
		return copy;
	for (p = copy; (p = strchr(p, '\n')) != NULL; p++)
		*p = ' ';
	cmdline_warn(cl, "POSSIBLE ATTACK from [UNKNOWN]: newline in string \"%.203s\"",
	    copy);
	return copy;
}

/* cmdline_clean - sendmail's cleanstrcpy: keep only atext-safe characters */
static char *
cmdline_clean(const char *s, size_t len)
{
	static const char ok[] = "!#$%&'*+-./^_`{|}~";
	char *out = xmalloc(len + 1), *o = out;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || (c != '\0' && strchr(ok, c) != NULL))
			*o++ = (char)c;
	}
	*o = '\0';
	return out;
}

/* cmdline_label - -L: at most CMDLINE_LABEL_MAX bytes, unprintables and '%' made '*' */
static char *
cmdline_label(const char *s)
{
	size_t len = strnlen(s, CMDLINE_LABEL_MAX), i;
	char *out = xstrndup(s, len);

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)out[i];

		if (c < 0x20 || c > 0x7e || c == '%')
			out[i] = '*';
	}
	return out;
}

/* cmdline_isxdigit - an ASCII hex digit */
static bool
cmdline_isxdigit(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* cmdline_xtextok - sendmail's xtextok: RFC 3461 xtext */
static bool
cmdline_xtextok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p == '+') {
			if (!cmdline_isxdigit(p[1]) || !cmdline_isxdigit(p[2]))
				return false;
			p += 2;
		} else if (*p < '!' || *p > '~' || *p == '=') {
			return false;
		}
	}
	return true;
}

/* cmdline_convtime - sendmail's convtime, saturating */
long
cmdline_convtime(const char *p, int default_unit, struct buf *bad)
{
	bool neg = false;
	long total = 0;

	if (strcasecmp(p, "now") == 0)
		return CMDLINE_NOW;
	if (*p == '-') {
		neg = true;
		p++;
	}
	while (*p != '\0') {
		long t = 0, mult;
		int c;

		while (*p >= '0' && *p <= '9') {
			int d = *p++ - '0';

			t = t > (LONG_MAX - d) / 10 ? LONG_MAX : t * 10 + d;
		}
		if (*p == '\0') {
			c = default_unit;
		} else {
			c = (unsigned char)*p++;
			if (strchr("wdhms", c) == NULL) {
				if (bad != NULL)
					buf_addf(bad, "Invalid time unit `%c'\n", c);
				c = default_unit;
			}
		}
		switch (c) {
		case 'w':
			mult = 7L * 24 * 60 * 60;
			break;
		case 'd':
			mult = 24L * 60 * 60;
			break;
		case 'h':
			mult = 60L * 60;
			break;
		case 'm':
			mult = 60;
			break;
		case 's':
			mult = 1;
			break;
		default:	/* an unknown default_unit: days, as sendmail */
			mult = 24L * 60 * 60;
			break;
		}
		t = t > LONG_MAX / mult ? LONG_MAX : t * mult;
		total = total > LONG_MAX - t ? LONG_MAX : total + t;
	}
	return neg ? -total : total;
}

/* cmdline_bodytype - classify a -B value, as sendmail's check_bodytype */
int
cmdline_bodytype(const char *s)
{
	if (s == NULL)
		return CMDLINE_BODY_NONE;
	if (strcasecmp(s, "7bit") == 0)
		return CMDLINE_BODY_7BIT;
	if (strcasecmp(s, "8bitmime") == 0)
		return CMDLINE_BODY_8BITMIME;
	return CMDLINE_BODY_ILLEGAL;
}

/* cmdline_mode_desc - "-bd (daemon)"-style text for a mode */
const char *
cmdline_mode_desc(int mode)
{
	switch (mode) {
	case CMDLINE_DELIVER:
		return "-bm (deliver mail)";
	case CMDLINE_SMTP:
		return "-bs (SMTP on standard input)";
	case CMDLINE_ARPAFTP:
		return "-ba (ARPANET mode)";
	case CMDLINE_DAEMON:
		return "-bd (daemon)";
	case CMDLINE_FGDAEMON:
		return "-bD (daemon in the foreground)";
	case CMDLINE_PRINT:
		return "-bp (print the queue)";
	case CMDLINE_PRINTNQE:
		return "-bP (print the number of queue entries)";
	case CMDLINE_INITALIAS:
		return "-bi (rebuild the aliases)";
	case CMDLINE_TEST:
		return "-bt (address test)";
	case CMDLINE_VERIFY:
		return "-bv (verify addresses)";
	case CMDLINE_HOSTSTAT:
		return "-bh (host status)";
	case CMDLINE_PURGESTAT:
		return "-bH (purge host status)";
	case CMDLINE_CHECKCONFIG:
		return "-bC (check the configuration)";
	case CMDLINE_PRINTOPTS:
		return "-bO (list options)";
	case CMDLINE_QUEUERUN:
		return "-q (queue run)";
	}
	return "unknown mode";
}

/* cmdline_cf_path - the .cf file to read */
const char *
cmdline_cf_path(const struct cmdline *cl, const char *etc_dir,
    bool (*exists)(const char *))
{
	static struct buf path = BUF_INIT;
	bool submit;

	if (cl->conffile != NULL)
		return cl->conffile;
	if (etc_dir == NULL)
		etc_dir = TERN_ETC_DIR;
	buf_set(&path, etc_dir);
	buf_adds(&path, "/submit.cf");
	switch (cl->cftype) {
	case CMDLINE_CF_SUBMIT:
		submit = true;
		break;
	case CMDLINE_CF_SENDMAIL:
		submit = false;
		break;
	default:
		submit = (cl->mode == CMDLINE_DELIVER ||
		    cl->mode == CMDLINE_SMTP || cl->mode == CMDLINE_ARPAFTP) &&
		    (exists == NULL || exists(buf_str(&path)));
		break;
	}
	if (!submit) {
		buf_set(&path, etc_dir);
		buf_adds(&path, "/sendmail.cf");
	}
	return buf_str(&path);
}

/* cmdline_progmode - the mode a program name implies */
static int
cmdline_progmode(const char *name)
{
	static const struct {
		const char *name;
		int mode;
	} names[] = {
		{ "newaliases", CMDLINE_INITALIAS },
		{ "mailq", CMDLINE_PRINT },
		{ "smtpd", CMDLINE_DAEMON },
		{ "hoststat", CMDLINE_HOSTSTAT },
		{ "purgestat", CMDLINE_PURGESTAT },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i].name) == 0)
			return names[i].mode;
	return CMDLINE_DELIVER;
}

/* cmdline_copy_argv - own a copy of argv, stopping at argc or a NULL */
static void
cmdline_copy_argv(struct cmdline *cl, int argc, char **argv)
{
	const char *slash;
	int n = 0, i;

	if (argv != NULL)
		while (n < argc && argv[n] != NULL)
			n++;
	cl->av = xcalloc((size_t)(n > 0 ? n : 1) + 1, sizeof(*cl->av));
	if (n == 0) {
		cl->av[0] = xstrdup("sendmail");
		n = 1;
	} else {
		for (i = 0; i < n; i++)
			cl->av[i] = xstrdup(argv[i]);
	}
	cl->ac = n;
	slash = strrchr(cl->av[0], '/');
	cl->progname = xstrdup(slash != NULL ? slash + 1 : cl->av[0]);
}

/* cmdline_obsolete - sendmail's pre-pass over forms getopt cannot take */
static int
cmdline_obsolete(struct cmdline *cl, struct buf *err)
{
	char **av = cl->av;
	int i;

	for (i = 1; i < cl->ac; i++) {
		const char *ap = av[i], *op;
		const char *next = i + 1 < cl->ac ? av[i + 1] : NULL;
		const char *repl = NULL;

		if (ap[0] != '-' || ap[1] == '-')
			return 0;	/* an operand, "--" or "--word" */
		if (ap[1] == '\0')
			continue;	/* "-": sendmail looks on past it */
		if (ap[1] == 'Q' && (ap[2] == '.' ||
		    (next != NULL && strcmp(next, ".") == 0))) {
			cmdline_sayf(cl, err, "Can not use -Q.\n");
			return EX_USAGE;
		}
		/* skip the separate value of an option that takes one */
		op = strchr(CMDLINE_OPTIONS, ap[1]);
		if (op != NULL && op[1] == ':' && ap[2] == '\0' &&
		    ap[1] != 'd' && next != NULL && next[0] != '-') {
			i++;
			continue;
		}
		if (ap[2] != '\0')
			continue;
		switch (ap[1]) {
		case 'C':
			repl = "-Csendmail.cf";	/* relative, as sendmail */
			break;
		case 'q':
			repl = "-q0";		/* a single queue run */
			break;
		case 'Q':
			repl = "-Q.";		/* unquarantine */
			break;
		case 'd':
			repl = "-d0-99.1";
			break;
		}
		if (repl != NULL) {
			free(av[i]);
			av[i] = xstrdup(repl);
		}
	}
	return 0;
}

/* cmdline_valid_mode - is c a -b letter sendmail 8.17 accepts? */
static bool
cmdline_valid_mode(int c)
{
	return c != '\0' && strchr("dDsimvtpPhHaC", c) != NULL;
}

/* cmdline_pass1 - the quiet first pass: mode, -d, -D, -G, -L, -q/-Q seen */
static int
cmdline_pass1(struct cmdline *cl, struct buf *err)
{
	struct cmdline_getopt g;
	int c;

	cmdline_getopt_init(&g, false);
	while ((c = cmdline_getopt_next(&g, cl->ac, cl->av, CMDLINE_OPTIONS,
	    NULL)) != -1) {
		switch (c) {
		case 'b':
			c = g.arg == NULL ? ' ' : (unsigned char)g.arg[0];
			if (cmdline_valid_mode(c)) {
				cl->mode = c;
			} else if (c == 'O') {
				cl->mode = CMDLINE_PRINTOPTS;
				return 0;	/* sendmail lists them at once */
			} else if (c == 'z') {
				cmdline_sayf(cl, err,
				    "Frozen configurations unsupported\n");
				return EX_USAGE;
			} else {
				struct buf b = BUF_INIT;

				/* %c of a NUL prints a NUL, as sendmail */
				buf_adds(&b, "Invalid operation mode ");
				buf_addc(&b, c);
				buf_addc(&b, '\n');
				cmdline_say(cl, err, 1, b.data, b.len);
				buf_free(&b);
				return EX_USAGE;
			}
			break;
		case 'D':
			if (cl->ndspecs > 0) {
				cmdline_usage_error(cl, err,
				    "-D file must be before -d");
				break;
			}
			if (g.arg != NULL)
				cmdline_set(&cl->debug_file, g.arg);
			break;
		case 'd':
			if (g.arg == NULL)
				break;
			cl->dspecs = xreallocarray(cl->dspecs, cl->ndspecs + 1,
			    sizeof(*cl->dspecs));
			cl->dspecs[cl->ndspecs++] = xstrdup(g.arg);
			break;
		case 'G':
			cl->submit_mta = true;
			break;
		case 'L':
			if (g.arg == NULL) {
				/* sic: no newline, quoted letter */
				cmdline_sayf(cl, err,
				    "option requires an argument -- 'L'");
				return EX_USAGE;
			}
			free(cl->label);
			cl->label = cmdline_label(g.arg);
			break;
		case 'Q':
		case 'q':
			cl->queuerun = true;
			break;
		}
	}
	if (cl->extraprivs && cl->queuerun && cl->ndspecs > 0) {
		size_t i;

		cmdline_sayf(cl, err,
		    "WARNING: Can not use -d with -q.  Disabling debugging.\n");
		for (i = 0; i < cl->ndspecs; i++)
			free(cl->dspecs[i]);
		cl->ndspecs = 0;
		cmdline_set(&cl->debug_file, NULL);
	}
	return 0;
}

/* cmdline_submit_ok - sendmail's CHECK_AGAINST_OPMODE for submission-only flags */
static bool
cmdline_submit_ok(struct cmdline *cl, struct buf *err, int c)
{
	if (!cl->extraprivs)
		return true;
	switch (cl->mode) {
	case CMDLINE_DELIVER:
	case CMDLINE_SMTP:
	case CMDLINE_ARPAFTP:
	case CMDLINE_CHECKCONFIG:
	case CMDLINE_VERIFY:
	case CMDLINE_TEST:
		break;
	default:
		cmdline_sayf(cl, err, "WARNING: Ignoring submission mode -%c "
		    "option (not in submission mode)\n", c);
		return false;
	}
	if (cl->queuerun) {
		cmdline_sayf(cl, err,
		    "WARNING: Ignoring submission mode -%c option with -q\n", c);
		return false;
	}
	return true;
}

/* cmdline_hopcount - -h: strtol, kept as sendmail's short */
static void
cmdline_hopcount(struct cmdline *cl, struct buf *err, const char *arg)
{
	char *ep, num[16];
	unsigned long u;
	long v;

	errno = 0;
	v = strtol(arg, &ep, 10);
	u = (unsigned long)v & 0xffffUL;
	cl->hopcount = u >= 0x8000UL ? (int)u - 0x10000 : (int)u;
	cl->hop_set = true;
	snprintf(num, sizeof(num), "%d", cl->hopcount);
	cmdline_macro(cl, "c", num);
	if (*ep != '\0') {
		cmdline_sayf(cl, err, "Bad hop count (%s)\n", arg);
		cl->exitstat = EX_USAGE;
	}
}

/* cmdline_notify - -N never | success,failure,delay */
static void
cmdline_notify(struct cmdline *cl, struct buf *err, const char *arg)
{
	const char *p = arg;

	cl->notify |= CMDLINE_NOTIFY_SET;
	cmdline_set(&cl->dsn_notify, arg);
	cmdline_macro(cl, "dsn_notify", arg);
	if (strcasecmp(arg, "never") == 0)
		return;
	for (;;) {
		size_t len = strcspn(p, ",");

		if (len == 7 && strncasecmp(p, "success", len) == 0)
			cl->notify |= CMDLINE_NOTIFY_SUCCESS;
		else if (len == 7 && strncasecmp(p, "failure", len) == 0)
			cl->notify |= CMDLINE_NOTIFY_FAILURE;
		else if (len == 5 && strncasecmp(p, "delay", len) == 0)
			cl->notify |= CMDLINE_NOTIFY_DELAY;
		else
			cmdline_usage_error(cl, err, "Invalid -N argument");
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
}

/* cmdline_protocol - -p proto[:host]: $r and $s, cleaned */
static void
cmdline_protocol(struct cmdline *cl, const char *arg)
{
	const char *colon = strchr(arg, ':');
	size_t plen = colon != NULL ? (size_t)(colon - arg) : strlen(arg);

	if (colon != NULL && colon[1] != '\0') {
		free(cl->proto_host);
		cl->proto_host = cmdline_clean(colon + 1, strlen(colon + 1));
		cmdline_macro(cl, "s", cl->proto_host);
	}
	if (plen > 0) {
		free(cl->proto);
		cl->proto = cmdline_clean(arg, plen);
		cmdline_macro(cl, "r", cl->proto);
	}
}

/* cmdline_add_qlimit - a -qI/-qR/-qS/-qQ limit */
static void
cmdline_add_qlimit(struct cmdline *cl, char kind, bool negate,
    const char *match)
{
	struct cmdline_qlimit *q;

	cl->qlimits = xreallocarray(cl->qlimits, cl->nqlimits + 1,
	    sizeof(*cl->qlimits));
	q = &cl->qlimits[cl->nqlimits++];
	q->kind = kind;
	q->negate = negate;
	q->match = xstrdup(match);
}

/* cmdline_queue - one -q value */
static void
cmdline_queue(struct cmdline *cl, struct buf *err, const char *arg)
{
	bool negate;
	struct buf bad = BUF_INIT;

	switch (cl->mode) {
	case CMDLINE_DELIVER:
	case CMDLINE_DAEMON:
	case CMDLINE_FGDAEMON:
	case CMDLINE_PRINT:
	case CMDLINE_PRINTNQE:
	case CMDLINE_QUEUERUN:
		break;
	default:
		cmdline_sayf(cl, err, "Can not use -q with -b%c\n", cl->mode);
		cl->exitstat = EX_USAGE;
		return;
	}
	if (cl->mode == CMDLINE_DELIVER)	/* -bd, -bD, -bp keep theirs */
		cl->mode = CMDLINE_QUEUERUN;
	cmdline_set(&cl->fullname, NULL);
	negate = arg[0] == '!';
	if (negate)
		arg++;
	switch (arg[0]) {
	case 'G':
		if (negate) {
			cmdline_usage_error(cl, err, "Can not use -q!G");
			return;
		}
		if (cl->queue_group != NULL) {
			cmdline_usage_error(cl, err,
			    "Can not use multiple -qG options");
			return;
		}
		cl->queue_group = xstrdup(arg + 1);
		return;
	case 'I':
	case 'R':
	case 'S':
		cmdline_add_qlimit(cl, arg[0], negate, arg + 1);
		return;
	case 'f':
		cl->queue_foreground = true;
		return;
	case 'Q':
		if (arg[1] != '\0')
			cmdline_add_qlimit(cl, 'Q', negate, arg + 1);
		cl->queue_mode = 'Q';
		return;
	case 'L':
		cl->queue_mode = 'L';
		return;
	case 'p':
		cl->queue_persistent = true;
		if (cl->queue_interval == 0)
			cl->queue_interval = 1;
		if (arg[1] == '\0')
			return;
		arg++;
		break;
	}
	cl->queue_interval = cmdline_convtime(arg, 'm', &bad);
	if (bad.len > 0) {
		cmdline_say(cl, err, 1, bad.data, bad.len);
		cl->exitstat = EX_USAGE;
	}
	buf_free(&bad);
	if (cl->queue_interval < 0)
		cmdline_usage_error(cl, err, "Invalid -q value");
}

/* cmdline_long_option - -O Name=value, split as sendmail's setoption */
static void
cmdline_long_option(struct cmdline *cl, const char *arg)
{
	const char *eq = strchr(arg, '='), *end, *val;

	end = eq != NULL ? eq : arg + strlen(arg);
	while (end > arg && end[-1] == ' ')
		end--;
	val = eq != NULL ? eq + 1 : arg + strlen(arg);
	while (*val == ' ')
		val++;
	/* leading blanks stay in the name: sendmail does not skip them */
	cmdline_option(cl, arg, (size_t)(end - arg), val, true);
}

/* cmdline_pass2 - the full second pass */
static int
cmdline_pass2(struct cmdline *cl, struct buf *err)
{
	struct cmdline_getopt g;
	struct buf gmsg = BUF_INIT;
	const char *arg;
	char letter[2] = { 0, 0 };
	int c;

	cmdline_getopt_init(&g, true);
	while ((c = cmdline_getopt_next(&g, cl->ac, cl->av, CMDLINE_OPTIONS,
	    &gmsg)) != -1) {
		arg = g.arg;
		switch (c) {
		case '?':
			cmdline_say(cl, err, 2, gmsg.data, gmsg.len);
			buf_free(&gmsg);
			return EX_USAGE;
		case 'b':
		case 'D':
		case 'd':
		case 'L':
			break;		/* done in the first pass */
		case 'A':
			cl->cftype = arg[0] == 'c' ? CMDLINE_CF_SUBMIT :
			    CMDLINE_CF_SENDMAIL;
			break;
		case 'B':
			if (cmdline_submit_ok(cl, err, c))
				cmdline_set(&cl->bodytype, arg);
			break;
		case 'C':
			cmdline_set(&cl->conffile, arg);
			break;
		case 'f':
		case 'r':
			if (!cmdline_submit_ok(cl, err, c))
				break;
			if (cl->from != NULL) {
				cmdline_usage_error(cl, err,
				    "More than one \"from\" person");
				break;
			}
			cl->from = arg[0] == '\0' ? xstrdup("<>") :
			    cmdline_denl(cl, arg);
			cl->from_flag = (char)c;
			cl->from_null = strcmp(cl->from, "<>") == 0;
			break;
		case 'F':
			if (!cmdline_submit_ok(cl, err, c))
				break;
			free(cl->fullname);
			cl->fullname = cmdline_denl(cl, arg);
			break;
		case 'G':
			(void)cmdline_submit_ok(cl, err, c);	/* set in pass 1 */
			break;
		case 'h':
			if (cmdline_submit_ok(cl, err, c))
				cmdline_hopcount(cl, err, arg);
			break;
		case 'n':
			if (cmdline_submit_ok(cl, err, c))
				cl->no_alias = true;
			break;
		case 'N':
			if (cmdline_submit_ok(cl, err, c))
				cmdline_notify(cl, err, arg);
			break;
		case 'o':
			if (arg[0] == 'M')
				cmdline_macro_def(cl, arg + 1);
			else
				cmdline_option(cl, arg, arg[0] != '\0' ? 1 : 0,
				    arg[0] != '\0' ? arg + 1 : "", false);
			break;
		case 'O':
			cmdline_long_option(cl, arg);
			break;
		case 'p':
			if (cmdline_submit_ok(cl, err, c))
				cmdline_protocol(cl, arg);
			break;
		case 'Q':
			if (cl->mode != CMDLINE_DELIVER &&
			    cl->mode != CMDLINE_QUEUERUN) {
				cmdline_sayf(cl, err, "Can not use -Q with -b%c\n",
				    cl->mode);
				cl->exitstat = EX_USAGE;
				break;
			}
			cl->mode = CMDLINE_QUEUERUN;
			cmdline_set(&cl->fullname, NULL);
			cmdline_set(&cl->quarantine, arg);
			break;
		case 'q':
			cmdline_queue(cl, err, arg);
			break;
		case 'R':
			if (!cmdline_submit_ok(cl, err, c))
				break;
			if (cl->dsn_ret != NULL) {
				cmdline_usage_error(cl, err, "Duplicate -R flag");
				break;
			}
			cl->dsn_ret = xstrdup(arg);
			if (strcasecmp(arg, "hdrs") == 0)
				cl->ret_hdrs = true;
			else if (strcasecmp(arg, "full") != 0)
				cmdline_usage_error(cl, err, "Invalid -R value");
			cmdline_macro(cl, "dsn_ret", arg);
			break;
		case 't':
			if (cmdline_submit_ok(cl, err, c))
				cl->grab_to = true;
			break;
		case 'V':
			if (!cmdline_submit_ok(cl, err, c))
				break;
			if (!cmdline_xtextok(arg)) {
				cmdline_usage_error(cl, err,
				    "Invalid syntax in -V flag");
				break;
			}
			cmdline_set(&cl->envid, arg);
			cmdline_macro(cl, "dsn_envid", arg);
			break;
		case 'X':
			cmdline_set(&cl->traffic_file, arg);
			break;
		case 'c':	/* HoldExpensive */
		case 'i':	/* IgnoreDots */
		case 'm':	/* MeToo */
		case 'v':	/* Verbose */
			letter[0] = (char)c;
			if (c == 'i')
				cl->ignore_dots = true;
			if (c == 'v')
				cl->verbose = true;
			cmdline_option(cl, letter, 1, "T", false);
			break;
		case 's':	/* SaveFromLine */
			cmdline_option(cl, "f", 1, "T", false);
			break;
		case 'e':	/* ErrorMode */
			cmdline_option(cl, "e", 1, arg, false);
			break;
		case 'M':
			cmdline_macro_def(cl, arg);
			break;
		case 'T':
			/* sendmail sets Timeout to "T": two "Invalid time
			 * unit" lines and exit 64 after delivering */
			cmdline_warn(cl, "obsolete flag -T ignored");
			break;
		case 'U':
			cmdline_warn(cl, "obsolete flag -U (initial submission) "
			    "ignored");
			break;
		case 'I':
			cmdline_warn(cl, "obsolete flag -I taken as -bi");
			cl->mode = CMDLINE_INITALIAS;
			break;
		default:	/* a letter in CMDLINE_OPTIONS with no case */
			buf_free(&gmsg);
			return EX_USAGE;
		}
	}
	buf_free(&gmsg);
	if (g.ind < cl->ac) {
		cl->rcpts = cl->av + g.ind;
		cl->nrcpts = cl->ac - g.ind;
	} else {
		cl->rcpts = cl->av + cl->ac;	/* the NULL at the end */
		cl->nrcpts = 0;
	}
	return 0;
}

/* cmdline_parse - parse argv as sendmail 8.17 does */
int
cmdline_parse(int argc, char **argv, struct cmdline *cl, struct buf *err)
{
	bool extraprivs = cl->extraprivs;
	int rc;

	cmdline_free(cl);
	cl->extraprivs = extraprivs;
	cmdline_copy_argv(cl, argc, argv);
	cl->mode = cmdline_progmode(cl->progname);
	cl->rcpts = cl->av + cl->ac;
	if ((rc = cmdline_obsolete(cl, err)) != 0 ||
	    (rc = cmdline_pass1(cl, err)) != 0 ||
	    cl->mode == CMDLINE_PRINTOPTS) {
		cl->nmsgs_pass1 = cl->nmsgs;
		return rc;
	}
	cl->pass2 = true;
	cl->nmsgs_pass1 = cl->nmsgs;
	if ((rc = cmdline_pass2(cl, err)) != 0)
		return rc;
	if (cl->quarantine != NULL && cl->queue_mode == 'L') {
		cmdline_sayf(cl, err, "Can not use -Q with -q%c\n", cl->queue_mode);
		return EX_USAGE;
	}
	if (cl->exitstat != 0 && cl->mode != CMDLINE_TEST &&
	    cl->mode != CMDLINE_CHECKCONFIG)
		return cl->exitstat;
	return 0;
}

/* cmdline_free_pairs - release an override array */
static void
cmdline_free_pairs(struct cf_override *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free((char *)p[i].name);
		free((char *)p[i].value);
	}
	free(p);
}

/* cmdline_free - release everything cl owns; cl is left as by cmdline_init */
void
cmdline_free(struct cmdline *cl)
{
	size_t i;

	if (cl->av != NULL)
		for (i = 0; i < (size_t)cl->ac; i++)
			free(cl->av[i]);
	free(cl->av);
	free(cl->progname);
	free(cl->conffile);
	cmdline_free_pairs(cl->options, cl->noptions);
	free(cl->options_long);
	cmdline_free_pairs(cl->macros, cl->nmacros);
	free(cl->from);
	free(cl->fullname);
	free(cl->bodytype);
	free(cl->proto);
	free(cl->proto_host);
	free(cl->dsn_notify);
	free(cl->dsn_ret);
	free(cl->envid);
	free(cl->label);
	free(cl->traffic_file);
	if (cl->traffic != NULL)
		fclose(cl->traffic);
	free(cl->debug_file);
	for (i = 0; i < cl->ndspecs; i++)
		free(cl->dspecs[i]);
	free(cl->dspecs);
	free(cl->queue_group);
	for (i = 0; i < cl->nqlimits; i++)
		free(cl->qlimits[i].match);
	free(cl->qlimits);
	free(cl->quarantine);
	for (i = 0; i < cl->nmsgs; i++)
		free(cl->msgs[i].text);
	free(cl->msgs);
	for (i = 0; i < cl->nwarnings; i++)
		free(cl->warnings[i]);
	free(cl->warnings);
	cmdline_init(cl);
}
