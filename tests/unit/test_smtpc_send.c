/*
 * test_smtpc_send.c - a driver for smtpc_deliver, for the integration
 * tests (tests/integration/test_smtpc.py), and a unit test when run
 * without arguments (a delivery to a closed port defers).
 *
 *   test_smtpc_send --hosts H [--port N] [--nomx] [--fallback H]
 *       [--local NAME] [--myname N] [--helo N] --from ADDR
 *       --to ADDR[,NOTIFY[,ORCPT]] ... [--headers FILE] [--body FILE]
 *       [--size N] [--body-type T] [--8bit] [--strict] [--ret R]
 *       [--envid E] [--notls] [--ca FILE] [--cert F --key F]
 *       [--tls-fallback] [--auth USER:PASS] [--auth-mechs M]
 *       [--auth-clear] [--timeout SEC] [-v]
 *
 * Prints "rc=N", "relay=...", "code=... status=... reply=...",
 * "verify=... cipher=... auth=...", then one "rcpt ADDR exit=N code=N
 * status=S reply=TEXT" line per recipient.  Exits 0.
 */
#include "t.h"
#include "smtpc/smtpc.h"
#include "cf/option.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <sysexits.h>
#include <unistd.h>

static bool
is_local(const char *h, void *arg)
{
	return strcasecmp(h, (const char *)arg) == 0;
}

static char *
slurp(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	char tmp[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		perror(path);
		exit(2);
	}
	while ((n = read(fd, tmp, sizeof tmp)) > 0)
		buf_add(&b, tmp, (size_t)n);
	close(fd);
	*len = b.len;
	return buf_steal(&b);
}

static int
drive(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "hosts", 1, 0, 'H' }, { "port", 1, 0, 'p' },
		{ "nomx", 0, 0, 'N' }, { "fallback", 1, 0, 'F' },
		{ "local", 1, 0, 'l' }, { "myname", 1, 0, 'm' },
		{ "helo", 1, 0, 'h' }, { "from", 1, 0, 'f' },
		{ "to", 1, 0, 't' }, { "headers", 1, 0, 'e' },
		{ "body", 1, 0, 'b' }, { "size", 1, 0, 's' },
		{ "body-type", 1, 0, 'B' }, { "8bit", 0, 0, '8' },
		{ "strict", 0, 0, 'S' }, { "ret", 1, 0, 'R' },
		{ "envid", 1, 0, 'E' }, { "notls", 0, 0, 'n' },
		{ "ca", 1, 0, 'c' }, { "cert", 1, 0, 'C' },
		{ "key", 1, 0, 'k' }, { "tls-fallback", 0, 0, 'T' },
		{ "auth", 1, 0, 'a' }, { "auth-mechs", 1, 0, 'M' },
		{ "auth-clear", 0, 0, 'A' }, { "timeout", 1, 0, 'o' },
		{ "verbose", 0, 0, 'v' }, { 0, 0, 0, 0 },
	};
	struct smtpc_job j;
	struct smtpc_result res;
	struct smtpc_rcpt rc[64];
	long to[OPT_TO_MAX];
	char *hdr = NULL, *pass;
	size_t n = 0, i, hlen = 0;
	int c, ret, k;

	smtpc_job_init(&j);
	j.dns_deterministic = true;
	memset(rc, 0, sizeof rc);
	memset(to, 0, sizeof to);
	while ((c = getopt_long(argc, argv, "v", lo, NULL)) != -1) {
		switch (c) {
		case 'H': j.hosts = optarg; break;
		case 'p': j.port = atoi(optarg); break;
		case 'N': j.mx = false; break;
		case 'F': j.fallback_mx = optarg; break;
		case 'l': j.is_local = is_local; j.is_local_arg = optarg; break;
		case 'm': j.myname = optarg; break;
		case 'h': j.helo = optarg; break;
		case 'f': j.sender = optarg; break;
		case 't': {
			char *a = optarg, *p;

			if (n == sizeof rc / sizeof rc[0])
				return 2;
			rc[n].addr = a;
			if ((p = strchr(a, ',')) != NULL) {
				*p++ = '\0';
				rc[n].notify = *p ? p : NULL;
				if ((p = strchr(p, ',')) != NULL) {
					*p++ = '\0';
					rc[n].orcpt = p;
				}
			}
			n++;
			break;
		}
		case 'e': hdr = slurp(optarg, &hlen); break;
		case 'b':
			j.body_fd = open(optarg, O_RDONLY);
			if (j.body_fd < 0) {
				perror(optarg);
				return 2;
			}
			break;
		case 's': j.size = strtoul(optarg, NULL, 10); break;
		case 'B': j.body_type = optarg; break;
		case '8': j.body_8bit = true; break;
		case 'S': j.eight_bit_mode = SMTPC_8BIT_STRICT; break;
		case 'R': j.dsn_ret = optarg; break;
		case 'E': j.dsn_envid = optarg; break;
		case 'n': j.starttls = false; break;
		case 'c': j.tls_ca_file = optarg; break;
		case 'C': j.tls_cert_file = optarg; break;
		case 'k': j.tls_key_file = optarg; break;
		case 'T': j.tls_fallback_clear = true; break;
		case 'a':
			pass = strchr(optarg, ':');
			if (pass == NULL)
				return 2;
			*pass++ = '\0';
			j.auth_user = optarg;
			j.auth_pass = pass;
			break;
		case 'M': j.auth_mechs = optarg; break;
		case 'A': j.auth_clear_ok = true; break;
		case 'o':
			for (k = 0; k < OPT_TO_MAX; k++)
				to[k] = atol(optarg);
			j.timeouts = to;
			break;
		case 'v': j.verbose = stderr; break;
		default: return 2;
		}
	}
	j.rcpts = rc;
	j.nrcpts = n;
	j.headers = hdr;
	j.headers_len = hlen;
	ret = smtpc_deliver(&j, &res);
	printf("rc=%d\n", ret);
	printf("relay=%s\n", res.relay ? res.relay : "");
	printf("code=%d status=%s reply=%s\n", res.code, res.status,
	    res.reply ? res.reply : "");
	printf("verify=%s cipher=%s auth=%s esmtp=%d\n", res.verify,
	    res.cipher ? res.cipher : "", res.auth_mech ? res.auth_mech : "",
	    res.esmtp);
	for (i = 0; i < n; i++)
		printf("rcpt %s exit=%d code=%d status=%s reply=%s\n",
		    rc[i].addr, rc[i].exitstat, rc[i].code, rc[i].status,
		    rc[i].reply ? rc[i].reply : "");
	smtpc_result_free(&j, &res);
	free(hdr);
	if (j.body_fd >= 0)
		close(j.body_fd);
	return 0;
}

