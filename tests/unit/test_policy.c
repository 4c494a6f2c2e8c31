/* test_policy.c - check_* rulesets and their decisions */
#include "t.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "policy/policy.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char policy_cf[] =
    "V10/Berkeley\n"
    "O OperatorChars=.:%@!^/[]+\n"
    "Scheck_rcpt\n"
    "R< $* @ spam . example >\t$#error $@ 5.7.1 $: \"550 Relaying denied\"\n"
    "R< $* @ later . example >\t$#error $@ 4.2.0 $: \"451 Try again\"\n"
    "R< $* @ nocode . example >\t$#error $@ 5.1.8 $: no code here\n"
    "R< drop @ $* >\t$#discard $: discard\n"
    "R< hold @ $* >\t$#error $@ quarantine $: suspicious sender\n"
    "R$*\t$@ ok\n"
    "Scheck_relay\n"
    "R$* $| 10 . $*\t$#error $@ 5.7.1 $: \"550 Access denied\"\n"
    "R$* $| $*\t$#OK\n"
    "Scheck_mail\n"
    "R$*\t$: $&{client_addr} $| $1\n"
    "R192 . 0 . 2 . 200 $| $*\t$#error $@ 5.7.1 $: \"553 Go away\"\n"
    "Mlocal, P=/bin/true, F=lsw, A=true $u\n";

int
main(void)
{
	struct cf_load_args args;
	struct policy_result r;
	char path[] = "/tmp/test_policy.XXXXXX";
	struct cf *cf;
	FILE *f;
	int fd = mkstemp(path);

	T_CHECK(fd >= 0);
	f = fdopen(fd, "w");
	fputs(policy_cf, f);
	fclose(f);
	memset(&args, 0, sizeof(args));
	args.path = path;
	args.diag = stderr;
	cf = cf_load(&args);
	T_CHECK(cf != NULL && cf->nwarnings == 0);
	policy_result_init(&r);

	T_INTEQ(policy_check(cf, "check_rcpt", "<a@spam.example>", NULL, &r, NULL),
	    POLICY_REJECT);
	T_INTEQ(r.code, 550);
	T_STREQ(r.dsn, "5.7.1");
	T_STREQ(buf_str(&r.text), "Relaying denied");
	T_STREQ(buf_str(&r.decision), "error");
	T_INTEQ(policy_check(cf, "check_rcpt", "<a@later.example>", NULL, &r, NULL),
	    POLICY_REJECT);
	T_INTEQ(r.code, 451);
	T_STREQ(r.dsn, "4.2.0");
	/* no code in the text: the class of the status chooses one */
	policy_check(cf, "check_rcpt", "<a@nocode.example>", NULL, &r, NULL);
	T_INTEQ(r.code, 553);
	T_STREQ(buf_str(&r.text), "no code here");
	T_INTEQ(policy_check(cf, "check_rcpt", "<drop@x>", NULL, &r, NULL),
	    POLICY_DISCARD);
	T_INTEQ(policy_check(cf, "check_rcpt", "<hold@x>", NULL, &r, NULL),
	    POLICY_QUARANTINE);
	T_STREQ(buf_str(&r.text), "suspicious sender");
	T_INTEQ(policy_check(cf, "check_rcpt", "<fine@x>", NULL, &r, NULL), POLICY_OK);
	/* two parts joined by $| */
	T_INTEQ(policy_check(cf, "check_relay", "host.example", "10.1.2.3", &r, NULL),
	    POLICY_REJECT);
	T_INTEQ(policy_check(cf, "check_relay", "host.example", "192.0.2.1", &r, NULL),
	    POLICY_OK);
	/* macros the caller sets are seen through $& */
	macro_set(cf->macros, macro_id(cf->macros, "client_addr", 11), "192.0.2.200");
	T_INTEQ(policy_check(cf, "check_mail", "<a@b>", NULL, &r, NULL), POLICY_REJECT);
	T_INTEQ(r.code, 553);
	macro_set(cf->macros, macro_id(cf->macros, "client_addr", 11), "192.0.2.1");
	T_INTEQ(policy_check(cf, "check_mail", "<a@b>", NULL, &r, NULL), POLICY_OK);
	/* a ruleset the .cf does not have accepts */
	T_INTEQ(policy_check(cf, "check_eom", "x", NULL, &r, NULL), POLICY_OK);

	policy_result_free(&r);
	cf_free(cf);
	unlink(path);
	T_DONE();
}
