/*
 * test_session.c - the SMTP session shared by -bs and the daemon:
 * network clients' macros as the rulesets see them, several sessions
 * interleaved on one cf without seeing each other's macros (the
 * overlay), values a ruleset sets staying with its session, the
 * Connect: refusal and nullserver mode, and a store that commits later
 * (session_store_done), or is aborted while pending.
 */
#include "t.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "session/session.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char session_cf[] =
    "V10/Berkeley\n"
    "Djmx.example.com\n"
    "Dv8.17.1.9\n"
    "O OperatorChars=.:%@!^/[]+\n"
    "O SmtpGreetingMessage=$j Sendmail $v\n"
    "Kmacro macro\n"
    "S0\n"
    "R$*\t$#local $: $1\n"
    "Scheck_relay\n"
    "R$* $| 10 . $*\t$#error $@ 5.7.1 $: \"550 Access denied\"\n"
    "R$* $| $*\t$@ OK\n"
    "Scheck_mail\n"
    "R< marker @ x >\t$: $(macro {Mark} $@ marked $) < marker @ x >\n"
    "R$*\t$: $&{client_addr} $| $&{client_name} $| $1\n"
    "R192 . 0 . 2 . 200 $| $*\t$#error $@ 5.7.1 $: \"553 Go away\"\n"
    "Scheck_rcpt\n"
    "R$*\t$: $&{Mark} $| $&s $| $1\n"
    "R$* $| bad . helo $| $*\t$#error $@ 5.7.1 $: \"550 Bad HELO\"\n"
    "Rmarked $| $*\t$@ ok\n"
    "R$*\t$#error $@ 5.7.1 $: \"550 No mark\"\n"
    "Mlocal, P=/bin/true, F=ls, A=true $u\n";

/* a store that commits later; records what it got */
struct fake {
	int begins, ends, aborts;
	struct buf body;
	char macro_client[256];
	struct session *pending;
};

static int
fake_begin(void *ctx, struct session *s, struct envelope *env,
    char qid[QID_MAX], struct smtp_reply *r)
{
	struct fake *f = ctx;

	(void)s;
	(void)env;
	(void)r;
	snprintf(qid, QID_MAX, "QID%d", ++f->begins);
	return SMTP_OK;
}

static int
fake_body(void *ctx, struct session *s, const char *p, size_t n,
    struct smtp_reply *r)
{
	struct fake *f = ctx;

	(void)s;
	(void)r;
	buf_add(&f->body, p, n);
	return SMTP_OK;
}

static int
fake_end(void *ctx, struct session *s, struct envelope *env,
    struct smtp_reply *r)
{
	struct fake *f = ctx;
	size_t i;

	(void)r;
	f->ends++;
	for (i = 0; i < env->nmacros; i++)
		if (strcmp(env->macros[i].name, "_") == 0)
			snprintf(f->macro_client, sizeof(f->macro_client), "%s",
			    env->macros[i].value);
	f->pending = s;
	return SMTP_PENDING;
}

static void
fake_abort(void *ctx, struct session *s)
{
	struct fake *f = ctx;

	(void)s;
	f->aborts++;
	f->pending = NULL;
}

/* a network client at addr */
static struct session *
open_client(struct cf *cf, struct fake *f, const char *ip, const char *name,
    struct buf *out)
{
	struct session_client c;
	struct session_store st;
	struct sockaddr_in peer, local, lis;
	struct session *s;

