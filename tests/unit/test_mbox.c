/* test_mbox.c - mail.local's message conversion, From_ escaping, From_ line */
#include "t.h"
#include "deliver/mbox_escape.h"
#include "deliver/mbox_from.h"
#include "deliver/mbox_input.h"

#include <stdlib.h>
#include <string.h>

/* convert in chunks of `step` bytes, return the output (static) */
static const char *
conv(const char *in, int lmtp, size_t step, size_t *consumed, int *done)
{
	static struct buf out = BUF_INIT;
	struct mbox_input st;
	size_t n = strlen(in), off = 0;

	buf_reset(&out);
	mbox_input_init(&st, lmtp);
	while (off < n && !st.done) {
		size_t k = n - off < step ? n - off : step;
		off += mbox_input_feed(&st, in + off, k, &out);
	}
	mbox_input_finish(&st, &out);
	if (consumed)
		*consumed = off;
	if (done)
		*done = st.done;
	return buf_str(&out);
}

static const char *
esc(const char *in, size_t step)
{
	static struct buf out = BUF_INIT;
	struct mbox_escape st;
	size_t n = strlen(in), off = 0;

	buf_reset(&out);
	mbox_escape_init(&st);
	while (off < n) {
		size_t k = n - off < step ? n - off : step;
		mbox_escape_feed(&st, in + off, k, &out);
		off += k;
	}
	mbox_escape_finish(&st, &out);
	return buf_str(&out);
}

static const struct { const char *in, *want; } input_cases[] = {
	{ "a\r\nb\r\n", "a\nb\n" },
	{ "a\rb\n", "a\rb\n" },
	{ "a\r", "a\r" },
	{ "a\r\r\n", "a\r\n" },
	{ "\xff\xfe\r\n", "\xff\xfe\n" },
	{ ".x\n", ".x\n" },			/* no unstuffing outside LMTP */
	{ "From x\n", "From x\n" },
};

static const struct { const char *in, *want; size_t used; } lmtp_cases[] = {
	{ "a\r\n.\r\nQUIT\r\n", "a\n", 6 },
	{ "..x\r\n.\r\n", ".x\n", 8 },
	{ ".\r\n", "", 3 },
	{ "a\n.\nrest", "a\n", 4 },		/* bare LF tolerated */
	{ ".x\r\n..\r\n.\r\n", "x\n.\n", 11 },
	{ "a.\r\n.\r\n", "a.\n", 7 },
	{ ".\rx\r\n.\r\n", "\rx\n", 8 },
};

static const struct { const char *in, *want; } esc_cases[] = {
	{ "From me\n", ">From me\n\n" },
	{ "Subject: x\n\nFrom here\nFrom\n>From a\nfrom b\n",
	  "Subject: x\n\n>From here\nFrom\n>From a\nfrom b\n\n" },
	{ " From x\n", " From x\n\n" },
	{ "no newline", "no newline\n\n" },
	{ "Fro", "Fro\n\n" },
	{ "From ", ">From \n\n" },
	{ "x\nFromage\n", "x\nFromage\n\n" },
	{ "", "\n" },
	{ "a\n\n", "a\n\n\n" },
};

int
main(void)
{
	size_t i, step, used;
	int done;

	for (i = 0; i < sizeof(input_cases) / sizeof(input_cases[0]); i++)
		for (step = 1; step <= 4; step++)
			T_STREQ(conv(input_cases[i].in, 0, step, NULL, NULL),
			    input_cases[i].want);
	for (i = 0; i < sizeof(lmtp_cases) / sizeof(lmtp_cases[0]); i++)
		for (step = 1; step <= 4; step++) {
			T_STREQ(conv(lmtp_cases[i].in, 1, step, &used, &done),
			    lmtp_cases[i].want);
			T_INTEQ(used, lmtp_cases[i].used);
			T_CHECK(done);
		}
	/* LMTP input that ends without the "." line is not done */
	T_STREQ(conv("a\r\n.", 1, 100, &used, &done), "a\n.");
	T_CHECK(!done);

	for (i = 0; i < sizeof(esc_cases) / sizeof(esc_cases[0]); i++)
		for (step = 1; step <= 7; step++)
			T_STREQ(esc(esc_cases[i].in, step), esc_cases[i].want);

	/* a long line passes untouched */
	{
		size_t n = 300000;
		char *big = malloc(n + 2);
		T_CHECK(big != NULL);
		memset(big, 'x', n);
		big[n] = '\n';
		big[n + 1] = '\0';
		T_INTEQ(strlen(conv(big, 1, 65536, NULL, NULL)), n + 1);
		T_INTEQ(strlen(esc(big, 4096)), n + 2);
		free(big);
	}

	{
		struct buf b = BUF_INIT;

		setenv("TZ", "UTC", 1);
		mbox_from_line(&b, "<a@b>", 0);
		T_STREQ(buf_str(&b), "From a@b Thu Jan  1 00:00:00 1970\n");
		buf_reset(&b);
		mbox_from_line(&b, "<>", 86400 * 40);
		T_STREQ(buf_str(&b), "From MAILER-DAEMON Tue Feb 10 00:00:00 1970\n");
		buf_reset(&b);
		mbox_from_line(&b, "", 0);
		T_STREQ(buf_str(&b), "From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n");
		buf_reset(&b);
		mbox_from_sender(&b, "a b\nFrom x");
		T_STREQ(buf_str(&b), "a_b_From_x");
		buf_free(&b);
	}
	T_DONE();
}
