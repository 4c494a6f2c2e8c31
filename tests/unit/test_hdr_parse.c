/*
 * test_hdr_parse.c - the byte stream into header lines and body
 * (msg/hdr_parse.c), table-driven; every case fed whole, byte by byte
 * and in odd pieces must give the same result.  Long lines, 1 MB of
 * header and 100,000 continuation lines in bounded time.
 */
#include "t.h"
#include "msg/intake.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pcase {
	const char *name;
	const char *in;		/* the message (NUL-free; see nul cases) */
	int flags;
	long max;
	const char *lines;	/* "H:...|F:...|" each line, '|' after */
	const char *body;
	int state;		/* the state after the end */
};

static const struct pcase pcases[] = {
	{ "basic", "Subject: a\nTo: b\n\nbody\n", 0, 0,
	  "H:Subject: a|H:To: b|", "body\n", HDR_PARSE_BODY },
	{ "crlf", "Subject: a\r\nX: b\r\n c\r\n\r\nbody\r\nl2\r\n", 0, 0,
	  "H:Subject: a|H:X: b\n c|", "body\nl2\n", HDR_PARSE_BODY },
	{ "bare cr kept", "Subject: a\rb\nX: c\r\r\n\nbo\rdy\n", 0, 0,
	  "H:Subject: a\rb|H:X: c|", "bo\rdy\n", HDR_PARSE_BODY },
	{ "folded", "S: a\n  b\n\tc\nT: d\n \n\t\nU: e\n\nx\n", 0, 0,
	  "H:S: a\n  b\n\tc|H:T: d\n \n\t|H:U: e|", "x\n", HDR_PARSE_BODY },
	{ "no header", "just body\nline 2\n", 0, 0,
	  "", "just body\nline 2\n", HDR_PARSE_BODY },
	{ "first no colon", "hello world\nSubject: x\n\nb\n", 0, 0,
	  "", "hello world\nSubject: x\n\nb\n", HDR_PARSE_BODY },
	{ "middle no colon", "S: x\nnot one\nT: y\n\nb\n", 0, 0,
	  "H:S: x|", "not one\nT: y\n\nb\n", HDR_PARSE_BODY },
	{ "unix from", "From a@b Mon Jan  1 00:00:00 2001\nS: x\n\nb\n", 0, 0,
	  "F:From a@b Mon Jan  1 00:00:00 2001|H:S: x|", "b\n",
	  HDR_PARSE_BODY },
	{ "save from", "From a@b Mon Jan  1 00:00:00 2001\nS: x\n\nb\n",
	  HDR_PARSE_SAVE_FROM, 0,
	  "", "From a@b Mon Jan  1 00:00:00 2001\nS: x\n\nb\n",
	  HDR_PARSE_BODY },
	{ "From: is a header", "From: a\nS: x\n\nb\n", 0, 0,
	  "H:From: a|H:S: x|", "b\n", HDR_PARSE_BODY },
	{ "second From line", "S: x\nFrom a b\n\nb\n", 0, 0,
	  "H:S: x|", "From a b\n\nb\n", HDR_PARSE_BODY },
	{ "empty", "", 0, 0, "", "", HDR_PARSE_BODY },
	{ "no newline lost", "Subject: no newline", 0, 0, "", "",
	  HDR_PARSE_BODY },
	{ "only headers", "S: a\nT: b\n", 0, 0, "H:S: a|H:T: b|", "",
	  HDR_PARSE_BODY },
	{ "body no newline", "S: a\n\nbody", 0, 0, "H:S: a|", "body",
	  HDR_PARSE_BODY },
	{ "space colon", "Subject : a\nX\t: b\n\nc\n", 0, 0,
	  "H:Subject : a|H:X\t: b|", "c\n", HDR_PARSE_BODY },
	{ "8bit name ends", "S: x\nX-Caf\xc3\xa9: v\n\nb\n", 0, 0,
	  "H:S: x|", "X-Caf\xc3\xa9: v\n\nb\n", HDR_PARSE_BODY },
	{ "8bit value", "S: caf\xc3\xa9 \x80\xff\n\nb\n", 0, 0,
	  "H:S: caf\xc3\xa9 \x80\xff|", "b\n", HDR_PARSE_BODY },
	{ "dashdash", "S: x\n--b: y\n\nb\n", 0, 0, "H:S: x|", "--b: y\n\nb\n",
	  HDR_PARSE_BODY },
	{ "ctl in name", "S: x\nX-C\x01t: y\n\nb\n", 0, 0, "H:S: x|",
	  "X-C\x01t: y\n\nb\n", HDR_PARSE_BODY },
	{ "del in name is chomp's", "X-D\x7f: y\n\nb\n", 0, 0,
	  "H:X-D\x7f: y|", "b\n", HDR_PARSE_BODY },
	{ "colon only", ": x\nS: y\n\nb\n", 0, 0, "", ": x\nS: y\n\nb\n",
	  HDR_PARSE_BODY },
	{ "leading blank", " x\nS: y\n\nb\n", 0, 0, "", " x\nS: y\n\nb\n",
	  HDR_PARSE_BODY },
	{ "name 100",
	  "X-nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn: v\nT: b\n\nx\n",
	  0, 0,
	  "H:X-nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn: v|H:T: b|",
	  "x\n", HDR_PARSE_BODY },
	{ "name 101 ends the header, line glued",
	  "X-nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn: v\r\nT: b\n\nx\n",
	  0, 0, "",
	  "X-nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn: vT: b\n\nx\n",
	  HDR_PARSE_BODY },
	{ "dots -bm", "S: d\n\n.x\n..y\n...\nline\n.\nafter\n", 0, 0,
	  "H:S: d|", ".x\n.y\n..\nline\n", HDR_PARSE_DONE },
	{ "dots crlf -bm", "S: d\r\n\r\n..y\r\n.\r\nafter\r\n", 0, 0,
	  "H:S: d|", ".y\n", HDR_PARSE_DONE },
	{ "dots -i", "S: d\n\n.x\n..y\n.\nafter\n", HDR_PARSE_IGNORE_DOTS, 0,
	  "H:S: d|", ".x\n..y\n.\nafter\n", HDR_PARSE_BODY },
	{ "dots smtp", "S: d\n\n..y\n.\n", HDR_PARSE_SMTP, 0,
	  "H:S: d|", "..y\n.\n", HDR_PARSE_BODY },
	{ "dot in header", "S: d\n.\nT: b\n\nx\n", 0, 0, "H:S: d|", "",
	  HDR_PARSE_DONE },
	{ "dot cr x", "S: d\n\n.\rx\n", 0, 0, "H:S: d|", ".\rx\n",
	  HDR_PARSE_BODY },
	{ "too large", "S: 123456789\nT: x\n\nb\n", 0, 16, "H:S: 123456789|",
	  "", HDR_PARSE_DISCARD },
	{ "blank counts", "S: 12345678\n\nbody\n", 0, 12, "H:S: 12345678|", "",
	  HDR_PARSE_DISCARD },
	{ "fits", "S: 12345678\n\nbody\n", 0, 13, "H:S: 12345678|", "body\n",
	  HDR_PARSE_BODY },
	{ "from line counts", "From x\nS: 1\n\nb\n", 0, 12, "F:From x|H:S: 1|",
	  "", HDR_PARSE_DISCARD },
	{ "seven bit", "S: \xe9\xa0x\n\n\xe9\n", HDR_PARSE_SEVEN_BIT, 0,
	  "H:S: i x|", "i\n", HDR_PARSE_BODY },
	{ "7bit peek raw", "S: a\n\xa0x: b\n\nc\n", HDR_PARSE_SEVEN_BIT, 0,
	  "H:S: a|", " x: b\n\nc\n", HDR_PARSE_BODY },
};

