/*
 * fuzz_mime8to7.c - the 8-bit to 7-bit MIME converter (msg/mime8to7.c)
 * on arbitrary messages.
 *
 * Input: byte 0 picks the case, the rest is the message.
 *   case 0: the rest is the body of a text/plain message: the output is
 *           7-bit and its quoted-printable body decodes to the input
 *   case 1: the same as application/octet-stream, base64
 *   else:   the rest is a whole message (headers up to the first blank
 *           line): converting the output again changes nothing (every
 *           part it encoded or relabelled stays as it is)
 * Always: the stats count the bytes written; lines of encoded parts fit
 * in 76 columns (checked through the round trips).
 */
#include "msg/mime.h"
#include "util/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct mime8to7_conf conf = {
	.charset = "utf-8", .host = "mx.example", .id = "QID",
};

static int
to_buf(void *arg, const char *p, size_t n)
{
	buf_add(arg, p, n);
	return 0;
}

static int
hexv(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* decode - the body after the first blank line, QP or base64 (CR LF
 * made LF); lines over 76 or a malformed escape abort */
static void
decode(const struct buf *out, bool qp, struct buf *dec)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = strstr(out->data, "\n\n"), *e = out->data + out->len;
	struct buf raw = BUF_INIT;
	size_t col = 0, i;
	unsigned v = 0;
	int bits = 0;

	if (p == NULL)
		abort();
	for (p += 2; p < e; p++) {
		col = *p == '\n' ? 0 : col + 1;
		if (col > 76)
			abort();
		if (qp) {
			if (*p != '=') {
				buf_addc(dec, *p);
			} else if (p + 1 < e && p[1] == '\n') {
				p++;
				col = 0;
			} else if (p + 2 < e && hexv(p[1]) >= 0 &&
			    hexv(p[2]) >= 0) {
				buf_addc(dec, hexv(p[1]) * 16 + hexv(p[2]));
				p += 2;
				col += 2;
			} else
				abort();
			continue;
		}
		if (*p == '\n' || *p == '=')
			continue;
		if (*p == '\0' || memchr(a, *p, 64) == NULL)
			abort();
		v = v << 6 | (unsigned)((const char *)memchr(a, *p, 64) - a);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(&raw, (int)(v >> bits & 0xff));
		}
	}
	for (i = 0; i < raw.len; i++)
		if (!(raw.data[i] == '\r' && i + 1 < raw.len &&
		    raw.data[i + 1] == '\n'))
			buf_addc(dec, raw.data[i]);
	buf_free(&raw);
}

static void
single(const char *body, size_t n, bool qp)
{
	const char *h = qp ? "Content-Type: text/plain\n" :
	    "Content-Type: application/octet-stream\n";
	struct mime8to7_stats st;
	struct buf out = BUF_INIT, dec = BUF_INIT;
	size_t i;

	if (mime8to7_mem(h, strlen(h), body, n, &conf, to_buf, &out, &st) != 0)
		abort();
	if (st.out_bytes != out.len || st.entities != 1)
		abort();
	for (i = 0; i < out.len; i++)
		if ((st.encoded_qp + st.encoded_b64) > 0 &&
		    ((unsigned char)out.data[i] >= 0x80 || out.data[i] == '\0'))
			abort();
	if (st.encoded_qp + st.encoded_b64 > 0) {
		decode(&out, qp, &dec);
		if (dec.len != n || (n > 0 && memcmp(dec.data, body, n) != 0))
			abort();
	} else {
		const char *p = strstr(out.data, "\n\n");

		if (p == NULL || (size_t)(out.data + out.len - p - 2) != n ||
		    (n > 0 && memcmp(p + 2, body, n) != 0))
			abort();
	}
	buf_free(&out);
	buf_free(&dec);
}

static void
whole(const char *msg, size_t n)
{
	const char *sep = NULL;
	struct mime8to7_stats st, st2;
	struct buf out = BUF_INIT, again = BUF_INIT;
	size_t hlen, i;

	for (i = 0; i + 1 < n; i++)
		if (msg[i] == '\n' && msg[i + 1] == '\n') {
			sep = msg + i;
			break;
		}
	hlen = sep != NULL ? (size_t)(sep - msg) + 1 : n;
	if (mime8to7_mem(msg, hlen, sep != NULL ? sep + 2 : NULL,
	    sep != NULL ? n - hlen - 1 : 0, &conf, to_buf, &out, &st) != 0)
		abort();
	if (st.out_bytes != out.len)
		abort();
	/* at most 3 bytes out for each in, plus headers per entity */
	if (out.len > 3 * n + 400 * (size_t)st.entities + 400)
		abort();
	sep = memmem(out.data, out.len, "\n\n", 2);	/* NULs in headers */
	hlen = sep != NULL ? (size_t)(sep - out.data) + 1 : out.len;
	if (mime8to7_mem(out.data, hlen, sep != NULL ? sep + 2 : NULL,
	    sep != NULL ? out.len - hlen - 1 : 0, &conf, to_buf, &again,
	    &st2) != 0)
		abort();
	if (!st.too_deep && (st2.encoded_qp + st2.encoded_b64 != 0 ||
	    again.len != out.len || memcmp(again.data, out.data, out.len) != 0))
		abort();
	buf_free(&out);
	buf_free(&again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 4) {
	case 0:
		single((const char *)data + 1, size - 1, true);
		break;
	case 1:
		single((const char *)data + 1, size - 1, false);
		break;
	default:
		whole((const char *)data + 1, size - 1);
	}
	return 0;
}
