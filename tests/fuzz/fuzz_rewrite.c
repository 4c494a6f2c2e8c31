/*
 * fuzz_rewrite.c - addresses through tern's own sendmail.cf.
 *
 * Each input is an address (or a list): prescan, rulesets 3 and 0,
 * check_rcpt and check_mail, parseaddr and remotename run on it.  The
 * configuration is build/etc/mail/sendmail.cf (TERN_FUZZ_CF overrides)
 * with its host lookups replaced by the null map, so no run waits on DNS.
 */
#include "addr/crackaddr.h"
#include "addr/parseaddr.h"
#include "addr/prescan.h"
#include "addr/rewrite.h"
#include "cf/cf.h"
#include "cf/mailer.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static struct cf *fuzz_cf;
static FILE *fuzz_null;

/* fuzz_load - the configuration, once */
static struct cf *
fuzz_load(void)
{
	const char *path = getenv("TERN_FUZZ_CF");
	struct cf_load_args args;
	char fdpath[64];
	FILE *in, *out;
	int fd, c;

	if (path == NULL)
		path = "build/etc/mail/sendmail.cf";
	in = fopen(path, "r");
	if (in == NULL) {
		fprintf(stderr, "fuzz_rewrite: cannot open %s\n", path);
		exit(1);
	}
	fd = memfd_create("fuzz_rewrite_cf", 0);
	out = fdopen(dup(fd), "w");
	while ((c = getc(in)) != EOF)
		putc(c, out);
	fputs("\nKhost null\nKresolve null\n", out);
	fclose(out);
	fclose(in);
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
	memset(&args, 0, sizeof(args));
	args.path = fdpath;
	args.diag = fuzz_null;
	return cf_load(&args);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct rw_ctx ctx;
	struct addr_result res;
	struct buf out = BUF_INIT;
	struct ws *ws;
	struct prescan_cfg pc;
	char *addr;
	static const char *sets[] = { "canonify", "parse", "check_rcpt",
	    "check_mail", "check_relay", "final" };
	size_t i;

	if (fuzz_null == NULL)
		fuzz_null = fopen("/dev/null", "w");
	if (fuzz_cf == NULL && (fuzz_cf = fuzz_load()) == NULL)
		return 0;
	if (size > 4096)
		return 0;
	addr = malloc(size + 1);
	memcpy(addr, data, size);
	addr[size] = '\0';
	memset(&ctx, 0, sizeof(ctx));
	ctx.cf = fuzz_cf;
	ctx.arena = &a;
	ctx.err = fuzz_null;
	pc.opchars = cf_opchars(fuzz_cf);
	ws = malloc(sizeof(*ws));
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		int rs = cf_ruleset_find(fuzz_cf, sets[i]);

		ws->n = 0;
		if (rs >= 0 && prescan(addr, '\0', &pc, PRESCAN_NOCOMMENT, &a, ws,
		    NULL, NULL) == 0)
			rewrite(&ctx, rs, ws, 0);
		arena_reset(&a);
	}
	parseaddr(&ctx, addr, 0, &res);
	addr_result_free(&res);
	arena_reset(&a);
	remotename(&ctx, addr, mailer_find(fuzz_cf, "esmtp"), RF_HEADERADDR, &out);
	buf_reset(&out);
	crackaddr(addr, &out);
	buf_free(&out);
	free(ws);
	free(addr);
	arena_free(&a);
	return 0;
}
