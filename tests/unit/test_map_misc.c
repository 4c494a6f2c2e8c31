/*
 * test_map_misc.c - the classes without database files: dequote,
 * arith, macro, regex, text, user, program, syslog, null, sequence,
 * switch, stab and arpa.  Expected texts are what sendmail 8.17.1.9's
 * -bt prints for the same K lines ("/map" rows) or returns from rules
 * ("rule" rows).
 */
#include "t.h"
#include "test_map_env.h"

#include "map/map.h"

#include <pwd.h>

struct kline {
	const char *name, *cls, *args;	/* "%D" in args: the temp dir */
};

static const struct kline klines[] = {
	{ "dq", "dequote", "" },
	{ "dqs", "dequote", "-s_" },
	{ "dqa", "dequote", "-a.X" },
	{ "ar", "arith", "" },
	{ "ara", "arith", "-a.X" },
	{ "mac", "macro", "" },
	{ "re", "regex", "^[a-z]+@example\\.com$" },
	{ "ren", "regex", "-n ^[a-z]+@example\\.com$" },
	{ "r1", "regex", "-s1,2 ^([a-z]+)@([a-z]+)\\.com$" },
	{ "r2", "regex", "-s1,2 -d: ^([a-z]+)@([a-z]+)\\.com$" },
	{ "r3", "regex", "-d+ -s1,2 ^([a-z]+)@([a-z]+)\\.com$" },
	{ "r5", "regex", "-s2 ^([a-z]+)@(x)?([a-z]+)\\.com$" },
	{ "r6", "regex", "^a b$" },
	{ "r7", "regex", "-s1 -a.X ^([a-z]+)" },
	{ "r11", "regex", "-s0 ^(a)" },
	{ "r12", "regex", "-s -d: ^(a)(b)?$" },
	{ "r13", "regex", "-s -d ^(a)(b)$" },
	{ "rem", "regex", "-m -a.M ^[a-z]+" },
	{ "reb", "regex", "-b ^a\\{2\\}" },
	{ "ref", "regex", "-f ^ABC" },
	{ "rea", "regex", "-aYES ^abc" },
	{ "tx", "text", "%D/text1" },
	{ "tx2", "text", "-v2 %D/text1" },
	{ "tx3", "text", "-z: -v1 %D/text1" },
	{ "tx4", "text", "-k1 -v0 %D/text1" },
	{ "txm", "text", "-m -a! %D/text1" },
	{ "txo", "text", "-o %D/nosuchtext" },
	{ "txn", "text", "%D/nosuchtext" },
	{ "txf", "text", "-f %D/text1" },
	{ "txk", "text", "-kx %D/text1" },
	{ "usr", "user", "" },
	{ "usrm", "user", "-m -a.U" },
	{ "usrd", "user", "-vdir" },
	{ "usru", "user", "-vuid" },
	{ "usrs", "user", "-vshell" },
	{ "usr2", "user", "-v2" },
	{ "prog", "program", "/bin/echo hello" },
	{ "prog2", "program", "/bin/false" },
	{ "prog3", "program", "/bin/true" },
	{ "prog4", "program", "/bin/printf" },
	{ "slog", "syslog", "-LLOG_DEBUG" },
	{ "nl", "null", "" },
	{ "seq", "sequence", "tx tx2" },
	{ "seqn", "sequence", "nl,tx" },
	{ "sw", "switch", "hosts" },
	{ "sw2.files", "text", "-v1 %D/text1" },
	{ "sw2", "switch", "hosts" },
	{ "st", "stab", "%D/aliases" },
	{ "arpa", "arpa", "" },
};

