/* test_rewrite.c - the .cf reader and the rewriting engine, table-driven */
#include "t.h"
#include "addr/parseaddr.h"
#include "addr/prescan.h"
#include "addr/rewrite.h"
#include "cf/cf.h"
#include "cf/class.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "cf/ruleset.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

static const char test_cf[] =
    "V10/Berkeley\n"
    "O OperatorChars=.:%@!^/[]+\n"
    "Cw localhost mx.example.com example.com\n"
    "CX a.b.c\n"
    "DZ8.17\n"
    "Kdequote dequote\n"
    "Karith arith\n"
    "Kmacro macro\n"
    "Stest1\n"
    "R$+ @ $+\t$: $1 < @ $2 >\n"
    "R$* < @ $=w > $*\t$@ local $1\n"
    "R$- < @ $* >\t$@ one $1 $2\n"
    "R$*\t$@ none $1\n"
    "Sloop\n"
    "R$*\t$1 x\n"
    "Srec\n"
    "R$*\t$@ $>rec $1\n"
    "Scall\n"
    "R$*\t$: $>upper $1 $| $>upper2 $1\n"
    "Supper\n"
    "R$*\t$@ U $1\n"
    "Supper2\n"
    "R$*\t$@ V $1\n"
    "Sclass\n"
    "R$=X $*\t$@ inX $2\n"
    "R$~X $*\t$@ notX $1\n"
    "Sdefer\n"
    "R$&z\t$@ matched $&z\n"
    "R$*\t$@ nomatch\n"
    "Snet\n"
    "R$*\t$#local $: $1\n"
    "R$*\t$@ never\n"
    "Smaps\n"
    "R$+\t$: $(dequote $1 $) $| $(arith + $@ 2 $@ 3 $)\n"
    "Sdefault\n"
    "R$+\t$: $(nosuchmap $1 $: default $)\n"
    "Szero\n"
    "R$@\t$@ empty\n"
    "R$*\t$@ full\n"
    "Sfwd\n"
    "R$*\t$@ $>later $1\n"
    "Slater\n"
    "R$*\t$@ L $1\n"
    "Sdyn\n"
    "R$- $*\t$@ $>$1 $2\n"
    "Slit\n"
    "R$* < @ LocalHost . > $*\t$@ lit $1\n"
    "R$* $| $*\t$@ bar $1\n"
    "R$*\t$@ no\n"
    "Sbarop\n"
    "R$*\t$: $1 $| x\n"
    "R$* $| $*\t$@ bar $1\n"
    "Mlocal, P=/bin/true, F=lsw, S=upper, R=upper2, A=true $u\n"
    "Msmtp, P=[IPC], F=mDFMuX, A=TCP $h\n";

static char cfpath[64];
static struct cf *cf;

/* run - apply a ruleset to an address; the tokens joined by spaces */
static const char *
run(const char *rs, const char *addr, int *status)
{
	static char out[4096];
	struct arena a = ARENA_INIT;
	struct ws *ws = malloc(sizeof(*ws));
	struct prescan_cfg pc = { cf_opchars(cf) };
	struct rw_ctx ctx;
	FILE *devnull = fopen("/dev/null", "w");
	size_t i;
	int st;

	memset(&ctx, 0, sizeof(ctx));
	ctx.cf = cf;
	ctx.arena = &a;
	ctx.err = devnull;
	ws->n = 0;
	prescan(addr, '\0', &pc, 0, &a, ws, NULL, NULL);
	st = rewrite(&ctx, cf_ruleset_find(cf, rs), ws, 0);
	if (status)
		*status = st;
	out[0] = '\0';
	for (i = 0; i < ws->n; i++) {
		if (i)
			strcat(out, " ");
		if (strlen(out) + strlen(ws->tok[i]) + 2 < sizeof(out))
			strcat(out, ws->tok[i]);
	}
	fclose(devnull);
	arena_free(&a);
	free(ws);
	return out;
}

