/* test_mime8to7.c - 8-bit MIME to 7-bit: structure kept, and every
 * encoded part decodes (with the small decoders below) to its bytes */
#include "t.h"
#include "msg/mime.h"
#include "util/buf.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- helpers */

static int
to_buf(void *arg, const char *p, size_t n)
{
	buf_add(arg, p, n);
	return 0;
}

static int
fail_write(void *arg, const char *p, size_t n)
{
	(void)arg; (void)p; (void)n;
	errno = ENOSPC;
	return -1;
}

/* conv - headers + body through mime8to7_mem, into out (NUL-ended) */
static int
conv(const char *hdrs, const char *body, size_t blen,
    const struct mime8to7_conf *conf, struct buf *out,
    struct mime8to7_stats *st)
{
	buf_reset(out);
	return mime8to7_mem(hdrs, strlen(hdrs), body, blen, conf, to_buf, out,
	    st);
}

static int
hexv(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

/* qp_decode - RFC 2045 quoted-printable, LF line ends */
static void
qp_decode(const char *p, size_t n, struct buf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] != '=') {
			buf_addc(out, p[i]);
			continue;
		}
		if (i + 1 < n && p[i + 1] == '\n') {
			i++;
			continue;
		}
		if (i + 2 < n && hexv(p[i + 1]) >= 0 && hexv(p[i + 2]) >= 0) {
			buf_addc(out, hexv(p[i + 1]) * 16 + hexv(p[i + 2]));
			i += 2;
			continue;
		}
		buf_addc(out, '=');	/* not ours: would be a bug */
		buf_adds(out, "<BAD=>");
	}
}

/* b64_decode - base64, then CR LF back to LF */
static void
b64_decode(const char *p, size_t n, struct buf *out)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct buf raw = BUF_INIT;
	unsigned v = 0;
	int bits = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *q;

		if (p[i] == '=' || p[i] == '\n')
			continue;
		q = memchr(a, p[i], 64);
		if (q == NULL || p[i] == '\0') {
			buf_adds(&raw, "<BADB64>");
			continue;
		}
		v = v << 6 | (unsigned)(q - a);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(&raw, (int)(v >> bits & 0xff));
		}
	}
	for (i = 0; i < raw.len; i++) {
		if (raw.data[i] == '\r' && i + 1 < raw.len &&
		    raw.data[i + 1] == '\n')
			continue;
		buf_addc(out, raw.data[i]);
	}
	buf_free(&raw);
}

/* part - the body of the part whose headers hold marker: after the
 * blank line, up to "\n--bnd" (or the end when bnd is NULL) */
static bool
part(const struct buf *out, const char *marker, const char *bnd,
    const char **body, size_t *len)
{
	const char *m = strstr(out->data, marker), *b, *e;
	char d[128];

	if (m == NULL || (b = strstr(m, "\n\n")) == NULL)
		return false;
	b += 2;
	if (bnd == NULL) {
		e = out->data + out->len;
	} else {
		snprintf(d, sizeof(d), "\n--%s", bnd);
		if ((e = strstr(b, d)) == NULL)
			return false;
	}
	*body = b;
	*len = (size_t)(e - b);
	return true;
}

/* the header block of the part with marker (up to its blank line) */
static bool
part_hdrs(const struct buf *out, const char *marker, struct buf *h)
{
	const char *m = strstr(out->data, marker), *e;

	if (m == NULL || (e = strstr(m, "\n\n")) == NULL)
		return false;
	while (m > out->data && m[-1] != '\n')
		m--;
	buf_reset(h);
	buf_add(h, m, (size_t)(e - m) + 1);
	return true;
}

static bool
decodes_to(const char *enc, size_t n, bool qp, const char *want,
    size_t wlen)
{
	struct buf d = BUF_INIT;
	bool ok;

	if (qp)
		qp_decode(enc, n, &d);
	else
		b64_decode(enc, n, &d);
	ok = d.len == wlen && memcmp(d.data, want, wlen) == 0;
	if (!ok)
		fprintf(stderr, "  decoded %zu bytes, want %zu\n", d.len, wlen);
	buf_free(&d);
	return ok;
}

