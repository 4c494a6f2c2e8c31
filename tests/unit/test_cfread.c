/*
 * test_cfread.c - the .cf reader's diagnostics for malformed lines,
 * table-driven: each case appends lines to a small clean configuration
 * and gives the exact text sendmail 8.17 prints for them
 * (docs/notes/cf-warnings.md) and the exit status it ends with.
 */
#include "t.h"
#include "cf/cf.h"
#include "cf/cf_text.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "cf/ruleset.h"
#include "util/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

/* every case starts with these two lines; its own lines are 3, 4, ... */
static const char base_cf[] =
    "V10/Berkeley\n"
    "Mlocal, P=/bin/true, F=lsDFM, A=true $u\n";

/* In want, "@3" stands for "PATH: line 3: ". */
struct cf_case {
	const char *lines;
	const char *want;
	int status;
	bool fatal;
};

static const struct cf_case cases[] = {
	/* nothing wrong */
	{ "S0\nR$+\t$#local $: $1\n", "", 0, false },
	/* unknown line types; a folded line is reported by its last line */
	{ "Yfoo\n", "@3unknown configuration line \"Yfoo\"\n", EX_SOFTWARE,
	    false },
	{ "Lfoo\n1foo\n more\n",
	    "@3unknown configuration line \"Lfoo\"\n"
	    "@5unknown configuration line \"1foo\n more\"\n", EX_SOFTWARE,
	    false },
	{ "Xfoo\n", "@3Xfoo: empty or missing socket information\n",
	    EX_SOFTWARE, false },
	{ "X\nXa, S=foo:bar\n",
	    "@3name required for mail filter\n"
	    "@4Xa: unknown socket type foo: Protocol not supported\n",
	    EX_SOFTWARE, false },
	/* V */
	{ "V\nVx\nV 10\nV10/Foo\nV10/\nV10/Berkeley extra\nV-1\n",
	    "@3invalid argument to V line: \"\"\n"
	    "@4invalid argument to V line: \"x\"\n"
	    "@6invalid V line vendor code: \"Foo\"\n"
	    "@7invalid V line vendor code: \"\"\n"
	    "@9invalid argument to V line: \"-1\"\n", EX_SOFTWARE, false },
	/* D: macro names */
	{ "D\nDx\nD{x\nD{}value\n",
	    "@3Name required for macro/class\n"
	    "@5Unbalanced { on x\n"
	    "@5Unable to assign macro/class ID (mid = 0xffffffff)\n"
	    "@6Name required for macro/class\n", EX_SOFTWARE, false },
	{ "D{name value\nD{a b}c\n",
	    "@3Invalid macro/class character  \n"
	    "@3Unbalanced { on namevalue\n"
	    "@3Unable to assign macro/class ID (mid = 0xffffffff)\n"
	    "@4Invalid macro/class character  \n", EX_SOFTWARE, false },
	{ "D{abcdefghijklmnopqrstuvwxyz0}x\n",
	    "@3Macro/class name ({abcdefghijklmnopqrstuvwxy}) too long (25 "
	    "chars max)\n"
	    "@3Unable to assign macro/class ID (mid = 0xffffffff)\n",
	    EX_SOFTWARE, false },
	/* a bad name in a $ reference cuts the line there */
	{ "H?${?X-Bad: no\n",
	    "@3Invalid macro/class character ?\n"
	    "@3Invalid macro/class character -\n"
	    "@3Invalid macro/class character :\n"
	    "@3Invalid macro/class character  \n"
	    "@3Unbalanced { on XBadno\n"
	    "@3Unable to assign macro/class ID (mid = 0xffffffff)\n"
	    "@3header syntax error, line \"?\001\"\n", EX_SOFTWARE, false },
	/* C and F */
	{ "C\nC{\nFy\nF{badq}\"/x/y\n",
	    "@3Name required for macro/class\n"
	    "@4Unbalanced { on \n"
	    "@4Unable to assign macro/class ID (mid = 0xffffffff)\n"
	    "@5fileclass: missing file name\n"
	    "@6illegal filename '\"/x/y'\n", EX_SOFTWARE, false },
	{ "Fy/nonexistent/file\nFy -o /nonexistent/file\n",
	    "@3fileclass: cannot open '/nonexistent/file': No such file or "
	    "directory\n", EX_OSERR, false },
	{ "Fy/dev/null\n",
	    "@3fileclass: cannot open '/dev/null': Regular files only\n",
	    EX_OSERR, false },
	{ "F{map}@nosuchmap:key\n",
	    "@3fileclass: F{map}: class nosuchmap not available\n",
	    EX_SOFTWARE, false },
	/* K */
	{ "K\nK foo\nKfoo nosuchclass\nK-bad dequote\n",
	    "@3readcf: config K line: no map name\n"
	    "@4readcf: config K line, map foo: no map class\n"
	    "@5readcf: map foo: class nosuchclass not available\n"
	    "@6readcf: config K line: no map name\n", EX_SOFTWARE, false },
	{ "Kfoo hash\n", "@3No file name for hash map foo\n", EX_SOFTWARE,
	    false },
	/* S */
	{ "S\nS100\nS-1\nS_x\nSfoo=\nSfoo=300\n",
	    "@3invalid ruleset name: \"\"\n"
	    "@4bad ruleset 100 (100 max)\n"
	    "@5invalid ruleset name: \"-1\"\n"
	    "@6invalid ruleset name: \"_x\"\n"
	    "@7bad ruleset definition \"foo=\" (number required after `=')\n"
	    "@8bad ruleset number 300 in \"foo=300\" (100 max)\n",
	    EX_SOFTWARE, false },
	{ "Sfoo=5\nSfoo=6\nSfoo = 7\nS 1\nS1bad\nSbar=5\n",
	    "@4foo=6: ruleset changed value (old 5, new 6)\n"
	    "@5foo: ruleset changed value (old 5, new 7)\n", EX_SOFTWARE,
	    false },
	/* R */
	{ "R$*\t$@ $1\nRnotab\nS5\nRnotab\nR$* no tab $1\nR\t\nR$*\t\t\n",
	    "@3missing valid ruleset for \"R\001*\t\001@ \0011\"\n"
	    "@4missing valid ruleset for \"Rnotab\"\n"
	    "@6invalid rewrite line \"Rnotab\" (tab expected)\n"
	    "@7invalid rewrite line \"R\001* no tab \0011\" (tab expected)\n"
	    "@8invalid rewrite line \"R\" (tab expected)\n"
	    "@9invalid rewrite line \"R\001*\" (tab expected)\n",
	    EX_SOFTWARE, false },
	{ "S5\nR$*\t$9\nR$*\t$0\nR$* $*\t$1 $2 $3\n",
	    "@4replacement $9 out of bounds\n"
	    "@5replacement $0 out of bounds\n"
	    "@6replacement $3 out of bounds\n", EX_SOFTWARE, false },
	{ "S5\nR$1\t$@ x\nR$:\tx\nR$>3\tx\nR$[\tx\nR$( x\tx\n",
	    "@4Inappropriate use of $1-$9 on LHS\n"
	    "@5Inappropriate use of $: on LHS\n"
	    "@6Inappropriate use of $> on LHS\n"
	    "@7Inappropriate use of $[ on LHS\n"
	    "@8Inappropriate use of $( on LHS\n", EX_SOFTWARE, false },
	{ "S5\nR$*\t$*\nR$*\t$+ $- $=w $~w\n",
	    "@4Inappropriate use of $* on RHS\n"
	    "@5Inappropriate use of $+ on RHS\n"
	    "@5Inappropriate use of $- on RHS\n"
	    "@5Inappropriate use of $= on RHS\n"
	    "@5Inappropriate use of $~ on RHS\n", EX_SOFTWARE, false },
	{ "S5\nR$*\t$( map $1\nR$*\t$( map $( inner $1 $) $)\nR$*\t$[ $1\n"
	    "R$*\t$1 $)\n"
	    "R$*\t$( m $@ a $@ b $@ c $@ d $@ e $@ f $@ g $@ h $@ i $@ j "
	    "$@ k $)\n",
	    "@4missing map closing token\n"
	    "@5cannot nest map lookups\n"
	    "@6missing map closing token\n"
	    "@8too many arguments for map lookup\n"
	    "@8too many arguments for map lookup\n", EX_SOFTWARE, false },
	{ "S5\nR$* $* $* $* $* $* $* $* $* $* $*\t$1\nR\t$@\nR$?x\tx\n"
	    "R$*\t$?x y $.\n",
	    "@4R line: too many wildcards\n"
	    "@5R line: null LHS\n"
	    "@6R line: null LHS\n"
	    "@7R line: null RHS\n", EX_SOFTWARE, false },
	/* H */
	{ "H\nH:\nH?\nH?P\nH?P?\nH?P?X-No-Colon\nHX Space: v\n"
	    "H?$?x?X: no\nHX-Empty:\nH??X: ok\nH?${client_name}?X: yes\n",
	    "@3header syntax error, line \"\"\n"
	    "@4header syntax error, line \":\"\n"
	    "@5header syntax error, line \"?\"\n"
	    "@6header syntax error, line \"?P\"\n"
	    "@7header syntax error, line \"?P\"\n"
	    "@8header syntax error, line \"?P\"\n"
	    "@9header syntax error, line \"X Space: v\"\n"
	    "@10header syntax error, line \"?\001?x?X: no\"\n", EX_SOFTWARE,
	    false },
	/* M */
	{ "M\nMfoo\nMfoo,\nMnop, A=x\nMnoa, P=/bin/true\nMb13 P=/bin/true A=x\n",
	    "@3name required for mailer\n"
	    "@4Mfoo: A= argument required\n"
	    "@5Mfoo: A= argument required\n"
	    "@6Mnop: P= argument required\n"
	    "@7Mnoa: A= argument required\n"
	    "@8Mb13: A= argument required\n", EX_SOFTWARE, false },
	{ "Mb, P=/bin/true, A=x, Z=1\nMb2, P=/bin/true, A=x, Zork=1\n"
	    "Mb3, P=/bin/true, A=x, =y\nMb4, P=/bin/true, A=x, E=\n"
	    "Mb5, P=/bin/true, A=x,, ,\nMb6, P=/bin/true, A=x, Q=noqueue\n"
	    "Mb7, P=/bin/true, A=x, U=nosuchuser\nMb8, P=/bin/true, A=x, D=\n",
	    "@3Mb: unknown mailer equate Z=\n"
	    "@4Mb2: unknown mailer equate Z=\n"
	    "@5Mb3: unknown mailer equate ==\n"
	    "@6mailer b4: null end-of-line string\n"
	    "@7mailer b5: `=' expected\n"
	    "@8mailer b6: unknown queue noqueue\n"
	    "@9readcf: mailer U= flag: unknown user nosuchuser\n"
	    "@10mailer b8: null working directory\n", EX_SOFTWARE, false },
	{ "Mt, P=[TCP], A=TCP $h\nMi, P=[IPC], A=TCP\nMf, P=[FILE], A=x y\n"
	    "Mf2, P=[FILE], A=FILE a b\nMs, P=/bin/true, A=x, S=-1\n",
	    "@3Mt: P=[TCP] must be replaced by P=[IPC]\n"
	    "@4Mi: too few parameters for [IPC] mailer\n"
	    "@5Mf: first argument in [FILE] mailer must be FILE\n"
	    "@6Mf2: too many parameters for [FILE] mailer\n"
	    "@7invalid ruleset name: \"-1\"\n", EX_SOFTWARE, false },
	/* notes and plain warnings leave the status alone */
	{ "Mw, P=/bin/true, A=x, W=ab\nMc, P=[IPC], A=FOO $h\n"
	    "Qq, P=/tmp, R=2\n",
	    "@3Invalid time unit `a'\n"
	    "@3Invalid time unit `b'\n"
	    "Mc: Warning: first argument in [IPC] mailer must be TCP or FILE\n"
	    "Warning: Q=q: R=2: multiple queue runners specified\n"
	    "\tbut flag 'f' is not set\n", 0, false },
	/* P */
	{ "P\nPnoequals\nP=5\nPname=abc\n",
	    "@3unknown configuration line \"P\"\n"
	    "@4unknown configuration line \"Pnoequals\"\n", EX_SOFTWARE, false },
	/* Q */
	{ "Q\nQbaz, P=\nQbad, P=/tmp, Z=1\nQa3, Pfoo\nQi, P=/tmp, I=5x\n",
	    "@3name required for queue\n"
	    "@4queue baz: empty path name\n"
	    "@4QueueDir must be defined before queue groups\n"
	    "@5Qbad: unknown queue equate Z=\n"
	    "@6queue a3: `=' expected\n"
	    "@7Invalid time unit `x'\n", EX_SOFTWARE, false },
	/* O: an error sets the status, a fatal option ends the file */
	{ "O Foo=1\n", "@3readcf: unknown option name Foo\n", EX_SOFTWARE,
	    false },
	{ "O Foo=1\nO DeliveryMode=x\nO Bar=1\n",
	    "@3readcf: unknown option name Foo\n"
	    "@4Unknown delivery mode x\n", EX_USAGE, true },
	{ "O EightBitMode=Pass8\nYnever\n", "@3Unknown 8-bit mode P\n",
	    EX_USAGE, true },
	/* T and E never complain */
	{ "T\nTnosuchuser\nE\nE=x\nE FOO=bar\n", "", 0, false },
};