/* run - parse in pieces of chunk bytes (0: whole); the result as text */
static void
run(const char *in, size_t len, int flags, long max, size_t chunk,
    struct buf *lines, struct buf *body, int *state)
{
	struct hdr_parse p;
	const struct hdr_parse_line *l;
	size_t i, n;

	hdr_parse_init(&p, flags, max);
	for (i = 0; i < len || (i == 0 && len == 0); i += n) {
		n = chunk == 0 ? len : chunk;
		if (n > len - i)
			n = len - i;
		hdr_parse_feed(&p, in + i, n, body);
		while ((l = hdr_parse_next(&p)) != NULL) {
			buf_adds(lines, l->kind == HDR_LINE_UNIXFROM ? "F:" : "H:");
			buf_add(lines, l->text, l->len);
			buf_addc(lines, '|');
		}
		if (len == 0)
			break;
	}
	hdr_parse_end(&p, body);
	while ((l = hdr_parse_next(&p)) != NULL) {
		buf_adds(lines, l->kind == HDR_LINE_UNIXFROM ? "F:" : "H:");
		buf_add(lines, l->text, l->len);
		buf_addc(lines, '|');
	}
	*state = p.state;
	hdr_parse_free(&p);
}

static void
test_table(void)
{
	static const size_t chunks[] = { 0, 1, 2, 3, 7, 64 };
	size_t i, c;

	for (i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++) {
		const struct pcase *tc = &pcases[i];

		for (c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
			struct buf lines = BUF_INIT, body = BUF_INIT;
			int state;

			run(tc->in, strlen(tc->in), tc->flags, tc->max, chunks[c],
			    &lines, &body, &state);
			if (strcmp(buf_str(&lines), tc->lines) != 0 ||
			    strcmp(buf_str(&body), tc->body) != 0 ||
			    state != tc->state)
				fprintf(stderr, "case %s, chunk %zu\n", tc->name,
				    chunks[c]);
			T_STREQ(buf_str(&lines), tc->lines);
			T_STREQ(buf_str(&body), tc->body);
			T_INTEQ(state, tc->state);
			buf_free(&lines);
			buf_free(&body);
		}
	}
}

