/*
 * test_cmdline.c - the command line, checked against sendmail 8.17.1.9.
 *
 * Every expected text, mode and exit status below was observed with the
 * real binary (Debian 8.17.1.9, in tests/world), mostly through -bt
 * (macros shown with "$x" lines), -bv and -d0.10.
 */
#include "t.h"
#include "main/cmdline.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#define MAXARGS 24

struct mode_case {
	const char *args[MAXARGS];	/* argv, NULL-terminated */
	int rc;				/* cmdline_parse's return */
	int mode;			/* cl.mode afterwards */
	int exitstat;			/* cl.exitstat afterwards */
	const char *err;		/* all messages, as sendmail prints them */
};

static const struct mode_case mode_cases[] = {
	/* the program's name */
	{ { "sendmail" }, 0, 'm', 0, "" },
	{ { "/usr/sbin/sendmail" }, 0, 'm', 0, "" },
	{ { "mailq" }, 0, 'p', 0, "" },
	{ { "/usr/bin/mailq" }, 0, 'p', 0, "" },
	{ { "newaliases" }, 0, 'i', 0, "" },
	{ { "/usr/bin/newaliases" }, 0, 'i', 0, "" },
	{ { "smtpd" }, 0, 'd', 0, "" },
	{ { "hoststat" }, 0, 'h', 0, "" },
	{ { "purgestat" }, 0, 'H', 0, "" },
	{ { "mailq.sendmail" }, 0, 'm', 0, "" },
	{ { "" }, 0, 'm', 0, "" },
	{ { "/" }, 0, 'm', 0, "" },
	{ { "mailq", "-bt" }, 0, 't', 0, "" },
	{ { "newaliases", "-bp" }, 0, 'p', 0, "" },

	/* -b */
	{ { "sendmail", "-bm" }, 0, 'm', 0, "" },
	{ { "sendmail", "-bs" }, 0, 's', 0, "" },
	{ { "sendmail", "-ba" }, 0, 'a', 0, "" },
	{ { "sendmail", "-bd" }, 0, 'd', 0, "" },
	{ { "sendmail", "-bD" }, 0, 'D', 0, "" },
	{ { "sendmail", "-bp" }, 0, 'p', 0, "" },
	{ { "sendmail", "-bP" }, 0, 'P', 0, "" },
	{ { "sendmail", "-bi" }, 0, 'i', 0, "" },
	{ { "sendmail", "-bt" }, 0, 't', 0, "" },
	{ { "sendmail", "-bv" }, 0, 'v', 0, "" },
	{ { "sendmail", "-bh" }, 0, 'h', 0, "" },
	{ { "sendmail", "-bH" }, 0, 'H', 0, "" },
	{ { "sendmail", "-bC" }, 0, 'C', 0, "" },
	{ { "sendmail", "-bO" }, 0, 'O', 0, "" },
	{ { "sendmail", "-bO", "-Z" }, 0, 'O', 0, "" },	/* listed at once */
	{ { "sendmail", "-bt", "-bO" }, 0, 'O', 0, "" },
	{ { "sendmail", "-btZ" }, 0, 't', 0, "" },		/* first letter */
	{ { "sendmail", "-bt", "-bv" }, 0, 'v', 0, "" },	/* last wins */
	{ { "sendmail", "-vbt" }, 0, 't', 0, "" },
	{ { "sendmail", "-bz" }, EX_USAGE, 'm', 0,
	    "Frozen configurations unsupported\n" },
	{ { "sendmail", "-bx" }, EX_USAGE, 'm', 0, "Invalid operation mode x\n" },
	{ { "sendmail", "-bl" }, EX_USAGE, 'm', 0, "Invalid operation mode l\n" },
	{ { "sendmail", "-bt", "-bZ" }, EX_USAGE, 't', 0,
	    "Invalid operation mode Z\n" },
	/* a -b with no value at the end sees the previous value (stale) */
	{ { "sendmail", "-b" }, EX_USAGE, 'm', 0, "Invalid operation mode  \n" },
	{ { "sendmail", "-C", "/tmp/w/x.cf", "-b" }, EX_USAGE, 'm', 0,
	    "Invalid operation mode /\n" },

	/* unknown letters, missing values */
	{ { "sendmail", "-Z" }, EX_USAGE, 'm', 0,
	    "sendmail: illegal option -- Z\n" },
	{ { "/usr/lib/sendmail", "-Z" }, EX_USAGE, 'm', 0,
	    "/usr/lib/sendmail: illegal option -- Z\n" },
	{ { "sendmail", "-bt", "-x" }, EX_USAGE, 't', 0,
	    "sendmail: illegal option -- x\n" },
	{ { "sendmail", "-bt", "-:" }, EX_USAGE, 't', 0,
	    "sendmail: illegal option -- :\n" },
	{ { "sendmail", "-C/tmp/w/x.cf", "-vZbt" }, EX_USAGE, 'm', 0,
	    "sendmail: illegal option -- Z\n" },
	/* quiet first pass: -Z swallows the next word, so -bz is not seen */
	{ { "sendmail", "-Z", "-bz" }, EX_USAGE, 'm', 0,
	    "sendmail: illegal option -- Z\n" },
	{ { "sendmail", "-bz", "-Z" }, EX_USAGE, 'm', 0,
	    "Frozen configurations unsupported\n" },
	{ { "sendmail", "-bt", "-f" }, EX_USAGE, 't', 0,
	    "sendmail: option requires an argument -- f\n" },
	{ { "sendmail", "-L" }, EX_USAGE, 'm', 0,
	    "option requires an argument -- 'L'" },
	{ { "sendmail", "-bt", "-L" }, EX_USAGE, 't', 0,
	    "sendmail: option requires an argument -- L\n" },

	/* historic sendmail forms that stop: -Q. */
	{ { "sendmail", "-Q." }, EX_USAGE, 'm', 0, "Can not use -Q.\n" },
	{ { "sendmail", "-Q", "." }, EX_USAGE, 'm', 0, "Can not use -Q.\n" },
	{ { "sendmail", "-Q.x" }, EX_USAGE, 'm', 0, "Can not use -Q.\n" },

	/* -q and -Q */
	{ { "sendmail", "-q" }, 0, 'q', 0, "" },
	{ { "sendmail", "-q1h" }, 0, 'q', 0, "" },
	{ { "sendmail", "-bd", "-q15m" }, 0, 'd', 0, "" },
	{ { "sendmail", "-bD", "-q15m" }, 0, 'D', 0, "" },
	{ { "mailq", "-q" }, 0, 'p', 0, "" },
	{ { "mailq", "-qRfoo" }, 0, 'p', 0, "" },
	{ { "sendmail", "-bP", "-q" }, 0, 'P', 0, "" },
	{ { "sendmail", "-Q" }, 0, 'q', 0, "" },
	{ { "sendmail", "-Qwhy" }, 0, 'q', 0, "" },
	{ { "sendmail", "-q", "-Qwhy" }, 0, 'q', 0, "" },
	{ { "sendmail", "-bv", "-q", "root" }, EX_USAGE, 'v', EX_USAGE,
	    "Can not use -q with -bv\n" },
	{ { "sendmail", "-bv", "-Q", "root" }, EX_USAGE, 'v', EX_USAGE,
	    "Can not use -Q with -bv\n" },
	{ { "sendmail", "-bt", "-q1h" }, 0, 't', EX_USAGE,
	    "Can not use -q with -bt\n" },
	{ { "sendmail", "-q", "-bt" }, 0, 't', EX_USAGE,
	    "Can not use -q with -bt\n" },
	{ { "newaliases", "-q" }, EX_USAGE, 'i', EX_USAGE,
	    "Can not use -q with -bi\n" },
	{ { "hoststat", "-q" }, EX_USAGE, 'h', EX_USAGE,
	    "Can not use -q with -bh\n" },
	{ { "mailq", "-q!Gx" }, EX_USAGE, 'p', EX_USAGE, "Can not use -q!G\n" },
	{ { "mailq", "-qGa", "-qGb" }, EX_USAGE, 'p', EX_USAGE,
	    "Can not use multiple -qG options\n" },
	{ { "mailq", "-qx" }, EX_USAGE, 'p', EX_USAGE,
	    "Invalid time unit `x'\n" },
	{ { "mailq", "-q1x" }, EX_USAGE, 'p', EX_USAGE,
	    "Invalid time unit `x'\n" },
	{ { "sendmail", "-q1x2y" }, EX_USAGE, 'q', EX_USAGE,
	    "Invalid time unit `x'\nInvalid time unit `y'\n" },
	{ { "mailq", "-q-5" }, EX_USAGE, 'p', EX_USAGE, "Invalid -q value\n" },
	{ { "mailq", "-qnow" }, EX_USAGE, 'p', EX_USAGE, "Invalid -q value\n" },
	{ { "mailq", "-q99999999999999999999" }, 0, 'p', 0, "" },
	{ { "mailq", "-q!" }, 0, 'p', 0, "" },
	{ { "sendmail", "-Qx", "-qL" }, EX_USAGE, 'q', 0,
	    "Can not use -Q with -qL\n" },

	/* -f / -r */
	{ { "sendmail", "-f", "a", "-f", "b", "root" }, EX_USAGE, 'm', EX_USAGE,
	    "More than one \"from\" person\n" },
	{ { "sendmail", "-fa", "-rb", "root" }, EX_USAGE, 'm', EX_USAGE,
	    "More than one \"from\" person\n" },
	{ { "sendmail", "-bt", "-f", "a", "-f", "b" }, 0, 't', EX_USAGE,
	    "More than one \"from\" person\n" },
	{ { "sendmail", "-bC", "-f", "a", "-f", "b" }, 0, 'C', EX_USAGE,
	    "More than one \"from\" person\n" },

	/* -h -N -R -V */
	{ { "sendmail", "-bv", "-h", "12x", "root" }, EX_USAGE, 'v', EX_USAGE,
	    "Bad hop count (12x)\n" },
	{ { "sendmail", "-bt", "-h", "0x10" }, 0, 't', EX_USAGE,
	    "Bad hop count (0x10)\n" },
	{ { "sendmail", "-bv", "-N", "foo", "root" }, EX_USAGE, 'v', EX_USAGE,
	    "Invalid -N argument\n" },
	{ { "sendmail", "-bt", "-N", "a,b" }, 0, 't', EX_USAGE,
	    "Invalid -N argument\nInvalid -N argument\n" },
	{ { "sendmail", "-bt", "-N", "," }, 0, 't', EX_USAGE,
	    "Invalid -N argument\nInvalid -N argument\n" },
	{ { "sendmail", "-bt", "-N", "success,,delay" }, 0, 't', EX_USAGE,
	    "Invalid -N argument\n" },
	{ { "sendmail", "-bt", "-N", "NEVER,success" }, 0, 't', EX_USAGE,
	    "Invalid -N argument\n" },
	{ { "sendmail", "-bt", "-N", "success,never" }, 0, 't', EX_USAGE,
	    "Invalid -N argument\n" },
	{ { "sendmail", "-bt", "-N", "" }, 0, 't', EX_USAGE,
	    "Invalid -N argument\n" },
	{ { "sendmail", "-bt", "-N", "never" }, 0, 't', 0, "" },
	{ { "sendmail", "-bt", "-N", "Success,FAILURE,delay" }, 0, 't', 0, "" },
	{ { "sendmail", "-bt", "-R", "full", "-R", "hdrs" }, 0, 't', EX_USAGE,
	    "Duplicate -R flag\n" },
	{ { "sendmail", "-bt", "-R", "x" }, 0, 't', EX_USAGE,
	    "Invalid -R value\n" },
	{ { "sendmail", "-bt", "-R", "HDRS" }, 0, 't', 0, "" },
	{ { "sendmail", "-bt", "-V", "a b" }, 0, 't', EX_USAGE,
	    "Invalid syntax in -V flag\n" },
	{ { "sendmail", "-bt", "-V", "a+zz" }, 0, 't', EX_USAGE,
	    "Invalid syntax in -V flag\n" },
	{ { "sendmail", "-bt", "-V", "a=b" }, 0, 't', EX_USAGE,
	    "Invalid syntax in -V flag\n" },
	{ { "sendmail", "-bt", "-V", "a+2" }, 0, 't', EX_USAGE,
	    "Invalid syntax in -V flag\n" },
	{ { "sendmail", "-bt", "-V", "a+2b" }, 0, 't', 0, "" },
	{ { "sendmail", "-bt", "-V", "" }, 0, 't', 0, "" },

	/* -D after -d: said, and the -D is dropped */
	{ { "sendmail", "-bv", "-d0.1", "-D", "/x", "root" }, EX_USAGE, 'v',
	    EX_USAGE, "-D file must be before -d\n" },

	/* the end of the options */
	{ { "sendmail", "-bt", "--", "-Z" }, 0, 't', 0, "" },
	{ { "sendmail", "-bt", "--foo", "-Z" }, 0, 't', 0, "" },
	{ { "sendmail", "-bt", "-", "-Z" }, 0, 't', 0, "" },
	{ { "sendmail", "-bt", "root", "-Z" }, 0, 't', 0, "" },
	{ { "sendmail", "--", "-bt" }, 0, 'm', 0, "" },
	{ { "sendmail", "-bt", "-d", "" }, 0, 't', 0, "" },

	/* departures: harmless historic flags never fail */
	{ { "sendmail", "-U", "root" }, 0, 'm', 0, "" },
	{ { "sendmail", "-T", "root" }, 0, 'm', 0, "" },
	{ { "sendmail", "-I" }, 0, 'i', 0, "" },
	{ { "sendmail", "-c", "-m", "-s", "-i", "-v", "root" }, 0, 'm', 0, "" },
};

