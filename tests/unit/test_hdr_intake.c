/*
 * test_hdr_intake.c - the intake API end to end (msg/intake.c), as the
 * SMTP engine and -bm use it: begin, recipients, feed, end, the qf H
 * lines; verdicts, -t with command-line recipients, huge inputs in
 * bounded time.
 */
#include "t.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/option.h"
#include "msg/envelope.h"
#include "msg/intake.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char test_cf[] =
    "V10/Berkeley\n"
    "Djmx.example.com\n"
    "H?P?Return-Path: <$g>\n"
    "HReceived: by $j id $i$?u for $u$.; $b\n"
    "H?D?Resent-Date: $a\n"
    "H?D?Date: $a\n"
    "H?F?From: $?x$x <$g>$|$g$.\n"
    "H?x?Full-Name: $x\n"
    "H?M?Message-Id: <$t.$i@$j>\n"
    "Mlocal, P=/bin/true, F=lsDFM, A=true $u\n";

static struct cf *cf;

struct run {
	struct envelope env;
	struct intake in;
	struct buf body, qf, rcpts;
	int st;
};

/* take - recipients as recipient() would, without parsing: "a|b|" */
static bool use_default;	/* intake's own duplicate check */

static bool
take(void *arg, const char *addr)
{
	struct run *r = arg;
	struct rcpt *rc;
	size_t i;

	buf_adds(&r->rcpts, addr);
	buf_addc(&r->rcpts, '|');
	/* duplicates: the last few suffice here (a hash in real use) */
	for (i = r->env.nrcpts > 8 ? r->env.nrcpts - 8 : 0;
	    i < r->env.nrcpts; i++)
		if (strcmp(r->env.rcpts[i].addr, addr) == 0)
			return true;
	rc = envelope_add_rcpt(&r->env, addr);
	rc->flags |= RCPT_PRIMARY;
	return true;
}

/* the sender as -f gave it, and through rulesets 3, 1, 4 (NULL: root) */
static const char *run_paddr, *run_esender;

/* run - one message; argv recipients in argv (NULL-terminated) */
static void
run(struct run *r, const char *msg, size_t len, bool t, const char *const *argv,
    void (*tweak)(struct intake_conf *))
{
	struct intake_conf conf;
	struct intake_sender snd = { "root", "root", true, "Root", NULL };
	size_t i;

	if (run_paddr != NULL) {
		snd.paddr = run_paddr;
		snd.sender = run_esender;
	}

	memset(r, 0, sizeof(*r));
	intake_conf_init(&conf, cf);
	conf.grab_to = t;
	if (tweak != NULL)
		tweak(&conf);
	envelope_init(&r->env);
	strcpy(r->env.qid, "6AO6psUQ002315");
	intake_begin(&r->in, &r->env, cf, cf->macros, &conf, &snd, 1795503114);
	if (!use_default) {
		r->in.add_rcpt = take;
		r->in.add_rcpt_arg = r;
	}
	for (i = 0; argv != NULL && argv[i] != NULL; i++)
		intake_rcpt_list(&r->in, argv[i]);
	for (i = 0; i < len; i += 1000)
		intake_feed(&r->in, msg + i, len - i < 1000 ? len - i : 1000,
		    &r->body);
	r->st = intake_end(&r->in, &r->body);
	for (i = 0; i < r->env.headers.n; i++)
		hdr_qf_line(&r->env.headers.v[i],
		    (r->in.eflags & INTAKE_RESENT) != 0, &r->qf);
}

static void
done(struct run *r)
{
	intake_free(&r->in);
	envelope_free(&r->env);
	buf_free(&r->body);
	buf_free(&r->qf);
	buf_free(&r->rcpts);
}

static void
test_basic(void)
{
	static const char msg[] = "Subject: hi\r\nTo: bob\r\n\r\nbody\r\n";
	static const char *const argv[] = { "alice", NULL };
	struct run r;

	run(&r, msg, strlen(msg), false, argv, NULL);
	T_INTEQ(r.st, INTAKE_OK);
	T_STREQ(buf_str(&r.qf),
	    "H?P?Return-Path: <\x81g>\n"
	    "H??Received: by mx.example.com id 6AO6psUQ002315 for alice; "
	    "Tue, 24 Nov 2026 06:51:54 GMT\n"
	    "H?D?Date: Tue, 24 Nov 2026 06:51:54 GMT\n"
	    "H?F?From: Root <root>\n"
	    "H?x?Full-Name: Root\n"
	    "H?M?Message-Id: <202611240651.6AO6psUQ002315@mx.example.com>\n"
	    "H??Subject: hi\n"
	    "H??To: bob\n");
	T_STREQ(buf_str(&r.body), "body\n");
	T_STREQ(buf_str(&r.rcpts), "alice|");
	T_CHECK(r.in.eflags & INTAKE_DELETE_BCC);
	T_STREQ(r.in.msgid, "<202611240651.6AO6psUQ002315@mx.example.com>");
	T_STREQ(macro_get(cf->macros, 'u'), "alice");
	done(&r);
}