/* seven_bit - no byte >= 0x80 or NUL, from offset from */
static bool
seven_bit(const struct buf *b, size_t from)
{
	size_t i;

	for (i = from; i < b->len; i++)
		if ((unsigned char)b->data[i] >= 0x80 || b->data[i] == '\0')
			return false;
	return true;
}

/* longest line in [p, p+n) */
static size_t
longest(const char *p, size_t n)
{
	size_t i, cur = 0, max = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == '\n')
			cur = 0;
		else if (++cur > max)
			max = cur;
	}
	return max;
}

static const struct mime8to7_conf conf = {
	.charset = "iso-8859-1", .host = "mx.example.com", .id = "QID1",
};

/* ---- cases */

static void
test_single_text(void)
{
	const char *h = "From: a@b\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=iso-8859-1\n"
	    "Content-Transfer-Encoding: 8bit\nSubject: s\n";
	const char *body = "Gr\xfc\xdf Gott\nx = y \n\tend\t\n"
	    "From here\n.\n--not a boundary\n";
	struct buf out = BUF_INIT, hh = BUF_INIT;
	struct mime8to7_stats st;
	const char *b;
	size_t n;

	T_INTEQ(conv(h, body, strlen(body), &conf, &out, &st), 0);
	T_INTEQ(st.encoded_qp, 1);
	T_INTEQ(st.out_bytes, out.len);
	T_CHECK(seven_bit(&out, 0));
	T_CHECK(strstr(out.data, "Content-Transfer-Encoding: 8bit") == NULL);
	T_CHECK(strstr(out.data, "\nContent-Transfer-Encoding: "
	    "quoted-printable\n") != NULL);
	T_CHECK(strstr(out.data, "X-MIME-Autoconverted: from 8bit to "
	    "quoted-printable by mx.example.com id QID1\n") != NULL);
	T_CHECK(strncmp(out.data, "From: a@b\nMIME-Version: 1.0\n", 28) == 0);
	/* one MIME-Version, the Content-Type kept */
	T_CHECK(strstr(out.data + 20, "MIME-Version") == NULL);
	T_CHECK(strstr(out.data, "charset=iso-8859-1\n") != NULL);
	T_CHECK(part(&out, "Subject: s", NULL, &b, &n));
	T_CHECK(decodes_to(b, n, true, body, strlen(body)));
	/* trailing blanks encoded, "From " and "." and "--" at a start */
	T_CHECK(strstr(b, "x =3D y=20\n") != NULL);
	T_CHECK(strstr(b, "\tend=09\n") != NULL);
	T_CHECK(strstr(b, "\n=46rom here\n") != NULL);
	T_CHECK(strstr(b, "\n=2E\n") != NULL);
	T_CHECK(strstr(b, "\n=2D-not a boundary\n") != NULL);
	T_CHECK(part_hdrs(&out, "From: a@b", &hh));
	/* a soft break never leaves "--", "F" or "." at a line's start */
	{
		struct buf lb = BUF_INIT;
		size_t i, k;

		for (k = 70; k < 80; k++) {
			buf_reset(&lb);
			for (i = 0; i < k; i++)
				buf_addc(&lb, i % 9 ? 'a' : '\xe9');
			buf_adds(&lb, "--x-F.--\n");
			T_INTEQ(conv(h, lb.data, lb.len, &conf, &out, &st), 0);
			T_CHECK(strstr(out.data, "\n--") == NULL &&
			    strstr(out.data, "\n.") == NULL &&
			    strstr(out.data, "\nF") == NULL);
			T_CHECK(part(&out, "Subject: s", NULL, &b, &n));
			T_CHECK(decodes_to(b, n, true, lb.data, lb.len));
		}
		buf_free(&lb);
	}
	buf_free(&out);
	buf_free(&hh);
}

