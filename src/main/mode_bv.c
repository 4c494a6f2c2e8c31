/* mode_bv.c - verify addresses (sendmail -bv), without delivering */
#include "main/mode.h"
#include "main/cmdline.h"
#include "addr/parseaddr.h"
#include "cf/cf.h"
#include "cf/mailer.h"
#include "map/map.h"

#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#define BV_MAX_ALIAS_DEPTH	10	/* sendmail's MaxAliasRecursion */

struct bv {
	struct cf *cf;
	struct rw_ctx ctx;
	struct arena arena;
	struct buf deliverable;	/* printed once every address is seen */
	int status;
};

static void bv_address(struct bv *, const char *addr, int depth);

/* bv_fail - note the worst status, as sendmail's exit code */
static void
bv_fail(struct bv *bv, int status)
{
	if (bv->status == EX_OK)
		bv->status = status;
}

/* bv_alias - expand a local name through the aliases map; true if it was one */
static bool
bv_alias(struct bv *bv, const char *user, int depth)
{
	struct map *aliases = cf_map_find(bv->cf, "aliases");
	struct map_result res;
	bool found;
	char *list, *p, *next;

	if (aliases == NULL || depth >= BV_MAX_ALIAS_DEPTH)
		return false;
	map_result_init(&res);
	map_lookup(aliases, user, NULL, 0, &res);
	found = res.found;
	if (found) {
		list = xstrdup(buf_str(&res.value));
		for (p = list; p != NULL; p = next) {
			next = strchr(p, ',');
			if (next)
				*next++ = '\0';
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p)
				bv_address(bv, p, depth + 1);
		}
		free(list);
	}
	map_result_free(&res);
	return found;
}

/* bv_address - verify one address, recursing into aliases */
static void
bv_address(struct bv *bv, const char *addr, int depth)
{
	struct addr_result res;
	const char *name;

	parseaddr(&bv->ctx, addr, 0, &res);
	arena_reset(&bv->arena);
	if (res.mailer == NULL) {
		bv_fail(bv, EX_USAGE);
		goto done;
	}
	name = res.mailer->name;
	if (strcmp(name, "*error*") == 0) {
		bv_fail(bv, res.errstat);
		goto done;
	}
	if (depth == 0 && strcmp(name, "prog") == 0) {
		printf("%s... Cannot mail directly to programs\n", addr);
		bv_fail(bv, EX_UNAVAILABLE);
		goto done;
	}
	if (depth == 0 && strcmp(name, "*file*") == 0) {
		printf("%s... Cannot mail directly to files\n", addr);
		bv_fail(bv, EX_UNAVAILABLE);
		goto done;
	}
	if (strcmp(name, "local") == 0 && res.user != NULL) {
		if (bv_alias(bv, res.user, depth))
			goto done;
		if (mailer_flag(res.mailer, 'w') && getpwnam(res.user) == NULL) {
			printf("%s... User unknown\n", addr);
			bv_fail(bv, EX_NOUSER);
			goto done;
		}
	}
	buf_addf(&bv->deliverable, "%s... deliverable: mailer %s", addr, name);
	if (res.host != NULL)
		buf_addf(&bv->deliverable, ", host %s", res.host);
	buf_addf(&bv->deliverable, ", user %s\n", res.user ? res.user : "");
done:
	addr_result_free(&res);
}

int
mode_bv(struct cf *cf, const struct cmdline *cl)
{
	struct bv bv;
	int i;

	if (cl->nrcpts == 0) {
		printf("Recipient names must be specified\n");
		return EX_USAGE;
	}
	memset(&bv, 0, sizeof(bv));
	bv.cf = cf;
	bv.ctx.cf = cf;
	bv.ctx.arena = &bv.arena;
	bv.ctx.err = stdout;
	cf->diag = stdout;
	for (i = 0; i < cl->nrcpts; i++)
		bv_address(&bv, cl->rcpts[i], 0);
	fputs(buf_str(&bv.deliverable), stdout);
	buf_free(&bv.deliverable);
	arena_free(&bv.arena);
	return bv.status;
}