	memset(&peer, 0, sizeof(peer));
	peer.sin_family = AF_INET;
	peer.sin_port = htons(40000);
	inet_pton(AF_INET, ip, &peer.sin_addr);
	local = peer;
	local.sin_port = htons(25);
	inet_pton(AF_INET, "192.0.2.25", &local.sin_addr);
	lis = local;
	lis.sin_addr.s_addr = htonl(INADDR_ANY);
	memset(&c, 0, sizeof(c));
	c.addr = (struct sockaddr *)&peer;
	c.addr_len = sizeof(peer);
	c.local = (struct sockaddr *)&local;
	c.local_len = sizeof(local);
	c.listen = (struct sockaddr *)&lis;
	c.listen_len = sizeof(lis);
	c.name = name;
	c.daemon_name = "MTA";
	c.tls = SMTP_TLS_OFF;
	memset(&st, 0, sizeof(st));
	st.ctx = f;
	st.begin = fake_begin;
	st.body = fake_body;
	st.end = fake_end;
	st.abort = fake_abort;
	s = session_new(cf, &c, &st);
	buf_reset(out);
	(void)session_start(s, out);
	return s;
}

/* say - one command; the last reply line, without CRLF (static) */
static const char *
say(struct session *s, const char *cmd, struct buf *out, int *act)
{
	static char line[1024];
	size_t end, start;
	int a;

	buf_reset(out);
	a = smtp_server_input(session_engine(s), cmd, strlen(cmd), out);
	if (act != NULL)
		*act = a;
	if (out->len < 2)
		return "";
	end = out->len - 2;
	start = end;
	while (start > 0 && out->data[start - 1] != '\n')
		start--;
	if (end - start >= sizeof(line))
		end = start + sizeof(line) - 1;
	memcpy(line, out->data + start, end - start);
	line[end - start] = '\0';
	return line;
}

static const char *
mac(struct cf *cf, const char *name)
{
	const char *v = macro_get_name(cf->macros, name);

	return v ? v : "(unset)";
}

