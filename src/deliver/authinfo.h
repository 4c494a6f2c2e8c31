/*
 * authinfo - the credentials tern's SMTP client offers a server, found as
 * sendmail finds them: the .cf's "authinfo" ruleset (FEATURE(authinfo)'s
 * map, or AuthInfo: entries of the access db), with ${server_name} and
 * ${server_addr} set, whose $# result is a list of quoted items:
 *	"U:user" "I:authzid" "P:password" "P=base64password" "M:MECHS" "R:realm"
 */
#ifndef TERN_AUTHINFO_H
#define TERN_AUTHINFO_H

#include <stdbool.h>

struct cf;

struct authinfo {
	char *user;		/* U: (the authentication id) */
	char *authzid;		/* I: */
	char *pass;		/* P: or P= decoded */
	char *mechs;		/* M: space-separated, NULL: any */
	char *realm;		/* R: */
};

/*
 * authinfo_for - credentials for host ("mx.example.com" or "[10.0.0.1]"):
 * the ruleset's, else the DefaultAuthInfo file's (user, authzid,
 * password, realm, mechanisms on five lines, as 8.17 reads it); false
 * when neither has any
 */
bool authinfo_for(struct cf *, const char *host, struct authinfo *);

/* authinfo_parse - the ruleset's result text into ai; false if no U/P */
bool authinfo_parse(const char *text, struct authinfo *ai);

/* authinfo_free - forget (and wipe) the credentials */
void authinfo_free(struct authinfo *);

#endif