/* test_t - -t and the command line: both count; $u only from argv */
static void
test_t(void)
{
	static const char msg[] = "To: bob, carol@x.org\nCc: \"D\" <d@x.org>\n"
	    "Bcc: e@x.org\nSubject: t\n\nbody\n";
	static const char *const argv[] = { "alice", "bob", NULL };
	static const char resent[] = "To: bob\nResent-To: r1, r2\n"
	    "Resent-From: x\n\nb\n";
	struct run r;

	run(&r, msg, strlen(msg), true, NULL, NULL);
	T_STREQ(buf_str(&r.rcpts), "carol@x.org|bob|\"D\" <d@x.org>|e@x.org|");
	T_CHECK(macro_get(cf->macros, 'u') == NULL);
	T_CHECK(strstr(buf_str(&r.qf), "H??Bcc: e@x.org\n") != NULL);
	done(&r);

	run(&r, msg, strlen(msg), true, argv, NULL);
	T_STREQ(buf_str(&r.rcpts),
	    "alice|bob|carol@x.org|bob|\"D\" <d@x.org>|e@x.org|");
	T_INTEQ(r.env.nrcpts, 5);
	/* two on the command line: no "for" */
	T_CHECK(macro_get(cf->macros, 'u') == NULL);
	done(&r);

	run(&r, resent, strlen(resent), true, NULL, NULL);
	T_STREQ(buf_str(&r.rcpts), "r2|r1|");
	T_CHECK(strstr(buf_str(&r.qf), "H?D?Resent-Date:") != NULL);
	done(&r);

	run(&r, "Subject: none\n\nb\n", 17, true, NULL, NULL);
	T_INTEQ(r.st, INTAKE_ERR_NORCPT);
	T_STREQ(buf_str(&r.in.errors), "No recipient addresses found in header\n");
	done(&r);
}

static void
hops3(struct intake_conf *c)
{
	c->max_hop_count = 3;
	c->no_recipient_action = OPT_NRA_ADD_TO;
}

static void
small(struct intake_conf *c)
{
	c->max_headers_length = 64;
}

static void
test_verdicts(void)
{
	static const char *const argv[] = { "alice", NULL };
	static const char hop[] = "Received: a\nReceived: b\nReceived: c\n\nb\n";
	static const char del[] = "X-D\x7f: y\nSubject: s\n\nb\n";
	static const char big[] = "Subject: 0123456789012345678901234567890"
	    "123456789\nX: 0123456789012345678901234567890123456789\n\nbody\n";
	struct run r;

	run(&r, hop, strlen(hop), false, argv, hops3);
	T_INTEQ(r.st, INTAKE_ERR_HOPS);
	T_INTEQ(r.in.hopcount, 4);
	T_INTEQ(r.in.exitstat, 69);
	T_STREQ(buf_str(&r.in.errors), "554 5.4.6 Too many hops 4 (3 max): "
	    "from root via localhost, to alice\n");
	T_STREQ(macro_get(cf->macros, 'c'), "4");
	/* NoRecipientAction=add-to */
	T_CHECK(strstr(buf_str(&r.qf), "H??To: alice\n") != NULL);
	done(&r);

	run(&r, del, strlen(del), false, argv, NULL);
	T_INTEQ(r.st, INTAKE_OK);
	T_INTEQ(r.in.exitstat, 70);
	T_STREQ(buf_str(&r.in.errors),
	    "553 5.3.0 header syntax error, line \"X-D\x7f: y\"\n");
	T_CHECK(strstr(buf_str(&r.qf), "H??Subject: s\n") != NULL);
	done(&r);

	run(&r, big, strlen(big), false, argv, small);
	T_INTEQ(r.st, INTAKE_ERR_TOOBIG);
	T_STREQ(buf_str(&r.in.errors), "552 5.6.0 Headers too large (64 max)\n");
	T_INTEQ(r.body.len, 0);
	done(&r);
}