/* cf_case_write - base_cf plus lines into a temporary file; its path */
static char *
cf_case_write(const char *lines)
{
	char *path = strdup("/tmp/test_cfread.XXXXXX");
	int fd = mkstemp(path);
	FILE *f;

	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		perror("mkstemp");
		exit(2);
	}
	fputs(base_cf, f);
	fputs(lines, f);
	fclose(f);
	return path;
}

/* cf_case_want - the expected text with "@N" made "PATH: line N: " */
static char *
cf_case_want(const char *want, const char *path)
{
	struct buf b = BUF_INIT;
	const char *p;

	for (p = want; *p; p++) {
		if (*p == '@' && (p == want || p[-1] == '\n')) {
			buf_addf(&b, "%s: line %ld: ", path, strtol(p + 1,
			    (char **)&p, 10));
			p--;
			continue;
		}
		buf_addc(&b, *p);
	}
	return buf_steal(&b);
}

/* cf_case_load - load text (base_cf first unless bare); diag into *out */
static struct cf *
cf_case_load(const char *text, bool bare, const struct cf_override *opts,
    size_t nopts, char **out, char **pathp)
{
	static const struct cf_override noprobe[] = {
		{ "DontProbeInterfaces", "true" } };
	struct cf_load_args a;
	size_t len = 0;
	char *path;
	FILE *diag;
	struct cf *cf;

	if (bare) {
		path = strdup("/tmp/test_cfread.XXXXXX");
		int fd = mkstemp(path);

		if (fd < 0 || write(fd, text, strlen(text)) < 0)
			exit(2);
		close(fd);
	} else {
		path = cf_case_write(text);
	}
	diag = open_memstream(out, &len);
	memset(&a, 0, sizeof(a));
	a.path = path;
	a.diag = diag;
	a.options = opts != NULL ? opts : noprobe;
	a.noptions = opts != NULL ? nopts : 1;
	a.test_mode = true;
	cf = cf_load(&a);
	fclose(diag);
	*pathp = path;
	return cf;
}

