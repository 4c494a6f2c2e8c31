/*
 * test_map_host.c - the host class, getcanonname (/canon), getmxrr
 * (/mx) and bestmx, in the test world's terms: $m = example.com, the
 * world's hosts file, a service switch with and without dns, and a
 * name server that refuses at once (127.0.0.1 port 1), as the world's
 * dead resolver does.  Expected texts are what sendmail 8.17.1.9
 * prints in that world.
 */
#include "t.h"
#include "test_map_env.h"

#include "map/map.h"
#include "map/map_dns.h"

#include <time.h>

static const char hosts[] =
    "127.0.0.1\tlocalhost\n"
    "127.0.1.1\tmx.example.com mx\n"
    "192.0.2.1\tgw.example.com gw\n"
    "192.0.2.2\tsmarthost.example.com smarthost\n"
    "192.0.2.25\tmail.example.com\n"
    "198.51.100.7\twww.other.org\n"
    "203.0.113.5\trelay.example.net\n";

static const struct {
	const char *name, *want;
	int ok;
} canon_rows[] = {
	{ "localhost", "localhost.example.com", 1 },
	{ "smarthost", "smarthost.example.com", 1 },
	{ "SmartHost", "smarthost.example.com", 1 },
	{ "nosuch", "nosuch", 0 },
	{ "nosuch.org", "nosuch.org", 0 },
	{ "gw.example.com", "gw.example.com", 1 },
	{ "gw.example.com.", "gw.example.com", 1 },
	{ "mx", "mx.example.com", 1 },
	{ "www.other.org", "www.other.org", 1 },
};

static const struct {
	const char *map, *key, *want;
} nodns_rows[] = {
	{ "res", "smarthost", "returns smarthost.example.com<OKR> (0)" },
	{ "res", "nosuch.other.org", "no match (68)" },
	{ "res", "localhost", "returns localhost.example.com<OKR> (0)" },
	{ "res", "[127.0.0.1]", "returns localhost<OKR> (0)" },
	{ "host", "smarthost", "returns smarthost.example.com. (0)" },
	{ "host", "nosuch.org", "no match (68)" },
	{ "host", "mx", "returns mx.example.com. (0)" },
	{ "host", "[192.0.2.2]", "returns smarthost.example.com. (0)" },
	{ "host", "[192.0.2.25]", "returns mail.example.com. (0)" },
	{ "host", "[1.2.3.4]", "no match (75)" },
	{ "hostm", "SMARTHOST", "returns SMARTHOST.A (0)" },
	{ "bm", "other.org", "no match (0)" },
};

static const struct {
	const char *map, *key, *want;
} dns_rows[] = {
	{ "res", "nosuch.org", "no match (75)" },
	{ "res", "smarthost", "returns smarthost.example.com<OKR> (0)" },
	{ "res", "gw.example.com", "returns gw.example.com<OKR> (0)" },
	{ "host", "nosuch.org", "no match (75)" },
	{ "host", "[192.0.2.2]", "returns smarthost.example.com. (0)" },
	{ "host", "[1.2.3.4]", "no match (75)" },
	{ "host", "a-very-long-host-name.in-some-deep.example.org",
	  "no match (75)" },
	{ "bm", "other.org", "no match (75)" },
	{ "bmt", "other.org", "no match (75)" },
};

int
main(void)
{
	struct tenv t;
	struct buf out = BUF_INIT;
	struct map_mx mx;
	char *dir, *hf, *sw1, *sw2;
	size_t i;
	time_t start;

	dir = tenv_tmpdir();
	T_CHECK(dir != NULL);
	if (dir == NULL)
		T_DONE();
	hf = tenv_write(dir, "hosts", hosts);
	sw1 = tenv_write(dir, "switch", "hosts files\naliases files\n");
	sw2 = tenv_write(dir, "switch-dns", "hosts files dns\n");
	map_dns_set_server("127.0.0.1", 1);
	start = time(NULL);

	tenv_init(&t);
	t.env.hosts_file = hf;
	t.env.service_switch = sw1;
	tenv_macro_set(&t, "m", "example.com");
	T_CHECK(tenv_declare(&t, "res", "host", "-a<OKR> -T<TEMP>") != NULL);
	T_CHECK(tenv_declare(&t, "host", "host", "-a. -D") != NULL);
	T_CHECK(tenv_declare(&t, "hostm", "host", "-m -a.A") != NULL);
	T_CHECK(tenv_declare(&t, "bm", "bestmx", "") != NULL);
	T_CHECK(tenv_declare(&t, "bmt", "bestmx", "-T.T") != NULL);

	/* hosts files only */
	for (i = 0; i < sizeof(canon_rows) / sizeof(canon_rows[0]); i++) {
		T_INTEQ(map_host_canon(&t.env, canon_rows[i].name, &out),
		    canon_rows[i].ok);
		T_STREQ(buf_str(&out), canon_rows[i].want);
	}
	for (i = 0; i < sizeof(nodns_rows) / sizeof(nodns_rows[0]); i++)
		T_STREQ(tenv_bt(&t, nodns_rows[i].map, nodns_rows[i].key),
		    nodns_rows[i].want);
	T_INTEQ(map_host_mx(&t.env, "other.org", &mx), 0);
	T_INTEQ(map_host_mx(&t.env, "smarthost.example.com", &mx), 0);
	T_INTEQ(map_host_mx(&t.env, "[1.2.3.4]", &mx), 1);
	T_STREQ(mx.host[0], "[1.2.3.4]");
	map_mx_free(&mx);
	T_STREQ(tenv_rule(&t, "res", "\"smarthost\"", NULL, NULL),
	    "returns smarthost.example.com<OKR> (0)");
	T_STREQ(buf_str(&t.errors), "");

	/* dns in the switch, and no name server answers */
	t.env.service_switch = sw2;
	buf_reset(&t.errors);
	T_INTEQ(map_host_canon(&t.env, "nosuch.org", &out), 0);
	T_STREQ(buf_str(&out), "nosuch.org");
	T_INTEQ(map_host_canon(&t.env, "localhost", &out), 1);
	T_STREQ(buf_str(&out), "localhost.example.com");
	T_INTEQ(map_host_mx(&t.env, "other.org", &mx), -1);
	T_INTEQ(map_host_mx(&t.env, "smarthost", &mx), -1);
	T_INTEQ(map_host_mx(&t.env, "[1.2.3.4]", &mx), 1);
	map_mx_free(&mx);
	for (i = 0; i < sizeof(dns_rows) / sizeof(dns_rows[0]); i++)
		T_STREQ(tenv_bt(&t, dns_rows[i].map, dns_rows[i].key),
		    dns_rows[i].want);
	T_STREQ(buf_str(&t.errors),
	    "nosuch.org: Name server timeout\n"
	    "nosuch.org: Name server timeout\n"
	    "[1.2.3.4]: Name server timeout\n"
	    "a-very-long-hos...eep.example.org: Name server timeout\n");
	/* from a rule, a temporary failure appends -T and says 75 */
	T_STREQ(tenv_rule(&t, "res", "nosuch.org", NULL, NULL),
	    "returns nosuch.org<TEMP> (75)");
	T_STREQ(tenv_rule(&t, "bmt", "other.org", NULL, NULL),
	    "returns other.org.T (75)");
	/* a dead resolver must answer at once */
	T_CHECK(time(NULL) - start < 10);

	tenv_free(&t);
	buf_free(&out);
	map_dns_set_server(NULL, 0);
	free(hf);
	free(sw1);
	free(sw2);
	tenv_rmdir(dir);
	free(dir);
	T_DONE();
}