static void
test_nul(void)
{
	static const char in[] = "S: a\0b\nX-N\0ul: c\n\nbo\0dy\n";
	struct buf lines = BUF_INIT, body = BUF_INIT;
	int state;

	/* NULs are dropped in the header, kept in the body */
	run(in, sizeof(in) - 1, 0, 0, 0, &lines, &body, &state);
	T_STREQ(buf_str(&lines), "H:S: ab|H:X-Nul: c|");
	T_INTEQ(body.len, 6);
	T_CHECK(memcmp(body.data, "bo\0dy\n", 6) == 0);
	buf_free(&lines);
	buf_free(&body);
}

static void
test_isheader(void)
{
	static const struct { const char *s; bool want; } t[] = {
		{ "Subject: x\n", true }, { "Subject:", true },
		{ "Subject : x", true }, { "Subject\t:x", true },
		{ "Subject x", false }, { ": x", false }, { "", false },
		{ "--x: y", false }, { "-x: y", true }, { "X\x7f: y", true },
		{ "X\x80: y", false }, { "X\x01: y", false },
		{ " X: y", false }, { "X\n: y", true }, { "X", false },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		T_INTEQ(hdr_parse_isheader(t[i].s, strlen(t[i].s)), t[i].want);
}

/* test_long_lines - header lines around sendmail's buffer sizes */
static void
test_long_lines(void)
{
	static const size_t sizes[] = { 998, 999, 1000, 1001, 2046, 2047,
	    2048, 2049, 4095, 4096, 10000 };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct buf in = BUF_INIT, lines = BUF_INIT, body = BUF_INIT;
		struct buf want = BUF_INIT;
		int state;

		buf_adds(&in, "X-Long: ");
		while (in.len < sizes[i])
			buf_addc(&in, 'x');
		buf_adds(&want, "H:");
		buf_add(&want, in.data, in.len);
		buf_adds(&want, "|H:Subject: after|");
		buf_adds(&in, "\nSubject: after\n\nbody\n");
		run(in.data, in.len, 0, 0, 5, &lines, &body, &state);
		T_STREQ(buf_str(&lines), buf_str(&want));
		T_STREQ(buf_str(&body), "body\n");
		buf_free(&in);
		buf_free(&lines);
		buf_free(&body);
		buf_free(&want);
	}
}

/* test_huge - 1 MB of header and 100,000 continuation lines: linear time */
static void
test_huge(void)
{
	struct buf in = BUF_INIT, lines = BUF_INIT, body = BUF_INIT;
	struct hdr_parse p;
	const struct hdr_parse_line *l;
	clock_t t0 = clock();
	size_t i, n = 0, total = 0;
	int state;

	for (i = 0; i < 10486; i++) {
		size_t start = in.len;

		buf_addf(&in, "X-H%05zu: ", i);
		while (in.len - start < 99)
			buf_addc(&in, 'v');
		buf_addc(&in, '\n');
	}
	buf_adds(&in, "\nbody\n");
	hdr_parse_init(&p, 0, 0);
	for (i = 0; i < in.len; i += 4096)
		hdr_parse_feed(&p, in.data + i,
		    in.len - i < 4096 ? in.len - i : 4096, &body);
	hdr_parse_end(&p, &body);
	while ((l = hdr_parse_next(&p)) != NULL) {
		n++;
		total += l->len;
	}
	T_INTEQ(n, 10486);
	T_INTEQ(total, 10486 * 99);
	T_STREQ(buf_str(&body), "body\n");
	T_INTEQ(p.state, HDR_PARSE_BODY);
	hdr_parse_free(&p);

	/* the same with sendmail's 32768 limit: too large */
	buf_reset(&body);
	run(in.data, in.len, 0, 32768, 65536, &lines, &body, &state);
	T_INTEQ(state, HDR_PARSE_DISCARD);
	T_INTEQ(body.len, 0);

	/* 100,000 continuation lines: one header */
	buf_reset(&in);
	buf_reset(&lines);
	buf_adds(&in, "X-Cont: start\n");
	for (i = 0; i < 100000; i++)
		buf_adds(&in, " c\n");
	buf_adds(&in, "Subject: after\n\nbody\n");
	hdr_parse_init(&p, 0, 0);
	hdr_parse_feed(&p, in.data, in.len, &body);
	hdr_parse_end(&p, &body);
	l = hdr_parse_next(&p);
	T_CHECK(l != NULL && l->len == strlen("X-Cont: start") + 100000 * 3);
	l = hdr_parse_next(&p);
	T_CHECK(l != NULL && strcmp(l->text, "Subject: after") == 0);
	hdr_parse_free(&p);

	/* under the sanitizers, well within a few seconds */
	T_CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 10.0);
	buf_free(&in);
	buf_free(&lines);
	buf_free(&body);
}