/* test_cases - every table row */
static void
test_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = NULL, *path, *want;
		struct cf *cf = cf_case_load(cases[i].lines, false, NULL, 0, &out,
		    &path);

		T_CHECK(cf != NULL);
		if (cf == NULL)
			continue;
		want = cf_case_want(cases[i].want, path);
		T_STREQ(out, want);
		T_INTEQ(cf->exitstat, cases[i].status);
		T_INTEQ(cf->fatal, cases[i].fatal);
		if (strcmp(out, want) != 0)
			fprintf(stderr, "  case %zu: %s", i, cases[i].lines);
		cf_free(cf);
		unlink(path);
		free(path);
		free(want);
		free(out);
	}
}

/* test_values - what the lines define: macros, mailers, rulesets */
static void
test_values(void)
{
	char *out = NULL, *path;
	struct cf *cf = cf_case_load(
	    "Dxvalue # comment\n"
	    "Dyvalue \\# escaped\n"
	    "Dza\n\tb\n"
	    "DXone \"two\" \\\"three\\\" \\n\n"
	    "D{dollar}cost $$5\n"
	    "Mbad, P=/bin/true, A=x, U=root:nosuchgroup\n"
	    "Mnext, P=/bin/true, A=y\n"
	    "S0\nR$*\t$@ x\nS0\nR$*\t$@ y\n", false, NULL, 0, &out, &path);
	struct buf v = BUF_INIT;
	char *want;

	T_STREQ(macro_get(cf->macros, 'x'), "value");
	T_STREQ(macro_get(cf->macros, 'y'), "value # escaped");
	T_STREQ(macro_get(cf->macros, 'z'), "a\n\tb");
	T_STREQ(macro_get(cf->macros, 'X'), "one two \"three\" \n");
	macro_expand(cf->macros, "${dollar}", &v);
	T_STREQ(buf_str(&v), "cost $5");
	buf_reset(&v);
	cf_text_xputs(macro_get(cf->macros, 'z'), &v);
	T_STREQ(buf_str(&v), "a\\n\\tb");
	buf_free(&v);
	/* sendmail's U= group scan clears its mailer counter */
	T_STREQ(cf->mailers[0]->name, "bad");
	T_STREQ(cf->mailers[1]->name, "next");
	T_STREQ(cf->mailers[3]->name, "local");
	want = cf_case_want("@9readcf: mailer U= flag: unknown group "
	    "nosuchgroup\nWARNING: Ruleset 0 has multiple definitions\n", path);
	T_STREQ(out, want);
	T_INTEQ(ruleset_get(cf, 0) != NULL ? ruleset_get(cf, 0)->nrules : 0, 2);
	free(want);
	cf_free(cf);
	unlink(path);
	free(path);
	free(out);
}

