/*
 * test_smtpc_cache.c - the SMTP client's connection cache: keys, the
 * size limit and which entry goes, idle expiry (a clock of our own),
 * QUIT to every connection that leaves.  Connections are socketpairs;
 * the "server" end has its 221 written ahead, so a QUIT is answered
 * (the client leaves without reading it unless -v shows it).
 */
#include "t.h"
#include "smtpc/smtpc_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static long long now;

static long long
fake_now(void)
{
	return now;
}

/* an entry for key on a fresh socketpair; *peer gets the server end */
static struct smtpc_cached *
entry(const char *key, int *peer)
{
	struct smtpc_conn c;
	struct smtpc_cached *e;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		abort();
	if (write(sv[1], "221 2.0.0 bye\r\n", 15) != 15)
		abort();
	memset(&c, 0, sizeof c);
	c.fd = sv[0];
	e = smtpc_cached_new(key, &c);
	e->quit_to = 2;
	*peer = sv[1];
	return e;
}

/* what the server end got: "QUIT\r\n" (then EOF: QUIT and close),
 * "" (nothing: still open), "closed" (closed without a word) */
static const char *
heard(int peer)
{
	static char got[64];
	ssize_t n;
	size_t len = 0;

	fcntl(peer, F_SETFL, O_NONBLOCK);
	while (len < sizeof got - 1 &&
	    (n = read(peer, got + len, sizeof got - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = '\0';
	/* closed with our 221 unread: ECONNRESET */
	if (len == 0)
		return n == 0 || errno == ECONNRESET ? "closed" : "";
	/* the client closed after QUIT with our 221 unread (it does not
	   wait for it): the QUIT, then ECONNRESET */
	if (n != 0 && !(n < 0 && errno == ECONNRESET))
		return "open";
	return got;
}

static void
test_keys(void)
{
	struct smtpc_job j, k;
	struct dns_addr a, b;
	char *x, *y;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	snprintf(a.text, sizeof a.text, "192.0.2.1");
	snprintf(b.text, sizeof b.text, "192.0.2.2");
	smtpc_job_init(&j);
	j.myname = "me.example";
	k = j;
	x = smtpc_cache_key(&j, "mx.example", &a);
	y = smtpc_cache_key(&k, "mx.example", &a);
	T_STREQ(x, y);			/* same destination, same key */
	free(y);
	y = smtpc_cache_key(&k, "mx.example", &b);
	T_CHECK(strcmp(x, y) != 0);	/* another address */
	free(y);
	y = smtpc_cache_key(&k, "mx2.example", &a);
	T_CHECK(strcmp(x, y) != 0);	/* another name (SNI, relay=) */
	free(y);
	k.port = 587;
	y = smtpc_cache_key(&k, "mx.example", &a);
	T_CHECK(strcmp(x, y) != 0);	/* another port */
	free(y);
	k = j;
	k.auth_user = "u";
	y = smtpc_cache_key(&k, "mx.example", &a);
	T_CHECK(strcmp(x, y) != 0);	/* AUTH as someone */
	free(y);
	k = j;
	k.starttls = false;
	y = smtpc_cache_key(&k, "mx.example", &a);
	T_CHECK(strcmp(x, y) != 0);	/* no STARTTLS */
	free(y);
	k = j;
	k.tls_cert_file = "/c.pem";
	y = smtpc_cache_key(&k, "mx.example", &a);
	T_CHECK(strcmp(x, y) != 0);	/* another client certificate */
	free(y);
	k = j;
	k.helo = "other.example";
	y = smtpc_cache_key(&k, "mx.example", &a);
	T_CHECK(strcmp(x, y) != 0);	/* another HELO name */
	free(y);
	/* parts cannot run into each other */
	k = j;
	k.auth_user = "a;b";
	y = smtpc_cache_key(&k, "mx.example", &a);
	k.auth_user = "a";
	k.auth_authzid = "b";
	{
		char *z = smtpc_cache_key(&k, "mx.example", &a);

		T_CHECK(strcmp(y, z) != 0);
		free(z);
	}
	free(y);
	free(x);
}

static void
test_size_and_order(void)
{
	struct smtpc_cache *c = smtpc_cache_new(2, 300);
	struct smtpc_cached *e;
	int pa, pb, pc;

	T_CHECK(smtpc_cache_new(0, 300) == NULL);	/* 0: no caching */
	T_CHECK(c != NULL);
	c->now_ms = fake_now;
	now = 1000;
	smtpc_cache_put(c, entry("A", &pa));
	now = 2000;
	smtpc_cache_put(c, entry("B", &pb));
	T_INTEQ(smtpc_cache_count(c), 2);
	/* A used again: B is now the least recently used */
	now = 3000;
	e = smtpc_cache_take(c, "A");
	T_CHECK(e != NULL && strcmp(e->key, "A") == 0);
	T_INTEQ(smtpc_cache_count(c), 1);	/* taken out while in use */
	T_CHECK(smtpc_cache_take(c, "A") == NULL);
	T_CHECK(smtpc_cache_take(c, "Z") == NULL);
	now = 4000;
	smtpc_cache_put(c, e);
	T_STREQ(heard(pa), "");
	T_STREQ(heard(pb), "");
	now = 5000;
	smtpc_cache_put(c, entry("C", &pc));	/* full: B goes */
	T_INTEQ(smtpc_cache_count(c), 2);
	T_STREQ(heard(pb), "QUIT\r\n");
	T_STREQ(heard(pa), "");
	T_CHECK(smtpc_cache_take(c, "B") == NULL);
	/* the end of the run: QUIT to everyone left */
	smtpc_cache_free(c);
	T_STREQ(heard(pa), "QUIT\r\n");
	T_STREQ(heard(pc), "QUIT\r\n");
	close(pa);
	close(pb);
	close(pc);
	/* no cache: a connection put there is closed with QUIT */
	smtpc_cache_put(NULL, entry("D", &pa));
	T_STREQ(heard(pa), "QUIT\r\n");
	close(pa);
}

static void
test_expiry(void)
{
	struct smtpc_cache *c = smtpc_cache_new(4, 300);	/* 5 minutes */
	struct smtpc_cached *e;
	int pa, pb, pd;

	c->now_ms = fake_now;
	T_INTEQ(smtpc_cache_expire(c), -1);	/* empty */
	now = 0;
	smtpc_cache_put(c, entry("A", &pa));
	now = 100 * 1000;
	smtpc_cache_put(c, entry("B", &pb));
	now = 200 * 1000;
	T_INTEQ(smtpc_cache_expire(c), 100);	/* A's end in 100 s */
	now = 299999;
	T_INTEQ(smtpc_cache_expire(c), 1);
	T_INTEQ(smtpc_cache_count(c), 2);
	now = 300 * 1000;			/* A idle for 5 minutes */
	T_INTEQ(smtpc_cache_expire(c), 100);
	T_INTEQ(smtpc_cache_count(c), 1);
	T_STREQ(heard(pa), "QUIT\r\n");
	T_STREQ(heard(pb), "");
	/* a take expires first: B idle too long is not handed out */
	now = 400 * 1000;
	T_CHECK(smtpc_cache_take(c, "B") == NULL);
	T_STREQ(heard(pb), "QUIT\r\n");
	T_INTEQ(smtpc_cache_count(c), 0);
	/* a second entry of one key replaces the older (QUIT) */
	smtpc_cache_put(c, entry("D", &pd));
	e = entry("D", &pa);
	smtpc_cache_put(c, e);
	T_INTEQ(smtpc_cache_count(c), 1);
	T_STREQ(heard(pd), "QUIT\r\n");
	T_CHECK(smtpc_cache_take(c, "D") == e);
	smtpc_cached_free(e, false);		/* closed, no QUIT */
	T_STREQ(heard(pa), "closed");
	smtpc_cache_free(c);
	close(pa);
	close(pb);
	close(pd);
}

int
main(void)
{
	test_keys();
	test_size_and_order();
	test_expiry();
	T_DONE();
}
