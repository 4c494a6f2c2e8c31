/*
 * test_map_args.c - K-line arguments and the class registry: what is
 * accepted, what sendmail 8.17 complains about (texts checked against
 * the real binary's readcf), and which maps end up unusable.
 */
#include "t.h"
#include "test_map_env.h"

#include "map/map.h"

static const struct {
	const char *name, *cls, *args;
	int created;		/* map_new returned a map */
	const char *err;	/* err text, "" for none */
	const char *bt;		/* /map name key -> ..., NULL: skip */
} rows[] = {
	{ "x1", "dbm", "/x", 0, "readcf: map x1: class dbm not available", NULL },
	{ "x2", "cdb", "/x", 0, "readcf: map x2: class cdb not available", NULL },
	{ "x3", "nosuch", "/x", 0, "readcf: map x3: class nosuch not available", NULL },
	{ "x5", "nis", "foo", 0, "readcf: map x5: class nis not available", NULL },
	{ "x6", "ldap", "-k foo", 0, "readcf: map x6: class ldap not available", NULL },
	{ "x7", "hesiod", "foo", 0, "readcf: map x7: class hesiod not available", NULL },
	{ "x11", "socket", "inet:1@127.0.0.1", 0, "readcf: map x11: class socket not available", NULL },
	{ "x4", "hash", "-Y /nonexistent/x", 1, "Illegal option Y map x4", NULL },
	{ "x16", "hash", "", 1, "No file name for hash map x16", "Map named \"x16\" not open" },
	{ "x17", "switch", "", 1, "No file name for switch map x17", "Map named \"x17\" not open" },
	{ "xt", "text", "-k", 1, "No file name for text map xt", "Map named \"xt\" not open" },
	{ "xp", "program", "", 1, "No file name for program map xp", NULL },
	{ "xst", "stab", "-Y", 1, "Illegal option Y map xst\nNo file name for stab map xst", NULL },
	{ "xa", "hash", "-d -r -l -t -S_ -A -D -k 0 -v 1 -z: -1 /nonexistent/x more args", 1,
	  "Illegal option r map xa\nIllegal option l map xa\nIllegal option 1 map xa", NULL },
	{ "xn", "null", "-Y", 1, "Illegal option Y map xn", "no match (68)" },
	{ "xsl", "syslog", "-LLOG_ERR -Y", 1, "Illegal option Y map syslog", NULL },
	{ "xh", "host", "-d5 -r2 -m -a.A -q -f -o -N -O -z: -k -v -Y", 1, "", NULL },
	{ "xdq", "dequote", "-a.X -Y", 1, "", "returns a.X (0)" },
	{ "xar", "arith", "-Y", 1, "", "no match (78)" },
	{ "xmac", "macro", "-Y", 1, "", NULL },
	{ "xbm", "bestmx", "-Y", 1, "Illegal option Y map xbm", NULL },
	{ "xd1", "dns", "-Y", 1, "dns map xd1: missing -R type", "no match (68)" },
	{ "xd2", "dns", "", 1, "dns map xd2: missing -R type", NULL },
	{ "xd3", "dns", "-RA -z, -B example.com", 1, "", NULL },
	{ "xu", "user", "-vnosuch", 1, "", NULL },
	{ "xr1", "regex", "-s3 ^([a-z]+)@([a-z]+)\\.com$", 1,
	  "field (3) out of range, only 3 substrings in pattern", "Map named \"xr1\" not open" },
	{ "xr2", "regex", "-x ^a", 1, "", NULL },
	{ "xseq", "sequence", "xn nosuchmap xdq", 1,
	  "Sequence map xseq: unknown member map nosuchmap", NULL },
	{ "xim", "implicit", "-Y /x", 1, "Illegal option Y map xim", NULL },
	{ "xarpa", "arpa", "-Y", 1, "", NULL },
};

static const char *const known[] = {
	"dbm", "btree", "hash", "cdb", "nis", "nisplus", "ldap", "ph",
	"hesiod", "netinfo", "text", "stab", "implicit", "user", "host",
	"bestmx", "dns", "arpa", "sequence", "switch", "syslog", "null",
	"dequote", "regex", "program", "macro", "arith", "socket", "nsd",
};

int
main(void)
{
	struct tenv t;
	struct map *m;
	size_t i;
	const char *keys[] = { "xdq", "\"a\"" };

	tenv_init(&t);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		buf_reset(&t.declerr);
		m = tenv_declare(&t, rows[i].name, rows[i].cls, rows[i].args);
		if ((m != NULL) != rows[i].created)
			fprintf(stderr, "row %s\n", rows[i].name);
		T_INTEQ(m != NULL, rows[i].created);
		if (t.declerr.len > 0)
			buf_truncate(&t.declerr, t.declerr.len - 1);
		T_STREQ(buf_str(&t.declerr), rows[i].err);
		if (m != NULL) {
			T_STREQ(map_name(m), rows[i].name);
			T_STREQ(map_classname(m), rows[i].cls);
		}
		if (rows[i].bt != NULL)
			T_STREQ(tenv_bt(&t, rows[i].name,
			    strcmp(rows[i].name, keys[0]) == 0 ? keys[1] :
			    "+"), rows[i].bt);
	}
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		T_CHECK(map_class_known(known[i]));
	T_CHECK(!map_class_known("nosuch"));
	T_CHECK(!map_class_known(""));

	/* the built-in maps sendmail declares after the cf */
	T_STREQ(map_builtins[0].name, "host");
	T_STREQ(map_builtins[0].args, "-a. -D");
	for (i = 0; map_builtins[i].name != NULL; i++) {
		buf_reset(&t.declerr);
		T_CHECK(tenv_declare(&t, map_builtins[i].name,
		    map_builtins[i].classname, map_builtins[i].args) != NULL);
		T_STREQ(buf_str(&t.declerr), "");
	}
	buf_reset(&t.errors);
	T_STREQ(tenv_bt(&t, "aliases", "postmaster"), "no match (68)");
	T_STREQ(buf_str(&t.errors), "");
	T_STREQ(tenv_bt(&t, "nosuchmap", "x"), "Map named \"nosuchmap\" not found");
	tenv_free(&t);
	T_DONE();
}