int
main(void)
{
	struct cf_load_args args;
	FILE *f;
	int fd, st;

	strcpy(cfpath, "/tmp/test_rewrite.XXXXXX");
	fd = mkstemp(cfpath);
	T_CHECK(fd >= 0);
	f = fdopen(fd, "w");
	fputs(test_cf, f);
	fclose(f);
	memset(&args, 0, sizeof(args));
	args.path = cfpath;
	args.diag = stderr;
	cf = cf_load(&args);
	T_CHECK(cf != NULL);
	if (cf == NULL)
		T_DONE();
	T_INTEQ(cf->nwarnings, 0);
	T_INTEQ(cf->version, 10);

	/* matching: classes over several tokens, $- exactly one, $* last */
	T_STREQ(run("test1", "user@mx.example.com", NULL), "local user");
	T_STREQ(run("test1", "user@Example.COM", NULL), "local user");
	T_STREQ(run("test1", "user@other.org", NULL), "one user other . org");
	T_STREQ(run("test1", "a.b@other.org", NULL), "none a . b < @ other . org >");
	T_STREQ(run("test1", "", NULL), "none");
	/* $=X and $~X */
	T_STREQ(run("class", "a.b.c rest", NULL), "inX rest");
	T_STREQ(run("class", "zzz rest", NULL), "notX zzz");
	/* loops and recursion end with EX_CONFIG, not a hang */
	run("loop", "x", &st);
	T_INTEQ(st, EX_CONFIG);
	run("rec", "x", &st);
	T_INTEQ(st, EX_CONFIG);
	/* $> calls: last to first, each on the rest of the workspace */
	T_STREQ(run("call", "a", NULL), "U a $| V a");
	/* forward references and computed ruleset names */
	T_STREQ(run("fwd", "q", NULL), "L q");
	T_STREQ(run("dyn", "upper q", NULL), "U q");
	/* $&x is looked at when the rule runs */
	macro_set(cf->macros, 'z', "abc");
	T_STREQ(run("defer", "abc", NULL), "matched abc");
	macro_set(cf->macros, 'z', "xyz");
	T_STREQ(run("defer", "abc", NULL), "nomatch");
	/* $# ends the ruleset */
	T_STREQ(run("net", "bob", NULL), "$# local $: bob");
	/* maps: dequote, arith with $@ arguments; a missing map's default */
	T_STREQ(run("maps", "\"q\"", NULL), "q $| 5");
	T_STREQ(run("default", "k", NULL), "default");
	/* $@ in the LHS matches only the empty workspace */
	T_STREQ(run("zero", "", NULL), "empty");
	T_STREQ(run("zero", "a", NULL), "full");
	/* an input "$|" is a word, never the operator */
	T_STREQ(run("call", "$|", NULL), "U $| $| V $|");

	/* literals: words match whatever their case, operators only the
	   operator; a workspace lacking one is passed over */
	T_STREQ(run("lit", "u < @ localhost . >", NULL), "lit u");
	T_STREQ(run("lit", "u<@LOCALHOST.>", NULL), "lit u");
	T_STREQ(run("lit", "u < @ localhost >", NULL), "no");
	T_STREQ(run("lit", "a $| b", NULL), "no");
	T_STREQ(run("barop", "a", NULL), "bar a");

	/* classes and macros from the file */
	T_CHECK(class_has(cf->classes, 'w', "MX.EXAMPLE.COM"));
	T_CHECK(!class_has(cf->classes, 'w', "nowhere"));
	T_STREQ(macro_get(cf->macros, 'Z'), "8.17");
	/* mailers: built-ins first, prog never keeps F=m, default E= */
	T_STREQ(cf->mailers[0]->name, "prog");
	T_STREQ(cf->mailers[3]->name, "local");
	T_STREQ(cf->mailers[4]->eol, "\r\n");
	T_STREQ(cf->mailers[3]->eol, "\n");
	T_STREQ(ruleset_label(cf, cf->mailers[3]->s_env), "upper");

	cf_free(cf);
	unlink(cfpath);
	T_DONE();
}
