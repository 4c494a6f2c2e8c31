/*
 * test_ipc_wire.c - the job between a delivery process and its SMTP
 * agent: every field survives the trip, a df rides along, and the
 * decoder refuses what is cut short, too long, or out of range.
 */
#include "t.h"
#include "deliver/ipc_wire.h"
#include "cf/option.h"
#include "msg/mime.h"
#include "smtpc/smtpc.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static struct smtpc_rcpt rc[2] = {
	{ .addr = "a@example.org", .notify = "SUCCESS,FAILURE",
	  .orcpt = "rfc822;a@example.org" },
	{ .addr = "b@example.org" },
};

static void
job(struct smtpc_job *j, struct mime8to7_conf *m, long *to)
{
	int i;

	smtpc_job_init(j);
	j->hosts = "mx.example:[192.0.2.1]";
	j->port = 2525;
	j->mx = false;
	j->fallback_mx = "fb.example";
	j->myname = "me.example";
	j->helo = "helo.example";
	j->sender = "";
	j->size = 12345;
	j->body_type = "8BITMIME";
	j->dsn_ret = "HDRS";
	j->dsn_envid = "id+2B1";
	j->rcpts = rc;
	j->nrcpts = 2;
	j->headers = "Subject: x\nX: \0y\n";	/* a NUL is kept */
	j->headers_len = 17;
	j->body_8bit = true;
	j->eight_bit_mode = SMTPC_8BIT_MIMIFY;
	m->charset = "iso-8859-1";
	m->id = "QID1";
	j->mime8to7 = m;
	for (i = 0; i < OPT_TO_MAX; i++)
		to[i] = i * 10;
	j->timeouts = to;
	j->tls_cert_file = "/c.pem";
	j->auth_user = "u";
	j->auth_pass = "p";
	j->auth_mechs = "PLAIN";
	j->verbose = stdout;
}

static void
test_roundtrip(void)
{
	struct smtpc_job j, d;
	struct mime8to7_conf m = { 0 };
	struct ipc_wire_job w;
	long to[OPT_TO_MAX];
	struct buf b = BUF_INIT;

	job(&j, &m, to);
	ipc_wire_job_put(&b, &j, 2, 300);
	T_INTEQ(ipc_wire_job_get(b.data, b.len, &d, &w), 0);
	T_STREQ(d.hosts, "mx.example:[192.0.2.1]");
	T_INTEQ(d.port, 2525);
	T_CHECK(!d.mx);
	T_STREQ(d.fallback_mx, "fb.example");
	T_STREQ(d.sender, "");
	T_INTEQ(d.size, 12345);
	T_STREQ(d.dsn_envid, "id+2B1");
	T_INTEQ(d.nrcpts, 2);
	T_STREQ(d.rcpts[0].orcpt, "rfc822;a@example.org");
	T_STREQ(d.rcpts[0].notify, "SUCCESS,FAILURE");
	T_CHECK(d.rcpts[1].notify == NULL);
	T_INTEQ(d.headers_len, 17);
	T_CHECK(memcmp(d.headers, j.headers, 17) == 0);
	T_INTEQ(d.eight_bit_mode, SMTPC_8BIT_MIMIFY);
	T_CHECK(d.mime8to7 != NULL && strcmp(d.mime8to7->id, "QID1") == 0 &&
	    d.mime8to7->host == NULL);
	T_CHECK(d.timeouts != NULL && d.timeouts[3] == 30);
	T_STREQ(d.tls_cert_file, "/c.pem");
	T_CHECK(d.tls_key_file == NULL);
	T_STREQ(d.auth_pass, "p");
	T_CHECK(d.starttls);
	T_CHECK(w.verbose && !w.is_local);
	T_INTEQ(w.cache_size, 2);
	T_INTEQ(w.cache_timeout, 300);
	T_CHECK(d.verbose == NULL && d.cache == NULL && d.body_fd == -1);
	ipc_wire_job_free(&d, &w);
	buf_free(&b);
}

static void
test_malformed(void)
{
	struct smtpc_job j, d;
	struct mime8to7_conf m = { 0 };
	struct ipc_wire_job w;
	long to[OPT_TO_MAX];
	struct buf b = BUF_INIT;
	size_t n, bad = 0;

	job(&j, &m, to);
	ipc_wire_job_put(&b, &j, 2, 300);
	/* every prefix is refused */
	for (n = 0; n < b.len; n++)
		if (ipc_wire_job_get(b.data, n, &d, &w) == 0) {
			bad++;
			ipc_wire_job_free(&d, &w);
		}
	T_INTEQ(bad, 0);
	/* a trailing byte */
	buf_addc(&b, 0);
	T_INTEQ(ipc_wire_job_get(b.data, b.len, &d, &w), -1);
	buf_truncate(&b, b.len - 1);
	/* another version */
	b.data[0] = 9;
	T_INTEQ(ipc_wire_job_get(b.data, b.len, &d, &w), -1);
	b.data[0] = IPC_WIRE_VERSION;
	/* a NUL inside a string (the hosts' first byte) */
	b.data[5] = '\0';
	T_INTEQ(ipc_wire_job_get(b.data, b.len, &d, &w), -1);
	b.data[5] = 'm';
	T_INTEQ(ipc_wire_job_get(b.data, b.len, &d, &w), 0);
	ipc_wire_job_free(&d, &w);
	/* a length past the end */
	b.data[1] = 0x7f;
	T_INTEQ(ipc_wire_job_get(b.data, b.len, &d, &w), -1);
	buf_free(&b);
	/* too many recipients for the bytes there */
	j.nrcpts = 0;
	buf_init(&b);
	ipc_wire_job_put(&b, &j, 2, 300);
	T_INTEQ(ipc_wire_job_get(b.data, b.len, &d, &w), -1);	/* none */
	buf_free(&b);
}

static void
test_socket(void)
{
	struct buf big = BUF_INIT, got = BUF_INIT;
	char tmpl[] = "/tmp/test_ipc_wireXXXXXX";
	int sv[2], df, fd = -1, r, st;
	struct stat a, b;
	size_t i;

	T_INTEQ(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	df = mkstemp(tmpl);
	T_CHECK(df >= 0);
	unlink(tmpl);
	/* several packets' worth, the df with the first */
	for (i = 0; i < 3 * IPC_WIRE_PKT + 7; i++)
		buf_addc(&big, 'a' + (int)(i % 26));
	if (fork() == 0) {
		int rc = ipc_wire_send(sv[0], &big, df);

		_exit(rc == 0 ? 0 : 1);
	}
	r = ipc_wire_recv(sv[1], &got, &fd);
	T_INTEQ(r, 1);
	T_CHECK(wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	T_INTEQ(got.len, big.len);
	T_CHECK(got.len == big.len && memcmp(got.data, big.data, got.len) == 0);
	T_CHECK(fd >= 0 && fstat(fd, &a) == 0 && fstat(df, &b) == 0 &&
	    a.st_ino == b.st_ino);
	if (fd >= 0)
		close(fd);
	/* a packet without the M/E mark is refused */
	T_INTEQ(send(sv[0], "Xjunk", 5, 0), 5);
	T_INTEQ(ipc_wire_recv(sv[1], &got, &fd), -1);
	T_INTEQ(fd, -1);
	/* the peer gone: 0 */
	close(sv[0]);
	T_INTEQ(ipc_wire_recv(sv[1], &got, &fd), 0);
	close(sv[1]);
	close(df);
	buf_free(&big);
	buf_free(&got);
}

int
main(void)
{
	test_roundtrip();
	test_malformed();
	test_socket();
	T_DONE();
}
