/*
 * test_map_hash.c - the hash, btree and implicit classes: files made
 * by the real makemap (fixtures/) and by tern's Berkeley DB code, key
 * folding, the trailing-NUL rules, %n substitution, -a -T -m -t -o,
 * missing, unreadable and wrong-type files.  Expected texts are what
 * sendmail 8.17.1.9 prints for the same files in -bt.
 */
#include "t.h"
#include "test_map_env.h"

#include "map/map.h"
#include "map/map_db.h"

#include <sys/stat.h>

static char fixdir[1024];

/* fixture - the path of a fixture map (without .db) */
static const char *
fixture(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", fixdir, name);
	return buf;
}

/* make_db - a map file written through tern's map_db code */
static int
make_db(const char *path, DBTYPE type, const char *const *kv, bool nul)
{
	DB *db;
	DBT k, v;
	int err;

	err = map_db_open(path, type, DB_CREATE | DB_TRUNCATE, 0640, false,
	    0, true, &db);
	if (err != 0)
		return err;
	for (; kv[0] != NULL; kv += 2) {
		memset(&k, 0, sizeof(k));
		memset(&v, 0, sizeof(v));
		k.data = (void *)kv[0];
		k.size = (u_int32_t)strlen(kv[0]) + nul;
		v.data = (void *)kv[1];
		v.size = (u_int32_t)strlen(kv[1]) + nul;
		if ((err = db->put(db, NULL, &k, &v, 0)) != 0)
			break;
	}
	(void)db->close(db, 0);
	return err;
}

static const struct {
	const char *map, *key;
	const char *want;
} bt_rows[] = {
	/* sendmail -bt /map on the real makemap's files */
	{ "vt", "foo", "returns bar  and foo  % %x end% (0)" },
	{ "vt", "FOO", "returns bar  and FOO  % %x end% (0)" },
	{ "vt", "mixed", "returns Value (0)" },
	{ "vt", "Connect:192.0.2.1", "returns REJECT (0)" },
	{ "vt", "nosuch", "no match (0)" },
	{ "vtm", "FOO", "returns FOO.M (0)" },
	{ "vtf", "foo", "returns bar  and foo  % %x end% (0)" },
	{ "vtf", "Foo", "no match (0)" },
	{ "nul", "foo", "returns nulval (0)" },
	{ "nul", "BAR", "returns x (0)" },
	{ "nulO", "foo", "no match (0)" },
	{ "nulN", "foo", "returns nulval (0)" },
	{ "bt", "mixed", "returns Value (0)" },
	{ "bth", "a", "no match (75)" },
	{ "nofold", "CaseKey", "no match (0)" },
	{ "nofoldf", "CaseKey", "returns CaseVal (0)" },
	{ "nofoldf", "casekey", "no match (0)" },
	{ "im", "foo", "returns bar  and foo  % %x end% (0)" },
	{ "im2", "foo", "no match (75)" },
	{ "opt", "foo", "Map named \"opt\" not open" },
	{ "miss", "foo", "no match (75)" },
	{ "p000", "k", "no match (75)" },
	{ "tern", "alpha", "returns one (0)" },
	{ "tern", "Alpha", "returns one (0)" },
	{ "ternbt", "beta", "returns two  (0)" },
	{ "ternnul", "gamma", "returns three (0)" },
	{ "ternnul", "gamma", "returns three (0)" },
};

static const struct {
	const char *map, *key, *a1, *a2, *want;
} rule_rows[] = {
	/* $(map key $@ a1 $@ a2 $) from rules */
	{ "vt", "FOO", "A1", "A2", "returns bar A1 and FOO A2 % %x end% (0)" },
	{ "vt", "\"foo\"", "A1", "A2", "returns bar A1 and foo A2 % %x end% (0)" },
	{ "vt", "\"Fo\"o", "A1", "A2", "returns bar A1 and Foo A2 % %x end% (0)" },
	{ "vt", "other.org", "A1", NULL, "returns smtp:A1 (0)" },
	{ "vt", "other.org", NULL, NULL, "returns smtp: (0)" },
	{ "vtq", "\"foo\"", NULL, NULL, "no match (0)" },
	{ "vtq", "foo", NULL, NULL, "returns bar  and foo  % %x end% (0)" },
	{ "t", "foo", NULL, NULL, "returns foo.TMP (75)" },
	{ "tt", "foo", NULL, NULL, "returns foo.TMP (0)" },
	{ "vta", "mixed", NULL, NULL, "returns Value<OK> (0)" },
	{ "vta", "nosuch", NULL, NULL, "no match (0)" },
	{ "opt", "foo", NULL, NULL, "no match (0)" },
	{ "miss", "foo", NULL, NULL, "no match (75)" },
};

