/* smtpc_reply.c - a server's reply, parsed strictly, line by line */
#include "smtpc/smtpc.h"

#include <string.h>

/* smtpc_reply_init - an empty reply */
void
smtpc_reply_init(struct smtpc_reply *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->text);
	buf_init(&r->last);
}

/* smtpc_reply_free - release the texts */
void
smtpc_reply_free(struct smtpc_reply *r)
{
	buf_free(&r->text);
	buf_free(&r->last);
	memset(r, 0, sizeof *r);
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* smtpc_enhanced - "class.subject.detail" (RFC 3463) at the start */
size_t
smtpc_enhanced(const char *t, size_t len, int cls, char *out)
{
	size_t i = 0, part, digits;

	out[0] = '\0';
	if (len < 5 || (t[0] != '2' && t[0] != '4' && t[0] != '5'))
		return 0;
	if (cls != 0 && t[0] != '0' + cls)
		return 0;
	i = 1;
	for (part = 0; part < 2; part++) {
		if (i >= len || t[i] != '.')
			return 0;
		i++;
		for (digits = 0; i < len && is_digit((unsigned char)t[i]);
		    i++)
			digits++;
		if (digits < 1 || digits > 3)
			return 0;
	}
	/* the code must end here: at a blank or the end of the line */
	if (i < len && t[i] != ' ' && t[i] != '\t')
		return 0;
	memcpy(out, t, i);	/* at most 1 + 2 * 4 = 9 bytes */
	out[i] = '\0';
	return i;
}

/* smtpc_reply_line - one line of a reply; see smtpc.h */
enum smtpc_reply_step
smtpc_reply_line(struct smtpc_reply *r, const char *line, size_t len)
{
	int code;
	bool more;

	if (len > SMTPC_LINE_MAX || len < 3)
		return SMTPC_REPLY_BAD;
	if (!is_digit((unsigned char)line[0]) || line[0] < '2' ||
	    line[0] > '5' || !is_digit((unsigned char)line[1]) ||
	    !is_digit((unsigned char)line[2]))
		return SMTPC_REPLY_BAD;
	if (len > 3 && line[3] != ' ' && line[3] != '-')
		return SMTPC_REPLY_BAD;
	if (memchr(line, '\0', len) != NULL)
		return SMTPC_REPLY_BAD;
	code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
	if (r->nlines > 0 && code != r->code)
		return SMTPC_REPLY_BAD;	/* a multiline reply keeps its code */
	if (r->nlines >= SMTPC_REPLY_LINES)
		return SMTPC_REPLY_BAD;
	more = len > 3 && line[3] == '-';
	if (r->nlines == 0) {
		r->code = code;
		if (len > 4)
			smtpc_enhanced(line + 4, len - 4, code / 100,
			    r->status);
	} else {
		buf_addc(&r->text, '\n');
	}
	if (len > 4)
		buf_add(&r->text, line + 4, len - 4);
	buf_reset(&r->last);
	buf_add(&r->last, line, len);
	r->nlines++;
	return more ? SMTPC_REPLY_MORE : SMTPC_REPLY_DONE;
}