static const struct {
	const char *map, *key, *want;
} bt_rows[] = {
	{ "dq", "\"A.B.C\"", "returns A.B.C (0)" },
	{ "dq", "\"a b\"", "no match (0)" },
	{ "dq", "a\"\\\"b\"", "returns a\\\"b (0)" },
	{ "dq", "\"a\\\"b\"", "returns a\\\"b (0)" },
	{ "dq", "\"(a\"", "no match (0)" },
	{ "dq", "\"a (b)\"", "no match (0)" },
	{ "dq", "\"a\" (c d)", "no match (0)" },
	{ "dq", "\"a\\ b\"", "returns a\\ b (0)" },
	{ "dq", "\"a b", "no match (0)" },
	{ "dq", "\"a,b\"", "returns a,b (0)" },
	{ "dq", "\"a>b\"", "no match (0)" },
	{ "dq", "\"<a\"", "no match (0)" },
	{ "dq", "abc", "no match (0)" },
	{ "dq", "\"\"", "returns  (0)" },
	{ "dqs", "\"a b\"", "returns a_b (0)" },
	{ "dqa", "\"a\"", "returns a.X (0)" },
	{ "ar", "l", "no match (78)" },
	{ "ar", "/", "no match (78)" },
	{ "mac", "{Foo}", "returns  (0)" },
	{ "re", "joe@example.com", "returns  (0)" },
	{ "re", "JOE@example.com", "returns  (0)" },
	{ "re", "joe@other.com", "no match (0)" },
	{ "ren", "joe@other.com", "returns  (0)" },
	{ "ren", "joe@example.com", "no match (0)" },
	{ "r1", "joe@example.com", "returns joe\233example (0)" },
	{ "r2", "joe@example.com", "returns joe:example (0)" },
	{ "r3", "joe@example.com", "returns joe+example (0)" },
	{ "r5", "joe@example.com", "returns  (0)" },
	{ "r6", "a b", "returns  (0)" },
	{ "r7", "abc", "returns abc.X (0)" },
	{ "r11", "a", "returns a (0)" },
	{ "r12", "a", "returns a:a: (0)" },
	{ "r12", "ab", "returns ab:a:b (0)" },
	{ "r13", "ab", "returns abab (0)" },
	{ "rem", "joe@x", "returns joe@x.M (0)" },
	{ "reb", "aab", "returns  (0)" },
	{ "ref", "abc", "no match (0)" },
	{ "ref", "ABC", "returns  (0)" },
	{ "rea", "abc", "returns YES (0)" },
	{ "tx", "alice", "returns alice (0)" },
	{ "tx", "ALICE", "returns alice (0)" },
	{ "tx2", "alice", "returns Smith (0)" },
	{ "tx2", "carol", "returns z3 (0)" },
	{ "tx3", "bob", "returns Bob (0)" },
	{ "tx4", "x1", "no match (68)" },
	{ "txm", "Alice", "returns Alice! (0)" },
	{ "txo", "a", "Map named \"txo\" not open" },
	{ "txn", "a", "no match (75)" },
	{ "tx", "nobody", "no match (68)" },
	{ "txf", "ALICE", "returns alice (0)" },
	{ "txk", "a", "no match (75)" },
	{ "usr", "root", "returns root (0)" },
	{ "usr", "ROOT", "returns root (0)" },
	{ "usr", "nosuchuser-tern", "no match (67)" },
	{ "usrm", "ROOT", "returns root.U (0)" },
	{ "usru", "root", "returns 0 (0)" },
	{ "usr2", "root", "no match (75)" },
	{ "prog", "key1", "returns hello key1 (0)" },
	{ "prog2", "k", "no match (1)" },
	{ "prog3", "x", "no match (0)" },
	{ "prog4", "%s", "no match (0)" },
	{ "prog4", "a\\nb", "returns a (0)" },
	{ "slog", "tern test_map_misc: syslog map", "returns  (0)" },
	{ "nl", "x", "no match (68)" },
	{ "seq", "carol", "returns carol (0)" },
	{ "seq", "nosuch", "no match (68)" },
	{ "seqn", "carol", "returns carol (0)" },
	{ "sw", "smarthost", "no match (68)" },
	{ "sw2", "alice", "returns Alice (0)" },
	{ "st", "postmaster", "returns root (0)" },
	{ "st", "LIST", "returns a,\t b, c (0)" },
	{ "st", "nosuch", "no match (68)" },
	{ "arpa", "1.2.3.4", "returns 4.3.2.1 (0)" },
	{ "arpa", "IPv6:1:2:dead:beef:9876:0:0:1",
	  "returns 1.0.0.0.0.0.0.0.0.0.0.0.6.7.8.9.f.e.e.b.d.a.e.d.2.0.0.0.1.0.0.0 (0)" },
	{ "arpa", "foo", "no match (65)" },
};

static const struct {
	const char *map, *key, *a1, *a2, *want;
} rule_rows[] = {
	{ "ar", "+", "1", "2", "returns 3 (0)" },
	{ "ar", "-", "1", "2", "returns -1 (0)" },
	{ "ar", "*", "3", "4", "returns 12 (0)" },
	{ "ar", "/", "7", "2", "returns 3 (0)" },
	{ "ar", "/", "7", "0", "no match (65)" },
	{ "ar", "%", "7", "0", "no match (65)" },
	{ "ar", "%", "7", "3", "returns 1 (0)" },
	{ "ar", "l", "1", "2", "returns TRUE (0)" },
	{ "ar", "l", "2", "1", "returns FALSE (0)" },
	{ "ar", "=", "2", "2", "returns TRUE (0)" },
	{ "ar", "=", "2", "3", "returns FALSE (0)" },
	{ "ar", "|", "5", "2", "returns 7 (0)" },
	{ "ar", "&", "5", "4", "returns 4 (0)" },
	{ "ar", "x", "1", "2", "no match (78)" },
	{ "ar", "+", "x", "2", "returns 2 (0)" },
	{ "ar", "+", "-1", "2", "returns 1 (0)" },
	{ "ar", "/", "-7", "2", "returns -3 (0)" },
	{ "ar", "%", "-7", "2", "returns -1 (0)" },
	{ "ar", "+", "99999999999", "1", "returns 100000000000 (0)" },
	{ "ar", "+", "1", NULL, "no match (78)" },
	{ "ar", "r", "5", "5", "returns 5 (0)" },
	{ "ara", "+", "1", "2", "returns 3 (0)" },
	{ "ara", "l", "1", "2", "returns TRUE (0)" },
	{ "dq", "\"a\".\"b\"", NULL, NULL, "returns a.b (0)" },
	{ "mac", "{Foo}", "bar", NULL, "returns  (0)" },
	{ "mac", "Z", "val", NULL, "returns  (0)" },
	{ "mac", "{Q}", "", NULL, "returns  (0)" },
	{ "tx2", "alice", NULL, NULL, "returns Smith (0)" },
	{ "re", "\"joe\"@example.com", NULL, NULL, "returns  (0)" },
};