static void
test_no_mime_headers(void)
{
	const char *h = "Subject: plain\n";
	const char *body = "caf\xe9\n";
	struct buf out = BUF_INIT;
	struct mime8to7_stats st;
	struct mime8to7_conf c2 = { 0 };
	const char *b;
	size_t n;

	T_INTEQ(conv(h, body, strlen(body), &conf, &out, &st), 0);
	T_STREQ(out.data, "Subject: plain\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=iso-8859-1\n"
	    "Content-Transfer-Encoding: quoted-printable\n"
	    "X-MIME-Autoconverted: from 8bit to quoted-printable by "
	    "mx.example.com id QID1\n\ncaf=E9\n");
	/* no DefaultCharSet: unknown-8bit; no host: no X- header */
	T_INTEQ(conv(h, body, strlen(body), &c2, &out, &st), 0);
	T_STREQ(out.data, "Subject: plain\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=unknown-8bit\n"
	    "Content-Transfer-Encoding: quoted-printable\n\ncaf=E9\n");
	T_CHECK(part(&out, "Subject", NULL, &b, &n));
	T_CHECK(decodes_to(b, n, true, body, strlen(body)));
	/* a header block without its last LF, an empty one */
	buf_reset(&out);
	T_INTEQ(mime8to7_mem("Subject: x", 10, "\xff\n", 2, &c2, to_buf,
	    &out, &st), 0);
	T_STREQ(out.data, "Subject: x\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=unknown-8bit\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n=FF\n");
	buf_reset(&out);
	T_INTEQ(mime8to7_mem("", 0, "\xff", 1, &c2, to_buf, &out, &st), 0);
	T_STREQ(out.data, "MIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=unknown-8bit\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n=FF");
	buf_free(&out);
}

static void
test_seven_bit_untouched(void)
{
	const char *h = "MIME-Version: 1.0\nContent-Type: text/plain\n";
	const char *h8 = "MIME-Version: 1.0\nContent-Type: text/plain\n"
	    "Content-Transfer-Encoding: 8BIT\n";
	const char *body = "only ascii\n";
	struct buf out = BUF_INIT;
	struct mime8to7_stats st;

	T_INTEQ(conv(h, body, strlen(body), &conf, &out, &st), 0);
	T_STREQ(out.data, "MIME-Version: 1.0\nContent-Type: text/plain\n\n"
	    "only ascii\n");
	T_INTEQ(st.encoded_qp + st.encoded_b64, 0);
	T_INTEQ(conv(h8, body, strlen(body), &conf, &out, &st), 0);
	T_STREQ(out.data, "MIME-Version: 1.0\nContent-Type: text/plain\n"
	    "Content-Transfer-Encoding: 7bit\n\nonly ascii\n");
	buf_free(&out);
}

static const char mp_hdrs[] = "From: a@b\nMIME-Version: 1.0\n"
    "Content-Type: multipart/mixed;\n\tboundary=\"=_outer (x)\"\n"
    "Subject: mp\n";