int
main(void)
{
	char path[1200], *dir, *p;
	struct tenv t;
	struct buf args = BUF_INIT;
	size_t i;
	const char *tern_kv[] = { "alpha", "one", "beta", "two %1",
	    "gamma", "three", NULL, NULL };

	snprintf(fixdir, sizeof(fixdir), "%s", __FILE__);
	if ((p = strrchr(fixdir, '/')) != NULL)
		snprintf(p, sizeof(fixdir) - (size_t)(p - fixdir),
		    "/fixtures");
	else
		snprintf(fixdir, sizeof(fixdir), "fixtures");
	dir = tenv_tmpdir();
	T_CHECK(dir != NULL);
	if (dir == NULL)
		T_DONE();

	tenv_init(&t);
#define DECL(n, c, a) do { buf_reset(&args); buf_adds(&args, a); \
	tenv_declare(&t, n, c, buf_str(&args)); } while (0)
	fixture("real-hash", path, sizeof(path));
	DECL("vt", "hash", path);
	buf_reset(&args); buf_addf(&args, "-m -a.M %s", path);
	tenv_declare(&t, "vtm", "hash", buf_str(&args));
	buf_reset(&args); buf_addf(&args, "-f %s", path);
	tenv_declare(&t, "vtf", "hash", buf_str(&args));
	buf_reset(&args); buf_addf(&args, "-q %s", path);
	tenv_declare(&t, "vtq", "hash", buf_str(&args));
	buf_reset(&args); buf_addf(&args, "-a<OK> %s", path);
	tenv_declare(&t, "vta", "hash", buf_str(&args));
	DECL("bth", "hash", fixture("real-btree", path, sizeof(path)));
	DECL("bt", "btree", path);
	fixture("real-nul", path, sizeof(path));
	DECL("nul", "hash", path);
	buf_reset(&args); buf_addf(&args, "-O %s", path);
	tenv_declare(&t, "nulO", "hash", buf_str(&args));
	buf_reset(&args); buf_addf(&args, "-N %s", path);
	tenv_declare(&t, "nulN", "hash", buf_str(&args));
	fixture("real-nofold", path, sizeof(path));
	DECL("nofold", "hash", path);
	buf_reset(&args); buf_addf(&args, "-f %s", path);
	tenv_declare(&t, "nofoldf", "hash", buf_str(&args));
	DECL("im", "implicit", fixture("real-hash", path, sizeof(path)));
	buf_reset(&args); buf_addf(&args, "%s/nosuch", dir);
	tenv_declare(&t, "im2", "implicit", buf_str(&args));
	buf_reset(&args); buf_addf(&args, "-o %s/nosuch", dir);
	tenv_declare(&t, "opt", "hash", buf_str(&args));
	buf_reset(&args); buf_addf(&args, "%s/nosuch2", dir);
	tenv_declare(&t, "miss", "hash", buf_str(&args));

	/* an unreadable map, and maps tern wrote itself */
	snprintf(path, sizeof(path), "%s/p000.db", dir);
	T_INTEQ(make_db(path, DB_HASH, tern_kv, false), 0);
	T_INTEQ(chmod(path, 0), 0);
	buf_reset(&args); buf_addf(&args, "%s/p000", dir);
	tenv_declare(&t, "p000", "hash", buf_str(&args));
	buf_reset(&args); buf_addf(&args, "-T.TMP -a.OK %s/p000", dir);
	tenv_declare(&t, "t", "hash", buf_str(&args));
	buf_reset(&args); buf_addf(&args, "-t -T.TMP %s/p000", dir);
	tenv_declare(&t, "tt", "hash", buf_str(&args));
	snprintf(path, sizeof(path), "%s/tern.db", dir);
	T_INTEQ(make_db(path, DB_HASH, tern_kv, false), 0);
	buf_reset(&args); buf_addf(&args, "%s/tern", dir);
	tenv_declare(&t, "tern", "hash", buf_str(&args));
	snprintf(path, sizeof(path), "%s/ternbt.db", dir);
	T_INTEQ(make_db(path, DB_BTREE, tern_kv, false), 0);
	buf_reset(&args); buf_addf(&args, "%s/ternbt.db", dir);
	tenv_declare(&t, "ternbt", "btree", buf_str(&args));
	snprintf(path, sizeof(path), "%s/ternnul.db", dir);
	T_INTEQ(make_db(path, DB_HASH, tern_kv, true), 0);
	buf_reset(&args); buf_addf(&args, "%s/ternnul", dir);
	tenv_declare(&t, "ternnul", "hash", buf_str(&args));
	T_STREQ(buf_str(&t.declerr), "");

	for (i = 0; i < sizeof(bt_rows) / sizeof(bt_rows[0]); i++) {
		const char *got = tenv_bt(&t, bt_rows[i].map, bt_rows[i].key);

		if (strcmp(got, bt_rows[i].want) != 0)
			fprintf(stderr, "bt row %zu\n", i);
		T_STREQ(got, bt_rows[i].want);
	}
	for (i = 0; i < sizeof(rule_rows) / sizeof(rule_rows[0]); i++) {
		const char *got = tenv_rule(&t, rule_rows[i].map,
		    rule_rows[i].key, rule_rows[i].a1, rule_rows[i].a2);

		if (strcmp(got, rule_rows[i].want) != 0)
			fprintf(stderr, "rule row %zu\n", i);
		T_STREQ(got, rule_rows[i].want);
	}

	/* each diagnostic once, in sendmail's words */
	buf_reset(&args);
	buf_addf(&args,
	    "Cannot open hash database %s/real-btree.db: Invalid argument\n"
	    "hash map \"miss\": missing map file %s/nosuch2.db: No such file or directory\n"
	    "hash map \"p000\": unsafe map file %s/p000.db: Permission denied\n"
	    "hash map \"t\": unsafe map file %s/p000.db: Permission denied\n"
	    "hash map \"tt\": unsafe map file %s/p000.db: Permission denied\n",
	    fixdir, dir, dir, dir, dir);
	T_STREQ(buf_str(&t.errors), buf_str(&args));

	/* a map rebuilt under a running program is reopened */
	{
		const char *kv2[] = { "alpha", "uno", NULL, NULL };

		snprintf(path, sizeof(path), "%s/tern.db.new", dir);
		T_INTEQ(make_db(path, DB_HASH, kv2, false), 0);
		snprintf(path + 600, sizeof(path) - 600, "%s/tern.db", dir);
		T_INTEQ(rename(path, path + 600), 0);
		T_STREQ(tenv_bt(&t, "tern", "alpha"), "returns uno (0)");
	}
	tenv_free(&t);
	buf_free(&args);
	tenv_rmdir(dir);
	free(dir);
	T_DONE();
}
