/* test_authinfo.c - AuthInfo values as the SMTP client's credentials */
#include "t.h"
#include "deliver/authinfo.h"

#include <stddef.h>

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
	T_DONE();
}
