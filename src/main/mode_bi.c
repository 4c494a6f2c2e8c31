/* mode_bi.c - sendmail -bi (newaliases): rebuild the alias databases */
#include "main/mode.h"
#include "main/cmdline.h"
#include "deliver/aliasdb.h"

#include <stdio.h>

/* mode_bi - every AliasFile database from its text (deliver/aliasdb.h) */
int
mode_bi(struct cf *cf, const struct cmdline *cl)
{
	(void)cl;
	return aliasdb_newaliases(cf, stdout);
}
