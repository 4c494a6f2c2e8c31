/*
 * fuzz_prescan.c - prescan (every mode), prescan_invalid, crackaddr and
 * addrlist on arbitrary bytes.  The first byte picks the OperatorChars;
 * the rest, cut at its first NUL, is the text.
 *
 * Invariants: tokens are non-empty arena strings, never the operator
 * pointers, at most WS_MAXTOK, and in address modes at most
 * PRESCAN_BUFSIZE bytes with terminators; a fatal error leaves the
 * workspace as it was; endp is the delimiter or the NUL; diagnostics
 * are whole lines; a delimited scan always moves on; crackaddr's
 * template fits CRACKADDR_MAX and has $g where it says; addrlist's
 * spans lie in the text and end where prescan's ',' scan ends.
 */
#include "addr/addrlist.h"
#include "addr/crackaddr.h"
#include "addr/prescan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const fuzz_ops[] = {
	NULL, ".:%@!^/[]+", "", ".:@[]\\\"()<>,; \t\xff\x01", "*=a$",
};

static struct arena fuzz_arena = ARENA_INIT;
static struct ws fuzz_ws;

/* fuzz_check_ws - the workspace invariants after one prescan */
static void
fuzz_check_ws(int rc, size_t n0, int flags)
{
	size_t i, bytes = 0;

	if (rc != 0 && rc != -1)
		abort();
	if (fuzz_ws.n > WS_MAXTOK || fuzz_ws.tok[fuzz_ws.n] != NULL)
		abort();
	if (rc == -1 && fuzz_ws.n != n0)
		abort();
	for (i = n0; i < fuzz_ws.n; i++) {
		const char *t = fuzz_ws.tok[i];

		if (t == NULL || t[0] == '\0' || tok_is_op(t))
			abort();
		bytes += strlen(t) + 1;
	}
	if (!(flags & PRESCAN_CF) && bytes > PRESCAN_BUFSIZE)
		abort();
}

/* fuzz_check_err - diagnostics are whole lines */
static void
fuzz_check_err(const struct buf *err)
{
	if (err->len > 0 && err->data[err->len - 1] != '\n')
		abort();
}

/* fuzz_prescan - one mode over the whole text, as a list when delim */
static void
fuzz_prescan(const char *s, size_t len, const struct prescan_cfg *cfg,
    int flags, int delim)
{
	const char *p = s, *endp;
	struct buf err = BUF_INIT;
	int rounds = 0;

	for (;;) {
		fuzz_ws.n = 0;
		fuzz_ws.tok[0] = NULL;
		int rc = prescan(p, delim, cfg, flags, &fuzz_arena, &fuzz_ws,
		    &endp, &err);

		fuzz_check_ws(rc, 0, flags);
		fuzz_check_err(&err);
		if (endp < p || endp > s + len)
			abort();
		/* a blank delimiter stands for any blank */
		if (rc == 0 && *endp != '\0' && (unsigned char)*endp !=
		    (unsigned)delim && !(delim == ' ' &&
		    strchr(" \t\n\v\f\r", *endp) != NULL))
			abort();
		if (delim == '\0' || *endp == '\0')
			break;
		p = endp + 1;
		if (++rounds > (int)len + 1)
			abort();	/* must move on */
		arena_reset(&fuzz_arena);
	}
	buf_free(&err);
	arena_reset(&fuzz_arena);
}

/* fuzz_addrlist - spans in bounds and where prescan ends them */
static void
fuzz_addrlist(const char *s, size_t len, const struct prescan_cfg *cfg,
    int flags)
{
	struct addrlist al = ADDRLIST_INIT;
	size_t i;

	addrlist_parse(s, flags, &al);
	for (i = 0; i < al.n; i++) {
		const struct addrlist_ent *e = &al.ent[i];
		const char *endp;

		if (e->off + e->len > len ||
		    e->mbox_off + e->mbox_len > e->off + e->len ||
		    e->mbox_off < e->off ||
		    e->spec_off + e->spec_len > e->off + e->len ||
		    e->name_off + e->name_len > e->off + e->len ||
		    e->group_off + e->group_len > len)
			abort();
		if (i > 0 && e->off < al.ent[i - 1].off + al.ent[i - 1].len)
			abort();
		if (flags & ADDRLIST_OLDSTYLE)
			continue;
		fuzz_ws.n = 0;
		fuzz_ws.tok[0] = NULL;
		if (prescan(s + e->off, ',', cfg, PRESCAN_NOERR, &fuzz_arena,
		    &fuzz_ws, &endp, NULL) == 0 && endp != s + e->off + e->len)
			abort();
		arena_reset(&fuzz_arena);
	}
	addrlist_free(&al);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prescan_cfg cfg;
	struct buf out = BUF_INIT, err = BUF_INIT;
	char *s;
	size_t len;
	long at;

	if (size == 0)
		return 0;
	cfg.opchars = fuzz_ops[data[0] % (sizeof(fuzz_ops) / sizeof(fuzz_ops[0]))];
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	len = strlen(s);

	fuzz_prescan(s, len, &cfg, 0, '\0');
	fuzz_prescan(s, len, &cfg, 0, ',');
	fuzz_prescan(s, len, &cfg, PRESCAN_NOCOMMENT, ',');
	fuzz_prescan(s, len, &cfg, PRESCAN_NOCOMMENT | PRESCAN_NOERR, ' ');
	fuzz_prescan(s, len, &cfg, PRESCAN_CF, '\0');
	fuzz_prescan(s, len, &cfg, PRESCAN_CF, '\t');

	(void)prescan_invalid(s, s, &err);
	fuzz_check_err(&err);
	buf_reset(&err);
	(void)prescan_invalid(s, NULL, &err);
	fuzz_check_err(&err);

	at = crackaddr_at(s, &out);
	if (out.len > CRACKADDR_MAX)
		abort();
	if (at >= 0 && ((size_t)at + 2 > out.len || out.data[at] != '$' ||
	    out.data[at + 1] != 'g'))
		abort();

	fuzz_addrlist(s, len, &cfg, 0);
	fuzz_addrlist(s, len, &cfg, ADDRLIST_OLDSTYLE);

	buf_free(&out);
	buf_free(&err);
	free(s);
	return 0;
}
