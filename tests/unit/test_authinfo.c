/* test_authinfo.c - AuthInfo values as the SMTP client's credentials */
#include "t.h"
#include "cf/cf.h"
#include "deliver/authinfo.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* default_auth_info - a .cf naming a DefaultAuthInfo file (no ruleset) */
static void
default_auth_info(void)
{
	char cfpath[] = "/tmp/test_authinfo_cf.XXXXXX";
	char dai[] = "/tmp/test_authinfo_dai.XXXXXX";
	struct cf_load_args args;
	struct authinfo ai;
	struct cf *cf;
	FILE *f;
	int fd;

	fd = mkstemp(dai);
	T_CHECK(fd >= 0);
	f = fdopen(fd, "w");
	fputs("smtpuser\n\ns3cret\n\nPLAIN LOGIN\n", f);
	fclose(f);
	T_CHECK(chmod(dai, 0600) == 0);
	fd = mkstemp(cfpath);
	T_CHECK(fd >= 0);
	f = fdopen(fd, "w");
	fprintf(f, "V10/Berkeley\nDjmx.example.com\nO DefaultAuthInfo=%s\n"
	    "Mlocal, P=/bin/true, F=lsw, A=true $u\n", dai);
	fclose(f);
	memset(&args, 0, sizeof(args));
	args.path = cfpath;
	args.diag = stderr;
	cf = cf_load(&args);
	T_CHECK(cf != NULL);
	if (cf == NULL)
		return;
	T_CHECK(authinfo_for(cf, "[127.0.0.1]", &ai));
	T_STREQ(ai.user, "smtpuser");
	T_STREQ(ai.pass, "s3cret");
	T_CHECK(ai.authzid == NULL);
	T_STREQ(ai.realm, "mx.example.com");	/* $j when none */
	T_STREQ(ai.mechs, "PLAIN LOGIN");
	authinfo_free(&ai);
	/* a line too long for a credential: refused, not cut */
	f = fopen(dai, "w");
	T_CHECK(f != NULL);
	if (f != NULL) {
		fputs("smtpuser\n\n", f);
		for (fd = 0; fd < 2000; fd++)
			fputc('x', f);
		fputs("\n", f);
		fclose(f);
	}
	T_CHECK(!authinfo_for(cf, "[127.0.0.1]", &ai));
	/* a file others may read holds no password we use */
	T_CHECK(chmod(dai, 0644) == 0);
	T_CHECK(!authinfo_for(cf, "[127.0.0.1]", &ai));
	cf_free(cf);
	unlink(cfpath);
	unlink(dai);
}

int
main(void)
{
	struct authinfo ai;

	T_CHECK(authinfo_parse("\"U:smtpuser\" \"P:s3cret\" \"M:PLAIN\"", &ai));
	T_STREQ(ai.user, "smtpuser");
	T_STREQ(ai.pass, "s3cret");
	T_STREQ(ai.mechs, "PLAIN");
	T_CHECK(ai.authzid == NULL);
	authinfo_free(&ai);
	T_CHECK(ai.user == NULL && ai.pass == NULL);

	/* P= is base64; I: alone gives the authentication id too */
	T_CHECK(authinfo_parse("\"I:joe\" \"P=c2VjcmV0\" \"R:example.com\"", &ai));
	T_STREQ(ai.user, "joe");
	T_STREQ(ai.authzid, "joe");
	T_STREQ(ai.pass, "secret");
	T_STREQ(ai.realm, "example.com");
	authinfo_free(&ai);

	/* a password with blanks stays whole inside its quotes */
	T_CHECK(authinfo_parse("\"U:a\" \"P:two words\"", &ai));
	T_STREQ(ai.pass, "two words");
	authinfo_free(&ai);

	/* no user or no password: nothing to offer */
	T_CHECK(!authinfo_parse("\"U:only\"", &ai));
	T_CHECK(ai.user == NULL);
	T_CHECK(!authinfo_parse("\"P:only\"", &ai));
	T_CHECK(!authinfo_parse("", &ai));
	T_CHECK(!authinfo_parse("\"U:x\" \"P=not*base64\"", &ai));
	/* unknown items and garbage are skipped */
	T_CHECK(authinfo_parse("junk \"X:y\" \"U:u\" \"P:p\" \"", &ai));
	T_STREQ(ai.user, "u");
	authinfo_free(&ai);
	default_auth_info();
	T_DONE();
}
