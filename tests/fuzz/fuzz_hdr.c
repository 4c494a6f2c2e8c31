/*
 * fuzz_hdr.c - message intake on arbitrary bytes and chunkings: the
 * header parser, chompheader, the H-line defaults, -t's recipients and
 * the qf H lines (msg/intake.c and the hdr_*.c under it).
 *
 * Input: byte 0 picks the options (-t, -i, SMTP, SaveFromLine,
 * SevenBitInput, OldStyleHeaders, a small MaxHeadersLength,
 * NoRecipientAction), byte 1 seeds the piece sizes, the rest is the
 * message.
 *
 * Invariants: the message fed whole and fed in pieces gives the same
 * headers, body, recipients and verdict; every qf line is "H?...?Name:"
 * with a graphic ASCII name, ends in its only newline not followed by
 * a blank, and reads back (hdr_qf_parse) to a header whose qf line is
 * the same; recipients are non-empty and hold no newline; the body is
 * never longer than the input.
 */
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/option.h"
#include "msg/envelope.h"
#include "msg/intake.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char fuzz_cf_text[] =
    "V10/Berkeley\n"
    "Djmx.example.com\n"
    "DZ8.17\n"
    "H?P?Return-Path: <$g>\n"
    "HReceived: $?sfrom $s $.$?_($?s$|from $.$_)\n"
    "\t$.by $j ($v/$Z)$?r with $r$. id $i$?u\n"
    "\tfor $u; $|;\n"
    "\t$.$b\n"
    "H?D?Resent-Date: $a\n"
    "H?D?Date: $a\n"
    "H?F?Resent-From: $?x$x <$g>$|$g$.\n"
    "H?F?From: $?x$x <$g>$|$g$.\n"
    "H?x?Full-Name: $x\n"
    "H?M?Resent-Message-Id: <$t.$i@$j>\n"
    "H?M?Message-Id: <$t.$i@$j>\n"
    "Mlocal, P=/bin/true, F=lsDFM, A=true $u\n";

static struct cf *fuzz_cf;

struct fuzz_run {
	struct buf qf, body, rcpts, errors;
	int status;
};

/* fuzz_add - the recipients, in order */
static bool
fuzz_add(void *arg, const char *addr)
{
	struct fuzz_run *r = arg;

	if (addr[0] == '\0' || strchr(addr, '\n') != NULL)
		abort();
	buf_adds(&r->rcpts, addr);
	buf_addc(&r->rcpts, '|');
	return true;
}

/* fuzz_check_line - one qf line: its form, and it reads back the same */
static void
fuzz_check_line(const char *line, size_t len)
{
	const unsigned char *p = (const unsigned char *)line;
	struct hdr_list l;
	struct buf again = BUF_INIT, in = BUF_INIT;
	size_t i;

	if (len < 5 || p[0] != 'H' || p[1] != '?' || p[len - 1] != '\n')
		abort();
	for (i = 0; i + 1 < len; i++)
		if (p[i] == '\n' && p[i + 1] != ' ' && p[i + 1] != '\t')
			abort();
	p = (const unsigned char *)memchr(line + 2, '?', len - 2);
	if (p == NULL)
		abort();
	for (p++; *p != ':'; p++)
		if (*p <= ' ' || *p >= 0x7f)
			abort();
	buf_add(&in, line + 1, len - 2);
	hdr_list_init(&l);
	if (!hdr_qf_parse(&l, buf_str(&in)) || l.n != 1)
		abort();
	if (!hdr_qf_line(&l.v[0], true, &again))
		abort();
	if (again.len != len || memcmp(again.data, line, len) != 0)
		abort();
	hdr_list_free(&l);
	buf_free(&again);
	buf_free(&in);
}

/* fuzz_intake - the whole message, in pieces from seed (0: at once) */
static void
fuzz_intake(const uint8_t *msg, size_t n, unsigned opts, unsigned seed,
    struct fuzz_run *r)
{
	struct intake_conf conf;
	struct intake_sender snd;
	struct envelope env;
	struct intake in;
	size_t i, k, len;

