/* lmtp_cmd.c - LMTP verbs, MAIL FROM / RCPT TO paths, local parts */
#include "deliver/lmtp_cmd.h"

#include <string.h>
#include <strings.h>

static const struct {
	const char *name;
	enum lmtp_verb verb;
} verbs[] = {
	{ "LHLO", LMTP_LHLO }, { "MAIL", LMTP_MAIL }, { "RCPT", LMTP_RCPT },
	{ "DATA", LMTP_DATA }, { "RSET", LMTP_RSET }, { "NOOP", LMTP_NOOP },
	{ "QUIT", LMTP_QUIT }, { "VRFY", LMTP_VRFY }, { "HELO", LMTP_HELO },
	{ "EHLO", LMTP_HELO },
};

/* lmtp_cmd_parse - the verb and where its argument starts */
void
lmtp_cmd_parse(const char *line, struct lmtp_cmd *c)
{
	size_t i;

	c->verb = LMTP_UNKNOWN;
	c->arg = "";
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		if (strncasecmp(line, verbs[i].name, 4) != 0)
			continue;
		if (line[4] != '\0' && line[4] != ' ')
			continue;
		c->verb = verbs[i].verb;
		c->arg = line[4] ? line + 5 : line + 4;
		return;
	}
}

/* lmtp_cmd_path - "KEYWORD:<addr> params"; 0, or -1 on bad syntax */
int
lmtp_cmd_path(const char *arg, const char *keyword, struct buf *addr,
    const char **params)
{
	size_t klen = strlen(keyword);
	const char *p;
	int quoted = 0;

	buf_reset(addr);
	while (*arg == ' ')
		arg++;
	if (strncasecmp(arg, keyword, klen) != 0)
		return -1;
	p = arg + klen;
	while (*p == ' ')
		p++;
	if (*p++ != '<')
		return -1;
	for (; *p; p++) {
		if (*p == '\\' && p[1] != '\0') {
			buf_add(addr, p, 2);
			p++;
			continue;
		}
		if (*p == '"')
			quoted = !quoted;
		else if (*p == '>' && !quoted)
			break;
		buf_addc(addr, *p);
	}
	if (*p != '>')
		return -1;
	p++;
	if (*p != '\0' && *p != ' ')
		return -1;
	while (*p == ' ')
		p++;
	*params = p;
	return 0;
}

/* lmtp_cmd_local - the user part of a recipient; 0, or -1 if empty */
int
lmtp_cmd_local(const char *addr, struct buf *user)
{
	const char *p, *at = NULL;
	int quoted = 0;
	size_t n;

	/* a source route "@a,@b:user@c" keeps only what follows the colon */
	if (*addr == '@') {
		const char *colon = strchr(addr, ':');

		if (colon == NULL)
			return -1;
		addr = colon + 1;
	}
	for (p = addr; *p; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '"')
			quoted = !quoted;
		else if (*p == '@' && !quoted)
			at = p;
	}
	n = at ? (size_t)(at - addr) : strlen(addr);
	buf_reset(user);
	if (n >= 2 && addr[0] == '"' && addr[n - 1] == '"') {
		addr++;
		n -= 2;
	}
	buf_add(user, addr, n);
	return n == 0 ? -1 : 0;
}