static void
test_multipart(void)
{
	const char *t8 = "L\xe4nge: 5 \xb0""C\nzweite Zeile";
	const char bin[] = "\x89PNG\r\n\x1a\n\x00\x01\x02\xff\xfe line\nend";
	const char *b64 = "AAECAwQF\n";
	struct buf body = BUF_INIT, out = BUF_INIT, hh = BUF_INIT;
	struct mime8to7_stats st;
	const char *b;
	size_t n;

	buf_adds(&body, "preamble here\n--=_outer (x)\n"
	    "Content-Type: text/plain; charset=iso-8859-1\n"
	    "Content-Transfer-Encoding: 8bit\n\n");
	buf_adds(&body, t8);
	buf_adds(&body, "\n--=_outer (x)\nContent-Type: image/png\n"
	    "Content-Transfer-Encoding: binary\n\n");
	buf_add(&body, bin, sizeof(bin) - 1);
	buf_adds(&body, "\n--=_outer (x)\nContent-Type: text/plain\n\n"
	    "ascii part\n\n--=_outer (x)\nContent-Type: application/x\n"
	    "Content-Transfer-Encoding: base64\n\n");
	buf_adds(&body, b64);
	buf_adds(&body, "--=_outer (x)--\nepilogue\n");

	T_INTEQ(conv(mp_hdrs, body.data, body.len, &conf, &out, &st), 0);
	T_INTEQ(st.encoded_qp, 1);
	T_INTEQ(st.encoded_b64, 1);
	T_INTEQ(st.entities, 5);
	T_CHECK(seven_bit(&out, 0));
	/* structure: the outer headers, the delimiters, pre/epilogue */
	T_CHECK(strncmp(out.data, mp_hdrs, strlen(mp_hdrs)) == 0);
	T_CHECK(strstr(out.data, "\n\npreamble here\n--=_outer (x)\n") != NULL);
	T_CHECK(strstr(out.data, "\n--=_outer (x)--\nepilogue\n") != NULL);
	T_CHECK(strstr(out.data, "\n\nascii part\n\n--=_outer (x)\n") != NULL);
	T_CHECK(strstr(out.data, "\n\nAAECAwQF\n--=_outer (x)--") != NULL);
	/* the text part: quoted-printable, decodes to its bytes */
	T_CHECK(part(&out, "charset=iso-8859-1", "=_outer (x)", &b, &n));
	T_CHECK(decodes_to(b, n, true, t8, strlen(t8)));
	T_CHECK(longest(b, n) <= 76);
	T_CHECK(part_hdrs(&out, "charset=iso-8859-1", &hh));
	T_STREQ(hh.data, "Content-Type: text/plain; charset=iso-8859-1\n"
	    "Content-Transfer-Encoding: quoted-printable\n"
	    "X-MIME-Autoconverted: from 8bit to quoted-printable by "
	    "mx.example.com id QID1\n");
	/* the image: base64, decodes to its bytes */
	T_CHECK(part(&out, "image/png", "=_outer (x)", &b, &n));
	T_CHECK(decodes_to(b, n, false, bin, sizeof(bin) - 1));
	T_CHECK(longest(b, n) <= 76);
	T_CHECK(part_hdrs(&out, "image/png", &hh));
	T_CHECK(strstr(hh.data, "Content-Transfer-Encoding: base64\n") != NULL);
	T_CHECK(strstr(hh.data, "binary") == NULL);
	buf_free(&body);
	buf_free(&out);
	buf_free(&hh);
}

static void
test_nested(void)
{
	/* multipart/mixed > message/rfc822 > multipart/alternative; the
	 * inner one lacks its close delimiter: the outer one ends it */
	const char *h = "MIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=OUT\n";
	const char *body =
	    "--OUT\nContent-Type: text/plain\n\nhi\n"
	    "--OUT\nContent-Type: message/rfc822\n"
	    "Content-Transfer-Encoding: 8bit\n\n"
	    "Subject: inner\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/alternative; boundary=\"IN\"\n\n"
	    "--IN\nContent-Type: text/plain; charset=utf-8\n\n"
	    "\xc3\xa9t\xc3\xa9\n"
	    "--IN\nContent-Type: text/html; charset=utf-8\n\n"
	    "<p>\xc3\xa9t\xc3\xa9</p>\n"
	    "--OUT--\n";
	struct buf out = BUF_INIT;
	struct mime8to7_stats st;
	const char *b;
	size_t n;

	T_INTEQ(conv(h, body, strlen(body), &conf, &out, &st), 0);
	T_INTEQ(st.encoded_qp, 2);
	T_INTEQ(st.entities, 6);
	T_CHECK(seven_bit(&out, 0));
	T_CHECK(strstr(out.data, "Content-Type: message/rfc822\n"
	    "Content-Transfer-Encoding: 7bit\n\nSubject: inner\n") != NULL);
	T_CHECK(part(&out, "text/plain; charset=utf-8", "IN", &b, &n));
	T_CHECK(decodes_to(b, n, true, "\xc3\xa9t\xc3\xa9", 5));
	T_CHECK(part(&out, "text/html", "OUT--", &b, &n));
	T_CHECK(decodes_to(b, n, true, "<p>\xc3\xa9t\xc3\xa9</p>", 12));
	T_CHECK(strstr(out.data, "--IN\n") != NULL);
	T_CHECK(out.len > 7 && strcmp(out.data + out.len - 7, "\n--OUT--\n" + 2) == 0);
	buf_free(&out);
}