	memset(r, 0, sizeof(*r));
	intake_conf_init(&conf, fuzz_cf);
	conf.grab_to = opts & 0x01;
	conf.ignore_dots = opts & 0x02;
	conf.smtp = opts & 0x04;
	conf.save_from_line = opts & 0x08;
	conf.seven_bit_input = opts & 0x10;
	conf.old_style_headers = opts & 0x20;
	conf.max_headers_length = (opts & 0x40) ? 512 : 0;
	conf.no_recipient_action = (opts & 0x80) ? OPT_NRA_ADD_TO :
	    OPT_NRA_NONE;
	conf.max_hop_count = 5;
	memset(&snd, 0, sizeof(snd));
	snd.paddr = "root";
	snd.user = "root";
	snd.local = true;
	snd.fullname = "Root (the) \"R\"";

	envelope_init(&env);
	snprintf(env.qid, sizeof(env.qid), "QID");
	intake_begin(&in, &env, fuzz_cf, fuzz_cf->macros, &conf, &snd,
	    1700000000);
	in.add_rcpt = fuzz_add;
	in.add_rcpt_arg = r;
	if (!(opts & 0x01))
		intake_rcpt_list(&in, "alice, bob");
	for (i = 0; i < n; i += len) {
		len = seed == 0 ? n : 1 + (seed = seed * 1103515245 + 12345) % 61;
		if (len > n - i)
			len = n - i;
		intake_feed(&in, msg + i, len, &r->body);
	}
	r->status = intake_end(&in, &r->body);
	buf_add(&r->errors, in.errors.data, in.errors.len);
	if (r->body.len > n)
		abort();
	for (k = 0; k < env.headers.n; k++) {
		size_t start = r->qf.len;

		if (hdr_qf_line(&env.headers.v[k],
		    (in.eflags & INTAKE_RESENT) != 0, &r->qf))
			fuzz_check_line(r->qf.data + start, r->qf.len - start);
	}
	intake_free(&in);
	envelope_free(&env);
}

/* fuzz_same - two bufs hold the same bytes */
static int
fuzz_same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 ||
	    memcmp(a->data, b->data, a->len) == 0);
}

static void
fuzz_free(struct fuzz_run *r)
{
	buf_free(&r->qf);
	buf_free(&r->body);
	buf_free(&r->rcpts);
	buf_free(&r->errors);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[] = "/tmp/fuzz_hdr.XXXXXX";
	struct cf_load_args la;
	FILE *f;
	int fd;

	(void)argc;
	(void)argv;
	setenv("TZ", "GMT0", 1);
	fd = mkstemp(path);
	if (fd < 0)
		abort();
	f = fdopen(fd, "w");
	fputs(fuzz_cf_text, f);
	fclose(f);
	memset(&la, 0, sizeof(la));
	la.path = path;
	la.diag = stderr;
	fuzz_cf = cf_load(&la);
	unlink(path);
	if (fuzz_cf == NULL)
		abort();
	macro_set(fuzz_cf->macros, '_', "root@localhost");
	macro_set(fuzz_cf->macros, 'v', "8.17");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_run whole, pieces;
	unsigned opts, seed;

	if (size < 2)
		return 0;
	opts = data[0];
	seed = data[1] | 1;
	fuzz_intake(data + 2, size - 2, opts, 0, &whole);
	fuzz_intake(data + 2, size - 2, opts, seed, &pieces);
	if (whole.status != pieces.status ||
	    !fuzz_same(&whole.qf, &pieces.qf) ||
	    !fuzz_same(&whole.body, &pieces.body) ||
	    !fuzz_same(&whole.rcpts, &pieces.rcpts) ||
	    !fuzz_same(&whole.errors, &pieces.errors))
		abort();
	fuzz_free(&whole);
	fuzz_free(&pieces);
	return 0;
}