/* test_whole_files - files with no local mailer, old levels */
static void
test_whole_files(void)
{
	char *out = NULL, *path, *want;
	struct cf *cf = cf_case_load("# only a comment\n", true, NULL, 0, &out,
	    &path);

	want = cf_case_want("Warning: .cf file is out of date: sendmail "
	    TERN_VERSION " supports version 10, .cf file is version 0\n"
	    "No local mailer defined\n", path);
	T_STREQ(out, want);
	T_INTEQ(cf->exitstat, EX_SOFTWARE);
	free(want);
	cf_free(cf);
	unlink(path);
	free(path);
	free(out);

	out = NULL;
	cf = cf_case_load("\tbefore anything\nV2\nDxa # b\nV3\nDya # b\n"
	    "Mlocal, P=/bin/true, A=x\nZlast", true, NULL, 0, &out, &path);
	want = cf_case_want("@1unknown configuration line \"\tbefore "
	    "anything\"\n@6unknown configuration line \"Zlast\"\n"
	    "Warning: .cf file is out of date: sendmail " TERN_VERSION
	    " supports version 10, .cf file is version 3\n", path);
	T_STREQ(out, want);
	T_STREQ(macro_get(cf->macros, 'x'), "a # b");
	T_STREQ(macro_get(cf->macros, 'y'), "a");
	free(want);
	cf_free(cf);
	unlink(path);
	free(path);
	free(out);
}