int
main(int argc, char **argv)
{
	struct smtpc_job j;
	struct smtpc_result res;
	struct smtpc_rcpt rc[2] = { { .addr = "a@example.org" },
	    { .addr = "b@example.org" } };
	int ret;

	if (argc > 1)
		return drive(argc, argv);
	/* port 1 on loopback: refused, so deferred, nothing else */
	smtpc_job_init(&j);
	j.hosts = "[127.0.0.1]";
	j.mx = false;
	j.port = 1;
	j.sender = "s@example.org";
	j.rcpts = rc;
	j.nrcpts = 2;
	ret = smtpc_deliver(&j, &res);
	T_INTEQ(ret, EX_TEMPFAIL);
	T_STREQ(res.relay, "[127.0.0.1] [127.0.0.1]");
	T_INTEQ(rc[0].exitstat, EX_TEMPFAIL);
	T_INTEQ(rc[1].exitstat, EX_TEMPFAIL);
	T_STREQ(rc[0].reply, "Connection refused by [127.0.0.1]");
	T_STREQ(res.verify, "NONE");
	smtpc_result_free(&j, &res);
	/* a malformed literal: no host */
	j.hosts = "[1.2.3]";
	ret = smtpc_deliver(&j, &res);
	T_INTEQ(ret, EX_NOHOST);
	T_STREQ(rc[0].status, "5.1.2");
	smtpc_result_free(&j, &res);
	/* a line break in an argument never reaches a server */
	j.hosts = "[127.0.0.1]";
	rc[1].addr = "b@example.org>\r\nRCPT TO:<evil@example.org";
	ret = smtpc_deliver(&j, &res);
	T_INTEQ(ret, EX_SOFTWARE);
	T_INTEQ(rc[0].exitstat, EX_SOFTWARE);
	T_STREQ(res.reply, "line break in an SMTP command argument");
	smtpc_result_free(&j, &res);
	T_DONE();
}