static void
test_long_lines(void)
{
	const char *h = "Content-Type: text/plain\n";
	struct buf body = BUF_INIT, out = BUF_INIT;
	struct mime8to7_stats st;
	const char *b;
	size_t n, i;

	/* 10000-byte line (pieces of MIME_SEG_MAX) with 8-bit and blanks
	 * at the piece edges, then a 7-bit line over 998 bytes */
	for (i = 0; i < 10000; i++)
		buf_addc(&body, i % 4096 == 4095 ? ' ' :
		    i % 97 == 0 ? '\xe9' : 'a' + (int)(i % 26));
	buf_addc(&body, '\n');
	for (i = 0; i < 1500; i++)
		buf_addc(&body, 'z');
	buf_adds(&body, " \n");
	T_INTEQ(conv(h, body.data, body.len, &conf, &out, &st), 0);
	T_CHECK(seven_bit(&out, 0));
	T_CHECK(part(&out, "Content-Type", NULL, &b, &n));
	T_CHECK(longest(b, n) <= 76);
	T_CHECK(decodes_to(b, n, true, body.data, body.len));
	/* only the long 7-bit line: encoded too (998) */
	buf_reset(&body);
	for (i = 0; i < 1200; i++)
		buf_addc(&body, 'q');
	T_INTEQ(conv(h, body.data, body.len, &conf, &out, &st), 0);
	T_INTEQ(st.encoded_qp, 1);
	T_CHECK(part(&out, "Content-Type", NULL, &b, &n));
	T_CHECK(decodes_to(b, n, true, body.data, body.len));
	buf_free(&body);
	buf_free(&out);
}

/* random bodies: every one decodes back, as text and as an image */
static void
test_random_roundtrip(void)
{
	const char *ht = "Content-Type: text/plain\n";
	const char *hb = "Content-Type: application/octet-stream\n";
	struct buf body = BUF_INIT, out = BUF_INIT;
	struct mime8to7_stats st;
	unsigned seed = 12345;
	int round, bad = 0;
	const char *b;
	size_t n, i, len;

	for (round = 0; round < 300; round++) {
		buf_reset(&body);
		seed = seed * 1103515245 + 12345;
		len = seed % 3000;
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			/* many LFs, CRs, blanks, '=' and 8-bit bytes */
			switch (seed >> 16 & 7) {
			case 0: buf_addc(&body, '\n'); break;
			case 1: buf_addc(&body, " \t\r=.-F"[(seed >> 8 & 7) % 7]);
				break;
			case 2: buf_addc(&body, (int)(0x80 | (seed >> 9 & 0x7f)));
				break;
			case 3: buf_addc(&body, (int)(seed >> 9 & 0xff)); break;
			default: buf_addc(&body, 'a' + (int)(seed >> 9 & 15));
			}
		}
		buf_addc(&body, '\xff');	/* always needs encoding */
		if (round & 1)
			buf_addc(&body, '\n');
		if (conv(ht, body.data, body.len, &conf, &out, &st) != 0 ||
		    !seven_bit(&out, 0) ||
		    !part(&out, "Content-Type", NULL, &b, &n) ||
		    longest(b, n) > 76 ||
		    !decodes_to(b, n, true, body.data, body.len))
			bad++;
		if (conv(hb, body.data, body.len, &conf, &out, &st) != 0 ||
		    !seven_bit(&out, 0) ||
		    !part(&out, "Content-Type", NULL, &b, &n) ||
		    longest(b, n) > 76 ||
		    !decodes_to(b, n, false, body.data, body.len))
			bad++;
	}
	T_INTEQ(bad, 0);
	buf_free(&body);
	buf_free(&out);
}