int
main(void)
{
	struct cf_load_args args;
	char path[] = "/tmp/test_session.XXXXXX";
	struct cf *cf;
	struct fake f;
	struct buf out = BUF_INIT;
	struct session *s1, *s2, *s3;
	struct smtp_reply r;
	int act;
	char under[256];
	FILE *fp;
	int fd = mkstemp(path);

	T_CHECK(fd >= 0);
	fp = fdopen(fd, "w");
	fputs(session_cf, fp);
	fclose(fp);
	memset(&args, 0, sizeof(args));
	args.path = path;
	args.diag = stderr;
	cf = cf_load(&args);
	unlink(path);
	T_CHECK(cf != NULL && cf->nwarnings == 0);
	if (cf == NULL)
		T_DONE();
	memset(&f, 0, sizeof(f));
	buf_init(&f.body);
	/* the shared $_ (whatever the loader made it) must come back */
	snprintf(under, sizeof(under), "%s", mac(cf, "_"));

	/* two sessions, interleaved */
	s1 = open_client(cf, &f, "192.0.2.200", "bad.example", &out);
	T_STREQ(buf_str(&out), "220 mx.example.com ESMTP Sendmail 8.17.1.9\r\n");
	s2 = open_client(cf, &f, "192.0.2.1", NULL, &out);
	T_STREQ(mac(cf, "client_addr"), "(unset)");	/* nothing leaks */
	say(s1, "EHLO bad.helo\r\n", &out, NULL);
	T_CHECK(strstr(buf_str(&out), "Hello bad.example [192.0.2.200]") != NULL);
	say(s2, "EHLO good.helo\r\n", &out, NULL);
	T_CHECK(strstr(buf_str(&out), "Hello [192.0.2.1], pleased") != NULL);
	T_STREQ(mac(cf, "s"), "(unset)");
	/* check_mail sees each session's ${client_addr} and ${client_name} */
	T_STREQ(say(s1, "MAIL FROM:<a@x>\r\n", &out, NULL),
	    "553 5.7.1 <a@x>... Go away");
	T_STREQ(say(s2, "MAIL FROM:<marker@x>\r\n", &out, NULL),
	    "250 2.1.0 <marker@x>... Sender ok");
	T_STREQ(say(s1, "MAIL FROM:<other@x>\r\n", &out, NULL),
	    "553 5.7.1 <other@x>... Go away");
	T_STREQ(mac(cf, "Mark"), "(unset)");
	T_STREQ(mac(cf, "f"), "(unset)");
	/* a ruleset's macro stays with its session; $s is the session's */
	s3 = open_client(cf, &f, "192.0.2.3", "three.example", &out);
	say(s3, "EHLO bad.helo\r\n", &out, NULL);
	T_STREQ(say(s3, "MAIL FROM:<plain@x>\r\n", &out, NULL),
	    "250 2.1.0 <plain@x>... Sender ok");
	T_STREQ(say(s3, "RCPT TO:<b@x>\r\n", &out, NULL),
	    "550 5.7.1 <b@x>... Bad HELO");
	T_STREQ(say(s2, "RCPT TO:<b@x>\r\n", &out, NULL),
	    "250 2.1.5 <b@x>... Recipient ok");
	session_free(s3);
	s3 = open_client(cf, &f, "192.0.2.4", "four.example", &out);
	say(s3, "EHLO ok.helo\r\n", &out, NULL);
	say(s3, "MAIL FROM:<plain@x>\r\n", &out, NULL);
	T_STREQ(say(s3, "RCPT TO:<b@x>\r\n", &out, NULL),
	    "550 5.7.1 <b@x>... No mark");
	session_free(s3);

	/* s2's message: the store commits later */
	T_STREQ(say(s2, "DATA\r\n", &out, NULL),
	    "354 End data with <CR><LF>.<CR><LF>");
	T_STREQ(say(s2, "Subject: hi\r\n\r\nbody\r\n.\r\nNOOP\r\n", &out, &act),
	    "");
	T_CHECK(act & SMTP_ACT_WAIT);
	T_INTEQ(f.ends, 1);
	T_CHECK(f.pending == s2);
	T_STREQ(f.macro_client, "[192.0.2.1]");
	T_STREQ(buf_str(&f.body), "body\n");
	T_STREQ(session_qid(s2), "QID1");
	/* another session works meanwhile */
	T_STREQ(say(s1, "NOOP\r\n", &out, NULL), "250 2.0.0 OK");
	buf_reset(&out);
	act = session_store_done(s2, SMTP_OK, NULL, &out);
	T_STREQ(buf_str(&out), "250 2.0.0 QID1 Message accepted for delivery\r\n"
	    "250 2.0.0 OK\r\n");
	T_CHECK(!(act & SMTP_ACT_WAIT));
	T_INTEQ(f.aborts, 0);
	/* pending when the session is freed: abort */
	say(s2, "MAIL FROM:<marker@x>\r\n", &out, NULL);
	say(s2, "RCPT TO:<b@x>\r\n", &out, NULL);
	say(s2, "DATA\r\n", &out, NULL);
	say(s2, "x\r\n.\r\n", &out, &act);
	T_CHECK(act & SMTP_ACT_WAIT);
	session_free(s2);
	T_INTEQ(f.aborts, 1);
	T_CHECK(f.pending == NULL);
	session_free(s1);

	/* Connect: refused; then only QUIT */
	s1 = open_client(cf, &f, "10.1.2.3", "ten.example", &out);
	T_STREQ(buf_str(&out), "554 mx.example.com ESMTP not accepting messages\r\n");
	T_INTEQ(session_connect_check(s1, &r), SMTP_REJECT);
	T_INTEQ(r.code, 550);
	T_STREQ(r.enh, "5.7.1");
	T_STREQ(r.text, "Access denied");
	say(s1, "EHLO x\r\n", &out, NULL);
	T_STREQ(say(s1, "MAIL FROM:<a@x>\r\n", &out, NULL),
	    "550 5.7.1 Access denied");
	T_STREQ(say(s1, "QUIT\r\n", &out, &act),
	    "221 2.0.0 mx.example.com closing connection");
	T_CHECK(act & SMTP_ACT_CLOSE);
	session_free(s1);
	T_STREQ(mac(cf, "client_addr"), "(unset)");
	T_STREQ(mac(cf, "_"), under);

	buf_free(&f.body);
	buf_free(&out);
	cf_free(cf);
	T_DONE();
}
