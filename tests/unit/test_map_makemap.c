/*
 * test_map_makemap.c - tern's makemap against the real one's behaviour:
 * each row runs build/(san/)bin/makemap with an input and compares the
 * exit code, stdout and stderr with what sendmail 8.17.1.9's makemap
 * printed for the same run; then map_hash reads what it wrote.
 * Skipped (counted as one failure) when the tool is not built.
 */
#include "t.h"
#include "test_map_env.h"

#include "map/map.h"

#include <sys/wait.h>

static const char in1[] = "Foo bar baz\n# comment\n\nKey2\tval2\n  lead\tx\n"
    "novalue\nk3   spaced   v  \nFoo dup\n";

static const struct {
	const char *args, *input, *out, *err;
	int rc;
} rows[] = {
	{ "", "", "", "Usage: makemap [-C cffile] [-N] [-c cachesize] [-D commentchar]\n"
	  "               [-d] [-e] [-f] [-i type] [-l] [-o] [-r] [-s] [-t delimiter]\n"
	  "               [-u] [-v] type mapname\n", 64 },
	{ "-C /dev/null -l", "", "hash\nbtree\nimplicit\n", "", 0 },
	{ "-C /dev/null foo x", "", "", "makemap: error opening type foo map x: Unknown database type\n", 73 },
	{ "-C /nonexistent/cf hash x", "", "", "makemap: /nonexistent/cf: No such file or directory\n", 66 },
	{ "-C /dev/null -u hash nosuch", "", "", "makemap: error opening type hash map nosuch: No such file or directory\n", 73 },
	{ "-C /dev/null hash h1", in1, "",
	  "makemap: h1: line 5: syntax error (leading space)\n"
	  "makemap: h1: line 6: no RHS for LHS novalue\n"
	  "makemap: h1: line 8: key foo: duplicate key\n", 65 },
	{ "-C /dev/null -u hash h1", "", "foo\tbar baz\nk3\tspaced   v  \nkey2\tval2\n", "", 0 },
	{ "-C /dev/null -r hash h1", in1, "",
	  "makemap: h1: line 5: syntax error (leading space)\n"
	  "makemap: h1: line 6: no RHS for LHS novalue\n", 65 },
	{ "-C /dev/null -u hash h1", "", "foo\tdup\nk3\tspaced   v  \nkey2\tval2\n", "", 0 },
	{ "-C /dev/null -e hash h1", in1, "",
	  "makemap: h1: line 5: syntax error (leading space)\n"
	  "makemap: h1: line 8: key foo: duplicate key\n", 65 },
	{ "-C /dev/null -u hash h1", "", "foo\tbar baz\nk3\tspaced   v  \nnovalue\t\nkey2\tval2\n", "", 0 },
	{ "-C /dev/null -v -fN hash h2", "Foo bar\n", "key=`Foo', val=`bar'\n", "", 0 },
	{ "-C /dev/null -u hash h2", "", "Foo\tbar\n", "", 0 },
	{ "-C /dev/null -t: btree b1", "a:b c:d\nx y:z\n", "", "", 0 },
	{ "-C /dev/null -u -t: btree b1", "", "a:b c:d\nx y:z\n", "", 0 },
	{ "-C /dev/null -u hash b1", "", "", "makemap: error opening type hash map b1: Invalid argument\n", 73 },
	{ "-C /dev/null -d btree d1", "a 1\na 2\n", "", "", 0 },
	{ "-C /dev/null -u btree d1", "", "a\t1\na\t2\n", "", 0 },
	{ "-C /dev/null -o btree d1", "a 1\n", "", "makemap: d1: line 1: key a: duplicate key\n", 65 },
	{ "-C /dev/null -D% hash c", "%x y\n#a b\n", "", "", 0 },
	{ "-C /dev/null -u implicit c", "", "#a\tb\n", "", 0 },
	{ "-C /dev/null -Z hash x", "", "", NULL, 64 },
};