/* show a message with its NULs and newlines visible */
static const char *
visible(const char *s, size_t len)
{
	static char out[1024];
	size_t i, o = 0;

	for (i = 0; i < len && o + 4 < sizeof(out); i++) {
		if (s[i] == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else if (s[i] == '\0') {
			out[o++] = '\\';
			out[o++] = '0';
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return out;
}

/* parse - cmdline_parse over a NULL-terminated list */
static int
parse(struct cmdline *cl, struct buf *err, bool extraprivs,
    const char *const *args)
{
	int argc = 0;

	while (argc < MAXARGS && args[argc] != NULL)
		argc++;
	buf_reset(err);
	cmdline_free(cl);
	cl->extraprivs = extraprivs;
	return cmdline_parse(argc, (char **)args, cl, err);
}

#define ARGS(...)	((const char *const []){ __VA_ARGS__, NULL })
#define P(...)		parse(&cl, &err, false, ARGS(__VA_ARGS__))
#define PX(...)		parse(&cl, &err, true, ARGS(__VA_ARGS__))

/* opt - the value of the i-th override, "name=value" */
static const char *
pair(const struct cf_override *a, size_t n, size_t i)
{
	static char out[256];

	if (i >= n)
		return "(none)";
	snprintf(out, sizeof(out), "%s=%s", a[i].name, a[i].value);
	return out;
}

#define OPT(i)		pair(cl.options, cl.noptions, (i))
#define MAC(i)		pair(cl.macros, cl.nmacros, (i))

/* test_modes - the table above */
static void
test_modes(void)
{
	struct cmdline cl;
	struct buf err = BUF_INIT;
	size_t i;

	cmdline_init(&cl);
	for (i = 0; i < sizeof(mode_cases) / sizeof(mode_cases[0]); i++) {
		const struct mode_case *c = &mode_cases[i];
		int rc = parse(&cl, &err, false, c->args);
		bool ok = rc == c->rc && cl.mode == c->mode &&
		    cl.exitstat == c->exitstat && err.len == strlen(c->err) &&
		    memcmp(buf_str(&err), c->err, err.len) == 0;

		if (!ok)
			fprintf(stderr, "case %zu (%s %s %s): rc %d mode %c "
			    "exitstat %d err [%s]\n", i, c->args[0],
			    c->args[1] ? c->args[1] : "",
			    c->args[1] && c->args[2] ? c->args[2] : "", rc,
			    cl.mode, cl.exitstat, visible(err.data, err.len));
		T_CHECK(ok);
	}
	cmdline_free(&cl);
	buf_free(&err);
}

/* test_streams - which stream each message goes to */
static void
test_streams(void)
{
	struct cmdline cl;
	struct buf err = BUF_INIT;

	cmdline_init(&cl);

	T_INTEQ(P("sendmail", "-Z"), EX_USAGE);
	T_INTEQ(cl.nmsgs, 1);
	T_INTEQ(cl.msgs[0].fd, 2);
	T_CHECK(!cl.pass2 || cl.nmsgs_pass1 == 0);

	T_INTEQ(P("sendmail", "-bx"), EX_USAGE);
	T_INTEQ(cl.msgs[0].fd, 1);
	T_CHECK(!cl.pass2);

	/* "Invalid operation mode %c" of an empty -b prints a NUL */
	T_INTEQ(P("sendmail", "-b", ""), EX_USAGE);
	T_INTEQ(err.len, 25);
	T_CHECK(memcmp(err.data, "Invalid operation mode \0\n", 25) == 0);
	T_INTEQ(cl.msgs[0].len, 25);

	/* a usage error, then an illegal option: stdout then stderr */
	T_INTEQ(P("sendmail", "-f", "a", "-f", "b", "-Z"), EX_USAGE);
	T_INTEQ(cl.nmsgs, 2);
	T_INTEQ(cl.msgs[0].fd, 1);
	T_STREQ(cl.msgs[0].text, "More than one \"from\" person\n");
	T_INTEQ(cl.msgs[1].fd, 2);
	T_STREQ(cl.msgs[1].text, "sendmail: illegal option -- Z\n");
	T_CHECK(cl.pass2);
	T_INTEQ(cl.nmsgs_pass1, 0);

	/* the first pass's -D complaint comes before the second pass */
	T_INTEQ(P("sendmail", "-d0.1", "-D", "/x", "-f", "a", "-f", "b"),
	    EX_USAGE);
	T_INTEQ(cl.nmsgs, 2);
	T_INTEQ(cl.nmsgs_pass1, 1);

	cmdline_free(&cl);
	buf_free(&err);
}

/* test_bundles - historic forms real callers pass */
static void
test_bundles(void)
{
	struct cmdline cl;
	struct buf err = BUF_INIT;

	cmdline_init(&cl);

	T_INTEQ(P("sendmail", "-FCronDaemon", "-i", "-B8BITMIME", "-oem",
	    "root"), 0);
	T_STREQ(cl.fullname, "CronDaemon");
	T_STREQ(cl.bodytype, "8BITMIME");
	T_INTEQ(cmdline_bodytype(cl.bodytype), CMDLINE_BODY_8BITMIME);
	T_CHECK(cl.ignore_dots);
	T_INTEQ(cl.noptions, 2);
	T_STREQ(OPT(0), "i=T");
	T_STREQ(OPT(1), "e=m");
	T_INTEQ(cl.nrcpts, 1);
	T_STREQ(cl.rcpts[0], "root");
	T_CHECK(cl.rcpts[1] == NULL);

	T_INTEQ(P("sendmail", "-odi", "-ti"), 0);
	T_STREQ(OPT(0), "d=i");
	T_STREQ(OPT(1), "i=T");
	T_CHECK(cl.grab_to);
	T_CHECK(cl.ignore_dots);
	T_INTEQ(cl.nrcpts, 0);
	T_CHECK(cl.rcpts != NULL && cl.rcpts[0] == NULL);

	T_INTEQ(P("sendmail", "-ODeliveryMode=q", "-O", "DeliveryMode = b",
	    "-O", "Timeout.queuereturn=5d", "-O", "NoValue", "-O", " X=y"), 0);
	T_INTEQ(cl.noptions, 5);
	T_STREQ(OPT(0), "DeliveryMode=q");
	T_STREQ(OPT(1), "DeliveryMode=b");
	T_STREQ(OPT(2), "Timeout.queuereturn=5d");
	T_STREQ(OPT(3), "NoValue=");
	T_STREQ(OPT(4), " X=y");	/* sendmail keeps leading blanks */
	T_CHECK(cl.options_long[0] && cl.options_long[4]);
	T_INTEQ(P("sendmail", "-O", "V=1", "-oV1"), 0);
	T_CHECK(cl.options_long[0]);	/* a prefix of Verbose ... */
	T_CHECK(!cl.options_long[1]);	/* ... the letter V: FallbackMXhost */

	T_INTEQ(P("sendmail", "-O", ""), 0);	/* the option table complains */
	T_STREQ(OPT(0), "=");
	T_INTEQ(P("sendmail", "-o", ""), 0);
	T_STREQ(OPT(0), "=");
	T_INTEQ(P("sendmail", "-oQ/var/spool/x", "-oA"), 0);
	T_STREQ(OPT(0), "Q=/var/spool/x");
	T_STREQ(OPT(1), "A=");

	/* macros: -M, -oM, and what -p -h -N -R -V define, in order */
	T_INTEQ(P("sendmail", "-bt", "-p", "smtp:host.x", "-h", "7", "-N",
	    "success,delay", "-R", "hdrs", "-V", "abc+2Bd", "-Mxfoo",
	    "-M{mymac}bar", "-oMybaz"), 0);
	T_INTEQ(cl.nmacros, 9);
	T_STREQ(MAC(0), "s=host.x");
	T_STREQ(MAC(1), "r=smtp");
	T_STREQ(MAC(2), "c=7");
	T_STREQ(MAC(3), "dsn_notify=success,delay");
	T_STREQ(MAC(4), "dsn_ret=hdrs");
	T_STREQ(MAC(5), "dsn_envid=abc+2Bd");
	T_STREQ(MAC(6), "x=foo");
	T_STREQ(MAC(7), "mymac=bar");
	T_STREQ(MAC(8), "y=baz");
	T_STREQ(cl.proto, "smtp");
	T_STREQ(cl.proto_host, "host.x");
	T_INTEQ(cl.hopcount, 7);
	T_INTEQ(cl.notify, CMDLINE_NOTIFY_SET | CMDLINE_NOTIFY_SUCCESS |
	    CMDLINE_NOTIFY_DELAY);
	T_CHECK(cl.ret_hdrs);
	T_STREQ(cl.envid, "abc+2Bd");
	T_INTEQ(cl.exitstat, 0);

	/* malformed -M names go through for the macro table to refuse */
	T_INTEQ(P("sendmail", "-M", "", "-M", "{abc", "-M", "{}x", "-M", "x"), 0);
	T_STREQ(MAC(0), "=");
	T_STREQ(MAC(1), "{abc=");
	T_STREQ(MAC(2), "=x");
	T_STREQ(MAC(3), "x=");

	/* compatibility flags become sendmail's one-letter options */
	T_INTEQ(P("sendmail", "-c", "-i", "-m", "-v", "-s", "-e", "p", "-T",
	    "-U", "root"), 0);
	T_INTEQ(cl.noptions, 6);
	T_STREQ(OPT(0), "c=T");
	T_STREQ(OPT(1), "i=T");
	T_STREQ(OPT(2), "m=T");
	T_STREQ(OPT(3), "v=T");
	T_STREQ(OPT(4), "f=T");
	T_STREQ(OPT(5), "e=p");
	T_CHECK(cl.verbose);
	T_INTEQ(cl.nwarnings, 2);	/* -T and -U, logged */
	T_INTEQ(cl.nrcpts, 1);

	/* -I: newaliases, logged */
	T_INTEQ(P("sendmail", "-I"), 0);
	T_INTEQ(cl.mode, CMDLINE_INITALIAS);
	T_INTEQ(cl.nwarnings, 1);

	/* -G -n -X -L */
	T_INTEQ(P("sendmail", "-G", "-n", "-X", "/tmp/traffic", "-L",
	    "sm-msp-queue", "root"), 0);
	T_CHECK(cl.submit_mta);
	T_CHECK(cl.no_alias);
	T_STREQ(cl.traffic_file, "/tmp/traffic");
	T_STREQ(cl.label, "sm-msp-queue");
	T_INTEQ(P("sendmail", "-L", "a%b c\x01\xff"), 0);
	T_STREQ(cl.label, "a*b c**");
	T_INTEQ(P("sendmail", "-L", "0123456789012345678901234567890123456789"),
	    0);
	T_STREQ(cl.label, "01234567890123456789012345678901");
	T_INTEQ(P("sendmail", "-bt", "-L"), EX_USAGE);
	T_STREQ(cl.label, "t");		/* the first pass took a stale value */

	/* -F newlines; -q and -Q clear it */
	T_INTEQ(P("sendmail", "-F", "x\ny", "root"), 0);
	T_STREQ(cl.fullname, "x y");
	T_INTEQ(cl.nwarnings, 1);
	T_INTEQ(P("sendmail", "-F", "x", "-q"), 0);
	T_CHECK(cl.fullname == NULL);

	cmdline_free(&cl);
	buf_free(&err);
}

/* test_from - -f and -r, null senders */
static void
test_from(void)
{
	struct cmdline cl;
	struct buf err = BUF_INIT;

	cmdline_init(&cl);
	T_INTEQ(P("sendmail", "-f", "x", "root"), 0);
	T_STREQ(cl.from, "x");
	T_INTEQ(cl.from_flag, 'f');
	T_CHECK(!cl.from_null);
	T_INTEQ(P("sendmail", "-fx", "root"), 0);
	T_STREQ(cl.from, "x");
	T_INTEQ(P("sendmail", "-r", "x", "root"), 0);
	T_STREQ(cl.from, "x");
	T_INTEQ(cl.from_flag, 'r');
	T_INTEQ(P("sendmail", "-f", "", "root"), 0);
	T_STREQ(cl.from, "<>");
	T_CHECK(cl.from_null);
	T_INTEQ(P("sendmail", "-f<>", "root"), 0);
	T_STREQ(cl.from, "<>");
	T_CHECK(cl.from_null);
	T_INTEQ(P("sendmail", "-f", "<>", "root"), 0);
	T_CHECK(cl.from_null);
	T_INTEQ(P("sendmail", "-f", "-bt", "root"), 0);	/* a value, not -bt */
	T_STREQ(cl.from, "-bt");
	T_INTEQ(cl.mode, CMDLINE_DELIVER);
	T_INTEQ(P("sendmail", "-f", "a\nb", "root"), 0);
	T_STREQ(cl.from, "a b");
	T_INTEQ(cl.nwarnings, 1);
	T_INTEQ(P("sendmail", "-f", "a", "-f", "b", "root"), EX_USAGE);
	T_STREQ(cl.from, "a");
	cmdline_free(&cl);
	buf_free(&err);
}

/* test_values - -h -p -q -Q -d -A -C details */
static void
test_values(void)
{
	struct cmdline cl;
	struct buf err = BUF_INIT;

	cmdline_init(&cl);

	/* -h keeps sendmail's short */
	T_INTEQ(P("sendmail", "-bt", "-h", "-5"), 0);
	T_INTEQ(cl.hopcount, -5);
	T_INTEQ(P("sendmail", "-bt", "-h", "99999"), 0);
	T_INTEQ(cl.hopcount, -31073);
	T_STREQ(MAC(0), "c=-31073");
	T_INTEQ(P("sendmail", "-bt", "-h", "2147483648"), 0);
	T_INTEQ(cl.hopcount, 0);
	T_INTEQ(P("sendmail", "-bt", "-h", "99999999999999999999999"), 0);
	T_INTEQ(cl.hopcount, -1);	/* LONG_MAX as a short */
	T_INTEQ(P("sendmail", "-bt", "-h", ""), 0);
	T_INTEQ(cl.hopcount, 0);
	T_INTEQ(P("sendmail", "-bt", "-h", " 12"), 0);
	T_INTEQ(cl.hopcount, 12);
	T_INTEQ(P("sendmail", "-bt", "-h", "12", "-h", "13"), 0);
	T_INTEQ(cl.hopcount, 13);
	T_INTEQ(P("sendmail", "-bt", "-h", "0x10"), 0);
	T_INTEQ(cl.hopcount, 0);
	T_STREQ(MAC(0), "c=0");

	/* -p cleaning */
	T_INTEQ(P("sendmail", "-p", ":h!o\"st"), 0);
	T_CHECK(cl.proto == NULL);
	T_STREQ(cl.proto_host, "h!ost");
	T_INTEQ(P("sendmail", "-p", "sm tp:"), 0);
	T_STREQ(cl.proto, "smtp");
	T_CHECK(cl.proto_host == NULL);
	T_INTEQ(P("sendmail", "-p", "a@b[c]d(e)f,g;h<i>j=k?l\\m"), 0);
	T_STREQ(cl.proto, "abcdefghijklm");
	T_INTEQ(P("sendmail", "-p", ""), 0);
	T_INTEQ(cl.nmacros, 0);
	T_INTEQ(P("sendmail", "-p", "\"\":x"), 0);
	T_STREQ(cl.proto, "");

	/* -q */
	T_INTEQ(P("sendmail", "-q"), 0);
	T_INTEQ(cl.queue_interval, 0);
	T_CHECK(cl.queuerun);
	T_INTEQ(P("sendmail", "-q1h"), 0);
	T_INTEQ(cl.queue_interval, 3600);
	T_INTEQ(P("sendmail", "-q1h30m"), 0);
	T_INTEQ(cl.queue_interval, 5400);
	T_INTEQ(P("sendmail", "-q", "15"), 0);	/* the pre-pass joins them */
	T_INTEQ(cl.queue_interval, 900);
	T_INTEQ(cl.nrcpts, 0);
	T_INTEQ(P("sendmail", "-q", "-v"), 0);	/* -q0 */
	T_INTEQ(cl.queue_interval, 0);
	T_INTEQ(P("sendmail", "-q2d"), 0);
	T_INTEQ(cl.queue_interval, 2 * 86400);
	T_INTEQ(P("sendmail", "-q1w"), 0);
	T_INTEQ(cl.queue_interval, 7 * 86400);
	T_INTEQ(P("sendmail", "-q30s"), 0);
	T_INTEQ(cl.queue_interval, 30);
	T_INTEQ(P("sendmail", "-qf"), 0);
	T_CHECK(cl.queue_foreground);
	T_INTEQ(cl.queue_interval, 0);
	T_INTEQ(P("sendmail", "-qp"), 0);
	T_CHECK(cl.queue_persistent);
	T_INTEQ(cl.queue_interval, 1);
	T_INTEQ(P("sendmail", "-qp5m"), 0);
	T_CHECK(cl.queue_persistent);
	T_INTEQ(cl.queue_interval, 300);
	T_INTEQ(P("sendmail", "-q!5m"), 0);
	T_INTEQ(cl.queue_interval, 300);
	T_INTEQ(P("sendmail", "-qIabc", "-q!Idef", "-qRfoo", "-q!Sbar",
	    "-qQwhy", "-qGgrp"), 0);
	T_INTEQ(cl.nqlimits, 5);
	T_INTEQ(cl.qlimits[0].kind, 'I');
	T_CHECK(!cl.qlimits[0].negate);
	T_STREQ(cl.qlimits[0].match, "abc");
	T_INTEQ(cl.qlimits[1].kind, 'I');
	T_CHECK(cl.qlimits[1].negate);
	T_STREQ(cl.qlimits[1].match, "def");
	T_INTEQ(cl.qlimits[2].kind, 'R');
	T_INTEQ(cl.qlimits[3].kind, 'S');
	T_CHECK(cl.qlimits[3].negate);
	T_INTEQ(cl.qlimits[4].kind, 'Q');
	T_STREQ(cl.qlimits[4].match, "why");
	T_INTEQ(cl.queue_mode, 'Q');
	T_STREQ(cl.queue_group, "grp");
	T_INTEQ(P("sendmail", "-qQ"), 0);
	T_INTEQ(cl.queue_mode, 'Q');
	T_INTEQ(cl.nqlimits, 0);
	T_INTEQ(P("sendmail", "-qL"), 0);
	T_INTEQ(cl.queue_mode, 'L');
	T_INTEQ(P("sendmail", "-qG"), 0);	/* unknown group: found later */
	T_STREQ(cl.queue_group, "");
	T_INTEQ(P("mailq", "-q99999999999999999999"), 0);
	T_CHECK(cl.queue_interval > 0);

	/* -Q */
	T_INTEQ(P("sendmail", "-Q"), 0);
	T_STREQ(cl.quarantine, ".");
	T_INTEQ(P("sendmail", "-Qspam"), 0);
	T_STREQ(cl.quarantine, "spam");
	T_CHECK(cl.queuerun);

	/* -d */
	T_INTEQ(P("sendmail", "-bt", "-d"), 0);
	T_INTEQ(cl.ndspecs, 1);
	T_STREQ(cl.dspecs[0], "0-99.1");
	T_INTEQ(P("sendmail", "-bt", "-d21.12", "-d0-99.5,1.2"), 0);
	T_INTEQ(cl.ndspecs, 2);
	T_STREQ(cl.dspecs[0], "21.12");
	T_STREQ(cl.dspecs[1], "0-99.5,1.2");
	/* "-d value" is never joined: bare -d is -d0-99.1, as sendmail */
	T_INTEQ(P("sendmail", "-bt", "-d", "0-99.5"), 0);
	T_STREQ(cl.dspecs[0], "0-99.1");
	T_STREQ(cl.rcpts[0], "0-99.5");
	T_INTEQ(P("sendmail", "-bt", "-d", "0.101"), 0);	/* as sendmail */
	T_STREQ(cl.dspecs[0], "0-99.1");
	T_INTEQ(cl.nrcpts, 1);
	T_STREQ(cl.rcpts[0], "0.101");
	T_INTEQ(P("sendmail", "-D", "/tmp/dbg", "-d0.1"), 0);
	T_STREQ(cl.debug_file, "/tmp/dbg");
	T_INTEQ(P("sendmail", "-bt", "-d0.1", "-D", "/tmp/dbg"), 0);
	T_CHECK(cl.debug_file == NULL);
	T_INTEQ(cl.exitstat, EX_USAGE);

	/* -A, -C */
	T_INTEQ(P("sendmail", "-Ac"), 0);
	T_INTEQ(cl.cftype, CMDLINE_CF_SUBMIT);
	T_INTEQ(P("sendmail", "-Am"), 0);
	T_INTEQ(cl.cftype, CMDLINE_CF_SENDMAIL);
	T_INTEQ(P("sendmail", "-Ax"), 0);
	T_INTEQ(cl.cftype, CMDLINE_CF_SENDMAIL);
	T_INTEQ(P("sendmail", "-A", ""), 0);
	T_INTEQ(cl.cftype, CMDLINE_CF_SENDMAIL);
	T_INTEQ(P("sendmail", "-Ac", "-Am"), 0);
	T_INTEQ(cl.cftype, CMDLINE_CF_SENDMAIL);
	T_INTEQ(P("sendmail", "-C", "/etc/x.cf", "-bt"), 0);
	T_STREQ(cl.conffile, "/etc/x.cf");
	T_INTEQ(P("sendmail", "-bt", "-C"), 0);
	T_STREQ(cl.conffile, "sendmail.cf");
	T_INTEQ(P("sendmail", "-C", "-bt"), 0);
	T_STREQ(cl.conffile, "sendmail.cf");
	T_INTEQ(cl.mode, CMDLINE_TEST);
	T_INTEQ(P("sendmail", "-C/x.cf"), 0);
	T_STREQ(cl.conffile, "/x.cf");

	/* convtime and body types */
	T_INTEQ(cmdline_convtime("", 'm', NULL), 0);
	T_INTEQ(cmdline_convtime("90", 's', NULL), 90);
	T_INTEQ(cmdline_convtime("1h30", 'm', NULL), 5400);
	T_INTEQ(cmdline_convtime("-1h", 'm', NULL), -3600);
	T_INTEQ(cmdline_convtime("NOW", 'm', NULL), CMDLINE_NOW);
	T_INTEQ(cmdline_convtime("999999999999999999999999w", 'm', NULL),
	    LONG_MAX);
	buf_reset(&err);
	T_INTEQ(cmdline_convtime("1x", 'h', &err), 3600);
	T_STREQ(buf_str(&err), "Invalid time unit `x'\n");
	T_INTEQ(cmdline_bodytype(NULL), CMDLINE_BODY_NONE);
	T_INTEQ(cmdline_bodytype("7bit"), CMDLINE_BODY_7BIT);
	T_INTEQ(cmdline_bodytype("8BitMime"), CMDLINE_BODY_8BITMIME);
	T_INTEQ(cmdline_bodytype("binarymime"), CMDLINE_BODY_ILLEGAL);
	T_INTEQ(cmdline_bodytype("foo"), CMDLINE_BODY_ILLEGAL);

	cmdline_free(&cl);
	buf_free(&err);
}

/* test_extraprivs - a set-group-ID run by an ordinary user */
static void
test_extraprivs(void)
{
	struct cmdline cl;
	struct buf err = BUF_INIT;

	cmdline_init(&cl);
	T_INTEQ(PX("sendmail", "-bp", "-f", "x"), 0);
	T_CHECK(cl.from == NULL);
	T_STREQ(buf_str(&err), "WARNING: Ignoring submission mode -f option "
	    "(not in submission mode)\n");
	T_INTEQ(PX("sendmail", "-t", "-q"), 0);
	T_CHECK(!cl.grab_to);
	T_STREQ(buf_str(&err),
	    "WARNING: Ignoring submission mode -t option with -q\n");
	T_INTEQ(PX("sendmail", "-q", "-t"), 0);	/* by then the mode is -q */
	T_CHECK(!cl.grab_to);
	T_STREQ(buf_str(&err), "WARNING: Ignoring submission mode -t option "
	    "(not in submission mode)\n");
	T_INTEQ(PX("sendmail", "-D", "/x", "-d0.1", "-q"), 0);
	T_INTEQ(cl.ndspecs, 0);
	T_CHECK(cl.debug_file == NULL);
	T_STREQ(buf_str(&err),
	    "WARNING: Can not use -d with -q.  Disabling debugging.\n");
	T_INTEQ(PX("sendmail", "-bv", "-f", "x", "-B", "7BIT", "root"), 0);
	T_STREQ(cl.from, "x");
	T_STREQ(cl.bodytype, "7BIT");
	T_INTEQ(P("sendmail", "-bp", "-f", "x"), 0);	/* root: no check */
	T_STREQ(cl.from, "x");
	T_CHECK(cl.extraprivs == false);
	cmdline_free(&cl);
	buf_free(&err);
}

static bool yes(const char *p) { (void)p; return true; }
static bool no(const char *p) { (void)p; return false; }

struct cf_case {
	const char *args[MAXARGS];
	const char *with;		/* when submit.cf exists */
	const char *without;		/* when it does not */
};

/* every row checked with the real binary and an /etc/mail overlay */
static const struct cf_case cf_cases[] = {
	{ { "sendmail", "root" }, "S", "M" },
	{ { "sendmail", "-bm", "root" }, "S", "M" },
	{ { "sendmail", "-t" }, "S", "M" },
	{ { "sendmail", "-bs" }, "S", "M" },
	{ { "sendmail", "-ba" }, "S", "M" },
	{ { "sendmail", "-G", "root" }, "S", "M" },
	{ { "sendmail", "-bv", "root" }, "M", "M" },
	{ { "sendmail", "-t", "-bv" }, "M", "M" },
	{ { "sendmail", "-bt" }, "M", "M" },
	{ { "sendmail", "-bp" }, "M", "M" },
	{ { "mailq" }, "M", "M" },
	{ { "newaliases" }, "M", "M" },
	{ { "sendmail", "-bi" }, "M", "M" },
	{ { "sendmail", "-q" }, "M", "M" },
	{ { "sendmail", "-Q" }, "M", "M" },
	{ { "sendmail", "-bd" }, "M", "M" },
	{ { "sendmail", "-bD" }, "M", "M" },
	{ { "sendmail", "-bP" }, "M", "M" },
	{ { "sendmail", "-bh" }, "M", "M" },
	{ { "sendmail", "-bH" }, "M", "M" },
	{ { "sendmail", "-bC" }, "M", "M" },
	{ { "smtpd" }, "M", "M" },
	{ { "hoststat" }, "M", "M" },
	{ { "purgestat" }, "M", "M" },
	{ { "sendmail", "-Ac", "-bv", "root" }, "S", "S" },
	{ { "sendmail", "-Ac", "-q" }, "S", "S" },
	{ { "sendmail", "-Am", "root" }, "M", "M" },
	{ { "sendmail", "-Ax", "root" }, "M", "M" },
	{ { "sendmail", "-Ac", "-Am", "root" }, "M", "M" },
	{ { "sendmail", "-Am", "-Ac", "root" }, "S", "S" },
	{ { "sendmail", "-C", "/x/y.cf", "-Ac", "root" }, "/x/y.cf", "/x/y.cf" },
};

/* test_cf_path - which .cf each mode reads */
static void
test_cf_path(void)
{
	struct cmdline cl;
	struct buf err = BUF_INIT;
	size_t i;

	cmdline_init(&cl);
	for (i = 0; i < sizeof(cf_cases) / sizeof(cf_cases[0]); i++) {
		const struct cf_case *c = &cf_cases[i];
		int k;

		T_INTEQ(parse(&cl, &err, false, c->args), 0);
		for (k = 0; k < 2; k++) {
			const char *want = k == 0 ? c->with : c->without;
			const char *got = cmdline_cf_path(&cl, "/etc/mail",
			    k == 0 ? yes : no);

			if (strcmp(want, "S") == 0)
				want = "/etc/mail/submit.cf";
			else if (strcmp(want, "M") == 0)
				want = "/etc/mail/sendmail.cf";
			if (strcmp(got, want) != 0)
				fprintf(stderr, "cf case %zu/%d\n", i, k);
			T_STREQ(got, want);
		}
	}
	T_INTEQ(P("sendmail"), 0);
	T_STREQ(cmdline_cf_path(&cl, "/opt/tern/etc", NULL),
	    "/opt/tern/etc/submit.cf");
	T_STREQ(cmdline_cf_path(&cl, NULL, no), TERN_ETC_DIR "/sendmail.cf");
	cmdline_free(&cl);
	buf_free(&err);
}

/* test_odd_argv - argc 0, NULLs, junk: never a crash */
static void
test_odd_argv(void)
{
	struct cmdline cl;
	struct buf err = BUF_INIT;
	char *none[] = { NULL };
	char *early[] = { "sendmail", NULL, "-Z" };
	static const char *pool[] = {
		"-", "--", "--x", "-b", "-bt", "-bv", "-bO", "-bz", "-b", "",
		"-f", "-f<>", "-F", "-d", "-d0.101", "-D", "/x", "-q", "-q!",
		"-q!G", "-qG", "-qp", "-qI", "-Q", "-Q.", ".", "-o", "-O", "-O=",
		"-M", "-M{", "-h", "-N", "-N,", "-R", "-V", "-V+", "-p", "-p:",
		"-L", "-C", "-A", "-X", "-Z", "-:", "-vZbt", "-odi", "root",
		"-\xff", "-h99999999999999999999", "-\x01", "-Ac", "-I", "-U",
	};
	const char *args[MAXARGS + 1];
	uint32_t seed = 12345;
	int n, i, k;

	cmdline_init(&cl);
	T_INTEQ(cmdline_parse(0, none, &cl, &err), 0);
	T_STREQ(cl.progname, "sendmail");
	T_INTEQ(cmdline_parse(0, NULL, &cl, &err), 0);
	T_STREQ(cl.progname, "sendmail");
	T_INTEQ(cmdline_parse(3, early, &cl, &err), 0);	/* stops at NULL */
	T_INTEQ(cl.ac, 1);
	T_INTEQ(cl.nrcpts, 0);

	for (n = 0; n < 20000; n++) {
		int argc = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16)
		    % MAXARGS;

		args[0] = "sendmail";
		for (i = 1; i < argc; i++) {
			seed = seed * 1103515245u + 12345u;
			k = (int)((seed >> 16) % (sizeof(pool) / sizeof(pool[0])));
			args[i] = pool[k];
		}
		args[argc] = NULL;
		buf_reset(&err);
		cmdline_free(&cl);
		(void)cmdline_parse(argc, (char **)args, &cl, &err);
		T_CHECK(cl.nrcpts >= 0 && cl.nrcpts < argc);
		(void)cmdline_cf_path(&cl, "/etc/mail", yes);
	}
	cmdline_free(&cl);
	buf_free(&err);
}

int
main(void)
{
	test_modes();
	test_streams();
	test_bundles();
	test_from();
	test_values();
	test_extraprivs();
	test_cf_path();
	test_odd_argv();
	T_DONE();
}