static void
unlimited(struct intake_conf *c)
{
	c->max_headers_length = 0;
}

/* test_huge - big inputs through the whole intake in bounded time */
static void
test_huge(void)
{
	static const char *const argv[] = { "alice", NULL };
	struct buf m = BUF_INIT;
	struct run r;
	clock_t t0 = clock();
	size_t i;

	/* 100,000 addresses in one folded To: with -t */
	buf_adds(&m, "To: a0@x.org");
	for (i = 1; i < 100000; i++)
		buf_addf(&m, ",\n a%zu@x.org", i);
	buf_adds(&m, "\nSubject: many\n\nbody\n");
	run(&r, m.data, m.len, true, NULL, unlimited);
	T_INTEQ(r.st, INTAKE_OK);
	T_INTEQ(r.env.nrcpts, 100000);
	T_STREQ(r.env.rcpts[0].addr, "a99999@x.org");
	done(&r);
	/* the same after two of them, through intake's own duplicate check */
	{
		struct buf m2 = BUF_INIT;

		buf_adds(&m2, "Cc: a5@x.org, a7@x.org\n");
		buf_add(&m2, m.data, m.len);
		use_default = true;
		run(&r, m2.data, m2.len, true, NULL, unlimited);
		use_default = false;
		T_STREQ(r.env.rcpts[0].addr, "a7@x.org");
		buf_free(&m2);
	}
	T_INTEQ(r.env.nrcpts, 100000);
	T_CHECK(r.env.rcpts[99999].flags & RCPT_PRIMARY);
	done(&r);

	/* 1 MB of headers and 100,000 continuation lines */
	buf_reset(&m);
	for (i = 0; i < 10486; i++)
		buf_addf(&m, "X-H%05zu: %.88s\n", i, "vvvvvvvvvvvvvvvvvvvvvvvvvvv"
		    "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv");
	buf_adds(&m, "X-Cont: start\n");
	for (i = 0; i < 100000; i++)
		buf_adds(&m, " c\n");
	buf_adds(&m, "\nbody\n");
	run(&r, m.data, m.len, false, argv, unlimited);
	T_INTEQ(r.st, INTAKE_OK);
	T_STREQ(buf_str(&r.body), "body\n");
	T_CHECK(r.qf.len > m.len);
	done(&r);
	run(&r, m.data, m.len, false, argv, NULL);
	T_INTEQ(r.st, INTAKE_ERR_TOOBIG);
	done(&r);
	T_CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 20.0);
	buf_free(&m);
}

/* test_esender - $f and $g are the sender through rulesets 3, 1 and 4
   (sendmail's e_sender), not the -f text: -f "Root Q <root@x.org>" */
static void
test_esender(void)
{
	static const char msg[] = "Subject: f\n\nbody\n";
	static const char *const argv[] = { "bob", NULL };
	struct run r;

	run_paddr = "Root Q <root@x.org>";
	run_esender = "root@x.org";
	run(&r, msg, strlen(msg), false, argv, NULL);
	T_CHECK(strstr(buf_str(&r.qf), "H?F?From: Root <root@x.org>\n") != NULL);
	T_STREQ(macro_get(cf->macros, 'f'), "root@x.org");
	T_STREQ(macro_get(cf->macros, 'g'), "root@x.org");
	done(&r);
	/* no rewritten form: the sender as given */
	run_esender = NULL;
	run_paddr = "root@y.org";
	run(&r, msg, strlen(msg), false, argv, NULL);
	T_CHECK(strstr(buf_str(&r.qf), "H?F?From: Root <root@y.org>\n") != NULL);
	done(&r);
	run_paddr = NULL;
}

int
main(void)
{
	char path[64];
	struct cf_load_args la;
	FILE *f;
	int fd;

	setenv("TZ", "GMT0", 1);
	tzset();
	snprintf(path, sizeof(path), "/tmp/test_hdr_intake.XXXXXX");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs(test_cf, f);
	fclose(f);
	memset(&la, 0, sizeof(la));
	la.path = path;
	la.diag = stderr;
	cf = cf_load(&la);
	unlink(path);
	T_CHECK(cf != NULL);
	if (cf == NULL)
		T_DONE();
	test_basic();
	test_t();
	test_verdicts();
	test_huge();
	test_esender();
	cf_free(cf);
	T_DONE();
}