/* run - one makemap run in dir; rc, and the outputs in out/err */
static int
run(const char *tool, const char *dir, const char *args, const char *input,
    struct buf *out, struct buf *err)
{
	struct buf cmd = BUF_INIT;
	char *in, *o, *e, line[4096];
	FILE *fp;
	int rc;

	in = tenv_write(dir, "stdin", input);
	buf_addf(&cmd, "cd '%s' && '%s' %s < stdin > stdout 2> stderr", dir,
	    tool, args);
	rc = system(buf_str(&cmd));
	rc = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
	buf_reset(out);
	buf_reset(err);
	buf_reset(&cmd);
	buf_addf(&cmd, "%s/stdout", dir);
	o = buf_steal(&cmd);
	buf_addf(&cmd, "%s/stderr", dir);
	e = buf_steal(&cmd);
	if ((fp = fopen(o, "r")) != NULL) {
		size_t n;

		while ((n = fread(line, 1, sizeof(line), fp)) > 0)
			buf_add(out, line, n);
		fclose(fp);
	}
	if ((fp = fopen(e, "r")) != NULL) {
		size_t n;

		while ((n = fread(line, 1, sizeof(line), fp)) > 0)
			buf_add(err, line, n);
		fclose(fp);
	}
	free(in);
	free(o);
	free(e);
	buf_free(&cmd);
	return rc;
}

int
main(void)
{
	static const char *const tools[] = { "build/san/bin/makemap",
	    "build/bin/makemap" };
	struct buf out = BUF_INIT, err = BUF_INIT, args = BUF_INIT;
	char tool[1100], cwd[1024], *dir;
	struct tenv t;
	size_t i;
	int rc;

	tool[0] = '\0';
	if (getcwd(cwd, sizeof(cwd)) != NULL)
		for (i = 0; i < 2 && tool[0] == '\0'; i++) {
			snprintf(tool, sizeof(tool), "%s/%s", cwd, tools[i]);
			if (access(tool, X_OK) != 0)
				tool[0] = '\0';
		}
	T_CHECK(tool[0] != '\0');
	if (tool[0] == '\0') {
		fprintf(stderr, "makemap is not built: run make first\n");
		T_DONE();
	}
	dir = tenv_tmpdir();
	T_CHECK(dir != NULL);
	if (dir == NULL)
		T_DONE();
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		rc = run(tool, dir, rows[i].args, rows[i].input, &out, &err);
		if (rc != rows[i].rc)
			fprintf(stderr, "row %zu: makemap %s\n", i,
			    rows[i].args);
		T_INTEQ(rc, rows[i].rc);
		T_STREQ(buf_str(&out), rows[i].out);
		if (rows[i].err != NULL)
			T_STREQ(buf_str(&err), rows[i].err);
	}

	/* the maps it wrote, read by the map layer */
	tenv_init(&t);
	buf_addf(&args, "%s/h1", dir);
	tenv_declare(&t, "h1", "hash", buf_str(&args));
	buf_reset(&args);
	buf_addf(&args, "-f %s/h2", dir);
	tenv_declare(&t, "h2", "hash", buf_str(&args));
	buf_reset(&args);
	buf_addf(&args, "%s/b1", dir);
	tenv_declare(&t, "b1", "btree", buf_str(&args));
	T_STREQ(tenv_bt(&t, "h1", "FOO"), "returns bar baz (0)");
	T_STREQ(tenv_bt(&t, "h1", "novalue"), "returns  (0)");
	T_STREQ(tenv_bt(&t, "h2", "Foo"), "returns bar (0)");
	T_STREQ(tenv_bt(&t, "h2", "foo"), "no match (0)");
	T_STREQ(tenv_bt(&t, "b1", "x y"), "returns z (0)");
	T_STREQ(buf_str(&t.errors), "");
	tenv_free(&t);
	buf_free(&out);
	buf_free(&err);
	buf_free(&args);
	tenv_rmdir(dir);
	free(dir);
	T_DONE();
}
