/* smtpc_ehlo.c - the service extensions a server names in its EHLO reply */
#include "smtpc/smtpc.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* the keyword of one line: its length, the parameters after it */
static bool
kw_is(const char *line, size_t kwlen, const char *name)
{
	return strlen(name) == kwlen && strncasecmp(line, name, kwlen) == 0;
}

/* keep the AUTH mechanisms, upper-cased, as " A B " */
static void
ehlo_auth(struct smtpc_ext *x, const char *p, size_t len)
{
	size_t used = strlen(x->auth_mechs), i;

	if (used == 0) {
		x->auth_mechs[0] = ' ';
		x->auth_mechs[1] = '\0';
		used = 1;
	}
	for (i = 0; i < len; ) {
		size_t j = i;

		while (j < len && p[j] != ' ' && p[j] != '\t')
			j++;
		/* room for the word, a blank and the NUL; else drop it */
		if (j > i && used + (j - i) + 2 <= sizeof x->auth_mechs) {
			size_t k;

			for (k = i; k < j; k++)
				x->auth_mechs[used++] =
				    (char)toupper((unsigned char)p[k]);
			x->auth_mechs[used++] = ' ';
			x->auth_mechs[used] = '\0';
		}
		i = j + 1;
	}
	x->auth = true;
}

/* smtpc_ehlo_parse - keywords from the lines after the first */
void
smtpc_ehlo_parse(const char *text, struct smtpc_ext *x)
{
	const char *p = strchr(text, '\n');

	memset(x, 0, sizeof *x);
	while (p != NULL) {
		const char *line = p + 1, *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		size_t kw = 0;
		const char *arg;
		size_t alen;

		p = end;
		while (kw < len && line[kw] != ' ' && line[kw] != '=' &&
		    line[kw] != '\t')
			kw++;
		arg = line + kw;
		alen = len - kw;
		if (alen > 0) {	/* skip the separator */
			arg++;
			alen--;
		}
		if (kw_is(line, kw, "PIPELINING"))
			x->pipelining = true;
		else if (kw_is(line, kw, "8BITMIME"))
			x->eightbitmime = true;
		else if (kw_is(line, kw, "DSN"))
			x->dsn = true;
		else if (kw_is(line, kw, "STARTTLS"))
			x->starttls = true;
		else if (kw_is(line, kw, "ENHANCEDSTATUSCODES"))
			x->enhanced = true;
		else if (kw_is(line, kw, "SMTPUTF8"))
			x->smtputf8 = true;
		else if (kw_is(line, kw, "AUTH"))
			ehlo_auth(x, arg, alen);
		else if (kw_is(line, kw, "SIZE")) {
			char num[24];
			char *e;
			unsigned long v;

			x->size = true;
			if (alen == 0 || alen >= sizeof num)
				continue;
			memcpy(num, arg, alen);
			num[alen] = '\0';
			errno = 0;
			v = strtoul(num, &e, 10);
			if (errno == 0 && *e == '\0' && num[0] >= '0' &&
			    num[0] <= '9')
				x->size_max = v;
		}
	}
}

/* smtpc_ehlo_has_auth - mech offered? */
bool
smtpc_ehlo_has_auth(const struct smtpc_ext *x, const char *mech)
{
	char w[64];
	int n;

	n = snprintf(w, sizeof w, " %s ", mech);
	if (n < 0 || (size_t)n >= sizeof w)
		return false;
	return strstr(x->auth_mechs, w) != NULL;
}