/* test_cmdline - options given to sendmail come first, unlocated */
static void
test_cmdline(void)
{
	static const struct cf_override opts[] = {
		{ "DontProbeInterfaces", "true" }, { "Foo", "bar" },
		{ "DeliveryMode", "z" }, { "Bar", "x" } };
	char *out = NULL, *path;
	struct cf *cf = cf_case_load("Ynot read\n", false, opts, 4, &out, &path);

	T_STREQ(out, "readcf: unknown option name Foo\nUnknown delivery mode z\n");
	T_INTEQ(cf->exitstat, EX_USAGE);
	T_CHECK(cf->fatal);
	cf_free(cf);
	unlink(path);
	free(path);
	free(out);
}

/* test_translate - raw lines into the $-form, and back to sendmail's bytes */
static void
test_translate(void)
{
	static const struct {
		int version;
		const char *raw, *form, *shown;
	} t[] = {
		{ 10, "R$*\t$@ $1  ", "R$*\t$@ $1", "R\001*\t\001@ \0011" },
		{ 10, "Dx a # c", "Dx a", "Dx a" },
		{ 10, "Dx a\\#b $#c", "Dx a#b $#c", "Dx a#b \001#c" },
		{ 2, "Dx a # c", "Dx a # c", "Dx a # c" },
		{ 10, "Dx $$ $", "Dx $$ $$", "Dx $ $" },
		{ 10, "Dx ${x} $={y} $&z", "Dx $x $=y $&z", "Dx \001x \001=y \001&z" },
		{ 10, "Dx a # c\n\tb # d", "Dx a\n\tb", "Dx a\n\tb" },
		{ 10, "H?${?X: no", "H?$", "H?\001" },
	};
	struct cf_load_args a;
	char *out = NULL;
	size_t len = 0, i;
	char *path = cf_case_write("");
	struct cf *cf;

	memset(&a, 0, sizeof(a));
	a.path = path;
	a.diag = open_memstream(&out, &len);
	cf = cf_load(&a);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct buf form = BUF_INIT, shown = BUF_INIT;

		cf->version = t[i].version;
		cf_text_translate(cf, t[i].raw, &form, 1);
		T_STREQ(buf_str(&form), t[i].form);
		cf_text_show(cf, form.data, form.len, true, &shown);
		T_STREQ(buf_str(&shown), t[i].shown);
		buf_free(&form);
		buf_free(&shown);
	}
	T_INTEQ(cf_text_convtime(cf, "1h30m", 's', 1), 5400);
	T_INTEQ(cf_text_convtime(cf, "2", 'm', 1), 120);
	fclose(a.diag);
	cf_free(cf);
	unlink(path);
	free(path);
	free(out);
}

int
main(void)
{
	test_cases();
	test_values();
	test_whole_files();
	test_cmdline();
	test_translate();
	T_DONE();
}