/* test_hard_max - MaxHeadersLength=0 still stops somewhere */
static void
test_hard_max(void)
{
	struct hdr_parse p;
	struct buf body = BUF_INIT;
	char chunk[1024];
	int i;

	memset(chunk, 'x', sizeof(chunk));
	hdr_parse_init(&p, 0, 0);
	p.hard_max = 100000;
	hdr_parse_feed(&p, "X: ", 3, &body);
	for (i = 0; i < 200; i++)
		hdr_parse_feed(&p, chunk, sizeof(chunk), &body);
	hdr_parse_end(&p, &body);
	T_CHECK(p.toobig);
	T_STREQ(p.error, "552 5.6.0 Headers too large");
	T_INTEQ(p.msgsize, 3 + 200 * 1024);
	hdr_parse_free(&p);

	hdr_parse_init(&p, 0, 32768);
	for (i = 0; i < 40; i++)
		hdr_parse_feed(&p, chunk, sizeof(chunk), &body);
	T_STREQ(p.error, "552 5.6.0 Headers too large (32768 max)");
	hdr_parse_free(&p);
	buf_free(&body);
}

/*
 * test_body_model - SMTP bodies of random lines (CR, LF, dots, 8-bit
 * bytes) in random pieces: the body is the input with each CR LF made
 * LF and nothing else changed, as the byte-at-a-time machine makes it
 */
static void
test_body_model(void)
{
	static const char alphabet[] = "ab.\r\n\xc3 ";
	struct buf in = BUF_INIT, want = BUF_INIT, body = BUF_INIT;
	struct hdr_parse p;
	unsigned seed = 12345;
	size_t i, n, len, chunk, bad = 0;
	bool high;
	int round;

	for (round = 0; round < 2000; round++) {
		buf_reset(&in);
		buf_reset(&want);
		buf_reset(&body);
		buf_adds(&in, "Subject: x\r\n\r\n");
		len = (seed = seed * 1103515245 + 12345) >> 16 & 255;
		high = false;
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			buf_addc(&in, alphabet[(seed >> 16) % (sizeof(alphabet) - 1)]);
		}
		buf_adds(&in, "\r\n");
		/* the model: skip the header, CR LF -> LF */
		for (i = strlen("Subject: x\r\n\r\n"); i < in.len; i++) {
			if (in.data[i] == '\r' && i + 1 < in.len &&
			    in.data[i + 1] == '\n')
				continue;
			if (in.data[i] & 0x80)
				high = true;
			buf_addc(&want, in.data[i]);
		}
		seed = seed * 1103515245 + 12345;
		chunk = 1 + (seed >> 16) % 40;
		hdr_parse_init(&p, HDR_PARSE_SMTP, 0);
		for (i = 0; i < in.len; i += n) {
			n = in.len - i < chunk ? in.len - i : chunk;
			hdr_parse_feed(&p, in.data + i, n, &body);
		}
		hdr_parse_end(&p, &body);
		if (body.len != want.len ||
		    memcmp(body.data, want.data, want.len) != 0 ||
		    p.has8bit != high || p.state != HDR_PARSE_BODY)
			bad++;
		hdr_parse_free(&p);
	}
	T_INTEQ(bad, 0);
	buf_free(&in);
	buf_free(&want);
	buf_free(&body);
}

int
main(void)
{
	test_table();
	test_nul();
	test_isheader();
	test_long_lines();
	test_huge();
	test_hard_max();
	test_body_model();
	T_DONE();
}
