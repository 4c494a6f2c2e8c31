/* test_smrsh.c - smrsh's command check */
#include "t.h"
#include "deliver/smrsh_check.h"

static const struct {
	const char *cmd;
	enum smrsh_verdict want;
	const char *prog;	/* SMRSH_OK: the basename */
	const char *rest;	/* SMRSH_OK: after the first word;
				 * else: where it stopped */
} cases[] = {
	{ "vacation -j user", SMRSH_OK, "vacation", " -j user" },
	{ "/usr/bin/vacation user", SMRSH_OK, "vacation", " user" },
	{ "  exec  /usr/bin/procmail -f-", SMRSH_OK, "procmail", " -f-" },
	{ "exec", SMRSH_OK, "exec", "" },
	{ "execfoo x", SMRSH_OK, "execfoo", " x" },
	{ "prog 'a|b;c>d$e`f'", SMRSH_OK, "prog", " 'a|b;c>d$e`f'" },
	{ "prog \"a|b;c>d(e)\"", SMRSH_OK, "prog", " \"a|b;c>d(e)\"" },
	{ "prog \"a \\\" b\"", SMRSH_OK, "prog", " \"a \\\" b\"" },
	{ "prog a\\;b", SMRSH_OK, "prog", " a\\;b" },
	{ "prog *.txt # note", SMRSH_OK, "prog", " *.txt # note" },
	{ "prog; rm -rf /", SMRSH_BADCHAR, NULL, "; rm -rf /" },
	{ "prog && evil", SMRSH_BADCHAR, NULL, "&& evil" },
	{ "prog || evil", SMRSH_BADCHAR, NULL, "|| evil" },
	{ "prog | evil", SMRSH_BADCHAR, NULL, "| evil" },
	{ "prog > /etc/passwd", SMRSH_BADCHAR, NULL, "> /etc/passwd" },
	{ "prog < /etc/shadow", SMRSH_BADCHAR, NULL, "< /etc/shadow" },
	{ "prog `evil`", SMRSH_BADCHAR, NULL, "`evil`" },
	{ "prog $(evil)", SMRSH_BADCHAR, NULL, "$(evil)" },
	{ "prog \"$(evil)\"", SMRSH_BADCHAR, NULL, "$(evil)\"" },
	{ "prog \"`evil`\"", SMRSH_BADCHAR, NULL, "`evil`\"" },
	{ "prog (x)", SMRSH_BADCHAR, NULL, "(x)" },
	{ "prog ^ x", SMRSH_BADCHAR, NULL, "^ x" },
	{ "prog x &", SMRSH_BADCHAR, NULL, "&" },
	{ "prog\nevil", SMRSH_BADCHAR, NULL, "\nevil" },
	{ "prog 'a\nb'", SMRSH_BADCHAR, NULL, "\nb'" },
	{ "prog\revil", SMRSH_BADCHAR, NULL, "\revil" },
	{ "prog \\\nevil", SMRSH_BADCHAR, NULL, "\\\nevil" },
	{ "prog 'open", SMRSH_BADQUOTE, NULL, "" },
	{ "prog \"open", SMRSH_BADQUOTE, NULL, "" },
	{ "", SMRSH_EMPTY, NULL, "" },
	{ "   ", SMRSH_EMPTY, NULL, "" },
	{ "exec   ", SMRSH_EMPTY, NULL, "" },
	{ "LD_PRELOAD=/tmp/x.so prog", SMRSH_BADPROG, NULL, "=/tmp/x.so prog" },
	{ "\"prog\" x", SMRSH_BADPROG, NULL, "\"prog\" x" },
	{ "/usr/bin/ x", SMRSH_BADPROG, NULL, "/usr/bin/ x" },
	{ "/x/.. y", SMRSH_BADPROG, NULL, "/x/.. y" },
	{ ". y", SMRSH_BADPROG, NULL, ". y" },
};

int
main(void)
{
	struct buf prog = BUF_INIT;
	const char *rest, *stop;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum smrsh_verdict v = smrsh_check(cases[i].cmd, &prog,
		    &rest, &stop);

		T_INTEQ(v, cases[i].want);
		if (v != cases[i].want)
			fprintf(stderr, "  case %zu: [%s]\n", i, cases[i].cmd);
		else if (v == SMRSH_OK) {
			T_STREQ(buf_str(&prog), cases[i].prog);
			T_STREQ(rest, cases[i].rest);
		} else
			T_STREQ(stop, cases[i].rest);
	}
	buf_free(&prog);
	T_DONE();
}