int
main(void)
{
	struct tenv t;
	struct buf args = BUF_INIT, want = BUF_INIT;
	struct passwd *pw;
	char *dir, *f;
	const char *p;
	size_t i;

	dir = tenv_tmpdir();
	T_CHECK(dir != NULL);
	if (dir == NULL)
		T_DONE();
	f = tenv_write(dir, "text1", "alice\tAlice Smith\tx1\nbob:Bob:y2\n"
	    "# comment\n\ncarol  Carol   z3\n");
	free(f);
	f = tenv_write(dir, "aliases", "# aliases\npostmaster: root\n"
	    "list: a,\n\t b, c\n\nMAILER-DAEMON: postmaster\n");
	free(f);
	f = tenv_write(dir, "switch", "hosts\tfiles\naliases files\n");
	tenv_init(&t);
	t.env.service_switch = f;
	for (i = 0; i < sizeof(klines) / sizeof(klines[0]); i++) {
		buf_reset(&args);
		for (p = klines[i].args; *p != '\0'; p++) {
			if (p[0] == '%' && p[1] == 'D') {
				buf_adds(&args, dir);
				p++;
			} else
				buf_addc(&args, *p);
		}
		T_CHECK(tenv_declare(&t, klines[i].name, klines[i].cls,
		    buf_str(&args)) != NULL);
	}
	T_STREQ(buf_str(&t.declerr), "");

	for (i = 0; i < sizeof(bt_rows) / sizeof(bt_rows[0]); i++) {
		const char *got = tenv_bt(&t, bt_rows[i].map, bt_rows[i].key);

		if (strcmp(got, bt_rows[i].want) != 0)
			fprintf(stderr, "bt row %zu\n", i);
		T_STREQ(got, bt_rows[i].want);
	}
	T_CHECK(tenv_macro_get(&t, "{Foo}") == NULL);
	for (i = 0; i < sizeof(rule_rows) / sizeof(rule_rows[0]); i++) {
		const char *got = tenv_rule(&t, rule_rows[i].map,
		    rule_rows[i].key, rule_rows[i].a1, rule_rows[i].a2);

		if (strcmp(got, rule_rows[i].want) != 0)
			fprintf(stderr, "rule row %zu\n", i);
		T_STREQ(got, rule_rows[i].want);
	}
	/* the macro map set these */
	T_STREQ(tenv_macro_get(&t, "{Foo}"), "bar");
	T_STREQ(tenv_macro_get(&t, "Z"), "val");
	T_STREQ(tenv_macro_get(&t, "Q"), "");
	T_STREQ(tenv_rule(&t, "mac", "{Foo}", NULL, NULL), "returns  (0)");
	T_CHECK(tenv_macro_get(&t, "{Foo}") == NULL);

	/* user fields come from the password file */
	if ((pw = getpwnam("root")) != NULL) {
		buf_reset(&want);
		buf_addf(&want, "returns %s (0)", pw->pw_dir);
		T_STREQ(tenv_bt(&t, "usrd", "root"), buf_str(&want));
		buf_reset(&want);
		buf_addf(&want, "returns %s (0)", pw->pw_shell);
		T_STREQ(tenv_bt(&t, "usrs", "root"), buf_str(&want));
	}

	/* diagnostics, once each, in sendmail's words */
	buf_reset(&want);
	buf_addf(&want, "text map \"txn\": unsafe map file %s/nosuchtext\n"
	    "text map \"txk\", file %s/text1: -k should specify a number, "
	    "not x\n"
	    "User map usr2: unknown column name 2\n"
	    "Switch map sw: unknown member map sw.files\n", dir, dir);
	T_STREQ(buf_str(&t.errors), buf_str(&want));

	tenv_free(&t);
	buf_free(&args);
	buf_free(&want);
	free(f);
	tenv_rmdir(dir);
	free(dir);
	T_DONE();
}
