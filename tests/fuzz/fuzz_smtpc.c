/*
 * fuzz_smtpc.c - the SMTP client's parsers on arbitrary server bytes:
 * reply lines (split at LF, as smtpc_conn.c does), the EHLO keywords of
 * every complete reply, and the DATA encoder on the same bytes.
 * Nothing may crash or read out of bounds; an encoded message must end
 * in CRLF "." CRLF and never hold a bare LF.
 */
#include "smtpc/smtpc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct smtpc_reply r;
	struct smtpc_ext x;
	struct smtpc_dot d;
	struct buf out = BUF_INIT;
	size_t i;

	smtpc_reply_init(&r);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		enum smtpc_reply_step st;

		if (len > 0 && p[len - 1] == '\r')
			len--;
		st = smtpc_reply_line(&r, p, len);
		if (st != SMTPC_REPLY_MORE) {
			if (st == SMTPC_REPLY_DONE) {
				smtpc_ehlo_parse(buf_str(&r.text), &x);
				(void)smtpc_ehlo_has_auth(&x, "PLAIN");
			}
			smtpc_reply_free(&r);
			smtpc_reply_init(&r);
		}
		p = nl ? nl + 1 : end;
	}
	smtpc_reply_free(&r);

	smtpc_dot_init(&d);
	smtpc_dot_add(&d, (const char *)data, size / 2, &out);
	smtpc_dot_add(&d, (const char *)data + size / 2, size - size / 2, &out);
	smtpc_dot_end(&d, &out);
	if (out.len < 3 || memcmp(out.data + out.len - 3, ".\r\n", 3) != 0)
		abort();
	for (i = 0; i < out.len; i++)
		if (out.data[i] == '\n' && (i == 0 || out.data[i - 1] != '\r'))
			abort();
	buf_free(&out);
	return 0;
}