/* the df path agrees with the memory path; size counts the output */
static void
test_fd(void)
{
	struct buf body = BUF_INIT, a = BUF_INIT, b = BUF_INIT;
	struct mime8to7_stats st;
	int fd;
	size_t i;

	for (i = 0; i < 200000; i++)
		buf_addc(&body, i % 70 == 69 ? '\n' : i % 13 ? 'x' : '\xf6');
	fd = memfd_create("df", 0);
	T_CHECK(fd >= 0);
	if (fd < 0)
		return;
	T_INTEQ(write(fd, body.data, body.len), (long long)body.len);
	T_INTEQ(conv(mp_hdrs, body.data, body.len, &conf, &a, &st), 0);
	T_INTEQ(mime8to7_fd(mp_hdrs, strlen(mp_hdrs), fd, &conf, to_buf, &b,
	    &st), 0);
	T_CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	T_INTEQ(mime8to7_size(mp_hdrs, strlen(mp_hdrs), fd, &conf),
	    (long long)a.len);
	T_INTEQ(mime_has8bit("Subject: x\n", 11, fd), 1);
	T_INTEQ(mime_has8bit("Subject: \xe9\n", 11, -1), 1);
	T_INTEQ(mime_has8bit("Subject: x\n", 11, -1), -1);
	/* a write that fails stops it */
	errno = 0;
	T_INTEQ(mime8to7_fd(mp_hdrs, strlen(mp_hdrs), fd, &conf, fail_write,
	    NULL, &st), -1);
	T_INTEQ(errno, ENOSPC);
	close(fd);
	/* a bad descriptor is a read error */
	T_INTEQ(mime8to7_fd(mp_hdrs, strlen(mp_hdrs), 9999, &conf, to_buf, &b,
	    &st), -1);
	T_INTEQ(errno, EBADF);
	fd = memfd_create("df7", 0);
	T_CHECK(fd >= 0 && write(fd, "ascii\n", 6) == 6);
	T_INTEQ(mime_has8bit("Subject: x\n", 11, fd), 0);
	T_INTEQ(mime_has8bit(NULL, 0, fd), 0);
	close(fd);
	buf_free(&body);
	buf_free(&a);
	buf_free(&b);
}

/* too deep: stops descending, still 7-bit, no crash */
static void
test_depth(void)
{
	struct buf body = BUF_INIT, out = BUF_INIT;
	struct mime8to7_stats st;
	const char *h = "Content-Type: multipart/mixed; boundary=b0\n";
	int i;

	for (i = 1; i < 40; i++)
		buf_addf(&body, "--b%d\nContent-Type: multipart/mixed; "
		    "boundary=b%d\n\n", i - 1, i);
	buf_adds(&body, "--b39\n\n\xe9t\xe9\n");
	for (i = 39; i >= 0; i--)
		buf_addf(&body, "--b%d--\n", i);
	T_INTEQ(conv(h, body.data, body.len, &conf, &out, &st), 0);
	T_CHECK(st.too_deep);
	T_CHECK(seven_bit(&out, 0));
	buf_free(&body);
	buf_free(&out);
}

/* odd input: no crash, nothing lost where nothing was encoded */
static void
test_odd(void)
{
	static const char *cases[][2] = {
		{ "Content-Type: multipart/mixed; boundary=\n", "--\n\xff\n" },
		{ "Content-Type: multipart/mixed\n", "\xff\n" },
		{ "Content-Type: multipart/mixed; boundary=x\n",
		    "--x\nContent-Type: text/plain\n--x--\n" },
		{ "Content-Type: multipart/mixed; boundary=x\n", "--x" },
		{ "Content-Type: multipart/mixed; boundary=x\n",
		    "--x\n\n\xff--x--\n--x\n" },
		{ "Content-Type: (c) text / plain ; (\n", "\xe9\r\n" },
		{ "Content-Type: message/rfc822\n", "" },
		{ "Content-Type: message/rfc822\n", "Subject: x\n" },
		{ "Content-Type: text/plain\nContent-Transfer-Encoding: "
		    "base64\n", "\xff\xff\n" },
		{ "Content-Type: multipart/digest; boundary=d\n",
		    "--d\n\nSubject: in digest\n\n\xe9\n--d--\n" },
	};
	struct buf out = BUF_INIT;
	struct mime8to7_stats st;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		T_INTEQ(conv(cases[i][0], cases[i][1], strlen(cases[i][1]),
		    &conf, &out, &st), 0);
	/* the digest's part is message/rfc822 by default: walked */
	T_CHECK(strstr(out.data, "Subject: in digest\n") != NULL);
	T_CHECK(strstr(out.data, "\n=E9\n--d--\n") != NULL);
	buf_free(&out);
}

int
main(void)
{
	test_single_text();
	test_no_mime_headers();
	test_seven_bit_untouched();
	test_multipart();
	test_nested();
	test_long_lines();
	test_random_roundtrip();
	test_fd();
	test_depth();
	test_odd();
	T_DONE();
}
